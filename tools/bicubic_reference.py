"""Pillow's bicubic resize on a random 8-bit RGB image, as test data for lvlm's BicubicResize.

    tools/.venv/bin/python tools/bicubic_reference.py > lvlm/src/test/resources/anyres/bicubic_reference.json

Covers widen/narrow x heighten/shorten, one side kept, at several ratios; Pillow 13 runs the vertical pass first
when the height shrinks by more than twice the width's shrink (in pixels), which the 8-bit rounding between the
passes makes visible (from (h, w) = (17, 19): (5, 18), (6, 17) and (10, 16) go vertical first, (7, 12) and (12, 10)
do not).
"""

import base64
import json
import sys

import numpy as np
import PIL
from PIL import Image

SIZES_WH = [(31, 9), (40, 12), (9, 30), (12, 40), (23, 17), (7, 5), (45, 41), (19, 23), (19, 3), (60, 23), (19, 17),
            (5, 23), (33, 8), (8, 33), (14, 14), (28, 6), (18, 5), (16, 10), (10, 12), (3, 2), (17, 6), (12, 7)]


def main():
    rng = np.random.default_rng(12)
    src = rng.integers(0, 256, (17, 19, 3), dtype=np.uint8)  # (h, w, 3)
    image = Image.fromarray(src)
    cases = []
    for w, h in SIZES_WH:
        out = np.array(image.resize((w, h), Image.BICUBIC))
        cases.append({"out_hw": [h, w], "rgb": base64.b64encode(out.tobytes()).decode()})
    json.dump({"source": f"Pillow {PIL.__version__} Image.resize(BICUBIC) on 8-bit RGB", "in_hw": [17, 19],
               "in_rgb": base64.b64encode(src.tobytes()).decode(), "cases": cases}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
