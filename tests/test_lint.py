"""lint: consistency findings across the corpus, settled by fixing or by a justification in GUIDELINES.md."""

from __future__ import annotations

import json

from newscorpus.validate.lint import justifications, lint_corpus
from newscorpus.validate.rules import RULES

from test_bad_input import run_cli

DOC = "000_ba8caa036516edf6"


def _edit(layout, change):
    path = layout.annotations_dir / f"{DOC}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_the_corpus_is_lint_clean_with_its_justifications(repo_layout):
    report = lint_corpus(repo_layout)
    assert report.findings == []
    assert sorted(report.justified) == sorted(justifications(repo_layout))
    assert run_cli("lint").returncode == 0


def test_an_unannotated_occurrence_is_found(corpus_copy):
    def drop_first_xi(doc):
        items = doc["layers"]["entities"]["items"]
        items.remove(next(e for e in items if e["text"] == "Xi"))

    _edit(corpus_copy, drop_first_xi)
    [finding] = lint_corpus(corpus_copy).findings
    assert finding.rule == "lint.unannotated-occurrence" and "'Xi'" in finding.message


def test_a_label_conflict_and_a_key_with_two_types_are_found(corpus_copy):
    def relabel(doc):
        entity = next(e for e in doc["layers"]["entities"]["items"] if e["text"] == "Gazprom")
        entity["label"] = "FAC"

    _edit(corpus_copy, relabel)
    rules = sorted(f.rule for f in lint_corpus(corpus_copy).findings)
    assert rules == ["lint.key-two-types", "lint.label-conflict"]


def test_a_quote_without_speaker_is_found_and_a_stale_justification_reported(corpus_copy):
    def unattribute(doc):
        quote = doc["layers"]["quotes"]["items"][0]
        quote["speaker"], quote["speaker_reason"] = None, "unattributed"

    _edit(corpus_copy, unattribute)
    guidelines = corpus_copy.root / "schema" / "GUIDELINES.md"
    guidelines.parent.mkdir(parents=True, exist_ok=True)
    guidelines.write_text("## Justified lint findings\n\n| finding | why |\n|---|---|\n| `lint.label-conflict:*:Nowhere` | gone |\n")
    findings = lint_corpus(corpus_copy).findings
    rules = sorted(f.rule for f in findings)
    assert "lint.quote-no-speaker" in rules and "lint.stale-justification" in rules
    proc = run_cli("--root", str(corpus_copy.root), "lint")
    assert proc.returncode == 1 and "lint.quote-no-speaker" in proc.stdout


def test_every_lint_rule_is_registered_and_found(corpus_copy):
    def everything(doc):
        items = doc["layers"]["entities"]["items"]
        items.remove(next(e for e in items if e["text"] == "Xi"))
        next(e for e in items if e["text"] == "Gazprom")["label"] = "FAC"
        quote = doc["layers"]["quotes"]["items"][0]
        quote["speaker"], quote["speaker_reason"] = None, "unattributed"

    _edit(corpus_copy, everything)
    (corpus_copy.annotations_dir / "002_broken.json").write_text("[1, 2", encoding="utf-8")
    guidelines = corpus_copy.root / "schema" / "GUIDELINES.md"
    guidelines.write_text(guidelines.read_text(encoding="utf-8") + "\n## Justified lint findings\n\n| `lint.label-conflict:*:Nowhere` | gone |\n")
    found = {f.rule for f in lint_corpus(corpus_copy).findings}
    assert found == {r.id for r in RULES.values() if r.level == 4}
