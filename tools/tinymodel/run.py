"""Start-up shared by the training tools: the torch thread count and a timestamped log line."""

import time
from typing import Callable

import torch


def start(threads: int) -> Callable[[str], None]:
    """Sets torch's intra-op threads (the run is repeatable for a fixed count) and returns the log function."""
    torch.set_num_threads(threads)
    return lambda msg: print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)
