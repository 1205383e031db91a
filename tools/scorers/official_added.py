"""SEED-Bench, OCRBench, MMMU and EgoSchema, scored by lmms-eval's task files (and MMMU's own eval_utils.py).

MMMU's multiple-choice reader and EgoSchema's reader draw a letter from Python's global `random` when they
find none in a reply; which letter depends on every earlier draw of the run. Both are loaded with
PinnedChoice in place of that module, so the draw becomes the rule our scorers use for such replies (the
letter at crc32(sample id) mod n); everything else runs as published.
"""
import contextlib
import io
import os
import zlib

import corpus
from official_loader import load


class PinnedChoice:
    """Stands in for `random` inside an official file: choice() is the deterministic rule of our scorers."""

    def __init__(self):
        self.key = ""
        self.used = False

    def choice(self, seq):
        self.used = True
        return seq[zlib.crc32(self.key.encode("utf-8")) % len(seq)]


def _quiet(fn, *args):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def seedbench(src, tmp):
    """lmms-eval seedbench/utils.py: seed_process_result per reply, seed_aggregation_result per data type."""
    sb = load(src.path("lmms", "lmms_eval/tasks/seedbench/utils.py"))
    items = corpus.letter_cases(4)
    per = {"image": [], "video": [], "all": []}
    for i, c in enumerate(items):
        c["category"] = ["image", "video"][i % 2]
        doc = {"question_id": str(i), "answer": c["answer"], "data_type": c["category"]}
        r = sb.seed_process_result(doc, [c["reply"]])
        per[c["category"]].append(r["seed_" + c["category"]])
        per["all"].append(r["seed_all"])
        c["official"] = {"parsed": r["seed_all"]["pred"], "score": int(sb.seed_aggregation_result([r["seed_all"]]))}
    agg = {"accuracy": 100 * sb.seed_aggregation_result(per["all"])}
    for t in ["image", "video"]:
        agg[t + "/accuracy"] = 100 * sb.seed_aggregation_result(per[t])
    return items, agg


def ocrbench(src, tmp):
    """lmms-eval ocrbench/utils.py: ocrbench_process_results per reply, ocrbench_aggregate_accuracy."""
    sink = {"generate_submission_file": lambda name, args, subpath=None: os.path.join(tmp, name)}
    ob = load(src.path("lmms", "lmms_eval/tasks/ocrbench/utils.py"), sink)
    items = corpus.ocr_cases(list(ob.OCRBench_score))
    results = []
    for c in items:
        doc = {"answer": c["answers"], "dataset": c["dataset"], "question_type": c["category"]}
        r = ob.ocrbench_process_results(doc, [c["reply"]])["ocrbench_accuracy"]
        results.append(r)
        c["official"] = {"score": r["score"]}
    acc = ob.ocrbench_aggregate_accuracy(results, None)
    agg = {"accuracy": 100 * acc, "final_score": float(sum(ob.OCRBench_score.values()))}
    for t, v in ob.OCRBench_score.items():
        agg[t + "/score"] = float(v)
    return items, agg


def mmmu(src, tmp):
    """lmms-eval mmmu/utils.py (with _task_utils/mmmu_mcq_utils.py) per reply, mmmu_aggregate_results; open
    replies are judged on parse_open_response's whole list, as MMMU's eval_utils.py judges them (lmms-eval
    since 736454b keeps only str() of its first element, see MmmuScorer); MMMU's own eval_utils.py must agree."""
    pick = PinnedChoice()
    mcq = load(src.path("lmms", "lmms_eval/tasks/_task_utils/mmmu_mcq_utils.py"))
    mcq.parse_mmmu_multi_choice_response.__globals__["random"] = pick
    mu = load(src.path("lmms", "lmms_eval/tasks/mmmu/utils.py"),
              {"parse_mmmu_multi_choice_response": mcq.parse_mmmu_multi_choice_response,
               "shared_get_multi_choice_info": mcq.get_multi_choice_info})
    own = load(src.path("mmmu", "mmmu/utils/eval_utils.py"))
    subjects = ["Art_Theory", "Math", "Computer_Science", "Clinical_Medicine"]
    items = [dict(c, kind="multiple-choice") for c in corpus.letter_cases(5) + corpus.mmmu_choice_cases()]
    items += [dict(c, kind="open") for c in corpus.mmmu_open_cases()]
    samples = []
    for i, c in enumerate(items):
        c["category"] = subjects[i % len(subjects)]
        doc = {"id": "validation_%s_%d" % (c["category"], i), "question_type": c["kind"], "answer": c["answer"],
               "options": repr(c.get("options", []))}
        pick.key, pick.used = doc["id"], False
        r = mu.mmmu_process_results(doc, [c["reply"]])["mmmu_acc"]
        c["sample_id"] = doc["id"]
        if c["kind"] == "open":
            parsed = mu.parse_open_response(c["reply"])
            r["parsed_pred"] = [parsed]
            assert sorted(map(repr, parsed)) == sorted(map(repr, own.parse_open_response(c["reply"])))
            assert own.eval_open(c["answer"], parsed) == mu.eval_open(c["answer"], parsed)
        samples.append(r)
        score = int(mu.evaluate_mmmu([r])[1]["acc"])
        c["official"] = {"score": score}
        if c["kind"] != "open":
            c["official"].update(parsed=r["parsed_pred"][0], random=pick.used)
    return items, {"accuracy": 100 * _quiet(mu.mmmu_aggregate_results, samples)}


def egoschema(src, tmp):
    """lmms-eval egoschema/utils.py: egoschema_process_results_generation, egoschema_aggregate_score."""
    pick = PinnedChoice()
    eg = load(src.path("lmms", "lmms_eval/tasks/egoschema/utils.py"))
    eg.parse_multi_choice_response.__globals__["random"] = pick
    items = corpus.ego_cases()
    results = []
    for i, c in enumerate(items):
        doc = {"video_idx": "v%d" % i, "answer": str("ABCDE".index(c["answer"])),
               "option": ["%s. %s" % ("ABCDE"[k], o) for k, o in enumerate(c["options"])]}
        pick.key, pick.used = doc["video_idx"], False
        r = eg.egoschema_process_results_generation(doc, [c["reply"]])["score"]
        results.append(r)
        c["sample_id"] = doc["video_idx"]
        c["official"] = {"parsed": "ABCDE"[r["pred"]] if r["pred"] >= 0 else "", "random": pick.used,
                         "score": int(str(r["pred"]) == r["ground_truth"])}
    return items, {"accuracy": 100 * eg.egoschema_aggregate_score(results, None)}
