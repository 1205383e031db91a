"""Test images (RGB, RGBA with transparent parts, several aspect ratios) and small generated videos."""

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .images import draw_images


@dataclass(frozen=True)
class MediaPrompt:
    id: str  # key prefix in reference.safetensors
    kind: str  # "image" or "video": the content part placed before the question
    media: str  # image file name, or video name (its frames are <media>_frame<i>.png)
    question: str


def draw_family_images() -> dict[str, Image.Image]:
    """image0/image1 of the llava fixtures, plus transparent and strongly non-square ones."""
    images = draw_images()
    alpha = Image.new("RGBA", (72, 56), (10, 200, 90, 0))  # fully transparent green-tinted background
    pen = ImageDraw.Draw(alpha)
    pen.rectangle((8, 8, 30, 40), fill=(220, 30, 30, 255))  # opaque red
    pen.rectangle((36, 12, 66, 48), fill=(30, 60, 220, 128))  # half-transparent blue
    images["alpha.png"] = alpha
    wide = Image.new("RGB", (200, 52), (240, 240, 240))  # 3.8:1, lands on a grid taller than the image
    pen = ImageDraw.Draw(wide)
    pen.rectangle((10, 6, 50, 46), fill=(250, 120, 20))
    pen.ellipse((120, 10, 160, 44), fill=(20, 20, 20))
    images["wide.png"] = wide
    tall = Image.new("RGB", (46, 100), (30, 30, 60))  # 1:2.2, lands on a grid wider than the image
    pen = ImageDraw.Draw(tall)
    pen.rectangle((6, 10, 40, 40), fill=(240, 240, 30))
    pen.rectangle((12, 60, 34, 92), fill=(200, 40, 200))
    images["tall.png"] = tall
    big = Image.new("RGB", (230, 200), (90, 140, 200))  # many crops: OneVision's anyres_max_9 downscaling acts
    pen = ImageDraw.Draw(big)
    for i in range(5):
        pen.rectangle((10 + 42 * i, 20 + 30 * i, 40 + 42 * i, 50 + 30 * i), fill=(40 * i, 255 - 40 * i, 60))
    images["big.png"] = big
    return images


def draw_video(frames: int, width: int, height: int) -> np.ndarray:
    """(frames, height, width, 3) uint8: a white square moving right over a gradient, one colour per frame."""
    ys, xs = np.mgrid[0:height, 0:width]
    video = np.zeros((frames, height, width, 3), dtype=np.uint8)
    for t in range(frames):
        video[t, ..., 0] = (xs * 255 // max(width - 1, 1)).astype(np.uint8)
        video[t, ..., 1] = (ys * 255 // max(height - 1, 1)).astype(np.uint8)
        video[t, ..., 2] = 60 * t
        left = 4 + t * (width - 20) // max(frames - 1, 1)
        video[t, 8:24, left:left + 14] = 255
    return video


VIDEOS = {"video2": (2, 56, 56), "video3": (3, 64, 48), "video4": (4, 70, 70)}  # frames, width, height


def draw_videos() -> dict[str, np.ndarray]:
    return {name: draw_video(*shape) for name, shape in VIDEOS.items()}


def frame_files(name: str, video: np.ndarray) -> dict[str, Image.Image]:
    return {f"{name}_frame{t}.png": Image.fromarray(frame) for t, frame in enumerate(video)}
