"""The browse site: static HTML pages generated from one published release.

Pages: a paged index of documents (with the release's version and checksums), one page per
document (annotations highlighted in place, removed noise struck through, filters), one page
per story (reports side by side, aligned sentences linked, discrepancies listed), and one page
per canonical entity (every mention across the reports), plus a paged entity index. Everything
is rendered through Jinja2 with autoescaping; no page needs a server.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pyarrow.parquet as pq
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..model import ENTITY_LABELS
from ..errors import Location, NewscorpusError
from ..fsutil import atomic_write_text
from ..publish.verify import schema_problem
from ..progress import progress
from .render import Mark, render_line

PAGE_SIZE = 100  # documents (or entities) per index page
CONTEXT = 80  # characters of context around a mention on entity pages


@dataclass
class SiteReport:
    out: Path
    documents: int = 0
    stories: int = 0
    entities: int = 0
    pages: int = 0


def _env() -> Environment:
    env = Environment(loader=PackageLoader("newscorpus.browse", "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["entity_labels"] = ENTITY_LABELS
    return env


def _rows(release: Path, manifest: dict[str, Any], config: str) -> Iterator[dict[str, Any]]:
    """Rows of a config, split after split, one record batch at a time."""
    for split, info in manifest["configs"].get(config, {}).get("splits", {}).items():
        for name in info["files"]:
            problem = schema_problem(release / name, config)
            if problem:
                raise NewscorpusError(problem, rule="verify.schema", location=Location(str(release / name)))
            for batch in pq.ParquetFile(release / name).iter_batches(batch_size=256):
                for row in batch.to_pylist():
                    yield {**row, "_split": split}


def _pages(count: int, stem: str) -> list[str]:
    return [f"{stem}.html" if page == 0 else f"{stem}-{page + 1}.html" for page in range((count + PAGE_SIZE - 1) // PAGE_SIZE or 1)]


def document_html(doc: dict[str, Any]) -> Markup:
    """The document's clean text as paragraphs and headings, every annotation in place."""
    text = doc["text"]
    headings = {(h["start"], h["end"]) for h in doc["headings"]}
    marks = [Mark(s["start"], s["end"], "span", (("class", "sent"), ("id", s["id"]), ("data-sid", s["id"])), 0) for s in doc["sentences"]]
    for q in doc["quotes"]:
        speaker = q["speaker_name"] or f"no speaker ({q['speaker_reason']})"
        marks.append(Mark(q["start"], q["end"], "q", (("class", "quote"), ("id", q["id"]), ("data-speaker", q["speaker"] or ""),
                                                       ("title", f"quote ({q['kind_name']}) — {speaker}")), 1))
        if q["cue_start"] is not None:
            marks.append(Mark(q["cue_start"], q["cue_end"], "span", (("class", "cue"), ("title", f"cue of {q['id']}")), 1))
    for e in doc["entities"]:
        title = e["label_name"] + (f" · {e['entity_name']}" if e["entity_name"] else "")
        href = f"../entity/{e['key']}.html" if e["key"] else None
        attrs = (("class", f"ent ent-{e['label_name']}"), ("data-label", e["label_name"]), ("data-key", e["key"] or ""), ("title", title))
        marks.append(Mark(e["start"], e["end"], "a" if href else "span", attrs + ((("href", href),) if href else ()), 2))
    inserts: dict[int, list[Markup]] = defaultdict(list)
    for n in doc["removed"]:
        inserts[n["clean_start"]].append(Markup('<del class="noise" title="{}">{}</del>').format(
            f"removed: {n['label_name']} ({n['rule']})", n["text"]))
    blocks, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        here = {p: v for p, v in inserts.items() if start <= p < end or (p == end and end == len(text))}
        if line.strip() or here:
            tag = "h3" if (start, end) in headings else "p"
            blocks.append(Markup(f'<{tag} class="{"heading" if tag == "h3" else "para"}">') + render_line(line, start, marks, here) + Markup(f"</{tag}>"))
        start = end + 1
    if len(text) in inserts and text.endswith("\n"):
        blocks.append(Markup('<p class="para">') + Markup("").join(inserts[len(text)]) + Markup("</p>"))
    return Markup("\n").join(blocks)


