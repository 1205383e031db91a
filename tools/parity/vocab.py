"""The word-level tokenizer shared by every fixture: small vocabulary, LLaVA-style special tokens."""

from tokenizers import AddedToken, Tokenizer, normalizers, pre_tokenizers, processors
from tokenizers.models import WordLevel

UNK, BOS, EOS, PAD, IMAGE = "<unk>", "<s>", "</s>", "<pad>", "<image>"
ROLE_TOKENS = ("USER", "ASSISTANT")  # matched case-sensitively before the lowercase normaliser runs

_WORDS = """
: ? . , ! ' -
red green blue yellow orange purple pink brown black white gray cyan magenta
square squares rectangle rectangles circle circles triangle triangles shape shapes star
box dot line object objects
0 1 2 3 4 5 6 7 8 9 zero one two three four five six seven eight nine ten
yes no left right above below top bottom middle center next to on under over between
inside outside behind front
what which where how many much is are was were there the a an in image picture of color this
that it do does you see answer with single word number count larger smaller bigger big small
large size side and or than more same different any has have contains background
describe only at most first second last frame video moving move up down from by for be
""".split()

# Ids follow the llava-hf convention: <unk>, <s>, </s> first, <image> and <pad> appended after the text words.
VOCAB = [UNK, BOS, EOS, *ROLE_TOKENS, *_WORDS, IMAGE, PAD]
assert len(VOCAB) == len(set(VOCAB)), "duplicate vocabulary entry"
TOKEN_ID = {token: index for index, token in enumerate(VOCAB)}


def build_tokenizer(token_id: dict[str, int] = TOKEN_ID) -> Tokenizer:
    """WordLevel model, lowercase normaliser, whitespace + punctuation pre-tokenizer, '<s> $A' post-processor.

    token_id: the whole vocabulary (words, ROLE_TOKENS and the five special tokens) -> id.
    """
    tokenizer = Tokenizer(WordLevel(vocab=dict(token_id), unk_token=UNK))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation()])
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, token_id[BOS])]
    )
    tokenizer.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in (UNK, BOS, EOS, IMAGE, PAD)])
    tokenizer.add_tokens([AddedToken(t, normalized=False, special=False) for t in ROLE_TOKENS])
    return tokenizer
