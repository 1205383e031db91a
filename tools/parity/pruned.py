"""Prefill logits when only some visual tokens enter the decoder (the pruning hook at layer 0)."""

import torch

KEPT_VISUAL = (0, 3, 5, 10)  # indices into the 16 image tokens of the prompt


@torch.no_grad()
def merged_embeddings(model, inputs, rows: torch.Tensor | None = None, token_id: int | None = None) -> torch.Tensor:
    """(1, seq, hidden): token embeddings with the projected visual rows written over the media tokens.

    rows / token_id default to LLaVA-1.5's image features and <image>; the family fixtures pass their packed
    NeXT / OneVision rows and <image> or <video>.
    """
    ids = inputs["input_ids"]
    embeds = model.get_input_embeddings()(ids)
    if rows is None:
        rows = torch.cat(model.model.get_image_features(pixel_values=inputs["pixel_values"]).pooler_output)
    token_id = model.config.image_token_id if token_id is None else token_id
    mask = (ids == token_id).unsqueeze(-1).expand_as(embeds)
    return embeds.masked_scatter(mask, rows.to(embeds.dtype))


@torch.no_grad()
def pruned_logits(model, inputs, kept_visual, reindex: bool, rows: torch.Tensor | None = None,
                  token_id: int | None = None) -> tuple[torch.Tensor, list[int], list[int]]:
    """Logits (kept seq, vocab), the kept sequence positions, and the position ids given to the decoder."""
    ids = inputs["input_ids"][0]
    token_id = model.config.image_token_id if token_id is None else token_id
    image_positions = (ids == token_id).nonzero().flatten().tolist()
    dropped = set(image_positions) - {image_positions[i] for i in kept_visual}
    kept = [p for p in range(ids.shape[0]) if p not in dropped]
    embeds = merged_embeddings(model, inputs, rows, token_id)[:, kept]  # (1, kept seq, hidden)
    position_ids = list(range(len(kept))) if reindex else kept
    # An explicit all-ones mask keeps the causal mask plain: without it, transformers reads a gap in position_ids
    # as the start of a packed sequence and would block attention across it.
    logits = model(inputs_embeds=embeds, attention_mask=torch.ones(1, len(kept), dtype=torch.long),
                   position_ids=torch.tensor([position_ids])).logits[0]
    return logits, kept, position_ids


def spread_indices(count: int, kept: int = 6) -> tuple[int, ...]:
    """kept indices spread evenly over 0..count-1, first and last included."""
    return tuple(sorted({round(i * (count - 1) / (kept - 1)) for i in range(kept)}))
