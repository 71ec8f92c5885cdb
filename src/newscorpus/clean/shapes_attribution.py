"""Shapes of attribution lines: signatures, agency credits, credit lines, editorial notes, bylines,
copyright notices, read-more links, labels alone and timestamps (the tests ``rules`` names)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .features import is_prose


_QUOTES = "\"'“”‘’«»„‚‹›"
_LETTER = r"[^\W\d_]"


# --- shared shape helpers -------------------------------------------------------------------

_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|/|\+|\band\b|\bund\b|\bet\b|\by\b)\s*|\s+[-–—]\s+", re.IGNORECASE)


def _is_agency(text: str) -> bool:
    return text.strip(" .()[]").casefold() in lx.AGENCIES


def _is_name_token(token: str) -> bool:
    token = token.strip("()[],")
    if not token:
        return False
    if token.casefold() in lx.NAME_PARTICLES or _is_agency(token):
        return True
    core = token.rstrip(".")
    if len(core) == 1:  # an initial, "J."
        return core.isupper()
    return token[0].isupper() and all(ch.isalpha() or ch in "-'’." for ch in token)


def _is_name(text: str, *, max_tokens: int = 5) -> bool:
    """One person's or organisation's name: capitalised tokens, with particles and initials."""
    tokens = text.split()
    if not 1 <= len(tokens) <= max_tokens:
        return False
    if not all(_is_name_token(t) for t in tokens):
        return False
    return any(t[0].isupper() for t in tokens) or _is_agency(text)


def _is_name_list(text: str, *, max_names: int = 8) -> bool:
    parts = [p for p in _SPLIT_NAMES.split(text.strip()) if p]
    return 1 <= len(parts) <= max_names and all(_is_name(p) for p in parts)


@lru_cache(maxsize=256)
def _words(line: str) -> list[str]:
    """The line's words (cached: several rules ask for the same line's words; never mutate)."""
    return line.split()


_VIEW_STRIP = ".,;:!?()“”\"'"


@lru_cache(maxsize=128)
def _view(line: str) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """The line's words lower-cased and stripped of punctuation: all of them, the first ten, and
    in order (computed once per line: the quick tests of several rules read them)."""
    words = tuple(w.casefold().strip(_VIEW_STRIP) for w in line.split())
    return frozenset(words), frozenset(words[:10]), words


def _unquote(line: str) -> tuple[str, bool]:
    stripped = line.strip().strip(_QUOTES).strip()
    return stripped, stripped != line.strip()


# --- signature: "bur/about/you", "ab/rs (AFP, Reuters)", "dh/ar (AP, Reuters, dpa)" ----------

_SIGNATURE = re.compile(
    rf"(?P<initials>{_LETTER}{{1,12}}(?: ?/ ?{_LETTER}{{1,12}}){{1,5}})\s*(?:\((?P<agencies>[^()]{{1,120}})\))?\.?"
)


def _signature(line: str) -> bool:
    match = _SIGNATURE.fullmatch(line.strip())
    if not match:
        return False
    initials = match["initials"].replace(" ", "")
    if initials.casefold() in lx.SLASH_WORDS:
        return False
    # editors' initials are written in lower case; a translation may capitalise the first
    if any(not part.islower() for part in initials.split("/")[1:]):
        return False
    agencies = match["agencies"]
    return agencies is None or all(_is_agency(a) for a in _SPLIT_NAMES.split(agencies) if a.strip())


def signature_shape(line: str) -> bool:
    """Editor initials with slashes, with or without agencies ('ab/rs (AFP, Reuters)')."""
    return len(line) <= 200 and _signature(line)


# --- agency-only credit: "(AFP, Reuters)", "dpa/AFP", "With AFP", "Source: Reuters" ----------

_AGENCY_PREFIX = re.compile(
    r"(?:with(?: (?:material|reporting|information|input)s? from)?|sources?|agencies|from|compiled from|via|[-–—])\s*:?\s*",
    re.IGNORECASE,
)


def _agency_credit(line: str) -> bool:
    if len(line.split()) > 12:
        return False
    text = line.strip().strip("()[]").strip()
    prefix = _AGENCY_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    text = text.strip("()[]. ")
    if not text:
        return bool(prefix) and line.strip().casefold().strip("()[]. ") == "agencies"
    parts = [p for p in _SPLIT_NAMES.split(text) if p.strip()]
    return bool(parts) and len(parts) <= 8 and all(_is_agency(p) for p in parts)


# --- credit line: "Reporting by A in Moscow; Editing by B", "(Writing by C)", "Photo: D/Reuters"

_ROLE = (
    r"(?:additional |further |contributing |extra )?"
    r"(?:reporting|writing|editing|edited|written|compiled|translated|translation|fact-checking|"
    r"fact checking|research|researched|graphics?|photos?|photographs?|photography|pictures?|images?|"
    r"video|production|produced|design|designed|illustrations?|sub-editing|reported|text|words|camera|"
    r"interview|sources?|cover image|main image|top image|header image|image credit|photo credit)"
)
_CREDIT_SEGMENT = re.compile(
    rf"{_ROLE}(?:\s*(?:,|and|&)\s*{_ROLE}){{0,4}}(?:\s+by(?:\s*:)?|\s*:)\s+(?P<rest>.+)", re.IGNORECASE
)
_PLACE_SPLIT = re.compile(r"\s+(?:in|from|at|for|via|with)\s+")


def _credit_segment(segment: str) -> bool:
    match = _CREDIT_SEGMENT.fullmatch(segment.strip().rstrip(".").strip())
    if not match:
        return False
    pieces = _PLACE_SPLIT.split(match["rest"].strip())
    return all(_is_name_list(piece) for piece in pieces)


def _credit(line: str) -> bool:
    text = line.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    segments = [s for s in text.split(";") if s.strip()]
    return bool(segments) and all(_credit_segment(s) for s in segments)


# --- editorial notes: "Jane Doe in Beijing contributed to this report.", "This article was translated ..."

_CONTRIBUTED = re.compile(r".{3,250}? contributed(?: reporting| research)? (?:to )?(?:this|the) (?:report|story|article)\.?", re.IGNORECASE)
_TRANSLATED_NOTE = re.compile(
    r"(?i:this|the) (?i:article|story|text|report|interview) (?i:was|has been) "
    r"(?:(?i:translated|adapted) (?i:from) [A-Z]|(?i:originally|first) (?i:published|appeared) (?i:in|on|by) )"
    r".{0,200}"
)
_OUR_STANDARDS = re.compile(r"our standards\s*:", re.IGNORECASE)


def _editorial_quick(line: str) -> bool:
    lower = line.lower()
    return any(w in lower for w in ("contribut", "translat", "adapted", "published", "appeared", "standards", "información",
                                    "reporting", "collaboration", "mitarbeit", "reportes"))


def _editorial_note(line: str) -> bool:
    text = line.strip()
    if len(text.split()) > 40:
        return False
    reported = _REPORTED_WITH.match(text)
    if reported and _is_name_list(text[reported.end():].strip().rstrip("."), max_names=8):
        return True  # "Con información de Paloma Marín, Maryem Castillo y Elena G. Sevillano."
    return bool(_CONTRIBUTED.fullmatch(text) or _TRANSLATED_NOTE.fullmatch(text) or _OUR_STANDARDS.match(text))


_REPORTED_WITH = re.compile(r"(?:con información de|con reportes? de|with (?:additional )?reporting (?:by|from)|"
                            r"additional reporting by|avec la collaboration de|mitarbeit:?)\s+", re.IGNORECASE)


# --- byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Author: Jane Doe" ----------

_BYLINE_PREFIX = re.compile(
    r"(?:(?:by|written by|story by|words by|text by|reported by|posted by|reporting by)\s*:?|"
    r"(?:authors?|byline|von|par|por)\s*:)\s+",
    re.IGNORECASE,
)


def _byline(line: str) -> bool:
    """'By <names>[, <role or outlet>]', also 'by <Name>' in lower case and the French, Spanish
    and German 'Par/Por/Von <Names>' (a capitalised name must follow)."""
    text = line.strip()
    match = _BYLINE_PREFIX.match(text) or _FOREIGN_BY.match(text)
    if not match:
        return False
    rest = re.sub(r"\s+[|–—-]\s+", ", ", text[match.end() :]).rstrip(".")
    tokens = [t for t in rest.replace(",", " ").split() if not _HANDLE_TOKEN.fullmatch(t)]  # "By Kim Blake @kimkblake"
    first = next((t for t in tokens if t.casefold() not in lx.BYLINE_ROLE_WORDS), "")
    if not text[0].isupper() and not first[:1].isupper():
        return False  # "by the way ...": a lower-case "by" needs a capitalised name after it
    if any(ch.isdigit() for ch in " ".join(tokens)):
        return False
    if not 1 <= len(tokens) <= 16:
        return False
    named = False
    for token in tokens:
        if token.casefold() in lx.BYLINE_ROLE_WORDS:
            continue
        if not _is_name_token(token):
            return False
        named = True
    return named


_HANDLE_TOKEN = re.compile(r"\(?@\w{2,30}\)?")
_FOREIGN_BY = re.compile(r"(?:Par|PAR|Por|POR|Von|VON)\s+(?=[A-Z])")
_SEGMENT_SPLIT = re.compile(r"\s+[|–—·-]\s+|\s+(?=(?i:by)\s+[A-Z])")
_ON_DATE = re.compile(r"\s+(?:on|at|am|le|el)\s+(?=\S*\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun))")


def _dated_byline(line: str) -> bool:
    """A byline and a date or time on one line, in either order: 'by Timothy B. Lee - Aug 9,
    2012 7:30 pm UTC', 'Posted on November 5th, 2012 - By Bossip Staff', 'Posted by Dave on
    August 13th, 2012'. Every segment is a byline or a (labelled) date, and one is a byline."""
    text = line.strip()
    if len(text) > 160 or not any(ch.isdigit() for ch in text):
        return False
    segments = []
    for part in _SEGMENT_SPLIT.split(text):
        for piece in _ON_DATE.split(part, maxsplit=1):
            head, comma, tail = piece.partition(", ")
            if comma and _date_only(tail):  # "Posted by James Cartwright, Monday 05 November 2012"
                segments.extend([head, tail])
            elif piece.strip(" ,"):
                segments.append(piece.strip(" ,"))
    bylines = 0
    for segment in segments:
        if _byline(segment):
            bylines += 1
        elif not (_date_only(segment) or _timestamp_with_prefix(segment) or segment.casefold() in _STAMP_WORDS):
            return False
    return bylines > 0


