"""Noise rules: each recognises one kind of non-article line by its shape, never by its exact text.

A rule sees one whole line (already normalised, without its line end) and answers yes or no.
It also has a zone, because where a line stands is part of its shape:

- ``anywhere``: shapes so specific that they are noise wherever they stand (a credit line made
  only of "Reporting by <names>; Editing by <names>" segments, a copyright notice, a "Read more:"
  link, share/follow/subscribe calls).
- ``edge``: shapes that are noise only in the run of non-prose lines that opens or closes the
  text (a byline, an agency-only credit, a bare date).
- ``tail``: shapes that are noise only in the closing run (an author bio, an editor's signature).

The closing run is found by walking up from the last line while lines match a rule (blank lines
and short heading-like lines are stepped over, not removed); the opening run likewise from the
top. A line of prose stops the walk, so nothing above the last sentence of the article is ever
touched by an edge or tail rule.

Every regular expression here is anchored, has no nested unbounded repetition, and runs only on
lines below a length bound, so matching time stays linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import lexicon as lx
from .features import is_prose

ANYWHERE, EDGE, TAIL = "anywhere", "edge", "tail"

NOISE_LABELS = ("author_bio", "signature", "byline", "credit", "copyright", "read_more", "boilerplate", "timestamp")
"""Every label a noise rule may give, in a fixed order (published as a ClassLabel: append, never reorder)."""

_QUOTES = "\"'“”‘’«»„‚‹›"
_LETTER = r"[^\W\d_]"


@dataclass(frozen=True)
class LineRule:
    """A named test for one kind of noise line."""

    id: str
    label: str
    zone: str
    why: str
    test: Callable[[str], bool] = field(repr=False)
    max_chars: int = 400
    quick: re.Pattern | Callable[[str], object] | None = field(default=None, repr=False)
    """A cheap necessary condition tried before ``test``: an anchored pattern the line must
    ``match``, or a function (substring checks)."""
    on_prose: bool = False
    """An *anywhere* rule whose shape is strict enough to try on running text in mid-article
    too (a copyright notice, a caption's credit); the others try only lines that are not."""

    @property
    def quick_test(self) -> Callable[[str], object] | None:
        return self.quick.match if isinstance(self.quick, re.Pattern) else self.quick

    def matches(self, line: str) -> bool:
        quick = self.quick_test
        return len(line) <= self.max_chars and (quick is None or bool(quick(line))) and self.test(line)


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


# --- leaked markup and server messages: "[ami-related id=...]", "Warning: session_start(): ..." ---

_SHORTCODE = re.compile(r"\[/?[a-z][\w-]{1,30}(?:\s+[\w-]{1,30}=(?:\"[^\"]{0,300}\"|'[^']{0,300}'|\S{1,100}))*\s*/?\]")
_SERVER_MESSAGE = re.compile(r"(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards): .{1,400} on line \d{1,6}")


def _leaked_markup(line: str) -> bool:
    """A leaked shortcode alone ('[ami-related id="465228" url="..."]') or a server's error message
    printed into the page ('Warning: session_start(): ... on line 83')."""
    text = line.strip()
    return bool(_SHORTCODE.fullmatch(text) or _SERVER_MESSAGE.fullmatch(text))


# --- journal citations: "Nature 581, S20 (2020)", "doi: 10.1038/d41586-020-01379-5" ------------

_DOI = re.compile(r"(?:doi|DOI)\s*:?\s*10\.\d{4,9}/\S{1,100}|https?://(?:dx\.)?doi\.org/10\.\S{1,100}")
_CITATION = re.compile(r"[A-Z][\w.&' -]{1,60}? \d{1,4}, [A-Z]?\d{1,6}(?:[–-][A-Z]?\d{1,6})? \((?:19|20)\d{2}\)\.?")


def _citation(line: str) -> bool:
    """A journal citation footer alone: a DOI, or '<Journal> <volume>, <page> (<year>)'."""
    text = line.strip()
    return bool(_DOI.fullmatch(text) or _CITATION.fullmatch(text))


_REFERENCE_YEAR = re.compile(r"[,.]?\s*\((?:19|20)\d{2}[a-z]?\)[,.:]?\s")
_REFERENCE_AUTHORS = re.compile(r"\s*(?:,|;|&|\band\b|\bet\b|\bund\b|\by\b)\s*(?=[A-Z])")
_SURNAME_INITIALS = re.compile(r"[A-Z][\w'’-]+,?\s+(?:[A-Z]\.\s?){1,3}")


def reference_entry(line: str) -> bool:
    """A reference-list entry: two or more authors (or 'Surname, I.'), then '(<year>)' and the
    work, which starts with a capital or a quotation mark ('Renzi, C., Sorge, C. ... (2012),
    Reporting of ...'); 'Smith and Jones (2010) found that ...' is a sentence citing a work."""
    text = line.strip()
    if len(text) > 600:
        return False
    year = _REFERENCE_YEAR.search(text, 0, 400)
    if not year or len(text) - year.end() < 10 or not (text[year.end()].isupper() or text[year.end()] in _QUOTES):
        return False
    head = text[: year.start()].strip(" ,.")
    authors = [a.strip() for a in _REFERENCE_AUTHORS.split(head) if a.strip()]
    if len(authors) < 2 and not _SURNAME_INITIALS.fullmatch(head):
        return False
    return all(_is_name(a, max_tokens=5) or _SURNAME_INITIALS.fullmatch(a) for a in authors)


# --- share / follow / subscribe and page furniture -------------------------------------------

_SOCIAL = r"(?:twitter|x|facebook|instagram|telegram|youtube|tiktok|linkedin|threads|mastodon|bluesky|whatsapp|google news)"
_CALL_TO_ACTION = re.compile(
    r"(?:share (?:this|on|via|the) |share: |follow (?:us|our|@)|follow \S{1,40} on " + _SOCIAL + r"|"
    r"(?:you can )?(?:also )?follow (?:the latest|our live)|subscribe (?:to|now|for|here|today)\b|"
    r"sign up (?:for|to|here|now|today)\b|click here\b|tap here\b|download (?:our|the) (?:free )?\S{1,30} app|"
    r"join (?:us|our) (?:on )?" + _SOCIAL + r"|like us on|get (?:our|the) (?:free )?(?:daily |weekly )?newsletter|"
    r"never miss (?:a|an|the) |stay (?:up to date|informed) with)",
    re.IGNORECASE,
)
_PAGE_FURNITURE = frozenset({
    "advertisement", "advertising", "ad", "sponsored", "sponsored content", "scroll to continue",
    "scroll to continue with content", "advertisement scroll to continue", "continue reading",
    "story continues below", "story continues below advertisement", "skip advertisement", "loading",
    "show more", "show less", "read more", "share", "share this", "share this article", "share this story",
    "tweet", "email", "print", "comments", "comment", "related", "related articles", "related stories",
    "related content", "more stories", "most read", "most popular", "top stories", "trending now",
    "listen to this article", "play video", "watch video", "watch now", "image source", "image caption",
    "getty images", "subscribe", "sign up", "log in", "sign in", "back to top", "next article",
    "previous article", "view comments", "copy link", "link copied", "related posts", "recent posts",
    "leave a reply", "leave a comment", "you may also like", "more from author", "previous post", "next post",
    "also read", "see also", "more", "tags", "topics", "latest news", "skip to content", "skip to main content",
    "connect with us", "text size", "top of page", "bottom of page", "reset password", "be the first to comment",
    "no comments", "no comments yet", "join the conversation", "add a comment", "comments are closed", "post a comment",
    "view larger map", "enlarge", "open in new window", "opens in a new window", "print this page",
    "remove this ad", "report this ad", "local news", "breaking news", "top news",
})
_FURNITURE_STRIP = re.compile(r"[\W_]+")


def _call_to_action(line: str) -> bool:
    text = line.strip()
    return len(_words(text)) <= 25 and bool(_CALL_TO_ACTION.match(text))


def _page_furniture(line: str) -> bool:
    """Furniture alone: a furniture phrase, or only the names of social networks and sharing
    buttons ('Facebook', 'Twitter LinkedIn', 'Share Tweet Email')."""
    folded = _FURNITURE_STRIP.sub(" ", line).strip().casefold()
    if folded in _PAGE_FURNITURE:
        return True
    words = folded.split()
    return 1 <= len(words) <= 6 and all(w in lx.SOCIAL_WORDS or w in _BUTTON_WORDS for w in words)


_BUTTON_WORDS = frozenset({"share", "tweet", "email", "print", "comment", "comments", "pin", "like", "more", "save", "reddit",
                           "whatsapp", "copy", "link", "sms"})


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


# --- author bios ------------------------------------------------------------------------------

_BIO_SEGMENTS = re.compile(r"(?<=[.!])\s+")


def _bio_phrase(phrase: str) -> bool:
    words = [w.casefold().strip(",") for w in phrase.rstrip(".!").split()]
    if not 1 <= len(words) <= 6 or any(w in lx.SENTENCE_WORDS for w in words):
        return False
    last = words[-1]
    return last in lx.BIO_ROLE_NOUNS or last.endswith(lx.BIO_ROLE_SUFFIXES) or (
        len(words) >= 2 and words[-2] in lx.BIO_ROLE_NOUNS  # "Friend of animals", "Lover of ..."
    )


def _bio_template(line: str) -> bool:
    if line.count(".") + line.count("!") < 3:
        return False
    text, _ = _unquote(line)
    phrases = [p for p in _BIO_SEGMENTS.split(text) if p]
    if not 3 <= len(phrases) <= 9 or not all(p.endswith((".", "!")) for p in phrases):
        return False
    if any(len(p.split()) > 8 or not p[0].isupper() for p in phrases):
        return False
    if any(w.casefold() in lx.SENTENCE_WORDS for p in phrases for w in p.rstrip(".!").split()):
        return False
    bio_like = sum(_bio_phrase(p) for p in phrases)
    return bio_like >= 2 and bio_like / len(phrases) >= 0.6


_ABOUT_AUTHOR = re.compile(r"about the authors?\s*[:.–—-]", re.IGNORECASE)
_JOURNALIST_BIO = re.compile(
    rf"(?P<name>{_LETTER}[\w'’.-]*(?:\s+{_LETTER}[\w'’.-]*){{1,3}})\s+(?:is|was|has been|works as)\s+(?:a|an|the)\s+(?P<rest>.+)"
)


def _journalist_bio(line: str) -> bool:
    text = line.strip()
    if _ABOUT_AUTHOR.match(text):
        return True
    match = _JOURNALIST_BIO.fullmatch(text)
    if not match or not _is_name(match["name"], max_tokens=4) or len(_words(text)) > 60:
        return False
    role_words = [w.casefold().strip(".,;") for w in match["rest"].split()[:10]]
    return any(w in lx.JOURNALIST_ROLES for w in role_words)


# --- author bios: "<Name> is a reporter for ...", "<Name> covers ...", "<Name> can be reached at" --

_BIO_VERB = re.compile(
    r"(?:is|was|has been|had been|currently works|works|covers|covered|writes|wrote|reports|edits|blogs|hosts|"
    r"teaches|lives|joined|can be reached|can be contacted|may be reached|is also|serves)\b"
)


_BIO_ACT = re.compile(r"(?:covers|covered|writes about|writes for|writes|reports|edits|blogs|hosts|currently works|works|can be reached|can be contacted|may be reached)\b")
_BIO_BE = re.compile(r"(?:is|was|has been|had been|serves as|joined)\b")


def _author_bio(line: str) -> bool:
    """'<Name> covers/writes/can be reached ...', or '<Name> is a/the <role>' with a role of the
    writing trade or of a career within ten words of the verb."""
    text = line.strip()
    if _ABOUT_AUTHOR.match(text):
        return True
    words = _words(text)
    if not 4 <= len(words) <= 90:
        return False
    if words[0] in ("He", "She") and _BIO_BE.match(" ".join(words[1:])):  # a bio's second sentence
        return bool({w.casefold().strip(".,;:") for w in words[1:10]} & lx.WRITER_ROLES)
    for k in (1, 2, 3, 4):
        if len(words) <= k + 2:
            break
        if not _is_name(" ".join(words[:k]), max_tokens=4) or any(w.casefold() in lx.STOPWORDS for w in words[:k]):
            continue
        rest = " ".join(words[k:])
        act, be = _BIO_ACT.match(rest), _BIO_BE.match(rest)
        if not (act or be):
            continue
        if act and act.group().startswith(("can be", "may be", "covers", "writes about", "writes for")):
            return True  # "<Name> covers storage, disaster recovery ...": a writer's beat
        window = words[k:k + 10] if be else words[k:]
        cues = {w.casefold().strip(".,;:()“”\"'") for w in window}
        return bool(cues & lx.BIO_ROLE_CUES)
    return False


# --- syndication notes: "This article originally appeared on ...", "Originally published ..." --

_SYNDICATION_START = re.compile(
    r"(?:this|the) (?:article|story|post|piece|interview|report|column|item|essay|blog post|content) "
    r"(?:was |is |has been |first |originally )|originally (?:published|appeared|posted|written)|first (?:published|appeared)|"
    r"republished|reprinted|reproduced",
    re.IGNORECASE,
)


def _syndication(line: str) -> bool:
    text = line.strip()
    return len(_words(text)) <= 50 and bool(_SYNDICATION_START.match(text)) and any(
        p in text.casefold() for p in lx.SYNDICATION_PHRASES)


# --- disclaimers and editor's notes at an edge ---------------------------------------------

_DISCLAIMER_START = re.compile(
    r"(?:note|disclosure|disclaimer|editor'?s note|editors'? note|full disclosure)\s*:|"
    r"(?:the )?(?:views|opinions)(?: and opinions)? expressed|this (?:article|interview|story|post|content|piece) "
    r"(?:has been|was|is|contains|may contain)",
    re.IGNORECASE,
)


def _disclaimer(line: str) -> bool:
    text = line.strip()
    folded = text.casefold()
    if len(_words(text)) > 70:
        return False
    return bool(_DISCLAIMER_START.match(text)) or any(p in folded for p in lx.DISCLAIMER_PHRASES) and "“" not in text and '"' not in text


# --- reader prompts: follow, share, subscribe, comment, tip-off, newsletter invitations --------

_PROMPT = re.compile(
    r"\b(?:follow (?:us|me|him|her|them|@\w+|[A-Z][\w.]*(?: [A-Z][\w.]*)* on)|like us on|find us on|join (?:us|the conversation|our)|"
    r"subscribe (?:to|now|for|here|today)|sign up (?:for|to|here|now|today)|(?:e-?mail|write to|contact|tweet|message) us|"
    r"let us know|tell us (?:what|how)|comment below|leave a comment|share (?:this|your thoughts|on)|click here|tap here|"
    r"(?:read|see|get|find|watch) (?:more|the rest|all|the full)\b[^.]{0,80}\b(?:here|on|at|below)\b|"
    r"to your inbox|our newsletter|newsletter|"
    r"send (?:us )?(?:a |your )?tips?|have a (?:question|tip|story)|know something we don't|got a tip|"
    r"download (?:our|the) (?:free )?\S{1,30} app|you can find (?:us|the|our))",
    re.IGNORECASE,
)


_PROMPT_AUDIENCE = lx.READER_WORDS | lx.SOCIAL_WORDS | lx.SITE_WORDS


def _reader_prompt(line: str) -> bool:
    """A sentence inviting the reader to act on the site or its channels, at an edge of the text."""
    text = line.strip()
    if len(_words(text)) > 60:
        return False
    # a prompt speaks to the reader or names the site's channels ("Sign up for military service
    # was extended ..." does neither)
    words = {w.casefold().strip(".,;:!?()“”\"'") for w in _words(text)}
    if _PROMPT_START.match(text):
        return True  # "See more by Lucas Mearian on ...", "Read more about data storage in ...": an invitation as it stands
    if not (words & _PROMPT_AUDIENCE or "@" in text or "http" in text):
        return False
    return bool(_PROMPT.search(text))


_PROMPT_START = re.compile(r"(?:(?:see|read|find|get|watch|view) (?:more|all|the (?:video|full (?:story|article|interview)))"
                           r" (?:by|about|on|from|in|stories|articles|news|coverage)\b|(?:click|tap) here\b|"
                           r"read (?:it|the rest|this|the full \w+) (?:at|on|here)\b)", re.IGNORECASE)


# --- an imperative to the reader in the closing run: "See TIME's Pictures of the Week." ----------

_LOOK_VERBS = frozenset({"see", "read", "watch", "view", "visit", "click", "tap", "follow", "subscribe",
                         "download", "browse", "explore", "discover"})
"""Imperatives that point at another page: a name or a link after them is the page."""
_ACT_VERBS = frozenset({"get", "add", "try", "find", "join", "sign", "share", "like", "check", "send", "email", "e-mail",
                        "contact", "tell", "leave", "post", "submit", "suggest", "connect", "register", "become"})
"""Imperatives that ask the reader to act: the site's or reader's words must be there too."""
_POINTERS = frozenset({"here", "below", "online", "website", "site", "page", "link", "app", "feed", "archive", "more"})
_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|de|fr|es|it|io|tv|uk)\b|https?://|www\.")


