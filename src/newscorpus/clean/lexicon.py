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
    # German, French, Spanish, Italian, Portuguese and Dutch month and weekday names (datelines of non-English copy)
    "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "janvier", "février", "mars", "avril", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "gennaio",
    "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "janeiro", "fevereiro",
    "março", "maio", "junho", "julho", "setembro", "outubro", "dezembro", "januari", "februari", "maart", "juni", "juli",
    "augustus", "oktober",
})
TIME_WORDS = frozenset({
    "am", "pm", "a.m.", "p.m.", "gmt", "utc", "cet", "cest", "bst", "est", "edt", "pst", "pdt",
    "msk", "jst", "ist", "et", "pt", "hrs", "h", "at", "on", "of", "the", "st", "nd", "rd", "th",
    # the words of an update stamp ("Thu 14 May 2020 10.48 EDT Last modified on Thu ...", "23. März 2017, 15:43 Uhr")
    "last", "modified", "updated", "published", "posted", "uhr", "um", "am", "le", "à", "de", "del", "el",
    "ago", "min", "mins", "minute", "minutes", "hr", "hour", "hours", "day", "days", "-",
})

# --- for the shallow line features (features.py) and the noise rules -------------------------

# English function words: articles, pronouns, prepositions, conjunctions, auxiliaries (the kind
# of list jusText's stop-word density is computed with).
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves also been since still even though although because however may might must
shall cannot can't don't didn't isn't wasn't won't it's he's she's they're we're i'm that's there's
who's what's let's many much every another own whether yet ever never
""".split())

# The commonest function words of the other languages the cases hold (French, German, Spanish,
# Italian, Portuguese, Dutch, Polish): with the English ones they tell running text in those
# languages from page furniture (``features.is_prose``, ``stop_ratio``), so a French sentence is
# never scored as a noise line. Never used to find names (see NAME_PARTICLES).
FUNCTION_WORDS_OTHER = frozenset("""
le la les des du un une et est dans pour que qui sur pas par au aux avec ce cette ses son sa il elle ils nous vous ont
sont été mais où ne plus comme leur
der die das und ist nicht ein eine einen dem den des mit sich auf für von zu im auch es sie er wir hat sind wird wurde
nach bei aus dass oder aber wie noch zum zur
el los las una unos y es en por con para del al se su sus lo como más pero fue está ha
gli della delle che di è nel alla anche sono non
o os um uma é do da dos das em no na não mais
het een van op te dat zijn met voor
i w z się nie jest że jak po
""".split())
FUNCTION_WORDS = STOPWORDS | FUNCTION_WORDS_OTHER

# Words of web-page furniture: buttons, widgets, navigation and listing labels (English, with the
# commonest equivalents in French, Spanish, German, Italian, Portuguese and Polish).
FURNITURE_WORDS = frozenset("""
share shares shared sharing tweet tweets retweet print printer email e-mail mail comment comments
reply replies subscribe subscribers subscription newsletter newsletters follow followers like likes
recommend recommended related tags tagged tag topics filed categories category labels advertisement
advertisements advertising ad ads sponsored login logout signup register menu search home homepage
next previous prev page pages continue reading view views click download embed player podcast
podcasts audio video videos watch listen enlarge gallery slideshow reprints permalink trackback
trackbacks rss feed archive archives contact author authors posted post posts popular trending
highlights close font reset bookmark bookmarks save link links load powered rating rate votes
discussion forum inbox alerts premium paywall cookie cookies privacy terms sitemap headlines picks
transcript episode updated published modified edited
partager partagez commenter commentaires envoyer imprimer abonnez-vous abonner lire aussi publicité
recommander tweeter suivez-nous
compartir comentarios comentar imprimir enviar recomendar twittear relacionadas noticias publicidad
etiquetas temas actualizado
teilen drucken kommentare kommentar startseite werbung aktualisiert schlagworte
condividi commenti stampa pubblicità
compartilhar comentários imprimir
udostępnij czytaj również komentarze tagi drukuj
""".split())

# Social networks and sharing channels.
SOCIAL_WORDS = frozenset("""
facebook twitter google+ googleplus linkedin pinterest reddit digg tumblr instagram youtube whatsapp
messenger telegram flipboard stumbleupon delicious mixx xing vk weibo wechat rss threads mastodon
bluesky tiktok snapchat e-mail email sms disqus livefyre vimeo soundcloud itunes spotify stitcher
""".split())

# Labels that open a line of tags, categories, related links or page furniture ("Tags: ...").
FURNITURE_LABELS = frozenset({
    "tags", "tag", "tagged", "topics", "topic", "filed under", "filed", "categories", "category", "labels",
    "keywords", "subjects", "sections", "section", "related", "related topics", "related articles",
    "related posts", "related stories", "related content", "related items", "related links", "read more",
    "read also", "also read", "see also", "more", "more on this", "further reading", "watch", "listen",
    "updated", "published", "posted", "last modified", "modified", "share", "share this", "follow",
    "follow us", "comments", "story highlights", "highlights", "episode description", "update",
    "correction", "disclosure", "note", "editor's note", "editors' note", "next", "previous",
    "a lire aussi", "à lire aussi", "lire aussi", "voir aussi", "ver también", "leer más", "lea también",
    "lesen sie auch", "mehr zum thema", "czytaj też", "czytaj również", "tagi", "temas", "etiquetas",
    "mots-clés", "schlagworte", "continue reading", "full story", "more from", "latest on", "trending",
})
CREDIT_LABELS = frozenset({
    "photo", "photos", "photograph", "photographs", "image", "images", "picture", "pictures", "credit",
    "credits", "photo credit", "photo credits", "image credit", "image source", "illustration", "graphic",
    "graphics", "chart", "video", "source", "sources", "via", "courtesy", "crédits photo", "crédit photo",
    "crédits", "foto", "fotos", "fot", "bild", "quelle", "fuente", "hosted by", "produced by", "edited by",
    "reporting by", "license", "top image", "main image", "header image", "cover image", "featured image",
})
BYLINE_LABELS = frozenset({
    "by", "author", "authors", "posted by", "written by", "byline", "reporter", "par", "por", "von", "autor",
    "auteur", "published by", "story by", "words by", "text by", "reported by",
})
BY_PREFIXES = frozenset({
    "posted by", "written by", "story by", "words by", "text by", "reported by", "published by", "guest post",
    "posted on", "filed by", "posted in", "published on",
})

# Auxiliaries and common reporting verbs: a line with none of them is rarely a sentence.
VERBS = frozenset("""
is are was were be been being has have had do does did will would can could should may might must
said says say told tells added announced reported noted explained asked wrote writes believes think
thinks know knew made make makes get gets got went go goes came come comes took take takes became
become found find want wants wanted need needs seems seemed called showed shows gave give gives
""".split())
READER_WORDS = frozenset({"you", "your", "yours", "you're", "you'll", "you've", "us", "our", "we", "we're", "we'll", "we've"})
CREDIT_WORDS = frozenset("""
photo photos photograph photographer photography image images picture pictures credit credits courtesy
illustration illustrations graphic graphics via source file getty shutterstock istock flickr wikimedia
photopin foto fotos bild fot crédits crédit
""".split())
SYNDICATION_PHRASES = frozenset({
    "originally appeared", "originally published", "originally written", "first published", "first appeared",
    "republished", "reproduced with permission", "reprinted with permission", "published with permission",
    "with permission", "contributed to this report", "contributed to this story", "contributed to this article",
    "contributed reporting", "this post was contributed", "was translated from",
    "translated from the", "adapted from", "on behalf of", "affiliate", "this article is part of",
    "this story is part of",
})
DISCLAIMER_PHRASES = frozenset({
    "views expressed", "opinions expressed", "views and opinions", "necessarily reflect", "necessarily those",
    "disclosure:", "affiliate link", "affiliate links", "may earn", "we may receive", "earn a commission",
    "edited for length", "edited for clarity", "condensed for clarity", "editorially independent",
    "sponsored by", "paid partnership", "financial interest", "full disclosure", "privacy policy",
    "terms of use", "terms of service", "cookie policy",
})
# Verbs that follow an author's name in a bio line ("<Name> covers ...", "<Name> can be reached ...").
BIO_VERBS = frozenset({
    "covers", "covered", "writes", "wrote", "is", "was", "has", "joined", "lives", "reports", "edits",
    "teaches", "works", "blogs", "tweets", "hosts", "serves", "founded", "holds", "leads", "currently",
    "est", "es", "ist",
})
BIO_VERB_PAIRS = frozenset({"can be", "may be", "is a", "is an", "is the", "has been", "was a", "was the"})
# Words that make a "<Name> is a ..." line an author bio rather than a sentence about someone.
BIO_ROLE_CUES = frozenset("""
journalist journalists reporter reporters correspondent editor editors columnist contributor contributors
writer writers blogger bloggers author co-author photographer producer freelance freelancer staff
covers covering writes writing blog blogs twitter follow e-mail email reached contact newsletter
podcast host founder co-founder ceo president director professor fellow analyst consultant strategist
speaker coach expert specialist journaliste periodista
""".split())
# Furniture words that mark the page even inside a sentence ("No comments yet.", "Subscribe now.").
PAGE_WORDS = frozenset("""
tweet tweets retweet email e-mail comments subscribe subscribers subscription newsletter
newsletters advertisement advertisements sponsored login logout signup permalink trackback trackbacks
rss inbox podcast podcasts cookie cookies privacy sitemap reprints homepage tags tagged topics share
disqus livefyre
""".split())
# Words of a site's own services, for sentences about the page ("Comments may be ...").
SITE_WORDS = frozenset("""
comments comment commenting commenter commenters newsletter newsletters subscribe subscription
subscribers inbox rss tweet retweet e-mail email feedback tipbox podcast
""".split())
WRITER_ROLES = frozenset({
    "journalist", "reporter", "correspondent", "editor", "columnist", "contributor", "writer", "blogger",
    "author", "photographer", "freelance", "freelancer",
})
