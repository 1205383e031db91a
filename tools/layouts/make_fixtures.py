"""Writes the LLaVA eval-layout fixtures (datasets/src/test/resources/llava-eval) in the published layouts.

    python3 tools/layouts/make_fixtures.py datasets/src/test/resources/llava-eval

Folders as LLaVA's scripts/v1_5/eval/{gqa,textvqa,mme}.sh read them (haotian-liu/LLaVA c121f04), field names
as the official files have them; some records are bad on purpose (each named in LlavaEvalLayoutsTest).
"""
import json, os, struct, zlib, sys
root = sys.argv[1]
def png(path, rgb):
    w, h = 16, 12
    raw = b''.join(b'\x00' + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, 'wb').write(data)
def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, 'w', encoding='utf-8', newline='').write(text)
S = "\nAnswer the question using a single word or phrase."
# GQA as LLaVA's gqa.sh reads it: ./gqa/llava_gqa_testdev_balanced.jsonl, ./gqa/data/{images/, testdev_balanced_questions.json}
g = os.path.join(root, 'gqa')
lines = [
    {"question_id": "201307251", "image": "n435808.jpg", "text": "Is the woman to the left or to the right of the man?" + S, "category": "default"},
    {"question_id": "20603193", "image": "n161313.jpg", "text": "Is it overcast?" + S, "category": "default"},
    {"question_id": "20999999", "image": "n161313.jpg", "text": "Which color is the sky?" + S, "category": "default"},
    {"question_id": "201640614", "image": "n161313.jpg", "text": "What is the man wearing?" + S, "category": "default"},
    {"question_id": "20938418", "image": "n999999.jpg", "text": "Are there any trains?" + S, "category": "default"},
    {"question_id": "20938419", "image": "../secret.jpg", "text": "Is the fence wooden?" + S, "category": "default"},
]
text = ''.join(json.dumps(l) + '\n' for l in lines)
text = text.replace(json.dumps(lines[3]) + '\n', json.dumps(lines[3]) + '\n' + '{"question_id": "20938420", "image": "n161313.jpg", "text": "Is the\n')
w(os.path.join(g, 'llava_gqa_testdev_balanced.jsonl'), text)
def gqa_entry(q, img, ans, full, structural, detailed, semantic):
    return {"semantic": [{"operation": "select", "dependencies": [], "argument": "woman (2)"}], "entailed": [], "equivalent": [],
            "question": q, "imageId": img, "isBalanced": True, "groups": {"global": None, "local": "10c-woman_man"},
            "answer": ans, "semanticStr": "select: woman (2)", "annotations": {"answer": {}, "question": {}, "fullAnswer": {}},
            "types": {"detailed": detailed, "semantic": semantic, "structural": structural}, "fullAnswer": full}
qs = {
    "201307251": gqa_entry("Is the woman to the left or to the right of the man?", "n435808", "left", "The woman is to the left of the man.", "choose", "relChooser", "rel"),
    "20603193": gqa_entry("Is it overcast?", "n161313", "no", "No, it is clear.", "verify", "weatherVerify", "global"),
    "201640614": gqa_entry("What is the man wearing?", "n161313", "shirt", "The man is wearing a shirt.", "query", "relS", "rel"),
    "20938418": gqa_entry("Are there any trains?", "n999999", "no", "No, there are no trains.", "verify", "existRelS", "rel"),
    "20938419": gqa_entry("Is the fence wooden?", "n161313", "yes", "Yes, the fence is wooden.", "verify", "verifyAttr", "attr"),
}
del qs["201640614"]["answer"]
w(os.path.join(g, 'data', 'testdev_balanced_questions.json'), json.dumps(qs))
png(os.path.join(g, 'data', 'images', 'n435808.jpg'), (200, 40, 40))
png(os.path.join(g, 'data', 'images', 'n161313.jpg'), (40, 40, 200))
png(os.path.join(g, 'data', 'secret.jpg'), (0, 0, 0))
# TextVQA as textvqa.sh reads it: ./textvqa/{llava_textvqa_val_v051_ocr.jsonl, TextVQA_0.5.1_val.json, train_images/}
t = os.path.join(root, 'textvqa')
tl = [
    {"question_id": "003a8ae2ef43b901", "image": "003a8ae2ef43b901.jpg", "text": "What is the brand of this camera?\nReference OCR token: DAKOTA, DIGITAL, Single-Use, Camera, Pire, digitat" + S, "category": "default"},
    {"question_id": "b9dc400eb20bad64", "image": "b9dc400eb20bad64.jpg", "text": "What time is it?" + S, "category": "default"},
    {"question_id": "2b538a43dd933fc1", "image": "2b538a43dd933fc1.jpg", "text": "What kind of beer is this?\nReference OCR token: NINK, NK, BOWING, ALE" + S, "category": "default"},
    {"question_id": "2b538a43dd933fc1", "image": "2b538a43dd933fc1.jpg", "text": "What kind of beer is this?\nReference OCR token: NINK, NK, BOWING, ALE" + S, "category": "default"},
    {"question_id": "b9dc400eb20bad64", "image": "b9dc400eb20bad64.jpg", "text": "What brand?\nReference OCR token: A\nsecond line" + S, "category": "default"},
    {"question_id": "b9dc400eb20bad64", "image": "b9dc400eb20bad64.jpg", "text": "Who made the clock?" + S, "category": "default"},
    {"question_id": "0054c91397f2fe05", "image": "0054c91397f2fe05.jpg", "text": "What number is on the jersey?\nReference OCR token: 23" + S, "category": "default"},
]
w(os.path.join(t, 'llava_textvqa_val_v051_ocr.jsonl'), ''.join(json.dumps(l) + '\n' for l in tl))
def tv(qid, img, q, answers):
    return {"question": q, "image_id": img, "image_classes": ["Camera"], "flickr_original_url": "https://farm2.staticflickr.com/x_o.jpg",
            "flickr_300k_url": "https://farm2.staticflickr.com/x_z.jpg", "image_width": 1024, "image_height": 664, "answers": answers,
            "question_tokens": q.rstrip('?').split(), "question_id": qid, "set_name": "val"}