def _imperative_prompt(line: str) -> bool:
    """A short imperative pointing the reader elsewhere at the close of the text: 'See TIME's
    Pictures of the Week.', 'Read the rest of <Name>'s review here', 'Get <Site> news and alerts
    FREE to your inbox...', 'Try Uber with this link ...'. A look verb needs a name, a link or a
    pointer word after it; an act verb needs the reader's, site's or network's words."""
    text = line.strip()
    if text[:1] in _QUOTES:
        return False
    _, _, words = _view(text)
    if not 2 <= len(words) <= 25:
        return False
    linked = bool(_DOMAIN.search(text)) or "@" in text
    cued = linked or any(w in _POINTERS or w in lx.SITE_WORDS or w in lx.SOCIAL_WORDS for w in words[1:])
    if words[0] in _LOOK_VERBS:
        if words[1] in lx.READER_WORDS:
            return False  # "See you in Beijing next year.": a farewell, not a pointer
        raw = text.split()[1:]
        return cued or any(w[:1].isupper() for w in raw)
    if words[0] in _ACT_VERBS:
        return linked or any(w in lx.READER_WORDS or w in lx.SITE_WORDS or w in lx.SOCIAL_WORDS or w in ("link", "here")
                             for w in words[1:])
    return False


# --- site notices: "Comments may be no longer than 2000 characters ...", "If you have a question ..."

