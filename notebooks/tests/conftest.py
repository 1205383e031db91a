"""The helpers live beside the notebooks (notebooks/), which the notebooks import from their folder."""
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(NOTEBOOKS))
