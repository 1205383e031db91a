#!/usr/bin/env bash
# Creates tools/.venv with the pinned reference stack (several GB: torch from PyPI brings CUDA wheels).
set -euo pipefail
cd "$(dirname "$0")"
python3.11 -m venv .venv
.venv/bin/pip install --upgrade pip
.venv/bin/pip install -r requirements.txt
# The OneVision fixtures need transformers' video processor, which exists only with torchvision; torchvision would
# also switch every image processor to its torchvision backend, so it lives in an overlay that sees .venv's packages.
python3.11 -m venv .venv-tv
echo "$PWD/.venv/lib/python3.11/site-packages" > .venv-tv/lib/python3.11/site-packages/base.pth
.venv-tv/bin/pip install --no-deps torchvision==0.29.2
