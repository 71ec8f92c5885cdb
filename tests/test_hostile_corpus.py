"""Hostile corpora and a hostile machine: findings of the probe report (F-n), each reproduced.

Each test builds the bad state the report describes on a copy of the fixture corpus, runs the
command line, and checks the outcome: nothing of the user's is lost, every problem is located
with a rule id and exit 1 (data) or 2 (usage or environment), and never an internal error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscorpus.layout import CorpusLayout

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture
def corpus(tmp_path) -> CorpusLayout:
    root = tmp_path / "checkout"
    shutil.copytree(FIXTURE / "corpus", root / "corpus")
    (root / "docs").mkdir()
    (root / "docs" / "picture.png").write_bytes(b"\x89PNG not really")
    return CorpusLayout(root)


def cli(layout_or_root, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    root = layout_or_root.root if isinstance(layout_or_root, CorpusLayout) else layout_or_root
    return subprocess.run([sys.executable, "-m", "newscorpus.cli", "--root", str(root), "-q", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def assert_refused(proc: subprocess.CompletedProcess, code: int, rule: str, *fragments: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    for bad in ("Traceback", "internal error"):
        assert bad not in proc.stderr
    assert rule in proc.stderr, proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, proc.stderr


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` and its bytes (the checkout's lock file aside)."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and p.name != ".newscorpus.lock"}


# --- F-3: clean deletes only what it wrote ------------------------------------------------------


def test_F3_a_users_file_in_corpus_clean_survives_clean(corpus):
    notes = corpus.clean_dir / "NOTES.md"
    notes.write_text("my notes\n", encoding="utf-8")
    edited = corpus.clean_dir / "old.txt"  # a text nobody's record vouches for
    edited.write_text("hand-made\n", encoding="utf-8")
    done = cli(corpus, "clean")
    assert done.returncode == 0, done.stderr
    assert notes.read_text(encoding="utf-8") == "my notes\n" and edited.is_file()
    assert "corpus/clean/NOTES.md: not written by newscorpus clean; left as it is" in done.stdout
    check = cli(corpus, "clean", "--check")
    assert_refused(check, 1, "clean.foreign", "corpus/clean/NOTES.md")


def test_F3_clean_still_deletes_its_own_outputs_of_a_removed_document(corpus):
    record = json.loads(corpus.clean_record_path("fx_a").read_text(encoding="utf-8"))
    record["id"] = "gone"
    corpus.clean_record_path("gone").write_text(json.dumps(record), encoding="utf-8")
    shutil.copyfile(corpus.clean_text_path("fx_a"), corpus.clean_text_path("gone"))
    done = cli(corpus, "clean")
    assert done.returncode == 0 and "2 deleted" in done.stdout, done.stdout
    assert not corpus.clean_text_path("gone").exists() and not corpus.clean_record_path("gone").exists()


@pytest.mark.parametrize("target", ["../docs", "raw"])
def test_F3_a_symlinked_corpus_clean_is_refused_and_nothing_is_touched(corpus, target):
    shutil.rmtree(corpus.clean_dir)
    corpus.clean_dir.symlink_to(target)
    before = snapshot(corpus.root / "docs"), snapshot(corpus.raw_dir)
    done = cli(corpus, "clean")
    assert_refused(done, 1, "path.symlinked-dir", "corpus/clean")
    assert (snapshot(corpus.root / "docs"), snapshot(corpus.raw_dir)) == before
    assert cli(corpus, "raw").returncode == 1  # the raw check names it too


# --- F-18: crash states heal ----------------------------------------------------------------------


def test_F18d_our_temporary_files_left_by_a_killed_run_are_removed_by_the_next(corpus):
    leftovers = [corpus.clean_dir / ".fx_a.txt.ab12cd_9.tmp", corpus.corpus / ".sources.json.zzzzzzzz.tmp",
                 corpus.annotations_dir / "fx_a.json.attach-staged"]
    for path in leftovers:
        path.write_text("half", encoding="utf-8")
    users = [corpus.clean_dir / ".notes.tmp", corpus.clean_dir / ".keep"]
    for path in users:
        path.write_text("mine", encoding="utf-8")
    assert cli(corpus, "clean").returncode == 0
    assert not any(p.exists() for p in leftovers)
    assert all(p.read_text(encoding="utf-8") == "mine" for p in users)


def _new_text(tmp_path: Path) -> Path:
    path = tmp_path / "arrived.txt"
    path.write_text("Moscow talks end\n\nThe two leaders met again on Tuesday, officials said.\n", encoding="utf-8")
    return path


def _checkpoints(layout: CorpusLayout, tmp_path: Path, *args: str) -> int:
    log = tmp_path / "checkpoints.log"
    probe = CorpusLayout(tmp_path / "probe")
    shutil.copytree(layout.root, probe.root)
    done = cli(probe, *args, env={"NEWSCORPUS_CHECKPOINT_LOG": str(log)})
    assert done.returncode == 0, done.stderr
    return len(log.read_text(encoding="utf-8").splitlines())


def test_F18a_raw_add_killed_anywhere_is_completed_by_running_it_again(corpus, tmp_path):
    text = _new_text(tmp_path)
    args = ("raw", "add", str(text), "--story-id", "fx-story", "--id", "arrived")
    points = _checkpoints(corpus, tmp_path, *args)
    assert points >= 4
    for point in range(1, points + 1):
        trial = CorpusLayout(tmp_path / f"kill{point}")
        shutil.copytree(corpus.root, trial.root)
        killed = cli(trial, *args, env={"NEWSCORPUS_CRASH_AT": str(point)})
        assert killed.returncode == -9
        retry = cli(trial, *args)
        assert retry.returncode == 0, (point, retry.stderr)
        check = cli(trial, "raw")
        assert check.returncode == 0, (point, check.stderr)
        assert trial.raw_path("arrived").read_bytes() == text.read_bytes()


def test_F18a_an_unrecorded_raw_file_with_other_bytes_is_named_with_the_fix(corpus, tmp_path):
    corpus.raw_path("arrived").write_text("something else\n", encoding="utf-8")
    done = cli(corpus, "raw", "add", str(_new_text(tmp_path)), "--story-id", "fx-story", "--id", "arrived")
    assert_refused(done, 1, "raw.exists", "not recorded in sources.json", "move it away")
    assert corpus.raw_path("arrived").read_text(encoding="utf-8") == "something else\n"


def _add_document(corpus: CorpusLayout, tmp_path: Path, story: str = "fx-story") -> None:
    assert cli(corpus, "raw", "add", str(_new_text(tmp_path)), "--story-id", story, "--id", "arrived").returncode == 0
    assert cli(corpus, "clean").returncode == 0


def test_F18c_annotate_init_writes_nothing_when_the_story_file_is_invalid(corpus, tmp_path):
    _add_document(corpus, tmp_path)
    story = corpus.annotations_dir / "stories" / "fx-story.json"
    story.write_text(story.read_text(encoding="utf-8").replace('"story_id"', '"story_id": "x", "story_id"', 1), encoding="utf-8")
    before = snapshot(corpus.annotations_dir)
    done = cli(corpus, "annotate", "init", "arrived")
    assert_refused(done, 1, "annotate.story-invalid", "stories/fx-story.json")
    assert snapshot(corpus.annotations_dir) == before


def test_F18c_annotate_init_killed_anywhere_is_completed_by_running_it_again(corpus, tmp_path):
    _add_document(corpus, tmp_path)
    points = _checkpoints(corpus, tmp_path, "annotate", "init", "arrived")
    for point in range(1, points + 1):
        trial = CorpusLayout(tmp_path / f"kill{point}")
        shutil.copytree(corpus.root, trial.root)
        assert cli(trial, "annotate", "init", "arrived", env={"NEWSCORPUS_CRASH_AT": str(point)}).returncode == -9
        document = trial.annotations_dir / "arrived.json"
        retry = cli(trial, "annotate", "init", "arrived")
        assert retry.returncode == 0 or (document.exists() and "annotate.exists" in retry.stderr), (point, retry.stderr)
        done = cli(trial, "validate")
        assert done.returncode == 0, (point, done.stdout, done.stderr)


# --- F-28: silver entities only from the document's own story ----------------------------------


def test_F28_annotate_init_entities_takes_keys_from_its_own_story_only(corpus, tmp_path):
    _add_document(corpus, tmp_path, story="another-story")
    done = cli(corpus, "annotate", "init", "arrived", "--entities")
    assert done.returncode == 0, done.stderr
    doc = json.loads((corpus.annotations_dir / "arrived.json").read_text(encoding="utf-8"))
    assert doc["layers"]["entities"]["items"] == []  # the new story has no inventory yet
    check = cli(corpus, "validate")
    assert check.returncode == 0, check.stdout


# --- F-10, F-11, F-23: attach on files it cannot use ------------------------------------------


@pytest.mark.parametrize("value", [0.0, "0", None, True])
def test_F10_attach_refuses_offsets_that_are_not_integers(corpus, value):
    path = corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["items"][0]["start"] = value
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(corpus.annotations_dir)
    done = cli(corpus, "attach")
    assert_refused(done, 1, "attach.malformed", "corpus/annotations/fx_a.json:", "/layers/entities/items/0",
                   "not a valid annotation file")
    assert "spans could not be placed" not in done.stderr
    assert snapshot(corpus.annotations_dir) == before


def test_F11_attach_refuses_a_lone_surrogate_instead_of_crashing_on_write(corpus):
    path = corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["items"][0]["suffix"] = "stale"  # so attach would rewrite the file
    text = json.dumps(doc).replace('"stale"', '"stale \\ud800"')
    path.write_text(text, encoding="utf-8")
    done = cli(corpus, "attach")
    assert_refused(done, 1, "attach.malformed", "lone surrogate", "/layers/entities/items/0/suffix")
    assert path.read_text(encoding="utf-8") == text


def test_F23_attach_names_an_unreadable_file_as_such(corpus):
    (corpus.annotations_dir / "fx_a.json").write_text('{"id": NaN}', encoding="utf-8")
    done = cli(corpus, "attach")
    assert_refused(done, 1, "json.", "1 file could not be read as JSON; nothing was written")
    assert "spans" not in done.stderr


# --- F-12, F-15: the cache never fails a run --------------------------------------------------


def test_F12_a_file_name_that_is_not_utf8_is_reported_not_crashed_on(corpus):
    name = os.fsdecode(b"\xff.json")
    (corpus.annotations_dir / name).write_text("{}", encoding="utf-8")
    for args in (("validate",), ("validate", "--format", "json")):
        done = cli(corpus, *args)
        assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr
    report = json.loads(cli(corpus, "validate", "--format", "json").stdout)
    assert any(i["file"].endswith("\\udcff.json") or i["file"].endswith("\udcff.json") for i in report["incidents"])
    assert "internal error" not in cli(corpus, "attach").stderr


def test_F15_validate_runs_when_the_cache_cannot_be_created(corpus):
    (corpus.root / ".cache").write_text("not a directory", encoding="utf-8")
    done = cli(corpus, "validate")
    assert done.returncode == 0, done.stderr
    assert "the cache" in done.stderr and "going on without it" in done.stderr


def _read_only_bind(path: Path):
    """Mount ``path`` read-only over itself (root only); None where that is not possible here."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return None
    if subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True).returncode != 0:
        return None
    if subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", str(path)], capture_output=True)
        return None
    return path


