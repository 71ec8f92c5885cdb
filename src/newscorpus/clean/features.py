"""Shallow features of a line and its neighbours, for telling page noise from article text.

After Kohlschütter et al. (2010, "Boilerplate Detection using Shallow Text Features": word
counts, word shapes and the same features of the neighbours) and jusText (stop-word density and
length; short blocks judged by their neighbours). There is no HTML here, so link density is
replaced by the shapes a link or a button leaves in text: web-furniture words, social-network
names, URLs, handles, dates. Every feature is one number; ``FEATURES`` names each with one line
of explanation (README lists them). Every function is a single pass over the line's tokens,
and every pattern has bounded repetitions; lines longer than ``MAX_SCORED_CHARS`` are never
scored (they stay), so the cost per line is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as lx

MAX_SCORED_CHARS = 1000
_TOKEN_STRIP = "\"'“”‘’«»„()[]{}<>,.;:!?…*|•·»«–—-/\\"
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|html?|php)\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{2,63}")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?\b|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:19|20)\d{2}\b")
_LABEL = re.compile(r"^([^\W\d_][\w'’ -]{0,30}?)\s*[:|»>]\s*(.*)$")
_SLASH_CREDIT = re.compile(r"[A-Z][\w.'’-]{0,30} ?/ ?[A-Z]")
_LIST_START = re.compile(r"^(?:[-•*·▪►]\s|\d{1,2}[.)]\s|\(\d{1,2}\)\s)")


@dataclass(frozen=True)
class Line:
    """One non-blank line, folded (white-space runs as one space), and its token shapes."""

    text: str
    words: tuple[str, ...]  # tokens with surrounding punctuation stripped, non-empty
    lower: tuple[str, ...]
    prose: bool  # a sentence of running text: long enough, function words, a sentence end


def make_line(text: str, prose: bool | None = None) -> Line:
    words = tuple(w for w in (t.strip(_TOKEN_STRIP) for t in text.split(" ")) if w)
    lower = tuple(w.casefold() for w in words)
    return Line(text, words, lower, is_prose(text) if prose is None else prose)


@lru_cache(maxsize=4096)
def is_prose(text: str) -> bool:
    """Running text: at least 8 words, at least 3 function words (English or of the other
    languages in ``lexicon.FUNCTION_WORDS``) making 22% of the words (of the first 400
    characters), and a sentence end (or at least 20 words). Every line is asked, so this is one split and set look-ups
    (a word with punctuation attached, "said,", is not looked up as a function word)."""
    if len(text) < 30:
        return False
    n = text.count(" ") + 1  # the text is folded: one space between words
    if n < 8:
        return False
    tokens = text[:400].casefold().split(" ")  # the density is taken over the first 400 characters
    stops = len([w for w in tokens if w in lx.FUNCTION_WORDS])
    if stops < 3 or stops / len(tokens) < 0.22:
        return False
    return n >= 20 or ends_sentence(text)


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? … (also inside closing quotes or brackets)."""
    end = text.rstrip(_CLOSERS + " ")
    return bool(end) and end[-1] in _TERMINAL


def is_name_token(word: str) -> bool:
    if not word:
        return False
    if word.casefold() in lx.NAME_PARTICLES:
        return True
    if len(word.rstrip(".")) == 1:
        return word[0].isupper()
    return word[0].isupper() and all(ch.isalpha() or ch in "-'’." for ch in word)


def name_shape(line: Line) -> bool:
    """One to four name tokens and nothing else ("Andrea Stone", "Jefferson Graham", "J. R. Doe")."""
    words = line.words
    return 1 <= len(words) <= 4 and all(is_name_token(w) for w in words) and any(len(w) > 2 for w in words) \
        and not any(w in lx.STOPWORDS or w in lx.FURNITURE_WORDS for w in line.lower)


