"""Writes the LLaVA eval-layout fixtures (datasets/src/test/resources/llava-eval) in the published layouts.

    python3 tools/layouts/make_fixtures.py datasets/src/test/resources/llava-eval

Folders as LLaVA's scripts/v1_5/eval/{gqa,textvqa,mme}.sh read them (haotian-liu/LLaVA c121f04); question lines
verbatim from LLaVA's playground/data/eval files (commit 32cebc3), answer files with the official field names;
some records are bad on purpose (each named in LlavaEvalLayoutsTest).
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
# GQA as LLaVA's gqa.sh reads it: ./gqa/llava_gqa_testdev_balanced.jsonl, ./gqa/data/{images/, testdev_balanced_questions.json}.
# Question lines verbatim from LLaVA's llava_gqa_testdev_balanced.jsonl (playground/data/eval, commit 32cebc3), except the
# malformed line and the image path of the last one, bad on purpose.
g = os.path.join(root, 'gqa')
lines = [
    {"question_id": "201307251", "image": "n161313.jpg", "text": "Is it overcast?" + S, "category": "default"},
    {"question_id": "201640614", "image": "n235859.jpg", "text": "Who is wearing the dress?" + S, "category": "default"},
    {"question_id": "202225914", "image": "n336443.jpg", "text": "Does the utensil on top of the table look clean and black?" + S, "category": "default"},
    {"question_id": "2062325", "image": "n179136.jpg", "text": "Is the surfer that looks wet wearing a wetsuit?" + S, "category": "default"},
    {"question_id": "201303229", "image": "n518912.jpg", "text": "How tall is the chair in the bottom of the photo?" + S, "category": "default"},
    {"question_id": "201902997", "image": "../secret.jpg", "text": "What kind of device is on top of the desk?" + S, "category": "default"},
]
text = ''.join(json.dumps(l) + '\n' for l in lines)
text = text.replace(json.dumps(lines[3]) + '\n', json.dumps(lines[3]) + '\n' + '{"question_id": "20567512", "image": "n414992.jpg", "text": "What is the\n')
w(os.path.join(g, 'llava_gqa_testdev_balanced.jsonl'), text)
# GQA's questions file: an object keyed by question id, entries with GQA's own field names.
def gqa_entry(q, img, ans, full, structural, detailed, semantic):
    return {"semantic": [{"operation": "select", "dependencies": [], "argument": "weather"}], "entailed": [], "equivalent": [],
            "question": q, "imageId": img, "isBalanced": True, "groups": {"global": None, "local": "13-weather"},
            "answer": ans, "semanticStr": "select: weather", "annotations": {"answer": {}, "question": {}, "fullAnswer": {}},
            "types": {"detailed": detailed, "semantic": semantic, "structural": structural}, "fullAnswer": full}
qs = {
    "201307251": gqa_entry("Is it overcast?", "n161313", "no", "No, it is clear.", "verify", "weatherVerifyC", "global"),
    "201640614": gqa_entry("Who is wearing the dress?", "n235859", "woman", "The woman is wearing a dress.", "query", "relS", "rel"),
    "2062325": gqa_entry("Is the surfer that looks wet wearing a wetsuit?", "n179136", "yes", "Yes, the surfer is wearing a wetsuit.", "verify", "verifyRel", "rel"),
    "201303229": gqa_entry("How tall is the chair in the bottom of the photo?", "n518912", "short", "The chair is short.", "query", "categoryRelS", "attr"),
    "201902997": gqa_entry("What kind of device is on top of the desk?", "n435808", "keyboard", "The device is a keyboard.", "query", "categoryRelS", "cat"),
}
del qs["2062325"]["answer"]
w(os.path.join(g, 'data', 'testdev_balanced_questions.json'), json.dumps(qs))
png(os.path.join(g, 'data', 'images', 'n161313.jpg'), (200, 40, 40))
png(os.path.join(g, 'data', 'images', 'n235859.jpg'), (40, 40, 200))
png(os.path.join(g, 'data', 'images', 'n336443.jpg'), (40, 200, 40))
png(os.path.join(g, 'data', 'images', 'n179136.jpg'), (90, 200, 40))
png(os.path.join(g, 'data', 'secret.jpg'), (0, 0, 0))
# TextVQA as textvqa.sh reads it: ./textvqa/{llava_textvqa_val_v051_ocr.jsonl, TextVQA_0.5.1_val.json, train_images/}.
# Lines 1, 2, 3 (empty OCR), 4 = 5, 7 and 8 verbatim from LLaVA's llava_textvqa_val_v051_ocr.jsonl (commit 32cebc3); line 5
# repeats line 4 and line 6 has an extra line in its text, bad on purpose.
t = os.path.join(root, 'textvqa')
beer = {"question_id": "2b538a43dd933fc1", "image": "2b538a43dd933fc1.jpg", "text": "What kind of beer is this?\nReference OCR token: NINK, NK, BOWING, CC, STON, SUE, ED, Sublimely, SELF, ELF-RICHEE, swAaVd, KGy, ALE" + S, "category": "default"}
tl = [
    {"question_id": "003a8ae2ef43b901", "image": "003a8ae2ef43b901.jpg", "text": "What is the brand of this camera?\nReference OCR token: DAKOTA, DIGITAL, Single-Use, Camera, Pire, digitat" + S, "category": "default"},
    {"question_id": "b9dc400eb20bad64", "image": "b9dc400eb20bad64.jpg", "text": "What does the small white text spell?\nReference OCR token: D, RUPALCON, PALCON, COPENHAGEN" + S, "category": "default"},
    {"question_id": "97b1112b17015396", "image": "97b1112b17015396.jpg", "text": "Whats the lowest number yard line that you can see?\nReference OCR token: " + S, "category": "default"},
    beer,
    beer,
    {"question_id": "b9dc400eb20bad64", "image": "b9dc400eb20bad64.jpg", "text": "What brand?\nReference OCR token: A\nsecond line" + S, "category": "default"},
    {"question_id": "831bcec304a17054", "image": "831bcec304a17054.jpg", "text": "How long has the drink on the right been aged?\nReference OCR token: IGNET, N, MORANGIE, MORANGIE, MORANGIE, CHLANDS, ISLAY, OWMOR, OR, SINGL, MALT, WHISKY, SINGLE, MALT, HISKY, SCOTCH, WHITS, LASANTA, NON, CHILL-F, MATURED, RARE, SHERRY, CASKS, BatckK, Reliasen, CAKTYPE, STFILLBOURSON, BATCHNS, TOUE, CISTILLER, 55.6%ac, LONGHO, ATOL, BLAY, SCORLAND, AGED, 10" + S, "category": "default"},
    {"question_id": "94ad4aad01e27a32", "image": "94ad4aad01e27a32.jpg", "text": "What number is on the player's jersey?\nReference OCR token: 22" + S, "category": "default"},
]
w(os.path.join(t, 'llava_textvqa_val_v051_ocr.jsonl'), ''.join(json.dumps(l) + '\n' for l in tl))
def tv(qid, img, q, answers):
    return {"question": q, "image_id": img, "image_classes": ["Camera"], "flickr_original_url": "https://farm2.staticflickr.com/x_o.jpg",
            "flickr_300k_url": "https://farm2.staticflickr.com/x_z.jpg", "image_width": 1024, "image_height": 664, "answers": answers,
            "question_tokens": q.rstrip('?').split(), "question_id": qid, "set_name": "val"}
data = [
    tv(34602, "003a8ae2ef43b901", "what is the brand of this camera?", ["nous les gosses", "dakota", "clos culombu", "dakota digital", "dakota", "dakota", "dakota digital", "dakota digital", "dakota", "dakota"]),
    tv(34603, "b9dc400eb20bad64", "what does the small white text spell?", ["copenhagen", "copenhagen", "copenhagen", "copenhagen", "copenhagen", "thursday", "copenhagen", "copenhagen", "copenhagen", "copenhagen"]),
    tv(34638, "97b1112b17015396", "whats the lowest number yard line that you can see?", ["10"] * 8 + ["ten", "10"]),
    tv(34604, "2b538a43dd933fc1", "what kind of beer is this?", ["ale"] * 10),
    tv(34605, "2b538a43dd933fc1", "What kind of beer is this?", ["stone", "ale", "stone ale", "stone", "stone", "ale", "stone", "stone", "stone", "stone"]),
    tv(34607, "94ad4aad01e27a32", "what number is on the player's jersey?", ["22"] * 9),
]
w(os.path.join(t, 'TextVQA_0.5.1_val.json'), json.dumps({"dataset_type": "val", "dataset_name": "textvqa", "dataset_version": "0.5.1", "data": data}))
for i, name in enumerate(["003a8ae2ef43b901", "b9dc400eb20bad64", "97b1112b17015396", "2b538a43dd933fc1", "94ad4aad01e27a32", "831bcec304a17054"]):
    png(os.path.join(t, 'train_images', name + '.jpg'), (30 * i, 100, 50))
# MME as mme.sh reads it: ./MME/{llava_mme.jsonl, MME_Benchmark_release_version/<subtask>/, eval_tool/}. Questions are
# those of LLaVA's llava_mme.jsonl (commit 32cebc3) with MME's " Please answer yes or no." back, as
# convert_answer_to_mme.py rebuilds them; OCR/0003.txt is bad on purpose and count/ has no image.
m = os.path.join(root, 'MME')
r = os.path.join(m, 'MME_Benchmark_release_version')
Y = " Please answer yes or no."
w(os.path.join(r, 'artwork', 'questions_answers_YN', '10002.txt'),
  "Does this artwork exist in the form of painting?" + Y + "\tYes\n"
  "Does this artwork exist in the form of glassware?" + Y + "\tNo\n")
png(os.path.join(r, 'artwork', 'images', '10002.jpg'), (120, 90, 60))
w(os.path.join(r, 'OCR', '0009.txt'),
  'Is the word in the logo "fenders diner"?' + Y + '\tYes\n'
  'Is the word in the logo "finders diner"?' + Y + '\tNo\n')
png(os.path.join(r, 'OCR', '0009.jpg'), (10, 10, 10))
w(os.path.join(r, 'OCR', '0003.txt'),
  'Is the word in the logo "beavertails pastry"?' + Y + '\tMaybe\n'
  'Is the word in the logo "beavertalls pastry"?' + Y + ' No\n')
png(os.path.join(r, 'OCR', '0003.jpg'), (10, 200, 10))
w(os.path.join(r, 'count', '000000470121.txt'),
  "Is there only one bottle in the image?" + Y + "\tYes\n"
  "Is there two bottles in the image?" + Y + "\tNo\n")
w(os.path.join(m, 'eval_tool', 'Your_Results', 'OCR.txt'), '0009.jpg\tIs the word in the logo "fenders diner"?' + Y + '\tYes\tYes\n')
mme = [("artwork/images/10002.jpg", "artwork", "Does this artwork exist in the form of painting?"),
       ("artwork/images/10002.jpg", "artwork", "Does this artwork exist in the form of glassware?"),
       ("OCR/0009.jpg", "OCR", 'Is the word in the logo "fenders diner"?'),
       ("OCR/0009.jpg", "OCR", 'Is the word in the logo "finders diner"?'),
       ("count/000000470121.jpg", "count", "Is there only one bottle in the image?"),
       ("count/000000470121.jpg", "count", "Is there two bottles in the image?")]
w(os.path.join(m, 'llava_mme.jsonl'), ''.join(json.dumps({"question_id": q, "image": q, "text": x + S, "category": c}) + "\n"
                                              for q, c, x in mme))
