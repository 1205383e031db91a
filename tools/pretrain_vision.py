"""Pre-train the tiny LLaVA's CLIP vision tower alone on per-patch labels of ShapesVQA images (no decoder).

    tools/.venv/bin/python tools/pretrain_vision.py --train TABLE [TABLE ...] --val TABLE --out TOWER.pt \
        [--steps N] [--batch B] [--seed S]

Writes a torch file with the tower's and the per-patch heads' state dicts; train_tiny_model.py --vision TOWER.pt
starts the LLaVA stage from it. CPU, torch.set_num_threads(--threads); seeded, so a rerun writes the same weights.
"""

import argparse
import json
from pathlib import Path

import torch

from tinymodel.batches import png_pixels
from tinymodel.pretrain import new_tower, patch_accuracy, pretrain
from tinymodel.scene import parse_scene, patch_labels
from tinymodel.run import start
from tinymodel.spec import ModelSpec
from tinymodel.table import read_vqa


def load(paths: list[Path], spec: ModelSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """Tables -> pixels (N, 3, H, W) uint8 and patch labels (N, V, 4) long, one row per distinct image."""
    groups = [g for p in paths for g in read_vqa(p)]
    pixels = torch.stack([png_pixels(g.png, spec.image_size) for g in groups])  # (N, 3, H, W) uint8
    labels = torch.tensor([patch_labels(parse_scene(g.scene), spec.image_size, spec.patch_size) for g in groups])
    return pixels, labels  # labels: (N, V, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, nargs="+", required=True)
    parser.add_argument("--val", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--eval-every", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20251127)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    log = start(args.threads)
    spec = ModelSpec()
    pixels, labels = load(args.train, spec)
    val_pixels, val_labels = load([args.val], spec)
    log(f"train {len(pixels)} images, val {len(val_pixels)} images")
    tower, head = new_tower(spec, args.seed)
    evaluate = lambda step: log(f"val @ {step}: {patch_accuracy(tower, head, val_pixels, val_labels)}")
    seconds = pretrain(tower, head, pixels, labels, args.steps, args.batch, args.lr, args.warmup, args.seed, log,
                       evaluate, args.eval_every)
    final = patch_accuracy(tower, head, val_pixels, val_labels)
    log(f"pre-trained in {seconds:.0f} s; val {final}")
    command = {k: [str(p) for p in v] if isinstance(v, list) else str(v) if isinstance(v, Path) else v
               for k, v in vars(args).items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"tower": tower.state_dict(), "head": head.state_dict(), "train_images": len(pixels),
                "seconds": round(seconds), "val": final, "command": command}, args.out)
    print(json.dumps({"out": str(args.out), "val": final}))


if __name__ == "__main__":
    main()
