"""Fast validation during training: argmax of the answer position, per family, prompts without suffix."""

import torch

from .fit import answer_logits, image_features
from .video import frame_features


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
    return rates(hits, totals)


@torch.no_grad()
def video_teacher_forced_accuracy(model, clips, frames, prompt_ids, stride: int, clips_per_batch: int = 8) -> dict[str, float]:
    """family -> share of the clips' table questions answered right (argmax after "ASSISTANT:"); 'all' overall.
    frames (C, F, 3, H, W) uint8; prompt_ids expands <image> to the clip's F * (grid / stride)^2 tokens."""
    eos = model.config.text_config.eos_token_id
    hits, totals = {}, {}
    for start in range(0, len(clips), clips_per_batch):
        chunk = clips[start:start + clips_per_batch]
        answers = [prompt_ids.answer_id(c.answer) for c in chunk]
        rows = [prompt_ids(c.question) + [a, eos] for c, a in zip(chunk, answers)]
        features = frame_features(model, frames[start:start + len(chunk)], stride)  # (b, F*o*o, D)
        predicted = answer_logits(model, features, rows, list(range(len(chunk))))[:, 0].argmax(-1)
        for c, answer, guess in zip(chunk, answers, predicted.tolist()):
            totals[c.family] = totals.get(c.family, 0) + 1
            hits[c.family] = hits.get(c.family, 0) + (guess == answer)
    return rates(hits, totals)


def rates(hits: dict[str, int], totals: dict[str, int]) -> dict[str, float]:
    """family -> hits / totals, rounded to 3 places, and 'all' over every family."""
    out = {f: round(hits[f] / totals[f], 3) for f in sorted(totals)}
    out["all"] = round(sum(hits.values()) / sum(totals.values()), 3)
    return out
