"""MMBench (VLMEvalKit, circular), MVBench and Video-MME (lmms-eval), scored by the official code."""
import contextlib
import io
import json
import os
import re

import pandas as pd

import corpus
from official_loader import load

STYLES = [
    lambda l, t: l, lambda l, t: "(%s) %s" % (l, t), lambda l, t: "The correct answer is **%s**" % l,
    lambda l, t: t, lambda l, t: "%s. %s" % (l, t), lambda l, t: "Answer: %s" % l,
    lambda l, t: "I think the answer is %s because it is a %s." % (l, t), lambda l, t: l + "\n",
    lambda l, t: "A %s" % t, lambda l, t: "The answer is %s. It is not A." % l, lambda l, t: "**%s**" % l,
    lambda l, t: l.lower(), lambda l, t: "Option %s: %s" % (l, t),
]


def _mmbench_groups():
    """(group id, options, gold index, replies per rotation): styled answers, then every pool reply alone."""
    groups = []
    for s, style in enumerate(STYLES):
        for o, opts in enumerate(corpus.OPTION_SETS):
            opts = opts[:4]
            for wrong_last in (False, True):
                gold = (s + o) % len(opts)
                replies = []
                for k in range(len(opts)):
                    rotated = opts[k:] + opts[:k]
                    idx = (gold - k) % len(opts)
                    if wrong_last and k == len(opts) - 1:
                        idx = (idx + 1) % len(opts)
                    replies.append(style("ABCD"[idx], rotated[idx]))
                groups.append(("s%d_o%d_w%d" % (s, o, wrong_last), opts, gold, replies))
    for i, reply in enumerate(corpus.LETTERS):
        opts = corpus.OPTION_SETS[i % len(corpus.OPTION_SETS)][:4]
        groups.append(("p%d" % i, opts, i % len(opts), [reply] * len(opts)))
    return groups


def mmbench(src, tmp):
    """VLMEvalKit exact matching: can_infer per rotation, prefetch_circular_group per question."""
    os.environ.pop("VERBOSE", None)
    mu = load(src.path("vlmevalkit", "vlmeval/utils/matching_util.py"))
    mc = load(src.path("vlmevalkit", "vlmeval/dataset/utils/multiple_choice.py"),
              {"can_infer": mu.can_infer, "pd": pd})
    items, hits, vanilla = [], [], []
    for gid, opts, gold, replies in _mmbench_groups():
        rows = []
        for k, reply in enumerate(replies):
            rotated = opts[k:] + opts[:k]
            gt = "ABCD"[(gold - k) % len(opts)]
            row = {"prediction": reply.strip(), "GT": gt}
            row.update({"ABCD"[j]: t for j, t in enumerate(rotated)})
            rows.append(row)
            parsed = mu.can_infer(reply.strip(), {"ABCD"[j]: t for j, t in enumerate(rotated)})
            items.append({"id": "%s#r%d" % (gid, k), "group": gid, "reply": reply, "options": rotated,
                          "answer": gt, "category": "c%d" % (len(opts) % 2),
                          "official": {"parsed": parsed or "", "score": int(parsed == gt)}})
        df = pd.DataFrame(rows, columns=["prediction", "GT", "A", "B", "C", "D"])
        res = mc.prefetch_circular_group(df)
        hits.append(res["hit"] if res is not None else 0)  # None: exact matching gives hit 0
        vanilla.append(int(mc.prefetch_answer(df.iloc[0]) == df.iloc[0]["GT"]))
    return items, {"circular_accuracy": 100 * sum(hits) / len(hits), "vanilla_accuracy": 100 * sum(vanilla) / len(vanilla)}


def mvbench(src, tmp):
    """lmms-eval mvbench/utils.py: mvbench_process_results per reply, mvbench_aggregate_results."""
    mv = load(src.path("lmms", "lmms_eval/tasks/mvbench/utils.py"))
    items = corpus.letter_cases(5)
    results = []
    for c in items:
        doc = {"candidates": c["options"], "answer": c["options"]["ABCDE".index(c["answer"])]}
        r = mv.mvbench_process_results(doc, [c["reply"]])["mvbench_accuracy"]
        results.append(r)
        # process() is local to mcq_acc; the letter it reads is the one whose mcq_acc is 1.
        read = [l for l in "ABCDE" if mv.mcq_acc(l, c["reply"]) == 1]
        c["official"] = {"letter": read[0] if read else "", "answered": r["pred_answer"] != "",
                         "score": r["score"]}
    return items, {"accuracy": mv.mvbench_aggregate_results(results)}


def _video_mme_own(src, tmp, items):
    """Video-MME's evaluation/eval_your_results.py: only replies it reads a letter from are counted."""
    own = load(src.path("videomme", "evaluation/eval_your_results.py"))
    videos = [{"duration_category": "short", "video_category": own.CATEGORIES[0],
               "video_subcategory": own.SUB_CATEGORIES[0], "missing": False,
               "questions": [{"task_type": own.TASK_CATEGORIES[0], "answer": c["answer"], "response": c["reply"]}]}
              for c in items]
    path = os.path.join(tmp, "videomme_results.json")
    with open(path, "w") as f:
        json.dump(videos, f)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        own.eval_your_results(path, video_types=["short"], skip_missing=True)
    for c in items:
        c["official"]["parsed_own"] = own.extract_characters_regex(c["reply"])
    return float(re.findall(r"Overall:\s*([0-9.]+)%", out.getvalue())[-1])


def videomme(src, tmp):
    """lmms-eval videomme/utils.py (regex extract_characters_regex): process + aggregate."""
    vm = load(src.path("lmms_videomme", "lmms_eval/tasks/videomme/utils.py"))
    items = corpus.letter_cases(4)
    results = []
    for i, c in enumerate(items):
        doc = {"question_id": str(i), "duration": vm.VIDEO_TYPE[i % 3], "domain": vm.CATEGORIES[0],
               "sub_category": vm.SUB_CATEGORIES[0], "task_type": vm.TASK_CATEGORIES[0], "answer": c["answer"],
               "videoID": str(i)}
        r = vm.videomme_process_results(doc, [c["reply"]])["videomme_perception_score"]
        results.append(r)
        c["official"] = {"parsed": vm.extract_characters_regex(c["reply"]), "score": int(r["score"])}
    return items, {"accuracy": vm.videomme_aggregate_results(results),
                   "answered_accuracy_1dp": _video_mme_own(src, tmp, items)}