def _site_notice(line: str) -> bool:
    """A sentence about the page itself: a site word (comments, newsletter, subscribe, ...) among
    its first ten words, and it opens with one or speaks to the reader; never a quotation."""
    text = line.strip()
    if text[:1] in _QUOTES:
        return False  # a quotation is article text
    words = [w.casefold().strip(".,;:!?()“”\"'") for w in _words(text)]
    if not 2 <= len(words) <= 60 or not any(w in lx.SITE_WORDS for w in words[:10]):
        return False
    return words[0] in lx.SITE_WORDS or any(w in lx.READER_WORDS for w in words)


# --- corrections and update notes: "(Corrects 10th paragraph ...)", "Update (10/29/12):" --------

_CORRECTION = re.compile(
    r"\(?(?:corrects|correction|corrected|clarification|updates?|updated|editor'?s note)\b[^a-z]{0,3}"
    r"(?:\(?[\d/.,: -]{4,}\)?|:|[a-z])",
    re.IGNORECASE,
)


def _correction(line: str) -> bool:
    """A correction note, or an update label with at most a date: an update that tells more of
    the story ("UPDATE: Suspect was reportedly suicidal.") is article text."""
    text = line.strip()
    if len(_words(text)) > 60 or not _CORRECTION.match(text):
        return False
    if not (text.startswith("(") or ":" in text[:40] or any(ch.isdigit() for ch in text[:30])):
        return False
    if text.lstrip("(").casefold().startswith(("update", "editor")):
        rest = text.split(":", 1)[1] if ":" in text else ""
        return not any(ch.isalpha() for ch in rest)
    return True


