"""Per-prompt references of a family fixture: template, ids, pixels, vision features per crop / frame, the packed
visual rows, logits, decoder inputs and greedy ids, all computed by transformers from the saved folder."""

import torch

from .media import MediaPrompt
from .reference import MAX_NEW_TOKENS, _decoder_inputs


def messages(prompt: MediaPrompt) -> list[dict]:
    return [{"role": "user", "content": [{"type": prompt.kind}, {"type": "text", "text": prompt.question}]}]


def processor_inputs(processor, prompt: MediaPrompt, text: str, media):
    """media: a PIL image, or a (frames, height, width, 3) uint8 numpy video handed over as one array."""
    if prompt.kind == "image":
        return processor(images=media, text=text, return_tensors="pt")
    return processor(videos=media, text=text, return_tensors="pt")


def media_token_id(model, prompt: MediaPrompt) -> int:
    return model.config.video_token_id if prompt.kind == "video" else model.config.image_token_id


@torch.no_grad()
def visual_rows(model, inputs, prompt: MediaPrompt) -> torch.Tensor:
    """(visual tokens, hidden): exactly the rows transformers writes over the prompt's <image>/<video> tokens."""
    if prompt.kind == "video":
        return model.model.get_video_features(pixel_values_videos=inputs["pixel_values_videos"]).pooler_output[0]
    extra = {"image_sizes": inputs["image_sizes"]} if "image_sizes" in inputs else {}
    return torch.cat(list(model.model.get_image_features(pixel_values=inputs["pixel_values"], **extra).pooler_output))


@torch.no_grad()
def vision_tensors(model, inputs, prompt: MediaPrompt, with_hidden: bool) -> dict[str, torch.Tensor]:
    """The vision tower's selected features per crop / frame (projector input) and the projector output."""
    if prompt.kind == "video":
        crops = inputs["pixel_values_videos"][0]  # (frames, 3, H, W)
    elif inputs["pixel_values"].dim() == 5:  # NeXT / OneVision: (1, crops, 3, H, W), base image first
        crops = inputs["pixel_values"][0]
    else:  # LLaVA-1.5: (1, 3, H, W)
        crops = inputs["pixel_values"]
    states = model.model.vision_tower(crops, output_hidden_states=True).hidden_states
    selected = states[model.config.vision_feature_layer]
    if model.config.vision_feature_select_strategy == "default":
        selected = selected[:, 1:]  # CLS dropped
    found = {"vision_selected": selected, "projected": model.model.multi_modal_projector(selected)}
    if with_hidden:  # every vision layer for the first crop / frame
        found["vision_hidden_states"] = torch.stack(states)[:, 0]
    return found


@torch.no_grad()
def family_prompt_reference(model, processor, prompt: MediaPrompt, media, with_hidden: bool):
    """Returns (json record, tensors keyed '<prompt id>.<name>')."""
    text = processor.apply_chat_template(messages(prompt), add_generation_prompt=True, tokenize=False)
    inputs = processor_inputs(processor, prompt, text, media)
    ids = inputs["input_ids"]
    token = media_token_id(model, prompt)
    positions = (ids[0] == token).nonzero().flatten().tolist()
    record = {"id": prompt.id, "kind": prompt.kind, "media": prompt.media, "question": prompt.question,
              "prompt": text, "input_ids": ids[0].tolist(), "input_ids_unexpanded": processor.tokenizer(text)[
                  "input_ids"], "media_token_id": token, "visual_token_count": len(positions),
              "visual_token_positions": [positions[0], positions[-1] + 1]}
    if positions != list(range(positions[0], positions[-1] + 1)):
        raise ValueError(f"{prompt.id}: expected one contiguous block of visual tokens, found {positions}")
    pixel_key = "pixel_values_videos" if prompt.kind == "video" else "pixel_values"
    tensors = {pixel_key: inputs[pixel_key]}
    if "image_sizes" in inputs:
        record["image_sizes"] = inputs["image_sizes"].tolist()
    tensors.update(vision_tensors(model, inputs, prompt, with_hidden))
    tensors["visual_features"] = visual_rows(model, inputs, prompt)
    if tensors["visual_features"].shape[0] != len(positions):
        raise ValueError(f"{prompt.id}: {len(positions)} visual tokens but {tensors['visual_features'].shape[0]} rows")
    outputs = {}

    def forward():
        outputs["logits"] = model(**inputs).logits[0]  # (seq, vocab)

    if with_hidden:
        tensors["decoder_layer_inputs"] = _decoder_inputs(model, forward)
    else:
        forward()
    tensors["logits"] = outputs["logits"]
    result = model.generate(**inputs, max_new_tokens=MAX_NEW_TOKENS, do_sample=False, return_dict_in_generate=True,
                            output_scores=True)
    generated = result.sequences[0, ids.shape[1]:]
    record["generated_ids"] = generated.tolist()
    record["greedy_min_top2_margin"] = min(
        float(step[0].topk(2).values[0] - step[0].topk(2).values[1]) for step in result.scores)
    record["generated_text"] = processor.tokenizer.decode(generated, skip_special_tokens=False)
    record["tensors"] = {k: list(v.shape) for k, v in tensors.items()}
    return record, inputs, {f"{prompt.id}.{k}": v.detach().to(torch.float32).clone().contiguous()
                            for k, v in tensors.items()}
