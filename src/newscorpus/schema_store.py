"""The project's JSON Schemas, read from ``schema/`` (shipped inside the package as ``newscorpus/schema``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schema/<name>.schema.json``, parsed once per process."""
    text = resources.files("newscorpus").joinpath("schema", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
