"""Train the embedded tiny LLaVA on ShapesVQA tables written by the datasets module, save it in the HF layout.

    tools/.venv/bin/python tools/train_tiny_model.py --train TRAIN_PARQUET --val VAL_PARQUET \
        [--out models/tiny-llava-shapes] [--steps N] [--seed S]

CPU only, torch.set_num_threads(--threads); every random choice comes from --seed, so a rerun with the same
tables, arguments and thread count writes the same weights.
"""

import argparse
import json
import time
from pathlib import Path

import torch
from transformers import AutoProcessor, LlavaForConditionalGeneration

from tinymodel.batches import PromptIds, png_pixels
from tinymodel.checkpoint import write_model, write_text_files
from tinymodel.fit import PatchHead, new_model, train
from tinymodel.sampling import Batches, QuestionPools
from tinymodel.scene import COLORS, KINDS, check_against_table, derived_questions, parse_scene
from tinymodel.run import start
from tinymodel.spec import ModelSpec
from tinymodel.teacher import teacher_forced_accuracy
from tinymodel.table import read_vqa
from tinymodel.vocab import build_vocab

ROOT = Path(__file__).resolve().parent.parent


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
    token_id = build_vocab(sorted(texts))
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
        if json.loads((args.init / "tokenizer.json").read_text())["model"]["vocab"] != token_id:
            raise ValueError(f"--init {args.init}: expected the vocabulary built from --train, found another")
        model.load_state_dict(LlavaForConditionalGeneration.from_pretrained(args.init, dtype=torch.float32).state_dict())
        log(f"continuing from {args.init}")
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

    def evaluate(step: int) -> None:
        # A snapshot whenever validation improves, so a run stopped early still leaves its best weights behind.
        val = teacher_forced_accuracy(model, val_groups, val_pixels, prompt_ids)
        log(f"val @ {step}: {val}")
        if args.snapshots and val["all"] > best[0]:
            best[0] = val["all"]
            save(step, val)

    seconds = train(model, batches, args.steps, args.lr, args.warmup, log, evaluate, args.eval_every, args.aux_weight,
                    args.ramp, args.seed, aux, args.align_weight, word_ids, args.stop_after)
    val = teacher_forced_accuracy(model, val_groups, val_pixels, prompt_ids)
    log(f"trained in {seconds:.0f} s; val: {val}")
    save(min(args.steps, args.stop_after) if args.stop_after > 0 else args.steps, val)

if __name__ == "__main__":
    main()
