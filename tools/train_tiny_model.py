"""Train the embedded tiny LLaVA on ShapesVQA tables written by the datasets module, save it in the HF layout.

    tools/.venv/bin/python tools/train_tiny_model.py --train TRAIN_PARQUET --val VAL_PARQUET \
        [--out models/tiny-llava-shapes] [--steps N] [--seed S]

CPU only, torch.set_num_threads(--threads); every random choice comes from --seed, so a rerun with the same
tables, arguments and thread count writes the same weights.
"""

import argparse
import dataclasses
import json
import time
from pathlib import Path

import torch
from transformers import AutoProcessor, LlavaForConditionalGeneration

from tinymodel.batches import PromptIds, png_pixels
from tinymodel.checkpoint import write_model, write_text_files
from tinymodel.fit import PatchHead, Relations, new_model, train
from tinymodel.probes import ProbeHead, kind_word_ids
from tinymodel.sampling import Batches, QuestionPools
from tinymodel.scene import COLORS, KINDS, check_against_table, derived_questions, parse_scene
from tinymodel.run import start
from tinymodel.spec import ModelSpec
from tinymodel.teacher import teacher_forced_accuracy, video_teacher_forced_accuracy
from tinymodel.table import read_video, read_vqa
from tinymodel.video import VideoBatches, check_clips, clip_pixels, clip_questions
from tinymodel.vocab import build_vocab

ROOT = Path(__file__).resolve().parent.parent


