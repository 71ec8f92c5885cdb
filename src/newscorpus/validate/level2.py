"""Level 2: JSON Schema (Draft 2020-12, format checking on). Every error is reported, located."""

from __future__ import annotations

import re
from functools import lru_cache

from jsonschema import Draft202012Validator

from ..annotations.io import JSONSource
from ..incident import Incident, pointer
from ..schema_store import load_schema


@lru_cache(maxsize=None)
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator for ``document`` or ``story`` files, built once per process."""
    schema = load_schema(kind)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _leaves(error):
    """The most specific errors: inside anyOf/oneOf, the alternatives' own errors say more."""
    if error.context and error.validator in ("anyOf", "oneOf"):
        # keep the alternative that got furthest into the instance
        deepest = max(len(e.absolute_path) for e in error.context)
        for sub in error.context:
            if len(sub.absolute_path) == deepest:
                yield from _leaves(sub)
        return
    yield error


def check_schema(source: JSONSource, kind: str) -> list[Incident]:
    incidents = []
    errors = sorted(validator(kind).iter_errors(source.data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    seen = set()
    for error in errors:
        for leaf in _leaves(error):
            where = pointer(*leaf.absolute_path)
            key = (where, leaf.validator, leaf.message)
            if key in seen:
                continue
            seen.add(key)
            incidents.append(source.incident(2, "schema." + _kebab(str(leaf.validator)), leaf.message, where))
    return incidents


def _kebab(name: str) -> str:
    """Rule ids are lower case: additionalProperties -> additional-properties."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
