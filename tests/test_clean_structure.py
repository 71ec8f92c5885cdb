"""Position and prose-ness gate every rule (probe finding F-4); noise glued inside a line (issue 12, item 3)."""

from __future__ import annotations

import pytest

from newscorpus.clean import clean_text
from newscorpus.clean.cleaner import Cleaner, RemoveNoiseLines
from newscorpus.clean.features import is_prose, make_line, sentence_like

from article import BODY, article

F4_TEXT = """Putin and Xi meet in Moscow

Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.
Moscow insists that all rights reserved to it under the 1997 treaty remain in force, the Kremlin said.
Related: the two leaders also discussed energy, officials said on Tuesday.
Sign up for military service was extended to men aged 30, the ministry announced.
Watch: the two leaders shook hands for several seconds before the cameras.
Copyright 2023 law reforms were also on the agenda, according to Chinese state media.
The talks will continue on Wednesday, the Kremlin spokesman told reporters.
"""


def test_F4_body_sentences_survive():
    result = clean_text(F4_TEXT)
    assert result.noise == ()
    body = F4_TEXT.splitlines()[2:]
    assert len(body) == 7
    for sentence in body:
        assert sentence in result.text


@pytest.mark.parametrize("sentence", F4_TEXT.splitlines()[3:8])
def test_F4_a_noise_opening_on_a_sentence_stays_wherever_it_stands(sentence):
    for where in ("head", "middle", "tail"):
        assert clean_text(article(**{where: [sentence]})).noise == (), where


@pytest.mark.parametrize(
    "line,rule",
    [
        ("© 2023 Reuters. All rights reserved.", "copyright.notice"),
        ("Copyright 2011 World Publishing Co. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", "copyright.notice"),
        ("A version of the rover with tires, seen at the agency's test site in Quebec last year. Credit: CSA", "credit.caption"),
    ],
)
def test_strict_shapes_are_removed_in_mid_article_even_as_running_text(line, rule):
    result = clean_text(article(middle=[line]))
    assert [(s.rule, s.text.rstrip("\n")) for s in result.noise] == [(rule, line)]


def test_a_bio_sentence_is_removed_only_at_the_edge():
    bio = "Anna Schmidt is a freelance journalist based in Berlin who covers Russia for the foreign desk."
    assert [s.rule for s in clean_text(article(tail=[bio])).noise] == ["bio.author"]
    assert clean_text(article(middle=[bio])).noise == ()


def test_a_sentence_about_someone_is_not_a_bio():
    for line in ("Putin is a former KGB officer.", "Ride is survived by her partner of 27 years and her staff of 40 at the foundation."):
        assert clean_text(article(tail=[line])).noise == ()


def test_prose_and_sentence_shapes():
    assert is_prose(BODY[0]) and not is_prose("Share this article") and not is_prose("Talks continue.")
    assert sentence_like(make_line("Talks continue."))
    assert not sentence_like(make_line("No comments yet."))


# --- noise glued to a line -----------------------------------------------------------------

GLUED = [
    ("The talks ended on Sunday.", " ab/cd (AFP, dpa)", "inline.signature"),
    ("The talks ended on Sunday.", " dh/ar (AP, Reuters)", "inline.signature"),
    ("Xi met Putin, officials said.", " Read more: Xi and Putin hail 'new era' of ties", "inline.read-more"),
    ("“We are neighbours,” Xi said.", " Related: Kishida makes surprise visit to Kyiv", "inline.read-more"),
    ("He declined to comment.", " (Reporting by Guy Faulconbridge; Editing by Andrew Osborn)", "inline.credit"),
]


@pytest.mark.parametrize("sentence,noise,rule", GLUED, ids=[g[2] + ":" + g[1][:20] for g in GLUED])
def test_noise_glued_to_the_last_paragraph_is_removed_as_a_span(sentence, noise, rule):
    raw = article(tail=[sentence + noise])
    result = clean_text(raw)
    [span] = result.noise
    assert (span.rule, span.text) == (rule, noise)
    assert result.text == article(tail=[sentence])
    assert result.raw_text() == raw


def test_furniture_glued_before_a_sentence_is_removed():
    raw = article(middle=["Advertisement Analysts said the visit mattered."])
    result = clean_text(raw)
    assert [(s.rule, s.text) for s in result.noise] == [("inline.furniture", "Advertisement ")]
    assert "Analysts said the visit mattered." in result.text and result.raw_text() == raw


@pytest.mark.parametrize(
    "line",
    [
        "Xi met Putin, officials said. Related: the two leaders also discussed energy, officials said on Tuesday.",
        "Sanctions remain possible, he said. and/or tariffs",
        "The hotline is open 24/7.",
        "The report was signed by ab/rs, the editors said.",
    ],
)
def test_a_sentence_tail_that_is_not_noise_stays(line):
    assert clean_text(article(tail=[line])).noise == ()


