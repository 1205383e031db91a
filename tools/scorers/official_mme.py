"""MME: the official eval_tool/calculation.py (default) and lmms-eval's mme/utils.py (option)."""
import contextlib
import io
import os
import re

import corpus
from official_loader import load

PERCEPTION = ["existence", "count", "position", "color", "posters", "celebrity", "scene", "landmark", "artwork", "OCR"]
COGNITION = ["commonsense_reasoning", "numerical_calculation", "text_translation", "code_reasoning"]


def _cases():
    """Four passes over the yes/no replies, paired consecutively into images, images spread over subtasks."""
    n = len(corpus.YES_NO)
    items = []
    for p in range(4):
        for i in range(n):
            items.append({"reply": corpus.YES_NO[(i + 17 * p) % n], "answer": ["yes", "no"][(i + p) % 2]})
    if len(items) % 2:
        items.pop()
    cats = PERCEPTION + COGNITION
    for k, c in enumerate(items):
        c["group"] = "img%d" % (k // 2)
        c["category"] = cats[(k // 2) % len(cats)]
    return items


def _official_file_safe(c):
    """calculation.py reads one tab-separated line per answer: a reply with a line break or tab cannot be written."""
    return not re.search(r"[\t\n\r]", c["reply"].strip())


def mme(src, tmp):
    calc = load(src.path("mme", "calculation.py")).calculate_metrics()
    lm = load(src.path("lmms", "lmms_eval/tasks/mme/utils.py"))
    items = _cases()
    for c in items:
        c["official"] = {"parsed": calc.parse_pred_ans(c["reply"].strip().lower())}
        c["lmms_eval"] = {"parsed": lm.parse_pred_ans(c["reply"])}
        for k in ("official", "lmms_eval"):
            c[k]["score"] = int(c[k]["parsed"] == c["answer"])
    pairs = [items[k:k + 2] for k in range(0, len(items), 2)]
    kept = [pair for pair in pairs if all(_official_file_safe(c) for c in pair)]
    for pair in pairs:
        for c in pair:
            c["in_official_aggregate"] = pair in kept
    results = os.path.join(tmp, "mme_results")
    os.makedirs(results, exist_ok=True)
    for cat in PERCEPTION + COGNITION:
        with open(os.path.join(results, cat + ".txt"), "w") as f:
            for pair in kept:
                for c in pair:
                    if c["category"] == cat:
                        f.write("\t".join([c["group"] + ".png", "q", c["answer"], c["reply"].strip()]) + "\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        calc.process_result(results)
    totals = [float(x) for x in re.findall(r"total score: ([0-9.e-]+)", out.getvalue())]
    agg = {"official/perception": totals[0], "official/cognition": totals[1]}
    for cat, score in re.findall(r"\t (\S+)  score: ([0-9.e-]+)", out.getvalue()):
        agg["official/" + cat + "/score"] = float(score)
    for key, cats in [("perception", PERCEPTION), ("cognition", COGNITION)]:
        rows = [{"question_id": c["group"], "category": c["category"], "score": float(c["lmms_eval"]["score"])}
                for c in items if c["category"] in cats]
        agg["lmms_eval/" + key] = lm.mme_aggregate_results(rows)
    return items, agg
