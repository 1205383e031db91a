"""Held-out accuracy of the tiny LLaVA with transformers, per-sample predictions, and the random-pruning check.

    tools/.venv/bin/python tools/eval_tiny_model.py --table HELDOUT_PARQUET [--model models/tiny-llava-shapes] \
        [--predictions PATH.jsonl] [--report PATH.json] [--keep 72,36,16,8]

Greedy decoding of "USER: <image>\\n{question}{suffix} ASSISTANT:" (the folder's chat template; the suffix is by
default LLaVA's short-answer one, which the sweep's shapes_vqa prompt adds, so the Java runtime's answers in a
sweep can be compared with these), exact match
of the lower-cased, stripped prediction against the table's answers, per question family. The predictions JSONL
({"sample_id", "prediction", "margin"} per line, in sample-id order; margin = top-1 minus top-2 logit of the first
answer token) lets the Java runtime's answers be compared later.
Pruning: for each sample the prefill keeps a random subset of the visual tokens (seeded per sample), removed
from inputs_embeds with the original position ids and an all-ones attention mask, and the first answer token
is the argmax of the last position (every ShapesVQA answer is one word, one token).
"""

import os

os.environ["HF_HUB_OFFLINE"] = "1"

import argparse
import io
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from parity.pruned import pruned_logits
from parity.reference import load_pair
from tinymodel.batches import PromptIds
from tinymodel.table import read_video, read_vqa
from tinymodel.video import project_frames

ROOT = Path(__file__).resolve().parent.parent
SHORT_ANSWER = "\nAnswer the question using a single word or phrase."


def normalise_answer(text: str) -> str:
    return text.strip().lower()


def per_family(hits: dict[str, list[bool]]) -> dict[str, float]:
    out = {f: round(sum(v) / len(v), 4) for f, v in sorted(hits.items())}
    out["all"] = round(sum(sum(v) for v in hits.values()) / sum(len(v) for v in hits.values()), 4)
    return out


@torch.no_grad()
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", type=Path, required=True, help="ShapesVQA rows, or ShapesVideo rows with --video")
    parser.add_argument("--video", action="store_true", help="the table holds ShapesVideo clips: frames through the "
                        "image processor and the vision tower, pooled by --pool-stride per frame, frames concatenated, "
                        "projected (the Java runtime's VisualEncoder), in place of one <image> token")
    parser.add_argument("--pool-stride", type=int, default=2)
    parser.add_argument("--model", type=Path, default=ROOT / "models/tiny-llava-shapes")
    parser.add_argument("--predictions", type=Path)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--keep", default="72,36,16,8", help="visual tokens kept by random pruning")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="evaluate only the first N samples (smoke test)")
    parser.add_argument("--suffix", default=SHORT_ANSWER, help="appended to every question; the default is the "
                        "suffix the sweep's shapes_vqa prompt adds (datasets LlavaPrompts.SHORT), '' for none")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model, processor = load_pair(args.model)
    if args.video:
        evaluate_video(args, model, processor)
        return
    visual = model.config.image_seq_length
    prompts = PromptIds(processor, visual)
    keeps = [int(k) for k in args.keep.split(",") if k]
    if any(not 0 < k <= visual for k in keeps):
        raise ValueError(f"--keep: expected counts in 1..{visual}, found {keeps}")

    greedy, first_token = {}, {}
    pruned = {k: {} for k in keeps}
    predictions = []
    samples = [(g, q) for g in read_vqa(args.table) for q in g.questions]
    samples.sort(key=lambda s: s[1].sample_id)
    samples = samples[:args.limit] if args.limit else samples
    for index, (group, q) in enumerate(samples):
        image = Image.open(io.BytesIO(group.png)).convert("RGB")
        inputs = processor(images=image, text=prompts.prompt(q.text + args.suffix), return_tensors="pt")
        out = model.generate(**inputs, max_new_tokens=4, do_sample=False)
        text = processor.tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
        full_logits = model(**inputs).logits[0, -1]  # (vocab,)
        top2 = full_logits.topk(2).values
        # margin: top-1 minus top-2 logit of the first answer token; a small one marks a near tie for the Java check
        predictions.append({"sample_id": q.sample_id, "prediction": normalise_answer(text),
                            "margin": round((top2[0] - top2[1]).item(), 4)})
        gold = normalise_answer(q.answer)
        greedy.setdefault(q.family, []).append(normalise_answer(text) == gold)
        answer_id = prompts.answer_id(q.answer)
        full = full_logits.argmax().item()
        first_token.setdefault(q.family, []).append(full == answer_id)
        rng = np.random.default_rng([args.seed, index])
        for k in keeps:
            kept = sorted(rng.choice(visual, size=k, replace=False).tolist())
            logits, _, _ = pruned_logits(model, inputs, kept, reindex=False)
            pruned[k].setdefault(q.family, []).append(logits[-1].argmax().item() == answer_id)
        if (index + 1) % 200 == 0:
            print(f"{index + 1}/{len(samples)} greedy {per_family(greedy)['all']:.3f}", flush=True)

    report = {"model": str(args.model), "table": str(args.table), "samples": len(samples),
              "greedy_exact_match": per_family(greedy), "first_token_full": per_family(first_token),
              "random_pruning_first_token": {str(k): per_family(pruned[k]) for k in keeps}, "pruning_seed": args.seed,
              "suffix": args.suffix}
    write_outputs(args, report, predictions)


