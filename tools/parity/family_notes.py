"""Facts about a family fixture that transformers decides internally, measured and written to reference.json:
how an RGBA image loses its alpha, which llama3 RoPE frequencies the scaling changes, the anyres crop grids."""

import torch
from PIL import Image
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

from .families import FamilySpec


def alpha_handling(processor, image: Image.Image) -> dict:
    """Compare the processor's pixels for an RGBA image with two candidate conversions done by hand."""
    def pixels(img):
        return processor.image_processor(images=img, return_tensors="pt")["pixel_values"]

    found = pixels(image)
    white = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), image).convert("RGB")
    diffs = {"composited_over_white": (found - pixels(white)).abs().max().item(),
             "alpha_dropped": (found - pixels(image.convert("RGB"))).abs().max().item()}
    if diffs["composited_over_white"] != 0.0:
        raise ValueError(f"alpha: expected the processor to composite over white, max |diff| {diffs}")
    return {"rule": "RGBA composited over an opaque white background, then RGB (convert_to_rgb)",
            "max_abs_diff": diffs}


def llama3_rope(model) -> dict:
    text = model.config.text_config
    scaled, _ = ROPE_INIT_FUNCTIONS["llama3"](text, "cpu")
    plain = 1.0 / (text.rope_parameters["rope_theta"] ** (torch.arange(0, text.head_dim, 2).float() / text.head_dim))
    changed = [i for i in range(plain.shape[0]) if abs(plain[i].item() - scaled[i].item()) > 1e-12]
    if not changed or len(changed) == plain.shape[0]:
        raise ValueError(f"llama3 rope: expected some but not all frequencies scaled, changed {changed}")
    return {"rope_parameters": dict(text.rope_parameters), "inv_freq_unscaled": plain.tolist(),
            "inv_freq": scaled.tolist(), "changed_indices": changed}


def anyres(spec: FamilySpec, model, processor, record: dict, image: Image.Image) -> dict:
    """Crop grid, unpadded (and for OneVision shrunk) feature grid; checks base + rows * (cols + 1) tokens."""
    module = __import__(f"transformers.models.{spec.model_type}.modeling_{spec.model_type}", fromlist=["x"])
    height, width = record["image_sizes"][0]
    rows, cols = module.get_anyres_image_grid_shape((height, width), model.config.image_grid_pinpoints,
                                                    spec.image_size)
    side = spec.image_size // spec.patch
    unpadded, newlines = processor._get_unpadded_features(height, width, side, side, rows, cols)
    base = side * side
    if base + unpadded + newlines != record["visual_token_count"]:
        raise ValueError(f"{record['id']}: expected {base} + {unpadded} + {newlines} visual tokens, "
                         f"found {record['visual_token_count']}")
    return {"image_size_hw": [height, width], "crop_grid_rows_cols": [rows, cols], "crops_with_base": rows * cols + 1,
            "base_tokens": base, "feature_grid_rows_cols": [newlines, unpadded // newlines],
            "unpadded_grid_before_trim": [rows * side, cols * side], "newline_tokens": newlines}


def notes(spec: FamilySpec, model, processor, images: dict) -> dict:
    found = {}
    if any(p.media == "alpha.png" for p in spec.prompts):
        found["alpha_png"] = alpha_handling(processor, images["alpha.png"])
    if spec.rope.get("rope_type") == "llama3":
        found["llama3_rope"] = llama3_rope(model)
    return found
