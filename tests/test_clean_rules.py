"""Noise the cleaner must remove, and real content it must keep, in realistic article positions."""

from __future__ import annotations

import pytest

from newscorpus.clean import RULES, clean_text
from newscorpus.clean.rules import is_heading_like

from article import BODY, article

# (label, line, where the line stands in the article)
NOISE = [
    # author bios of the fake-bio template family, with the wordings a translation may produce
    ("author_bio", "Typical beer trailblazer. Hipster-friendly tv fanatic. Food fan. Bacon specialist. Unapologetic twitter evangelist.", "tail"),
    ("author_bio", "“Falls down a lot. Incurable pop culture scholar. Coffee expert. Tv guru. Extreme beer aficionado. Wannabe explorer.”", "tail"),
    ("author_bio", "Friendly web scholar. Introvert. Bacon lover. Devoted reader. Twitter expert.", "tail"),
    ("author_bio", "Award-winning travel specialist. Avid communicator. Internet practitioner. Total web ninja. Music advocate.", "tail"),
    ("author_bio", "Hardcore music lover. Tvaholic. Problem solver. Internet enthusiast.", "tail"),
    ("author_bio", "\"Subtly charming student. Pop culture addict. Creator. Amateur music connoisseur. Beer enthusiast.\"", "tail"),
    ("author_bio", "Explorer. Analyst. Twitter buff. Coffee maven. Student. Hipster-friendly thinker.", "tail"),
    ("author_bio", "About the author: Anna Schmidt covers Russia and Ukraine for the foreign desk.", "tail"),
    ("author_bio", "Anna Schmidt is a freelance journalist based in Berlin.", "tail"),
    # editors' signatures as wire copy ends, some with initials machine-translated into words
    ("signature", "ab/rs (AFP, Reuters)", "tail"),
    ("signature", "dh/ar (AP, Reuters, dpa)", "tail"),
    ("signature", "kb/msh (dpa, KNA)", "tail"),
    ("signature", "jsi/rc", "tail"),
    ("signature", "bur/from/you", "tail"),
    ("signature", "Lo/with/ed (AFP, dpa)", "tail"),
    ("signature", "bur / ab / jo (dpa, Reuters)", "tail"),
    # bylines
    ("byline", "By Guy Faulconbridge and Andrew Osborn", "head"),
    ("byline", "By Anna Schmidt, Moscow correspondent", "head"),
    ("byline", "By REUTERS STAFF", "head"),
    ("byline", "By The Associated Press", "head"),
    ("byline", "Author: Mary-Jane O'Neil", "head"),
    ("byline", "By Yew Lun Tian | Reuters", "tail"),
    # credit lines
    ("credit", "Reporting by Guy Faulconbridge; Editing by Andrew Osborn", "tail"),
    ("credit", "(Reporting by Laurie Chen in Beijing and Guy Faulconbridge in Moscow; Editing by Gerry Doyle)", "tail"),
    ("credit", "Additional reporting by Yew Lun Tian in Beijing; Writing by Tom Balmforth; Editing by Mark Heinrich", "tail"),
    ("credit", "Photo: Sergei Karpukhin/Reuters", "middle"),
    ("credit", "Edited by: Rob Mudge", "tail"),
    ("credit", "(AFP, Reuters)", "tail"),
    ("credit", "With AFP", "tail"),
    ("credit", "dpa/AFP/AP", "tail"),
    ("credit", "Associated Press writer Ken Moritsugu in Beijing contributed to this report.", "tail"),
    ("credit", "This article was translated from German.", "tail"),
    ("credit", "Our Standards: The Thomson Reuters Trust Principles.", "tail"),
    # copyright lines
    ("copyright", "© 2023 Reuters. All rights reserved.", "tail"),
    ("copyright", "Copyright 2023 The Associated Press. All rights reserved.", "tail"),
    ("copyright", "(c) 2023 Deutsche Welle", "tail"),
    ("copyright", "© Thomson Reuters 2023", "middle"),
    # cross-links
    ("read_more", "Read more: Xi and Putin hail 'new era' of ties", "middle"),
    ("read_more", "READ MORE: China's peace plan for Ukraine explained", "middle"),
    ("read_more", "See also: What is the Power of Siberia pipeline?", "tail"),
    ("boilerplate", "See the Cartoons of the Week.", "tail"),
    ("boilerplate", "Read the rest of Anna Schmidt's review here", "tail"),
    ("boilerplate", "Get Moscow Times news and alerts free to your inbox...", "tail"),
    ("read_more", "Related: Kishida makes surprise visit to Kyiv", "middle"),
    # share / follow / subscribe and page furniture
    ("boilerplate", "Follow us on Twitter", "tail"),
    ("boilerplate", "Share this article", "middle"),
    ("boilerplate", "Subscribe to our newsletter for the latest updates.", "tail"),
    ("boilerplate", "Sign up for our daily briefing on the war in Ukraine", "middle"),
    ("boilerplate", "Advertisement", "middle"),
    ("boilerplate", "Scroll to continue with content", "middle"),
    ("boilerplate", "Click here to read the full statement.", "tail"),
    ("boilerplate", "Leave a Reply", "tail"),
    ("boilerplate", "You may also like", "tail"),
    # timestamps
    ("timestamp", "Published: 21.03.2023", "head"),
    ("timestamp", "Updated March 21, 2023 10:15 GMT", "head"),
    ("timestamp", "21 March 2023", "head"),
]


