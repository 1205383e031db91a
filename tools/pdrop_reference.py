"""Golden data for PyramidDrop's ranking: the official pdrop_rank_drop on a tiny LLaMA decoder.

    tools/.venv/bin/python tools/pdrop_reference.py --pdrop-repo /path/to/PyramidDrop \
        [--out lvlm/src/test/resources/pdrop]

--pdrop-repo is a checkout of Cooperx521/PyramidDrop (or a mirror of it). From its
llava/model/modeling_llama_pdrop.py the method LlamaModel.pdrop_rank_drop and what it calls (LlamaRMSNorm,
LlamaRotaryEmbedding, rotate_half, apply_rotary_pos_emb) are parsed out and compiled; the rest of that file needs
the transformers 4.37 internals. Nothing of it is copied here. transformers 4.37's
_prepare_4d_causal_attention_mask is replaced by a causal mask of finfo.min above the diagonal (only the last
row is read, and it masks nothing).

Each case is one prefill of S = 35 + N + T tokens (35 before the image, N visual tokens, T after) at positions
0..S-1 (the official code numbers them afresh after every drop). Layer 0 of the decoder (transformers'
LlamaDecoderLayer, eager) turns the shared input h0 into h1; the official code then ranks the visual tokens with
layer 1 at stage `stage` (N = int(576 * 0.5^stage) present, int(576 * 0.5^(stage+1)) kept). The kept indices
are found back by matching the returned rows with the rows of h1.

Tensors are not stored: both sides draw them from SplitMix64 (dart_reference.value, entries k / 4096): h0 with
the case seed, weight number i of WEIGHTS with seed 1000 + i; projections are scaled by 1/16 and norm weights
are 1 + v / 16 (exact in float32). The Java side (lvlm PyramidDropOfficialTest) writes the same weights into a
safetensors file and runs LlamaDecoder.
"""

import argparse
import ast
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn
from transformers import LlamaConfig
from transformers.models.llama.modeling_llama import LlamaDecoderLayer, LlamaRotaryEmbedding

from dart_reference import tensor

OFFICIAL_FILE = "llava/model/modeling_llama_pdrop.py"
VISUAL_START = 35  # LLaVA-1.5's system prompt and "USER: " before <image>
IMAGE_TOKENS = 576
RATIOS = [1.0, 0.5, 0.25, 0.125]  # the official 50 / 25 / 12.5 % list with the 1.0 the eval scripts insert
HIDDEN, HEADS, HEAD_DIM, FFN, VOCAB, EPS = 16, 2, 8, 32, 8, 1e-5
CASES = [  # seed, T, stage
    (1, 24, 0), (2, 24, 1), (3, 24, 2), (4, 40, 0), (5, 12, 0), (6, 60, 1), (7, 17, 2), (8, 33, 0),
]
PER_LAYER = [  # name, shape: every tensor of one layer, in the order their seeds are drawn
    ("self_attn.q_proj.weight", (HEADS * HEAD_DIM, HIDDEN)), ("self_attn.k_proj.weight", (HEADS * HEAD_DIM, HIDDEN)),
    ("self_attn.v_proj.weight", (HEADS * HEAD_DIM, HIDDEN)), ("self_attn.o_proj.weight", (HIDDEN, HEADS * HEAD_DIM)),
    ("mlp.gate_proj.weight", (FFN, HIDDEN)), ("mlp.up_proj.weight", (FFN, HIDDEN)),
    ("mlp.down_proj.weight", (HIDDEN, FFN)), ("input_layernorm.weight", (HIDDEN,)),
    ("post_attention_layernorm.weight", (HIDDEN,)),
]
WEIGHTS = ([("model.language_model.embed_tokens.weight", (VOCAB, HIDDEN))]
           + [(f"model.language_model.layers.{i}.{n}", s) for i in range(2) for n, s in PER_LAYER]
           + [("model.language_model.norm.weight", (HIDDEN,)), ("lm_head.weight", (VOCAB, HIDDEN))])


def weight(i: int) -> torch.Tensor:
    name, shape = WEIGHTS[i]
    v = tensor(1000 + i, shape) / 16
    return 1 + v if name.endswith("norm.weight") else v


