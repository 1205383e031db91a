"""config.json, generation_config.json and the tokenizer / processor files of a fixture folder."""

import json
from pathlib import Path

from transformers import LlavaForConditionalGeneration

from .specs import IMAGE_SIZE, PATCH_SIZE, FixtureSpec
from .vocab import BOS, EOS, IMAGE, PAD, ROLE_TOKENS, TOKEN_ID, UNK, build_tokenizer

# LLaVA-1.5 conversation format: "USER: <image>\n{question} ASSISTANT:" (images first, then the text).
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{%- if message['role'] != 'system' -%}{{ message['role'] | upper }}: {% endif -%}"
    "{%- if message['content'] is string -%}{{ message['content'] }} {% else -%}"
    "{%- for part in message['content'] if part['type'] == 'image' -%}{{ '<image>\\n' }}{%- endfor -%}"
    "{%- for part in message['content'] if part['type'] == 'text' -%}{{ part['text'] }} {% endfor -%}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}ASSISTANT:{%- endif -%}"
)
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def _dump(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def write_config(model: LlavaForConditionalGeneration, spec: FixtureSpec, folder: Path) -> None:
    """transformers-5 config.json (dtype, rope_parameters), or the legacy form published llava-hf repos carry."""
    model.config.save_pretrained(folder)
    model.generation_config.save_pretrained(folder)
    path = folder / "config.json"
    config = json.loads(path.read_text())
    config.pop("dtype", None)
    if spec.naming == "legacy":
        config["torch_dtype"] = spec.dtype
        text = config["text_config"]
        rope = text.pop("rope_parameters")
        if rope != {"rope_theta": spec.rope_theta, "rope_type": "default"}:
            raise ValueError(f"rope_parameters: expected default rope with theta {spec.rope_theta}, found {rope}")
        text["rope_theta"] = spec.rope_theta
        text["rope_scaling"] = None
        config["text_config"] = dict(sorted(text.items()))
    else:
        config["dtype"] = spec.dtype
    _dump(path, dict(sorted(config.items())))


def write_tokenizer_files(folder: Path, token_id: dict[str, int] = TOKEN_ID, model_max_length: int = 256) -> None:
    build_tokenizer(token_id).save(str(folder / "tokenizer.json"), pretty=True)
    specials = {"bos_token": BOS, "eos_token": EOS, "unk_token": UNK, "pad_token": PAD}
    added = {
        str(token_id[t]): {"content": t, "lstrip": False, "normalized": False, "rstrip": False,
                           "single_word": False, "special": t not in ROLE_TOKENS}
        for t in sorted((UNK, BOS, EOS, IMAGE, PAD, *ROLE_TOKENS), key=token_id.get)
    }
    _dump(folder / "tokenizer_config.json", {
        "add_bos_token": True, "add_eos_token": False, "added_tokens_decoder": added,
        **specials, "image_token": IMAGE, "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False, "model_max_length": model_max_length, "padding_side": "left",
        "processor_class": "LlavaProcessor", "tokenizer_class": "PreTrainedTokenizerFast",
    })
    _dump(folder / "special_tokens_map.json", {**specials, "image_token": IMAGE})


def write_processor_files(folder: Path, image_size: int = IMAGE_SIZE, patch_size: int = PATCH_SIZE) -> None:
    """CLIPImageProcessor settings of llava-1.5 scaled to image_size px, and the LlavaProcessor token expansion."""
    _dump(folder / "preprocessor_config.json", {
        "crop_size": {"height": image_size, "width": image_size}, "do_center_crop": True, "do_convert_rgb": True,
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": CLIP_MEAN,
        "image_processor_type": "CLIPImageProcessor", "image_std": CLIP_STD, "processor_class": "LlavaProcessor",
        "resample": 3, "rescale_factor": 1 / 255, "size": {"shortest_edge": image_size},
    })
    _dump(folder / "processor_config.json", {
        "image_token": IMAGE, "num_additional_image_tokens": 1, "patch_size": patch_size,
        "processor_class": "LlavaProcessor", "vision_feature_select_strategy": "default",
    })
