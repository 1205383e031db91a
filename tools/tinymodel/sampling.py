"""Deterministic training batches: image order per epoch, questions per image, all from (seed, step)."""

import numpy as np
import torch

from .batches import question_text
from .probes import position_probes
from .scene import derived_questions, parse_scene, patch_labels

FAMILIES = ("color", "count", "exist", "position", "size")


class QuestionPools:
    """Per image: family -> [(question, answer)], the generator's questions merged with the derived ones."""

    def __init__(self, groups, width: int, patch: int):
        self.pools, labels, self.shapes, self.patch, self.side = [], [], [], patch, width // patch
        for group in groups:
            self.shapes.append(parse_scene(group.scene))
            labels.append(patch_labels(self.shapes[-1], width, patch))
            derived = derived_questions(self.shapes[-1], width)
            for q in group.questions:
                derived[q.family][q.text] = q.answer  # the table is the authority (check_against_table: no conflict)
            self.pools.append({f: sorted(qs.items()) for f, qs in derived.items() if qs})
        self.patch_labels = torch.tensor(labels)  # (images, V, 4) long: kind, colour, size, centre kind per patch

    def draw(self, image: int, count: int, rng: np.random.Generator) -> list[tuple[str, str]]:
        """count questions cycling through the image's families in a random order; exist is half yes, half no."""
        pool = self.pools[image]
        families = [f for f in FAMILIES if f in pool]
        order = [families[i] for i in rng.permutation(len(families))]
        out = []
        for k in range(count):
            choices = pool[order[k % len(order)]]
            if order[k % len(order)] == "exist":
                want = "yes" if rng.random() < 0.5 else "no"
                choices = [c for c in choices if c[1] == want] or choices
            out.append(choices[rng.integers(len(choices))])
        return out


class Batches:
    """batches(step) -> (pixels (B,3,H,W) uint8, rows, image_of_row, targets (N, 2), patch labels (B, V, 4),
    probes per row (the grid cells of the shapes a position question names))."""

    def __init__(self, pixels, pools: QuestionPools, prompt_ids, eos_id: int, images_per_step: int,
                 questions_per_image: int, suffix_share: float, seed: int):
        self.pixels = pixels  # (num images, 3, H, W) uint8
        self.pools, self.prompt_ids, self.eos_id = pools, prompt_ids, eos_id
        self.b, self.q, self.suffix_share, self.seed = images_per_step, questions_per_image, suffix_share, seed
        self.per_epoch = len(pools.pools) // images_per_step
        self._epoch, self._order = -1, None

    def __call__(self, step: int):
        epoch, slot = divmod(step, self.per_epoch)
        if epoch != self._epoch:
            self._epoch, self._order = epoch, np.random.default_rng([self.seed, epoch]).permutation(len(self.pools.pools))
        images = self._order[slot * self.b:(slot + 1) * self.b]
        rng = np.random.default_rng([self.seed, 1_000_003, step])
        rows, image_of_row, targets, probes = [], [], [], []
        for i, image in enumerate(images):
            for question, answer in self.pools.draw(int(image), self.q, rng):
                probes.append(position_probes(question, self.pools.shapes[int(image)], self.pools.patch,
                                              self.pools.side))
                answer_id = self.prompt_ids.answer_id(answer)
                text = question_text(question, bool(rng.random() < self.suffix_share))
                rows.append(self.prompt_ids(text) + [answer_id, self.eos_id])
                image_of_row.append(i)
                targets.append([answer_id, self.eos_id])
        chosen = torch.from_numpy(images)
        return (self.pixels[chosen], rows, image_of_row, torch.tensor(targets), self.pools.patch_labels[chosen],
                probes)