def build_site(release: Path, out: Path, manifest: dict[str, Any]) -> SiteReport:
    """Write the site for the release at ``release`` (with ``manifest``) into ``out``."""
    env = _env()
    report = SiteReport(out)
    for sub in ("doc", "story", "entity", "static"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    static = Path(__file__).with_name("static")
    for asset in sorted(static.iterdir()):
        shutil.copyfile(asset, out / "static" / asset.name)
    common = {"version": manifest["version"], "manifest": manifest}

    summaries, stories = [], defaultdict(list)
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    for doc in progress(_rows(release, manifest, "documents"), desc="browse", unit="doc"):
        page = env.get_template("document.html.j2").render(
            **common, doc=doc, body=document_html(doc),
            labels=sorted({e["label_name"] for e in doc["entities"]}, key=ENTITY_LABELS.index),
            keys=sorted({(e["key"], e["entity_name"]) for e in doc["entities"] if e["key"]}))
        atomic_write_text(out / "doc" / f"{doc['id']}.html", page)
        report.pages += 1
        summaries.append({"id": doc["id"], "story_id": doc["story_id"], "split": doc["_split"], "sentences": len(doc["sentences"]),
                          "headings": len(doc["headings"]), "entities": len(doc["entities"]), "quotes": len(doc["quotes"]),
                          "removed": len(doc["removed"]), "status": doc["status_names"], "chars": len(doc["text"])})
        stories[doc["story_id"]].append({"id": doc["id"], "sentences": doc["sentences"]})
        for e in doc["entities"]:
            if e["key"]:
                names[e["key"]] = (e["entity_name"] or e["key"], e["label_name"])
                s, t = e["start"], doc["text"]
                mentions[e["key"]].append({"doc": doc["id"], "text": e["text"], "before": t[max(0, s - CONTEXT):s].split("\n")[-1],
                                           "after": t[e["end"]:e["end"] + CONTEXT].split("\n")[0]})
    report.documents = len(summaries)

    alignments, discrepancies = defaultdict(list), defaultdict(list)
    for row in _rows(release, manifest, "alignments"):
        alignments[row["story_id"]].append(row)
    for row in _rows(release, manifest, "discrepancies"):
        discrepancies[row["story_id"]].append(row)
    for story_id, docs in sorted(stories.items()):
        partners: dict[str, list[str]] = defaultdict(list)
        for a in alignments[story_id]:
            src, tgt = f"{a['source_document']}:{a['source_sentence']}", f"{a['target_document']}:{a['target_sentence']}"
            partners[src].append(tgt)
            partners[tgt].append(src)
        page = env.get_template("story.html.j2").render(**common, story_id=story_id, docs=sorted(docs, key=lambda d: d["id"]),
                                                        partners=partners, alignments=alignments[story_id],
                                                        discrepancies=discrepancies[story_id])
        atomic_write_text(out / "story" / f"{story_id}.html", page)
        report.pages += 1
    report.stories = len(stories)

    for key, found in sorted(mentions.items()):
        name, label = names[key]
        atomic_write_text(out / "entity" / f"{key}.html", env.get_template("entity.html.j2").render(
            **common, key=key, name=name, label=label, mentions=found))
        report.pages += 1
    report.entities = len(mentions)
    entity_rows = [{"key": k, "name": names[k][0], "label": names[k][1], "mentions": len(v),
                    "documents": len({m["doc"] for m in v})} for k, v in sorted(mentions.items())]
    for template, rows, stem in (("index.html.j2", summaries, "index"), ("entities.html.j2", entity_rows, "entities")):
        pages = _pages(len(rows), stem)
        for number, name in enumerate(pages):
            atomic_write_text(out / name, env.get_template(template).render(
                **common, rows=rows[number * PAGE_SIZE:(number + 1) * PAGE_SIZE], page=number, pages=pages,
                stories=sorted(stories), totals={"documents": len(summaries), "entities": len(mentions)}))
            report.pages += 1
    return report




def build_browse(release: Path, out: Path, manifest: dict[str, Any]) -> SiteReport:
    """Build the site in a temporary directory beside ``out`` and swap it into place when complete."""
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        report = build_site(release, temp, manifest)
        if out.exists():
            old = out.with_name(f".{out.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            temp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            temp.rename(out)
        report.out = out
        return report
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def make_server(directory: Path, port: int = 8000):
    """An HTTP server for ``directory`` bound to the loopback interface only."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(directory: Path, port: int = 8000) -> None:
    """Serve ``directory`` on localhost until interrupted."""
    with make_server(directory, port) as server:
        print(f"browse: serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
        server.serve_forever()
