"""Intermediate supervision of the decoder: training-only linear heads on the states of the question's kind words.

A relation question ("Is the red circle to the left or to the right of the blue square?", "Which appears first,
the red circle or the blue square?", "In which direction does the red circle move?") is answered by comparing
facts about the shapes its kind words name. One answer word a question is too thin a signal for a three-layer
decoder to find that route (left/right stayed at chance); these heads ask the kind word's state after
PROBE_LAYER decoder layers to already hold the fact (the shape's grid column and row, its direction of motion, the
frame it appears in), so the last layer only has to compare. The heads are not part of the saved model.

The probes alone did not move left/right off chance; three attention losses (train_tiny_model.py --attend) did:
one head of the second layer is taught to look from each kind word at the patches of the shape it names, two
more at a mover's cell in the first and the last frame, and two heads of the last layer to read, at the answer
position, the question's first and second kind word.
"""

import re
from dataclasses import dataclass

import torch

from .scene import KINDS, Shape, shape_patches

PROBE_LAYER = 2  # hidden_states index: the output of the second decoder layer (0 = the input embeddings)
ATTEND_LAYER = 1  # the second decoder layer (0-based): some of its heads are taught where to look
SHAPE_HEAD, FIRST_FRAME_HEAD, LAST_FRAME_HEAD = 0, 1, 2  # the named shape; a mover in the first / last frame
READ_LAYER = 2  # the last decoder layer: two of its heads are taught, at the answer position, to read the two
READ_HEADS = (1, 2)  # kind words of a position question (first, second), whose states then hold the columns
DIRECTIONS = ("left", "right", "up", "down")
_POSITION = re.compile(r"^Is the (\w+ \w+) (?:to the left or to the right|above or below) of the (\w+ \w+)\?$")


@dataclass(frozen=True)
class Probe:
    """One supervised state: the occurrence-th kind word of a row's question, the head and its class."""
    occurrence: int  # 0: the question's first kind word, 1: its second
    head: str  # a ProbeHead head name, "attend": the attention grounding loss, "read": the answer position reads
    #            the occurrence-th kind word with attention head `target` of READ_LAYER
    target: int  # the class; for "attend" the attention head taught
    patches: tuple[int, ...] = ()  # "attend": the visual tokens (prompt order) it should look at


def position_probes(question: str, shapes: list[Shape], patch: int, side: int) -> list[Probe]:
    """Grid column and row of both shapes a position question names, and the patches under each (attention
    grounding); none when a name is not one shape's."""
    m = _POSITION.match(question)
    if not m:
        return []
    out = []
    for occurrence, name in enumerate(m.groups()):
        named = [s for s in shapes if s.name == name]
        if len(named) != 1:
            return []
        s = named[0]
        out += [Probe(occurrence, "col", min(side - 1, s.cx // patch)), Probe(occurrence, "row", min(side - 1, s.cy // patch)),
                Probe(occurrence, "attend", SHAPE_HEAD, tuple(shape_patches(s, patch * side, patch))),
                Probe(occurrence, "read", READ_HEADS[occurrence])]
    return out


class ProbeHead(torch.nn.Module):
    def __init__(self, hidden: int, side: int, frames: int):
        super().__init__()
        sizes = {"col": side, "row": side, "dir": len(DIRECTIONS), "appear": frames}
        self.heads = torch.nn.ModuleDict({name: torch.nn.Linear(hidden, n) for name, n in sizes.items()})

    def loss(self, states: torch.Tensor, tails: list[list[int]], probes: list[list[Probe]], kind_ids: set[int]):
        """states (N, T, D): the decoder states of the rows' question tails; tails: their token ids; probes: per row.
        Mean over heads of each head's mean cross-entropy; None when no row has a probe."""
        picked: dict[str, tuple[list[torch.Tensor], list[int]]] = {}
        for row, (tail, wanted) in enumerate(zip(tails, probes)):
            if not wanted:
                continue
            at = kind_positions(tail, kind_ids)
            for p in wanted:
                if p.head in ("attend", "read"):
                    continue
                if p.occurrence >= len(at):
                    raise ValueError(f"probe: row {row} has {len(at)} kind words, expected at least {p.occurrence + 1}")
                xs, ys = picked.setdefault(p.head, ([], []))
                xs.append(states[row, at[p.occurrence]])
                ys.append(p.target)
        if not picked:
            return None
        parts = [torch.nn.functional.cross_entropy(self.heads[h](torch.stack(xs)), torch.tensor(ys))
                 for h, (xs, ys) in picked.items()]
        return sum(parts) / len(parts)


def kind_positions(tail: list[int], kind_ids: set[int]) -> list[int]:
    """Indices in a row's tail of its kind words, in order (a probe's occurrence indexes this list)."""
    return [i for i, t in enumerate(tail) if t in kind_ids]


def kind_word_ids(token_id: dict[str, int]) -> set[int]:
    return {token_id[k] for k in KINDS}


def attend_loss(attention: torch.Tensor, order: torch.Tensor, first_image: int, tails: list[list[int]],
                probes: list[list[Probe]], image_of_row: list[int], kind_ids: set[int]) -> torch.Tensor | None:
    """-log of the attention mass the probe's head puts, from each kind word with an "attend" probe, on the probe's
    visual tokens; mean over those probes, None when there are none.

    attention (N, heads, T, M + T): the tail tokens' weights over the M decoder input slots of the prefix and the
    tail; order (B, M): each slot's prefix position; first_image: the prefix position of visual token 0."""
    masses = []
    for row, (tail, wanted) in enumerate(zip(tails, probes)):
        at = kind_positions(tail, kind_ids)
        for p in wanted:
            if p.head != "attend":
                continue
            slots = order[image_of_row[row]]  # (M,) prefix positions
            target = torch.isin(slots, torch.tensor(p.patches) + first_image)  # (M,) bool
            masses.append(attention[row, p.target, at[p.occurrence], :slots.shape[0]][target].sum())
    if not masses:
        return None
    return -torch.log(torch.stack(masses) + 1e-6).mean()


def read_loss(attention: torch.Tensor, prefix_slots: int, tails: list[list[int]], probes: list[list[Probe]],
              kind_ids: set[int]) -> torch.Tensor | None:
    """-log of the attention weight the "read" probe's head gives, from the answer position (the ':' ending
    "ASSISTANT:", third from the end of a tail that ends in answer, </s>), to the probe's kind word; mean over the
    probes, None when there are none. attention (N, heads, T, M + T); prefix_slots: M."""
    weights = []
    for row, (tail, wanted) in enumerate(zip(tails, probes)):
        at = kind_positions(tail, kind_ids)
        for p in wanted:
            if p.head == "read":
                weights.append(attention[row, p.target, len(tail) - 3, prefix_slots + at[p.occurrence]])
    if not weights:
        return None
    return -torch.log(torch.stack(weights) + 1e-6).mean()