# --- rules made of symbols: "___", "***", "* * *" -------------------------------------------

def _symbol_rule(line: str) -> bool:
    text = line.replace(" ", "")
    return 2 <= len(text) <= 200 and all(ch in "_*=~#-–—.·•" for ch in text)


# --- a sign-off: "– Marcas Grant", "-Jodi" --------------------------------------------------

def _sign_off(line: str) -> bool:
    """A dash and a name closing the text; the name may be written in lower case ('-erin lyall'),
    and may carry a role after a comma ('-Bonnie James, Editor')."""
    text = line.strip()
    if not text[:1] in "-–—" or len(text) > 60:
        return False
    name, _, role = text.lstrip("-–— ").partition(",")
    if role and not all(w.casefold() in lx.BYLINE_ROLE_WORDS or w.casefold().rstrip("s") in _WRITER_ROLE_NOUNS
                        for w in role.split()):
        return False
    words = name.split()
    return _is_name(name, max_tokens=4) or (1 <= len(words) <= 3 and all(w.isalpha() and w.islower() for w in words))


# --- a caption that ends in its credit: "... Credit: CSA", "...(Photo: Sean Fujiwara)" --------

_CAPTION_CREDIT = re.compile(
    r"(?:(?:photo|image|picture|illustration|graphic|video)?\s*(?:credits?|courtesy)|photo|photos|image|picture|illustration|"
    r"foto|bild|fot|source|quelle|fuente|fonte|bron|archivfoto)\s*[:.]\s*(?P<who>[^:()]{1,80}?)\s*\)?\s*[.-]?\s*$",
    re.IGNORECASE,
)
_AGENCY_SLASH = re.compile(r"(?:\b[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3} ?/ ?)?\b(?:AFP|AP|REUTERS|Reuters|Getty Images|EPA|Bloomberg|"
                           r"ANP|dpa|Xinhua|Shutterstock|Corbis|Sipa|Zuma)\b(?: ?/ ?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})*\s*\)?\s*[.-]?\s*$")


def _caption_credit(line: str) -> bool:
    """A line (a photo caption) that ends in a credit: 'Credit: <who>', '(Photo: <who>)',
    '<Name>/REUTERS', '— AFP/Getty Images)'; the whole line is the credit."""
    text = line.strip()
    if len(text) < 4 or len(_words(text)) > 60 and not _PHOTO_BY_END.search(text[-120:]):
        return False
    tail = text[-120:]
    match = _CAPTION_CREDIT.search(tail)
    if match and _is_name_list(match["who"].strip(" .-()"), max_names=4) or match and "/" in match["who"]:
        return True
    if _PHOTO_BY_END.search(tail) or _SLASH_NAME_END.search(tail):
        return True
    slash = _AGENCY_SLASH.search(tail)
    return bool(slash) and "/" in slash.group()


_SLASH_NAME_END = re.compile(r"[.!?”\"’)]\s*/\s*[A-ZÀ-Ý][A-ZÀ-Ý'’.-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý'’.-]+){0,3}\s*$")  # "... madrileño. / GORKA LEJARCEGI"
_PHOTO_BY_END = re.compile(r"\((?i:photo|photos|image|picture|video|photograph)s? (?i:by|via|courtesy of) [^()]{2,80}\)\s*\.?$")


# --- quick tests: cheap necessary conditions, tried before a rule's test -------------------------

_DISCLAIMER_KEYS = frozenset({"views", "opinions", "necessarily", "disclosure", "affiliate", "earn", "receive", "edited",
                              "condensed", "editorially", "sponsored", "partnership", "financial", "policy", "terms"})


def _disclaimer_quick(line: str) -> bool:
    return bool(_DISCLAIMER_START.match(line) or _view(line)[0] & _DISCLAIMER_KEYS)


def _reader_prompt_quick(line: str) -> bool:
    return "@" in line or "http" in line or bool(_view(line)[0] & _PROMPT_AUDIENCE) or bool(_PROMPT_START.match(line))


def _site_notice_quick(line: str) -> bool:
    return bool(_view(line)[1] & lx.SITE_WORDS)


def _bio_template_quick(line: str) -> bool:
    return line.count(".") + line.count("!") >= 3 and not _view(line)[0] & lx.SENTENCE_WORDS


_AUTHOR_BIO_QUICK = re.compile(
    rf"(?:about the author|(?:{_LETTER}[\w'’.-]*\s){{1,4}}(?:is|was|has|had|serves|joined|covers|covered|writes|"
    r"reports|edits|blogs|hosts|currently|works|can|may)\b)", re.IGNORECASE)


def _journalist_quick(line: str) -> bool:
    return bool(_ABOUT_AUTHOR.match(line.strip())) or (
        any(w in line for w in (" is a", " was a", " is the", " was the", " has been", " works as"))
        and bool(_view(line)[0] & lx.JOURNALIST_ROLES))


# --- the rule set ---------------------------------------------------------------------------

