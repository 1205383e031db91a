"""Golden data for VisPrunerPruner: the official VisPruner selection on shared synthetic tensors.

    tools/.venv/bin/python tools/vispruner_reference.py --vispruner-repo /path/to/VisPruner \
        [--out pruning-core/src/test/resources/vispruner]

--vispruner-repo is a checkout of Theia-4869/VisPruner (or a mirror of it). Two methods are parsed out of
it and compiled alone (the rest of those files needs the LLaVA package): LlavaMetaForCausalLM.encode_images
of llava/model/llava_arch.py (the selection) and CLIPVisionTower.feature_select of
llava/model/multimodal_encoder/clip_encoder.py (which layer and which attention row the selection reads).
They are called on stand-in objects: a vision tower whose forward returns feature_select of drawn hidden
states and attentions, and an identity projector. Nothing of the official code is copied here.

Writes selection.txt: per case, the patch indices (0..575, CLS dropped) of the official index mask.

Tensors are not stored: both sides draw them from SplitMix64 (value(), as tools/dart_reference.py), entries
k / 4096 with k in [-32768, 32767], exact in float32. For case seed s, a tower of LAYERS layers:
  attentions[l]     (1, HEADS, S, S), S = 577, zero except the CLS row [:, :, 0, :], drawn with seed
                    100 s + l at flat index h * S + j
  hidden_states[i]  (1, S, DIM), i in 0..LAYERS, drawn with seed 100 s + 50 + i at flat index t * DIM + c
The official tower reads attentions[-2] and hidden_states[-2] (mm_vision_select_layer -2, "patch").
"""

import argparse
import ast
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import torch

ARCH_FILE = "llava/model/llava_arch.py"
TOWER_FILE = "llava/model/multimodal_encoder/clip_encoder.py"
MASK64 = (1 << 64) - 1
GRID = 24
NUM_PATCHES = GRID * GRID  # CLIP-L/14 at 336 px
SEQ = NUM_PATCHES + 1  # with CLS
HEADS, DIM, LAYERS, SELECT_LAYER = 16, 32, 3, -2
NEAR_ULPS = 2  # DJL's and this torch's float32 products differ in the last bit now and then
CASES = [  # seed, visual_token_num (budget), important_ratio; seeds pass order_tie and score_tie
    (1, 64, 0.5), (6, 128, 0.5), (7, 192, 0.5), (9, 32, 0.5), (10, 64, 0.25), (11, 128, 0.75),
    (8, 288, 0.5), (18, 16, 0.5), (22, 64, 0.0), (14, 100, 0.5), (2, 64, 1.0), (3, 576, 0.5),
    (15, 64, 0.75), (28, 192, 0.25),
]


