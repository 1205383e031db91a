"""Reference for lvlm's AntialiasBicubic (lvlm/src/test/resources/onevision/video_resize.json).

LlavaOnevisionVideoProcessor (transformers 5.24, torchvision backend) resizes uint8 frames with torch's antialiased
bicubic; torch.nn.functional.interpolate on a uint8 tensor runs that same kernel (it reproduces the tiny-onevision
fixtures' pixel_values_videos exactly), so no torchvision is needed here. For each size pair a synthetic RGB frame
(value = (131 y + 71 x + 29 c + (x y) mod 17) mod 256, which the Java test rebuilds) is resized and the SHA-256 of the
(out_h, out_w, 3) uint8 result recorded.

    tools/.venv/bin/python tools/onevision_video_resize_reference.py lvlm/src/test/resources/onevision/video_resize.json
"""
import hashlib
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

SIZES = [(48, 64, 28, 28), (56, 56, 28, 28), (70, 70, 30, 30), (90, 40, 30, 30), (40, 90, 30, 30), (20, 30, 28, 28),
         (384, 512, 384, 384), (1080 // 4, 1920 // 4, 384, 384), (33, 17, 28, 28), (28, 100, 28, 28), (100, 28, 28, 28),
         (7, 9, 30, 30), (300, 301, 384, 384), (640 // 2, 480 // 2, 28, 56)]


def frame(h, w):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return ((131 * y + 71 * x + 29 * c + (x * y) % 17) % 256).astype(np.uint8)


def main(out_path):
    records = []
    for h, w, oh, ow in SIZES:
        x = torch.from_numpy(frame(h, w)).permute(2, 0, 1)[None].contiguous()
        y = F.interpolate(x, size=(oh, ow), mode="bicubic", antialias=True, align_corners=False)
        out = y[0].permute(1, 2, 0).contiguous().numpy()
        records.append({"in_hw": [h, w], "out_hw": [oh, ow], "sha256": hashlib.sha256(out.tobytes()).hexdigest()})
    json.dump({"torch": torch.__version__, "frame": "(131 y + 71 x + 29 c + (x y) mod 17) mod 256, (h, w, 3) uint8",
               "resizes": records}, open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