data = [
    tv(34602, "003a8ae2ef43b901", "what is the brand of this camera?", ["nous les gosses", "dakota", "clos culombu", "dakota digital", "dakota", "dakota", "dakota digital", "dakota digital", "dakota", "dakota"]),
    tv(34603, "b9dc400eb20bad64", "what time is it?", ["10:10", "10:10", "10:10", "ten past ten", "10:10", "10:10", "10:10", "10:10", "10:10", "10:10"]),
    tv(34604, "2b538a43dd933fc1", "what kind of beer is this?", ["ale"] * 10),
    tv(34605, "2b538a43dd933fc1", "What kind of beer is this?", ["stone", "ale", "stone ale", "stone", "stone", "ale", "stone", "stone", "stone", "stone"]),
    tv(34606, "0054c91397f2fe05", "what number is on the jersey?", ["23"] * 9),
]
w(os.path.join(t, 'TextVQA_0.5.1_val.json'), json.dumps({"dataset_type": "val", "dataset_name": "textvqa", "dataset_version": "0.5.1", "data": data}))
for i, name in enumerate(["003a8ae2ef43b901", "b9dc400eb20bad64", "2b538a43dd933fc1", "0054c91397f2fe05"]):
    png(os.path.join(t, 'train_images', name + '.jpg'), (30 * i, 100, 50))
# MME as mme.sh reads it: ./MME/{llava_mme.jsonl, MME_Benchmark_release_version/<subtask>/, eval_tool/}
m = os.path.join(root, 'MME')
r = os.path.join(m, 'MME_Benchmark_release_version')
w(os.path.join(r, 'artwork', 'questions_answers_YN', '10002.txt'),
  "Does this artwork exist in the form of painting? Please answer yes or no.\tYes\n"
  "Does this artwork exist in the form of glassware? Please answer yes or no.\tNo\n")
png(os.path.join(r, 'artwork', 'images', '10002.jpg'), (120, 90, 60))
w(os.path.join(r, 'OCR', '0001.txt'),
  "Is the word in the logo \"angie's\"? Please answer yes or no.\tYes\n"
  "Is the word in the logo \"angle's\"? Please answer yes or no.\tNo\n\n")
png(os.path.join(r, 'OCR', '0001.png'), (10, 10, 10))
w(os.path.join(r, 'OCR', '0003.txt'),
  "Is the word in the logo \"ok\"? Please answer yes or no.\tMaybe\n"
  "Is the word in the logo \"no\"? Please answer yes or no. No\n")
png(os.path.join(r, 'OCR', '0003.png'), (10, 200, 10))
w(os.path.join(r, 'count', '000000006040.txt'),
  "Are there two trains in the image? Please answer yes or no.\tYes\n"
  "Are there three trains in the image? Please answer yes or no.\tNo\n")
w(os.path.join(m, 'eval_tool', 'Your_Results', 'OCR.txt'), "0001.png\tIs the word in the logo \"angie's\"? Please answer yes or no.\tYes\tYes\n")
w(os.path.join(m, 'llava_mme.jsonl'),
  json.dumps({"question_id": "artwork/images/10002.jpg", "image": "artwork/images/10002.jpg", "text": "Does this artwork exist in the form of painting?" + S, "category": "artwork"}) + "\n")
