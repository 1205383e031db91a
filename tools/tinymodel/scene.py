"""Every ShapesVQA question an image admits, derived from its scene metadata with the generator's templates.

The generator (datasets ShapesVqa) asks one random question per family about each image; the scene string
("large red circle@(120,40); ...", centres in pixels) lets training ask the others too. check_against_table
proves the derivation reproduces the generator's own answers before any of them is used.
"""

import re
from dataclasses import dataclass

KINDS = ("circle", "square", "triangle", "diamond")  # datasets ShapeKind, enum order
COLORS = ("red", "blue", "green", "yellow", "purple", "orange")  # datasets ShapeColor, enum order
_SHAPE = re.compile(r"^(small|large) (\w+) (\w+)@\((-?\d+),(-?\d+)\)$")


@dataclass(frozen=True)
class Shape:
    size: str
    color: str
    kind: str
    cx: int  # centre, pixels from the left (rounded by the generator)
    cy: int  # centre, pixels from the top

    @property
    def name(self) -> str:
        return f"{self.color} {self.kind}"


def parse_scene(scene: str) -> list[Shape]:
    shapes = []
    for part in scene.split("; "):
        m = _SHAPE.match(part)
        if not m or m.group(3) not in KINDS or m.group(2) not in COLORS:
            raise ValueError(f"scene: expected 'size color kind@(x,y)' parts, found {part!r} in {scene!r}")
        shapes.append(Shape(m.group(1), m.group(2), m.group(3), int(m.group(4)), int(m.group(5))))
    return shapes


def derived_questions(shapes: list[Shape], width: int) -> dict[str, dict[str, str]]:
    """family -> {question: answer}; position pairs within 1 px of the generator's threshold and "leftmost" ties
    within 2 px are left out."""
    out = {"color": {}, "count": {}, "exist": {}, "position": {}, "size": {}}
    for kind in KINDS:
        same = [s for s in shapes if s.kind == kind]
        out["count"][f"How many {kind}s are there?"] = str(len(same))
        if len(same) == 1:
            out["color"][f"What color is the {kind}?"] = same[0].color
        elif same:
            first, second = sorted(same, key=lambda s: s.cx)[:2]
            if second.cx - first.cx >= 2:  # within rounding the "leftmost" is a tie the picture cannot settle
                out["color"][f"What color is the leftmost {kind}?"] = first.color
    present = {s.name for s in shapes}
    for kind in KINDS:
        for color in COLORS:
            name = f"{color} {kind}"
            out["exist"][f"Is there a {name} in the image?"] = "yes" if name in present else "no"
    for s in shapes:
        out["size"][f"Is the {s.name} small or large?"] = s.size
    threshold = 0.1 * width  # ShapesVqa.position: centres further apart than a tenth of the width
    gaps = [(a, b, abs(a.cx - b.cx)) for a in shapes for b in shapes if a is not b]
    if any(abs(gap - threshold) < 1 for _, _, gap in gaps):
        return out
    pairs = [(a, b) for a, b, gap in gaps if gap > threshold]
    for a, b in pairs:
        side = "left" if a.cx < b.cx else "right"
        out["position"][f"Is the {a.name} to the left or to the right of the {b.name}?"] = side
    if not pairs and shapes[0].cy != shapes[1].cy:
        a, b = shapes[0], shapes[1]
        out["position"][f"Is the {a.name} above or below the {b.name}?"] = "above" if a.cy < b.cy else "below"
    return out


def check_against_table(groups, width: int) -> dict[str, int]:
    """Counts of generator questions the derivation answers the same ('agree'), otherwise, or leaves out."""
    counts = {"agree": 0, "conflict": 0, "left_out": 0}
    for group in groups:
        derived = derived_questions(parse_scene(group.scene), width)
        for q in group.questions:
            found = derived[q.family].get(q.text)
            counts["left_out" if found is None else "agree" if found == q.answer else "conflict"] += 1
    return counts


def patch_labels(shapes: list[Shape], image_size: int, patch: int) -> list[list[int]]:
    """Per vision patch (row-major): [kind, colour, size] of the shape under its centre, 1-based, 0 = background,
    and [centre]: the kind (1-based) of a shape whose centre lies in this patch, else 0 (one patch per shape,
    whatever its size: what counting needs).

    A patch is under a shape when its centre lies within 0.85 of the shape's enclosing radius, or when it holds the
    shape's centre (so a small shape always owns at least one patch). Radii follow datasets ShapeSize. Later shapes
    are drawn over earlier ones and win.
    """
    side = image_size // patch
    out = [[0, 0, 0, 0] for _ in range(side * side)]
    for s in shapes:
        label = [KINDS.index(s.kind) + 1, COLORS.index(s.color) + 1, 1 if s.size == "small" else 2]
        for index in shape_patches(s, image_size, patch):
            out[index][:3] = label
        out[centre_patch(s, side, patch)][3] = label[0]
    return out


def centre_patch(s: Shape, side: int, patch: int) -> int:
    return min(side - 1, int(s.cy // patch)) * side + min(side - 1, int(s.cx // patch))


def shape_patches(s: Shape, image_size: int, patch: int) -> list[int]:
    """Row-major indices of the patches under a shape: centre within 0.85 of its enclosing radius (radii of datasets
    ShapeSize), or the patch holding its centre (so a small shape owns at least one)."""
    radius = {"small": 0.06 * image_size, "large": 0.12 * image_size}[s.size]
    side = image_size // patch
    centre = centre_patch(s, side, patch)
    out = []
    for row in range(side):
        for col in range(side):
            dx, dy = patch * col + patch / 2 - s.cx, patch * row + patch / 2 - s.cy
            if row * side + col == centre or dx * dx + dy * dy < (0.85 * radius) ** 2:
                out.append(row * side + col)
    return out