def weights() -> dict:
    return {name: weight(i) for i, (name, _) in enumerate(WEIGHTS)}


def causal_mask_stand_in(attention_mask, shape, inputs_embeds, past_key_values_length=0):
    """transformers 4.37 _prepare_4d_causal_attention_mask for an all-ones 2-D mask and no past."""
    bsz, q = shape
    full = torch.full((q, q), torch.finfo(inputs_embeds.dtype).min, dtype=inputs_embeds.dtype).triu(1)
    return full[None, None].expand(bsz, 1, q, q)


def official(repo: Path):
    """Compiles pdrop_rank_drop and its helpers from the official file; returns (rank_drop, RMSNorm, Rotary)."""
    source = (repo / OFFICIAL_FILE).read_text()
    wanted = {"rotate_half", "apply_rotary_pos_emb", "LlamaRMSNorm", "LlamaRotaryEmbedding"}
    body = []
    for node in ast.parse(source).body:
        if getattr(node, "name", None) in wanted:
            body.append(node)
        if isinstance(node, ast.ClassDef) and node.name == "LlamaModel":
            body += [f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "pdrop_rank_drop"]
    found = {n.name for n in body}
    if found != wanted | {"pdrop_rank_drop"}:
        sys.exit(f"{repo / OFFICIAL_FILE}: missing {sorted(wanted | {'pdrop_rank_drop'} - found)}")
    scope = {"torch": torch, "nn": nn, "math": math, "IGNORE_INDEX": -100,
             "_prepare_4d_causal_attention_mask": causal_mask_stand_in}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(repo / OFFICIAL_FILE), "exec"), scope)
    return scope["pdrop_rank_drop"], scope["LlamaRMSNorm"], scope["LlamaRotaryEmbedding"]


def layer0(w: dict) -> tuple:
    cfg = LlamaConfig(hidden_size=HIDDEN, intermediate_size=FFN, num_hidden_layers=2, num_attention_heads=HEADS,
                      num_key_value_heads=HEADS, head_dim=HEAD_DIM, rms_norm_eps=EPS, rope_theta=10000.0,
                      max_position_embeddings=2048, vocab_size=VOCAB)
    cfg._attn_implementation = "eager"
    layer = LlamaDecoderLayer(cfg, 0).eval()
    prefix = "model.language_model.layers.0."
    layer.load_state_dict({n: w[prefix + n] for n, _ in PER_LAYER})
    return layer, LlamaRotaryEmbedding(cfg)


def official_layer1(w: dict, rms_norm, rotary) -> SimpleNamespace:
    prefix = "model.language_model.layers.1."
    norm = rms_norm(HIDDEN, eps=EPS)
    norm.weight.data = w[prefix + "input_layernorm.weight"].clone()
    proj = {}
    for p in ("q_proj", "k_proj", "v_proj"):
        proj[p] = nn.Linear(HIDDEN, HEADS * HEAD_DIM, bias=False)
        proj[p].weight.data = w[prefix + "self_attn." + p + ".weight"].clone()
    attn = SimpleNamespace(num_heads=HEADS, num_key_value_heads=HEADS, head_dim=HEAD_DIM,
                           rotary_emb=rotary(HEAD_DIM, max_position_embeddings=2048, base=10000), **proj)
    return SimpleNamespace(input_layernorm=norm, self_attn=attn)


def boundary_gap(scores: torch.Tensor, k: int) -> float:
    """(k-th - (k+1)-th largest) / k-th: how far the choice is from resting on rounding."""
    top = scores.topk(k + 1).values
    return float((top[k - 1] - top[k]) / top[k - 1])


