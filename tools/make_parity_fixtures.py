"""Regenerate every tiny LLaVA parity fixture and its transformers reference outputs.

    tools/.venv/bin/python tools/make_parity_fixtures.py [--out lvlm/src/test/resources/fixtures]
"""

import argparse
import json
import re
import shutil
from pathlib import Path

import tokenizers
import torch
import transformers
from safetensors.torch import save_file

from parity import specs
from parity.images import IMAGE_PROMPTS, TEXT_PROMPT, draw_images
from parity.files import write_config, write_processor_files, write_tokenizer_files
from parity.pruned import KEPT_VISUAL, pruned_logits
from parity.reference import MAX_NEW_TOKENS, load_pair, prompt_reference
from parity.weights import random_model, write_weights

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "lvlm/src/test/resources/fixtures"


def write_checkpoint(spec: specs.FixtureSpec, folder: Path) -> list[str]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    model = random_model(spec)
    files = write_weights(model, spec, folder)
    write_config(model, spec, folder)
    write_tokenizer_files(folder)
    write_processor_files(folder)
    return files


def write_references(spec: specs.FixtureSpec, folder: Path, weight_files: list[str]) -> None:
    out = folder / "reference"
    out.mkdir()
    images = draw_images()
    for name, image in images.items():
        image.save(out / name, optimize=False)
    model, processor = load_pair(folder)
    records, tensors = [], {}
    prompts = list(IMAGE_PROMPTS) + ([TEXT_PROMPT] if spec.text_only_prompt else [])
    for index, prompt in enumerate(prompts):
        image = images[prompt.image] if prompt.image else None
        record, found = prompt_reference(model, processor, prompt, image, with_hidden=index == 0)
        records.append(record)
        tensors.update(found)
    summary = {
        "fixture": spec.name,
        "versions": {"transformers": transformers.__version__, "torch": torch.__version__,
                     "tokenizers": tokenizers.__version__},
        "weight_files": weight_files, "weights_dtype": spec.dtype, "safetensors_naming": spec.naming,
        "compute": "float32 on CPU, attn_implementation eager, weights widened from the stored dtype",
        "image_processor_class": type(processor.image_processor).__name__,
        "image_token_id": model.config.image_token_id, "bos_token_id": model.config.text_config.bos_token_id,
        "eos_token_id": model.config.text_config.eos_token_id, "pad_token_id": model.config.text_config.pad_token_id,
        "vocab_size": model.config.text_config.vocab_size,
        "generation": {"max_new_tokens": MAX_NEW_TOKENS, "do_sample": False, "eos_token_id":
                       model.generation_config.eos_token_id},
        "vision_feature_layer": model.config.vision_feature_layer,
        "vision_feature_shapes": {"vision_hidden_states": [model.config.vision_config.num_hidden_layers + 1, 17, 32],
                                  "vision_selected": [16, 32], "image_features": [16, 64]},
        "hidden_states_prompt": prompts[0].id,
        "prompts": records,
    }
    if spec.pruned:
        summary["pruned"] = pruned_reference(model, processor, images, tensors)
    save_file(tensors, out / "reference.safetensors", metadata={"format": "pt"})
    (out / "reference.json").write_text(compact_json(summary))


def compact_json(value) -> str:
    """Indented JSON with each list of numbers on one line (id sequences stay readable)."""
    text = json.dumps(value, indent=2)
    return re.sub(r"\[\s+([-0-9.e, \n]+?)\s+\]", lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",")
                  + "]", text) + "\n"


def pruned_reference(model, processor, images, tensors) -> dict:
    prompt = IMAGE_PROMPTS[0]
    inputs = processor(images=images[prompt.image], text=prompt.text(), return_tensors="pt")
    full, _, _ = pruned_logits(model, inputs, range(16), reindex=False)  # keeping all 16 must change nothing
    torch.testing.assert_close(full, tensors[f"{prompt.id}.logits"], rtol=0, atol=1e-5)
    variants = {}
    for variant, reindex in (("original_positions", False), ("reindexed_positions", True)):
        logits, kept, position_ids = pruned_logits(model, inputs, KEPT_VISUAL, reindex)
        key = f"{prompt.id}.pruned_{variant}.logits"
        tensors[key] = logits.contiguous()
        variants[variant] = {"position_ids": position_ids, "logits": key, "shape": list(logits.shape)}
    return {"prompt": prompt.id, "kept_visual_indices": list(KEPT_VISUAL), "kept_sequence_positions": kept,
            "input_ids": [inputs["input_ids"][0, p].item() for p in kept], "variants": variants}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixtures folder (one sub-folder each)")
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread: the same summation order on every run
    transformers.logging.set_verbosity_error()
    for spec in specs.ALL:
        folder = args.out / spec.name
        files = write_checkpoint(spec, folder)
        write_references(spec, folder, files)
        print(f"{spec.name}: {sum(f.stat().st_size for f in folder.rglob('*') if f.is_file())} bytes")


if __name__ == "__main__":
    main()
