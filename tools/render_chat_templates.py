"""Render the chat-template corpus with transformers' own renderer and write the expected outputs as JSON.

The Java engine (lvlm/.../template) must reproduce every rendering byte for byte. Run with the project venv:
    tools/.venv/bin/python tools/render_chat_templates.py lvlm/src/test/resources/chat-templates models/tiny-llava-shapes
It renders through transformers.utils.chat_template_utils.render_jinja_template (the function both the tokenizer's
and the processor's apply_chat_template call), so the jinja2 environment, its extensions, globals and the tojson
override are exactly transformers'. Errors are recorded too: a raise_exception message, or the Python error type.
"""

import json
import sys
from pathlib import Path

import jinja2
import transformers
from transformers import AutoProcessor
from transformers.utils.chat_template_utils import render_jinja_template

SPECIALS = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
LLAMA3_SPECIALS = {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}
Q = "What shape is shown? Answer in one word."


def text(t):
    return {"type": "text", "text": t}


IMAGE, VIDEO = {"type": "image"}, {"type": "video"}
TOOLS = [{"type": "function", "function": {
    "name": "get_colour", "description": "Colour of the shape, e.g. \"red\" or 'blue' (ünïcode).",
    "parameters": {"type": "object", "properties": {"shape": {"type": "string", "enum": ["circle", "square"]}},
                   "required": ["shape"]}}}]

# Conversations whose content is a list of typed parts (what multimodal processors receive).
PARTS = {
    "image_text": [{"role": "user", "content": [IMAGE, text(Q)]}],
    "video_text": [{"role": "user", "content": [VIDEO, text("What happens in the video?")]}],
    "text_parts": [{"role": "user", "content": [text("Describe a square.")]}],
    "two_images": [{"role": "user", "content": [IMAGE, text("Compare these."), IMAGE]}],
    "system_image": [{"role": "system", "content": [text("You are a careful assistant.")]},
                     {"role": "user", "content": [IMAGE, text(Q)]}],
    "multi_turn_parts": [{"role": "user", "content": [IMAGE, text(Q)]},
                         {"role": "assistant", "content": [text("Circle.")]},
                         {"role": "user", "content": [text("  And its colour?\n")]}],
}
# Conversations whose content is a plain string (text chat templates).
STRINGS = {
    "text_string": [{"role": "user", "content": "Hello there"}],
    "system_string": [{"role": "system", "content": "  Be brief.  "}, {"role": "user", "content": "Hi"}],
    "multi_turn_string": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": " Hello! "},
                          {"role": "user", "content": "Tschüss – bye \"now\""}],
    "thinking": [{"role": "system", "content": "Think first."}, {"role": "user", "content": "2+2?"},
                 {"role": "assistant", "content": "<think>\nadd them\n</think>\n\n4"},
                 {"role": "user", "content": "<tool_response>x</tool_response>"}],
    "tool_call": [{"role": "user", "content": "Colour of the circle?"},
                  {"role": "assistant", "tool_calls": [{"type": "function", "function": {
                      "name": "get_colour", "arguments": {"shape": "circle"}}}]},
                  {"role": "tool", "content": {"colour": "red", "sure": True, "score": 0.5, "n": None}}],
}
EXTRAS = {  # named kwargs beyond the special tokens
    "none": {},
    "tools": {"tools": TOOLS},
    "builtin_tools": {"builtin_tools": ["brave_search", "code_interpreter"], "tools": TOOLS,
                      "tools_in_user_message": False},
    "vision_id": {"add_vision_id": True},
    "no_thinking": {"enable_thinking": False},
}
EXTRA = {"text_string": ["tools", "builtin_tools", "no_thinking"], "image_text": ["vision_id"],
         "two_images": ["vision_id"], "thinking": ["no_thinking"], "tool_call": ["tools"]}


def render(template, messages, add_generation_prompt, kwargs):
    try:
        out, _ = render_jinja_template(conversations=[messages], chat_template=template,
                                       add_generation_prompt=add_generation_prompt, **kwargs)
        return {"expected": out[0]}
    except jinja2.exceptions.TemplateError as e:
        if type(e) is jinja2.exceptions.TemplateError:  # raised by the raise_exception global
            return {"raise_exception": str(e)}
        return {"error": type(e).__name__, "message": str(e)}
    except Exception as e:  # noqa: BLE001 - every Python failure is an expected failure of ours
        return {"error": type(e).__name__, "message": str(e)}


def corpus_cases(folder: Path):
    cases = []
    for path in sorted(folder.glob("*.jinja")):
        template = path.read_text(encoding="utf-8")
        specials = LLAMA3_SPECIALS if path.stem.startswith("llama-3") else SPECIALS
        for name, messages in {**PARTS, **STRINGS}.items():
            for extra in ["none"] + EXTRA.get(name, []):
                if not all(key in template for key in EXTRAS[extra]):
                    continue  # a variable the template never reads cannot change its output
                for agp in (True, False):
                    kwargs = {**specials, **EXTRAS[extra]}
                    case = {"template": path.name, "conversation": name, "add_generation_prompt": agp,
                            "special_tokens": specials, "extra": extra}
                    case.update(render(template, messages, agp, kwargs))
                    cases.append(case)
    return cases


def checkpoint_cases(checkpoint: Path):
    processor = AutoProcessor.from_pretrained(str(checkpoint))
    out = []
    for media in ("image", "video"):
        conversation = [{"role": "user", "content": [{"type": media}, text(Q)]}]
        prompt = processor.apply_chat_template(conversation, add_generation_prompt=True)
        out.append({"checkpoint": checkpoint.name, "media": media, "question": Q,
                    "special_tokens_map": processor.tokenizer.special_tokens_map, "prompt": prompt})
    return out


def one_item_per_line(value: dict) -> str:
    """JSON with each top-level list item on a line of its own, so a changed case is a one-line diff."""
    parts = []
    for key, item in value.items():
        if isinstance(item, list):
            body = ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in item)
            parts.append(f"{json.dumps(key)}: [\n  {body}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(item, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def main():
    folder, checkpoint = Path(sys.argv[1]), Path(sys.argv[2])
    result = {"transformers": transformers.__version__, "jinja2": jinja2.__version__,
              "conversations": {**PARTS, **STRINGS}, "extras": EXTRAS, "cases": corpus_cases(folder), "checkpoints": checkpoint_cases(checkpoint)}
    (folder / "expected.json").write_text(one_item_per_line(result), encoding="utf-8")
    print(f"{len(result['cases'])} cases, "
          f"{sum('expected' in c for c in result['cases'])} rendered, written to {folder / 'expected.json'}")


if __name__ == "__main__":
    main()
