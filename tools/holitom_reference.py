"""Golden data for HoliTomPruner: the official HoliTom video path on shared synthetic tensors.

    /work/main/tools/.venv/bin/python tools/holitom_reference.py --holitom-repo /path/to/HoliTom \
        [--out pruning-core/src/test/resources/holitom]

--holitom-repo is a checkout of cokeshao/HoliTom (or a mirror of it). From holitom/llava_arch.py only the methods
of class LlavaMetaForCausalLM_holitom that the video path calls are compiled (select_static_windows,
get_static_dynamic_features, holitom, merge_tokens_by_attention_density, merge_tokens_by_density,
cluster_dpc_knn, merge_tokens_by_clustering, add_newline_token) and called on a bare object; nothing of them is
copied here. The few lines of prepare_inputs_labels_for_multimodal that join them (cosine similarity of
consecutive frames, the DP, the adjusted retain ratio, one holitom call per segment) are written out below.
mm_newline_position is "one_token" (LLaVA-OneVision), so no newline enters these calls.

cluster_dpc_knn adds torch.rand(...) * 1e-6 to the densities; torch.rand is replaced by zeros while the
official code runs (HoliTomPruner adds no noise). NO_BETA is unset (the official default: the centre and the
mean of its cluster are mixed with Beta).

Tensors are not stored: both sides draw them from SplitMix64 (see value()), entries k / 4096. Frame f of a case
belongs to scene c(f) (scene lengths in the case); pooled features are
    x[f, s, :] = (base_c(f)[s, :] + noise[f, s, :] * 2^-((s + seed) mod 4)) / 16
with base_c from seed 100 seed + c, index s D + d, and noise from seed 100 seed + 50, index (f S + s) D + d
(exact in float32; the 1/16 keeps distances / sqrt(D) near 1, as for real embeddings, so that densities stay far
above the official 1e-6 noise), and the vision attention a[f, s] from seed 100 seed + 70, index f S + s.

Writes selection.txt: per case one line of parameters | segments | total_reduced | adjusted retain ratio |
kept tokens (f S + s, ascending: the dynamic tokens the official code keeps) and one line "merged" with the
static tokens the official code outputs (segment order, within a segment in the order it emits them), row-major.
"""

import argparse
import ast
import math
import os
import sys
from pathlib import Path

import torch

OFFICIAL_FILE = "holitom/llava_arch.py"
OFFICIAL_CLASS = "LlavaMetaForCausalLM_holitom"
METHODS = ["select_static_windows", "get_static_dynamic_features", "holitom", "merge_tokens_by_attention_density",
           "merge_tokens_by_density", "cluster_dpc_knn", "merge_tokens_by_clustering", "add_newline_token"]
MASK64 = (1 << 64) - 1
CASES = [  # seed, frames F, grid side p (S = p^2), width D, scene lengths, tau, retain ratio, K, Beta, max window
    (1, 8, 4, 8, (3, 5), 0.8, 0.25, 7, 0.6, 1024),
    (2, 8, 4, 8, (8,), 0.8, 0.25, 7, 0.6, 1024),
    (3, 10, 5, 8, (2, 1, 4, 3), 0.8, 0.20, 7, 0.6, 1024),
    (4, 12, 4, 6, (6, 6), 0.65, 0.15, 7, 0.6, 1024),
    (5, 6, 5, 8, (1, 1, 1, 1, 1, 1), 0.8, 0.30, 7, 0.6, 1024),
    (6, 9, 4, 8, (9,), 0.9, 0.20, 3, 0.3, 1024),
    (7, 16, 3, 8, (4, 4, 4, 4), 0.8, 0.35, 7, 0.6, 3),
    (8, 8, 6, 8, (5, 3), 0.8, 0.50, 18, 0.6, 1024),
    (9, 8, 4, 8, (8,), 0.8, 0.70, 7, 0.6, 1024),
]
SIM_MARGIN = 1e-5


def ZERO_RAND(*args, **kw):
    return torch.zeros(*args, **kw)


def value(seed: int, index: int) -> float:
    """SplitMix64 of seed * 2^32 + index; the top 16 bits as a signed k, returned as k / 4096."""
    z = (seed * (1 << 32) + index + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return ((z >> 48) - 32768) / 4096.0


def inputs(seed, frames, side, width, scenes):
    s_count = side * side
    scene_of = [c for c, n in enumerate(scenes) for _ in range(n)]
    assert len(scene_of) == frames, "scene lengths must add up to the frames"
    x = torch.zeros(frames, s_count, width, dtype=torch.float32)
    for f in range(frames):
        for s in range(s_count):
            scale = 2.0 ** -((s + seed) % 4)
            for d in range(width):
                base = value(100 * seed + scene_of[f], s * width + d)
                noise = value(100 * seed + 50, (f * s_count + s) * width + d)
                x[f, s, d] = (base + noise * scale) / 16
    attn = torch.tensor([[value(100 * seed + 70, f * s_count + s) for s in range(s_count)] for f in range(frames)],
                        dtype=torch.float32)
    return x, attn


def official_object(repo: Path):
    source = (repo / OFFICIAL_FILE).read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == OFFICIAL_CLASS:
            body = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name in METHODS]
            if sorted(f.name for f in body) != sorted(METHODS):
                sys.exit(f"{OFFICIAL_FILE}: expected methods {METHODS}, found {[f.name for f in body]}")
            scope = {"torch": torch, "math": math}
            exec(compile(ast.Module(body=body, type_ignores=[]), str(repo / OFFICIAL_FILE), "exec"), scope)
            return type("Official", (), {name: scope[name] for name in METHODS})()
    sys.exit(f"no class {OFFICIAL_CLASS} in {repo / OFFICIAL_FILE}")