def value(seed: int, index: int) -> float:
    """SplitMix64 of seed * 2^32 + index; the top 16 bits as a signed k, returned as k / 4096."""
    z = (seed * (1 << 32) + index + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return ((z >> 48) - 32768) / 4096.0


def tensor(seed: int, shape: tuple) -> torch.Tensor:
    n = math.prod(shape)
    return torch.tensor([value(seed, i) for i in range(n)], dtype=torch.float32).reshape(shape)


def method(repo: Path, file: str, cls: str, name: str):
    source = (repo / file).read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == name:
                    item.decorator_list = []
                    scope = {"torch": torch}
                    exec(compile(ast.Module(body=[item], type_ignores=[]), str(repo / file), "exec"), scope)
                    return scope[name]
    sys.exit(f"no {cls}.{name} in {repo / file}")


def forward_outs(seed: int) -> SimpleNamespace:
    attentions = []
    for layer in range(LAYERS):
        a = torch.zeros(1, HEADS, SEQ, SEQ)
        a[0, :, 0, :] = tensor(100 * seed + layer, (HEADS, SEQ))
        attentions.append(a)
    hidden = [tensor(100 * seed + 50 + i, (1, SEQ, DIM)) for i in range(LAYERS + 1)]
    return SimpleNamespace(attentions=tuple(attentions), hidden_states=tuple(hidden))


def order_tie(cls: torch.Tensor, budget: int, ratio: float) -> bool:
    """True when equal CLS attentions sit at the important/residual boundary, or among the residual tokens
    whose order the diverse stage reads (torch's argsort leaves their order to its sort)."""
    important = int(budget * ratio)
    if budget >= NUM_PATCHES:  # every patch is kept
        return False
    ranked = cls.sort(descending=True).values
    for i in range(ranked.numel() - 1):
        if ranked[i] == ranked[i + 1] and i + 1 >= important and (i + 1 == important or budget > important):
            return True
    return False


def score_tie(outs: SimpleNamespace, budget: int, ratio: float) -> bool:
    """True when, in our own float32 replay of the duplicate-removal rounds, scores within NEAR_ULPS float32
    steps of each other sit where the official loop reads their order (the drop boundary, or the order of the
    tokens kept for the next round): the official argsort would then decide by its sort's tie handling or by
    the last bit of a matrix-product kernel, not by the rule."""
    important = int(budget * ratio)
    cls = outs.attentions[SELECT_LAYER][0, :, 0, 1:].mean(0)
    feats = outs.hidden_states[SELECT_LAYER][:, 1:]
    unit = feats / feats.norm(dim=-1, keepdim=True)  # (1, N, C)
    ranked = sorted(range(NUM_PATCHES), key=lambda i: (-cls[i].item(), i))
    residual, target = ranked[important:], budget - important
    while target > 0 and len(residual) > target:
        r = min(8, len(residual) - target)
        a, b = residual[0::2], residual[1::2]
        score = (unit[:, a] @ unit[:, b].transpose(-1, -2)).max(-1).values[0].tolist()
        order = sorted(range(len(a)), key=lambda i: (-score[i], i))
        last = len(residual) - r == target  # the final order is a set
        for k in range(max(r - 1, 0), min(r if last else len(a) - 1, len(a) - 1)):
            if score[order[k]] - score[order[k + 1]] <= NEAR_ULPS * math.ulp(score[order[k]]) * 2 ** 29:  # a float32 step
                return True
        residual = [a[i] for i in order[r:]] + b
    return False


def selection_case(encode_images, feature_select, seed: int, budget: int, ratio: float) -> list[int]:
    outs = forward_outs(seed)
    tower_self = SimpleNamespace(select_layer=SELECT_LAYER, select_feature="patch")

    def tower(images, output_attentions=False):
        return feature_select(tower_self, outs, output_attentions=output_attentions)

    if order_tie(outs.attentions[SELECT_LAYER][0, :, 0, 1:].mean(0), budget, ratio):
        sys.exit(f"case seed {seed}: tied CLS attention where the official argsort order matters; choose another seed")
    if score_tie(outs, budget, ratio):
        sys.exit(f"case seed {seed}: tied duplicate scores where their order matters; choose another seed")
    model = SimpleNamespace(get_vision_tower=lambda: tower, mm_projector=lambda x: x)
    owner = SimpleNamespace(get_model=lambda: model, get_visual_token_num=lambda: budget,
                            get_important_ratio=lambda: ratio)
    _, masks = encode_images(owner, torch.zeros(1, 3, 336, 336))
    return masks[0].nonzero().flatten().tolist()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vispruner-repo", type=Path, required=True)
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent.parent / "pruning-core/src/test/resources/vispruner")
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    encode_images = method(a.vispruner_repo, ARCH_FILE, "LlavaMetaForCausalLM", "encode_images")
    feature_select = method(a.vispruner_repo, TOWER_FILE, "CLIPVisionTower", "feature_select")
    rows = [f"# {ARCH_FILE} encode_images + {TOWER_FILE} feature_select, torch {torch.__version__}; N {NUM_PATCHES}, "
            f"heads {HEADS}, dim {DIM}, layers {LAYERS}, select layer {SELECT_LAYER}; attentions[l] seed 100s+l, "
            "hidden_states[i] seed 100s+50+i",
            "# seed visual_token_num important_ratio | kept patches (ascending)"]
    for case in CASES:
        kept = selection_case(encode_images, feature_select, *case)
        rows.append(" ".join(map(str, case)) + " | " + " ".join(map(str, kept)))
        print(f"case {case}: {len(kept)} kept")
    (a.out / "selection.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
