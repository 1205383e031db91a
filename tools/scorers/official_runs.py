"""One function per benchmark: run the official scoring code on our corpus, return (items, aggregate).

Each item keeps its inputs and adds "official": what the official code read ("parsed") and scored
("score"). Replies of LLaVA-pipeline benchmarks first get the .strip() that LLaVA's generation
scripts (model_vqa_loader.py, model_vqa_science.py, model_vqa_mmbench.py) apply to every output;
lmms-eval's parsers receive the raw reply, as lmms-eval passes it.
"""
import contextlib
import io
import json
import os
import re
import runpy
import sys

import corpus


def _capture(fn, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn(*args)
    return result, out.getvalue()


def _floats(text, label):
    return [float(m) for m in re.findall(re.escape(label) + r"\s*([-0-9.e]+)", text)]


def pope(src, tmp):
    mod = src.load("llava", "llava/eval/eval_pope.py")
    items = corpus.yes_no_cases(["adversarial", "popular", "random"])
    agg = {}
    for split in ["adversarial", "popular", "random"]:
        rows = [c for c in items if c["category"] == split]
        label_file = os.path.join(tmp, "pope_%s.jsonl" % split)
        with open(label_file, "w") as f:
            f.writelines(json.dumps({"label": c["answer"]}) + "\n" for c in rows)
        answers = [{"text": c["reply"].strip()} for c in rows]
        _, printed = _capture(mod.eval_pope, answers, label_file)
        for c, a in zip(rows, answers):
            c["official"] = {"parsed": a["text"], "score": int(a["text"] == c["answer"])}
        for key, label in [("accuracy", "Accuracy:"), ("precision", "Precision:"), ("recall", "Recall:"),
                           ("f1", "F1 score:"), ("yes_ratio", "Yes ratio:")]:
            agg[split + "/" + key] = 100 * _floats(printed, label)[0]
    agg["f1"] = sum(agg[s + "/f1"] for s in ["adversarial", "popular", "random"]) / 3
    agg["accuracy"] = sum(agg[s + "/accuracy"] for s in ["adversarial", "popular", "random"]) / 3
    return items, agg


def science_qa(src, tmp):
    script = src.path("llava", "llava/eval/eval_science_qa.py")
    items = corpus.letter_cases(5)
    problems = {}
    with open(os.path.join(tmp, "sqa_result.jsonl"), "w") as f:
        for i, c in enumerate(items):
            pid = "p%d" % i
            problems[pid] = {"choices": c["options"], "answer": "ABCDE".index(c["answer"])}
            f.write(json.dumps({"question_id": pid, "text": c["reply"].strip(), "prompt": "<image>\nq"}) + "\n")
    json.dump({"test": list(problems)}, open(os.path.join(tmp, "pid_splits.json"), "w"))
    json.dump(problems, open(os.path.join(tmp, "problems.json"), "w"))
    argv = sys.argv
    sys.argv = [script, "--base-dir", tmp, "--result-file", os.path.join(tmp, "sqa_result.jsonl"),
                "--output-file", os.path.join(tmp, "sqa_out.json"), "--output-result", os.path.join(tmp, "sqa_res.json")]
    try:
        _capture(runpy.run_path, script, None, "__main__")
    finally:
        sys.argv = argv
    out = json.load(open(os.path.join(tmp, "sqa_out.json")))
    by_id = {}
    for verdict, score in [("correct", 1), ("incorrect", 0)]:
        for a in out[verdict]:
            by_id[a["question_id"]] = {"parsed": a["parsed_ans"], "score": score}
    for i, c in enumerate(items):
        c["official"] = by_id["p%d" % i]
    return items, {"accuracy": json.load(open(os.path.join(tmp, "sqa_res.json")))["acc"]}


def gqa(src, tmp):
    script = src.path("llava", "scripts/convert_gqa_for_eval.py")
    items = [dict(c, answer=c["answers"][0]) for c in corpus.vqa_cases()]
    for c in items:
        del c["answers"]
    with open(os.path.join(tmp, "gqa.jsonl"), "w") as f:
        f.writelines(json.dumps({"question_id": i, "text": c["reply"].strip()}) + "\n" for i, c in enumerate(items))
    argv = sys.argv
    sys.argv = [script, "--src", os.path.join(tmp, "gqa.jsonl"), "--dst", os.path.join(tmp, "gqa.json")]
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        sys.argv = argv
    preds = {p["questionId"]: p["prediction"] for p in json.load(open(os.path.join(tmp, "gqa.json")))}
    for i, c in enumerate(items):
        # GQA's eval.py scores a question by `predicted == gold` on these converted predictions.
        c["official"] = {"parsed": preds[i], "score": int(preds[i] == c["answer"])}
    return items, {"accuracy": 100 * sum(c["official"]["score"] for c in items) / len(items)}
