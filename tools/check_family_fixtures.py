"""Load every family fixture back offline (AutoModelForImageTextToText, AutoProcessor) and reproduce its references.

    tools/.venv/bin/python tools/check_family_fixtures.py      # llava and llava_next folders
    tools/.venv-tv/bin/python tools/check_family_fixtures.py   # llava_onevision, llava_next_video (torchvision)

Other paths than the generator where transformers offers one: the default (sdpa) attention instead of eager,
the Auto classes, output_hidden_states instead of layer hooks, the media read back from the PNG files, the vision
features from the top-level get_image_features / get_video_features, and a pruned prefill assembled by hand.
"""

import argparse
import importlib.util
import json
import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from PIL import Image  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from transformers import AutoImageProcessor, AutoModelForImageTextToText, AutoProcessor  # noqa: E402

from check_parity_fixtures import close  # noqa: E402
from parity import family_list  # noqa: E402
from parity.family_reference import messages, processor_inputs  # noqa: E402
from parity.media import MediaPrompt  # noqa: E402


def read_media(folder: Path, prompt: MediaPrompt):
    if prompt.kind == "image":
        return Image.open(folder / "reference" / prompt.media)
    frames = sorted((folder / "reference").glob(f"{prompt.media}_frame*.png"), key=lambda p: int(p.stem.split(
        "frame")[1]))
    return np.stack([np.asarray(Image.open(f).convert("RGB")) for f in frames])


@torch.no_grad()
def visual_rows(model, inputs, kind: str) -> torch.Tensor:
    if kind == "video":
        return model.get_video_features(pixel_values_videos=inputs["pixel_values_videos"]).pooler_output[0]
    extra = {"image_sizes": inputs["image_sizes"]} if "image_sizes" in inputs else {}
    return torch.cat(list(model.get_image_features(pixel_values=inputs["pixel_values"], **extra).pooler_output))


@torch.no_grad()
def check_prompt(model, processor, folder: Path, record: dict, refs: dict, diffs: dict) -> None:
    pid = record["id"]
    prompt = MediaPrompt(pid, record["kind"], record["media"], record["question"])
    text = processor.apply_chat_template(messages(prompt), add_generation_prompt=True, tokenize=False)
    if text != record["prompt"]:
        raise AssertionError(f"{pid}: chat template gives {text!r}, expected {record['prompt']!r}")
    inputs = processor_inputs(processor, prompt, text, read_media(folder, prompt))
    if inputs["input_ids"][0].tolist() != record["input_ids"]:
        raise AssertionError(f"{pid}: input_ids differ from the processor's")
    if processor.tokenizer(text)["input_ids"] != record["input_ids_unexpanded"]:
        raise AssertionError(f"{pid}: unexpanded input_ids differ from the tokenizer's")
    pixel_key = "pixel_values_videos" if prompt.kind == "video" else "pixel_values"
    close(f"{pid} {pixel_key}", inputs[pixel_key], refs[f"{pid}.{pixel_key}"], 0)
    if "image_sizes" in record and inputs["image_sizes"].tolist() != record["image_sizes"]:
        raise AssertionError(f"{pid}: image_sizes {inputs['image_sizes'].tolist()}, expected {record['image_sizes']}")
    rows = visual_rows(model, inputs, prompt.kind)
    diffs["visual_features"] = max(diffs.get("visual_features", 0),
                                   close(f"{pid} visual rows", rows, refs[f"{pid}.visual_features"]))
    projected = refs[f"{pid}.projected"]  # (crops or frames, tokens, hidden): the projector of the stored selection
    close(f"{pid} projector", model.model.multi_modal_projector(refs[f"{pid}.vision_selected"]), projected)
    out = model(**inputs, output_hidden_states=True)
    diffs["logits"] = max(diffs.get("logits", 0), close(f"{pid} logits", out.logits[0], refs[f"{pid}.logits"]))
    if f"{pid}.decoder_layer_inputs" in refs:
        stored = refs[f"{pid}.decoder_layer_inputs"]
        layers = stored.shape[0] - 1
        diffs["decoder_layer_inputs"] = close(f"{pid} decoder inputs", torch.stack(out.hidden_states[:layers])[:, 0],
                                              stored[:layers])
        close(f"{pid} final norm", model.model.language_model.norm(stored[layers]), out.hidden_states[layers][0])
    generated = model.generate(**inputs, max_new_tokens=8, do_sample=False)[0, inputs["input_ids"].shape[1]:]
    if generated.tolist() != record["generated_ids"]:
        raise AssertionError(f"{pid}: generated {generated.tolist()}, expected {record['generated_ids']}")
    record["_inputs"], record["_rows"] = inputs, rows


