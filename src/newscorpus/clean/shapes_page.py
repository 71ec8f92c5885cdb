"""Shapes of page lines: leaked markup, citations, share rows and page furniture, author bios,
syndication notes, disclaimers, reader prompts, site notices, corrections, symbol rules,
sign-offs and captions that end in a credit (the tests ``rules`` names)."""

from __future__ import annotations

import re

from . import lexicon as lx
from .shapes_attribution import (_LETTER, _QUOTES, _WRITER_ROLE_NOUNS, _is_name, _is_name_list, _unquote,
    _view, _words)


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
