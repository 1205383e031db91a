#!/usr/bin/env bash
# The notebooks' tests: makes notebooks/.venv from requirements.txt (first run, or when the pins
# change), runs the helpers' unit tests, then executes every notebook on fixtures/small-run
# (tests/test_notebooks.py); any failing cell fails the run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "notebooks: installing $here/requirements.txt into $venv" >&2
  python3.11 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi
cd "$here"
# Figures and caches stay out of the tree: the tests send figures to pytest's temporary folders.
export MPLCONFIGDIR="${TMPDIR:-/tmp}/iwp-notebooks-mpl"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
