"""ShapesVideo for training: clip questions derived from the generator's metadata, pooled frame features, batches.

The Java runtime feeds a clip as its frames' patch states at vision_feature_layer (CLS dropped), average-pooled
over stride x stride windows of each frame's grid, frames concatenated in time order, then projected, in place of
one <image> token expanded to frames x (grid / stride)^2 tokens (lvlm VisualEncoder). frame_features does the same.
"""

import re

import numpy as np
import torch

from .batches import normalise, png_pixels, question_text
from .probes import DIRECTIONS, FIRST_FRAME_HEAD, LAST_FRAME_HEAD, Probe
from .scene import parse_scene

OPPOSITE = {"left": "right", "right": "left", "up": "down", "down": "up"}
_MOTION = re.compile(r"^In which direction does the (\w+ \w+) move\?$")
_TRACK = re.compile(r"^\w+ \w+@\((-?\d+),(-?\d+)\)->\((-?\d+),(-?\d+)\)$")


def frame_features(model, frames: torch.Tensor, stride: int) -> torch.Tensor:
    """frames (B, F, 3, H, W) uint8 -> (B, F * (g / stride)^2, D) projected visual tokens, frame-major, each frame's
    pooled grid row-major."""
    return project_frames(model, normalise(frames.flatten(0, 1)), frames.shape[0], stride)


def project_frames(model, pixel_values: torch.Tensor, clips: int, stride: int) -> torch.Tensor:
    """pixel_values (B*F, 3, H, W) CLIP-normalised, clip-major -> (B, F * (g / stride)^2, D) projected tokens. The
    vision tower runs without gradients (clips train the projector and the decoder; images train the tower)."""
    with torch.no_grad():
        tower = model.model.vision_tower(pixel_values=pixel_values, output_hidden_states=True)
        patches = tower.hidden_states[model.config.vision_feature_layer][:, 1:]  # (B*F, g*g, Dv)
    g = int(round(patches.shape[1] ** 0.5))
    if g * g != patches.shape[1] or g % stride:
        raise ValueError(f"stride: expected a divisor of the {g}x{g} patch grid, found {stride}")
    o = g // stride
    pooled = patches.reshape(patches.shape[0], o, stride, o, stride, -1).mean(4).mean(2)  # (B*F, o, o, Dv)
    return model.model.multi_modal_projector(pooled.reshape(clips, -1, pooled.shape[-1]))  # (B, F*o*o, D)


def clip_questions(clip, reverse: bool = False, image_size: int = 168, cell: int = 28) -> list[tuple[str, str, list[Probe]]]:
    """(question, answer, probes) a clip admits. Motion: its one question (reverse: the clip played backwards, the
    opposite direction); probes: the direction, and two attention heads on the mover's pooled cell in the first and
    in the last frame (cell: pixels per pooled token). Order: every ordered pair of its shapes, answered by the kind
    of the one that appears first (appearance frames strictly increase with the scene's order)."""
    if clip.family == "motion":
        m = _TRACK.match(clip.metadata.get("track", ""))
        if not _MOTION.match(clip.question) or clip.answer not in OPPOSITE or not m:
            raise ValueError(f"clip {clip.sample_id}: unexpected motion question/answer/track {clip.question!r} "
                             f"{clip.answer!r} {clip.metadata.get('track')!r}")
        answer = OPPOSITE[clip.answer] if reverse else clip.answer
        side, frames = image_size // cell, len(clip.frames)
        start, end = [min(side - 1, int(y) // cell) * side + min(side - 1, int(x) // cell)
                      for x, y in (m.group(1, 2), m.group(3, 4))]
        if reverse:
            start, end = end, start
        per_frame = side * side
        return [(clip.question, answer, [Probe(0, "dir", DIRECTIONS.index(answer)),
                                         Probe(0, "attend", FIRST_FRAME_HEAD, (start,)),
                                         Probe(0, "attend", LAST_FRAME_HEAD, ((frames - 1) * per_frame + end,))])]
    if clip.family != "order":
        raise ValueError(f"clip {clip.sample_id}: expected family motion or order, found {clip.family!r}")
    if reverse:
        raise ValueError(f"clip {clip.sample_id}: an order clip cannot be reversed")
    shapes = parse_scene(clip.metadata["scene"])
    appear = [int(x) for x in clip.metadata["appear_frames"].strip("[]").split(",")]
    out = []
    for a in range(len(shapes)):
        for b in range(len(shapes)):
            if a != b:
                q = f"Which appears first, the {shapes[a].name} or the {shapes[b].name}?"
                out.append((q, shapes[min(a, b)].kind, [Probe(0, "appear", appear[a]), Probe(1, "appear", appear[b])]))
    return out


def check_clips(clips) -> dict[str, int]:
    """The table's question and answer must be among the derived ones."""
    counts = {"agree": 0, "conflict": 0}
    for c in clips:
        derived = {q: a for q, a, _ in clip_questions(c)}
        counts["agree" if derived.get(c.question) == c.answer else "conflict"] += 1
    return counts


def clip_pixels(clips, size: int) -> torch.Tensor:
    """(C, F, 3, size, size) uint8; every clip must have the same frame count."""
    counts = {len(c.frames) for c in clips}
    if len(counts) != 1:
        raise ValueError(f"clips: expected one frame count, found {sorted(counts)}")
    return torch.stack([torch.stack([png_pixels(f, size) for f in c.frames]) for c in clips])


class VideoBatches:
    """batches(step) -> (frames (B, F, 3, H, W) uint8, rows, image_of_row, targets (N, 2), probes per row)."""

    def __init__(self, clips, frames, prompt_ids, eos_id: int, clips_per_step: int, questions_per_clip: int,
                 suffix_share: float, seed: int, cell: int):
        self.clips, self.frames = clips, frames  # frames (C, F, 3, H, W) uint8
        self.prompt_ids, self.eos_id = prompt_ids, eos_id
        self.b, self.q, self.suffix_share, self.seed = clips_per_step, questions_per_clip, suffix_share, seed
        self.per_epoch = len(clips) // clips_per_step
        self.image_size, self.cell = frames.shape[-1], cell  # cell: pixels per pooled visual token
        self._epoch, self._order = -1, None

    def __call__(self, step: int):
        epoch, slot = divmod(step, self.per_epoch)
        if epoch != self._epoch:
            self._epoch, self._order = epoch, np.random.default_rng([self.seed, 7, epoch]).permutation(len(self.clips))
        chosen = self._order[slot * self.b:(slot + 1) * self.b]
        rng = np.random.default_rng([self.seed, 2_000_003, step])
        frames, rows, image_of_row, targets, probes = [], [], [], [], []
        for i, index in enumerate(chosen):
            clip = self.clips[int(index)]
            reverse = clip.family == "motion" and bool(rng.random() < 0.5)
            frames.append(self.frames[int(index)].flip(0) if reverse else self.frames[int(index)])
            pool = clip_questions(clip, reverse, self.image_size, self.cell)
            for k in rng.permutation(len(pool))[:self.q]:
                question, answer, wanted = pool[int(k)]
                answer_id = self.prompt_ids.answer_id(answer)
                text = question_text(question, bool(rng.random() < self.suffix_share))
                rows.append(self.prompt_ids(text) + [answer_id, self.eos_id])
                image_of_row.append(i)
                targets.append([answer_id, self.eos_id])
                probes.append(wanted)
        return torch.stack(frames), rows, image_of_row, torch.tensor(targets), probes
