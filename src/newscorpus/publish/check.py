"""The build's release check: does the corpus still build the newest release?

Answered without building anything when it can be: the releases on disk verify (each answered
by the cache while its files are unchanged); when the corpus's input digest differs from the
one the newest release recorded, the corpus has changed, and the inputs that changed are named
from the release's listing where this machine keeps it (:mod:`.inputs`); when it is equal, a
rebuild and comparison made before with the same code, libraries and releases answers. Only
otherwise (a fresh clone, new code) is the release built into scratch and compared
(:func:`.publisher.rebuild_check`), which imports ``datasets``, ``pyarrow`` and spaCy: the
modules doing it are imported only then.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as installed

from ..cache import Cache, make_key
from ..fsutil import sha256_file
from ..layout import CorpusLayout
from .catalogue import MANIFEST, Catalogue, read_manifest
from .checkout import checkout_lag
from .inputs import inputs_digest, remember_inputs, what_changed
from .verify import verify_published

SHOWN = 5  # changed inputs named in the message; the rest counted


def _libraries() -> list[str | None]:
    """The writer libraries' versions, without importing them (a rebuild's bytes depend on them)."""
    found = []
    for name in ("datasets", "pyarrow"):
        try:
            found.append(installed(name))
        except PackageNotFoundError:
            found.append(None)
    return found


def _changed_words(changed: list[str] | None) -> str:
    if changed is None:
        return "its inputs differ from those the release recorded"
    shown = "; ".join(changed[:SHOWN])
    return shown + (f"; and {len(changed) - SHOWN} more" if len(changed) > SHOWN else "")


def release_check(layout: CorpusLayout, *, engine=None, cache: Cache | None = None) -> list[str]:
    """Verify the releases, complete an interrupted publish, then say whether the corpus builds
    the newest release: the lines to print."""
    verify_published(layout, cache)
    lines = _complete_interrupted_publish(layout)
    catalogue = Catalogue(layout)
    newest = catalogue.newest()
    if newest is None:
        from .publisher import rebuild_check

        return lines + [rebuild_check(layout, engine=engine, cache=cache)]
    recorded = read_manifest(newest.path, layout.relative)["inputs_sha256"]
    digest = inputs_digest(layout, cache)
    if digest != recorded:
        return lines + [f"publish: the corpus has changed since release {newest.name} ({_changed_words(what_changed(layout, recorded, cache))}); "
                        "`newscorpus publish --version X.Y.Z` publishes it"]
    remember_inputs(layout, digest, cache)  # so a later check can name what changed
    previous = catalogue.previous(newest.name)
    key = make_key("release-check", digest, _libraries(), sha256_file(newest.path / MANIFEST),
                   sha256_file(previous.path / MANIFEST) if previous else None)
    answer = cache.get(key) if cache is not None else None
    if answer is not None:
        return lines + [answer.decode("utf-8")]
    from .publisher import rebuild_check

    line = rebuild_check(layout, engine=engine, cache=cache)
    if cache is not None:
        cache.put(key, line.encode("utf-8"))
    return lines + [line]


def _complete_interrupted_publish(layout: CorpusLayout) -> list[str]:
    if not checkout_lag(layout):
        return []
    from .publisher import complete_checkout

    return complete_checkout(layout)
