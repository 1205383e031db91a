"""Our own tricky model replies, and the per-benchmark cases built from them (deterministic)."""

NBSP, ZWSP, IDEO = "\u00a0", "\u200b", "\u3000"

YES_NO = [
    "yes", "Yes", "YES", "yes.", "Yes.", "Yes,", "Yes!", "YES!!!", "y", "Y", "y.", "n", "N", "N.", "no", "No", "NO",
    "No.", "no!", "No,", "nope", "Nope", "not", "Not really", "not sure", " yes", "  yes", "yes\n", "\nyes", "...yes",
    "..yes", ".yes", "Yes, there is a dog.", "No, there is no dog.", "There is no dog.", "There is a dog.",
    "I think yes", "Yes and no", "no yes", "yes no", "noyes", "Ye", "Yeah", "yep", "Yes.\nNo", "No.\nYes", "", " ",
    "\t", "Nothing", "None", "Know", "Not", "No ", "\u201cYes\u201d", "'yes'", "\"no\"", "\uff39\uff45\uff53", "y\u00e8s",
    "Yes" + NBSP, NBSP + "yes", NBSP + NBSP + "no", "No" + ZWSP, IDEO + "yes", "n.o.", "y.e.s", "It is not a cat",
    "The answer is no.", "Answer: yes", "**Yes**", "Is it yes? No.", "no, yes", "No,yes", "No. Yes.", "Non",
    "Yes I can't", "S\u00ed", "No\tyes", "yes\tno", "NO.", "nO", "Yes\r\n", "noo", "n o", "y es", "Absolutely",
    "Certainly not", "The image does not show a dog", "no.", "yes,no", "YES.", "Yes\u3002", "\u662f", "yes\u2028", "\x1cyes", "\u0085no",
]

LETTERS = [
    "A", "B", "C", "D", "E", "F", "Z", "a", "b", "c", "(A)", "(b)", "A.", "B. dog", "B.dog", "B) dog", "B:",
    "B: dog", "Answer: C", "Answer: c", "answer: B", "ANSWER: D", "The answer is B.", "The answer is B",
    "The answer is B. The answer is C.", "The answer is (B).", "The answer is b.", "The correct answer is **A**",
    "The correct answer is **B**.", "The correct answer is **b**", "**C**", "**C. fish**", "Option B", "option b",
    "I choose D", "The best answer is C", "The best answer is: D", "Best answer: B", "The correct option is C",
    "B\n", "\nB", "B\nBecause it barks.", "Because it barks.\nThe answer is A.", "A cat", "A dog is shown", "a cat",
    "It's a dog", "dog", "the dog", "Dog.", "cat or dog", "A or B", "A and B", "Both A and B are wrong",
    "None of the above", "Cannot determine the answer", "Sorry, I can't help with images of people yet.",
    "z", "Failed to obtain answer via API", "I'm not sure", "ABCD", "BA", "(C) fish", "[D]", "{D}", "D)", "D:", "#A",
    "A!", "B,", "\uff22", "B." + NBSP + "dog", NBSP + "B", "", "  ", "e", "E. bird", "The answer is E.",
    "The answer is F.", "The answer is Z.", "The answer is  B.", "The answer isB.", "the answer is B.",
    "The answer is B.\nThe answer is B.", "C. The answer is C.", "Answer: (D)", "Answer:D", "Answer: C. fish",
    "The answer is C, because it swims.", "B is correct", "I think it is B, but maybe C",
    "Looking at options A, B and C, the answer is B.", "The image shows a cat. So the answer is A",
    "A. cat\nB. dog", "b) dog", "(d)", "d.", "D. ", " D", "D ", "D.\u3002", "\u7b54\u6848\u662fB", "Answer is D",
    "my answer is (C)", "The answer is: B", "Choice: A", "The cat (A) sits", "The fish", "fish", "FISH",
    "bird.", "a bird", "Bird", "cat dog", "The answer is \"B\"", "'B'", "\"C\"", "B\"", "(B", "B)", ".B", "B..",
    "BB", "Option (C) is correct", "Correct answer: D", "The answer: A", "the answer", "The answer", "E",
    "The best option is B", "Best option: C", "It is option E", "Maybe E?", "A, B or C", "answer B",
    "So the answer is D. D is the fish.", "I would say A because a cat is shown in the picture here.",
    "This is a long reply with more than ten words and no option letter at all in it",
    "this is a long reply with more than ten words and a letter B somewhere in it", "\x1fB", "B\u2029",
    "C. the\nwhy", "C.5\nfoo",
]

