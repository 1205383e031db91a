"""Vision-only pre-training: the CLIP tower and the per-patch heads, no decoder, many images per step.

One answer word per question is a thin signal for a vision tower trained from scratch; the per-patch labels
(kind, colour, size of the shape under each patch, and the patch's own row and column) are dense and cheap, so
the tower first learns to see here, and the LLaVA stage starts from it (train_tiny_model.py --vision).
"""

import time

import numpy as np
import torch
from transformers import CLIPVisionModel

from .batches import normalise
from .fit import PatchHead, lr_at, seed_everything
from .spec import ModelSpec, vision_config


def new_tower(spec: ModelSpec, seed: int) -> tuple[CLIPVisionModel, PatchHead]:
    seed_everything(seed)
    config = vision_config(spec)
    config._attn_implementation = "sdpa"
    return CLIPVisionModel(config).to(torch.float32), PatchHead(spec.vision_hidden, spec.image_size // spec.patch_size)


def tower_patches(tower: CLIPVisionModel, pixels: torch.Tensor) -> torch.Tensor:
    """pixels (B, 3, H, W) uint8 -> (B, V, Dv): the last layer's patch states, CLS dropped (what LLaVA projects
    with vision_feature_layer -1 and the "default" strategy)."""
    return tower(pixel_values=normalise(pixels), output_hidden_states=True).hidden_states[-1][:, 1:]


@torch.no_grad()
def patch_accuracy(tower, head, pixels, labels, chunk: int = 64) -> dict[str, float]:
    """Per-head accuracy over all images (foreground patches for kind/colour/size), weighted by chunk size."""
    tower.eval()
    totals, count = {}, 0
    for start in range(0, len(pixels), chunk):
        part = slice(start, start + chunk)
        acc = head.accuracy(tower_patches(tower, pixels[part]), labels[part])
        n = len(pixels[part])
        totals = {k: totals.get(k, 0.0) + v * n for k, v in acc.items()}
        count += n
    tower.train()
    return {k: round(v / count, 3) for k, v in totals.items()}


def pretrain(tower, head, pixels, labels, steps: int, batch: int, peak_lr: float, warmup: int, seed: int, log,
             on_eval=None, eval_every: int = 0) -> float:
    """pixels (N, 3, H, W) uint8, labels (N, V, 4) long; seeded epoch order; returns seconds spent. A random half
    of each batch is mirrored left-right (the labels with it): every ShapesVQA kind is mirror-symmetric."""
    params = list(tower.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=peak_lr, betas=(0.9, 0.98), weight_decay=0.05)
    side = head.side
    per_epoch, order, epoch = len(pixels) // batch, None, -1
    tower.train()
    start, running = time.time(), np.zeros(len(head.heads))
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, steps, peak_lr, warmup)
        e, slot = divmod(step, per_epoch)
        if e != epoch:
            epoch, order = e, torch.from_numpy(np.random.default_rng([seed, e]).permutation(len(pixels)))
        chosen = order[slot * batch:(slot + 1) * batch]  # (b,)
        x, y = pixels[chosen], labels[chosen]  # (b, 3, H, W) uint8, (b, V, 4)
        flip = torch.from_numpy(np.random.default_rng([seed, 7, step]).random(len(chosen)) < 0.5)  # (b,) bool
        x = torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)
        grid = y.view(len(chosen), side, side, -1)  # (b, rows, cols, 4)
        y = torch.where(flip.view(-1, 1, 1, 1), grid.flip(2), grid).reshape(y.shape)
        parts = head.losses(tower_patches(tower, x), y)
        loss = sum(parts) / len(parts)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        running += np.array([p.item() for p in parts])
        if (step + 1) % 50 == 0:
            log(f"step {step + 1}/{steps} loss kind/color/size/centre/row/col {np.round(running / 50, 3).tolist()} "
                f"lr {optimizer.param_groups[0]['lr']:.2e} {time.time() - start:.0f}s")
            running[:] = 0
        if on_eval and eval_every and (step + 1) % eval_every == 0:
            on_eval(step + 1)
    tower.eval()
    return time.time() - start
