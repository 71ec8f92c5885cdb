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

The shapes themselves are in ``shapes_attribution`` (signatures, credits, bylines, copyright,
read-more links, labels, timestamps) and ``shapes_page`` (markup, furniture, bios, prompts,
notices, sign-offs, captions); noise glued inside a line is ``glued``. Their underscored names
are this package's own: only this module puts them together into rules.

Every regular expression here is anchored, has no nested unbounded repetition, and runs only on
lines below a length bound, so matching time stays linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import lexicon as lx
from .glued import AFFIX_RULES
from .shapes_attribution import (_AUTHOR_LABELS, _BYLINE_PREFIX, _FOREIGN_BY, _LETTER, _READ_MORE, _ROLE,
    _STAMP_PREFIX, _agency_credit, _bare_date, _byline, _comment_header, _copyright, _credit,
    _credit_label_alone, _dated_byline, _editorial_note, _editorial_quick, _furniture_label_line, _is_name,
    _is_name_list, _label_alone, _labelled_credit, _read_more, _role_line, _signature, _timestamp_with_prefix,
    _unquote, _view)
from .shapes_page import (_ABOUT_AUTHOR, _ACT_VERBS, _BUTTON_WORDS, _CALL_TO_ACTION, _CORRECTION,
    _DISCLAIMER_START, _LOOK_VERBS, _PAGE_FURNITURE, _PROMPT_AUDIENCE, _PROMPT_START, _SYNDICATION_START,
    _author_bio, _bio_template, _call_to_action, _caption_credit, _citation, _correction, _disclaimer,
    _imperative_prompt, _journalist_bio, _leaked_markup, _page_furniture, _reader_prompt, _sign_off,
    _site_notice, _symbol_rule, _syndication)


import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import lexicon as lx
from .features import is_prose

ANYWHERE, EDGE, TAIL = "anywhere", "edge", "tail"

NOISE_LABELS = ("author_bio", "signature", "byline", "credit", "copyright", "read_more", "boilerplate", "timestamp")
"""Every label a noise rule may give, in a fixed order (published as a ClassLabel: append, never reorder)."""



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
