"""Publishing: versioned, immutable, reproducible Parquet releases written through ``datasets``.

Modules, each importing only those before it (no circle; ``tests/test_publish_imports.py``):
``catalogue`` (which releases exist, their manifests, the previous release), ``features``,
``splits``, ``card``, ``croissant``, ``parquet_checks`` and ``verify`` (a release against its
manifest), ``reader``
(a release's rows, after it verified), ``compare``, ``changelog``, ``stats``, ``checkout``,
the row builders (``configs``, ``tokens``, ``arrow``, ``stream``, ``parquet``), ``release``
(building one) and ``publisher`` (publishing, scratch builds, the build's release check).

Public API: :func:`publish`, :func:`verify_all`, :func:`releases`, :func:`open_release`, and the
config features :data:`FEATURES`.
"""

from importlib import import_module

# Imported on first use (PEP 562): `datasets` and `pyarrow` cost seconds to import, and a build
# with nothing to publish, a verify answered by the cache, or a release check need neither.
_EXPORTS = {"Catalogue": "catalogue", "read_manifest": "catalogue", "releases": "catalogue", "compare_release": "compare",
            "CONFIGS": "features", "FEATURES": "features", "publish": "publisher", "open_release": "reader",
            "verify_all": "verify", "verify_release": "verify"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