@torch.no_grad()
def check_pruned(model, pruned: dict, record: dict, refs: dict, diffs: dict) -> None:
    """Merged embeddings by hand, gather the kept positions, language model with explicit positions."""
    ids = record["_inputs"]["input_ids"]
    embeds = model.get_input_embeddings()(ids)
    start, end = record["visual_token_positions"]
    embeds[0, start:end] = record["_rows"]
    kept = sorted([p for p in range(ids.shape[1]) if not start <= p < end]
                  + [start + i for i in pruned["kept_visual_indices"]])
    if kept != pruned["kept_sequence_positions"]:
        raise AssertionError(f"{record['id']} pruned: kept positions {pruned['kept_sequence_positions']}, "
                             f"expected {kept}")
    results = {}
    for name, variant in pruned["variants"].items():
        hidden = model.model.language_model(inputs_embeds=embeds[:, kept], position_ids=torch.tensor(
            [variant["position_ids"]]), attention_mask=torch.ones(1, len(kept), dtype=torch.long)).last_hidden_state
        results[name] = model.lm_head(hidden)[0]
        diffs[f"pruned_{name}"] = close(f"{record['id']} pruned {name}", results[name], refs[variant["logits"]])
    if (results["original_positions"] - results["reindexed_positions"]).abs().max() < 1e-3:
        raise AssertionError(f"{record['id']} pruned: the two position variants should give different logits")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=Path(__file__).resolve().parent.parent
                        / "lvlm/src/test/resources/fixtures")
    args = parser.parse_args()
    transformers.logging.set_verbosity_error()
    torchvision = importlib.util.find_spec("torchvision") is not None
    for spec in family_list.ALL:
        if spec.needs_torchvision != torchvision:
            print(f"{spec.name}: skipped (checked in an interpreter {'with' if spec.needs_torchvision else 'without'}"
                  f" torchvision)")
            continue
        folder = args.fixtures / spec.name
        summary = json.loads((folder / "reference/reference.json").read_text())
        refs = load_file(folder / "reference/reference.safetensors")
        model, info = AutoModelForImageTextToText.from_pretrained(folder, dtype=torch.float32,
                                                                  output_loading_info=True)
        if any(info.values()):
            raise AssertionError(f"{spec.name}: loading left keys unmatched: {info}")
        model.eval()
        processor = AutoProcessor.from_pretrained(folder)
        if spec.model_type == "llava_next_video":  # recorded with the Pillow image processor (make_family_fixtures)
            processor.image_processor = AutoImageProcessor.from_pretrained(folder, backend="pil")
        if type(processor.image_processor).__name__ != summary["image_processor_class"]:
            raise AssertionError(f"{spec.name}: image processor {type(processor.image_processor).__name__}, "
                                 f"expected {summary['image_processor_class']}")
        diffs = {}
        records = {r["id"]: r for r in summary["prompts"]}
        for record in summary["prompts"]:
            check_prompt(model, processor, folder, record, refs, diffs)
        for pruned in summary["pruned"]:
            check_pruned(model, pruned, records[pruned["prompt"]], refs, diffs)
        found = ", ".join(f"{k} {v:.1e}" for k, v in diffs.items())
        print(f"{spec.name}: OK ({type(model).__name__}, {type(processor).__name__}, "
              f"{model.config._attn_implementation}); max |diff| {found}")


if __name__ == "__main__":
    main()