def _place(line: str, where: str) -> str:
    return article(**{where: [line]})


@pytest.mark.parametrize("label,line,where", NOISE, ids=[f"{n[0]}:{n[1][:30]}" for n in NOISE])
def test_noise_line_is_removed_with_its_label(label, line, where):
    result = clean_text(_place(line, where))
    assert [(s.label, s.text.rstrip("\n")) for s in result.noise] == [(label, line)]
    assert line not in result.text
    for paragraph in BODY:
        assert paragraph in result.text


@pytest.mark.parametrize("label,line,where", NOISE, ids=[f"{n[0]}:{n[1][:30]}" for n in NOISE])
def test_noise_is_found_with_crlf_and_trailing_space(label, line, where):
    raw = _place(line + "  ", where).replace("\n", "\r\n")
    result = clean_text(raw)
    assert [s.label for s in result.noise] == [label]
    assert result.raw_text() == raw


def test_closing_run_of_several_noise_lines_is_removed_line_by_line():
    tail = ["Reporting by Guy Faulconbridge; Editing by Andrew Osborn", "", "© 2023 Reuters", "ab/rs (AFP, Reuters)"]
    result = clean_text(article(tail=tail))
    assert [s.label for s in result.noise] == ["credit", "copyright", "signature"]
    assert result.text == article()


