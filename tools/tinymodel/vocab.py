"""The word-level vocabulary of the tiny model: every word of the training questions and answers."""

from parity.vocab import BOS, EOS, IMAGE, PAD, ROLE_TOKENS, UNK, build_tokenizer

# LLaVA-1.5's short-answer instruction. Half of the training prompts carry it after the question, so the model
# answers the same whether or not a benchmark prompt appends it.
SHORT_ANSWER = "Answer the question using a single word or phrase."
_SPECIALS = {UNK: 0, BOS: 1, EOS: 2}


_SPLITTER = build_tokenizer({**_SPECIALS, IMAGE: 3, PAD: 4, **{r: 5 + i for i, r in enumerate(ROLE_TOKENS)}})


def words_of(text: str) -> list[str]:
    """The tokens the tokenizer cuts `text` into (lower case, split on whitespace and punctuation)."""
    splitter = _SPLITTER
    return [w for w, _ in splitter.pre_tokenizer.pre_tokenize_str(splitter.normalizer.normalize_str(text))]


def build_vocab(texts, later_texts=()) -> dict[str, int]:
    """<unk> <s> </s>, the role words, the sorted words of `texts` and of the prompt, then <image> and <pad>, then
    the sorted words of `later_texts` not met before: a vocabulary grown this way keeps every earlier id, so a model
    trained on ShapesVQA alone continues on ShapesVideo with its embeddings in place."""
    words = set(words_of(SHORT_ANSWER)) | {":"}  # ':' ends "USER:" and "ASSISTANT:"
    for text in texts:
        words.update(words_of(text))
    later = set()
    for text in later_texts:
        later.update(words_of(text))
    ordered = [UNK, BOS, EOS, *ROLE_TOKENS, *sorted(words), IMAGE, PAD, *sorted(later - words)]
    return {token: index for index, token in enumerate(ordered)}
