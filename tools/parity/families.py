"""The model-family fixtures: one frozen record each, turned into a transformers config of its model_type."""

from dataclasses import dataclass, field

from transformers import (CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaNextConfig, LlavaNextVideoConfig,
                          LlavaOnevisionConfig, MistralConfig, Qwen2Config, SiglipVisionConfig)

from .media import MediaPrompt
from .vocab import BOS, EOS, FAMILY_TOKEN_ID, IMAGE, PAD, VIDEO

PATCH = 14
NEXT_PINPOINTS = [[56, 112], [112, 56], [112, 112], [168, 56], [56, 168]]  # llava-v1.6's grids, 336 px -> 56 px
IM_END = "<|im_end|>"


@dataclass(frozen=True)
class FamilySpec:
    name: str
    model_type: str  # llava | llava_next | llava_next_video | llava_onevision
    seed: int
    text_type: str  # llama | mistral | qwen2
    text_layers: int
    kv_heads: int
    head_dim: int  # 16 = hidden 64 / 4 heads, anything else decouples the two
    vision_feature_layer: int
    template: str  # key of files.TEMPLATES
    prompts: tuple[MediaPrompt, ...]
    image_size: int = 56  # square input of the vision tower
    patch: int = PATCH  # image_size / patch = the side of the feature grid of one crop or frame
    rope: dict = field(default_factory=lambda: {"rope_type": "default", "rope_theta": 10000.0})
    tied: bool = False  # lm_head shares the token embedding (Qwen2-0.5B does)
    pinpoints: tuple = ()
    pruned_prompts: tuple[str, ...] = ()  # prompt ids that get the pruned-prefill references
    hidden_prompts: tuple[str, ...] = ()  # prompt ids that get decoder_layer_inputs

    @property
    def needs_torchvision(self) -> bool:
        """The video processors (OneVision's, NeXT-Video's) exist only with torchvision."""
        return self.model_type in ("llava_onevision", "llava_next_video")


def _text_config(spec: FamilySpec):
    ids = FAMILY_TOKEN_ID
    qwen = spec.text_type == "qwen2"
    common = dict(
        vocab_size=len(ids), hidden_size=64, num_hidden_layers=spec.text_layers, num_attention_heads=4,
        num_key_value_heads=spec.kv_heads, head_dim=spec.head_dim, intermediate_size=128, hidden_act="silu",
        rms_norm_eps=1e-6, max_position_embeddings=512, tie_word_embeddings=spec.tied,
        rope_parameters=dict(spec.rope), bos_token_id=None if qwen else ids[BOS],
        eos_token_id=ids[IM_END] if qwen else ids[EOS], pad_token_id=ids[PAD],
    )
    if spec.text_type == "llama":
        return LlamaConfig(**common, attention_bias=False, mlp_bias=False)
    if spec.text_type == "mistral":
        return MistralConfig(**common, sliding_window=None)
    if qwen:  # q/k/v carry biases in Qwen2, o_proj does not
        return Qwen2Config(**common, use_sliding_window=False)
    raise ValueError(f"text_type: expected llama, mistral or qwen2, found {spec.text_type!r}")


def _vision_config(spec: FamilySpec):
    if spec.model_type == "llava_onevision":  # SigLIP: no CLS token, no pooling head, tanh-approximated gelu
        return SiglipVisionConfig(image_size=spec.image_size, patch_size=spec.patch, num_channels=3, hidden_size=32,
                                  num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-6, vision_use_head=False)
    return CLIPVisionConfig(image_size=spec.image_size, patch_size=spec.patch, num_channels=3, hidden_size=32,
                            num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                            hidden_act="quick_gelu", layer_norm_eps=1e-5, projection_dim=32)


def family_config(spec: FamilySpec):
    grid = (spec.image_size // spec.patch) ** 2
    common = dict(vision_config=_vision_config(spec), text_config=_text_config(spec),
                  image_token_index=FAMILY_TOKEN_ID[IMAGE], projector_hidden_act="gelu",
                  vision_feature_layer=spec.vision_feature_layer, multimodal_projector_bias=True,
                  tie_word_embeddings=spec.tied)
    if spec.model_type == "llava":
        return LlavaConfig(**common, vision_feature_select_strategy="default", image_seq_length=grid)
    if spec.model_type == "llava_next":
        return LlavaNextConfig(**common, vision_feature_select_strategy="default", image_seq_length=grid,
                               image_grid_pinpoints=[list(p) for p in spec.pinpoints])
    if spec.model_type == "llava_next_video":  # frames average-pooled 2 x 2 before the projector, as the 7B
        return LlavaNextVideoConfig(**common, video_token_index=FAMILY_TOKEN_ID[VIDEO],
                                    vision_feature_select_strategy="default", image_seq_length=grid,
                                    video_seq_length=grid // 4, spatial_pool_mode="average", spatial_pool_stride=2,
                                    image_grid_pinpoints=[list(p) for p in spec.pinpoints])
    if spec.model_type == "llava_onevision":
        return LlavaOnevisionConfig(**common, video_token_index=FAMILY_TOKEN_ID[VIDEO],
                                    vision_feature_select_strategy="full", vision_aspect_ratio="anyres_max_9",
                                    image_grid_pinpoints=[list(p) for p in spec.pinpoints])
    raise ValueError(f"model_type: expected llava, llava_next, llava_next_video or llava_onevision, found {spec.model_type!r}")