RULES: tuple[LineRule, ...] = (
    LineRule("credit.caption", "credit", ANYWHERE,
             "A line, usually a photo caption, that ends in its credit ('... Credit: <name>', '(Photo: <name>)', "
             "'<name>/REUTERS', 'AFP/Getty Images', '(Photo by <name>)', '... / GORKA LEJARCEGI', 'Foto: ... /dpa'): "
             "strict enough to try on running text too.", _caption_credit,
             on_prose=True, quick=lambda line: "/" in line[-80:] or ":" in line[-90:] or " by " in line[-90:].lower()),
    LineRule("boilerplate.leaked-markup", "boilerplate", ANYWHERE,
             "A leaked shortcode alone ('[ami-related id=\"...\" url=\"...\"]') or a server's error message printed into "
             "the page ('Warning: session_start(): ... on line 83').", _leaked_markup, max_chars=600,
             quick=re.compile(r"\[|(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards):")),
    LineRule("boilerplate.symbol-rule", "boilerplate", ANYWHERE,
             "A line made only of rule symbols ('___', '***', '* * *').", _symbol_rule, max_chars=200),
    LineRule("credit.roles", "credit", ANYWHERE,
             "A line made only of '<role> by <names> [in <place>]' segments separated by ';' "
             "(Reporting/Writing/Editing by ..., Photo: ...), optionally in parentheses.", _credit,
             quick=re.compile(r"\s*(?:\(\s*)?" + _ROLE, re.IGNORECASE)),
    LineRule("copyright.notice", "copyright", ANYWHERE,
             "A short line with © or 'All rights reserved', or starting 'Copyright <year|©|Name>'; on running text "
             "only a notice that opens the line or an 'All rights reserved.' sentence of its own.", _copyright, on_prose=True,
             quick=lambda line: "©" in line or "opyright" in line or "OPYRIGHT" in line or "(c)" in line or "(C)" in line
             or "eserved" in line or "ESERVED" in line),
    LineRule("link.read-more", "read_more", ANYWHERE,
             "A cross-link: 'Read more:', 'See also:', 'Related:', 'Watch:' followed by a title (on running text "
             "only a title: a capital first and no full stop last).", _read_more, on_prose=True,
             quick=_READ_MORE),
    LineRule("boilerplate.call-to-action", "boilerplate", ANYWHERE,
             "A short call to share, follow, subscribe, sign up or click.", _call_to_action, max_chars=300,
             quick=_CALL_TO_ACTION),
    LineRule("boilerplate.page-furniture", "boilerplate", ANYWHERE,
             "A line of page furniture alone ('Advertisement', 'Scroll to continue', 'Share this article').",
             _page_furniture, max_chars=60),
    LineRule("timestamp.labelled", "timestamp", ANYWHERE,
             "'Published/Updated/Posted:' followed only by a date and time.", _timestamp_with_prefix,
             quick=_STAMP_PREFIX),
    LineRule("credit.editorial-note", "credit", EDGE,
             "An editorial note about the report itself in the opening or closing run: '<names> contributed "
             "to this report', 'This article was translated from ...', 'Our Standards: ...'.", _editorial_note,
             quick=_editorial_quick, max_chars=300),
    LineRule("credit.syndication", "credit", EDGE,
             "A syndication or republication note in the opening or closing run ('This article originally appeared "
             "on ...', 'Originally published ...', 'reproduced with permission').", _syndication, quick=_SYNDICATION_START, max_chars=350),
    LineRule("boilerplate.disclaimer", "boilerplate", EDGE,
             "A disclaimer or editor's note in the opening or closing run ('Opinions expressed ... are those of', "
             "'Disclosure: ...', 'edited for length and clarity', affiliate and holdings notes).", _disclaimer, max_chars=400,
             quick=_disclaimer_quick),
    LineRule("boilerplate.reader-prompt", "boilerplate", EDGE,
             "An invitation to the reader in the opening or closing run: follow, share, subscribe, comment, "
             "e-mail us, send tips, read more here, newsletter and podcast plugs.", _reader_prompt, max_chars=400,
             quick=_reader_prompt_quick),
    LineRule("boilerplate.imperative-prompt", "boilerplate", TAIL,
             "A short imperative pointing the reader elsewhere in the closing run ('See <Site>'s Pictures of the Week.', "
             "'Read the rest of <Name>'s review here', 'Try <App> with this link ...'): a look verb (see, read, watch, "
             "visit ...) with a name, link or pointer word after it, or an act verb (get, add, join ...) with the "
             "reader's, site's or network's words.", _imperative_prompt, max_chars=250,
             quick=lambda line: _view(line)[2][:1] and (_view(line)[2][0] in _LOOK_VERBS or _view(line)[2][0] in _ACT_VERBS)),
    LineRule("boilerplate.site-notice", "boilerplate", EDGE,
             "A sentence about the page in the opening or closing run: it holds a page word (comments, newsletter, "
             "subscribe, tweet, ...) and opens with it or speaks to the reader ('Comments may be no longer than ...').",
             _site_notice, max_chars=300, quick=_site_notice_quick),
    LineRule("boilerplate.correction", "boilerplate", EDGE,
             "A correction or update note in the opening or closing run ('(Corrects ...)', 'Update (10/29/12):', "
             "'Correction 8/29/10: ...').", _correction, max_chars=300, quick=_CORRECTION),
    LineRule("byline.by", "byline", EDGE,
             "'By <names>[, <outlet or role>]', 'by <Name>', 'Par/Por/Von <Names>' or 'Author: <names>' in the opening "
             "or closing run.", _byline,
             quick=lambda line: bool(_BYLINE_PREFIX.match(line) or _FOREIGN_BY.match(line))),
    LineRule("byline.dated", "byline", EDGE,
             "A byline and a date or time on one line, in either order ('by <Name> - Aug 9, 2012 7:30 pm UTC', "
             "'Posted on <date> - By <Name>', 'Posted by <Name> on <date>') in the opening or closing run.", _dated_byline,
             max_chars=160, quick=lambda line: "by" in line.lower()),
    LineRule("byline.role", "byline", EDGE,
             "A writer's role on a line of its own ('Senior Washington Correspondent', 'CNBC Executive News Editor') in the "
             "opening or closing run.", _role_line, max_chars=80),
    LineRule("boilerplate.comment-header", "boilerplate", EDGE,
             "A comment's header ('<Name> said...') in the opening or closing run.", _comment_header, max_chars=60,
             quick=lambda line: " sa" in line or " wrote:" in line),
    LineRule("boilerplate.label-alone", "boilerplate", EDGE,
             "A label with nothing after it in the opening or closing run: an author label ('Author:', 'About the "
             "author'), a list label ('More from <Site>:', 'Other <Section> Stories', 'Post Tags:').", _label_alone,
             max_chars=60),
    LineRule("credit.label-alone", "credit", EDGE,
             "A credit label whose credit follows on the next line ('Photo:', '(Credit:', 'Bild:', 'Source:') in the "
             "opening or closing run; amid the article when that line is a credit's shape (names, an agency, "
             "'Name/Agency'), not running text.", _credit_label_alone, max_chars=40, quick=lambda line: line.rstrip().endswith(":")),
    LineRule("credit.labelled", "credit", EDGE,
             "'<credit label>: <credit>' in the opening or closing run ('Photo credit: ...', 'Image source: Amazon', "
             "'Quelle: ...'), at most 15 words and not running text.", _labelled_credit, max_chars=200,
             quick=lambda line: ":" in line[:30]),
    LineRule("boilerplate.tag-line", "boilerplate", EDGE,
             "'<tag, category or archive label>: <names>' ('Tag Archives: ...', 'Category: Local News', 'Filed under: "
             "...') in the opening or closing run.", _furniture_label_line, max_chars=300, quick=lambda line: ":" in line[:40]),
    LineRule("credit.citation", "credit", EDGE,
             "A journal citation footer in the opening or closing run: a DOI alone, or '<Journal> <volume>, <page> "
             "(<year>)'.", _citation, max_chars=200, quick=lambda line: "(" in line or "10." in line),
    LineRule("credit.agencies", "credit", EDGE,
             "A line naming only news agencies ('(AFP, Reuters)', 'dpa/AFP', 'With AFP', 'Source: Reuters') "
             "in the opening or closing run.", _agency_credit, max_chars=200, quick=lambda line: line.count(" ") <= 14),
    LineRule("timestamp.bare", "timestamp", EDGE,
             "A line holding only a date and time in the opening or closing run.", _bare_date, max_chars=80),
    LineRule("signature.initials", "signature", TAIL,
             "Slash-separated editor initials in the closing run, as wire copy ends ('ab/rs', "
             "'dh/ar (AP, Reuters, dpa)'); initials may have been machine-translated into words "
             "('bur/about/you'). Common slash words ('and/or', 'he/she') are not signatures.", _signature,
             max_chars=200, quick=re.compile(rf"\s*{_LETTER}{{1,12}} ?/")),
    LineRule("bio.template", "author_bio", TAIL,
             "A run of 3-9 short verbless noun phrases, most ending in a role noun ('Beer fanatic. Web "
             "scholar. Creator.'), in the closing run: the fake-bio template of scraper sites.", _bio_template,
             quick=_bio_template_quick),
    LineRule("byline.sign-off", "byline", TAIL,
             "A dash and a name closing the text, the name perhaps in lower case or with a role ('– Marcas Grant', "
             "'-Jodi', '-erin lyall', '-Bonnie James, Editor').", _sign_off, max_chars=60,
             quick=lambda line: line[:1] in "-–—"),
    LineRule("bio.author", "author_bio", EDGE,
             "'<Name> is/covers/writes/can be reached ...' with a word of the writing trade or a career "
             "(reporter, editor, author, founder, professor, Twitter, e-mail ...) in the opening or closing run.",
             _author_bio, max_chars=800, quick=_AUTHOR_BIO_QUICK),
    LineRule("bio.journalist", "author_bio", TAIL,
             "'About the author: ...' or '<Name> is a <...> journalist/correspondent/editor ...' "
             "in the closing run.", _journalist_bio, quick=_journalist_quick),
)


