"""Times official baseline selection functions on CPU, one torch thread, on the tensors that
pruning-bench's BaselineBenchmark builds (SplitMix), and writes their selections for pruning-core's tests.

Usage: bench_baselines.py --divprune-repo PATH [--sizes 576/64,576/192] [--repeats 5] [--out FILE]

PATH is a checkout of https://github.com/vbdi/divprune (not committed here). The official methods
DivPrune and pairwise_cosine_similarity are read from LLaVA/llava/model/llava_arch.py with ast and run
unchanged (their class, LlavaMetaForCausalLM, needs the whole LLaVA package; the two methods use only
torch and each other), so what is timed is the official code itself.
"""
import argparse
import ast
import pathlib
import statistics
import time

import numpy as np
import torch

HIDDEN = 4096
MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix(rows, cols, seed):
    """(rows, cols) float32, bit-equal to io.iwpspark.bench.SplitMix.matrix."""
    k = np.arange(rows * cols, dtype=np.uint64) + np.uint64(1) + (np.uint64(seed) << np.uint64(32))
    with np.errstate(over="ignore"):
        z = k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    top = (z >> np.uint64(40)).astype(np.float32)
    return (top / np.float32(16777216.0) - np.float32(0.5)).reshape(rows, cols)


def load_official_divprune(repo):
    """The official methods as functions of an object that only carries them."""
    path = pathlib.Path(repo) / "LLaVA" / "llava" / "model" / "llava_arch.py"
    tree = ast.parse(path.read_text())
    wanted = {"DivPrune", "pairwise_cosine_similarity"}
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in wanted]
    if {f.name for f in funcs} != wanted:
        raise SystemExit(f"{path}: expected methods {sorted(wanted)}, found {sorted(f.name for f in funcs)}")
    namespace = {"torch": torch}
    exec(compile(ast.Module(body=funcs, type_ignores=[]), str(path), "exec"), namespace)
    holder = type("OfficialDivPrune", (), {name: namespace[name] for name in wanted})
    return holder()


def time_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), statistics.stdev(times) if repeats > 1 else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--divprune-repo", required=True)
    ap.add_argument("--sizes", default="576/64,576/192")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", help="write 'N/B: sorted kept indices' lines here")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    official = load_official_divprune(args.divprune_repo)
    lines = []
    for nb in args.sizes.split(","):
        n, b = (int(v) for v in nb.split("/"))
        x = torch.from_numpy(splitmix(n, HIDDEN, 1))  # BaselineBenchmark's visual hidden, seed 1

        def run():
            return official.DivPrune(x, n, None, threshold_ratio=b / n)[0]

        with torch.no_grad():
            mean, sd = time_ms(run, args.repeats)
            kept = sorted(run().tolist())
        print(f"divprune official N={n} B={b}: {mean:.1f} +- {sd:.1f} ms/op ({args.repeats} repeats, 1 thread)")
        lines.append(f"{n}/{b}: {' '.join(map(str, kept))}")
    if args.out:
        pathlib.Path(args.out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