_STAMP_WORDS = frozenset({"posted", "published", "updated", "posted on", "published on", "updated on", "last updated"})


def _role_line(line: str) -> bool:
    """A writer's role or role and outlet on a line of its own: 'Senior Washington Correspondent',
    'CNBC Executive News Editor' (at most six capitalised words ending in a writer's role)."""
    words = line.strip().rstrip(".").split()
    if not 1 <= len(words) <= 6 or words[-1].casefold().rstrip("s") not in _WRITER_ROLE_NOUNS:
        return False
    return all(w[0].isupper() or w.casefold() in lx.BYLINE_ROLE_WORDS for w in words)


_WRITER_ROLE_NOUNS = frozenset({"correspondent", "editor", "reporter", "writer", "columnist", "contributor", "producer",
                                "photographer", "journalist", "blogger", "critic", "analyst", "reporting"})


def _comment_header(line: str) -> bool:
    """A comment's header: '<Name> said...' (a name of one to four words, then 'said' and dots)."""
    text = line.strip()
    for ending in (" said...", " said…", " says...", " said:", " wrote:"):
        if text.endswith(ending):
            return _is_name(text[: -len(ending)], max_tokens=4)
    return False


# --- copyright: "© 2023 Reuters", "Copyright 2023 The Associated Press. All rights reserved." --