def case(rank_drop, w, layer, rotary, layer1, seed, t, stage) -> list[int]:
    n = int(IMAGE_TOKENS * RATIOS[stage])
    keep = int(IMAGE_TOKENS * RATIOS[stage + 1])
    s = VISUAL_START + n + t
    h0 = tensor(seed, (s, HIDDEN))
    pos = torch.arange(s)[None]
    mask = causal_mask_stand_in(None, (1, s), h0)
    h1 = layer(h0[None], attention_mask=mask, position_ids=pos, position_embeddings=rotary(h0[None], pos))
    h1 = h1[0] if isinstance(h1, tuple) else h1  # (1, S, D)
    model = SimpleNamespace(config=SimpleNamespace(), training=False, layers=[None, layer1],
                            image_tokens=[IMAGE_TOKENS], image_token_ratio_list=RATIOS,
                            image_token_posi=[VISUAL_START], prompt_len=[VISUAL_START + t])
    _, _, out, _ = rank_drop(model, cur_num=stage, rank_layer=1, features=h1, position_ids=pos,
                             attention_mask=None, labels=None)
    rows = {tuple(h1[0, VISUAL_START + j].tolist()): j for j in range(n)}
    if len(rows) != n:
        sys.exit(f"case seed {seed}: two visual rows of h1 are equal; choose another seed")
    kept = [rows[tuple(r.tolist())] for r in out[0, VISUAL_START:VISUAL_START + keep]]
    if out.shape[1] != s - n + keep or kept != sorted(kept):
        sys.exit(f"case seed {seed}: unexpected output layout {tuple(out.shape)} / order {kept[:8]}")
    scores = own_scores(layer1, h1[0], pos, t, n)
    if sorted(scores.topk(keep).indices.tolist()) != kept:
        sys.exit(f"case seed {seed}: the official selection is not the top {keep} of the recomputed scores")
    gap = boundary_gap(scores, keep)
    if gap < 1e-4:
        sys.exit(f"case seed {seed}: the keep boundary rests on a relative gap {gap:.2e}; choose another seed")
    print(f"case seed {seed} T {t} stage {stage}: N {n} keep {keep}, boundary gap {gap:.2e}, visual share "
          f"{float(scores.sum()):.3f}, max / min {float(scores.max() / scores.min()):.1f}")
    return [n, keep] + kept


def own_scores(layer1, h1, pos, t, n) -> torch.Tensor:
    """Independent recomputation of the visual scores (N), to check the reading of the official code and measure
    the boundary gap."""
    a = layer1.self_attn
    x = layer1.input_layernorm(h1)
    q = a.q_proj(x[-1:]).view(1, HEADS, HEAD_DIM).transpose(0, 1)
    k = a.k_proj(x).view(-1, HEADS, HEAD_DIM).transpose(0, 1)
    cos, sin = a.rotary_emb(q, seq_len=h1.shape[0])
    c, s_ = cos[pos[0]], sin[pos[0]]
    half = HEAD_DIM // 2
    rot = lambda v: torch.cat((-v[..., half:], v[..., :half]), -1)
    q = q * c[-1:] + rot(q) * s_[-1:]
    k = k * c + rot(k) * s_
    p = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(HEAD_DIM), -1).mean(0)[0]
    return p[VISUAL_START:VISUAL_START + n]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pdrop-repo", type=Path, required=True)
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent.parent / "lvlm/src/test/resources/pdrop")
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    rank_drop, rms_norm, rotary_cls = official(a.pdrop_repo)
    w = weights()
    layer, rotary = layer0(w)
    layer1 = official_layer1(w, rms_norm, rotary_cls)
    import transformers
    rows = [f"# {OFFICIAL_FILE} LlamaModel.pdrop_rank_drop (rank_layer 1), layer 0 by transformers "
            f"{transformers.__version__} LlamaDecoderLayer, torch {torch.__version__}; visual start {VISUAL_START}, "
            f"D {HIDDEN}, H = Hkv {HEADS}, d {HEAD_DIM}, F {FFN}, rms eps {EPS}, rope theta 10000",
            "# seed T stage | N keep | kept (relative to the visual start, ascending)"]
    with torch.no_grad():
        for seed, t, stage in CASES:
            out = case(rank_drop, w, layer, rotary, layer1, seed, t, stage)
            rows.append(f"{seed} {t} {stage} | {out[0]} {out[1]} | " + " ".join(map(str, out[2:])))
    (a.out / "selection.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
