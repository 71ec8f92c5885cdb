"""Sentence boundaries proposed by rule, for new documents (``newscorpus annotate init``).

NLTK's Punkt splitter, run offline with its default parameters plus a list of abbreviations
common in news copy, on each paragraph line of the body (headings are not sentences, and a
sentence never runs across a line end in this corpus's texts). Gold sentences are reviewed by
a person; see schema/GUIDELINES.md.
"""

from __future__ import annotations

from functools import lru_cache

RULE_ID = "punkt-sentences@1"

ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "gov",
    "sen", "rep", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "e.g", "i.e", "inc", "corp", "ltd", "co", "jr", "sr",
}


@lru_cache(maxsize=1)
def _splitter():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


def split_sentences(text: str, heading_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans (code points) tiling every non-heading line of ``text``."""
    headings = {start for start, _ in heading_spans}
    spans, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        lead = len(line) - len(line.lstrip())
        if line.strip() and start + lead not in headings:
            for s, e in _splitter().span_tokenize(line):
                spans.append((start + s, start + e))
        start = end + 1
    return spans
