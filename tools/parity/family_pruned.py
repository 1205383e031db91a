"""Pruned-prefill references of a family fixture: six visual rows spread over the block, two position modes."""

import torch

from .pruned import pruned_logits, spread_indices


@torch.no_grad()
def pruned_reference(model, inputs, record: dict, tensors: dict) -> dict:
    """Adds '<id>.pruned_<variant>.logits' to tensors and returns the json record describing them."""
    pid, token = record["id"], record["media_token_id"]
    rows = tensors[f"{pid}.visual_features"]
    count = rows.shape[0]
    full, _, _ = pruned_logits(model, inputs, range(count), False, rows, token)  # keeping all must change nothing
    torch.testing.assert_close(full, tensors[f"{pid}.logits"], rtol=0, atol=1e-5)
    kept_visual = spread_indices(count)
    variants, kept = {}, []
    for variant, reindex in (("original_positions", False), ("reindexed_positions", True)):
        logits, kept, position_ids = pruned_logits(model, inputs, kept_visual, reindex, rows, token)
        key = f"{pid}.pruned_{variant}.logits"
        tensors[key] = logits.contiguous()
        variants[variant] = {"position_ids": position_ids, "logits": key, "shape": list(logits.shape)}
    return {"prompt": pid, "kept_visual_indices": list(kept_visual), "kept_sequence_positions": kept,
            "input_ids": [inputs["input_ids"][0, p].item() for p in kept], "variants": variants}
