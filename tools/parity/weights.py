"""Seeded weights and the two safetensors naming schemes, written single-file or sharded."""

import json
import math
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import LlavaForConditionalGeneration

from .specs import FixtureSpec, llava_config

STORAGE_DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
LM_HEAD_GAIN = 1.5  # logits ~ N(0, 1.5^2) for a unit-RMS final hidden state: greedy picks vary by position


def random_model(spec: FixtureSpec) -> LlavaForConditionalGeneration:
    """A float32 LLaVA whose every parameter is drawn from one seeded generator, in sorted-name order."""
    return seed_parameters(LlavaForConditionalGeneration(llava_config(spec)), spec.seed)


def seed_parameters(model, seed: int):
    """Overwrite every parameter (tied ones once) from one generator, in sorted-name order; float32, eval mode."""
    model = model.to(torch.float32).eval()
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in sorted(model.named_parameters()):
            param.copy_(_draw(name, tuple(param.shape), generator))
    return model


def _draw(name: str, shape: tuple[int, ...], generator: torch.Generator) -> torch.Tensor:
    noise = torch.randn(shape, generator=generator, dtype=torch.float32)
    if len(shape) == 1 and name.endswith("weight"):  # LayerNorm / RMSNorm gains stay near 1
        return 1.0 + 0.1 * noise
    if len(shape) == 1:  # biases and the CLIP class embedding
        return 0.1 * noise
    if name.endswith("embed_tokens.weight") or name.endswith("position_embedding.weight"):
        return noise  # embeddings are used as they are, unit variance keeps them comparable to the features
    fan_in = math.prod(shape[1:])  # Linear (out, in) and the patch Conv2d (out, 3, 14, 14)
    gain = LM_HEAD_GAIN if name == "lm_head.weight" else 1.0
    return noise * (gain / math.sqrt(fan_in))


def checkpoint_name(internal: str, naming: str) -> str:
    """Map a transformers-5 parameter name to the file naming of a published checkpoint.

    v5 keeps CLIP without its `vision_model` wrapper in memory; both file schemes below still carry it.
    "hf-4.52": model.language_model.*, model.vision_tower.vision_model.*, model.multi_modal_projector.*, lm_head.*
               (what transformers 4.52-4.57 save_pretrained writes);
    "legacy":  language_model.model.*, language_model.lm_head.*, vision_tower.vision_model.*, multi_modal_projector.*
               (the naming of the published llava-hf checkpoints).
    """
    vision = "model.vision_tower."
    if internal.startswith(vision):
        internal = vision + "vision_model." + internal[len(vision):]
    if naming == "hf-4.52":
        return internal
    if naming != "legacy":
        raise ValueError(f"naming: expected 'hf-4.52' or 'legacy', found {naming!r}")
    if internal == "lm_head.weight":
        return "language_model.lm_head.weight"
    if internal.startswith("model.language_model."):
        return "language_model.model." + internal[len("model.language_model."):]
    if internal.startswith("model."):
        return internal[len("model."):]
    raise ValueError(f"parameter {internal!r}: expected the prefix 'model.' or 'lm_head.'")


def write_weights(model: LlavaForConditionalGeneration, spec: FixtureSpec, folder: Path) -> list[str]:
    """Write the state dict in the spec's dtype and naming; returns the safetensors file names written."""
    dtype = STORAGE_DTYPES[spec.dtype]
    tensors = {checkpoint_name(k, spec.naming): v.detach().to(dtype).contiguous()
               for k, v in model.state_dict().items()}
    if spec.shards == 1:
        save_file(tensors, folder / "model.safetensors", metadata={"format": "pt"})
        return ["model.safetensors"]
    # Sorted names cut into shards of about equal bytes, the way save_pretrained(max_shard_size=...) splits.
    total = sum(t.numel() * t.element_size() for t in tensors.values())
    shard_of, running = {}, 0
    for name in sorted(tensors):
        shard_of[name] = min(running * spec.shards // total, spec.shards - 1)
        running += tensors[name].numel() * tensors[name].element_size()
    weight_map, files = {}, []
    for index in range(spec.shards):
        file = f"model-{index + 1:05d}-of-{spec.shards:05d}.safetensors"
        chunk = [k for k, shard in shard_of.items() if shard == index]
        save_file({k: tensors[k] for k in chunk}, folder / file, metadata={"format": "pt"})
        weight_map.update({k: file for k in chunk})
        files.append(file)
    index_json = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index_json, indent=2) + "\n")
    return files
