"""The model folder: tokenizer and processor files first (training builds prompts with them), weights last."""

from pathlib import Path

from parity.files import CHAT_TEMPLATE, write_config, write_processor_files, write_tokenizer_files
from parity.weights import write_weights
from .spec import ModelSpec


def write_text_files(folder: Path, spec: ModelSpec, token_id: dict[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_tokenizer_files(folder, token_id, model_max_length=spec.max_positions)
    write_processor_files(folder, image_size=spec.image_size, patch_size=spec.patch_size)
    # The same template again where transformers 5 processors look for it (tokenizer_config.json has it too).
    (folder / "chat_template.jinja").write_text(CHAT_TEMPLATE)


def write_model(model, spec: ModelSpec, folder: Path) -> list[str]:
    """config.json, generation_config.json and model.safetensors (float32, hf-4.52 key naming)."""
    files = write_weights(model, spec, folder)
    write_config(model, spec, folder)
    return files
