"""F-20: a fresh install on the oldest and the newest supported Python builds a release
identically (scripts/check_pythons.py, on a release of the fixture corpus made here)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_pythons  # noqa: E402


def test_F20_the_oldest_and_newest_supported_pythons_build_the_release_identically(tmp_path):
    pythons = check_pythons._interpreters()
    if len(pythons) < 2:
        pytest.skip(f"needs two supported Pythons on this machine (found {pythons})")
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus" / "corpus", checkout / "corpus")
    shutil.copytree(ROOT / "schema", checkout / "schema")
    published = subprocess.run([sys.executable, "-m", "newscorpus.cli", "--root", str(checkout), "-q", "publish", "--version", "1.0.0"],
                               capture_output=True, text=True)
    assert published.returncode == 0, published.stderr
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_pythons.py"), *pythons, "--checkout", str(checkout)],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok ") == 2 and "identically" in done.stdout, done.stdout
