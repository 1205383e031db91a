#!/usr/bin/env bash
# Creates tools/.venv with the pinned reference stack (several GB: torch from PyPI brings CUDA wheels).
set -euo pipefail
cd "$(dirname "$0")"
python3.11 -m venv .venv
.venv/bin/pip install --upgrade pip
.venv/bin/pip install -r requirements.txt