_COPYRIGHT = re.compile(r"\(?\s*(?i:copyright|\(c\))\s*(?:©|(?i:\(c\))|\d{4}|[A-Z])")
_NOTICE_START = re.compile(r"(?:©|\(c\)|(?i:copyright))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*", re.IGNORECASE)
_RIGHTS_SENTENCE = re.compile(r"(?:^|[.!?]\s+|\s)all rights reserved(?: worldwide)?\s*(?:[.!]|$)", re.IGNORECASE)


def _copyright(line: str) -> bool:
    """A copyright notice. On running text only its strict shapes count: it opens with
    ©/Copyright and a year or a name ("Copyright 2023 law reforms were ..." does not: a lower-case
    word follows), or "All rights reserved." stands as a sentence of its own."""
    text = line.strip()
    if len(_words(text)) > 40:
        return False
    if _RIGHTS_SENTENCE.search(text):
        return True
    start = _NOTICE_START.match(text)
    if start and start.end() > 0 and start.group().strip(" ,.") not in ("", "(c"):
        rest = text[start.end():]
        if not rest or rest[0].isupper() or rest[0].isdigit() or rest.casefold().startswith("by "):
            return True
    if is_prose(text):
        return False
    if "©" in text or "all rights reserved" in text.casefold():
        return True
    return bool(_COPYRIGHT.match(text)) and len(_words(text)) <= 30


# --- "Read more: ..." links ------------------------------------------------------------------

_READ_MORE = re.compile(
    r"(?:read more|read also|also read|read next|see also|related|recommended|more on (?:this|the) (?:story|topic)|"
    r"more from [\w ]{1,30}|watch(?: video)?|listen|read the full (?:story|article|report)|further reading|"
    r"continue reading(?: (?:at|on) [^:]{1,40})?|(?:à|a) lire aussi|lire aussi|voir aussi|lea también|leer más|ver también|"
    r"lesen sie auch|mehr zum thema|czytaj (?:też|również|także)|leggi anche|leia também)"
    r"\s*(?::|：|\||>|»|–|—|-)+\s*\S",
    re.IGNORECASE,
)


def _read_more(line: str) -> bool:
    text = line.strip()
    match = _READ_MORE.match(text)
    if not match:
        return False
    if not is_prose(text):
        return True
    # on running text only a link title counts: it opens with a capital and does not end like a
    # sentence ("Related: the two leaders also discussed energy, officials said." is a sentence)
    rest = text[match.end() - 1:]
    return (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in _QUOTES) and not rest.rstrip(_QUOTES).endswith(".")


