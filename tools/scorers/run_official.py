"""Runs each benchmark's official scoring code on our reply corpus and writes the test data.

    python tools/scorers/run_official.py --llava DIR --lmms-eval DIR --vlmevalkit DIR --vqa DIR --mme-tool DIR \
        --video-mme DIR --mmmu DIR [--out datasets/src/test/resources/scorers] [benchmark ...]

Each DIR is a bare git mirror (read at the pinned commit below) or a checked-out tree (read as is).
--mme-tool is BradyFU/Awesome-Multimodal-Large-Language-Models (eval_tool.zip on its Evaluation branch)
or a folder holding calculation.py. Writes <benchmark>.jsonl (inputs + official outputs, one case a
line) and <benchmark>.aggregate.json. Needs pandas, scikit-learn, tqdm (see tools/README.md).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_added  # noqa: E402
import official_mme  # noqa: E402
import official_runs  # noqa: E402
import official_vqa  # noqa: E402
from official_loader import load  # noqa: E402

PINS = {
    "llava": "c121f0432da27facab705978f83c4ada465e46fd",
    "lmms": "75571cfe0fa36ca5ec2e6aa2bb268f9d38295af3",
    # videomme/utils.py before #1274 (9ca4445d) replaced the regex extract_characters_regex.
    "lmms_videomme": "d0c1eae757432949cc276537e9d883934738ae21",
    "vlmevalkit": "e8e78f05f3080fe28154f2130321f17951c3be94",
    "vqa": "a013f0043c1e2cdc995922dfe257f7149aa9af06",
    "mme": "dd2950902889cd614d4edf606827240166d29381",
    # evaluation/eval_your_results.py as last published (removed from the repository by 49a2e67).
    "videomme": "464ff3629ad8aa99c8dbbc23b4a65049b9a11648",
    "mmmu": "bb0b95a945998d91dfef37e969e07d49d1139438",
}

RUNS = {
    "pope": official_runs.pope, "scienceqa_img": official_runs.science_qa, "gqa": official_runs.gqa,
    "vqav2": official_vqa.vqav2, "textvqa": official_vqa.textvqa, "exact_match_evalai": official_vqa.exact_match_evalai,
    "mmbench": "official_choice.mmbench", "mvbench": "official_choice.mvbench", "videomme": "official_choice.videomme",
    "mme": official_mme.mme, "seedbench": official_added.seedbench, "ocrbench": official_added.ocrbench,
    "mmmu": official_added.mmmu, "egoschema": official_added.egoschema,
}


def _run_fn(run):
    """official_choice needs pandas: imported only when one of its benchmarks is asked for."""
    if isinstance(run, str):
        import importlib
        module, fn = run.split(".")
        return getattr(importlib.import_module(module), fn)
    return run


class Sources:
    """Official files by (repository key, path): read from a checkout, or from a bare mirror at its pin."""

    def __init__(self, dirs, tmp):
        self.dirs = dirs
        self.tmp = tmp

    def path(self, key, rel):
        root = self.dirs["lmms" if key == "lmms_videomme" else key]
        if key == "mme":
            return self._mme(root)
        if os.path.exists(os.path.join(root, rel)):
            return os.path.join(root, rel)
        out = os.path.join(self.tmp, key + "__" + rel.replace("/", "__"))
        data = subprocess.run(["git", "--git-dir", root, "show", PINS[key] + ":" + rel], check=True,
                              capture_output=True).stdout
        with open(out, "wb") as f:
            f.write(data)
        return out

    def _mme(self, root):
        if os.path.exists(os.path.join(root, "calculation.py")):
            return os.path.join(root, "calculation.py")
        data = subprocess.run(["git", "--git-dir", root, "show", PINS["mme"] + ":tools/eval_tool.zip"], check=True,
                              capture_output=True).stdout
        zpath = os.path.join(self.tmp, "eval_tool.zip")
        with open(zpath, "wb") as f:
            f.write(data)
        with zipfile.ZipFile(zpath) as z:
            z.extract("eval_tool/calculation.py", self.tmp)
        return os.path.join(self.tmp, "eval_tool", "calculation.py")

    def load(self, key, rel):
        return load(self.path(key, rel))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag in ["llava", "lmms-eval", "vlmevalkit", "vqa", "mme-tool", "video-mme"]:
        ap.add_argument("--" + flag, default=None, help="needed by the benchmarks that read it")
    ap.add_argument("--mmmu", default=None, help="MMMU-Benchmark/MMMU (mmmu/utils/eval_utils.py)")
    ap.add_argument("--out", default="datasets/src/test/resources/scorers")
    ap.add_argument("benchmarks", nargs="*", default=sorted(RUNS))
    args = ap.parse_args()
    try:  # lmms-eval logs every sub-score through loguru; the aggregate file keeps what we compare
        from loguru import logger
        logger.remove()
    except ImportError:
        pass
    dirs = {"llava": args.llava, "lmms": args.lmms_eval, "vlmevalkit": args.vlmevalkit, "vqa": args.vqa,
            "mme": args.mme_tool, "videomme": args.video_mme,
            "mmmu": args.mmmu}
    os.makedirs(args.out, exist_ok=True)
    for name in args.benchmarks:
        with tempfile.TemporaryDirectory() as tmp:
            items, agg = _run_fn(RUNS[name])(Sources(dirs, tmp), tmp)
        with open(os.path.join(args.out, name + ".jsonl"), "w", encoding="utf-8") as f:
            for i, c in enumerate(items):
                f.write(json.dumps(dict({"id": "%s_%d" % (name, i)}, **c), ensure_ascii=True, separators=(",", ":")) + "\n")
        with open(os.path.join(args.out, name + ".aggregate.json"), "w") as f:
            json.dump(dict(sorted(agg.items())), f, indent=1)
            f.write("\n")
        print("%-18s %5d cases  %s" % (name, len(items), {k: round(v, 4) for k, v in sorted(agg.items())[:3]}))


if __name__ == "__main__":
    main()
