"""Golden data for DartPruner: the official DART selection on shared synthetic tensors, and CPython's set order.

    tools/.venv/bin/python tools/dart_reference.py --dart-repo /path/to/DART \
        [--out pruning-core/src/test/resources/dart]

--dart-repo is a checkout of ZichenWen1/DART (or a mirror of it); its LLaVA decoder file
llava/model/language_model/modeling_llama_self.py is parsed and only the method get_retained_image_token of
class DART is compiled and called (the rest of the file needs the 2024 transformers internals). Nothing of it
is copied here.

Writes two files:
  set-order.txt   random lists of small ints, each with the order in which CPython iterates set(list) and its
                  copy() (what the official loop walks); DartPruner's simulation of CPython sets is checked on it
  selection.txt   per case, the visual tokens the official function keeps (relative to the visual block start)

Tensors are not stored: both sides draw them from SplitMix64 (see value()), entries k / 4096 with k in
[-32768, 32767], exact in float32.
"""

import argparse
import ast
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import torch

import pyset_order

OFFICIAL_FILE = "llava/model/language_model/modeling_llama_self.py"
MASK64 = (1 << 64) - 1
VISUAL_START = 35  # LLaVA-1.5's system prompt and "USER: " before <image>
NUM_VISUAL = 576  # 24 x 24 CLIP-L/14 patches at 336 px
GROUPS, HEAD_DIM, HIDDEN = 2, 8, 16
CASES = [  # seed, text tokens T, pivot_image_token, pivot_text_token, max_num_trunction
    (1, 24, 4, 4, 64), (2, 24, 4, 4, 128), (3, 24, 4, 4, 192), (4, 40, 4, 4, 128),
    (5, 40, 4, 4, 64), (6, 17, 4, 4, 192), (7, 30, 2, 6, 128), (8, 30, 6, 2, 96),
    (9, 60, 4, 4, 288), (10, 12, 4, 4, 32),
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


def official_function(repo: Path):
    source = (repo / OFFICIAL_FILE).read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == "DART":
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "get_retained_image_token":
                    module = ast.Module(body=[item], type_ignores=[])
                    scope = {"torch": torch, "math": math, "LlamaConfig": object}
                    exec(compile(module, str(repo / OFFICIAL_FILE), "exec"), scope)
                    return scope["get_retained_image_token"]
    sys.exit(f"no DART.get_retained_image_token in {repo / OFFICIAL_FILE}")


def boundary_tie(scores: torch.Tensor, k: int) -> bool:
    """True when the k-th and (k+1)-th largest scores are equal (the choice would rest on tie-breaking)."""
    top = scores.topk(min(k + 1, scores.numel())).values
    return k < scores.numel() and bool(top[k - 1] == top[k])


def selection_case(select, seed, t, pi, pt, trunc) -> list[int]:
    seq = VISUAL_START + NUM_VISUAL + t
    keys = tensor(2 * seed, (1, GROUPS, seq, HEAD_DIM))  # (B, G, S, d), as layer_outputs[-2]
    hidden = tensor(2 * seed + 1, (1, seq, HIDDEN))  # (B, S, D), as the normed layer output
    flat = keys[0].permute(1, 0, 2).reshape(seq, -1).abs().sum(-1)
    image_l1 = flat[VISUAL_START:VISUAL_START + NUM_VISUAL]
    text_l1 = flat[VISUAL_START + NUM_VISUAL:]
    if boundary_tie(image_l1, pi) or boundary_tie(text_l1, pt):
        sys.exit(f"case seed {seed}: tied key norms at the pivot boundary; choose another seed")
    config = SimpleNamespace(text_length=None, DART_config={
        "K": 2, "image_token_start_index": VISUAL_START, "image_token_length": NUM_VISUAL,
        "max_num_trunction": trunc, "pivot_image_token": pi, "pivot_text_token": pt, "reduction_ratio": None})
    kept = select(None, config, hidden, keys)
    return sorted(int(i) - VISUAL_START for i in kept.tolist())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dart-repo", type=Path, required=True)
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent.parent / "pruning-core/src/test/resources/dart")
    p.add_argument("--set-cases", type=int, default=250)
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    pyset_order.write(a.set_cases, a.out / "set-order.txt")
    select = official_function(a.dart_repo)
    rows = [f"# {OFFICIAL_FILE} DART.get_retained_image_token, torch {torch.__version__}, CPython "
            f"{sys.version.split()[0]}; visual start {VISUAL_START}, N {NUM_VISUAL}, G {GROUPS}, d {HEAD_DIM}, "
            f"D {HIDDEN}; keys seed 2s, hidden seed 2s+1",
            "# seed T pivot_image pivot_text max_num_trunction | kept (relative to the visual start, ascending)"]
    for case in CASES:
        kept = selection_case(select, *case)
        rows.append(" ".join(map(str, case)) + " | " + " ".join(map(str, kept)))
        print(f"case {case}: {len(kept)} kept")
    (a.out / "selection.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
