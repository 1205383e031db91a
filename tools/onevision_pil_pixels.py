"""Reference for lvlm's OneVision image pixels under the Pillow processor (lvlm/src/test/resources/onevision/pil_pixels.json).

The tiny-onevision fixtures' pixel values come from the torchvision LlavaOnevisionImageProcessor (their generator needs
torchvision for the video processor), which rounds some resized pixels one 8-bit level away from Pillow. The project's
reference stack has no torchvision, so AutoImageProcessor resolves LlavaOnevisionImageProcessorPil; this records what
it makes of each fixture image: the tiles' shape and the SHA-256 of their 8-bit values (pixels * std + mean, times 255,
rounded; tile, channel, row, column order), so the committed file stays a few hundred bytes.

    tools/.venv/bin/python tools/onevision_pil_pixels.py lvlm/src/test/resources/fixtures \
        lvlm/src/test/resources/onevision/pil_pixels.json
"""
import hashlib
import json
import os
import sys

import numpy as np
from PIL import Image
from transformers.models.llava_onevision.image_processing_pil_llava_onevision import LlavaOnevisionImageProcessorPil


def main(fixtures, out_path):
    records = []
    for fixture in ["tiny-onevision-a", "tiny-onevision-b"]:
        folder = os.path.join(fixtures, fixture)
        settings = dict(json.load(open(os.path.join(folder, "processor_config.json")))["image_processor"])
        settings.pop("image_processor_type")
        processor = LlavaOnevisionImageProcessorPil(**settings)
        mean = np.asarray(settings["image_mean"], dtype=np.float64)[:, None, None]
        std = np.asarray(settings["image_std"], dtype=np.float64)[:, None, None]
        reference = json.load(open(os.path.join(folder, "reference", "reference.json")))
        for prompt in reference["prompts"]:
            if prompt["kind"] != "image":
                continue
            image = Image.open(os.path.join(folder, "reference", prompt["media"]))
            pixels = np.asarray(processor(image, return_tensors="np")["pixel_values"][0], dtype=np.float64)
            levels = np.rint((pixels * std + mean) * 255).astype(np.uint8)
            records.append({"fixture": fixture, "media": prompt["media"], "shape": list(levels.shape),
                            "sha256": hashlib.sha256(levels.tobytes()).hexdigest()})
    json.dump({"processor_class": "LlavaOnevisionImageProcessorPil", "levels": "rint((pixels * std + mean) * 255)",
               "images": records}, open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
