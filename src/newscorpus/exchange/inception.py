"""INCEpTION: UIMA CAS XMI (``<id>.xmi``) with a type system (``TypeSystem.xml``), through dkpro-cassis.

The type system (INCEpTION's conventions: DKPro Core's ``Sentence`` and ``DocumentMetaData``,
custom layers under ``webanno.custom``):

- ``...segmentation.type.Sentence`` (feature ``id``): every sentence and every heading, so that
  INCEpTION shows every line; ``webanno.custom.Heading`` (``itemId``) marks the headings;
- ``webanno.custom.Entity``: ``label`` (one of the 18 types), ``key``, ``itemId``;
- ``webanno.custom.Quote``: ``kind``, ``speakerKey``, ``speakerReason``, ``cue`` (a link to a
  ``webanno.custom.Cue`` span), ``cueReason``, ``itemId``;
- ``webanno.custom.NewscorpusDocument`` (document metadata): ``documentId``, ``storyId``,
  ``textSha256`` of the text exported.

XMI offsets are UTF-16 code units (UIMA is Java); cassis converts them to and from code points
(the conversion that inception#1811 and cassis#135 got wrong for emoji), and the gate checks
every span against the base text after it.
"""

from __future__ import annotations

from pathlib import Path

from ..model import layer_items
from .core import CUE, ENTITY, HEADING, QUOTE, SENTENCE, Decoded, Problem, Region, Source
from .offsets import Reading

DKPRO_SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
DKPRO_METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
HEADING_TYPE, ENTITY_TYPE, QUOTE_TYPE, CUE_TYPE = (f"webanno.custom.{n}" for n in ("Heading", "Entity", "Quote", "Cue"))
DOCUMENT_TYPE = "webanno.custom.NewscorpusDocument"
TYPESYSTEM = "TypeSystem.xml"
LAYERS = ("sentences", "headings", "entities", "quotes")
STRING = "uima.cas.String"


