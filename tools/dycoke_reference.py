"""Golden data for DyCokePruner: the official DyCoke token temporal merging (TTM) and decode-time KV-cache
selection on shared synthetic tensors.

    /work/main/tools/.venv/bin/python tools/dycoke_reference.py --dycoke-repo /path/to/DyCoke \
        [--out pruning-core/src/test/resources/dycoke]

--dycoke-repo is a checkout of KD-TAO/DyCoke (or a bare mirror of it: then pass --git-dir and the files are
read with `git show HEAD:...`). Only the module-level function dycole_ttm of llava/model/llava_arch.py and the
methods dycoke_pruning and update_cache of PrunableDynamicCache in llava/model/language_model/modeling_qwen2.py
are compiled and called (the rest needs the LLaVA package and 2024 transformers); nothing of them is copied here.

Writes ttm.txt: per case the official output as row indices of the input (each output row is an exact copy of
one input row, found by its bytes) in the official order, and each output row's sum.
Writes kv.txt: per case and decoding step, the visual span entries the official cache keeps for layers >= l
(relative to the span start, ascending), or "-" when the step attends the whole cache. The harness does what
Qwen2Model.forward does around the calls: kv_cache is None again before each step's layer l, and the attention
handed over is layer l - 1's of the current token (one head here, so its mean is itself).

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
from types import SimpleNamespace

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


KV_FILE = "llava/model/language_model/modeling_qwen2.py"
KV_CASES = [  # seed, span length n (image_token_length), p (dycoke_p), steps
    (11, 57, 0.8, 9), (12, 100, 0.7, 9), (13, 203, 0.5, 9), (14, 3098, 0.8, 6),
]
KV_START = 14  # image_token_start_index: Qwen's system prompt before the video
KV_TAIL = 12  # the entries after the span before decoding: last TTM token, newline, question


def source(repo: Path, git_dir: bool, path: str = OFFICIAL_FILE) -> str:
    if git_dir:
        return subprocess.run(["git", "--git-dir", str(repo), "show", "HEAD:" + path],
                              check=True, capture_output=True, text=True).stdout
    return (repo / path).read_text()


def official_function(repo: Path, git_dir: bool):
    for node in ast.parse(source(repo, git_dir)).body:
        if isinstance(node, ast.FunctionDef) and node.name == "dycole_ttm":
            scope = {"torch": torch}
            exec(compile(ast.Module(body=[node], type_ignores=[]), OFFICIAL_FILE, "exec"), scope)
            return scope["dycole_ttm"]
    sys.exit(f"no dycole_ttm in {repo}:{OFFICIAL_FILE}")


def official_kv(repo: Path, git_dir: bool):
    """PrunableDynamicCache's dycoke_pruning and update_cache as plain functions of (self, ...)."""
    found = {}
    for node in ast.parse(source(repo, git_dir, KV_FILE)).body:
        if isinstance(node, ast.ClassDef) and node.name == "PrunableDynamicCache":
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in ("dycoke_pruning", "update_cache"):
                    scope = {"torch": torch, "F": torch.nn.functional}
                    exec(compile(ast.Module(body=[item], type_ignores=[]), KV_FILE, "exec"), scope)
                    found[item.name] = scope[item.name]
    if len(found) != 2:
        sys.exit(f"no PrunableDynamicCache.dycoke_pruning/update_cache in {repo}:{KV_FILE}")
    return found["dycoke_pruning"], found["update_cache"]


def attention(seed: int, step: int, n: int) -> list:
    """The span attention of one step: a base row plus noise, small (x 1/8) except every third step (x 8)."""
    scale = 8.0 if step % 3 == 0 else 0.125
    return [value(2 * seed, i) + 8.0 + value(2 * seed + 1, step * 100000 + i) * scale for i in range(n)]


def kv_case(pruning, update, seed: int, n: int, p: float, steps: int) -> str:
    cache = SimpleNamespace(kv_cache=None)
    cache.update_cache = lambda a, c: update(cache, a, c)
    config = SimpleNamespace(image_token_start_index=KV_START, image_token_length=n, dycoke_radio=p,
                             attention_score=None, similarity=None)
    out = []
    for s in range(steps):
        seq = KV_START + n + KV_TAIL + s + 1
        row = torch.zeros(seq)
        row[KV_START:KV_START + n] = torch.tensor(attention(seed, s, n), dtype=torch.float32)
        keep = int(n * (1 - p))
        top = row[KV_START:KV_START + n].topk(min(keep + 1, n)).values
        if keep < n and bool(top[keep - 1] == top[keep]):
            sys.exit(f"kv case {seed} step {s}: tied attention at the keep boundary")
        config.seq_length_with_past = seq
        cache.kv_cache = None  # Qwen2Model.forward resets it at every layer below l
        pruning(cache, (None, row.view(1, 1, 1, seq)), 3, config)
        if cache.kv_cache is None:
            out.append("-")
            continue
        kept = cache.kv_cache
        span = sorted(i - KV_START for i in kept[KV_START:KV_START + keep])
        if kept[:KV_START] != list(range(KV_START)) or kept[KV_START + keep:] != list(range(KV_START + n, seq)):
            sys.exit(f"kv case {seed} step {s}: unexpected cache indices outside the span")
        out.append(",".join(map(str, span)))
    return f"{seed} {n} {p} {steps} | {' '.join(out)}"


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
    pruning, update = official_kv(a.dycoke_repo, a.git_dir)
    kv = [f"# {KV_FILE} PrunableDynamicCache.dycoke_pruning + update_cache at {head(a.dycoke_repo, a.git_dir)}, "
          f"torch {torch.__version__}; span start {KV_START}, {KV_TAIL} entries after it before decoding",
          "# seed n p steps | per step: kept span entries (ascending, comma-separated) or - for the whole cache"]
    kv += [kv_case(pruning, update, *c) for c in KV_CASES]
    (a.out / "kv.txt").write_text("\n".join(kv) + "\n")
    print(f"wrote {len(CASES)} TTM cases and {len(KV_CASES)} KV cases to {a.out}")


if __name__ == "__main__":
    main()
