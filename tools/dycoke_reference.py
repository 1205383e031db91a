"""Golden data for DyCokePruner: the official DyCoke token temporal merging (TTM) on shared synthetic tensors.

    /work/main/tools/.venv/bin/python tools/dycoke_reference.py --dycoke-repo /path/to/DyCoke \
        [--out pruning-core/src/test/resources/dycoke]

--dycoke-repo is a checkout of KD-TAO/DyCoke (or a bare mirror of it: then pass --git-dir and the file is read
with `git show HEAD:...`). Only the module-level function dycole_ttm of llava/model/llava_arch.py is compiled
and called (the rest of the file needs the LLaVA package); nothing of it is copied here.

Writes ttm.txt: per case the official output as row indices of the input (each output row is an exact copy of
one input row, found by its bytes) in the official order, and each output row's sum. The decode-time KV-cache
pruning of DyCoke is not run: DyCokePruner leaves it out.

Tensors are not stored: both sides draw them from SplitMix64 (see value()), entries k / 4096 with k in
[-32768, 32767], exact in float32. The input holds F * T frame rows and one more row (OneVision's newline,
which the official code appends after TTM); the official function sees the F * T frame rows.
"""

import argparse
import ast
import math
import subprocess
import sys
from pathlib import Path

import torch

OFFICIAL_FILE = "llava/model/llava_arch.py"
MASK64 = (1 << 64) - 1
HIDDEN = 16
CASES = [  # seed, frames F, tokens per frame T, merging ratio k (dycoke_k)
    (1, 32, 196, 0.7), (3, 8, 16, 0.5), (4, 9, 16, 0.3),
    (5, 13, 25, 0.9), (6, 6, 12, 0.7), (7, 12, 9, 0.0), (8, 5, 20, 0.75),
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


def source(repo: Path, git_dir: bool) -> str:
    if git_dir:
        return subprocess.run(["git", "--git-dir", str(repo), "show", "HEAD:" + OFFICIAL_FILE],
                              check=True, capture_output=True, text=True).stdout
    return (repo / OFFICIAL_FILE).read_text()


def official_function(repo: Path, git_dir: bool):
    for node in ast.parse(source(repo, git_dir)).body:
        if isinstance(node, ast.FunctionDef) and node.name == "dycole_ttm":
            scope = {"torch": torch}
            exec(compile(ast.Module(body=[node], type_ignores=[]), OFFICIAL_FILE, "exec"), scope)
            return scope["dycole_ttm"]
    sys.exit(f"no dycole_ttm in {repo}:{OFFICIAL_FILE}")


def head(repo: Path, git_dir: bool) -> str:
    args = ["git", "--git-dir", str(repo)] if git_dir else ["git", "-C", str(repo)]
    return subprocess.run(args + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def case(ttm, seed: int, frames: int, t: int, k: float) -> str:
    x = tensor(seed, (frames * t + 1, HIDDEN))
    out = ttm(x[: frames * t].clone(), t, k)
    rows = {x[i].numpy().tobytes(): i for i in range(frames * t)}
    if len(rows) != frames * t:
        sys.exit(f"case {seed}: duplicate input rows, indices would be ambiguous")
    order = [rows[r.numpy().tobytes()] for r in out]
    sums = [f"{s:.8g}" for s in out.sum(dim=1).tolist()]
    return f"{seed} {frames} {t} {k} | {' '.join(map(str, order))} | {' '.join(sums)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dycoke-repo", type=Path, required=True)
    ap.add_argument("--git-dir", action="store_true", help="--dycoke-repo is a bare git directory")
    ap.add_argument("--out", type=Path, default=Path("pruning-core/src/test/resources/dycoke"))
    a = ap.parse_args()
    ttm = official_function(a.dycoke_repo, a.git_dir)
    a.out.mkdir(parents=True, exist_ok=True)
    lines = [f"# {OFFICIAL_FILE} dycole_ttm at {head(a.dycoke_repo, a.git_dir)}, torch {torch.__version__}; "
             f"input (F T + 1, {HIDDEN}) from SplitMix64 seed, the official call sees the first F T rows",
             "# seed F T k | output rows as input indices, official order | output row sums"]
    lines += [case(ttm, *c) for c in CASES]
    (a.out / "ttm.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(CASES)} cases to {a.out / 'ttm.txt'}")


if __name__ == "__main__":
    main()
