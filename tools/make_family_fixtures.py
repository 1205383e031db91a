"""Regenerate the model-family fixtures (LLaVA variants, LLaVA-NeXT, LLaVA-OneVision) and their references.

    tools/.venv/bin/python tools/make_family_fixtures.py --only llava llava_next      # PIL image processors
    /tmp/ovl/bin/python tools/make_family_fixtures.py --only llava_onevision llava_next_video  # torchvision

Unlike make_parity_fixtures.py, every file of a folder is written by transformers itself (model and processor
save_pretrained); the references are then computed from the folder reloaded with from_pretrained / AutoProcessor.
"""

import argparse
import importlib.util
import shutil
from pathlib import Path

import tokenizers
import torch
import transformers
from safetensors import safe_open
from safetensors.torch import save_file
from transformers import AutoImageProcessor, AutoProcessor

from make_parity_fixtures import DEFAULT_OUT, compact_json
from parity import family_list
from parity.families import FamilySpec, family_config
from parity.family_files import family_processor
from parity.family_reference import family_prompt_reference
from parity.family_notes import anyres, notes
from parity.family_pruned import pruned_reference
from parity.media import draw_family_images, draw_videos, frame_files
from parity.weights import seed_parameters

MODEL_CLASSES = {"llava": "LlavaForConditionalGeneration", "llava_next": "LlavaNextForConditionalGeneration",
                 "llava_onevision": "LlavaOnevisionForConditionalGeneration",
                 "llava_next_video": "LlavaNextVideoForConditionalGeneration"}


def model_class(spec: FamilySpec):
    return getattr(transformers, MODEL_CLASSES[spec.model_type])


def check_backend(spec: FamilySpec) -> None:
    """OneVision needs torchvision (video processor); the other families are recorded with the PIL processors."""
    present = importlib.util.find_spec("torchvision") is not None
    if present != spec.needs_torchvision:
        raise SystemExit(f"{spec.name}: expected torchvision {'installed' if spec.needs_torchvision else 'absent'}"
                         f" in this interpreter, found it {'installed' if present else 'absent'}")


def write_checkpoint(spec: FamilySpec, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    model = seed_parameters(model_class(spec)(family_config(spec)), spec.seed)
    model.save_pretrained(folder)
    family_processor(spec).save_pretrained(folder)


def load_pair(spec: FamilySpec, folder: Path):
    model, info = model_class(spec).from_pretrained(folder, dtype=torch.float32, attn_implementation="eager",
                                                    output_loading_info=True)
    if any(info.values()):  # a key the loader did not map would silently stay randomly initialised
        raise ValueError(f"{folder}: expected every checkpoint key to load, found {info}")
    processor = AutoProcessor.from_pretrained(folder)
    if spec.model_type == "llava_next_video":
        # With torchvision present AutoProcessor takes the torchvision image processor, which rounds some pixels one
        # 8-bit level away from Pillow; NeXT-Video's images are recorded with the Pillow one, as llava_next's are.
        processor.image_processor = AutoImageProcessor.from_pretrained(folder, backend="pil")
    return model.eval(), processor


def weight_names(folder: Path) -> dict[str, list[str]]:
    """Tensor names of model.safetensors grouped by their first two name parts."""
    with safe_open(folder / "model.safetensors", "pt") as f:
        names = sorted(f.keys())
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(".".join(name.split(".")[:2]), []).append(name)
    return groups


def write_references(spec: FamilySpec, folder: Path) -> None:
    out = folder / "reference"
    out.mkdir()
    images, videos = draw_family_images(), draw_videos()
    model, processor = load_pair(spec, folder)
    records, tensors, pruned = [], {}, []
    for prompt in spec.prompts:
        if prompt.kind == "image":
            media = images[prompt.media]
            media.save(out / prompt.media, optimize=False)
        else:
            media = videos[prompt.media]
            for name, frame in frame_files(prompt.media, media).items():
                frame.save(out / name, optimize=False)
        record, inputs, found = family_prompt_reference(model, processor, prompt, media,
                                                        with_hidden=prompt.id in spec.hidden_prompts)
        if prompt.kind == "image" and spec.model_type != "llava":
            record["anyres"] = anyres(spec, model, processor, record, media)
        records.append(record)
        tensors.update(found)
        if prompt.id in spec.pruned_prompts:
            pruned.append(pruned_reference(model, inputs, record, tensors))
    text = model.config.text_config
    summary = {
        "fixture": spec.name, "model_type": model.config.model_type, "text_model_type": text.model_type,
        "vision_model_type": model.config.vision_config.model_type,
        "versions": {"transformers": transformers.__version__, "torch": torch.__version__,
                     "tokenizers": tokenizers.__version__},
        "compute": "float32 on CPU, attn_implementation eager, one thread",
        "processor_class": type(processor).__name__,
        "image_processor_class": type(processor.image_processor).__name__,
        "video_processor_class": type(getattr(processor, "video_processor", None)).__name__
        if getattr(processor, "video_processor", None) is not None else None,
        "image_token_id": model.config.image_token_id,
        "video_token_id": getattr(model.config, "video_token_id", None),
        "bos_token_id": text.bos_token_id, "eos_token_id": text.eos_token_id, "pad_token_id": text.pad_token_id,
        "vocab_size": text.vocab_size, "tie_word_embeddings": spec.tied,
        "generation": {"max_new_tokens": 8, "do_sample": False, "eos_token_id": model.generation_config.eos_token_id},
        "vision_feature_layer": model.config.vision_feature_layer,
        "vision_feature_select_strategy": model.config.vision_feature_select_strategy,
        "weight_names": {k: v[:4] + ([f"... {len(v)} in all"] if len(v) > 4 else [])
                         for k, v in weight_names(folder).items()},
        "prompts": records, "pruned": pruned,
    }
    summary.update(notes(spec, model, processor, images))
    save_file(tensors, out / "reference.safetensors", metadata={"format": "pt"})
    (out / "reference.json").write_text(compact_json(summary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixtures folder (one sub-folder each)")
    parser.add_argument("--only", nargs="*", default=None, help="model_types or fixture names to build")
    args = parser.parse_args()
    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()
    for spec in family_list.ALL:
        if args.only and spec.model_type not in args.only and spec.name not in args.only:
            continue
        check_backend(spec)
        folder = args.out / spec.name
        write_checkpoint(spec, folder)
        write_references(spec, folder)
        print(f"{spec.name}: {sum(f.stat().st_size for f in folder.rglob('*') if f.is_file())} bytes")


if __name__ == "__main__":
    main()
