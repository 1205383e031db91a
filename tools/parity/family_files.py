"""Chat templates, tokenizer and processor of a family fixture, all written by transformers' save_pretrained."""

from transformers import (CLIPImageProcessorPil, LlavaNextImageProcessorPil, LlavaNextProcessor,
                          LlavaOnevisionProcessor, LlavaProcessor, PreTrainedTokenizerFast)

from .families import IM_END, FamilySpec
from .files import CHAT_TEMPLATE as LLAVA_15_TEMPLATE, CLIP_MEAN, CLIP_STD
from .vocab import (BOS, CONTROL_TOKENS, EOS, FAMILY_TOKEN_ID, IMAGE, LOWER_ROLES, PAD, ROLE_TOKENS, UNK, VIDEO,
                    build_tokenizer)

# Mistral instruct format of llava-v1.6-mistral: "[INST] <image>\n{question} [/INST]" (<s> comes from the tokenizer).
MISTRAL_TEMPLATE = (
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'user' -%}{{ '[INST] ' }}"
    "{%- for part in message['content'] if part['type'] == 'image' -%}{{ '<image>\\n' }}{%- endfor -%}"
    "{%- for part in message['content'] if part['type'] == 'text' -%}{{ part['text'] }}{%- endfor -%}"
    "{{ ' [/INST]' }}"
    "{%- else -%}"
    "{%- for part in message['content'] if part['type'] == 'text' -%}{{ ' ' + part['text'] + '</s>' }}{%- endfor -%}"
    "{%- endif -%}"
    "{%- endfor -%}"
)
# Qwen2 format of the llava-hf OneVision checkpoints:
# "<|im_start|>user <image>\n{question}<|im_end|>\n<|im_start|>assistant\n" (<video> in place of <image>).
QWEN_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{ '<|im_start|>' + message['role'] + ' ' }}"
    "{%- for part in message['content'] if part['type'] == 'image' -%}{{ '<image>' }}{%- endfor -%}"
    "{%- for part in message['content'] if part['type'] == 'video' -%}{{ '<video>' }}{%- endfor -%}"
    "{%- for part in message['content'] if part['type'] == 'text' -%}{{ '\\n' + part['text'] }}{%- endfor -%}"
    "{{ '<|im_end|>\\n' }}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}{%- endif -%}"
)
# Vicuna format of llava-hf/LLaVA-NeXT-Video-7B-hf: "USER: <image>\n{question} ASSISTANT:" (<video>\n for a video);
# images first, then videos, then the text, as that checkpoint's chat_template.json orders the parts.
NEXT_VIDEO_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] != 'system' %}{{ message['role'].upper() + ': '}}{% endif %}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>\\n' }}{% endfor %}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'video') %}{{ '<video>\\n' }}{% endfor %}"
    "{% if message['role'] != 'assistant' %}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{{ content['text'] + ' '}}{% endfor %}"
    "{% else %}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}"
    "{% generation %}{{ content['text'] + ' '}}{% endgeneration %}{% endfor %}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ 'ASSISTANT:' }}{% endif %}"
)
TEMPLATES = {"llava-1.5": LLAVA_15_TEMPLATE, "mistral": MISTRAL_TEMPLATE, "qwen2": QWEN_TEMPLATE,
             "llava-next-video": NEXT_VIDEO_TEMPLATE}
SIGLIP_MEAN = SIGLIP_STD = [0.5, 0.5, 0.5]  # llava-onevision normalises to [-1, 1]


def family_tokenizer(spec: FamilySpec) -> PreTrainedTokenizerFast:
    qwen = spec.text_type == "qwen2"
    backend = build_tokenizer(FAMILY_TOKEN_ID, specials=(UNK, BOS, EOS, IMAGE, PAD, *CONTROL_TOKENS),
                              plain_added=(*ROLE_TOKENS, *LOWER_ROLES), add_bos=not qwen)
    return PreTrainedTokenizerFast(
        tokenizer_object=backend, bos_token=None if qwen else BOS, eos_token=IM_END if qwen else EOS,
        unk_token=UNK, pad_token=PAD, padding_side="left", model_max_length=512,
        extra_special_tokens={"image_token": IMAGE, "video_token": VIDEO}, clean_up_tokenization_spaces=False)


def family_processor(spec: FamilySpec):
    """The processor of the spec's model_type with llava-hf's settings scaled to the tiny image size."""
    tokenizer, template, size = family_tokenizer(spec), TEMPLATES[spec.template], spec.image_size
    pinpoints = [list(p) for p in spec.pinpoints]
    if spec.model_type == "llava":
        images = CLIPImageProcessorPil(size={"shortest_edge": size}, crop_size={"height": size, "width": size},
                                       image_mean=CLIP_MEAN, image_std=CLIP_STD, resample=3)
        return LlavaProcessor(image_processor=images, tokenizer=tokenizer, patch_size=spec.patch, chat_template=template,
                              vision_feature_select_strategy="default", num_additional_image_tokens=1)
    if spec.model_type == "llava_next":
        images = LlavaNextImageProcessorPil(size={"shortest_edge": size}, crop_size={"height": size, "width": size},
                                            image_grid_pinpoints=pinpoints, image_mean=CLIP_MEAN, image_std=CLIP_STD,
                                            resample=3)
        return LlavaNextProcessor(image_processor=images, tokenizer=tokenizer, patch_size=spec.patch,
                                  chat_template=template, vision_feature_select_strategy="default",
                                  num_additional_image_tokens=1)
    if spec.model_type == "llava_next_video":  # the video processor is only importable with torchvision
        from transformers import LlavaNextVideoProcessor, LlavaNextVideoVideoProcessor
        images = LlavaNextImageProcessorPil(size={"shortest_edge": size}, crop_size={"height": size, "width": size},
                                            image_grid_pinpoints=pinpoints, image_mean=CLIP_MEAN, image_std=CLIP_STD,
                                            resample=3)
        videos = LlavaNextVideoVideoProcessor(size={"shortest_edge": size}, crop_size={"height": size, "width": size},
                                              image_mean=CLIP_MEAN, image_std=CLIP_STD, resample=3)
        return LlavaNextVideoProcessor(video_processor=videos, image_processor=images, tokenizer=tokenizer,
                                       patch_size=spec.patch, chat_template=template,
                                       vision_feature_select_strategy="default", num_additional_image_tokens=1)
    # Only importable with torchvision: make_family_fixtures checks for it before building a OneVision fixture.
    from transformers import LlavaOnevisionImageProcessor, LlavaOnevisionVideoProcessor
    square = {"height": size, "width": size}
    images = LlavaOnevisionImageProcessor(size=square, image_grid_pinpoints=pinpoints, image_mean=SIGLIP_MEAN,
                                          image_std=SIGLIP_STD, resample=3)
    videos = LlavaOnevisionVideoProcessor(size=square, image_mean=SIGLIP_MEAN, image_std=SIGLIP_STD, resample=3)
    return LlavaOnevisionProcessor(image_processor=images, video_processor=videos, tokenizer=tokenizer,
                                   num_image_tokens=(size // spec.patch) ** 2, vision_feature_select_strategy="full",
                                   vision_aspect_ratio="anyres_max_9", chat_template=template)