# Real content that must survive, wherever it stands. Each is a line of an article.
KEEP = [
    ("short final sentence", "Talks continue.", "tail"),
    ("short final sentence", "He declined to comment.", "tail"),
    ("quotation alone", "“We are major neighboring powers.”", "tail"),
    ("quotation alone", "“Our friendship is unbreakable,” Xi said.", "middle"),
    ("24/7", "The hotline is open 24/7.", "tail"),
    ("24/7", "Staff at the embassy worked 24/7", "tail"),
    ("and/or", "Sanctions and/or tariffs remain possible.", "tail"),
    ("and/or", "and/or", "tail"),
    ("initials in a sentence", "The report was written by J.R. Smith for the U.N. committee.", "tail"),
    ("initials in a sentence", "Editors ab/rs signed the dispatch before noon.", "tail"),
    ("dateline", "MOSCOW, March 21 (Reuters) - Chinese President Xi Jinping met Vladimir Putin on Tuesday.", "head"),
    ("dateline", "BEIJING (AP) — China's foreign ministry welcomed the talks.", "head"),
    ("agency in a sentence", "Reuters could not independently verify the claims.", "tail"),
    ("agency in a sentence", "The figures were reported by AFP and Reuters.", "tail"),
    ("agency in a sentence", "According to AFP, the talks lasted four hours.", "tail"),
    ("by in a sentence", "By Tuesday evening, the two leaders had signed 14 documents.", "head"),
    ("by in a sentence", "By contrast, Western capitals were alarmed.", "tail"),
    ("credit word in a sentence", "Reporting by state media suggested the talks went well.", "tail"),
    ("credit word in a sentence", "Photo opportunities were limited, officials said.", "middle"),
    ("follow in a sentence", "Follow-up talks are planned for May.", "tail"),
    ("follow in a sentence", "Follow the money, one diplomat said of the pipeline deal.", "middle"),
    ("copyright in a sentence", "Copyright disputes between the countries remain unresolved.", "tail"),
    ("related in a sentence", "Related talks will be held in Beijing next week.", "middle"),
    ("read in a sentence", "Read more carefully, the statement commits China to little.", "middle"),
    ("short sentences", "Russia refused. China agreed. Talks continue.", "tail"),
    ("short sentences", "He is a student. She is a fan. They are friends.", "tail"),
    ("name is a role", "Putin is a former KGB officer.", "tail"),
    ("date in a sentence", "On 21 March 2023 the two leaders met again.", "head"),
    ("sub-heading", "Kishida in Kyiv", "middle"),
    ("quoted sub-heading", "“constructive role”", "middle"),
    ("title", "Xi and Putin meet in Moscow", "head"),
    ("question", "What does China want?", "middle"),
    ("list of names", "China, Russia and Iran.", "tail"),
    ("contributed in a sentence", "China contributed to the report's findings, officials said.", "tail"),
    ("translated in a sentence", "The statement was translated into Russian by the Kremlin.", "tail"),
    ("slash in a sentence", "Ukraine / Russia talks stalled.", "tail"),
    ("slash alone", "Ukraine/Russia", "tail"),
    ("imperative without a page", "See you in Beijing next year.", "tail"),
    ("imperative without a page", "Add the Parmesan and serve.", "tail"),
]


@pytest.mark.parametrize("case,line,where", KEEP, ids=[f"{k[0]}:{k[1][:30]}" for k in KEEP])
def test_real_content_survives(case, line, where):
    raw = _place(line, where)
    result = clean_text(raw)
    assert result.noise == ()
    assert result.text == raw


def test_sub_headings_are_marked_not_removed():
    raw = article(middle=["Kishida in Kyiv"], tail=["“constructive role”", "The talks ended late."])
    result = clean_text(raw)
    assert [h.text for h in result.headings] == ["Kishida in Kyiv", "“constructive role”"]
    for heading in result.headings:
        assert result.text[heading.start : heading.end] == heading.text


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Kishida in Kyiv", True),
        ("“constructive role”", True),
        ("1. The background", True),
        ("“dear friends.”", False),
        ("Talks continue.", False),
        ("What next for Ukraine?", False),
        ("and then some", False),
        ("A very long line that goes on and on with many words in it beyond any heading length", False),
    ],
)
def test_heading_shape(line, expected):
    assert is_heading_like(line) is expected


def test_edge_rules_do_not_reach_past_prose():
    """A byline-shaped line in the middle of the article is not an edge and stays."""
    raw = article(middle=["By Guy Faulconbridge"])
    assert clean_text(raw).noise == ()


def test_signature_shape_in_the_middle_stays():
    raw = article(middle=["ab/rs (AFP, Reuters)"])
    assert clean_text(raw).noise == ()


def test_every_rule_is_documented_and_uniquely_named():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.why and rule.label and rule.zone in {"anywhere", "edge", "tail"}
    covered = {label for label, _, _ in NOISE}
    assert {rule.label for rule in RULES} <= covered
    from newscorpus.clean.rules import NOISE_LABELS

    assert {rule.label for rule in RULES} <= set(NOISE_LABELS) and len(set(NOISE_LABELS)) == len(NOISE_LABELS)