class RuleSet:
    """Rules in order, with one combined gate so most prose lines are dismissed by a single match.

    The gate joins the ``quick`` patterns of the ``anywhere`` rules; a line that passes no gate
    can only be matched by the ``anywhere`` rules without a quick pattern. For each set of zones
    the rules are kept as a flat table of (length bound, quick check, test), walked in order.
    """

    def __init__(self, rules: tuple[LineRule, ...] = RULES):
        self.rules = rules
        gated = [r for r in rules if r.zone == ANYWHERE and isinstance(r.quick, re.Pattern)]
        self._gate = re.compile("|".join(f"(?:{_inline_flags(r.quick)})" for r in gated)) if gated else None
        self._gate_chars = max((r.max_chars for r in gated), default=0)
        self._ungated = self._table(r for r in rules if r.zone == ANYWHERE and not isinstance(r.quick, re.Pattern))
        self._tables: dict[tuple[frozenset[str], bool], tuple] = {}
        self._prose = self._table(r for r in rules if r.zone == ANYWHERE and r.on_prose)
        # verdicts on short lines are remembered: page furniture, bylines and credits repeat from
        # document to document of a site (a rule is a function of the line alone, so a
        # remembered verdict is the verdict); the memory is bounded
        self._memo: dict[tuple, LineRule | None] = {}

    @staticmethod
    def _table(rules) -> tuple:
        return tuple((r.max_chars, r.quick_test, r.test, r) for r in rules)

    @staticmethod
    def _first(table: tuple, line: str) -> LineRule | None:
        length = len(line)
        for max_chars, quick, test, rule in table:
            if length <= max_chars and (quick is None or quick(line)) and test(line):
                return rule
        return None

    def _remembered(self, key: tuple, line: str, find: Callable[[], LineRule | None]) -> LineRule | None:
        if len(line) > MEMO_CHARS:
            return find()
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = memo[key] = find()
        return found

    def match_anywhere(self, line: str) -> LineRule | None:
        return self._remembered((0, line), line, lambda: self._match_anywhere(line))

    def _match_anywhere(self, line: str) -> LineRule | None:
        if self._gate is not None and len(line) <= self._gate_chars and self._gate.match(line):
            return self._match(line, _ANYWHERE_ONLY, False)
        return self._first(self._ungated, line)

    def match_prose(self, line: str) -> LineRule | None:
        """The first *anywhere* rule strict enough for running text that matches ``line``."""
        return self._remembered((1, line), line, lambda: self._first(self._prose, line))

    def match(self, line: str, zones: frozenset[str], prose: bool = False) -> LineRule | None:
        """The first rule of an allowed zone that matches ``line``, or None. On running text
        (``prose``) the *anywhere* rules made for non-sentence shapes are not tried."""
        return self._remembered((2, line, zones, prose), line, lambda: self._match(line, zones, prose))

    def _match(self, line: str, zones: frozenset[str], prose: bool) -> LineRule | None:
        key = (zones, prose)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = self._table(
                r for r in self.rules if r.zone in zones and not (prose and r.zone == ANYWHERE and not r.on_prose))
        return self._first(table, line)


MEMO_CHARS = 300  # lines at most this long have their verdicts remembered
MEMO_SIZE = 20_000  # verdicts remembered at most (the memory is cleared when it is full)


_ANYWHERE_ONLY = frozenset({ANYWHERE})


