"""Publishing: versioned, immutable, reproducible Parquet releases written through ``datasets``.

Public API: :func:`publish`, :func:`verify_all`, :func:`releases`, and the config features
:data:`FEATURES`.
"""

from .features import CONFIGS, FEATURES
from .release import publish, read_manifest, releases
from .verify import compare_release, verify_all, verify_release

__all__ = ["CONFIGS", "FEATURES", "compare_release", "publish", "read_manifest", "releases", "verify_all", "verify_release"]
