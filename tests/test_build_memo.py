"""The whole-build memo answers only for the checkout it saw (build_memo).

Each thing a build reads is really changed here and must change the checkout's state; the
command answers an unchanged checkout with the lines of the build that recorded it, and runs
every stage again after an edit. (The code fingerprint's part: tests/test_cache_invalidation.py.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscorpus.build_memo import checkout_state, part, recall, remember
from newscorpus.cache import RACY_NS, Cache
from newscorpus.layout import CorpusLayout
from newscorpus.pipeline import RAW_CHECK_READS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
RACY_S = RACY_NS / 1e9 + 0.1


@pytest.fixture
def root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "root")
    return tmp_path / "root"


def build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newscorpus.cli", "--root", str(root), "-q", "build", *args],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env})


def state(root: Path, *parts: str) -> str:
    return checkout_state(CorpusLayout(root)).view(*parts).digest


def _rewrite_same_size(path: Path) -> None:
    data = path.read_bytes()
    old = os.stat(path)
    index = data.index(b"a")
    path.write_bytes(data[:index] + b"e" + data[index + 1:])
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # same size and mtime: only ctime tells


def _retarget_link(root: Path) -> None:
    (root / "a.txt").write_text("one", encoding="utf-8")
    (root / "b.txt").write_text("two", encoding="utf-8")
    link = root / "corpus" / "clean" / "NOTES.md"
    link.symlink_to(root / "a.txt")
    before = state(root)
    link.unlink()
    link.symlink_to(root / "b.txt")
    assert state(root) != before


CHANGES = {
    "annotation edited, same size and mtime": lambda r: _rewrite_same_size(r / "corpus" / "annotations" / "fx_a.json"),
    "raw text edited": lambda r: (r / "corpus" / "raw" / "fx_a.txt").write_text("changed", encoding="utf-8"),
    "story file edited": lambda r: _rewrite_same_size(r / "corpus" / "annotations" / "stories" / "fx-story.json"),
    "sources edited": lambda r: _rewrite_same_size(r / "corpus" / "sources.json"),
    "a clean output removed": lambda r: (r / "corpus" / "clean" / "fx_a.json").unlink(),
    "a foreign file added": lambda r: (r / "corpus" / "clean" / "NOTES.md").write_text("mine", encoding="utf-8"),
    "a file renamed": lambda r: (r / "corpus" / "raw" / "fx_a.txt").rename(r / "corpus" / "raw" / "fx_z.txt"),
    "a directory added": lambda r: (r / "corpus" / "releases" / "9.9.9").mkdir(parents=True),
    "the card added at the top": lambda r: (r / "README.md").write_text("# card\n", encoding="utf-8"),
    "a link retargeted": _retarget_link,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_a_build_could_see_changes_the_state(root, change):
    before = state(root)
    change(root)
    assert state(root) != before


def test_an_environment_option_changes_the_state(root, monkeypatch):
    before = state(root)
    monkeypatch.setenv("NEWSCORPUS_MAX_JSON_BYTES", "100")
    assert state(root) != before


def test_what_no_build_reads_leaves_the_state_alone(root):
    before = state(root)
    (root / "corpus" / ".newscorpus.lock").write_text("pid 1", encoding="utf-8")  # every run rewrites it
    (root / "build").mkdir()
    (root / "build" / "scratch").write_text("x", encoding="utf-8")  # below the top, outside corpus/
    assert state(root) == before


def test_a_fresh_file_is_racy_and_never_recorded(root):
    time.sleep(RACY_S)
    assert not checkout_state(CorpusLayout(root)).view().racy
    (root / "corpus" / "clean" / "NOTES.md").write_text("just written", encoding="utf-8")
    now = checkout_state(CorpusLayout(root))
    assert now.view().racy and now.view(part("clean")).racy and not now.view(part("raw")).racy
    with Cache(root) as cache:
        assert not remember(cache, "build", now.view(), now.view(), ["out"])
        assert recall(cache, "build", now.view()) is None
        assert remember(cache, "raw-check", now.view(part("raw")), now.view(part("raw")), "a line")
        assert recall(cache, "raw-check", now.view(part("raw"))) == "a line"


def test_a_stage_sees_only_the_parts_it_reads(root):
    reads_raw = state(root, *RAW_CHECK_READS)
    (root / "corpus" / "annotations" / "fx_a.json").write_text("{}", encoding="utf-8")
    assert state(root, *RAW_CHECK_READS) == reads_raw
    (root / "corpus" / "raw" / "fx_a.txt").write_text("changed", encoding="utf-8")
    assert state(root, *RAW_CHECK_READS) != reads_raw


@pytest.mark.parametrize("name", ["corpus", "top", ":corpus", ":top", ":links"])
def test_a_directory_of_corpus_cannot_stand_for_another_part(root, name):
    """A directory named like a part (corpus/corpus, corpus/top) is a part of its own."""
    (root / "corpus" / name).mkdir()
    reads_raw = state(root, *RAW_CHECK_READS)
    (root / "corpus" / "sources.json").write_text("{}", encoding="utf-8")
    assert state(root, *RAW_CHECK_READS) != reads_raw
    whole = state(root)
    (root / "README.md").write_text("# card\n", encoding="utf-8")
    assert state(root) != whole


def test_a_link_anywhere_under_corpus_is_in_the_raw_checks_view(root, tmp_path):
    """The raw check refuses links out of the checkout anywhere under corpus/, so a new link
    under annotations/ (or a dangling one retargeted) changes what the raw check sees."""
    reads_raw = state(root, *RAW_CHECK_READS)
    link = root / "corpus" / "annotations" / "zz.json"
    link.symlink_to("../missing")
    dangling = state(root, *RAW_CHECK_READS)
    assert dangling != reads_raw
    link.unlink()
    link.symlink_to("/nonexistent-outside")
    assert state(root, *RAW_CHECK_READS) != dangling


def test_a_link_out_of_the_checkout_added_under_annotations_is_refused_by_the_next_build(root):
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    (root / "corpus" / "annotations" / "zz.json").symlink_to("/etc/hostname")
    time.sleep(RACY_S)
    done = build(root)
    assert done.returncode == 1 and "path.outside" in done.stderr and "since it last ran" not in done.stdout


def test_an_unchanged_checkout_is_answered_with_the_lines_of_its_build(root):
    time.sleep(RACY_S)
    first = build(root)
    assert first.returncode == 0, first.stderr
    again = build(root)
    assert again.returncode == 0, again.stderr
    assert "nothing changed since the last build" in again.stdout.splitlines()[-1]
    assert again.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]  # every stage's line, as it was


def test_an_edit_runs_every_stage_again(root):
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    path = root / "corpus" / "annotations" / "fx_a.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"PERSON"', '"PERSONS"', 1), encoding="utf-8")
    time.sleep(RACY_S)  # past the racy window: only the state can tell the edit
    done = build(root)
    assert done.returncode == 1 and "enum" in done.stdout + done.stderr and "nothing changed" not in done.stdout


def test_a_build_that_writes_records_nothing(root):
    (root / "corpus" / "clean" / "fx_a.json").unlink()  # the build writes it again
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    time.sleep(RACY_S)
    second = build(root)  # the first changed the checkout, so it recorded nothing
    assert second.returncode == 0 and "nothing changed" not in second.stdout
    assert "nothing changed" in build(root).stdout  # the second left it as it found it


def test_no_cache_is_never_answered(root):
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    done = build(root, "--no-cache")
    assert done.returncode == 0 and "nothing changed" not in done.stdout


def test_after_an_annotation_edit_the_raw_check_and_clean_are_answered_and_the_rest_runs(root):
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    path = root / "corpus" / "annotations" / "fx_a.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"PERSON"', '"PERSONS"', 1), encoding="utf-8")
    time.sleep(RACY_S)
    done = build(root)
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and "enum" in done.stdout + done.stderr
    assert lines[0].startswith("raw: ") and lines[0].endswith("(nothing it reads changed since it last ran)")
    assert lines[1].startswith("clean: ") and lines[1].endswith("(nothing it reads changed since it last ran)")
    assert not any(line.startswith(("attach", "validate")) and "since it last ran" in line for line in lines)


def test_a_clean_output_edited_runs_clean_again(root):
    time.sleep(RACY_S)
    assert build(root).returncode == 0
    path = root / "corpus" / "clean" / "fx_a.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "tampered\n", encoding="utf-8")
    time.sleep(RACY_S)
    done = build(root)
    clean_line = next(line for line in done.stdout.splitlines() if line.startswith("clean: "))
    assert "since it last ran" not in clean_line and "1 files written" in clean_line, clean_line
    assert path.read_text(encoding="utf-8") == text  # written again from the raw text


def test_a_library_installed_or_upgraded_changes_the_state(root, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "somelib-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    before = state(root)
    (site / "somelib-1.0.dist-info").rename(site / "somelib-1.1.dist-info")  # what an upgrade leaves
    assert state(root) != before
