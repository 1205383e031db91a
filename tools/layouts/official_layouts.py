"""Runs LLaVA's own evaluation scripts on the committed LLaVA eval-layout fixtures.

    python tools/layouts/official_layouts.py LLAVA_DIR datasets/src/test/resources/llava-eval

LLAVA_DIR is a checkout of haotian-liu/LLaVA at 32cebc3 (the commit that holds playground/data/eval; its
llava/eval/eval_textvqa.py, m4c_evaluator.py and scripts/convert_gqa_for_eval.py equal c121f04's) holding those
three files and playground/data/eval/MME/convert_answer_to_mme.py (pure Python, needs tqdm; no torch).
Writes official/{textvqa,gqa,mme}.jsonl under the fixture folder: for each line of LLaVA's question
file, a fixed prediction and what the official scripts make of it, so the Java readers and scorers are
checked against them (LlavaEvalLayoutsTest).

TextVQA: each line is given to eval_textvqa.eval_single alone, as the answers file model_vqa_loader.py
writes it ({"question_id", "prompt": the line's text, "text": prediction}); the script either scores it
(the evaluator's mean, recorded at full precision) or fails (recorded as the exception's type).
GQA: convert_gqa_for_eval.py turns the predictions into testdev_balanced_predictions.json; GQA's
eval.py counts a question right when that prediction equals the entry's "answer" (its rule is
`correct = (predicted == gold)`); the converted prediction and the gold are recorded.
MME: convert_answer_to_mme.py is run in a copy of the MME folder on answers made from llava_mme.jsonl
(prompt = the line's text); it finds each question's ground truth in MME_Benchmark_release_version's
.txt files and writes eval_tool/answers/<experiment>/<subtask>.txt, recorded line by line. Its get_gt
stops on a .txt line that is not "question<TAB>answer"; such files are recorded as failing
(ValueError) and left out of the copy so that the others can be read.
"""
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

TEXTVQA_PREDICTIONS = ["Dakota", "Copenhagen", "ten", "Stone.", "ale", "nokia", "10 years", "22"]
GQA_PREDICTIONS = ["No.", "man", "yes", "yes", "what", "short", "keyboard"]
MME_PREDICTIONS = ["Yes", "yes", "No", "no", "Yes", "No"]


def json_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError:
                out.append((n, None))
    return out


def textvqa(llava, root):
    sys.path.insert(0, llava)
    ev = importlib.import_module("llava.eval.eval_textvqa")
    scores = []

    class Recording(ev.TextVQAAccuracyEvaluator):
        def eval_pred_list(self, pred_list):
            acc = super().eval_pred_list(pred_list)
            scores.append(acc)
            return acc

    ev.TextVQAAccuracyEvaluator = Recording
    d = os.path.join(root, "textvqa")
    out = []
    for (n, line), pred in zip(json_lines(os.path.join(d, "llava_textvqa_val_v051_ocr.jsonl")), TEXTVQA_PREDICTIONS):
        rec = {"line": n, "prediction": pred}
        with tempfile.TemporaryDirectory() as tmp:
            result = os.path.join(tmp, "answers.jsonl")
            with open(result, "w") as f:
                f.write(json.dumps({"question_id": line["question_id"], "prompt": line["text"], "text": pred}) + "\n")
            try:
                scores.clear()
                ev.eval_single(os.path.join(d, "TextVQA_0.5.1_val.json"), result)
                rec["accuracy"] = scores[0]
            except Exception as e:  # the script stops on this line: KeyError, AssertionError
                rec["error"] = type(e).__name__
        out.append(rec)
    return out


def gqa(llava, root):
    d = os.path.join(root, "gqa")
    lines = json_lines(os.path.join(d, "llava_gqa_testdev_balanced.jsonl"))
    with open(os.path.join(d, "data", "testdev_balanced_questions.json"), encoding="utf-8") as f:
        questions = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "merge.jsonl")
        with open(src, "w") as f:
            for (n, line), pred in zip(lines, GQA_PREDICTIONS):
                if line is not None:
                    f.write(json.dumps({"question_id": line["question_id"], "prompt": line["text"], "text": pred}) + "\n")
        dst = os.path.join(tmp, "testdev_balanced_predictions.json")
        subprocess.run([sys.executable, os.path.join(llava, "scripts", "convert_gqa_for_eval.py"), "--src", src,
                        "--dst", dst], check=True)
        with open(dst) as f:
            converted = {p["questionId"]: p["prediction"] for p in json.load(f)}
    out = []
    for (n, line), pred in zip(lines, GQA_PREDICTIONS):
        rec = {"line": n, "prediction": pred}
        qid = None if line is None else line["question_id"]
        entry = questions.get(qid) if qid is not None else None
        if entry is None or "answer" not in entry:
            rec["error"] = "no question line" if line is None else "no gold answer"
        else:
            rec.update({"question_id": qid, "converted": converted[qid], "gold": entry["answer"],
                        "correct": converted[qid] == entry["answer"]})
        out.append(rec)
    return out


def mme(llava, root):
    script = os.path.join(llava, "playground", "data", "eval", "MME", "convert_answer_to_mme.py")
    spec = importlib.util.spec_from_file_location("convert_answer_to_mme", script)
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    release = os.path.join(root, "MME", "MME_Benchmark_release_version")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(release, os.path.join(tmp, "MME_Benchmark_release_version"))
        for dirpath, _, files in os.walk(release):
            for f in sorted(files):
                if not f.endswith(".txt"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, f), release)
                with tempfile.TemporaryDirectory() as alone:  # the official get_gt on this file's subtask, this file only
                    sub = os.path.join(alone, rel.split(os.sep)[0])
                    shutil.copytree(os.path.join(release, rel.split(os.sep)[0]), sub)
                    for d2, _, f2 in os.walk(sub):
                        for g in f2:
                            if g.endswith(".txt") and os.path.join(d2, g) != os.path.join(alone, rel):
                                os.remove(os.path.join(d2, g))
                    try:
                        convert.get_gt(alone)
                    except ValueError as e:
                        out.append({"file": rel.replace(os.sep, "/"), "error": type(e).__name__})
                        os.remove(os.path.join(tmp, "MME_Benchmark_release_version", rel))
        os.makedirs(os.path.join(tmp, "answers"))
        with open(os.path.join(tmp, "answers", "fixture.jsonl"), "w") as f:
            for (n, line), pred in zip(json_lines(os.path.join(root, "MME", "llava_mme.jsonl")), MME_PREDICTIONS):
                f.write(json.dumps({"question_id": line["question_id"], "prompt": line["text"], "text": pred}) + "\n")
        subprocess.run([sys.executable, os.path.join(llava, "playground", "data", "eval", "MME", "convert_answer_to_mme.py"),
                        "--experiment", "fixture"], cwd=tmp, check=True)
        result = os.path.join(tmp, "eval_tool", "answers", "fixture")
        for name in sorted(os.listdir(result)):
            with open(os.path.join(result, name)) as f:
                for line in f:
                    file, prompt, gt, answer = line.rstrip("\n").split("\t")
                    out.append({"category": name[:-4], "file": file, "question": prompt, "gt": gt, "prediction": answer})
    return out


def main():
    llava, root = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(root, "official"), exist_ok=True)
    for name, recs in (("textvqa", textvqa(llava, root)), ("gqa", gqa(llava, root)), ("mme", mme(llava, root))):
        with open(os.path.join(root, "official", name + ".jsonl"), "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
