"""Closed word lists the noise rules rely on. Each list says where it comes from.

Rules never match a list entry alone: a list only confirms a line whose *shape* already looks
like noise (see rules.py).
"""

from __future__ import annotations

# News agencies and wire services whose names appear in signatures, credits and bylines
# (as written in English-language and German-language wire copy). Compared case-insensitively.
AGENCIES = frozenset(
    name.casefold()
    for name in (
        "AFP", "AP", "Reuters", "dpa", "KNA", "epd", "EFE", "ANSA", "APA", "SDA", "Keystone-SDA",
        "Belga", "ANP", "Lusa", "PAP", "CTK", "MTI", "TASR", "Hina", "Tanjug", "BTA", "Agerpres",
        "Xinhua", "CNS", "TASS", "ITAR-TASS", "RIA", "RIA Novosti", "Interfax", "Ukrinform", "UNIAN",
        "Kyodo", "Jiji", "Yonhap", "Bernama", "Antara", "PTI", "IANS", "ANI", "AAP", "Anadolu",
        "IRNA", "WAFA", "MENA", "SPA", "QNA", "KUNA", "NTB", "TT", "STT", "Ritzau", "SID", "KNA",
        "Bloomberg", "UPI", "Associated Press", "Agence France-Presse", "Deutsche Presse-Agentur",
        "Press Association", "PA", "Canadian Press", "CP", "dapd", "DW", "BBC", "CNN", "Al Jazeera",
        "NHK", "AA", "Sputnik", "Tanjug", "rtr", "ap", "afp", "ots", "agencies",
    )
)

# Signature-like slash compounds that are ordinary English (never an editor's initials).
SLASH_WORDS = frozenset({
    "and/or", "either/or", "he/she", "she/he", "s/he", "his/her", "her/his", "him/her", "her/him",
    "they/them", "he/him", "she/her", "w/o", "n/a", "yes/no", "on/off", "in/out", "up/down",
    "am/pm", "a/b", "i/o", "true/false", "pass/fail", "win/win", "lose/lose", "win/lose",
})

# The fake "author bio" template family spread by content farms and scraper sites: three to seven
# short noun phrases, each usually an (adverb) adjective, a topic noun and a role noun ("Subtly
# charming student. Pop culture junkie. Creator. Amateur music specialist. Beer fanatic.").
# Role nouns close most phrases; synonyms a machine translation may substitute are included.
BIO_ROLE_NOUNS = frozenset({
    "addict", "admirer", "advocate", "aficionado", "afficionado", "ambassador", "analyst", "buff",
    "champion", "communicator", "connoisseur", "creator", "devotee", "enthusiast", "entrepreneur",
    "evangelist", "expert", "explorer", "fan", "fanatic", "fiend", "freak", "friend", "gamer",
    "geek", "guru", "hacker", "idol", "introvert", "junkie", "junky", "lover", "master", "maven",
    "nerd", "ninja", "nut", "organizer", "organiser", "pioneer", "practitioner", "reader", "scholar",
    "solver", "specialist", "student", "thinker", "trailblazer", "trendsetter", "troublemaker",
    "webaholic", "wizard", "writer", "zealot", "extrovert", "dreamer", "doer", "maker", "fanboy",
})
BIO_ROLE_SUFFIXES = ("aholic", "oholic", "holic")
BIO_TOPIC_WORDS = frozenset({
    "alcohol", "bacon", "beer", "coffee", "food", "internet", "music", "pop", "culture", "social",
    "media", "travel", "tv", "twitter", "web", "zombie", "animals", "wine", "tea", "gaming", "film",
    "movie", "sports", "tech", "technology", "fashion", "cooking", "book", "books",
})
BIO_MODIFIERS = frozenset({
    "amateur", "avid", "award-winning", "certified", "devoted", "evil", "extreme", "friendly",
    "general", "hardcore", "hipster-friendly", "incurable", "infuriatingly", "humble", "lifelong",
    "passionate", "professional", "proud", "subtly", "charming", "total", "typical", "unapologetic",
    "wannabe", "freelance", "future", "teen", "falls", "unable", "explorer", "problem",
})
# Words that give a phrase sentence structure; a bio phrase has none of them.
SENTENCE_WORDS = frozenset({
    "i", "you", "he", "she", "it", "we", "they", "is", "are", "was", "were", "be", "been", "has",
    "have", "had", "will", "would", "can", "could", "should", "said", "says", "did", "does", "the",
    "this", "that", "these", "those", "not", "no", "his", "her", "their", "our", "my", "its",
})

# Roles a real journalist's bio line names ("Jane Doe is a freelance journalist based in ...").
JOURNALIST_ROLES = frozenset({
    "journalist", "reporter", "correspondent", "editor", "columnist", "contributor", "photographer",
    "producer", "writer", "author", "anchor", "commentator", "blogger", "videographer", "presenter",
})

# Words allowed in a byline besides names ("By Jane Doe, Moscow correspondent").
BYLINE_ROLE_WORDS = frozenset({
    "and", "staff", "correspondent", "correspondents", "reporter", "reporters", "writer", "writers",
    "editor", "editors", "bureau", "chief", "senior", "political", "international", "foreign",
    "desk", "news", "team", "with", "in", "the", "of", "for", "our", "special", "agencies",
    "wires", "online", "digital", "contributor",
})
NAME_PARTICLES = frozenset({
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "der", "den", "van", "von", "zu",
    "la", "le", "al", "el", "bin", "ibn", "ben", "ter", "ten", "y", "e", "st.", "mc", "mac",
})

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
})
TIME_WORDS = frozenset({
    "am", "pm", "a.m.", "p.m.", "gmt", "utc", "cet", "cest", "bst", "est", "edt", "pst", "pdt",
    "msk", "jst", "ist", "et", "pt", "hrs", "h", "at", "on", "of", "the", "st", "nd", "rd", "th",
})