def load_init(model, folder: Path, token_id: dict[str, int]) -> int:
    """Loads a saved model folder into `model`; its vocabulary must keep every id of the folder's (build_vocab grows
    it at the end), the embedding and lm_head rows of new tokens keep model's fresh weights. Returns their count."""
    old = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    moved = sorted(t for t, i in old.items() if token_id.get(t) != i)
    if moved:
        raise ValueError(f"--init {folder}: expected a vocabulary that keeps the folder's ids, found {moved[:5]} "
                         f"moved or missing")
    own = model.state_dict()
    for key, value in LlavaForConditionalGeneration.from_pretrained(folder, dtype=torch.float32).state_dict().items():
        if value.shape[1:] != own[key].shape[1:] or value.shape[0] > own[key].shape[0]:
            raise ValueError(f"--init {folder}: {key} has shape {tuple(value.shape)}, expected {tuple(own[key].shape)}")
        own[key][:value.shape[0]] = value
    model.load_state_dict(own)
    return len(token_id) - len(old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--val", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "models/tiny-llava-shapes")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--images-per-step", type=int, default=4)
    parser.add_argument("--questions-per-image", type=int, default=24)
    parser.add_argument("--suffix-share", type=float, default=0.25)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--aux-weight", type=float, default=1.0)
    parser.add_argument("--align-weight", type=float, default=0.0, help="weight of the grounding loss that points "
                        "projected shape tokens along the input embeddings of their kind, colour and size words")
    parser.add_argument("--ramp", type=float, default=0.5, help="share of the steps over which the background "
                        "visual tokens are brought back into the decoder input (0: always all of them)")
    parser.add_argument("--stop-after", type=int, default=0, help="end after this many of the --steps steps "
                        "(learning-rate and ramp schedules still span --steps); 0: run them all")
    parser.add_argument("--eval-every", type=int, default=300)
    parser.add_argument("--snapshots", action="store_true", help="also write the model folder at every validation "
                        "that beats the previous ones (the final weights are written at the end either way)")
    parser.add_argument("--init", type=Path, help="continue from this model folder (same vocabulary) instead of "
                        "fresh seeded weights")
    parser.add_argument("--vision", type=Path, help="start the vision tower (and the per-patch heads) from this "
                        "pretrain_vision.py output; the decoder and projector start from fresh seeded weights")
    parser.add_argument("--video-train", type=Path, help="a ShapesVideo table: every step adds a batch of its clips "
                        "(frames pooled as the Java runtime's pool_stride does); its words join the vocabulary after "
                        "the ShapesVQA ones, so --init may be a model trained without video")
    parser.add_argument("--video-val", type=Path, help="ShapesVideo validation table (with --video-train)")
    parser.add_argument("--clips-per-step", type=int, default=4)
    parser.add_argument("--questions-per-clip", type=int, default=4)
    parser.add_argument("--video-weight", type=float, default=1.0)
    parser.add_argument("--pool-stride", type=int, default=2, help="spatial pooling of each frame's patch grid, as "
                        "the sweep's pool_stride for shapes_video")
    parser.add_argument("--probe-weight", type=float, default=0.0, help="weight of the kind-word probes "
                        "(tinymodel/probes.py): the decoder state of each kind word a position, motion or order "
                        "question names must hold that shape's grid cell, direction or appearance frame")
    parser.add_argument("--attend", action="store_true", help="with --probe-weight: also the attention losses "
                        "(tinymodel/probes.py): heads of the second decoder layer look from each kind word at the "
                        "shape it names (position questions) or at a mover's cell in the first / last frame, and two "
                        "heads of the last layer read a position question's two kind words at the answer position")
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    log = start(args.threads)

    spec = ModelSpec()
    train_groups, val_groups = read_vqa(args.train), read_vqa(args.val)
    check = check_against_table(train_groups, spec.image_size)
    log(f"train: {len(train_groups)} images; derived answers vs the table: {check}")
    if check["conflict"]:
        raise ValueError(f"scene derivation: {check['conflict']} answers differ from the table's")
    texts = {t for g in train_groups for q in g.questions for t in (q.text, q.answer)}
    texts |= {t for g in train_groups for qs in derived_questions(parse_scene(g.scene), spec.image_size).values()
              for item in qs.items() for t in item}
    clips = val_clips = None
    later = set()
    if args.video_train:
        if not args.video_val:
            raise ValueError("--video-train: expected --video-val as well")
        clips, val_clips = read_video(args.video_train), read_video(args.video_val)
        for name, table in (("--video-train", clips), ("--video-val", val_clips)):
            check = check_clips(table)
            if check["conflict"]:
                raise ValueError(f"{name}: {check['conflict']} table answers are not among the derived ones")
        later = {t for c in clips for rev in ((False, True) if c.family == "motion" else (False,))
                 for q, a, _ in clip_questions(c, rev) for t in (q, a)}
    token_id = build_vocab(sorted(texts), sorted(later))
    write_text_files(args.out, spec, token_id)
    processor = AutoProcessor.from_pretrained(args.out)
    prompt_ids = PromptIds(processor, spec.visual_tokens)
    log(f"vocab {len(token_id)} tokens; prompt: {prompt_ids.prompt('<question>')!r}")

    pixels = torch.stack([png_pixels(g.png, spec.image_size) for g in train_groups])  # (images, 3, H, W) uint8
    val_pixels = torch.stack([png_pixels(g.png, spec.image_size) for g in val_groups])  # (images, 3, H, W) uint8
    batches = Batches(pixels, QuestionPools(train_groups, spec.image_size, spec.patch_size), prompt_ids, token_id["</s>"],
                      args.images_per_step, args.questions_per_image, args.suffix_share, args.seed)
    model = new_model(spec, token_id, args.seed)
    if args.init:
        grown = load_init(model, args.init, token_id)
        log(f"continuing from {args.init}" + (f"; {grown} new token rows from fresh seeded weights" if grown else ""))
    relations = Relations()
    video_prompt_ids = frames = val_frames = None
    if clips is not None:
        frames, val_frames = clip_pixels(clips, spec.image_size), clip_pixels(val_clips, spec.image_size)
        side = spec.image_size // spec.patch_size
        if side % args.pool_stride:
            raise ValueError(f"--pool-stride: expected a divisor of the {side}x{side} grid, found {args.pool_stride}")
        video_prompt_ids = PromptIds(processor, frames.shape[1] * (side // args.pool_stride) ** 2)
        video = VideoBatches(clips, frames, video_prompt_ids, token_id["</s>"], args.clips_per_step,
                             args.questions_per_clip, args.suffix_share, args.seed, spec.patch_size * args.pool_stride)
        relations = Relations(video=video, video_weight=args.video_weight, pool_stride=args.pool_stride)
        log(f"video: {len(clips)} clips of {frames.shape[1]} frames, {video_prompt_ids.visual_tokens} visual tokens "
            f"each (pool stride {args.pool_stride}); {video.per_epoch} steps an epoch")
    if args.probe_weight > 0:
        head = ProbeHead(spec.text_hidden, spec.image_size // spec.patch_size, frames.shape[1] if frames is not None else 8)
        relations = dataclasses.replace(relations, probe=head, probe_weight=args.probe_weight,
                                        kind_ids=frozenset(kind_word_ids(token_id)), attend=args.attend,
                                        image_id=token_id["<image>"])
    elif args.attend:
        raise ValueError("--attend: expected --probe-weight > 0 (it weighs the attention loss too)")
    aux = PatchHead(spec.vision_hidden, spec.image_size // spec.patch_size)
    pretrained = None
    if args.vision:
        if args.init:
            raise ValueError("--vision: expected either --vision or --init, found both")
        pretrained = torch.load(args.vision, weights_only=True)
        model.model.vision_tower.load_state_dict(pretrained["tower"])
        aux.load_state_dict(pretrained["head"])
        log(f"vision tower from {args.vision} (val patches {pretrained['val']})")
    log(f"model: {sum(p.numel() for p in model.parameters())} parameters; {args.steps} steps of "
        f"{args.images_per_step} images x {args.questions_per_image} questions ({batches.per_epoch} steps an epoch)")
    word_ids = [[token_id[w] for w in words] for words in (KINDS, COLORS, ("small", "large"))]  # label order
    started = time.time()

    def save(step: int, val: dict[str, float]) -> None:
        files = write_model(model, spec, args.out)
        record = {"command": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                  "train_images": len(train_groups), "steps_done": step, "val_at_save": val,
                  "train_seconds": round(time.time() - started), "weights": files, "torch_threads": args.threads}
        if pretrained is not None:
            record["vision_pretraining"] = {k: pretrained[k] for k in ("command", "train_images", "seconds", "val")}
        (args.out / "training.json").write_text(json.dumps(record, indent=2) + "\n")
        log(f"saved {args.out} at step {step}")

    best = [-1.0]

    def validate() -> dict:
        val = teacher_forced_accuracy(model, val_groups, val_pixels, prompt_ids)
        if clips is not None:
            val = {"vqa": val, "video": video_teacher_forced_accuracy(model, val_clips, val_frames, video_prompt_ids,
                                                                      args.pool_stride)}
        return val

    def score(val: dict) -> float:
        return val["all"] if "all" in val else val["vqa"]["all"] + val["video"]["all"]

    def evaluate(step: int) -> None:
        # A snapshot whenever validation improves, so a run stopped early still leaves its best weights behind.
        val = validate()
        log(f"val @ {step}: {val}")
        if args.snapshots and score(val) > best[0]:
            best[0] = score(val)
            save(step, val)

    seconds = train(model, batches, args.steps, args.lr, args.warmup, log, evaluate, args.eval_every, args.aux_weight,
                    args.ramp, args.seed, aux, args.align_weight, word_ids, args.stop_after, relations)
    val = validate()
    log(f"trained in {seconds:.0f} s; val: {val}")
    save(min(args.steps, args.stop_after) if args.stop_after > 0 else args.steps, val)

if __name__ == "__main__":
    main()
