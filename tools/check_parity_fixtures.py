"""Load every fixture back the way a user would (offline) and reproduce its stored references.

    tools/.venv/bin/python tools/check_parity_fixtures.py [--fixtures lvlm/src/test/resources/fixtures]

The checks take other paths than the generator where transformers offers one: the default (sdpa) attention
instead of eager, output_hidden_states instead of layer hooks, AutoProcessor/AutoTokenizer instead of
LlavaProcessor, a hand-written CLIP preprocessing, and the raw safetensors bytes for the weights.
"""

import argparse
import json
import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from PIL import Image  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from transformers import AutoProcessor, AutoTokenizer, LlavaForConditionalGeneration  # noqa: E402

from parity import specs  # noqa: E402
from parity.files import CLIP_MEAN, CLIP_STD  # noqa: E402
from parity.weights import checkpoint_name  # noqa: E402

ATOL = 1e-4  # float32, different attention kernels: observed differences are ~1e-6


def naive_pixels(image: Image.Image) -> torch.Tensor:
    """(1, 3, 56, 56): shortest edge to 56 (PIL bicubic), centre crop 56x56, /255, CLIP mean/std."""
    width, height = image.size
    size = specs.IMAGE_SIZE
    new_w, new_h = (size, int(size * height / width)) if width <= height else (int(size * width / height), size)
    resized = image.convert("RGB").resize((new_w, new_h), Image.BICUBIC)
    top, left = (new_h - size) // 2, (new_w - size) // 2
    crop = np.asarray(resized.crop((left, top, left + size, top + size)), dtype=np.float32) / 255.0
    normalised = (crop - np.array(CLIP_MEAN, dtype=np.float32)) / np.array(CLIP_STD, dtype=np.float32)
    return torch.from_numpy(normalised.transpose(2, 0, 1).copy()).unsqueeze(0)


def close(label: str, found: torch.Tensor, expected: torch.Tensor, atol: float = ATOL) -> float:
    if found.shape != expected.shape:
        raise AssertionError(f"{label}: expected shape {tuple(expected.shape)}, found {tuple(found.shape)}")
    diff = (found.float() - expected.float()).abs().max().item()
    if diff > atol:
        raise AssertionError(f"{label}: expected max |diff| <= {atol}, found {diff}")
    return diff


def check_weights(spec, folder: Path, model) -> None:
    raw = {}
    for file in json.loads((folder / "reference/reference.json").read_text())["weight_files"]:
        raw.update(load_file(folder / file))
    state = model.state_dict()
    expected_names = {checkpoint_name(k, spec.naming) for k in state}
    if expected_names != set(raw):
        raise AssertionError(f"{spec.name}: key set differs: {sorted(expected_names ^ set(raw))[:5]}")
    for name, tensor in state.items():
        stored = raw[checkpoint_name(name, spec.naming)]
        if str(stored.dtype) != f"torch.{spec.dtype}" or not torch.equal(tensor, stored.to(torch.float32)):
            raise AssertionError(f"{spec.name}: {name} not loaded bit-exactly from {spec.dtype}")


@torch.no_grad()
def check_prompt(model, processor, tokenizer, folder: Path, record: dict, refs: dict, diffs: dict) -> None:
    pid, text = record["id"], record["prompt"]
    messages = [{"role": "user", "content": ([{"type": "image"}] if record["image"] else [])
                 + [{"type": "text", "text": record["question"]}]}]
    templated = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    if templated != text:
        raise AssertionError(f"{pid}: chat template gives {templated!r}, expected {text!r}")
    image = Image.open(folder / "reference" / record["image"]) if record["image"] else None
    inputs = processor(images=image, text=text, return_tensors="pt") if image else processor(text=text,
                                                                                              return_tensors="pt")
    if inputs["input_ids"][0].tolist() != record["input_ids"]:
        raise AssertionError(f"{pid}: input_ids differ from the processor's")
    if tokenizer(text)["input_ids"] != record["input_ids_unexpanded"]:
        raise AssertionError(f"{pid}: unexpanded input_ids differ from the tokenizer's")
    if image is not None:
        diffs["pixel_values"] = max(diffs.get("pixel_values", 0), close(f"{pid} pixels", inputs["pixel_values"],
                                                                        refs[f"{pid}.pixel_values"], 0))
        close(f"{pid} naive pixels", naive_pixels(image), refs[f"{pid}.pixel_values"], 1e-5)
        features = model.get_image_features(pixel_values=inputs["pixel_values"]).pooler_output[0]
        diffs["image_features"] = close(f"{pid} image features", features, refs[f"{pid}.image_features"])
    out = model(**inputs, output_hidden_states=True)
    diffs["logits"] = max(diffs.get("logits", 0), close(f"{pid} logits", out.logits[0], refs[f"{pid}.logits"]))
    if f"{pid}.decoder_layer_inputs" in refs:
        stored = refs[f"{pid}.decoder_layer_inputs"]  # (layers + 1, seq, hidden)
        layers = stored.shape[0] - 1
        found = torch.stack(out.hidden_states[:layers])[:, 0]  # embeddings, then each layer's output
        diffs["decoder_layer_inputs"] = close(f"{pid} decoder inputs", found, stored[:layers])
        final = model.model.language_model.norm(stored[layers])  # last entry is the final norm's input
        close(f"{pid} final norm", final, out.hidden_states[layers][0])
    if f"{pid}.vision_hidden_states" in refs:
        vision = model.model.vision_tower(inputs["pixel_values"], output_hidden_states=True)
        close(f"{pid} vision states", torch.stack(vision.hidden_states)[:, 0], refs[f"{pid}.vision_hidden_states"])
        close(f"{pid} selected", vision.hidden_states[model.config.vision_feature_layer][0, 1:],
              refs[f"{pid}.vision_selected"])
    generated = model.generate(**inputs, max_new_tokens=8, do_sample=False)[0, inputs["input_ids"].shape[1]:]
    if generated.tolist() != record["generated_ids"]:
        raise AssertionError(f"{pid}: generated {generated.tolist()}, expected {record['generated_ids']}")


