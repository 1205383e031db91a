"""Record what transformers' own anyres functions compute, as test data for lvlm's io.iwpspark.lvlm.anyres.

    tools/.venv/bin/python tools/anyres_reference.py > lvlm/src/test/resources/anyres/anyres_reference.json

For each geometry (pinpoints, crop side, patch size) and image size (height, width) it stores the outputs of
select_best_resolution, get_patch_output_size (resize for patching), the pad offsets of the PIL LLaVA-NeXT image
processor, image_size_to_num_patches, get_anyres_image_grid_shape, unpad_image (on a feature grid of the crop
grid's size), LlavaNextProcessor's placeholder count and, for the small geometries, the exact row order
LlavaNextModel.pack_image_features writes (rows of the flattened (crops + 1) x tokens features, -1 = image_newline).
Nothing here is reimplemented: every value comes from a transformers 5.24 function.
"""

import json
import sys
from types import SimpleNamespace

import torch
from transformers import AutoTokenizer
from transformers.image_processing_utils import get_patch_output_size, select_best_resolution
from transformers.image_utils import ChannelDimension
from transformers.models.llava_next.image_processing_pil_llava_next import LlavaNextImageProcessorPil
from transformers.models.llava_next.modeling_llava_next import (
    LlavaNextModel,
    get_anyres_image_grid_shape,
    image_size_to_num_patches,
    unpad_image,
)
from transformers.models.llava_next.processing_llava_next import LlavaNextProcessor

NEXT_7B = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]]
ONEVISION = [[384 * i, 384 * j] for i in range(1, 7) for j in range(1, 7)]
TINY = [[56, 112], [112, 56], [112, 112], [168, 56], [56, 168]]

GEOMETRIES = [
    {"name": "llava-next-7b", "pinpoints": NEXT_7B, "crop": 336, "patch": 14, "order": False,
     "sizes": [[600, 800], [800, 600], [336, 336], [672, 672], [480, 640], [1080, 1920], [1920, 1080], [100, 3000],
               [3000, 100], [333, 500], [375, 500], [427, 640], [512, 512], [20, 20], [1, 1], [337, 1000], [768, 1024]]},
    {"name": "onevision-384", "pinpoints": ONEVISION, "crop": 384, "patch": 14, "order": False,
     "sizes": [[600, 800], [1080, 1920], [2000, 2000], [4000, 3000], [300, 4000], [384, 384], [427, 640], [50, 70]]},
    {"name": "tiny-56", "pinpoints": TINY, "crop": 56, "patch": 14, "order": True,
     "sizes": [[52, 200], [100, 46], [56, 72], [64, 80], [90, 40], [56, 56], [30, 31], [113, 57], [7, 300], [200, 9],
               [57, 113], [99, 101]]},
]


class Shape:
    """Stands for an image whose shape is all get_patch_output_size reads (channels first)."""

    def __init__(self, h, w):
        self.shape = (3, h, w)
        self.ndim = 3


def packing_order(geom, size, rows_cols):
    g = geom["crop"] // geom["patch"]
    crops = rows_cols[0] * rows_cols[1] + 1
    feats = torch.arange(crops * g * g, dtype=torch.float64).reshape(crops, g * g, 1)
    owner = SimpleNamespace(config=SimpleNamespace(
        vision_config=SimpleNamespace(image_size=geom["crop"], patch_size=geom["patch"]),
        image_grid_pinpoints=geom["pinpoints"]))
    packed, _ = LlavaNextModel.pack_image_features(owner, [feats], torch.tensor([size]), "default",
                                                   image_newline=torch.tensor([-1.0], dtype=torch.float64))
    return [int(v) for v in packed[0][:, 0].tolist()]


def record(geom, size, tokenizer):
    h, w = size
    best = list(select_best_resolution((h, w), geom["pinpoints"]))
    resized = list(get_patch_output_size(Shape(h, w), best, ChannelDimension.FIRST))
    pad = LlavaNextImageProcessorPil._get_padding_size(None, resized, best)
    rows, cols = get_anyres_image_grid_shape([h, w], geom["pinpoints"], geom["crop"])
    g = geom["crop"] // geom["patch"]
    unpadded = unpad_image(torch.zeros(1, rows * g, cols * g), [h, w]).shape[1:]
    processor = LlavaNextProcessor(image_processor=LlavaNextImageProcessorPil(image_grid_pinpoints=geom["pinpoints"]),
                                   tokenizer=tokenizer, patch_size=geom["patch"],
                                   vision_feature_select_strategy="default", num_additional_image_tokens=1)
    tokens = processor._get_number_of_features(h, w, geom["crop"], geom["crop"]) - 1
    out = {"size_hw": size, "best_hw": best, "resized_hw": resized, "pad_top_bottom": list(pad[0]),
           "pad_left_right": list(pad[1]), "num_patches_with_base": image_size_to_num_patches([h, w], geom["pinpoints"],
                                                                                              geom["crop"]),
           "grid_rows_cols": [rows, cols], "unpadded_hw": list(unpadded), "processor_tokens": tokens}
    if geom["order"]:
        out["packing_order"] = packing_order(geom, size, [rows, cols])
    return out


def main(tokenizer_dir):
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    out = {"source": "transformers 5.24.0 select_best_resolution, get_patch_output_size, "
                     "LlavaNextImageProcessorPil._get_padding_size, image_size_to_num_patches, "
                     "get_anyres_image_grid_shape, unpad_image, LlavaNextProcessor._get_number_of_features, "
                     "LlavaNextModel.pack_image_features",
           "geometries": []}
    for geom in GEOMETRIES:
        out["geometries"].append({k: geom[k] for k in ("name", "pinpoints", "crop", "patch")}
                                 | {"cases": [record(geom, s, tokenizer) for s in geom["sizes"]]})
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lvlm/src/test/resources/fixtures/tiny-llava-next-a")