def write_outputs(args, report: dict, predictions: list[dict]) -> None:
    print(json.dumps(report, indent=2))
    if args.predictions:
        args.predictions.write_text("".join(json.dumps(p) + "\n" for p in predictions))
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")


def greedy_visual(model, embeds: torch.Tensor, positions: torch.Tensor, eos: int, steps: int = 4):
    """Greedy decoding from merged embeddings (1, L, D) at position ids (L,): (token ids, first-step logits)."""
    embed = model.get_input_embeddings()
    out, first = [], None
    for _ in range(steps):
        logits = model(inputs_embeds=embeds, attention_mask=torch.ones(1, embeds.shape[1], dtype=torch.long),
                       position_ids=positions.unsqueeze(0)).logits[0, -1]  # (vocab,)
        first = logits if first is None else first
        token = int(logits.argmax())
        if token == eos:
            break
        out.append(token)
        embeds = torch.cat([embeds, embed(torch.tensor([[token]]))], dim=1)
        positions = torch.cat([positions, positions[-1:] + 1])
    return out, first


def evaluate_video(args, model, processor) -> None:
    """Greedy answers on ShapesVideo clips, per family, and random pruning of the clip's pooled visual tokens."""
    clips = read_video(args.table)
    clips = clips[:args.limit] if args.limit else clips
    frames = len(clips[0].frames)
    grid = model.config.vision_config.image_size // model.config.vision_config.patch_size
    if grid % args.pool_stride:
        raise ValueError(f"--pool-stride: expected a divisor of the {grid}x{grid} grid, found {args.pool_stride}")
    visual = frames * (grid // args.pool_stride) ** 2
    prompts = PromptIds(processor, visual)
    keeps = [int(k) for k in args.keep.split(",") if k]
    if any(not 0 < k <= visual for k in keeps):
        raise ValueError(f"--keep: expected counts in 1..{visual}, found {keeps}")
    eos = model.config.text_config.eos_token_id
    greedy, first_token, pruned, predictions = {}, {}, {k: {} for k in keeps}, []
    for index, clip in enumerate(clips):
        if len(clip.frames) != frames:
            raise ValueError(f"{clip.sample_id}: expected {frames} frames like the first clip, found {len(clip.frames)}")
        images = [Image.open(io.BytesIO(f)).convert("RGB") for f in clip.frames]
        pixels = processor.image_processor(images=images, return_tensors="pt")["pixel_values"]  # (F, 3, H, W)
        features = project_frames(model, pixels, 1, args.pool_stride)[0]  # (visual, D)
        ids = torch.tensor(prompts(clip.question + args.suffix))  # (L,)
        slots = ids == model.config.image_token_id
        embeds = model.get_input_embeddings()(ids).clone()  # (L, D)
        embeds[slots] = features
        tokens, logits = greedy_visual(model, embeds.unsqueeze(0), torch.arange(len(ids)), eos)
        text = normalise_answer(processor.tokenizer.decode(tokens, skip_special_tokens=True))
        top2 = logits.topk(2).values
        predictions.append({"sample_id": clip.sample_id, "prediction": text,
                            "margin": round((top2[0] - top2[1]).item(), 4)})
        answer_id = prompts.answer_id(clip.answer)
        greedy.setdefault(clip.family, []).append(text == normalise_answer(clip.answer))
        first_token.setdefault(clip.family, []).append(int(logits.argmax()) == answer_id)
        image_positions = slots.nonzero().flatten()
        rng = np.random.default_rng([args.seed, index])
        for k in keeps:
            dropped = set(image_positions[rng.choice(visual, size=visual - k, replace=False)].tolist())
            kept = torch.tensor([p for p in range(len(ids)) if p not in dropped])
            _, pruned_first = greedy_visual(model, embeds[kept].unsqueeze(0), kept, eos, steps=1)
            pruned[k].setdefault(clip.family, []).append(int(pruned_first.argmax()) == answer_id)
        if (index + 1) % 100 == 0:
            print(f"{index + 1}/{len(clips)} greedy {per_family(greedy)['all']:.3f}", flush=True)
    report = {"model": str(args.model), "table": str(args.table), "samples": len(clips), "frames": frames,
              "pool_stride": args.pool_stride, "visual_tokens": visual,
              "greedy_exact_match": per_family(greedy), "first_token_full": per_family(first_token),
              "random_pruning_first_token": {str(k): per_family(pruned[k]) for k in keeps}, "pruning_seed": args.seed,
              "suffix": args.suffix}
    write_outputs(args, report, predictions)


if __name__ == "__main__":
    main()