def anchored_quick_patterns() -> list[str]:
    """The line-start patterns of the default *anywhere* rules with a regular-expression quick
    test, and of the prefix affix rules (``lines.attention_lines`` tries them at each line start)."""
    patterns = [r for r in RULES if r.zone == ANYWHERE and isinstance(r.quick, re.Pattern)]
    prefixes = [re.compile(r.pattern.pattern.removeprefix("^").replace("(?P<noise>", "(?:"), r.pattern.flags)
                for r in AFFIX_RULES if r.prefix]
    return [_inline_flags(p) for p in (*(r.quick for r in patterns), *prefixes)]


def furniture_first_words() -> list[str]:
    """The first word of every page-furniture phrase (a line of furniture alone starts with one)."""
    first = {phrase.split()[0] for phrase in _PAGE_FURNITURE} | lx.SOCIAL_WORDS | _BUTTON_WORDS
    return sorted(first, key=lambda w: (-len(w), w))


def gated_by_attention(rules: tuple[LineRule, ...]) -> bool:
    """Whether ``lines.attention_lines`` covers every *anywhere* rule of ``rules``: true for the
    default rules (their necessary conditions are what it scans for); a rule set with another
    anywhere rule is tried on every line."""
    default = {id(r) for r in RULES}
    return all(id(r) in default for r in rules if r.zone == ANYWHERE)


def _inline_flags(pattern: re.Pattern) -> str:
    return f"(?i:{pattern.pattern})" if pattern.flags & re.IGNORECASE else pattern.pattern


# --- headings -------------------------------------------------------------------------------

HEADING_RULE = "heading.short-line"
_SENTENCE_END = ".!?…;,:"


def is_heading_like(line: str) -> bool:
    """A short line without closing punctuation: a title or an in-body sub-heading.

    A quoted phrase alone on its line ("“constructive role”") counts; a quoted sentence
    ("“We are major neighboring powers.”") does not, because it ends with punctuation.
    """
    if len(line) > 120:
        return False
    text = line.strip()
    if not text or len(text) > 100 or len(text.split()) > 12:
        return False
    inner, quoted = _unquote(text)
    inner = inner.strip("()[]").strip()
    if not inner or not any(ch.isalpha() for ch in inner):
        return False
    if inner[-1] in _SENTENCE_END or text[-1] in _SENTENCE_END:
        return False
    return quoted or inner[0].isupper() or inner[0].isdigit()


# --- lines the scorer removes -----------------------------------------------------------------

def _never(line: str) -> bool:
    return False


_SCORED_WHY = (
    "A line no rule recognised that the scorer (scorer.py: two passes of gradient-boosted trees over the shallow "
    "features in README) rates as noise, at or above its threshold; labelled "
)
SCORED_RULES: tuple[LineRule, ...] = (
    LineRule("scored.credit", "credit", "scored", _SCORED_WHY + "credit when it holds a credit word, label, agency or a 'Name/Agency' shape.", _never),
    LineRule("scored.byline", "byline", "scored", _SCORED_WHY + "byline when it is a bare name, a 'By'/'Posted by' line, an author label, an e-mail or a handle.", _never),
    LineRule("scored.copyright", "copyright", "scored", _SCORED_WHY + "copyright when it holds © or 'copyright'.", _never),
    LineRule("scored.timestamp", "timestamp", "scored", _SCORED_WHY + "timestamp when it is mostly a date or a time.", _never),
    LineRule("scored.author-bio", "author_bio", "scored", _SCORED_WHY + "author_bio when it opens with a name and a bio verb ('<Name> covers ...').", _never),
    LineRule("scored.boilerplate", "boilerplate", "scored", _SCORED_WHY + "boilerplate otherwise (furniture, prompts, tags, related links).", _never),
)
_SCORED = {rule.label: rule for rule in SCORED_RULES}

_LIST_OPENERS = ("more ", "other ", "related", "further reading", "also ", "most ", "you may", "recommended",
                 "trending", "popular", "top stories", "see also", "read more", "read also", "a lire aussi",
                 "à lire aussi", "lire aussi", "czytaj", "lesen sie auch", "mehr zum thema")


def opens_list(rule_id: str, label: str) -> bool:
    """A label alone that opens a list of other stories ('More from LearnVest:', 'Related Articles')."""
    if rule_id not in ("boilerplate.label-alone", "boilerplate.page-furniture"):
        return False
    head = label.strip().rstrip(":…. ").casefold()
    return head.count(" ") < 6 and head.startswith(_LIST_OPENERS) and head not in _AUTHOR_LABELS


def after_label(rule_id: str, label: str, following: str, following_prose: bool) -> LineRule | None:
    """The rule for the line after a label alone that a rule removed, or None: a bare name after an
    author label is a byline, a short line after a credit label is the credit."""
    if rule_id == "credit.label-alone":
        return CONTEXT_RULES[1] if not following_prose and following.count(" ") < 8 else None
    if opens_list(rule_id, label):  # a link's title: heading-like, or a sentence of at most 12 words
        title = is_heading_like(following) or (following.count(" ") < 12 and following.rstrip("\"'”’)").endswith((".", "?", "!")))
        return CONTEXT_RULES[2] if title else None
    if rule_id == "boilerplate.label-alone":
        head = label.strip().rstrip(":").strip().casefold()
        if (head in _AUTHOR_LABELS or head in lx.BYLINE_LABELS) and _is_name(following.rstrip("."), max_tokens=4):
            return CONTEXT_RULES[0]
    return None


