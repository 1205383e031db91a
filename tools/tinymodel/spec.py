"""The dimensions of the embedded tiny LLaVA, turned into a transformers LlavaConfig."""

from dataclasses import dataclass

from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig

from parity.vocab import BOS, EOS, IMAGE, PAD


@dataclass(frozen=True)
class ModelSpec:
    image_size: int = 168  # pixels, square input of the vision tower
    patch_size: int = 14  # (168 / 14)^2 = 144 patches + CLS; the CLS is dropped ("default" strategy)
    vision_hidden: int = 96
    vision_layers: int = 4
    vision_heads: int = 4
    vision_mlp: int = 384
    vision_feature_layer: int = -1  # every vision layer feeds the projector, none is trained for nothing
    text_hidden: int = 128
    text_layers: int = 3
    text_heads: int = 4  # head dim 32
    text_kv_heads: int = 2  # grouped-query attention, 2 query heads per key/value head
    text_mlp: int = 384
    rope_theta: float = 10000.0
    max_positions: int = 512
    # Fields parity.files.write_config / parity.weights.write_weights read: how the folder is written.
    naming: str = "hf-4.52"
    dtype: str = "float32"
    shards: int = 1

    @property
    def visual_tokens(self) -> int:
        return (self.image_size // self.patch_size) ** 2


def vision_config(spec: ModelSpec) -> CLIPVisionConfig:
    return CLIPVisionConfig(
        image_size=spec.image_size, patch_size=spec.patch_size, num_channels=3, hidden_size=spec.vision_hidden,
        num_hidden_layers=spec.vision_layers, num_attention_heads=spec.vision_heads,
        intermediate_size=spec.vision_mlp, hidden_act="quick_gelu", layer_norm_eps=1e-5,
        projection_dim=spec.vision_hidden, attention_dropout=0.0,
    )


def llava_config(spec: ModelSpec, token_id: dict[str, int]) -> LlavaConfig:
    """token_id: the whole tokenizer vocabulary -> id (its size is the decoder's vocab_size)."""
    if spec.image_size % spec.patch_size:
        raise ValueError(f"image_size: expected a multiple of patch_size {spec.patch_size}, found {spec.image_size}")
    vision = vision_config(spec)
    text = LlamaConfig(
        vocab_size=len(token_id), hidden_size=spec.text_hidden, num_hidden_layers=spec.text_layers,
        num_attention_heads=spec.text_heads, num_key_value_heads=spec.text_kv_heads,
        intermediate_size=spec.text_mlp, hidden_act="silu", rms_norm_eps=1e-6, rope_theta=spec.rope_theta,
        max_position_embeddings=spec.max_positions, tie_word_embeddings=False, attention_bias=False,
        mlp_bias=False, bos_token_id=token_id[BOS], eos_token_id=token_id[EOS], pad_token_id=token_id[PAD],
    )
    return LlavaConfig(
        vision_config=vision, text_config=text, image_token_index=token_id[IMAGE], projector_hidden_act="gelu",
        vision_feature_layer=spec.vision_feature_layer, vision_feature_select_strategy="default",
        image_seq_length=spec.visual_tokens, tie_word_embeddings=False, multimodal_projector_bias=True,
        pad_token_id=token_id[PAD],
    )
