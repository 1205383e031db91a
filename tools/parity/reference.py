"""Reference outputs of transformers for one loaded fixture: ids, pixels, features, logits, hidden states."""

import torch
from PIL import Image
from transformers import LlavaForConditionalGeneration, LlavaProcessor

from .images import Prompt

MAX_NEW_TOKENS = 8


def load_pair(folder) -> tuple[LlavaForConditionalGeneration, LlavaProcessor]:
    """The fixture as a user would load it, computed in float32 with the plain (eager) attention."""
    model, info = LlavaForConditionalGeneration.from_pretrained(
        folder, dtype=torch.float32, attn_implementation="eager", output_loading_info=True)
    problems = {k: v for k, v in info.items() if v and k != "error_msgs" or k == "error_msgs" and v}
    if problems:  # a key the loader did not map would silently stay randomly initialised
        raise ValueError(f"{folder}: expected every checkpoint key to load, found {problems}")
    processor = LlavaProcessor.from_pretrained(folder)
    return model.eval(), processor


def _decoder_inputs(model, run) -> torch.Tensor:
    """(layers + 1, seq, hidden): the hidden state entering each decoder layer, then the one entering the final norm."""
    captured = []
    text = model.model.language_model

    def grab(_module, args, kwargs):
        captured.append((args[0] if args else kwargs["hidden_states"])[0].detach().clone())

    hooks = [layer.register_forward_pre_hook(grab, with_kwargs=True) for layer in text.layers]
    hooks.append(text.norm.register_forward_pre_hook(grab, with_kwargs=True))
    try:
        run()
    finally:
        for hook in hooks:
            hook.remove()
    return torch.stack(captured)


@torch.no_grad()
def prompt_reference(model, processor, prompt: Prompt, image: Image.Image | None, with_hidden: bool):
    """Returns (json record, tensors keyed '<prompt id>.<name>')."""
    text = prompt.text()
    inputs = processor(images=image, text=text, return_tensors="pt") if image else processor(text=text,
                                                                                              return_tensors="pt")
    ids = inputs["input_ids"]  # (1, seq) int64, <image> already expanded to 16 tokens
    record = {
        "id": prompt.id, "image": prompt.image, "question": prompt.question, "prompt": text,
        "input_ids": ids[0].tolist(),
        "input_ids_unexpanded": processor.tokenizer(text)["input_ids"],
    }
    tensors = {}
    if image is not None:
        pixels = inputs["pixel_values"]  # (1, 3, 56, 56) float32, CLIP-normalised
        tensors[f"{prompt.id}.pixel_values"] = pixels
        vision = model.model.vision_tower(pixels, output_hidden_states=True)
        states = torch.stack(vision.hidden_states)[:, 0]  # (vision layers + 1, 17, 32): embeddings, layer outputs
        selected = states[model.config.vision_feature_layer][1:]  # (16, 32): CLS dropped ("default")
        features = model.model.get_image_features(pixel_values=pixels).pooler_output[0]  # (16, 64)
        tensors[f"{prompt.id}.vision_selected"] = selected
        tensors[f"{prompt.id}.image_features"] = features
        if with_hidden:
            tensors[f"{prompt.id}.vision_hidden_states"] = states
        positions = (ids[0] == model.config.image_token_id).nonzero().flatten().tolist()
        record["image_token_positions"] = [positions[0], positions[-1] + 1]  # [start, end) in input_ids
    outputs = {}

    def forward():
        outputs["logits"] = model(**inputs).logits[0]  # (seq, vocab)

    if with_hidden:
        tensors[f"{prompt.id}.decoder_layer_inputs"] = _decoder_inputs(model, forward)
    else:
        forward()
    tensors[f"{prompt.id}.logits"] = outputs["logits"]
    result = model.generate(**inputs, max_new_tokens=MAX_NEW_TOKENS, do_sample=False, return_dict_in_generate=True,
                            output_scores=True)
    generated = result.sequences[0, ids.shape[1]:]  # (new tokens,) stops early only at eos
    record["generated_ids"] = generated.tolist()
    # Smallest gap between the best and second-best logit over the greedy steps: how close a pick was to a tie.
    record["greedy_min_top2_margin"] = min(
        float(step[0].topk(2).values[0] - step[0].topk(2).values[1]) for step in result.scores)
    record["generated_text"] = processor.tokenizer.decode(generated, skip_special_tokens=False)
    record["tensors"] = {k.split(".", 1)[1]: list(v.shape) for k, v in tensors.items()}
    return record, {k: v.detach().to(torch.float32).clone().contiguous() for k, v in tensors.items()}