def run_case(obj, seed, frames, side, width, scenes, tau, ratio, k, beta, max_window):
    s_count = side * side
    x, attn = inputs(seed, frames, side, width, scenes)
    normed = torch.nn.functional.normalize(x, p=2, dim=-1)
    sim = torch.nn.functional.cosine_similarity(normed[:-1], normed[1:], dim=-1)  # (F-1, S)
    if (sim - tau).abs().min() < SIM_MARGIN:
        sys.exit(f"case seed {seed}: a frame similarity lies within {SIM_MARGIN} of tau; choose another seed")
    segments, reduced = obj.select_static_windows(sim, frames, tau, max_window)
    total = frames * s_count
    retain = min(ratio / ((total - reduced) / total), 1)
    static, dynamic, _, dyn_attn, static_pos, dyn_pos = obj.get_static_dynamic_features(x, attn, segments, sim, tau)
    recorded = []  # positions the dynamic merge returns, one (w, m) tensor per segment
    merge = obj.merge_tokens_by_attention_density

    def recording(feat, a, pos, *rest):
        for row in a:  # a tie at a frame's top-k boundary would make the official choice arbitrary
            n = row.numel()
            m = math.ceil(n * rest[0])
            if 0 < m < n and bool(row.topk(m + 1).values[m - 1] == row.topk(m + 1).values[m]):
                sys.exit(f"case seed {seed}: tied attention at a top-k boundary; choose another seed")
        out_feat, out_pos = merge(feat, a, pos, *rest)
        recorded.append(out_pos.long())
        return out_feat, out_pos

    centres = obj.cluster_dpc_knn

    def checked_centres(feat, cluster_num, k=7):
        index, dist = centres(feat, cluster_num, k=k)
        real = ZERO_RAND.real
        for noise_seed in (1, 2):  # the official noise must not change the centres, or the case rests on a tie
            torch.manual_seed(noise_seed)
            torch.rand = real
            try:
                noisy, _ = centres(feat, cluster_num, k=k)
            finally:
                torch.rand = ZERO_RAND
            if sorted(noisy[0].tolist()) != sorted(index[0].tolist()):
                sys.exit(f"case seed {seed}: density-peak centres ({cluster_num} of {feat.shape[1]}, k {k}) rest on a tie (the official noise decides); "
                         "choose another case")
        return index, dist

    obj.merge_tokens_by_attention_density = recording
    obj.cluster_dpc_knn = checked_centres
    kept, merged = [], []
    for i, (start, end) in enumerate(segments):
        w = end - start + 1
        out = obj.holitom(static[i], dynamic[i], dyn_attn[i], static_pos[i], dyn_pos[i], w, retain, 0.0, beta, k,
                          torch.float32, "one_token")
        pos = recorded[-1]  # (w, m)
        n_static = out.shape[0] - pos.numel()
        merged.extend(out[:n_static].tolist())
        for b in range(w):
            for j, p in enumerate(pos[b].tolist()):
                row = out[n_static + b * pos.shape[1] + j]
                assert torch.equal(row, x[start + b, p]), "a dynamic row is not the frame's token"
                kept.append((start + b) * s_count + p)
    del obj.merge_tokens_by_attention_density
    del obj.cluster_dpc_knn
    return segments, reduced, retain, sorted(kept), merged


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--holitom-repo", type=Path, required=True)
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent.parent / "pruning-core/src/test/resources/holitom")
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    os.environ.pop("NO_BETA", None)
    obj = official_object(a.holitom_repo)
    real_rand = torch.rand
    ZERO_RAND.real = real_rand
    torch.rand = ZERO_RAND
    rows = [f"# {OFFICIAL_FILE} {OFFICIAL_CLASS} video path, torch {torch.__version__}, torch.rand -> zeros, "
            "mm_newline_position one_token, D 0; inputs as tools/holitom_reference.py describes",
            "# seed F p D scenes tau ratio K Beta max_window | segments | total_reduced | retain | kept (f S + s)",
            "# merged <rows, row-major>"]
    try:
        for case in CASES:
            segments, reduced, retain, kept, merged = run_case(obj, *case)
            seed, frames, side, width, scenes, tau, ratio, k, beta, max_window = case
            head = f"{seed} {frames} {side} {width} {','.join(map(str, scenes))} {tau} {ratio} {k} {beta} {max_window}"
            segs = " ".join(f"{s}-{e}" for s, e in segments)
            rows.append(f"{head} | {segs} | {reduced:g} | {retain!r} | {' '.join(map(str, kept))}")
            rows.append("merged " + " ".join(f"{v:.9g}" for r in merged for v in r))
            print(f"case {seed}: segments {segs}, reduced {reduced:g}, retain {retain:.4f}, "
                  f"{len(kept)} kept, {len(merged)} merged")
    finally:
        torch.rand = real_rand
    (a.out / "selection.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
