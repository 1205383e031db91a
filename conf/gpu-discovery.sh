#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript, spark.worker.resource.gpu.discoveryScript):
# prints the node's GPUs as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# The addresses are CUDA ordinals; DeviceChoice maps a task's address to DJL's Device.gpu(ordinal).
# No nvidia-smi (a CPU node): an empty list, and Spark reports the shortage. nvidia-smi present but failing (a
# driver problem): exit 1 with its message, so the executor fails loudly instead of running without its GPU.
set -euo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  if ! listing="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1)"; then
    echo "gpu-discovery.sh: nvidia-smi failed: $listing" >&2
    exit 1
  fi
  while IFS= read -r index; do
    index="${index//[[:space:]]/}"
    [ -z "$index" ] && continue
    addresses="${addresses:+$addresses,}\"$index\""
  done <<< "$listing"
fi
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
