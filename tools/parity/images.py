"""Deterministic non-square test images (coloured rectangles) and the questions asked about them."""

from dataclasses import dataclass

from PIL import Image, ImageDraw


@dataclass(frozen=True)
class Prompt:
    id: str  # key prefix in reference.safetensors
    image: str | None  # PNG file name under reference/, None for a text-only prompt
    question: str

    def text(self) -> str:
        """The LLaVA-1.5 prompt string handed to the processor."""
        image = "<image>\n" if self.image else ""
        return f"USER: {image}{self.question} ASSISTANT:"


def draw_images() -> dict[str, Image.Image]:
    """80x64 (wider than high) and 40x90 (higher than wide): resize and centre crop both act."""
    wide = Image.new("RGB", (80, 64), (255, 255, 255))
    pen = ImageDraw.Draw(wide)
    pen.rectangle((6, 14, 30, 38), fill=(220, 30, 30))  # red square, partly cut by the centre crop
    pen.rectangle((44, 8, 72, 56), fill=(30, 60, 220))  # blue rectangle
    pen.rectangle((34, 50, 40, 58), fill=(0, 0, 0))  # small black box
    tall = Image.new("RGB", (40, 90), (128, 128, 128))
    pen = ImageDraw.Draw(tall)
    pen.rectangle((4, 5, 35, 30), fill=(40, 180, 60))  # green rectangle at the top (outside the crop)
    pen.rectangle((10, 40, 30, 55), fill=(240, 220, 20))  # yellow rectangle in the middle
    pen.rectangle((0, 62, 39, 70), fill=(150, 60, 170))  # purple band below
    return {"image0.png": wide, "image1.png": tall}


IMAGE_PROMPTS = (
    Prompt("p0", "image0.png", "What color is the square?"),
    Prompt("p1", "image1.png", "How many shapes are there in the image?"),
)
TEXT_PROMPT = Prompt("t0", None, "What is two and three?")
