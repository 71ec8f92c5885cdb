"""The project's JSON Schemas, read from ``schema/`` (shipped inside the package as ``newscorpus/schema``)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def schema_bytes(name: str) -> bytes:
    """The bytes of ``schema/<name>.schema.json``, read once per process."""
    return resources.files("newscorpus").joinpath("schema", f"{name}.schema.json").read_bytes()


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schema/<name>.schema.json``, parsed once per process."""
    return json.loads(schema_bytes(name).decode("utf-8"))


def schema_digest(name: str) -> str:
    """sha256 of the schema as read: a key input of every verdict that the schema decides."""
    return hashlib.sha256(schema_bytes(name)).hexdigest()
