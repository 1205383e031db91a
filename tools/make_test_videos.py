"""Writes the tiny test videos of datasets/src/test/resources/videos and FFmpeg's own frames of them.

Usage (ffmpeg from the imageio-ffmpeg wheel, PyAV and numpy in a venv of your own):
    python tools/make_test_videos.py datasets/src/test/resources/videos

Each video is 64x48, frame-number-dependent: a red square that moves 2 px a frame, a blue bar that
moves down, the background hue stepping with the frame, and the frame number in binary as eight
black/white 8x4 cells on the top row (so a decoded frame says which frame it is). Four containers as
the video benchmarks ship them: mp4/H.264 (with B-frames), webm/VP9, mkv/H.264, avi/MPEG-4 part 2;
two mp4 with colour tags: BT.709 matrix, and full range; and a clip of h264.mp4 cut without
re-encoding (cut.mp4).

Reference: for every video, FFmpeg's command-line decoder (imageio-ffmpeg's binary, a different
FFmpeg build and version from the one our Java decoder links) writes all frames as rgb24; the script
keeps, as one vertical strip PNG per video, the frames at the indices listed in reference.json.
"""
import json
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image

W, H = 64, 48
VIDEOS = [  # name, frames, fps, ffmpeg encoder arguments
    ("h264.mp4", 30, 10, ["-c:v", "libx264", "-preset", "medium", "-bf", "2", "-g", "12", "-pix_fmt", "yuv420p"]),
    ("vp9.webm", 25, 10, ["-c:v", "libvpx-vp9", "-b:v", "200k", "-g", "10", "-pix_fmt", "yuv420p"]),
    ("h264.mkv", 20, 8, ["-c:v", "libx264", "-preset", "medium", "-bf", "2", "-g", "8", "-pix_fmt", "yuv420p"]),
    ("mpeg4.avi", 16, 8, ["-c:v", "mpeg4", "-q:v", "3", "-g", "6", "-pix_fmt", "yuv420p"]),
    # Colour tags as real videos carry them: BT.709 matrix (most HD sources), and full range.
    ("bt709.mp4", 12, 10, ["-vf", "scale=out_color_matrix=bt709:out_range=tv", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                           "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]),
    ("fullrange.mp4", 12, 10, ["-vf", "scale=out_range=pc", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-color_range", "pc"]),
]
# h264.mp4 from 1.55 s on, stream-copied: 14 visible frames (source frames 16 to 29) of 30 packets.
CUT = ("cut.mp4", 14, 10, None)
# Frame counts whose sampled frames are kept (the UNIFORM rule: linspace(0, total-1, n) as int).
KEPT_COUNTS = [8]


def frame(i):
    img = np.zeros((H, W, 3), np.uint8)
    img[:, :] = ((40 + 17 * i) % 256, (90 + 5 * i) % 256, 160)
    x = (4 + 2 * i) % (W - 12)
    img[16:28, x:x + 12] = (230, 30, 30)
    y = (8 + i) % (H - 6)
    img[y:y + 6, 50:60] = (20, 40, 220)
    for b in range(8):
        img[0:4, 8 * b:8 * b + 8] = 255 if (i >> (7 - b)) & 1 else 0
    return img


def encode(ffmpeg, path, n, fps, args):
    raw = b"".join(frame(i).tobytes() for i in range(n))
    cmd = [ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}",
           "-r", str(fps), "-i", "-", *args, "-an", "-map_metadata", "-1", "-fflags", "+bitexact",
           "-flags:v", "+bitexact", str(path)]
    subprocess.run(cmd, input=raw, check=True)


def cut(ffmpeg, src, path, start):
    """A clip cut without re-encoding, as benchmark clips often are: the container's edit list hides the
    frames before the cut, whose packets stay in the file marked discard."""
    cmd = [ffmpeg, "-y", "-loglevel", "error", "-ss", str(start), "-i", str(src), "-c", "copy", "-map_metadata", "-1",
           "-fflags", "+bitexact", str(path)]
    subprocess.run(cmd, check=True)


def decode_all(ffmpeg, path):
    cmd = [ffmpeg, "-loglevel", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(-1, H, W, 3)


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    version = subprocess.run([ffmpeg, "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    ref = {"ffmpeg": version, "width": W, "height": H, "videos": {}}
    for name, n, fps, args in VIDEOS + [CUT]:
        if name == CUT[0]:
            cut(ffmpeg, out / "h264.mp4", out / name, 1.55)
        else:
            encode(ffmpeg, out / name, n, fps, args)
        frames = decode_all(ffmpeg, out / name)
        # The source frame shown first: 0, or for the cut clip the first frame after the cut.
        first = min(range(30), key=lambda j: int(np.abs(frames[0].astype(int) - frame(j)).sum()))
        if len(frames) != n:
            raise SystemExit(f"{name}: expected {n} decoded frames but found {len(frames)}")
        entry = {"frames": n, "fps": fps, "first_source_frame": first, "strips": {}}
        for k in KEPT_COUNTS:
            idx = np.linspace(0, n - 1, k, dtype=int).tolist()
            strip = f"{name}.uniform{k}.png"
            Image.fromarray(np.concatenate([frames[i] for i in idx], axis=0)).save(out / strip, optimize=True)
            entry["strips"][str(k)] = {"indices": idx, "png": strip}
        # How far the lossy codec moved the source pixels: tells how exact the frames are, not a test.
        entry["max_abs_vs_source"] = int(max(np.abs(frames[i].astype(int) - frame(first + i)).max() for i in range(n)))
        ref["videos"][name] = entry
        print(name, (out / name).stat().st_size, "bytes", entry["max_abs_vs_source"])
    (out / "reference.json").write_text(json.dumps(ref, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
