"""Fast validation during training: argmax of the answer position, per family, prompts without suffix."""

import torch

from .fit import answer_logits, image_features


@torch.no_grad()
def teacher_forced_accuracy(model, groups, pixels, prompt_ids, images_per_batch: int = 16) -> dict[str, float]:
    """family -> share of table questions whose answer word is the argmax after "ASSISTANT:"; 'all' overall."""
    eos = model.config.text_config.eos_token_id
    hits, totals = {}, {}
    for start in range(0, len(groups), images_per_batch):
        chunk = groups[start:start + images_per_batch]
        rows, image_of_row, answers, families = [], [], [], []
        for i, group in enumerate(chunk):
            for q in group.questions:
                answer = prompt_ids.answer_id(q.answer)
                rows.append(prompt_ids(q.text) + [answer, eos])
                image_of_row.append(i)
                answers.append(answer)
                families.append(q.family)
        features, _ = image_features(model, pixels[start:start + len(chunk)])  # (b, V, D)
        predicted = answer_logits(model, features, rows, image_of_row)[:, 0].argmax(-1)
        for family, answer, guess in zip(families, answers, predicted.tolist()):
            totals[family] = totals.get(family, 0) + 1
            hits[family] = hits.get(family, 0) + (guess == answer)
    out = {f: round(hits[f] / totals[f], 3) for f in sorted(totals)}
    out["all"] = round(sum(hits.values()) / sum(totals.values()), 3)
    return out
