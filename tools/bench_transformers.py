"""Generations per second of a transformers loop, beside lvlm's GenerationBenchmark on the same inputs.

A Python harness evaluating pruning configurations calls `generate` once per configuration. This script
does that on CPU with one torch thread (every op then runs on the calling thread, so its CPU time,
reported beside the wall time, holds on a loaded machine): per sample, the image features and merged embeddings once, then
for each configuration the kept rows of `inputs_embeds` (every text row, the kept visual rows, positions
0..S'-1) and `generate(max_new_tokens=4)`, greedy. Configuration 0 keeps every visual token.

It writes the inputs it used (pixels, prompt ids, kept indices) and its generated ids to --out, which
GenerationBenchmark reads, runs the same configurations and checks its ids against these.

Usage:
  bench_transformers.py --model DIR --out DIR [--make-random] [--samples 2] [--configs 25] [--repeats 3]
                        [--only single|sweep]

--make-random writes a random mid-size LLaVA (decoder 8 layers, hidden 1024, SwiGLU 2816, 16 heads,
vocabulary 1024; CLIP 336 px / 14 px, so 576 visual tokens) to --model first, in the llava-hf layout
(save_pretrained) plus the test fixtures' word-level tokenizer, which lvlm's loader needs.
"""

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

import torch
from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = ROOT / "lvlm/src/test/resources/fixtures/tiny-llava-mha/tokenizer.json"
NEW_TOKENS = 4


def make_random(folder: Path) -> None:
    text = LlamaConfig(vocab_size=1024, hidden_size=1024, intermediate_size=2816, num_hidden_layers=8,
                       num_attention_heads=16, num_key_value_heads=16, max_position_embeddings=2048,
                       rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2, pad_token_id=0)
    vision = CLIPVisionConfig(hidden_size=256, intermediate_size=1024, num_hidden_layers=3, num_attention_heads=4,
                              image_size=336, patch_size=14, projection_dim=256)
    config = LlavaConfig(text_config=text, vision_config=vision, image_token_index=150, vision_feature_layer=-2,
                         vision_feature_select_strategy="default", projector_hidden_act="gelu")
    torch.manual_seed(0)
    model = LlavaForConditionalGeneration(config).eval()
    model.save_pretrained(folder, safe_serialization=True)
    shutil.copy(TOKENIZER, folder / "tokenizer.json")
    (folder / "preprocessor_config.json").write_text(json.dumps(
        {"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 336},
         "crop_size": {"height": 336, "width": 336}}))


def inputs(model, samples: int, configs: int, out: Path):
    """Pixels (1, 3, H, W) per sample, one prompt with one image token, and the kept visual indices per configuration."""
    cfg = model.config
    side = cfg.vision_config.image_size
    visual = (side // cfg.vision_config.patch_size) ** 2
    image = cfg.image_token_index
    words = [i for i in range(3, min(cfg.text_config.vocab_size, 60)) if i != image]
    prompt = [1] + words[0:6] + [image] + words[6:16]
    g = torch.Generator().manual_seed(11)
    pixels = [torch.randn(1, 3, side, side, generator=g) for _ in range(samples)]
    kept = [list(range(visual))]
    fractions = (0.5, 0.25, 0.125, 1 / 16)
    for c in range(1, configs):
        k = max(1, round(visual * fractions[c % len(fractions)]))
        kept.append(sorted(torch.randperm(visual, generator=g)[:k].tolist()))
    out.mkdir(parents=True, exist_ok=True)
    for i, p in enumerate(pixels):
        p.numpy().astype("<f4").tofile(out / f"pixels-{i}.f32")
    (out / "inputs.json").write_text(json.dumps({"prompt": prompt, "samples": samples, "kept": kept}))
    return pixels, prompt, kept


@torch.no_grad()
def merged(model, pixels, prompt):
    """(1, S, D) embeddings with the image token expanded to the visual rows; the visual rows' range."""
    image = model.config.image_token_index
    rows = torch.cat(list(model.model.get_image_features(pixel_values=pixels).pooler_output))  # (N, D)
    at = prompt.index(image)
    ids = torch.tensor([prompt[:at] + [image] * rows.shape[0] + prompt[at + 1:]])
    embeds = model.get_input_embeddings()(ids)
    embeds[0, at:at + rows.shape[0]] = rows.to(embeds.dtype)
    return embeds, at


@torch.no_grad()
def generate(model, embeds, at, visual, kept):
    rows = list(range(at)) + [at + i for i in kept] + list(range(at + visual, embeds.shape[1]))
    e = embeds[:, rows]
    out = model.generate(inputs_embeds=e, attention_mask=torch.ones(1, e.shape[1], dtype=torch.long),
                         max_new_tokens=NEW_TOKENS, do_sample=False, num_beams=1)
    return out[0].tolist()


def timed(fn, repeats):
    fn()  # warm-up
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.thread_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
    return times, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--make-random", action="store_true")
    ap.add_argument("--samples", type=int, default=2)
    ap.add_argument("--configs", type=int, default=25)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", choices=("single", "sweep"), help="time one of the two runs (ids are still written)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    if a.make_random and not (a.model / "model.safetensors").exists():
        make_random(a.model)
    model = LlavaForConditionalGeneration.from_pretrained(a.model, dtype=torch.float32).eval()
    pixels, prompt, kept = inputs(model, a.samples, a.configs, a.out)
    visual = len(kept[0])
    ids = []
    for p in ([] if a.only == "single" and (a.out / "hf-ids.json").exists() else pixels):
        embeds, at = merged(model, p, prompt)
        ids.append([generate(model, embeds, at, visual, k) for k in kept])
    if ids:
        (a.out / "hf-ids.json").write_text(json.dumps(ids))

    def single():  # one unpruned generation per sample, vision included
        for p in pixels:
            embeds, at = merged(model, p, prompt)
            generate(model, embeds, at, visual, kept[0])

    def sweep():  # every configuration of every sample, vision once per sample
        for p in pixels:
            embeds, at = merged(model, p, prompt)
            for k in kept:
                generate(model, embeds, at, visual, k)

    for name, fn, n in (("single", single, len(pixels)), ("sweep", sweep, len(pixels) * len(kept))):
        if a.only and a.only != name:
            continue
        t, c = timed(fn, a.repeats)
        print(f"transformers {name}: {n} generations, wall s min {min(t):.3f} median {statistics.median(t):.3f}, "
              f"thread CPU s min {min(c):.3f}; generations/s (min wall) {n / min(t):.2f}, per CPU second {n / min(c):.2f}")
    print(f"load average {Path('/proc/loadavg').read_text().strip()}")
    print(f"torch threads {torch.get_num_threads()}, visual tokens {visual}, prompt {len(prompt) - 1 + visual}")


if __name__ == "__main__":
    main()