SHORT = [
    "Two", "two", "2", "2.", "Two.", "two dogs", "the dog", "a dog", "Dog", "dog.", "dogs", "Red", "red.", "red!",
    "Yes", "yes", "No", "none", "None", "zero", "0", "ten", "10", "1,000", "1000", "1,000.", "3.5", "3.5.", "3,5",
    "$5", "5%", "don't", "dont", "dont know", "it's", "its", "whats", "man's", "Man's hat", "red-white",
    "red - white", "red/white", "red, white", "red,white", "left", "Left.", "on the left", "STOP", "stop sign",
    "\"stop\"", "(a)", "a", "an", "the", "The", "A.", "an apple", "apple", "Apple", "apples", " apple ", "apple\n",
    "apple\tpie", "coca-cola", "coca cola", "coca cola.", "Coca Cola", "t-shirt", "tshirt", "t shirt", "i'm", "Im",
    "I'm", "wasn't", "wasnt", "o'clock", "oclock", "12:30", "12.30", "12 30", "ten o'clock", "3 p.m.", "3 pm",
    "u.s.a.", "usa", "U.S.A.", "mr. smith", "..", "...", "", ".", "?", "hello?", "Hello!", "hello world", "@home",
    "e-mail", "email", "caf\u00e9", "Caf\u00e9", "CAF\u00c9", "na\u00efve", "Stra\u00dfe", "\uff46\uff4f\uff4f",
    "\u0661\u0662", "12", "\uff12", "one hundred", "forty two", "42", " 42 ", "4 2", "4,2", "4, 2", "x",
    "several", "blue" + NBSP + "sky", "blue sky", "Blue Sky.", "it is blue", "The answer is blue.", "blue\n\nsky",
    "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j", "1.5.", "v1.2", "2.0", ".5",
    "5.", "one two three", "One, two", "yes.", "NO!", "somebody'd", "youre", "yall'll", "Ive", "ive", "IM", "hes",
    "\u0130stanbul", "\u039f\u0394\u039f\u03a3", "tennis;", "tennis ;", "[tennis]", "{x}", "a+b", "a + b", "=",
    "5 > 3", "\\", "_", "a_b", "x`y", "@", "red,", "3,000,000", "3, 000", "1,2,3", "hi, 1,2", "the the the",
    "a an the", "The Two", "TWO", "tWo", "seven.", "eleven", "none.", "zero zero", "it's 2", "its 2", "1,,000", "2,,3 dogs", "red\x1c", "\u0085blue",
]


def _cycle(seq, i):
    return seq[i % len(seq)]


def yes_no_cases(kind_names):
    """Every yes/no reply against both labels, twice; categories cycle through kind_names."""
    cases = []
    for p in range(2):
        for i, reply in enumerate(YES_NO):
            for j, label in enumerate(["yes", "no"]):
                cases.append({"reply": reply, "answer": label, "category": _cycle(kind_names, i + j + p)})
    return cases


OPTION_SETS = [
    ["cat", "dog", "fish", "bird", "horse"],
    ["red", "green", "blue"],
    ["A cat", "A dog"],
    ["left", "right", "top", "bottom"],
    ["dog", "the dog", "fish", "a bird"],
]


def letter_cases(max_options=5):
    """Every letter-style reply against a few option sets and gold letters."""
    cases = []
    for i, reply in enumerate(LETTERS):
        for j in range(3):
            opts = _cycle(OPTION_SETS, i + j)[:max_options]
            gold = "ABCDE"[(i + 2 * j) % len(opts)]
            cases.append({"reply": reply, "options": opts, "answer": gold, "category": "c%d" % (j % 2)})
    return cases


ANSWER_SETS = [
    ["2"] * 10,
    ["2"] * 4 + ["two"] * 3 + ["3"] * 3,
    ["red"] * 2 + ["Red"] * 2 + ["red."] * 3 + ["dark red"] * 3,
    ["coca cola"] * 5 + ["coca-cola"] * 3 + ["Coca Cola"] * 2,
    ["yes"] * 9 + ["no"],
    ["apple"] * 3 + ["an apple"] * 3 + ["apples"] * 4,
    ["left"] * 10,
    ["12:30"] * 6 + ["12 30"] * 2 + ["1230"] * 2,
    ["1,000"] * 5 + ["1000"] * 5,
    ["don't know"] * 4 + ["dont know"] * 3 + ["unknown"] * 3,
    ["caf\u00e9"] * 7 + ["cafe"] * 3,
    ["blue sky"] * 3 + ["blue"] * 7,
]


def vqa_cases():
    """Every short reply against three of the ten-answer sets (and, for GQA, their first answer); then, per set,
    each of its distinct answers written four ways (partial credit)."""
    cases = []
    for i, reply in enumerate(SHORT):
        for j in range(3):
            answers = _cycle(ANSWER_SETS, i + 5 * j)
            cases.append({"reply": reply, "answers": answers, "category": "c%d" % (j % 2)})
    for answers in ANSWER_SETS:
        for a in sorted(set(answers)):
            for reply in [a, a.capitalize() + ".", "the " + a, " %s!" % a]:
                cases.append({"reply": reply, "answers": answers, "category": "c2"})
    return cases
