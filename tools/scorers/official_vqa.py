"""VQAv2, TextVQA and the EvalAI-normalised exact match, scored by the official code."""
import contextlib
import io
import re

import corpus
from official_loader import load


def _vqa_eval_class(src, tmp):
    """The VQA challenge's vqaEval.py is Python 2; its print statements become calls, nothing else changes."""
    path = src.path("vqa", "PythonEvaluationTools/vqaEvaluation/vqaEval.py")
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^(\s*)print (.+)$", r"\1print(\2)", text, flags=re.M)
    py3 = tmp + "/vqaEval_py3.py"
    with open(py3, "w", encoding="utf-8") as f:
        f.write(text)
    return load(py3).VQAEval


class _Qa:
    def __init__(self, qa):
        self.qa = qa

    def getQuesIds(self):
        return list(self.qa)


def vqav2(src, tmp):
    """LLaVA's convert_vqav2_for_submission.py (EvalAIAnswerProcessor on each reply), then vqaEval.py."""
    processor = load(src.path("llava", "llava/eval/m4c_evaluator.py")).EvalAIAnswerProcessor()
    items = corpus.vqa_cases()
    gts, res = {}, {}
    for i, c in enumerate(items):
        answers = [{"answer": a, "answer_id": k + 1, "answer_confidence": "yes"} for k, a in enumerate(c["answers"])]
        gts[i] = {"answers": answers, "question_type": "what", "answer_type": c["category"]}
        res[i] = {"answer": processor(c["reply"].strip())}
    ev = _vqa_eval_class(src, tmp)(_Qa(gts), _Qa(res), n=2)
    with contextlib.redirect_stdout(io.StringIO()):
        ev.evaluate()
    for i, c in enumerate(items):
        c["official"] = {"parsed": res[i]["answer"], "score_percent": ev.evalQA[i]}
    agg = {"accuracy": ev.accuracy["overall"]}
    agg.update({k + "/accuracy": v for k, v in ev.accuracy["perAnswerType"].items()})
    return items, agg


def textvqa(src, tmp):
    """LLaVA's eval_textvqa.py: m4c_evaluator.TextVQAAccuracyEvaluator on each reply."""
    m4c = load(src.path("llava", "llava/eval/m4c_evaluator.py"))
    ev = m4c.TextVQAAccuracyEvaluator()
    items = corpus.vqa_cases()
    for c in items:
        parsed = ev.answer_processor(c["reply"].strip())
        c["official"] = {"parsed": parsed, "score": ev._compute_answer_scores(c["answers"]).get(parsed, 0.0)}
    with contextlib.redirect_stderr(io.StringIO()):
        acc = ev.eval_pred_list([{"pred_answer": c["reply"].strip(), "gt_answers": c["answers"]} for c in items])
    return items, {"accuracy": 100 * acc}


def exact_match_evalai(src, tmp):
    """Not an official benchmark (ShapesVQA is ours): EvalAIAnswerProcessor on both sides, then ==."""
    processor = load(src.path("llava", "llava/eval/m4c_evaluator.py")).EvalAIAnswerProcessor()
    items = [dict(c, answer=c["answers"][0]) for c in corpus.vqa_cases()]
    for c in items:
        del c["answers"]
        parsed = processor(c["reply"])
        c["official"] = {"parsed": parsed, "score": int(parsed == processor(c["answer"]))}
    return items, {"accuracy": 100 * sum(c["official"]["score"] for c in items) / len(items)}