FEATURES: tuple[tuple[str, str], ...] = (
    ("words", "number of words (tokens with letters or digits)"),
    ("chars", "number of characters, in hundreds"),
    ("stop_ratio", "share of words that are function words, English or of seven other languages (jusText's stop-word density)"),
    ("prose", "1 for running text: at least 8 words, 3 function words and 22% of them, and a sentence end (or 20 words)"),
    ("sentence_end", "ends with . ! ? or … (also inside quotes or brackets)"),
    ("colon_end", "ends with a colon"),
    ("question", "ends with a question mark"),
    ("cap_ratio", "share of words that start with a capital"),
    ("caps_ratio", "share of words in capitals (two letters or more)"),
    ("digit_ratio", "share of characters that are digits"),
    ("punct_ratio", "share of characters that are neither letters, digits nor spaces"),
    ("lower_start", "starts with a lower-case letter"),
    ("quote_start", "starts with a quotation mark (a quotation standing alone is article text)"),
    ("list_start", "starts as a list item ('- ', '• ', '1. ')"),
    ("url", "holds a URL or a web address"),
    ("email", "holds an e-mail address"),
    ("handle", "holds a social-media handle (@name)"),
    ("time", "holds a clock time"),
    ("date", "holds a numeric date or a year"),
    ("month", "share of words that are month or weekday names"),
    ("furniture_ratio", "share of words that are web-page furniture (share, print, comments, related, tags, ...)"),
    ("social_ratio", "share of words that name a social network or a sharing channel"),
    ("furniture_any", "holds at least one web-page furniture word"),
    ("page_word", "holds a word that marks the page even inside a sentence (comments, newsletter, subscribe, tweet, ...)"),
    ("label", "starts with a short label and a colon or separator ('Tags:', 'Photo:', 'Source |')"),
    ("label_furniture", "that label is a furniture, related-link or tag label"),
    ("label_credit", "that label is a credit, source or syndication label"),
    ("label_byline", "that label is an author label ('By:', 'Author:', 'Posted by:')"),
    ("by_start", "starts with 'By', 'Posted by', 'Written by' and the like"),
    ("name_shape", "only one to four name tokens (a bare author name)"),
    ("name_ratio", "share of words that are capitalised name-like tokens after the first"),
    ("verb", "holds an auxiliary or a common reporting verb (is, was, has, said, ...)"),
    ("reader_address", "addresses the reader or speaks for the outlet (you, your, us, our)"),
    ("copyright", "holds ©, 'copyright' or 'all rights reserved'"),
    ("agency", "names a news or photo agency (AP, Reuters, Getty Images, ...)"),
    ("slash_credit", "holds a 'Name/Agency' credit shape ('REUTERS/Benoit Tessier', 'Ngan / AFP')"),
    ("credit_word", "holds a credit word (photo, image, credit, courtesy, illustration, via, source)"),
    ("syndication", "holds a syndication or contribution phrase (originally appeared, contributed to, republished)"),
    ("disclaimer", "holds a disclaimer phrase (views expressed, disclosure, affiliate, edited for length)"),
    ("bio_start", "starts with a name and a bio verb ('<Name> is a', '<Name> covers', '<Name> can be reached')"),
    ("separators", "number of | • · » separators, capped at 5"),
    ("heading_like", "a short line without closing punctuation that starts with a capital (title or sub-heading)"),
    ("single", "a single word"),
    ("non_latin", "share of letters outside the Latin script"),
    ("from_start", "position: lines from the start of the text, capped at 6"),
    ("from_end", "position: lines from the end of the text, capped at 6"),
    ("head_run", "no running-text line stands between this line and the start of the text"),
    ("tail_run", "no running-text line stands between this line and the end of the text"),
    ("prev_prose", "the line before is running text"),
    ("next_prose", "the line after is running text"),
    ("prev_label", "the line before is a label (ends with a colon, or is furniture alone)"),
    ("prev_short", "the line before has at most four words (or there is none)"),
    ("next_short", "the line after has at most four words (or there is none)"),
    ("prev_furniture", "share of furniture words in the line before"),
    ("next_furniture", "share of furniture words in the line after"),
    ("next_heading", "the line after is heading-like"),
    ("run_length", "length of the run of non-running-text lines this line stands in, capped at 8"),
    ("prose_between", "running text stands both before and after this line somewhere in the text"),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)


