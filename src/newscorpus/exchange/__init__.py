"""Exchange with annotators' tools: export to and import from brat, INCEpTION and Label Studio.

``export_documents`` writes the tool's files for some documents into a new directory;
``import_files`` reads a tool's files back through the gate (:mod:`.gate`), which writes the
annotation files only when every imported file is valid. See :mod:`.core` for what each format
holds, and README "Annotating with your tool".
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, NewscorpusError
from ..fsutil import atomic_write_bytes
from ..layout import CorpusLayout
from .core import FORMATS, Decoded, ImportRefused, Problem, load_source
from .gate import ImportResult, run_gate

__all__ = ["FORMATS", "ImportRefused", "ImportResult", "Problem", "export_documents", "import_files"]


def _module(fmt: str):
    try:
        return _load_module(fmt)
    except ImportError as exc:
        raise NewscorpusError(f"the {fmt} format needs {exc.name}: pip install 'newscorpus[tools]'", rule="exchange.missing-library") from None


def _load_module(fmt: str):
    if fmt == "brat":
        from . import brat

        return brat
    if fmt == "inception":
        from . import inception

        return inception
    if fmt == "label-studio":
        from . import labelstudio

        return labelstudio
    raise NewscorpusError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", rule="usage")


def document_ids(layout: CorpusLayout, ids: list[str] | None) -> list[str]:
    if ids:
        return list(dict.fromkeys(ids))
    return sorted(p.stem for p in layout.annotations_dir.glob("*.json") if not p.name.startswith("."))


def export_documents(layout: CorpusLayout, fmt: str, ids: list[str] | None, out: Path) -> list[str]:
    """Write the tool's files for ``ids`` (default: every document) into ``out``, which must be
    new or empty (an export never overwrites a file). Returns the names written."""
    module = _module(fmt)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise NewscorpusError("--out must be a new or empty directory (an export never overwrites files)", rule="usage", location=Location(str(out)))
    sources = [load_source(layout, doc_id) for doc_id in document_ids(layout, ids)]
    if not sources:
        raise NewscorpusError("no documents to export", rule="export.nothing", location=Location(layout.relative(layout.annotations_dir)))
    files = module.export_files(sources)
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        atomic_write_bytes(out / name, files[name])
    return sorted(files)


def decode_files(fmt: str, paths: list[Path]) -> list[Decoded]:
    module = _module(fmt)
    decoded: list[Decoded] = []
    targets = module.import_targets(paths)
    if not targets:
        raise ImportRefused([Problem(", ".join(map(str, paths)) or "-", "import.nothing", f"no {fmt} files found")])
    for path in targets:
        if not path.exists():
            decoded.append(Decoded(str(path), path.stem, "", None, ()))  # type: ignore[arg-type]
            decoded[-1].problems.append(Problem(str(path), "import.missing-file", "no such file"))
            continue
        decoded += module.read_documents(path, str(path)) if hasattr(module, "read_documents") else [module.read_document(path, str(path))]
    return decoded


def import_files(layout: CorpusLayout, fmt: str, paths: list[Path], *, annotator: str | None = None, write: bool = True) -> ImportResult:
    """Read a tool's files and write the annotation files they make, all of them or nothing."""
    decoded = decode_files(fmt, paths)
    return run_gate(layout, decoded, annotator=annotator, write=write)