def typesystem():
    from cassis import TypeSystem

    ts = TypeSystem()
    metadata = ts.create_type(DKPRO_METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri"):
        ts.create_feature(metadata, name, STRING)
    sentence = ts.create_type(DKPRO_SENTENCE)
    ts.create_feature(sentence, "id", STRING)
    heading = ts.create_type(HEADING_TYPE)
    ts.create_feature(heading, "itemId", STRING)
    entity = ts.create_type(ENTITY_TYPE)
    for name in ("label", "key", "itemId"):
        ts.create_feature(entity, name, STRING)
    cue = ts.create_type(CUE_TYPE)
    quote = ts.create_type(QUOTE_TYPE)
    for name in ("kind", "speakerKey", "speakerReason", "cueReason", "itemId"):
        ts.create_feature(quote, name, STRING)
    ts.create_feature(quote, "cue", cue.name)
    document = ts.create_type(DOCUMENT_TYPE, supertypeName="uima.cas.AnnotationBase")
    for name in ("documentId", "storyId", "textSha256"):
        ts.create_feature(document, name, STRING)
    return ts


def document_xmi(source: Source, ts) -> bytes:
    from cassis import Cas

    doc = source.doc
    cas = Cas(typesystem=ts)
    cas.sofa_string = source.text
    cas.sofa_mime = "text/plain"
    Metadata, Sentence, Heading = ts.get_type(DKPRO_METADATA), ts.get_type(DKPRO_SENTENCE), ts.get_type(HEADING_TYPE)
    Entity, Quote, Cue, Document = ts.get_type(ENTITY_TYPE), ts.get_type(QUOTE_TYPE), ts.get_type(CUE_TYPE), ts.get_type(DOCUMENT_TYPE)
    cas.add(Metadata(begin=0, end=len(source.text), documentTitle=source.doc_id, documentId=source.doc_id,
                     collectionId=doc["story_id"], language="en"))
    cas.add(Document(documentId=source.doc_id, storyId=doc["story_id"], textSha256=source.sha256))
    for item in layer_items(doc, "sentences"):
        cas.add(Sentence(begin=item["start"], end=item["end"], id=item["id"]))
    for item in layer_items(doc, "headings"):
        cas.add(Sentence(begin=item["start"], end=item["end"], id=item["id"]))
        cas.add(Heading(begin=item["start"], end=item["end"], itemId=item["id"]))
    for item in layer_items(doc, "entities"):
        cas.add(Entity(begin=item["start"], end=item["end"], label=item["label"], key=item.get("key"), itemId=item["id"]))
    for item in layer_items(doc, "quotes"):
        cue = None
        if isinstance(item.get("cue"), dict):
            cue = Cue(begin=item["cue"]["start"], end=item["cue"]["end"])
            cas.add(cue)
        cas.add(Quote(begin=item["start"], end=item["end"], kind=item["kind"], speakerKey=item.get("speaker"),
                      speakerReason=item.get("speaker_reason"), cue=cue, cueReason=item.get("cue_reason"), itemId=item["id"]))
    return cas.to_xmi(pretty_print=True).encode("utf-8")


def export_files(sources: list[Source]) -> dict[str, bytes]:
    ts = typesystem()
    files = {TYPESYSTEM: ts.to_xml().encode("utf-8")}
    for source in sources:
        files[f"{source.doc_id}.xmi"] = document_xmi(source, ts)
    return files


def import_targets(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.xmi")) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def _typesystem_for(path: Path):
    from cassis import load_typesystem

    for name in (TYPESYSTEM, "typesystem.xml"):
        candidate = path.parent / name
        if candidate.is_file():
            with open(candidate, "rb") as handle:
                return load_typesystem(handle)
    return typesystem()


def read_document(path: Path, display: str) -> Decoded:
    from cassis import load_cas_from_xmi

    decoded = Decoded(display, path.stem, "", Reading(), LAYERS)
    try:
        ts = _typesystem_for(path)
        with open(path, "rb") as handle:
            cas = load_cas_from_xmi(handle, typesystem=ts, lenient=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure of a foreign file is a located refusal
        decoded.problems.append(Problem(display, "import.xmi-unreadable", f"not a UIMA CAS XMI file this type system reads: {type(exc).__name__}: {exc}"))
        return decoded
    decoded.tool_text = cas.sofa_string or ""
    for meta in _select(cas, DOCUMENT_TYPE):
        decoded.doc_id = meta.documentId or decoded.doc_id
        decoded.exported_sha = meta.textSha256
    heading_spans = {(h.begin, h.end): h for h in _select(cas, HEADING_TYPE)}
    regions: list[Region] = []
    for index, fs in enumerate(_select(cas, DKPRO_SENTENCE)):
        if (fs.begin, fs.end) in heading_spans:
            continue
        regions.append(Region(SENTENCE, fs.begin, fs.end, f"Sentence {fs.id or '#' + str(fs.xmiID)}", ref=f"x{fs.xmiID}", item_id=fs.id))
    for fs in heading_spans.values():
        regions.append(Region(HEADING, fs.begin, fs.end, f"Heading {fs.itemId or '#' + str(fs.xmiID)}", ref=f"x{fs.xmiID}", item_id=fs.itemId))
    for fs in _select(cas, ENTITY_TYPE):
        regions.append(Region(ENTITY, fs.begin, fs.end, f"Entity {fs.itemId or '#' + str(fs.xmiID)} ({fs.get_covered_text()!r})",
                              ref=f"x{fs.xmiID}", item_id=fs.itemId, label=fs.label, key=fs.key or None))
    for fs in _select(cas, CUE_TYPE):
        regions.append(Region(CUE, fs.begin, fs.end, f"Cue #{fs.xmiID} ({fs.get_covered_text()!r})", ref=f"x{fs.xmiID}"))
    for fs in _select(cas, QUOTE_TYPE):
        regions.append(Region(QUOTE, fs.begin, fs.end, f"Quote {fs.itemId or '#' + str(fs.xmiID)}", ref=f"x{fs.xmiID}", item_id=fs.itemId,
                              quote_kind=fs.kind, speaker=fs.speakerKey or None, speaker_reason=fs.speakerReason or None,
                              cue_ref=f"x{fs.cue.xmiID}" if fs.cue is not None else None, cue_reason=fs.cueReason or None))
    # cassis has converted UTF-16 offsets to code points: the regions index the sofa string directly
    decoded.regions = regions
    return decoded


def _select(cas, type_name: str) -> list:
    try:
        return sorted(cas.select(type_name), key=lambda fs: (fs.begin if hasattr(fs, "begin") else 0, getattr(fs, "end", 0), fs.xmiID))
    except Exception:  # noqa: BLE001 - the file's type system lacks the type: nothing of that layer
        return []
