"""Word tokens for the ``ner`` config, with their offsets, and BIO tags from entity spans.

The tokenizer is NLTK's Treebank-style word tokenizer (the Penn Treebank conventions that
CoNLL-2003 and OntoNotes follow), run on each sentence alone, with two additions:

- curly quotation marks and apostrophes are read as their ASCII forms (one character for one,
  so offsets hold), so `Xi’s` splits as `Xi` `’s` and closing quotes split from words;
- hyphenated compounds split at their hyphens, as in OntoNotes 5.0 (`US` `-` `led`,
  `12` `-` `point`), so an entity inside a compound gets tokens of its own.

Finally no token may straddle an entity boundary: one that would is cut there. Every token
keeps its offsets, so tags map back to the text exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ASCII_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_HYPHENATED = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


@lru_cache(maxsize=1)
def _tokenizer():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def tokenize(sentence: str, boundaries: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Token spans (offsets into ``sentence``); no token crosses an offset in ``boundaries``."""
    spans = []
    for start, end in _tokenizer().span_tokenize(sentence.translate(_ASCII_QUOTES)):
        pieces, cursor = [], start
        for hyphen in _HYPHENATED.finditer(sentence, start, end):
            pieces += [(cursor, hyphen.start()), (hyphen.start(), hyphen.end())]
            cursor = hyphen.end()
        pieces.append((cursor, end))
        for piece_start, piece_end in pieces:
            cuts = sorted(b for b in boundaries if piece_start < b < piece_end)
            edges = [piece_start, *cuts, piece_end]
            spans += [(a, b) for a, b in zip(edges, edges[1:]) if sentence[a:b].strip()]
    return spans


def bio_tags(tokens: list[tuple[int, int]], entities: list[tuple[int, int, str]]) -> list[str]:
    """BIO tag names for tokens given entity spans (same offsets); tokens outside any entity are O."""
    tags = ["O"] * len(tokens)
    for start, end, label in entities:
        inside = [i for i, (a, b) in enumerate(tokens) if start <= a and b <= end]
        for n, i in enumerate(inside):
            tags[i] = f"{'B' if n == 0 else 'I'}-{label}"
    return tags
