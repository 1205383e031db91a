"""Reference for lvlm's OneVision multi-image path (several images in one user turn), which the family fixtures lack.

transformers 5.24 on a tiny-onevision fixture folder, float32, eager attention, no torchvision: the image processor
is LlavaOnevisionImageProcessorPil (what AutoImageProcessor resolves without torchvision). With several images in
one sample the processor pads each image to a square of the mean colour and resizes it to size (no anyres), the model
gives each image its base tokens plus one image_newline (pack_image_features with one patch), and the processor
expands each <image> to num_image_tokens + 1 (replace_image_token, is_multi_image). LlavaOnevisionProcessor itself
cannot be built without torchvision (its video processor needs it), so that one expansion rule is applied here.

    tools/.venv/bin/python tools/onevision_multi_image_reference.py \
        lvlm/src/test/resources/fixtures/tiny-onevision-a lvlm/src/test/resources/onevision/multi-image
"""
import json
import os
import sys

import torch
from PIL import Image
from safetensors.torch import save_file
from transformers import AutoTokenizer, LlavaOnevisionForConditionalGeneration
from transformers.models.llava_onevision.image_processing_pil_llava_onevision import LlavaOnevisionImageProcessorPil

IMAGES = ["image0.png", "alpha.png"]
QUESTION = "What color is the square?"


def main(fixture, out_dir):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    settings = json.load(open(os.path.join(fixture, "processor_config.json")))
    image_settings = dict(settings["image_processor"])
    image_settings.pop("image_processor_type")
    processor = LlavaOnevisionImageProcessorPil(**image_settings)
    tokenizer = AutoTokenizer.from_pretrained(fixture)
    model = LlavaOnevisionForConditionalGeneration.from_pretrained(fixture, attn_implementation="eager",
                                                                    dtype=torch.float32).eval()
    images = [Image.open(os.path.join(fixture, "reference", name)) for name in IMAGES]
    batch = processor([images], return_tensors="pt")
    messages = [{"role": "user", "content": [{"type": "image"} for _ in images] + [{"type": "text", "text": QUESTION}]}]
    prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    per_image = settings["num_image_tokens"] + 1
    expanded = prompt.replace("<image>", "<image>" * per_image)
    ids = tokenizer(expanded, return_tensors="pt").input_ids
    unexpanded = tokenizer(prompt).input_ids
    with torch.no_grad():
        feats = model.model.get_image_features(batch["pixel_values"], batch["image_sizes"],
                                               batch_num_images=batch["batch_num_images"], return_dict=True)
        visual = torch.cat(feats.pooler_output, dim=0)
        out = model(input_ids=ids, pixel_values=batch["pixel_values"], image_sizes=batch["image_sizes"],
                    batch_num_images=batch["batch_num_images"])
        gen = model.generate(input_ids=ids, pixel_values=batch["pixel_values"], image_sizes=batch["image_sizes"],
                             batch_num_images=batch["batch_num_images"], max_new_tokens=8, do_sample=False,
                             output_scores=True, return_dict_in_generate=True)
    new = gen.sequences[0, ids.shape[1]:].tolist()
    margins = [float(s[0].topk(2).values[0] - s[0].topk(2).values[1]) for s in gen.scores]
    os.makedirs(out_dir, exist_ok=True)
    save_file({"pixel_values": batch["pixel_values"].float().contiguous(), "visual_features": visual.contiguous(),
               "logits": out.logits[0].contiguous()}, os.path.join(out_dir, "reference.safetensors"))
    json.dump({"fixture": os.path.basename(os.path.normpath(fixture)), "images": IMAGES, "question": QUESTION,
               "prompt": prompt, "image_processor_class": type(processor).__name__,
               "batch_num_images": batch["batch_num_images"].tolist() if torch.is_tensor(batch["batch_num_images"])
               else list(batch["batch_num_images"]),
               "pixel_values_shape": list(batch["pixel_values"].shape), "tokens_per_image": per_image,
               "input_ids_unexpanded": unexpanded, "input_ids": ids[0].tolist(), "generated_ids": new,
               "greedy_min_top2_margin": min(margins)}, open(os.path.join(out_dir, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
