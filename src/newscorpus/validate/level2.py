"""Level 2: JSON Schema (Draft 2020-12, format checking on). Every error is reported, located.

Each error ``iter_errors`` yields becomes one incident, as check-jsonschema reports them: inside
``anyOf``/``oneOf``, ``jsonschema``'s own :func:`~jsonschema.exceptions.best_match` picks the
alternative that explains it best (by :func:`~jsonschema.exceptions.relevance`), or keeps the
``anyOf`` error when no alternative is closer than another. Each incident keeps the error's
``schema_path`` and the keyword's value (``expected``).

One decision beyond JSON Schema: ``integer`` means a JSON number written without a fraction or
exponent. The JSON data model (and so JSON Schema) counts ``0.0``, ``0e0`` and ``182.0`` as
integers; an offset written that way is refused here (``schema.type``) rather than read as a
float that no slice of a text accepts. The fast path applies the same rule (:mod:`.fast`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..incident import MESSAGE_LIMIT, Incident, pointer, short
from ..schema_store import load_schema
from .rules import incident
from .source import JSONSource


def _json_integer(checker, instance) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


@lru_cache(maxsize=None)
def validator(kind: str):
    """The compiled validator for ``document`` or ``story`` files, built once per process.

    ``jsonschema`` is imported here, not above: the fast path (jsonschema-rs) decides valid files,
    and this reference validator runs only to explain a rejected one."""
    from jsonschema import Draft202012Validator, validators

    strict = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _json_integer))
    return strict(load_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def check_schema(source: JSONSource, kind: str) -> list[Incident]:
    from jsonschema.exceptions import best_match, relevance

    incidents, seen = [], set()
    for error in sorted(validator(kind).iter_errors(source.data), key=relevance):
        leaf = best_match([error])
        where = pointer(*leaf.absolute_path)
        key = (where, leaf.validator, leaf.message)
        if key in seen:
            continue
        seen.add(key)
        incidents.append(incident(source, "schema." + kebab(str(leaf.validator)), _message(leaf), where,
                                  schema_path=pointer(*leaf.absolute_schema_path), expected=leaf.validator_value))
    return incidents


def _message(error) -> str:
    instance = error.instance
    if error.validator == "type" and isinstance(instance, float) and instance.is_integer():
        return (f"{instance!r} is not of type 'integer': offsets are written as integers, without a fraction or "
                f"exponent ({int(instance)})")
    message = error.message
    if len(message) > MESSAGE_LIMIT:  # the value is echoed in the message: echo a short form
        message = message.replace(repr(instance), short(instance), 1)
    return message


def kebab(name: str) -> str:
    """Rule ids are lower case: additionalProperties -> additional-properties."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