_INNER_END = re.compile(r"[a-z\d)”\"'’][.!?] [A-Z“\"]")
_CUE_CHARS = frozenset("0123456789/:@©|•·»«+#*_[]")


def plain_heading(text: str) -> bool:
    """A heading-like line with no cue of the page at all (no digit, slash, colon, handle, ©,
    separator, nor a furniture, social or credit word): between two paragraphs, a sub-heading."""
    if not _heading_like(text, tuple(text.split())) or _CUE_CHARS.intersection(text):
        return False
    lower = {w.strip(_TOKEN_STRIP).casefold() for w in text.split(" ")}
    return not (lower & lx.FURNITURE_WORDS or lower & lx.SOCIAL_WORDS or lower & lx.CREDIT_WORDS)


def title_shape(text: str) -> bool:
    """A headline: four to twenty words, at most 160 characters, starting with a capital, a digit
    or a quotation mark and not ending in closing punctuation, with no cue of the page (label
    colon, separator, handle, ©, link) and no word that marks the page even in a sentence."""
    words = text.count(" ") + 1
    if not 4 <= words <= 20 or len(text) > 160 or _TITLE_CUES.intersection(text):
        return False
    if text.rstrip(_CLOSERS)[-1:] in _TERMINAL + ",;:" or not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'"):
        return False
    return not {w.strip(_TOKEN_STRIP).casefold() for w in text.split(" ")} & lx.PAGE_WORDS


_TITLE_CUES = frozenset("/:@©|•·»«+#*_[]")


def sentence_like(line: Line) -> bool:
    """A short sentence that bears no mark of the page: it ends like a sentence (or has five
    words and a sentence end or a verb inside, or ends in a comma), does not start in lower case, and holds no page word,
    social-network name, link, e-mail, handle, label, ©, 'Name/Agency' credit, syndication or
    disclaimer phrase, separator, nor is it a bare name or a "By <Name>" line. (Computed from
    the line alone, before its features.)"""
    text, words, lower = line.text, line.words, line.lower
    if len(words) < 2 or text[:1].islower():
        return False
    clause = len(words) >= 5 and (_INNER_END.search(text) or _has_verb(words) or text.rstrip(_CLOSERS).endswith(","))
    if not (ends_sentence(text) or clause):
        return False
    if any(w in lx.PAGE_WORDS or w == "copyright" for w in lower):
        return False
    if "©" in text or "@" in text or any(ch in text for ch in "|•·»") or _URL.search(text) or _LABEL.match(text):
        return False
    if _has_phrase(text, lx.SYNDICATION_PHRASES) or _has_phrase(text, lx.DISCLAIMER_PHRASES):
        return False
    if "/" in text and _SLASH_CREDIT.search(text) and not _URL.search(text) and (
            any(w in lx.AGENCIES or w in lx.CREDIT_WORDS for w in lower) or "getty" in lower):
        return False  # 'Name/Agency': a credit, not a sentence ("Ukraine / Russia talks stalled." is one)
    first_two = " ".join(lower[:2])
    if (lower[0] == "by" or first_two in lx.BY_PREFIXES) and sum(1 for w in words[1:] if is_name_token(w)) > 0.3 * len(words):
        return False
    return text.rstrip(_CLOSERS)[-1:] in "!?" or not name_shape(line)  # a name never ends in ! or ?


def _has_verb(words: tuple[str, ...]) -> bool:
    """A lower-case auxiliary or reporting verb, or a lower-case word in -ed, after the first word."""
    return any(w in lx.VERBS or (w.endswith("ed") and len(w) > 4 and w.islower()) for w in words[1:])


def name_amid_text(line: Line) -> bool:
    """A bare name, a 'By <Name>' line or an author label: amid the article it stays (bylines
    belong to the edges)."""
    lower = line.lower
    label = _LABEL.match(line.text)
    head = label.group(1).casefold().strip() if label else ""
    return bool(lower) and (lower[0] == "by" or " ".join(lower[:2]) in lx.BY_PREFIXES or name_shape(line)
                            or head in lx.BYLINE_LABELS)


