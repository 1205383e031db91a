"""The eight family fixtures (make_family_fixtures.py builds each folder from one record here)."""

from .families import NEXT_PINPOINTS, FamilySpec
from .media import MediaPrompt as P

LLAMA3_ROPE = {"rope_type": "llama3", "rope_theta": 10000.0, "factor": 8.0, "low_freq_factor": 1.0,
               "high_freq_factor": 4.0, "original_max_position_embeddings": 32}

SAVED = FamilySpec(
    "tiny-llava-saved", "llava", seed=2101, text_type="llama", text_layers=2, kv_heads=4, head_dim=16,
    vision_feature_layer=-2, template="llava-1.5",
    prompts=(P("p0", "image", "image0.png", "What color is the square?"),
             P("p1", "image", "alpha.png", "What color is the box?"),
             P("p2", "image", "tall.png", "How many shapes are there?")),
    pruned_prompts=("p0",), hidden_prompts=("p0",))
MISTRAL = FamilySpec(
    "tiny-llava-mistral", "llava", seed=2202, text_type="mistral", text_layers=2, kv_heads=2, head_dim=16,
    vision_feature_layer=-2, template="mistral", rope={"rope_type": "default", "rope_theta": 1000000.0},
    prompts=(P("p0", "image", "image0.png", "What color is the square?"),
             P("p1", "image", "tall.png", "Which shape is at the top?")),
    pruned_prompts=("p0",), hidden_prompts=("p0",))
LLAMA3 = FamilySpec(
    "tiny-llava-llama3rope", "llava", seed=2303, text_type="llama", text_layers=2, kv_heads=2, head_dim=16,
    vision_feature_layer=-1, template="llava-1.5", rope=LLAMA3_ROPE,
    prompts=(P("p0", "image", "image0.png", "What color is the square?"),
             P("p1", "image", "wide.png", "Is there a circle on the right?")),
    pruned_prompts=("p0",), hidden_prompts=("p0",))
NEXT_A = FamilySpec(
    "tiny-llava-next-a", "llava_next", seed=2404, text_type="llama", text_layers=2, kv_heads=2, head_dim=16,
    vision_feature_layer=-2, template="llava-1.5", pinpoints=tuple(map(tuple, NEXT_PINPOINTS)),
    prompts=(P("p0", "image", "wide.png", "What color is the square?"),
             P("p1", "image", "tall.png", "Which shape is at the bottom?"),
             P("p2", "image", "alpha.png", "What color is the box?")),
    pruned_prompts=("p0",), hidden_prompts=("p0",))
NEXT_B = FamilySpec(
    "tiny-llava-next-b", "llava_next", seed=2505, text_type="mistral", text_layers=3, kv_heads=4, head_dim=24,
    vision_feature_layer=-1, template="mistral", rope={"rope_type": "default", "rope_theta": 1000000.0},
    pinpoints=tuple(map(tuple, NEXT_PINPOINTS)),
    prompts=(P("p0", "image", "image0.png", "What color is the square?"),
             P("p1", "image", "image1.png", "How many shapes are there in the image?")),
    pruned_prompts=("p0",), hidden_prompts=("p0",))
OV_A = FamilySpec(
    "tiny-onevision-a", "llava_onevision", seed=2606, text_type="qwen2", text_layers=2, kv_heads=2, head_dim=16,
    vision_feature_layer=-1, template="qwen2", image_size=28, patch=7,
    rope={"rope_type": "default", "rope_theta": 1000000.0},
    pinpoints=((28, 28), (28, 56), (56, 28), (56, 56), (28, 84), (84, 28), (84, 84)),
    prompts=(P("p0", "image", "image0.png", "What color is the square?"),
             P("p1", "image", "alpha.png", "What color is the box?"),
             P("v0", "video", "video2", "Where does the square move?"),
             P("v1", "video", "video3", "What is moving in the video?")),
    pruned_prompts=("p0", "v0"), hidden_prompts=("p0", "v0"))
OV_B = FamilySpec(
    "tiny-onevision-b", "llava_onevision", seed=2707, text_type="qwen2", text_layers=3, kv_heads=4, head_dim=24,
    vision_feature_layer=-2, template="qwen2", image_size=30, patch=6, tied=True,
    rope={"rope_type": "default", "rope_theta": 1000000.0},
    # (120, 120) = 4 x 4 crops: the unpadded 18 x 20 feature grid exceeds 9 crops' 9 x 5 x 5 rows by more than
    # 1.1^2, so anyres_max_9 shrinks it (bilinear) to 14 x 15
    pinpoints=((30, 30), (30, 60), (60, 30), (60, 60), (90, 90), (120, 120)),
    prompts=(P("p0", "image", "big.png", "How many shapes are there?"),
             P("p1", "image", "image1.png", "Which shape is at the top?"),
             P("v0", "video", "video4", "Where does the square move?"),
             P("v1", "video", "video3", "What is moving in the video?")),
    pruned_prompts=("p0", "v0"), hidden_prompts=("p1", "v0"))
NEXT_VIDEO = FamilySpec(
    "tiny-llava-next-video", "llava_next_video", seed=2808, text_type="llama", text_layers=2, kv_heads=2,
    head_dim=16, vision_feature_layer=-2, template="llava-next-video", pinpoints=tuple(map(tuple, NEXT_PINPOINTS)),
    prompts=(P("p0", "image", "wide.png", "What color is the square?"),
             P("v0", "video", "video2", "Where does the square move?"),
             P("v1", "video", "video3", "What is moving in the video?")),
    pruned_prompts=("p0", "v0"), hidden_prompts=("p0", "v0"))
ALL = (SAVED, MISTRAL, LLAMA3, NEXT_A, NEXT_B, OV_A, OV_B, NEXT_VIDEO)