CONTEXT_RULES: tuple[LineRule, ...] = (
    LineRule("byline.after-label", "byline", "context",
             "A bare name (one to four name words) on the line after an author label ('Author:', \"L'AUTEUR\") that a "
             "rule removed.", _never),
    LineRule("credit.after-label", "credit", "context",
             "A short line (at most eight words, not running text) after a credit label alone ('Bild:', '(Credit:') "
             "that a rule removed: the credit itself ('Reuters', 'Marguerite Reardon/CNET)').", _never),
    LineRule("boilerplate.listed-link", "boilerplate", "context",
             "A title (heading-like, or a sentence of at most 12 words) in the list that a related-stories label opens "
             "('More from <Site>', 'Related Articles', 'Further reading', 'Other <Section> Stories'), up to the first "
             "other line: a link to another story.", _never),
    LineRule("byline.after-title", "byline", "context",
             "A bare name (two to four name words) in the opening run right after its title (see the scorer's vetoes), "
             "or beside a byline a rule removed (a co-author): the author.", _never),
    LineRule("byline.closing-name", "byline", "context",
             "A bare name or editor's initials as the last line, right after running text: the author's sign-off "
             "('Mike', 'DB').", _never),
    LineRule("byline.beside-noise", "byline", "context",
             "A bare name beside a removed line where a walk did not reach: two to four name words in the opening or "
             "closing run, or a name or a dash and a name between two removed lines (or a removed line and the text's start or end) ('Lucy Jolin' above the date, "
             "'WordPress' between a byline and 'No Comments'), or a name above its own removed bio; otherwise never right above running text (a title) nor ending in a comma ('Cheers,'). An edge "
             "rule's shape ('by <Name>', '-Jodi', a bare date) beside a removed line goes too, under that rule's id.", _never),
    LineRule("boilerplate.series-link", "boilerplate", "context",
             "Three or more lines below the last paragraph (running text of 15 words) that open with the same label of two "
             "characters or more before ':' or '|' ('Talking Tech: <title>', 'Talking Tech | <title>') or are that label "
             "alone: links to a series' other stories.", _never),
    LineRule("credit.reference-entry", "credit", "context",
             "A reference-list entry below the last paragraph: two or more authors (or 'Surname, I.'), then '(<year>)' "
             "and the work, starting with a capital or a quotation mark ('Renzi, C., Sorge, C. ... (2012), Reporting of "
             "...'); never a sentence citing a work ('Smith and Jones (2010) found ...').", _never),
    LineRule("boilerplate.beside-noise", "boilerplate", "context",
             "A date label alone ('Updated', 'Posted on:', 'Publié le') or a lone symbol of at most three characters "
             "('-', '«', '|') beside a removed line.", _never),
)


def is_name_list(text: str, *, max_names: int = 8) -> bool:
    """Names (or agencies) separated by commas, 'and', '&', '/' ('Reuters', 'Jane Doe and John Roe')."""
    return _is_name_list(text, max_names=max_names)


def bare_name(line: str, *, min_tokens: int = 1) -> bool:
    """One to four name words and nothing else, or two or three capital initials ('DB')."""
    text = line.strip().rstrip(".")
    if 2 <= len(text) <= 3 and text.isalpha() and text.isupper():
        return True
    return len(text.split()) >= min_tokens and _is_name(text, max_tokens=4) and not any(
        w.casefold() in lx.STOPWORDS or w.casefold() in lx.FURNITURE_WORDS for w in text.split())


def scored_rule(line, own: dict[str, float]) -> LineRule:
    """The rule (and so the label) for a line the scorer removes, from the cues it carries."""
    if own["copyright"]:
        return _SCORED["copyright"]
    if own["credit_word"] or own["label_credit"] or own["slash_credit"] or own["syndication"] or (own["agency"] and own["words"] <= 4):
        return _SCORED["credit"]
    if own["bio_start"]:
        return _SCORED["author_bio"]
    if own["by_start"] or own["label_byline"] or own["name_shape"] or own["email"] or (own["handle"] and own["words"] <= 3):
        return _SCORED["byline"]
    if (own["date"] or own["time"] or own["month"]) and own["words"] <= 8 and not own["furniture_any"]:
        return _SCORED["timestamp"]
    return _SCORED["boilerplate"]


# --- noise glued to a line of the article: "... on Sunday. ab/cd (AFP, dpa)", "... said. Read more: ..."

@dataclass(frozen=True)
class AffixRule:
    """Noise glued to the end (or start) of a kept line, after (before) a sentence boundary."""

    id: str
    label: str
    why: str
    pattern: re.Pattern = field(repr=False)
    test: Callable[[str], bool] = field(repr=False)
    prefix: bool = False
    needs: str = ""  # a character the searched window must hold (a C-speed test before the pattern)


_AFFIX_WINDOW = 240  # only this much of a line's end (start) is searched: constant work per line
_SUFFIX_START = r"(?:(?<=[.!?…”\"’)])|(?<=[.!?…][”\"’]))\s+"


def _title_after_label(text: str) -> bool:
    rest = text.split(":", 1)[1].strip() if ":" in text else ""
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in _QUOTES) and not is_prose(rest)


AFFIX_RULES: tuple[AffixRule, ...] = (
    AffixRule("inline.signature", "signature",
              "Editor initials and agencies glued after the last sentence of a line ('... on Sunday. ab/cd (AFP, dpa)').",
              re.compile(_SUFFIX_START + rf"(?P<noise>{_LETTER}{{1,12}}(?: ?/ ?{_LETTER}{{1,12}}){{1,5}}(?:\s*\([^()]{{1,120}}\))?\.?)$"),
              _signature, needs="/"),
    AffixRule("inline.read-more", "read_more",
              "A 'Read more:' / 'See also:' / 'Related:' link title glued after the last sentence of a line.",
              re.compile(_SUFFIX_START + r"(?P<noise>(?i:read more|read also|also read|see also|related|more)\s*:\s*[^:]{1,180})$"),
              _title_after_label, needs=":"),
    AffixRule("inline.credit", "credit",
              "A credit line glued after the last sentence of a line ('... said. (Reporting by ...; Editing by ...)').",
              re.compile(_SUFFIX_START + r"(?P<noise>\(?(?i:additional )?(?i:reporting|writing|editing|compiled|photo|photos|image) (?i:by)\b.{1,200})$"),
              _credit, needs="by"),
    AffixRule("inline.furniture", "boilerplate",
              "Page furniture glued before the first sentence of a line ('Advertisement Chinese President ...').",
              re.compile(r"^(?P<noise>(?:advertisement|advertising|sponsored content|story continues below|scroll to continue)\s+)(?=[A-Z\"“])", re.IGNORECASE),
              lambda noise: True, prefix=True),
)


def affix_noise(line: str) -> tuple[int, int, AffixRule] | None:
    """(start, end) within ``line`` of glued noise and its rule, or None; the rest of the line stays."""
    if len(line) < 20:
        return None
    offset = max(0, len(line) - _AFFIX_WINDOW)
    tail = line[offset:]
    for rule in AFFIX_RULES:
        if rule.prefix:
            if not line[:1] in "AaSs":
                continue
            match = rule.pattern.match(line[:_AFFIX_WINDOW])
            if match and rule.test(match["noise"]) and len(line) - match.end("noise") >= 20:
                return 0, match.end("noise"), rule
            continue
        if rule.needs and rule.needs not in tail:
            continue
        match = rule.pattern.search(line, offset)
        if match and match.start() > offset and rule.test(match["noise"]):
            return match.start(), len(line), rule
    return None
