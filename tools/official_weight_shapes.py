"""The tensor names and shapes transformers gives a checkpoint's config.json, without allocating any weight.

    tools/.venv/bin/python tools/official_weight_shapes.py OUT.tsv CONFIG_DIR [CONFIG_DIR ...]

    R=lvlm/src/test/resources; tools/.venv/bin/python tools/official_weight_shapes.py $R/weight-shapes/official.tsv \
        $R/configs/llava-1.5-7b $R/llava-v1.6-vicuna-7b-config $R/llava-next-video-7b-shapes $R/onevision/llava-onevision-qwen2-7b-ov

For each folder, builds AutoModelForImageTextToText from its config.json on the meta device (shapes only) and writes
its state_dict as lines "<folder name>\t<tensor name>\t<d0,d1,...>", in transformers' own names. Runs of one tensor
over consecutive layers are folded into one line whose name holds "layers.{first..last}.", so a 7B model stays a few
dozen lines. lvlm's ExpectedWeightsOfficialTest compares every family's expected weights against these lines.
"""

import argparse
import os
import re
import sys
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoConfig, AutoModelForImageTextToText  # noqa: E402

LAYER = re.compile(r"layers\.(\d+)\.")


def folded(state):
    """[(name with layers.{a..b}., shape)] for the (name, shape) pairs of a state dict, in first-seen order."""
    runs = {}
    order = []
    for name, shape in state:
        m = LAYER.search(name)
        if m is None:
            order.append((name, shape))
            continue
        key = (LAYER.sub("layers.#.", name, count=1), shape)
        if key not in runs:
            runs[key] = []
            order.append(key)
        runs[key].append(int(m.group(1)))
    out = []
    for name, shape in order:
        layers = runs.get((name, shape))
        if layers is None:
            out.append((name, shape))
            continue
        if layers != list(range(layers[0], layers[-1] + 1)):
            sys.exit(f"{name}: layers {layers} are not one run")
        out.append((name.replace("layers.#.", f"layers.{{{layers[0]}..{layers[-1]}}}."), shape))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    lines = [f"# transformers {transformers.__version__}, torch {torch.__version__}: "
             "AutoModelForImageTextToText.from_config on the meta device, state_dict()"]
    for d in args.dirs:
        folder = Path(d)
        config = AutoConfig.from_pretrained(folder)
        with torch.device("meta"):
            model = AutoModelForImageTextToText.from_config(config)
        state = [(k, tuple(v.shape)) for k, v in model.state_dict().items()]
        for name, shape in folded(state):
            lines.append(f"{folder.name}\t{name}\t{','.join(str(s) for s in shape)}")
    Path(args.out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
