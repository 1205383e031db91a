"""Reads the unified samples table (Parquet written by the datasets module) into per-image groups."""

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

COLUMNS = ["id", "benchmark", "category", "media_kind", "media", "question", "answers", "metadata", "error"]


@dataclass(frozen=True)
class Question:
    sample_id: str
    family: str  # the table's category: ShapesVQA question family
    text: str  # the raw question, without a prompt suffix
    answer: str  # the reference answer as written in the table


@dataclass(frozen=True)
class ImageGroup:
    image_id: str
    png: bytes  # the one image all questions of the group ask about
    scene: str  # metadata "scene": "small red circle@(x,y); ..." in pixels
    questions: tuple[Question, ...]


def _rows(path: Path, benchmark: str, name: str) -> list[dict]:
    """The table's rows of one benchmark in sample-id order; at least one."""
    if not Path(path).exists():
        raise FileNotFoundError(f"samples table: no Parquet at {path}")
    rows = pq.read_table(path, columns=COLUMNS).to_pylist()
    rows = sorted((r for r in rows if r["benchmark"] == benchmark), key=lambda r: r["id"])
    if not rows:
        raise ValueError(f"samples table {path}: expected {name} rows, found none")
    return rows


def read_vqa(path: Path) -> list[ImageGroup]:
    """ShapesVQA rows of the table grouped by metadata image_id, in the table's sample-id order."""
    rows = _rows(path, "shapes_vqa", "ShapesVQA")
    groups: dict[str, dict] = {}
    for r in rows:
        if r["error"] is not None:
            raise ValueError(f"samples table {path}: row {r['id']} is an error row: {r['error']}")
        if r["media_kind"] != "IMAGE" or len(r["media"]) != 1 or len(r["answers"]) != 1:
            raise ValueError(f"samples table {path}: row {r['id']} expected one image and one answer, found "
                             f"{r['media_kind']} x{len(r['media'])} and {len(r['answers'])} answers")
        meta = dict(r["metadata"])
        group = groups.setdefault(meta["image_id"], {"png": r["media"][0], "scene": meta["scene"], "qs": []})
        if group["png"] != r["media"][0]:
            raise ValueError(f"samples table {path}: row {r['id']} has other image bytes than {meta['image_id']}")
        group["qs"].append(Question(r["id"], r["category"], r["question"], r["answers"][0]))
    return [ImageGroup(k, g["png"], g["scene"], tuple(g["qs"])) for k, g in groups.items()]


@dataclass(frozen=True)
class Clip:
    sample_id: str
    family: str  # the table's category: "motion" or "order"
    frames: tuple[bytes, ...]  # encoded frames in time order
    question: str  # the raw question, without a prompt suffix
    answer: str
    metadata: dict  # the generator's metadata: "scene", "track" (motion), "appear_frames" (order)


def read_video(path: Path) -> list[Clip]:
    """ShapesVideo rows of the table in sample-id order, one clip each."""
    rows = _rows(path, "shapes_video", "ShapesVideo")
    clips = []
    for r in rows:
        if r["error"] is not None:
            raise ValueError(f"samples table {path}: row {r['id']} is an error row: {r['error']}")
        if r["media_kind"] != "VIDEO" or len(r["answers"]) != 1:
            raise ValueError(f"samples table {path}: row {r['id']} expected a video and one answer, found "
                             f"{r['media_kind']} and {len(r['answers'])} answers")
        clips.append(Clip(r["id"], r["category"], tuple(r["media"]), r["question"], r["answers"][0],
                          dict(r["metadata"])))
    return clips
