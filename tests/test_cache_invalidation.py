"""The cache never answers for inputs it did not see: each key input is really changed here.

No fingerprint is patched. The package itself is copied (its ``schema`` link to the checkout's
``schema/`` kept, as in a development install) and run from the copy in a fresh process, so an
edit of a schema, a rule, the guidelines or any source file is an edit the cache must notice.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
RACY_S = 2.1  # cache.RACY_NS and a margin


@pytest.fixture
def checkout(tmp_path):
    """A copy of the package (src/ with its schema link, schema/) and of the fixture corpus."""
    shutil.copytree(ROOT / "src", tmp_path / "pkg" / "src", symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "schema", tmp_path / "pkg" / "schema")
    shutil.copytree(FIXTURE / "corpus", tmp_path / "corpus-root" / "corpus")
    assert (tmp_path / "pkg" / "src" / "newscorpus" / "schema").is_symlink()
    return tmp_path


def run(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    code = ("import sys; sys.path.insert(0, sys.argv.pop(1)); import newscorpus.cli as cli; "
            "assert cli.__file__.startswith(sys.argv[1]), cli.__file__; sys.exit(cli.main(sys.argv[2:]))")
    pkg = str(checkout / "pkg" / "src")
    return subprocess.run([sys.executable, "-c", code, pkg, pkg, "--root", str(checkout / "corpus-root"), "-q", *args],
                          capture_output=True, text=True, timeout=300)


def warm(checkout: Path) -> None:
    """Fill the cache, and show that it answers when nothing changed."""
    assert run(checkout, "clean").returncode == 0
    first = run(checkout, "validate")
    assert first.returncode == 0, first.stderr
    again = run(checkout, "validate")
    assert again.returncode == 0 and "3 unchanged, answered by the cache" in again.stdout, again.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_schema_edit_is_not_answered_by_the_cache(checkout):
    warm(checkout)
    schema_path = checkout / "pkg" / "schema" / "document.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["required"].append("added_property")
    schema["properties"]["added_property"] = {"type": "string"}
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    done = run(checkout, "validate")
    assert done.returncode == 1, done.stdout
    assert done.stdout.count("'added_property' is a required property") == 2  # both documents
    assert "answered by the cache" not in done.stderr + done.stdout


def test_a_guidelines_version_change_is_not_answered_by_the_cache(checkout):
    warm(checkout)
    edit(checkout / "pkg" / "src" / "newscorpus" / "model.py", 'GUIDELINES_VERSION = "', 'GUIDELINES_VERSION = "9.')
    done = run(checkout, "validate")
    assert done.returncode == 0 and "answered by the cache" not in done.stdout, done.stdout


def test_a_guidelines_text_change_is_not_answered_by_the_cache(checkout):
    warm(checkout)
    guidelines = checkout / "pkg" / "schema" / "GUIDELINES.md"
    guidelines.write_text(guidelines.read_text(encoding="utf-8") + "\nA new decision.\n", encoding="utf-8")
    done = run(checkout, "validate")
    assert done.returncode == 0 and "answered by the cache" not in done.stdout, done.stdout


def test_a_rule_edit_cleans_every_document_again(checkout):
    warm(checkout)
    rules = checkout / "pkg" / "src" / "newscorpus" / "clean" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# an edited rule file\n", encoding="utf-8")
    done = run(checkout, "clean")
    assert done.returncode == 0, done.stderr
    assert re.search(r"\b0 unchanged by cache", done.stdout), done.stdout


def test_any_source_file_edit_is_not_answered_by_the_cache(checkout):
    warm(checkout)
    level3 = checkout / "pkg" / "src" / "newscorpus" / "validate" / "level3.py"
    level3.write_text(level3.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    done = run(checkout, "validate")
    assert done.returncode == 0 and "answered by the cache" not in done.stdout, done.stdout


def test_F16_the_size_limit_is_part_of_a_verdict(checkout):
    """F-16: a verdict under --max-bytes is not one without it, in either order."""
    warm(checkout)
    limited = run(checkout, "validate", "--max-bytes", "100")
    assert limited.returncode == 1 and limited.stdout.count("json.too-large") == 3, limited.stdout
    plain = run(checkout, "validate")
    assert plain.returncode == 0 and "json.too-large" not in plain.stdout + plain.stderr
    assert "3 unchanged, answered by the cache" in plain.stdout  # the plain verdicts were kept apart


def test_a_source_file_edit_is_not_answered_by_the_build_memo(checkout):
    """The whole-build memo (build_memo) is keyed by the code fingerprint as every cached result is."""
    time.sleep(RACY_S)  # the copied files must be past the racy window for the memo to record
    assert run(checkout, "build").returncode == 0
    answered = run(checkout, "build")
    assert answered.returncode == 0 and "nothing changed since the last build" in answered.stdout, answered.stdout
    level3 = checkout / "pkg" / "src" / "newscorpus" / "validate" / "level3.py"
    level3.write_text(level3.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    done = run(checkout, "build")
    assert done.returncode == 0 and "nothing changed" not in done.stdout, done.stdout
