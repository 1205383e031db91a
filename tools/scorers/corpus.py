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


OCR_ANSWERS = [
    ["hello world"], ["HELLO"], ["Coca Cola", "coca-cola"], ["12:30"], ["\uff21\uff22\uff23"], ["x^{2}+1"],
    ["\\frac{1}{2}"], ["a b"], [" 42 "], ["line one\nline two"], ["Stra\u00dfe"], ["\u039f\u0394\u039f\u03a3"],
]

OCR_REPLIES = [
    "x^{2}+1", "x ^ { 2 } + 1", "$x^{2}+1$", "X^{2}+1", "x^2+1", "\\frac{1}{2}", "\\frac { 1 } { 2 }\n",
    "\\frac{1}\n{2}", "The text says HELLO WORLD.", "\uff28\uff25\uff2c\uff2c\uff2f", "hello\u3000world", "hello\nworld",
    "helloworld", "abc", "ABC", "\uff41\uff42\uff43", "line one line two", "line one\nline two", "line oneline two",
    "ab", "a  b", "a\u00a0b", "STRASSE", "stra\u00dfe", "\u03bf\u03b4\u03bf\u03c2", "\u03bf\u03b4\u03bf\u03c3",
    "\u039f\u0394\u039f\u03a3 sign", "42", "4 2", "It is 12:30 now", "12.30",
]


def ocr_cases(question_types):
    """Every short and OCR reply against two answer lists; every third case is an HME100k formula."""
    cases = []
    hme = "Handwritten Mathematical Expression Recognition"
    others = [t for t in question_types if t != hme]
    for i, reply in enumerate(SHORT + OCR_REPLIES):
        for j in range(2):
            formula = (i + j) % 3 == 0
            cases.append({"reply": reply, "answers": _cycle(OCR_ANSWERS, i + 7 * j),
                          "dataset": "HME100k" if formula else _cycle(["IIIT5K", "ESTVQA", "FUNSD"], i),
                          "category": hme if formula else _cycle(others, i + j)})
    for k, answers in enumerate(OCR_ANSWERS):
        a = answers[-1]
        wide = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in a)
        for m, reply in enumerate([a, a.upper(), "The text reads: " + a + ".", wide, a.replace(" ", ""),
                                   a.replace(" ", "\n"), " " + a.title() + " "]):
            formula = (k + m) % 2 == 0
            cases.append({"reply": reply, "answers": answers, "dataset": "HME100k" if formula else "IIIT5K",
                          "category": hme if formula else _cycle(others, k + m)})
    return cases


MMMU_OPTIONS = [
    ["the cat", "the dog", "a fish", "a bird", "a horse", "a cow", "an ant", "a bee", "an owl"],
    ["1.5", "2.0", "$3", "A", "None of these"],
    ["increase", "decrease", "no change", "increase then decrease"],
]

MMMU_LONG = [
    "Looking at the figure, I believe the dog is shown here in the picture.",
    "The figure shows a fish and a bird swimming in the same pond together.",
    "After careful analysis the price will increase then decrease over the period.",
    "It will decrease, because demand drops sharply in the second quarter.",
    "The correct value is 2.0 since 1.5 is too small for this system.",
    "I am not sure which one it is, but none of these seem right to me.",
    "Answer: (C) and not (A)", "(B) or (D)", "B. The dog. Also see C.", "A B", "E.", "I.", "(I)", "J",
    "Option A is wrong, B is right", "The answer is (b)", "DNA ", "AB.", "C,", ",.C.,", "'D'", "?A!",
]


def mmmu_choice_cases():
    """Longer replies whose option text, not a letter, names the answer (MMMU's content matching)."""
    cases = []
    for i, reply in enumerate(MMMU_LONG):
        for j, opts in enumerate(MMMU_OPTIONS):
            cases.append({"reply": reply, "options": opts, "answer": "ABCDEFGHI"[(i + j) % len(opts)]})
    return cases


MMMU_ANSWERS = ["2", "1.5", "3,000", "x", "blue", "0.25", "12.345", "-4", "1e3", "C", "24/7", "['2', '3']", "y = 2x"]

MMMU_OPEN = [
    "The answer is 5.", "So the total is 1,200 dollars.", "Therefore x = 2.5\nFinal answer: 2.5", "It could be 3e2",
    "Thus, -4", "The result is 0.333", "The answer is B. It is 7", "2", "2.0", "2.004", "2.005", "1.50", "3000",
    "3,000", "3 000", "x", "X", "The variable is x.", "blue", "Blue sky", "1/4", "0.25.", ".25", "12.345", "12.35",
    "-4.0", "minus four", "1000", "1e3", "1E3", "10^3", "c", "The answer is c", "24/7", "2, 3", "y = 2x",
    "y=2x", "So y = 2x", "Final answer: is", "Final answer: ?", "is :", "nan", "inf", "1_000", "\u0662",
    "The answer is 2. The Answer is 3.", "the answer is 2.\nthe answer is 3", "Result = 1.5 = 3/2",
    "Thus the value is 12.345 meters", "Answer 1,234,567", "so 1,23", "It is 0.1 + 0.2 = 0.3", "",
    "Therefore, the answer is", "is is is", "123,456.78", "6.02e23", "-0", "=5",
]


def mmmu_open_cases():
    """Every open reply against three reference answers."""
    cases = []
    for i, reply in enumerate(MMMU_OPEN):
        for j in range(3):
            cases.append({"reply": reply, "answer": _cycle(MMMU_ANSWERS, i + 4 * j)})
    for reply, answer in MMMU_OPEN_PAIRS:
        cases.append({"reply": reply, "answer": answer})
    return cases


# An equation closing the reply is read only there: answer words in an earlier sentence hide the rest.
MMMU_OPEN_PAIRS = [
    ("The answer is unclear\nx = 2", "2"), ("So we compute it\ny = 1.5", "1.5"), ("It is hard\n= blue", "blue"),
    ("So it is\nthen 3 = 3,000", "3,000"), ("Thus we get\na = -4 and b = 1e3", "1e3"), ("So\nx = 2.005", "2"),
]


EGO_OPTIONS = [
    ["c cooks a meal", "c cleans the kitchen", "c reads a book", "c plays with a dog", "c paints a wall"],
    ["the man repairs a bike", "the man rides a bike", "the man sells a bike", "the man paints a bike",
     "the man washes a bike"],
]


def ego_cases():
    """Every letter reply and long content reply against EgoSchema's five options."""
    cases = []
    for i, reply in enumerate(LETTERS + MMMU_LONG + ["I think c cleans the kitchen and then c reads a book.",
                                                   "The man rides a bike after he repairs a bike in the shop."]):
        for j in range(2):
            cases.append({"reply": reply, "options": _cycle(EGO_OPTIONS, i + j), "answer": "ABCDE"[(i + 3 * j) % 5]})
    return cases
