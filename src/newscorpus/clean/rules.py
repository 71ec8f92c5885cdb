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
from typing import Callable

from . import lexicon as lx

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

    @property
    def quick_test(self) -> Callable[[str], object] | None:
        return self.quick.match if isinstance(self.quick, re.Pattern) else self.quick

    def matches(self, line: str) -> bool:
        quick = self.quick_test
        return len(line) <= self.max_chars and (quick is None or bool(quick(line))) and self.test(line)


# --- shared shape helpers -------------------------------------------------------------------

_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|/|\+|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)


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


def _words(line: str) -> list[str]:
    return line.split()


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


def _editorial_note(line: str) -> bool:
    text = line.strip()
    if len(text.split()) > 40:
        return False
    return bool(_CONTRIBUTED.fullmatch(text) or _TRANSLATED_NOTE.fullmatch(text) or _OUR_STANDARDS.match(text))


# --- byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Author: Jane Doe" ----------

_BYLINE_PREFIX = re.compile(
    r"(?:(?:by|written by|story by|words by|text by|reported by|posted by|reporting by)\s*:?|"
    r"(?:authors?|byline|von|par|por)\s*:)\s+",
    re.IGNORECASE,
)


def _byline(line: str) -> bool:
    text = line.strip()
    match = _BYLINE_PREFIX.match(text)
    if not match or not text[0].isupper():
        return False
    rest = re.sub(r"\s+[|–—-]\s+", ", ", text[match.end() :]).rstrip(".")
    if any(ch.isdigit() for ch in rest):
        return False
    tokens = rest.replace(",", " ").split()
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


# --- copyright: "© 2023 Reuters", "Copyright 2023 The Associated Press. All rights reserved." --

_COPYRIGHT = re.compile(r"\(?\s*(?i:copyright|\(c\))\s*(?:©|(?i:\(c\))|\d{4}|[A-Z])")


def _copyright(line: str) -> bool:
    text = line.strip()
    if "©" in text or ("eserved" in text or "ESERVED" in text) and "all rights reserved" in text.casefold():
        return len(_words(text)) <= 40
    return bool(_COPYRIGHT.match(text)) and len(_words(text)) <= 30


# --- "Read more: ..." links ------------------------------------------------------------------

_READ_MORE = re.compile(
    r"(?:read more|read also|also read|read next|see also|related|recommended|more on (?:this|the) (?:story|topic)|"
    r"more from [\w ]{1,30}|watch(?: video)?|listen|read the full (?:story|article|report)|further reading)"
    r"\s*(?::|：|\||>|»|–|—|-)+\s*\S",
    re.IGNORECASE,
)


def _read_more(line: str) -> bool:
    return bool(_READ_MORE.match(line.strip()))


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
    "also read", "see also", "more", "tags", "topics",
})
_FURNITURE_STRIP = re.compile(r"[\W_]+")


def _call_to_action(line: str) -> bool:
    text = line.strip()
    return len(_words(text)) <= 25 and bool(_CALL_TO_ACTION.match(text))


def _page_furniture(line: str) -> bool:
    return _FURNITURE_STRIP.sub(" ", line).strip().casefold() in _PAGE_FURNITURE


# --- timestamps: "Published: 21.03.2023 14:05", "Updated March 21, 2023 10:15 GMT" ----------

_STAMP_PREFIX = re.compile(
    r"(?:published|updated|posted|last updated|first published|last modified|date|created|modified|"
    r"veröffentlicht|aktualisiert)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(r"[\d:./,\-–]+|\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:am|pm|h)|[|·•]")


def _date_only(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    for token in tokens:
        lowered = token.casefold().strip(".()")
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


# --- the rule set ---------------------------------------------------------------------------

RULES: tuple[LineRule, ...] = (
    LineRule("credit.roles", "credit", ANYWHERE,
             "A line made only of '<role> by <names> [in <place>]' segments separated by ';' "
             "(Reporting/Writing/Editing by ..., Photo: ...), optionally in parentheses.", _credit,
             quick=re.compile(r"\s*(?:\(\s*)?" + _ROLE, re.IGNORECASE)),
    LineRule("copyright.notice", "copyright", ANYWHERE,
             "A short line with ©, 'All rights reserved', or starting 'Copyright <year|©|Name>'.", _copyright,
             quick=lambda line: "©" in line or "opyright" in line or "OPYRIGHT" in line or "(c)" in line or "(C)" in line
             or "eserved" in line or "ESERVED" in line),
    LineRule("link.read-more", "read_more", ANYWHERE,
             "A cross-link: 'Read more:', 'See also:', 'Related:', 'Watch:' followed by a title.", _read_more,
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
             quick=lambda line: any(w in line.lower() for w in ("contribut", "translat", "adapted", "published", "appeared", "standards"))),
    LineRule("byline.by", "byline", EDGE,
             "'By <names>[, <outlet or role>]' or 'Author: <names>' in the opening or closing run.", _byline,
             quick=_BYLINE_PREFIX),
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
             quick=lambda line: line.count(".") + line.count("!") >= 3),
    LineRule("bio.journalist", "author_bio", TAIL,
             "'About the author: ...' or '<Name> is a <...> journalist/correspondent/editor ...' "
             "in the closing run.", _journalist_bio,
             quick=lambda line: any(w in line for w in (" is a", " was a", " is the", " was the", " has been", " works as"))
             or bool(_ABOUT_AUTHOR.match(line.strip()))),
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
        self._tables: dict[frozenset[str], tuple] = {}

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

    def match_anywhere(self, line: str) -> LineRule | None:
        if self._gate is not None and len(line) <= self._gate_chars and self._gate.match(line):
            return self.match(line, _ANYWHERE_ONLY)
        return self._first(self._ungated, line)

    def match(self, line: str, zones: frozenset[str]) -> LineRule | None:
        """The first rule of an allowed zone that matches ``line``, or None."""
        table = self._tables.get(zones)
        if table is None:
            table = self._tables[zones] = self._table(r for r in self.rules if r.zone in zones)
        return self._first(table, line)


_ANYWHERE_ONLY = frozenset({ANYWHERE})


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
