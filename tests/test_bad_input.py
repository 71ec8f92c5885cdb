"""Bad input gets a documented normalisation or a clear, located error: never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscorpus.clean import clean_text
from newscorpus.errors import InputError
from newscorpus.raw import read_text

from article import article


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newscorpus.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def assert_clean_error(proc: subprocess.CompletedProcess, rule: str, *fragments: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert rule in proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr
    assert proc.stdout == ""


# --- errors ---------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_clean_error(run_cli("clean", str(path), "--json"), "input.empty", str(path))


def test_invalid_utf8_reports_the_byte_offset_and_line(tmp_path):
    data = "first line\nsecond ".encode() + b"\xff\xfe bad\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(data)
    proc = run_cli("clean", str(path), "--json")
    assert_clean_error(proc, "input.not-utf8", f"{path}:2:8", "byte offset 18", "0xff")


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Xi met Putin.\n".encode("utf-16"))
    assert_clean_error(run_cli("clean", str(path)), "input.not-utf8", "UTF-16")


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert_clean_error(run_cli("clean", str(path), "--json"), "input.binary", str(path))


def test_missing_path_is_refused(tmp_path):
    path = tmp_path / "nowhere.txt"
    assert_clean_error(run_cli("clean", str(path), "--json"), "input.not-found", str(path))


def test_directory_given_as_file_is_refused(tmp_path):
    assert_clean_error(run_cli("clean", str(tmp_path), "--json"), "input.is-directory", str(tmp_path))


def test_file_above_the_size_limit_is_refused_with_the_limit_named(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Xi met Putin.\n" * 100)
    proc = run_cli("clean", str(path), "--max-bytes", "1000")
    assert_clean_error(proc, "input.too-large", "1000 bytes", "--max-bytes")


def test_usage_error_exits_2():
    proc = run_cli("clean", "--json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# --- documented normalisations ---------------------------------------------------------------


def _clean_file(tmp_path: Path, data: bytes) -> dict:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    proc = run_cli("clean", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _rebuilt(result: dict) -> str:
    from newscorpus.clean import RemovedSpan, reconstruct_raw

    return reconstruct_raw(result["text"], [RemovedSpan.from_dict(s) for s in result["removed"]])


def test_byte_order_mark_is_removed_and_recorded(tmp_path):
    raw = "\ufeff" + article()
    result = _clean_file(tmp_path, raw.encode("utf-8"))
    assert result["text"] == article()
    assert [(s["rule"], s["text"]) for s in result["removed"]] == [("norm.bom", "\ufeff")]
    assert _rebuilt(result) == raw


def test_crlf_line_ends_become_lf_and_are_recorded(tmp_path):
    raw = article().replace("\n", "\r\n")
    result = _clean_file(tmp_path, raw.encode("utf-8"))
    assert result["text"] == article()
    assert {s["rule"] for s in result["removed"]} == {"norm.newline"}
    assert _rebuilt(result) == raw


def test_nul_bytes_are_removed_and_recorded(tmp_path):
    raw = article().replace("talks", "ta\x00lks", 1)
    result = _clean_file(tmp_path, raw.encode("utf-8"))
    assert result["text"] == article()
    assert [(s["rule"], s["text"]) for s in result["removed"]] == [("norm.control", "\x00")]


def test_json_output_has_the_documented_shape(tmp_path):
    raw = article(middle=["Kishida in Kyiv"], tail=["ab/rs (AFP, Reuters)"])
    result = _clean_file(tmp_path, raw.encode("utf-8"))
    assert set(result) == {"text", "removed", "headings"}
    [span] = result["removed"]
    assert set(span) == {"start", "end", "label", "rule", "text", "replacement", "clean_start"}
    assert (span["label"], span["rule"], span["text"]) == ("signature", "signature.initials", "ab/rs (AFP, Reuters)\n")
    assert raw[span["start"] : span["end"]] == span["text"]
    [heading] = result["headings"]
    assert result["text"][heading["start"] : heading["end"]] == "Kishida in Kyiv"


# --- size and linear time ----------------------------------------------------------------------

ADVERSARIAL_LINES = [
    "a/" * 200_000,
    "By " + "Anna " * 200_000,
    "Reporting by " + "Anna Schmidt, " * 100_000,
    " " * 1_000_000 + "x",
    "e" + "\u0301" * 500_000,
    "“" * 1_000_000,
    ". " * 500_000,
    "Copyright " * 100_000,
    "Beer fanatic. " * 100_000,
    "Published: " + "21.03.2023 " * 100_000,
    "ab/rs (" + "AFP, " * 100_000 + ")",
]


def test_adversarial_long_lines_finish(tmp_path):
    """Every rule sees long lines; none may backtrack. Run in a child with a hang guard only."""
    path = tmp_path / "adversarial.txt"
    path.write_text(article(middle=ADVERSARIAL_LINES[:5], tail=ADVERSARIAL_LINES[5:]), encoding="utf-8")
    proc = run_cli("clean", str(path), timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_rules_never_see_lines_above_their_bound():
    from newscorpus.clean import RULES, Cleaner
    from newscorpus.clean.cleaner import RemoveNoiseLines
    from newscorpus.clean.rules import LineRule

    seen: dict[str, int] = {}

    def spy(rule: LineRule) -> LineRule:
        def test(line: str) -> bool:
            seen[rule.id] = max(seen.get(rule.id, 0), len(line))
            return rule.test(line)

        return LineRule(rule.id, rule.label, rule.zone, rule.why, test, rule.max_chars)

    cleaner = Cleaner(noise=RemoveNoiseLines(rules=tuple(spy(r) for r in RULES)))
    cleaner.clean(article(middle=ADVERSARIAL_LINES[:3], tail=ADVERSARIAL_LINES[3:]))
    assert seen, "the spies were never called"
    for rule in RULES:
        assert seen.get(rule.id, 0) <= rule.max_chars


@pytest.mark.slow
def test_fifty_megabyte_single_line_is_cleaned(tmp_path):
    line = ("Xi and Putin held talks in Moscow on Tuesday, officials said " * 900_000)[: 50 * 1024 * 1024]
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    result = clean_text(read_text(path))
    assert result.text == line.rstrip()
    assert result.raw_text() == line


def test_library_errors_are_located_exceptions(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok\n\xc3\x28")
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert caught.value.rule == "input.not-utf8"
    assert caught.value.location.offset == 3 and caught.value.location.line == 2