def line_features(line: Line) -> dict[str, float]:
    text, words, lower = line.text, line.words, line.lower
    n = len(words) or 1
    chars = len(text) or 1
    letters = sum(1 for ch in text if ch.isalpha())
    label = _LABEL.match(text)
    label_head = label.group(1).casefold().strip() if label and len(label.group(1).split()) <= 3 else ""
    first = lower[0] if lower else ""
    first_two = " ".join(lower[:2])
    stops = sum(1 for w in lower if w in lx.FUNCTION_WORDS)
    furniture = sum(1 for w in lower if w in lx.FURNITURE_WORDS)
    social = sum(1 for w in lower if w in lx.SOCIAL_WORDS)
    return {
        "words": float(len(words)),
        "chars": len(text) / 100,
        "stop_ratio": stops / n,
        "prose": float(line.prose),
        "sentence_end": float(ends_sentence(text)),
        "colon_end": float(text.endswith(":")),
        "question": float(text.rstrip(_CLOSERS).endswith("?")),
        "cap_ratio": sum(1 for w in words if w[0].isupper()) / n,
        "caps_ratio": sum(1 for w in words if len(w) > 1 and w.isupper()) / n,
        "digit_ratio": sum(1 for ch in text if ch.isdigit()) / chars,
        "punct_ratio": sum(1 for ch in text if not ch.isalnum() and not ch.isspace()) / chars,
        "lower_start": float(text[:1].islower()),
        "quote_start": float(text[:1] in "\"'“‘«„"),
        "list_start": float(bool(_LIST_START.match(text))),
        "url": float(bool(_URL.search(text))),
        "email": float(bool(_EMAIL.search(text))),
        "handle": float(bool(_HANDLE.search(text))),
        "time": float(bool(_TIME.search(text))),
        "date": float(bool(_DATE.search(text))),
        "month": sum(1 for w in lower if w.rstrip(".") in lx.MONTHS) / n,
        "furniture_ratio": furniture / n,
        "social_ratio": social / n,
        "furniture_any": float(furniture > 0),
        "page_word": float(any(w in lx.PAGE_WORDS for w in lower)),
        "label": float(bool(label_head)),
        "label_furniture": float(label_head in lx.FURNITURE_LABELS),
        "label_credit": float(label_head in lx.CREDIT_LABELS),
        "label_byline": float(label_head in lx.BYLINE_LABELS),
        "by_start": float(first == "by" or first_two in lx.BY_PREFIXES),
        "name_shape": float(name_shape(line)),
        "name_ratio": sum(1 for w in words[1:] if is_name_token(w) and w.casefold() not in lx.STOPWORDS) / n,
        "verb": float(any(w in lx.VERBS for w in lower)),
        "reader_address": float(any(w in lx.READER_WORDS for w in lower)),
        "copyright": float("©" in text or "copyright" in lower or "rights reserved" in text.casefold()),
        "agency": float(any(w in lx.AGENCIES for w in lower) or "getty" in lower),
        "slash_credit": float(bool(_SLASH_CREDIT.search(text)) and "/" in text and not _URL.search(text)),
        "credit_word": float(any(w in lx.CREDIT_WORDS for w in lower)),
        "syndication": float(_has_phrase(text, lx.SYNDICATION_PHRASES)),
        "disclaimer": float(_has_phrase(text, lx.DISCLAIMER_PHRASES)),
        "bio_start": float(_bio_start(line)),
        "separators": float(min(5, sum(text.count(ch) for ch in "|•·»"))),
        "heading_like": float(_heading_like(text, words)),
        "single": float(len(words) == 1),
        "non_latin": sum(1 for ch in text if ch.isalpha() and ch > "\u024f") / (letters or 1),
    }


def _has_phrase(text: str, phrases: frozenset[str]) -> bool:
    folded = text.casefold()
    return any(p in folded for p in phrases)


def _bio_start(line: Line) -> bool:
    words, lower = line.words, line.lower
    for k in (1, 2, 3):
        if len(words) > k + 1 and all(is_name_token(w) for w in words[:k]) and words[0][0].isupper():
            verb = lower[k]
            if verb in lx.BIO_VERBS or " ".join(lower[k:k + 2]) in lx.BIO_VERB_PAIRS:
                return True
    return False


