"""The fixture configurations: one frozen record per fixture, turned into a transformers LlavaConfig."""

from dataclasses import dataclass

from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig

from .vocab import EOS, BOS, IMAGE, PAD, TOKEN_ID, VOCAB

IMAGE_SIZE = 56  # pixels, square input of the vision tower
PATCH_SIZE = 14  # pixels; (56 / 14)^2 = 16 patches + CLS


@dataclass(frozen=True)
class FixtureSpec:
    name: str
    seed: int  # torch seed of the random weights
    text_layers: int
    kv_heads: int
    vision_feature_layer: int
    rope_theta: float
    naming: str  # "hf-4.52" or "legacy": see weights.checkpoint_name
    dtype: str  # storage dtype of the safetensors: float32 | float16 | bfloat16
    shards: int  # number of safetensors files (1 -> model.safetensors, else an index)
    text_only_prompt: bool  # also record a prompt without an image
    pruned: bool  # also record the pruned-prefill references


MHA = FixtureSpec("tiny-llava-mha", seed=1234, text_layers=2, kv_heads=4, vision_feature_layer=-2,
                  rope_theta=10000.0, naming="hf-4.52", dtype="float32", shards=1, text_only_prompt=False,
                  pruned=True)
GQA = FixtureSpec("tiny-llava-gqa", seed=5678, text_layers=3, kv_heads=2, vision_feature_layer=-1,
                  rope_theta=500000.0, naming="hf-4.52", dtype="float32", shards=1, text_only_prompt=True,
                  pruned=False)
# LEGACY and BF16 share the seed and dimensions of MHA, so they hold the same weights rounded to 16 bits.
LEGACY = FixtureSpec("tiny-llava-legacy-sharded", seed=1234, text_layers=2, kv_heads=4, vision_feature_layer=-2,
                     rope_theta=10000.0, naming="legacy", dtype="float16", shards=2, text_only_prompt=False,
                     pruned=False)
BF16 = FixtureSpec("tiny-llava-bf16", seed=1234, text_layers=2, kv_heads=4, vision_feature_layer=-2,
                   rope_theta=10000.0, naming="hf-4.52", dtype="bfloat16", shards=1, text_only_prompt=False,
                   pruned=False)
ALL = (MHA, GQA, LEGACY, BF16)


def llava_config(spec: FixtureSpec) -> LlavaConfig:
    vision = CLIPVisionConfig(
        image_size=IMAGE_SIZE, patch_size=PATCH_SIZE, num_channels=3, hidden_size=32, num_hidden_layers=2,
        num_attention_heads=4, intermediate_size=64, hidden_act="quick_gelu", layer_norm_eps=1e-5,
        projection_dim=32, attention_dropout=0.0,
    )
    text = LlamaConfig(
        vocab_size=len(VOCAB), hidden_size=64, num_hidden_layers=spec.text_layers, num_attention_heads=4,
        num_key_value_heads=spec.kv_heads, intermediate_size=128, hidden_act="silu", rms_norm_eps=1e-6,
        rope_theta=spec.rope_theta, max_position_embeddings=256, tie_word_embeddings=False,
        attention_bias=False, mlp_bias=False, bos_token_id=TOKEN_ID[BOS], eos_token_id=TOKEN_ID[EOS],
        pad_token_id=TOKEN_ID[PAD],
    )
    return LlavaConfig(
        vision_config=vision, text_config=text, image_token_index=TOKEN_ID[IMAGE], projector_hidden_act="gelu",
        vision_feature_layer=spec.vision_feature_layer, vision_feature_select_strategy="default",
        image_seq_length=(IMAGE_SIZE // PATCH_SIZE) ** 2, tie_word_embeddings=False, multimodal_projector_bias=True,
        pad_token_id=TOKEN_ID[PAD],
    )
