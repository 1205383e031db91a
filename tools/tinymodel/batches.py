"""Prompt ids built through the folder's own chat template, and left-padded training batches."""

import io

import numpy as np
import torch
from PIL import Image

from parity.files import CLIP_MEAN, CLIP_STD
from .vocab import SHORT_ANSWER

MEAN = torch.tensor(CLIP_MEAN).view(3, 1, 1)  # (3, 1, 1)
STD = torch.tensor(CLIP_STD).view(3, 1, 1)  # (3, 1, 1)


def question_text(question: str, with_suffix: bool) -> str:
    return f"{question}\n{SHORT_ANSWER}" if with_suffix else question


class PromptIds:
    """Token ids of "USER: <image>\\n{text} ASSISTANT:" with <image> expanded to the visual tokens, cached."""

    def __init__(self, processor, visual_tokens: int):
        self.processor = processor
        self.tokenizer = processor.tokenizer
        self.image_id = self.tokenizer.convert_tokens_to_ids(processor.image_token)
        self.visual_tokens = visual_tokens
        self.cache: dict[str, list[int]] = {}

    def prompt(self, text: str) -> str:
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": text}]}]
        # The template of tokenizer_config.json: the one the Java runtime reads.
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def __call__(self, text: str) -> list[int]:
        if text not in self.cache:
            ids = self.tokenizer(self.prompt(text))["input_ids"]
            if ids.count(self.image_id) != 1 or self.tokenizer.unk_token_id in ids:
                raise ValueError(f"prompt {text!r}: expected one <image> and no <unk>, found ids {ids}")
            at = ids.index(self.image_id)
            self.cache[text] = ids[:at] + [self.image_id] * self.visual_tokens + ids[at + 1:]
        return self.cache[text]

    def answer_id(self, answer: str) -> int:
        ids = self.tokenizer(answer, add_special_tokens=False)["input_ids"]
        if len(ids) != 1 or ids[0] == self.tokenizer.unk_token_id:
            raise ValueError(f"answer {answer!r}: expected one known word, found ids {ids}")
        return ids[0]


def png_pixels(png: bytes, size: int) -> torch.Tensor:
    """(3, size, size) uint8 RGB; the table must hold images of the model's input size (no resize here)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.size != (size, size):
        raise ValueError(f"image: expected {size}x{size} pixels (generate the table with size {size}), "
                         f"found {image.size[0]}x{image.size[1]}")
    return torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1)


def normalise(pixels: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) uint8 -> float32 CLIP input: rescale by 1/255, then (x - mean) / std, as CLIPImageProcessor."""
    return (pixels.float() * (1 / 255) - MEAN) / STD
