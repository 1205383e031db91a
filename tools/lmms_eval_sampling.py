"""Runs lmms-eval's own frame sampling and writes its outputs as test data for the Java decoder.

Usage (numpy, PyAV and Pillow in a venv of your own; lmms-eval is not installed, only its checkout read):
    python tools/lmms_eval_sampling.py /path/to/lmms-eval datasets/src/test/resources/videos

Loads lmms_eval/models/model_utils/load_video.py from the checkout by path and calls, unchanged:
- load_video_decord(path, n) with a stand-in `decord` module whose VideoReader has `total` frames and
  returns the requested indices: the same np.linspace rule as LlavaOneVision.load_video (decord
  backend, the default) and llava_hf.load_video;
- load_video_stream(container, n) with a stand-in container of `total` frames whose decode() yields
  frame numbers: the PyAV path of read_video for files other than webm / mkv;
- read_video(path, num_frm=8) on the committed test videos with the real PyAV: the frames lmms-eval
  hands a model, kept as one vertical strip PNG per video (webm and mkv: every frame, as read_video
  decodes them by packets without sampling).
"""
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import av
import numpy as np
from PIL import Image

TOTALS = [1, 2, 3, 5, 7, 16, 20, 25, 30, 31, 100, 301, 1800]
COUNTS = [1, 2, 4, 8, 16, 32, 64]


class _FakeReader:
    def __init__(self, total):
        self.total = total

    def __len__(self):
        return self.total

    def get_batch(self, idx):
        return types.SimpleNamespace(asnumpy=lambda: np.array(idx))


class _FakeContainer:
    def __init__(self, total):
        self.streams = types.SimpleNamespace(video=[types.SimpleNamespace(frames=total, average_rate=30)])
        self.total = total

    def decode(self, video=0):
        return iter(range(self.total))


def main(repo, out_dir):
    repo, out = Path(repo), Path(out_dir)
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    sys.modules["decord"] = types.SimpleNamespace(VideoReader=lambda path, ctx=None, num_threads=1: _FakeReader(int(path)),
                                                  cpu=lambda i: None)
    spec = importlib.util.spec_from_file_location("lmms_load_video", repo / "lmms_eval/models/model_utils/load_video.py")
    lv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lv)
    cases = []
    for total in TOTALS:
        for n in COUNTS:
            uniform = [int(i) for i in lv.load_video_decord(str(total), n)]
            stream = [int(i) for i in lv.load_video_stream(_FakeContainer(total), n)]
            cases.append({"total": total, "frames": n, "uniform": uniform, "pyav": stream})
    videos = {}
    for p in sorted(out.iterdir()):
        if p.suffix not in (".mp4", ".webm", ".mkv", ".avi"):
            continue
        frames = lv.read_video(str(p), num_frm=8)
        strip = p.name + ".lmms_pyav8.png"
        Image.fromarray(np.concatenate(list(frames), axis=0)).save(out / strip, optimize=True)
        videos[p.name] = {"frames_returned": int(len(frames)), "png": strip}
    doc = {"lmms_eval_commit": commit, "file": "lmms_eval/models/model_utils/load_video.py", "pyav": av.__version__,
           "cases": cases, "read_video_num_frm_8": videos}
    (out / "lmms_eval_sampling.json").write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")
    print(len(cases), "cases;", {k: v["frames_returned"] for k, v in videos.items()})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
