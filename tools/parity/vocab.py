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

# The family fixtures (make_family_fixtures.py) append the control tokens of the Mistral and Qwen2 chat formats
# and OneVision's <video> after <pad>, so ids 0-151 mean the same in every fixture.
VIDEO = "<video>"
CONTROL_TOKENS = (VIDEO, "[INST]", "[/INST]", "<|im_start|>", "<|im_end|>")
LOWER_ROLES = ("user", "assistant")  # the Qwen2 format names roles in lowercase, as whole added tokens
FAMILY_VOCAB = [*VOCAB, *CONTROL_TOKENS, *LOWER_ROLES]
FAMILY_TOKEN_ID = {token: index for index, token in enumerate(FAMILY_VOCAB)}


def build_tokenizer(token_id: dict[str, int] = TOKEN_ID, specials: tuple[str, ...] = (UNK, BOS, EOS, IMAGE, PAD),
                    plain_added: tuple[str, ...] = ROLE_TOKENS, add_bos: bool = True) -> Tokenizer:
    """WordLevel model, lowercase normaliser, whitespace + punctuation pre-tokenizer, '<s> $A' post-processor.

    token_id: the whole vocabulary (words, plain_added and the specials) -> id. specials and plain_added are
    matched verbatim before the normaliser runs; add_bos False leaves the post-processor out (Qwen2 adds no <s>).
    """
    tokenizer = Tokenizer(WordLevel(vocab=dict(token_id), unk_token=UNK))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation()])
    if add_bos:
        tokenizer.post_processor = processors.TemplateProcessing(
            single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, token_id[BOS])]
        )
    tokenizer.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in specials])
    tokenizer.add_tokens([AddedToken(t, normalized=False, special=False) for t in plain_added])
    return tokenizer