@torch.no_grad()
def check_pruned(model, processor, folder: Path, summary: dict, refs: dict, diffs: dict) -> None:
    """Rebuild the pruned prefill by hand: merged embeddings, gather, language model with explicit positions."""
    pruned = summary["pruned"]
    record = next(r for r in summary["prompts"] if r["id"] == pruned["prompt"])
    inputs = processor(images=Image.open(folder / "reference" / record["image"]), text=record["prompt"],
                       return_tensors="pt")
    ids = inputs["input_ids"]
    embeds = model.get_input_embeddings()(ids)
    start, _ = record["image_token_positions"]
    features = model.get_image_features(pixel_values=inputs["pixel_values"]).pooler_output[0]
    embeds[0, start:start + features.shape[0]] = features
    kept = pruned["kept_sequence_positions"]
    expected_kept = [p for p in range(ids.shape[1]) if ids[0, p] != summary["image_token_id"]]
    expected_kept = sorted(expected_kept + [start + i for i in pruned["kept_visual_indices"]])
    if kept != expected_kept or pruned["input_ids"] != [ids[0, p].item() for p in kept]:
        raise AssertionError(f"pruned: kept positions {kept}, expected {expected_kept}")
    results = {}
    for name, variant in pruned["variants"].items():
        hidden = model.model.language_model(inputs_embeds=embeds[:, kept], position_ids=torch.tensor(
            [variant["position_ids"]]), attention_mask=torch.ones(1, len(kept), dtype=torch.long)).last_hidden_state
        results[name] = model.lm_head(hidden)[0]
        diffs[f"pruned_{name}"] = close(f"pruned {name}", results[name], refs[variant["logits"]])
    if (results["original_positions"] - results["reindexed_positions"]).abs().max() < 1e-3:
        raise AssertionError("pruned: the two position variants should give different logits")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=Path(__file__).resolve().parent.parent
                        / "lvlm/src/test/resources/fixtures")
    args = parser.parse_args()
    transformers.logging.set_verbosity_error()
    for spec in specs.ALL:
        folder = args.fixtures / spec.name
        summary = json.loads((folder / "reference/reference.json").read_text())
        refs = load_file(folder / "reference/reference.safetensors")
        model, info = LlavaForConditionalGeneration.from_pretrained(folder, dtype=torch.float32,
                                                                    output_loading_info=True)
        if any(info.values()):
            raise AssertionError(f"{spec.name}: loading left keys unmatched: {info}")
        check_weights(spec, folder, model.eval())
        processor, tokenizer = AutoProcessor.from_pretrained(folder), AutoTokenizer.from_pretrained(folder)
        diffs = {}
        for record in summary["prompts"]:
            check_prompt(model, processor, tokenizer, folder, record, refs, diffs)
        if "pruned" in summary:
            check_pruned(model, processor, folder, summary, refs, diffs)
        found = ", ".join(f"{k} {v:.1e}" for k, v in diffs.items())
        print(f"{spec.name}: OK ({type(processor).__name__}, {type(tokenizer).__name__}, "
              f"{model.config._attn_implementation}); max |diff| {found}")


if __name__ == "__main__":
    main()