def test_a_byline_or_a_name_beside_removed_noise_goes_with_it():
    """The walks stop at running text the rules do not know; a byline beside a removed line, or a
    bare name beside one in the closing run, goes with it (byline.beside-noise)."""
    result = clean_text(article(middle=["By Guy Faulconbridge", "Photo: Sergei Karpukhin/Reuters"]))
    assert [s.text.strip() for s in result.noise] == ["By Guy Faulconbridge", "Photo: Sergei Karpukhin/Reuters"]
    tail = ["Subscribe to our newsletter and never miss a story from the region, sent to your inbox every morning of the week.",
            "Anna Schmidt", "© 2023 Reuters"]
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))  # the scorer would take the name too
    result = rules_only.clean(article(tail=tail))
    assert [s.rule for s in result.noise if "Anna" in s.text] == ["byline.beside-noise"]


@pytest.mark.parametrize("line", ["Anna Schmidt", "Cheers,"])
def test_a_name_above_running_text_or_a_letter_close_stays_beside_noise(line):
    """A name right above running text is its title or heading; 'Cheers,' closes a letter."""
    raw = article(head=["© 2023 Reuters", line]) if line != "Cheers," else article(tail=[line, "© 2023 Reuters"])
    result = clean_text(raw)
    assert line not in {s.text.strip() for s in result.noise}


def test_a_walk_steps_over_a_short_sentence_no_rule_takes():
    """A short sentence that is not running text ('Computerworld is an InfoWorld affiliate.') does not
    stop the closing walk: the prompt above it goes."""
    tail = ["Read more about energy in the Moscow Times Energy Topic Center.", "The Moscow Times is a Reuters affiliate."]
    result = clean_text(article(tail=tail))
    assert "Read more about energy" in " ".join(s.text for s in result.noise)


def test_a_name_above_its_own_removed_bio_goes():
    head = ["Anna Schmidt", "Anna Schmidt is a freelance journalist based in Berlin."]
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))
    result = rules_only.clean(article(tail=head))
    assert [s.rule for s in result.noise] == ["byline.beside-noise", "bio.author"]


def test_a_credit_split_over_two_lines_amid_the_article_goes():
    result = clean_text(article(middle=["Bild:", "Reuters"]))
    assert [s.text.strip() for s in result.noise] == ["Bild:", "Reuters"]
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))  # the scorer may take the credit itself
    result = rules_only.clean(article(middle=["(Credit:", "Marguerite Reardon/CNET)"]))
    assert [s.rule for s in result.noise] == ["credit.label-alone", "credit.after-label"]


def test_a_source_label_before_a_sentence_stays_amid_the_article():
    raw = article(middle=["Source:", "The ministry did not say how many soldiers took part."])
    assert clean_text(raw).noise == ()


def test_links_to_a_series_in_the_closing_run_go():
    tail = ["Talking Tech", "Talking Tech | Three free apps for runners", "Talking Tech: Will the phone be liked in 2024?"]
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))
    result = rules_only.clean(article(tail=tail))
    assert result.text == article()
    assert {s.rule for s in result.noise} == {"boilerplate.series-link"}


def test_two_questions_of_an_interview_stay_in_the_closing_run():
    tail = ["Q: Will you run again?", "A: No.", "Q: Why not?", "A: My family."]
    assert clean_text(article(tail=tail)).noise == ()


@pytest.mark.parametrize("line,expected", [
    ("Renzi, C., Sorge, C. and Perucci, C. A. (2012), Reporting of Quality Indicators. Health Services Research, 47: 1880.", True),
    ("Wilfred H. Drath, Cynthia D. McCauley, Charles J. Palus, (2008) “Direction, alignment, commitment”, The Leadership Quarterly", True),
    ("Smith and Jones (2010) found that the drug worked in most patients.", False),
    ("Putin and Xi (2023) signed a treaty on energy.", False),
])
def test_reference_entries_below_the_article_go(line, expected):
    result = clean_text(article(tail=[line]))
    assert (result.text == article()) is expected


def test_a_date_label_or_a_lone_symbol_beside_removed_noise_goes():
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))
    result = rules_only.clean(article(head=["Updated", "April 22, 2013 18:58:00", "-"]))
    assert result.text == article()
    assert [s.rule for s in result.noise if s.text.strip() in ("Updated", "-")] == ["boilerplate.beside-noise"] * 2


def test_a_lone_symbol_amid_the_article_away_from_noise_stays():
    raw = article(middle=["-"])
    assert clean_text(raw).noise == ()


def test_a_page_word_between_the_text_start_and_removed_noise_goes():
    rules_only = Cleaner(noise=RemoveNoiseLines(scorer=None))
    result = rules_only.clean(article(head=["World", "By Guy Faulconbridge"]))
    assert result.text == article()