def test_F15_F14_a_read_only_checkout_validates_and_writing_commands_say_why_they_cannot(corpus):
    mounted = _read_only_bind(corpus.root)
    if mounted is None:
        pytest.skip("a read-only bind mount needs root and mount(8) here")
    try:
        done = cli(corpus, "validate")
        assert done.returncode == 0, done.stderr
        assert "going on without it" in done.stderr
        clean = cli(corpus, "clean")
        assert_refused(clean, 2, "env.read-only", "corpus/")
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


# --- F-14, F-21: roots, options, engines ---------------------------------------------------------


def test_F21_a_root_without_a_corpus_fails_every_command_and_creates_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (("verify",), ("lint",), ("validate",), ("build",), ("clean",)):
        assert_refused(cli(empty, *args), 1, "corpus.not-found", str(empty))
    missing = tmp_path / "nonexistent" / "x"
    assert_refused(cli(missing, "build"), 1, "corpus.not-found", "does not exist")
    assert not (tmp_path / "nonexistent").exists()
    assert list(empty.iterdir()) == []


def test_F14_a_root_that_is_a_file_is_refused(tmp_path):
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    assert_refused(cli(file, "build"), 1, "corpus.not-found", "not a directory")


@pytest.mark.parametrize("args", [("clean", "--workers", "0"), ("build", "--workers", "-3"), ("validate", "--max-bytes", "0"),
                                  ("validate", "--max-bytes", "-5"), ("clean", "--check", "FILE")])
