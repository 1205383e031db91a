"""Reference data for lvlm's OneVision token counts (lvlm/src/test/resources/onevision/token_counts.json).

Runs transformers 5.24's own LlavaOnevisionProcessor._get_number_of_features (the visual block length of one
image under anyres_max_9) with the published llava-onevision-qwen2-*-ov-hf geometry (SigLIP 384 px, patch 14,
729 tokens per crop, pinpoints 384..2304), and Python's float floor division on the edge cases the anyres_max
shrink relies on. Needs no weights and no torchvision:

    tools/.venv/bin/python tools/onevision_token_counts.py lvlm/src/test/resources/onevision/token_counts.json
"""
import json
import sys
import types

from transformers.models.llava_onevision.processing_llava_onevision import LlavaOnevisionProcessor

PINPOINTS = [[h, w] for h in range(384, 2305, 384) for w in range(384, 2305, 384)]
SIZES = [[1080, 1920], [1920, 1080], [480, 640], [384, 384], [200, 230], [2000, 3000], [336, 1344], [100, 2000],
         [4000, 600], [768, 769]]
FLOORDIV = [(20, 1.4907119849998598), (81, 1.5), (162, 2.9), (54, 2.0000000000000004), (7, 0.7),
            (100, 3.3333333333333335)]


def main(out_path):
    # The two methods read only these attributes of the processor, so no tokenizer or video processor is built.
    proc = types.SimpleNamespace(image_processor=types.SimpleNamespace(image_grid_pinpoints=PINPOINTS),
                                 num_image_tokens=729, vision_aspect_ratio="anyres_max_9")
    proc._get_unpadded_features = types.MethodType(LlavaOnevisionProcessor._get_unpadded_features, proc)
    tokens = [{"image_hw": [h, w], "tokens": LlavaOnevisionProcessor._get_number_of_features(proc, h, w, 384, 384)}
              for h, w in SIZES]
    floordiv = [{"a": a, "b": b, "floordiv": a // b} for a, b in FLOORDIV]
    json.dump({"source": "transformers 5.24 LlavaOnevisionProcessor._get_number_of_features, 36 pinpoints "
               "384..2304, num_image_tokens 729, anyres_max_9, crop 384; Python float //",
               "image_tokens": tokens, "floordiv": floordiv}, open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