def _heading_like(text: str, words: tuple[str, ...]) -> bool:
    return 0 < len(words) <= 12 and len(text) <= 100 and not text.rstrip(_CLOSERS)[-1:] in _TERMINAL + ",;:" \
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'")


class Page:
    """The lines of one text with what context features need, computed only for the lines asked
    about (a line's tokens, own features, prose-ness and run), so the cost follows the number of
    candidate lines, not the length of the text.

    ``lines`` is a ``lines.LineTable`` (folded text and prose-ness by index); ``first_prose`` and
    ``last_prose`` are the first and last lines of running text (``len(lines)`` and -1 when
    there is none)."""

    RUN_REACH = 40  # a run is followed this far each way (its length feature is capped at 8)

    def __init__(self, lines, first_prose: int, last_prose: int):
        self.lines = lines
        self.n = len(lines)
        self.first_prose = first_prose
        self.last_prose = last_prose
        self._own: dict[int, dict[str, float]] = {}
        self._lines: dict[int, Line] = {}
        self._runs: dict[int, tuple[int, int]] = {}

    def line(self, i: int) -> Line:
        found = self._lines.get(i)
        if found is None:
            found = self._lines[i] = make_line(self.lines.text(i), self.lines.prose(i))
        return found

    def own(self, i: int) -> dict[str, float]:
        found = self._own.get(i)
        if found is None:
            found = self._own[i] = line_features(self.line(i))
        return found

    def run_bounds(self, i: int) -> tuple[int, int]:
        """First and last index of the run of non-prose lines that line ``i`` stands in (a line
        of running text is a run of its own), followed at most ``RUN_REACH`` lines each way."""
        found = self._runs.get(i)
        if found is None:
            prose = self.lines.prose
            start = end = i
            if not prose(i):
                while start > 0 and i - start < self.RUN_REACH and not prose(start - 1):
                    start -= 1
                while end + 1 < self.n and end - i < self.RUN_REACH and not prose(end + 1):
                    end += 1
            found = self._runs[i] = (start, end)
        return found

    def neighbour(self, i: int) -> dict[str, float]:
        """The few own features that context features read from a neighbour (the same values as
        ``own``, without computing the rest)."""
        found = self._own.get(i)
        if found is not None:
            return found
        line = self.line(i)
        return {"prose": float(line.prose), "words": float(len(line.words)), "colon_end": float(line.text.endswith(":")),
                "furniture_ratio": sum(1 for w in line.lower if w in lx.FURNITURE_WORDS) / (len(line.words) or 1),
                "heading_like": float(_heading_like(line.text, line.words))}

    def context(self, i: int) -> dict[str, float]:
        n = self.n
        prev = self.neighbour(i - 1) if i else None
        nxt = self.neighbour(i + 1) if i + 1 < n else None
        start, end = self.run_bounds(i)
        return {
            "from_start": float(min(i, 6)),
            "from_end": float(min(n - 1 - i, 6)),
            "head_run": float(i <= self.first_prose),
            "tail_run": float(i >= self.last_prose),
            "prev_prose": float(bool(prev) and prev["prose"] > 0),
            "next_prose": float(bool(nxt) and nxt["prose"] > 0),
            "prev_label": float(bool(prev) and (prev["colon_end"] > 0 or (prev["furniture_ratio"] >= 0.5 and prev["words"] <= 3))),
            "prev_short": float(not prev or prev["words"] <= 4),
            "next_short": float(not nxt or nxt["words"] <= 4),
            "prev_furniture": prev["furniture_ratio"] if prev else 0.0,
            "next_furniture": nxt["furniture_ratio"] if nxt else 0.0,
            "next_heading": float(bool(nxt) and nxt["heading_like"] > 0),
            "run_length": 0.0 if self.lines.prose(i) else float(min(8, end - start + 1)),
            "prose_between": float(self.first_prose < i < self.last_prose),
        }

    def vector(self, i: int) -> list[float]:
        row = {**self.own(i), **self.context(i)}
        return [row[name] for name in FEATURE_NAMES]
