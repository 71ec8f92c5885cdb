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

from .catalogue import Catalogue, read_manifest, releases
from .compare import compare_release
from .features import CONFIGS, FEATURES
from .publisher import publish
from .reader import open_release
from .verify import verify_all, verify_release

__all__ = ["CONFIGS", "FEATURES", "Catalogue", "compare_release", "open_release", "publish", "read_manifest", "releases",
           "verify_all", "verify_release"]
