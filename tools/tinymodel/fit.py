"""The training loop: one vision pass per image, several questions per image, loss on answer and </s> only."""

import math
import random
import time
from dataclasses import dataclass

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration

from .batches import normalise
from .probes import ATTEND_LAYER, PROBE_LAYER, READ_LAYER, ProbeHead, attend_loss, read_loss
from .spec import llava_config
from .video import VideoBatches, frame_features


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def new_model(spec, token_id, seed: int) -> LlavaForConditionalGeneration:
    seed_everything(seed)
    config = llava_config(spec, token_id)
    config._attn_implementation = "sdpa"
    return LlavaForConditionalGeneration(config).to(torch.float32)


def image_features(model, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """pixels (B, 3, H, W) uint8 -> projected features (B, V, D) and the selected vision layer's patches (B, V, Dv)."""
    out = model.model.get_image_features(pixel_values=normalise(pixels))
    layer = model.config.vision_feature_layer
    return torch.stack(out.pooler_output), out.hidden_states[layer][:, 1:]


@dataclass(frozen=True)
class Inside:
    """What a training step reads inside the decoder besides the answer logits."""
    states: torch.Tensor  # (N, T, D): decoder states after PROBE_LAYER layers at the rows' tokens after the prefix
    attention: tuple | None  # per decoder layer (N, heads, T, M + T): the attention weights of those tokens
    order: torch.Tensor  # (B, M): the prefix position of each decoder input slot of an image (kept tokens first)
    cut: int  # P, the prefix length


def answer_logits(model, features: torch.Tensor, rows: list[list[int]], image_of_row: list[int],
                  keep: torch.Tensor | None = None, probe_layer: int | None = None, attend: bool = False):
    """(N, 2, vocab): logits predicting the answer word and the </s> after it, for rows ending in answer, </s>;
    with probe_layer also an Inside (states after probe_layer layers; with attend True every layer's attention
    weights, computed with the eager attention, which returns them).

    features: (B, V, D) projected; rows: N prompt + answer + </s> id lists; image_of_row: row -> index into features;
    keep: optional (B, V) bool, the visual tokens that enter the decoder (the others are removed, positions kept).
    Every row starts with the same prefix "<s> USER: <image>*V"; under causal attention its keys and values do
    not depend on the question, so the decoder runs it once per image and each question continues from a copy of
    that cache (exactly the computation of the whole row, at a fraction of the cost).
    """
    image_id = model.config.image_token_id
    cut = max(i for i, t in enumerate(rows[0]) if t == image_id) + 1  # prefix length P
    prefix = torch.tensor(rows[0][:cut])  # (P,)
    if any(r[:cut] != rows[0][:cut] or image_id in r[cut:] for r in rows):
        raise ValueError("rows: expected one shared prefix ending at the last <image> token")
    images = features.shape[0]
    embeds = model.get_input_embeddings()(prefix).unsqueeze(0).repeat(images, 1, 1)  # (B, P, D)
    slots = (prefix == image_id).view(1, -1, 1).expand_as(embeds)  # (B, P, D)
    embeds = embeds.masked_scatter(slots, features.to(embeds.dtype))
    kept = torch.ones(images, cut, dtype=torch.bool)  # (B, P): prefix tokens that enter the decoder
    if keep is not None:
        kept[:, prefix == image_id] = keep
    width = int(kept.sum(1).max())
    # Kept tokens first, right padding after them: a pad never precedes a real token, so no query is fully masked.
    order = torch.argsort((~kept).to(torch.int8), dim=1, stable=True)[:, :width]  # (B, M) prefix positions
    mask = kept.gather(1, order).long()  # (B, M)
    embeds = embeds.gather(1, order.unsqueeze(-1).expand(-1, -1, embeds.shape[-1]))  # (B, M, D)
    text = model.model.language_model
    cache = text(inputs_embeds=embeds, attention_mask=mask, position_ids=order, use_cache=True).past_key_values
    which = torch.tensor(image_of_row)  # (N,)
    for layer in cache.layers:  # (B, kv heads, M, head dim) -> (N, kv heads, M, head dim)
        layer.reorder_cache(which)
    tails = [r[cut:] for r in rows]
    length = max(len(t) for t in tails)
    ids = torch.tensor([t + [model.config.text_config.pad_token_id] * (length - len(t)) for t in tails])  # (N, T)
    # Right padding again: a pad comes after every real token of its row, so causal attention never lets one see it.
    full_mask = torch.cat([mask[which], torch.ones(len(rows), length, dtype=torch.long)], dim=1)  # (N, M + T)
    implementation = text.config._attn_implementation
    if attend:
        text.config._attn_implementation = "eager"
    try:
        out = text(inputs_embeds=model.get_input_embeddings()(ids), past_key_values=cache, use_cache=True,
                   attention_mask=full_mask, output_hidden_states=probe_layer is not None,
                   output_attentions=attend,
                   position_ids=torch.arange(cut, cut + length).unsqueeze(0).expand(len(rows), -1))
    finally:
        text.config._attn_implementation = implementation
    hidden = out.last_hidden_state
    ends = torch.tensor([len(t) for t in tails])  # (N,)
    at = torch.stack([ends - 3, ends - 2], dim=1)  # (N, 2): the ':' of "ASSISTANT:" and the answer word
    picked = hidden.gather(1, at.unsqueeze(-1).expand(-1, -1, hidden.shape[-1]))  # (N, 2, D)
    logits = model.lm_head(picked)  # (N, 2, vocab)
    if probe_layer is None:
        return logits
    return logits, Inside(out.hidden_states[probe_layer], out.attentions if attend else None, order, cut)


class PatchHead(torch.nn.Module):
    """Training-only linear heads over vision patches: kind (1 + 4), colour (1 + 6), size (1 + 2) classes, the kind
    of a shape centred in the patch (1 + 4: one patch per shape, for counting), and the patch's own row and column
    in the grid (side classes each), so the features keep where they are: the decoder answers left/right questions
    by reading the column of the patches it attends to."""

    def __init__(self, hidden: int, side: int):
        super().__init__()
        self.side = side
        self.heads = torch.nn.ModuleList([torch.nn.Linear(hidden, n) for n in (5, 7, 3, 5, side, side)])

    def targets(self, labels: torch.Tensor) -> torch.Tensor:
        """labels (B, V, 4) long -> (B, V, 6): kind, colour, size, centre kind, row, column (row-major patches)."""
        index = torch.arange(labels.shape[1])  # (V,)
        grid = torch.stack([index // self.side, index % self.side], dim=-1)  # (V, 2)
        return torch.cat([labels, grid.unsqueeze(0).expand(labels.shape[0], -1, -1)], dim=-1)

    def losses(self, patches: torch.Tensor, labels: torch.Tensor) -> list[torch.Tensor]:
        """patches (B, V, Dv); labels (B, V, 4) long -> one mean cross-entropy per head."""
        full = self.targets(labels)  # (B, V, 6)
        return [torch.nn.functional.cross_entropy(h(patches).flatten(0, 1), full[..., i].flatten())
                for i, h in enumerate(self.heads)]

    def loss(self, patches: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        parts = self.losses(patches, labels)
        return sum(parts) / len(parts)

    @torch.no_grad()
    def accuracy(self, patches: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
        """Shares right on foreground patches (kind, colour, size, centre) and on all patches (row, column)."""
        full, fg = self.targets(labels), labels[..., 0] > 0  # (B, V, 6), (B, V)
        out = {}
        for i, name in enumerate(("kind", "color", "size", "centre", "row", "col")):
            right = self.heads[i](patches).argmax(-1) == full[..., i]  # (B, V)
            out[name] = round(right[fg].float().mean().item() if i < 4 else right.float().mean().item(), 3)
        return out


def align_loss(features: torch.Tensor, labels: torch.Tensor, embedding: torch.Tensor,
               word_ids: list[list[int]]) -> torch.Tensor:
    """Grounding shortcut: a projected visual token over a shape should point the way the decoder's input embeddings
    of that shape's kind, colour and size words point, so a question word finds its patches from the first layer.

    features (B, V, D) projected visual tokens; labels (B, V, 4) long (kind, colour, size 1-based, 0 = background);
    embedding (vocab, D) the decoder's input embeddings; word_ids: per attribute the token ids of its values in
    label order (kinds, colours, sizes). Mean over the attributes of a cross-entropy on foreground tokens whose
    logits are dot products with those word embeddings.
    """
    fg = labels[..., 0] > 0  # (B, V)
    tokens = features[fg]  # (F, D)
    parts = []
    for i, ids in enumerate(word_ids):
        logits = tokens @ embedding[torch.tensor(ids)].T  # (F, values)
        parts.append(torch.nn.functional.cross_entropy(logits, labels[..., i][fg] - 1))
    return sum(parts) / len(parts)


def lr_at(step: int, steps: int, peak: float, warmup: int) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))


def background_share(step: int, steps: int, ramp: float) -> float | None:
    """Share of background visual tokens kept at this step (None: all tokens), rising linearly over ramp * steps."""
    if ramp <= 0 or step >= ramp * steps:
        return None
    return step / (ramp * steps)


@dataclass(frozen=True)
class Relations:
    """What a run adds for relation questions: ShapesVideo batches and the kind-word probes (probes.py)."""
    probe: "ProbeHead | None" = None  # None: no probe loss
    probe_weight: float = 0.0
    kind_ids: frozenset = frozenset()  # token ids of the kind words the probes sit on
    video: "VideoBatches | None" = None  # None: ShapesVQA only
    video_weight: float = 1.0
    pool_stride: int = 2  # the Java runtime's pool_stride for clips
    attend: bool = False  # also the attention losses: heads of ATTEND_LAYER look at named shapes / a mover's first
    #                       and last cell, heads of READ_LAYER read the kind words at the answer position (probes.py)
    image_id: int = -1  # the <image> token id (with attend)


def relation_losses(inside: "Inside", rows, probes, image_of_row, relations: Relations) -> dict[str, torch.Tensor]:
    """name -> loss: the probe loss and the attention grounding loss on the kind words of rows with probes (a loss
    is left out when no row has its probes)."""
    tails = [r[inside.cut:] for r in rows]
    out = {"probe": relations.probe.loss(inside.states, tails, probes, relations.kind_ids)}
    if inside.attention is not None:
        first_image = rows[0].index(relations.image_id)
        out["attend"] = attend_loss(inside.attention[ATTEND_LAYER], inside.order, first_image, tails, probes,
                                    image_of_row, relations.kind_ids)
        out["read"] = read_loss(inside.attention[READ_LAYER], inside.order.shape[1], tails, probes, relations.kind_ids)
    return {k: v for k, v in out.items() if v is not None}


def row_losses(model, features, rows, image_of_row, targets, probes, keep, probe_layer, attend,
               relations: Relations) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """(N, 2, vocab) logits and name -> unweighted loss for one batch of rows: "answer" (the answer word and </s>)
    and, with probe_layer, the relation losses (relation_losses)."""
    out = answer_logits(model, features, rows, image_of_row, keep, probe_layer, attend)
    logits = out if probe_layer is None else out[0]
    losses = {"answer": torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))}
    if probe_layer is not None:
        losses.update(relation_losses(out[1], rows, probes, image_of_row, relations))
    return logits, losses


def train(model, batches, steps: int, peak_lr: float, warmup: int, log, on_eval=None, eval_every: int = 0,
          aux_weight: float = 0.0, ramp: float = 0.0, seed: int = 0, aux: "PatchHead | None" = None,
          align_weight: float = 0.0, word_ids: list[list[int]] | None = None, stop_after: int = 0,
          relations: Relations = Relations()):
    """batches(step) -> (pixels (B,3,H,W) uint8, rows, image_of_row, targets (N, 2), patch labels (B, V, 4),
    probes per row); returns seconds spent. aux_weight > 0 adds a training-only head that names, for every vision
    patch, the kind, colour and size of the shape under it (0 = background): dense supervision that teaches the
    vision tower to see much faster than one answer word per question. The head is not part of the saved model.
    ramp > 0: a curriculum on the decoder input. Early steps give the decoder only the visual tokens over shapes plus
    a growing random share of the background ones (removed tokens keep their positions), so attention first has few
    places to look; from ramp * steps on, every visual token enters, as at inference.
    stop_after > 0 ends the run after that many steps of the steps-long schedules (a stage cut short, repeatably).
    relations: the kind-word probes on both kinds of rows, and a ShapesVideo batch added to every step."""
    aux = aux if aux is not None else PatchHead(
        model.config.vision_config.hidden_size, model.config.vision_config.image_size // model.config.vision_config.patch_size)
    named = list(model.named_parameters()) + [("aux." + n, p) for n, p in aux.named_parameters()]
    if relations.probe is not None:
        named += [("probe." + n, p) for n, p in relations.probe.named_parameters()]
    decay = [p for n, p in named if p.ndim >= 2 and "embed" not in n]
    other = [p for n, p in named if not (p.ndim >= 2 and "embed" not in n)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": other, "weight_decay": 0.0}],
                                  lr=peak_lr, betas=(0.9, 0.98), eps=1e-8)
    probe_layer = PROBE_LAYER if relations.probe is not None and relations.probe_weight > 0 else None
    attend = probe_layer is not None and relations.attend
    model.train()
    start, running, hits, seen = time.time(), {}, 0, 0
    video_hits, video_seen = 0, 0

    def note(name: str, value: torch.Tensor) -> None:
        running[name] = running.get(name, 0.0) + value.item()

    for step in range(min(steps, stop_after) if stop_after > 0 else steps):  # the schedule always spans steps
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, steps, peak_lr, warmup)
        pixels, rows, image_of_row, targets, patch_labels, probes = batches(step)
        features, patches = image_features(model, pixels)  # (B, V, D), (B, V, Dv)
        share = background_share(step, steps, ramp)
        keep = None
        if share is not None:  # (B, V) bool: shape patches, and background patches with probability share
            draw = torch.rand(patch_labels.shape[:2], generator=torch.Generator().manual_seed(seed * 100003 + step))
            keep = (patch_labels[..., 0] > 0) | (draw < share)
        logits, parts = row_losses(model, features, rows, image_of_row, targets, probes, keep, probe_layer, attend,
                                   relations)  # (N, 2, vocab)
        loss = parts["answer"] + sum(relations.probe_weight * v for k, v in parts.items() if k != "answer")
        for name, part in parts.items():
            note(name, part)
        if aux_weight > 0:
            loss = loss + aux_weight * aux.loss(patches, patch_labels)
        if align_weight > 0:
            loss = loss + align_weight * align_loss(features, patch_labels, model.get_input_embeddings().weight,
                                                    word_ids)
        if relations.video is not None:
            frames, v_rows, v_image_of_row, v_targets, v_probes = relations.video(step)
            v_features = frame_features(model, frames, relations.pool_stride)
            v_logits, v_parts = row_losses(model, v_features, v_rows, v_image_of_row, v_targets, v_probes, None,
                                           probe_layer, attend, relations)  # (Nv, 2, vocab)
            loss = loss + relations.video_weight * v_parts["answer"] + sum(
                relations.probe_weight * v for k, v in v_parts.items() if k != "answer")
            for name, part in v_parts.items():
                note("video" if name == "answer" else "video-" + name, part)
            video_hits += (v_logits[:, 0].argmax(-1) == v_targets[:, 0]).sum().item()
            video_seen += v_targets.shape[0]
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        hits += (logits[:, 0].argmax(-1) == targets[:, 0]).sum().item()
        seen += targets.shape[0]
        if (step + 1) % 25 == 0:
            losses = " ".join(f"{k} {v / 25:.4f}" for k, v in running.items())
            video = f" video-acc {video_hits / video_seen:.3f}" if video_seen else ""
            log(f"step {step + 1}/{steps} loss: {losses}; train-acc {hits / seen:.3f}{video} "
                f"lr {optimizer.param_groups[0]['lr']:.2e} {time.time() - start:.0f}s")
            running, hits, seen, video_hits, video_seen = {}, 0, 0, 0, 0
        if on_eval and eval_every and (step + 1) % eval_every == 0 and step + 1 < steps:
            model.eval()
            on_eval(step + 1)
            model.train()
    model.eval()
    return time.time() - start
