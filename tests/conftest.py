"""Shared fixtures. Tests never reach the network: the Hub is switched off for every test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo_layout():
    from newscorpus.layout import CorpusLayout

    return CorpusLayout(ROOT)


@pytest.fixture
def corpus_copy(tmp_path):
    """A private copy of the checkout's corpus and schema/ (guidelines included) to break and rebuild."""
    from newscorpus.layout import CorpusLayout

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus", ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return CorpusLayout(tmp_path)