def test_F31_flags_that_cannot_work_are_refused_not_ignored(corpus, args):
    assert_refused(cli(corpus, *args), 2, "usage")


def test_F14_an_unreachable_dask_scheduler_is_an_environment_problem(corpus):
    pytest.importorskip("distributed")
    done = cli(corpus, "validate", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", env={"NEWSCORPUS_DASK_CONNECT_TIMEOUT": "2"})
    assert_refused(done, 2, "engine.unreachable", "tcp://127.0.0.1:9")


def test_F14_a_worker_error_on_dask_is_reported_like_a_local_one(corpus):
    pytest.importorskip("distributed")
    raw = corpus.raw_path("fx_a")
    data = raw.read_bytes() + b"\xff tail\n"
    raw.write_bytes(data)
    sources = json.loads(corpus.sources_file.read_text(encoding="utf-8"))
    import hashlib

    for entry in sources["documents"]:
        if entry["id"] == "fx_a":
            entry["sha256"], entry["size_bytes"] = hashlib.sha256(data).hexdigest(), len(data)
    corpus.sources_file.write_text(json.dumps(sources), encoding="utf-8")
    local = cli(corpus, "clean", "--no-cache")
    dask = cli(corpus, "clean", "--no-cache", "--engine", "dask", "--workers", "2")
    assert_refused(local, 1, "input.not-utf8", "corpus/raw/fx_a.txt")
    assert_refused(dask, 1, "input.not-utf8", "corpus/raw/fx_a.txt")
    assert "Compute Failed" not in dask.stderr and "distributed" not in dask.stderr


# --- F-22, F-26: raw add ------------------------------------------------------------------------


@pytest.mark.parametrize("option, value", [("--story-id", "../../x"), ("--story-id", "Upper"), ("--language", "EN_us"),
                                           ("--event-date", "2023-02-30"), ("--event-date", "tomorrow")])
def test_F26_raw_add_blames_the_option_with_exit_2(corpus, tmp_path, option, value):
    args = ["raw", "add", str(_new_text(tmp_path)), "--story-id", "fx-story", option, value]
    before = snapshot(corpus.corpus)
    done = cli(corpus, *args)
    assert_refused(done, 2, "raw.bad-option", f"{option} {value!r} is not accepted: it must be")
    assert "sources.json" not in done.stderr
    assert snapshot(corpus.corpus) == before


def test_F22_raw_add_refuses_a_text_that_could_never_build(corpus, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"A line of text.\n" * (1024 * 1024 // 16 + 1))
    done = cli(corpus, "raw", "add", str(big), "--story-id", "fx-story")
    assert_refused(done, 1, "raw.too-large", "16 MiB")


def test_F22_annotate_init_refuses_to_write_a_file_validate_would_refuse(corpus, tmp_path):
    _add_document(corpus, tmp_path)
    before = snapshot(corpus.annotations_dir)
    done = cli(corpus, "annotate", "init", "arrived", env={"NEWSCORPUS_MAX_JSON_BYTES": "200"})
    assert_refused(done, 1, "annotate.too-large", "corpus/annotations/arrived.json")
    assert snapshot(corpus.annotations_dir) == before


# --- F-31: input verdicts ---------------------------------------------------------------------------


def test_F31_utf16_without_a_byte_order_mark_is_named(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Xi met Putin in Moscow on Monday.\n".encode("utf-16-le"))
    done = subprocess.run([sys.executable, "-m", "newscorpus.cli", "clean", str(path)], capture_output=True, text=True)
    assert_refused(done, 1, "input.not-utf8", "UTF-16 (little-endian, no byte-order mark)")


def test_F31_a_short_text_with_one_escape_and_one_stray_byte_is_not_called_binary(tmp_path):
    path = tmp_path / "ansi.txt"
    path.write_bytes(b"Hello \x1b[31mred\x1b[0m and \x85 here\n")
    done = subprocess.run([sys.executable, "-m", "newscorpus.cli", "clean", str(path)], capture_output=True, text=True)
    assert_refused(done, 1, "input.not-utf8", "0x85")


def test_F31_the_size_limit_bounds_the_read_not_only_the_stat(tmp_path):
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc here")
    done = subprocess.run([sys.executable, "-m", "newscorpus.cli", "clean", "--max-bytes", "10", str(status)],
                          capture_output=True, text=True)
    assert_refused(done, 1, "input.too-large", "10 bytes")
