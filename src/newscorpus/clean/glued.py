"""Noise glued to a line of the article, cut as a span and the rest of the line kept:
"... on Sunday. ab/cd (AFP, dpa)", "... said. Read more: ...". Each pattern is searched only
in a bounded window at the line's end (or start), so the work per line is constant."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .features import is_prose
from .shapes_attribution import _LETTER, _QUOTES, _credit, _signature


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
