"""Golden data for HoliTom's inner-LLM merge (HoliTomInner): the official lines on shared synthetic tensors.

    /work/main/tools/.venv/bin/python tools/holitom_inner_reference.py --holitom-repo /path/to/HoliTom \
        [--out pruning-core/src/test/resources/holitom]

--holitom-repo is a checkout of cokeshao/HoliTom (or a mirror of it). The inner merge has no function of its own:
it is the branch "layer_idx == HOLITOM_k and position_ids.size(1) > 1" inside Qwen2Model_holitom.forward of
holitom/modeling_qwen2.py. That branch's statements are taken from the file with ast, compiled, and executed on a
namespace holding what the forward has at that point (layer_outputs of layer k - 1 = (hidden states, attention
weights), the image start and length, HOLITOM_r, the cache and position ids); self.rotary_emb is a stub, as the
position embeddings are not compared. Nothing of the branch is copied here. The namespace afterwards holds the
hidden states that enter layer k and the new position ids.

Tensors are not stored: both sides draw them from SplitMix64 (value(), entries k / 4096, as tools/holitom_reference.py).
A case has P text tokens, L visual tokens, T text tokens after them (sequence S = P + L + T), width D, H heads:
    hidden[s, d]    = value(100 seed + 1, s D + d)                 (the output of layer k - 1, (1, S, D))
    attn[h, q, j]   = |value(100 seed + 2, (h S + q) S + j)|       (its attention weights, (1, H, S, S))
and, when the case names rows a and b1,b2,..., visual row b_k is set to 2^k times visual row a (k = 1, 2, ...; exact in
float32, so the cosine similarities tie exactly: a dropped one of them then has several equally similar kept partners
of different values, and the official code takes the first in its topk order; the script counts such ties and
requires one over all cases).
The script refuses a case whose last-row visual attention has ties or whose best cosine similarity is within
1e-5 of the second best for a different kept token (the Java side could then pick another partner), except for
exact ties.

Writes inner.txt: per case a line "seed P L T D H r dup_a dup_b | kept visual indices, ascending | position ids of
the kept visual tokens" and a line "hidden" with the kept visual rows entering layer k, row-major.
"""

import argparse
import ast
import math
from pathlib import Path

import torch

OFFICIAL_FILE = "holitom/modeling_qwen2.py"
MASK64 = (1 << 64) - 1
CASES = [  # seed, P, L, T, D, H, r, duplicate pair (a, b) or (-1, -1)
    (1, 3, 24, 4, 8, 4, 0.5, -1, -1),
    (2, 5, 21, 3, 8, 4, 0.5, -1, -1),    # 10.5 rounds half to even: 10
    (3, 2, 23, 5, 6, 2, 0.5, -1, -1),    # 11.5 rounds to 12
    (4, 4, 30, 2, 8, 4, 0.75, -1, -1),
    (5, 1, 16, 6, 8, 4, 0.25, 3, 9),
    (6, 6, 12, 1, 4, 4, 0.5, 0, 11),
    (7, 0, 20, 3, 8, 4, 0.9, -1, -1),
    (9, 2, 16, 2, 8, 4, 0.5, 1, "5,9,13"),
]


def value(seed: int, index: int) -> float:
    """SplitMix64 of seed * 2^32 + index; the top 16 bits as a signed k, returned as k / 4096."""
    z = (seed * (1 << 32) + index + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return ((z >> 48) - 32768) / 4096.0


def official_branch(repo: Path):
    """The compiled statements of the forward's merge branch (the elif under layer_idx < HOLITOM_k)."""
    tree = ast.parse((repo / OFFICIAL_FILE).read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Qwen2Model_holitom")
    fwd = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "forward")
    for node in ast.walk(fwd):
        if isinstance(node, ast.If) and "layer_idx < HOLITOM_k" in ast.unparse(node.test):
            branch = node.orelse[0]
            assert "layer_idx == HOLITOM_k" in ast.unparse(branch.test), ast.unparse(branch.test)
            module = ast.Module(body=branch.body, type_ignores=[])
            return compile(module, str(repo / OFFICIAL_FILE), "exec")
    raise SystemExit(f"{OFFICIAL_FILE}: no merge branch under 'layer_idx < HOLITOM_k' in Qwen2Model_holitom.forward")


class Stub:
    def rotary_emb(self, hidden, position_ids):
        return None


def run(code, case):
    seed, p, n, t, d, h, r, dup_a, dup_b = case
    s = p + n + t
    hidden = torch.tensor([[value(100 * seed + 1, i * d + j) for j in range(d)] for i in range(s)],
                          dtype=torch.float32).unsqueeze(0)
    if dup_a >= 0:
        for k, b in enumerate(str(dup_b).split(",")):
            hidden[0, p + int(b)] = hidden[0, p + dup_a] * 2.0 ** (k + 1)
    attn = torch.tensor([abs(value(100 * seed + 2, k)) for k in range(h * s * s)], dtype=torch.float32)
    attn = attn.reshape(1, h, s, s)
    row = attn.mean(dim=1)[0][-1][p:p + n]
    if len(set(row.tolist())) != n:
        raise SystemExit(f"case {seed}: ties in the last-row visual attention; pick another seed")
    ns = {"torch": torch, "print": lambda *a, **k: None, "self": Stub(), "layer_outputs": (hidden.clone(), attn),
          "hidden_states": hidden.clone(), "HOLITOM_image_token_start_index": p, "HOLITOM_image_token_length": n,
          "HOLITOM_r": r, "seq_length_with_past": s, "cache_position": torch.arange(s),
          "position_ids": torch.arange(s).unsqueeze(0)}
    exec(code, ns)
    ties = check_margins(hidden[0, p:p + n], ns["top_attention_rank_index"] - p, seed)
    keep = ns["keep_indexs"].tolist()
    visual = [i for i, k in enumerate(keep) if p <= k < p + n]
    kept = [keep[i] - p for i in visual]
    positions = [int(ns["position_ids"][0, i]) for i in visual]
    rows = ns["hidden_states"][0, visual]
    assert len(kept) == round(n * (1 - r)), (len(kept), n, r)
    return kept, positions, rows.flatten().tolist(), ties


def check_margins(x, top, seed):
    top = top.tolist()
    rest = [i for i in range(x.shape[0]) if i not in top]
    ties = 0
    for i in rest:
        sims = sorted(((float(torch.nn.functional.cosine_similarity(x[i], x[j], dim=0)), j) for j in top), reverse=True)
        if len(sims) > 1 and 0 < sims[0][0] - sims[1][0] < 1e-5:
            raise SystemExit(f"case {seed}: token {i} has two partners within 1e-5 of cosine; pick another seed")
        ties += len(sims) > 1 and sims[0][0] == sims[1][0]
    return ties


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--holitom-repo", required=True, type=Path)
    ap.add_argument("--out", default="pruning-core/src/test/resources/holitom", type=Path)
    args = ap.parse_args()
    code = official_branch(args.holitom_repo)
    lines = []
    ties = 0
    for case in CASES:
        kept, positions, rows, t = run(code, case)
        ties += t
        lines.append(" ".join(str(c) for c in case) + " | " + " ".join(map(str, kept)) + " | "
                     + " ".join(map(str, positions)))
        lines.append("hidden " + " ".join(repr(float(v)) for v in rows))
    if ties == 0:
        raise SystemExit("no case has a dropped token with tied partners; the tie rule would go untested")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "inner.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(CASES)} cases ({ties} tied partner choices) to {args.out / 'inner.txt'}")


if __name__ == "__main__":
    main()