# --- a label alone: "Author:", "More from LearnVest:", "(Credit:", "Tag Archives: ..." ------------

_LABEL_ALONE = re.compile(r"^[(\[|]?\s*(?P<label>[^\W\d_][\w'’ .-]{0,40}?)\s*(?::|…|\.\.\.)?\s*$")
_MORE_FROM = re.compile(r"(?:more|also|other|latest|see more)\s+(?:from|by|on|in)\s+\S", re.IGNORECASE)


def _label_alone(line: str) -> bool:
    """A label with nothing after it: an author label ('Author:', "L'AUTEUR", 'About the
    author'), a list label ('More from LearnVest:', 'More from this author', 'Attached Images:',
    'Post Tags:') or a tag/category label; at most six words."""
    text = line.strip()
    if text.count(" ") > 5:
        return False
    match = _LABEL_ALONE.match(text)
    if not match:
        return False
    label = match["label"].casefold().strip(" .")
    if text.endswith(":") and (label in lx.BYLINE_LABELS or label in lx.FURNITURE_LABELS or label in _OTHER_LABELS):
        return True
    return label in _AUTHOR_LABELS or bool(_MORE_FROM.match(label)) or label.startswith("other ") and label.endswith(" stories")


_AUTHOR_LABELS = frozenset({"about the author", "about the authors", "l'auteur", "l’auteur", "the author", "author", "by",
                            "authors", "more from this author", "more by this author", "ses articles", "his articles",
                            "her articles"})
_OTHER_LABELS = frozenset({"attached images", "attachments", "post tags", "tag archives", "category archives", "archives",
                           "filed in", "posted in", "tagged with", "footnotes"} - {"footnotes"})


def _labelled_credit(line: str) -> bool:
    """'<credit label>: <anything short>' ('Photo credit: Some rights reserved by olivier26.',
    'Image source: Amazon'): at most 15 words, not running text."""
    text = line.strip().lstrip("(|[ ")
    head, sep, rest = text.partition(":")
    return bool(sep) and bool(rest.strip()) and head.strip().casefold() in lx.CREDIT_LABELS and len(text.split()) <= 15 \
        and not is_prose(text)


def _credit_label_alone(line: str) -> bool:
    """A credit label whose credit is on the next line: 'Photo:', '(Credit:', 'Bild:', 'Source:'."""
    text = line.strip().lstrip("(|[ ").rstrip()
    return text.endswith(":") and text[:-1].strip().casefold() in lx.CREDIT_LABELS


def _furniture_label_line(line: str) -> bool:
    """'<tag, category or archive label>: <names>' ('Tag Archives: National Oceanic ...',
    'Category: Local News', 'Filed under: Politics, Europe'), not running text."""
    text = line.strip().lstrip("|» ")
    head, sep, rest = text.partition(":")
    if not sep or not rest.strip() or len(rest.split()) > 15 or is_prose(text):
        return False
    label = head.strip().casefold()
    return label in _TAG_LABELS


_TAG_LABELS = frozenset({"tags", "tag", "tagged", "tag archives", "category", "categories", "category archives", "filed under",
                         "filed in", "posted in", "topics", "keywords", "labels", "sections", "archives", "schlagworte",
                         "etiquetas", "mots-clés", "tagi", "kategorie", "catégorie", "categoría"})


# --- timestamps: "Published: 21.03.2023 14:05", "Updated March 21, 2023 10:15 GMT" ----------

_STAMP_PREFIX = re.compile(
    r"(?:published|updated|posted|last updated|first published|last modified|date|created|modified|"
    r"veröffentlicht|aktualisiert)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(r"[\d:./,\-–]+|\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:am|pm|h)|[|·•]")


def _date_only(text: str) -> bool:
    """Only a date or time: month and weekday names, numbers, time words ('ago', 'Uhr'), an
    agency in brackets ('July 24, 2012 (AP)'); at least one digit."""
    tokens = text.replace(",", " ").split()
    for token in tokens:
        lowered = token.casefold().strip(".()")
        if token.startswith("(") and lowered in lx.AGENCIES:
            continue
        if not (lowered in lx.MONTHS or lowered in lx.TIME_WORDS or _DATE_TOKEN.fullmatch(lowered)):
            return False
    return bool(tokens) and any(ch.isdigit() for ch in text)


def _timestamp_with_prefix(line: str) -> bool:
    text = line.strip()
    match = _STAMP_PREFIX.match(text)
    return bool(match) and match.end() < len(text) and _date_only(text[match.end() :])


def _bare_date(line: str) -> bool:
    return _date_only(line.strip())
