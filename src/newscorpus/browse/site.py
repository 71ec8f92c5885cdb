"""The browse site: static HTML pages generated from one published release.

Pages: a paged index of documents (with the release's version and checksums), one page per
document (annotations highlighted in place, removed noise struck through, filters), one page
per story (reports side by side, aligned sentences linked, discrepancies listed), and one page
per canonical entity (every mention across the reports), plus a paged entity index. Everything
is rendered through Jinja2 with autoescaping; no page needs a server.
"""

from __future__ import annotations

import os
import shutil
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..errors import EnvironmentProblem, Location, NewscorpusError, UsageError
from ..model import ENTITY_LABELS
from ..fsutil import atomic_write_text
from ..layout import CorpusLayout
from ..progress import progress
from ..publish.catalogue import Catalogue
from ..publish.features import FEATURES
from ..publish.reader import Release, open_release
from ..publish.verify import verify_published
from .output import check_out, page_path, swap_into_place, temporary_site, write_marker
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
    files: list[str] = field(default_factory=list)  # relative paths written

    def write(self, path: Path, text: str) -> None:
        atomic_write_text(path, text)
        self.files.append(path.relative_to(self.out).as_posix())


def _env() -> Environment:
    env = Environment(loader=PackageLoader("newscorpus.browse", "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["entity_labels"] = ENTITY_LABELS
    return env


def _rows(release: Release, config: str) -> Iterator[dict[str, Any]]:
    """Rows of a config, split after split, one record batch at a time; the config must have the
    features this version of the site renders."""
    features = release.features_of(config)
    if features is not None and features != FEATURES[config].to_dict():
        raise NewscorpusError(f"config {config!r} of release {release.version} has other features than this version of "
                              "newscorpus renders", rule="browse.features", location=Location(str(release.path / config)))
    for split, row in release.split_rows(config, batch_size=256):
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
    # each insert belongs to exactly one line: the one whose [start, end] holds it (end is the
    # line's newline, or the end of the text), found by bisection, not by a scan per line
    points = sorted(inserts)
    blocks, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        here = {p: inserts[p] for p in points[bisect_left(points, start):bisect_right(points, end)]}
        if line.strip() or here:
            tag = "h3" if (start, end) in headings else "p"
            blocks.append(Markup(f'<{tag} class="{"heading" if tag == "h3" else "para"}">') + render_line(line, start, marks, here) + Markup(f"</{tag}>"))
        start = end + 1
    return Markup("\n").join(blocks)


def build_site(release: Release, out: Path) -> SiteReport:
    """Write the site of the (verified) ``release`` into the directory ``out``.

    Page names come from the release's ids; each is checked to stay in its directory."""
    env = _env()
    report = SiteReport(out)
    manifest = release.manifest
    for sub in ("doc", "story", "entity", "static"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    static = Path(__file__).with_name("static")
    for asset in sorted(static.iterdir()):
        shutil.copyfile(asset, out / "static" / asset.name)
        report.files.append(f"static/{asset.name}")
    common = {"version": manifest["version"], "manifest": manifest}
    where = {config: str(release.path / config) for config in ("documents", "alignments", "discrepancies")}

    summaries, stories = [], defaultdict(list)
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    for doc in progress(_rows(release, "documents"), desc="browse", unit="doc"):
        path = page_path(out / "doc", doc["id"], "document id", where["documents"])
        page_path(out / "story", doc["story_id"], f"story id of document {doc['id']}", where["documents"])
        for e in doc["entities"]:
            if e["key"] is not None:
                page_path(out / "entity", e["key"], f"entity key in document {doc['id']}", where["documents"])
        page = env.get_template("document.html.j2").render(
            **common, doc=doc, body=document_html(doc),
            labels=sorted({e["label_name"] for e in doc["entities"]}, key=ENTITY_LABELS.index),
            keys=sorted({(e["key"], e["entity_name"]) for e in doc["entities"] if e["key"]}))
        report.write(path, page)
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
    for row in _rows(release, "alignments"):
        alignments[row["story_id"]].append(row)
    for row in _rows(release, "discrepancies"):
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
        report.write(page_path(out / "story", story_id, "story id", where["documents"]), page)
        report.pages += 1
    report.stories = len(stories)

    for key, found in sorted(mentions.items()):
        name, label = names[key]
        report.write(page_path(out / "entity", key, "entity key", where["documents"]), env.get_template("entity.html.j2").render(
            **common, key=key, name=name, label=label, mentions=found))
        report.pages += 1
    report.entities = len(mentions)
    entity_rows = [{"key": k, "name": names[k][0], "label": names[k][1], "mentions": len(v),
                    "documents": len({m["doc"] for m in v})} for k, v in sorted(mentions.items())]
    for template, rows, stem in (("index.html.j2", summaries, "index"), ("entities.html.j2", entity_rows, "entities")):
        pages = _pages(len(rows), stem)
        for number, name in enumerate(pages):
            report.write(out / name, env.get_template(template).render(
                **common, rows=rows[number * PAGE_SIZE:(number + 1) * PAGE_SIZE], page=number, pages=pages,
                stories=sorted(stories), totals={"documents": len(summaries), "entities": len(mentions)}))
            report.pages += 1
    return report


def build_browse(release: Release, out: Path) -> SiteReport:
    """Build the site of ``release`` beside ``out`` and swap it into place when complete; refuse
    an ``out`` that is not new, empty or a site browse wrote (see :mod:`.output`)."""
    out = Path(os.path.abspath(out))
    state = check_out(out)
    temp = temporary_site(out, release.version)
    try:
        report = build_site(release, temp)
        write_marker(temp, report.files, release.version)
        swap_into_place(temp, out, state)
        report.out = out
        return report
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def browse_release(layout: CorpusLayout, version: str | None, out: Path | None) -> SiteReport:
    """The site of release ``version`` (default: the newest), verified first, into ``out``
    (default: ``build/browse/<version>``), which must lie outside the corpus. Every release on
    disk must verify first: one that does not (a newest release symlinked away, say) would
    otherwise leave an older one to be rendered as the newest."""
    verify_published(layout)
    entry = Catalogue(layout).select(version, rule="browse.no-release")
    target = Path(os.path.abspath(out)) if out is not None else layout.root / "build" / "browse" / entry.name
    corpus = os.path.realpath(layout.corpus)
    real = os.path.realpath(target)
    if real == corpus or real.startswith(corpus + os.sep):
        raise UsageError(f"--out is inside {layout.relative(layout.corpus)}/; a site goes elsewhere (the default is "
                         f"build/browse/{entry.name})", rule="browse.out-foreign", location=Location(str(target)))
    check_out(target)  # refuse before the work, and again before the swap
    return build_browse(open_release(entry.path, layout), target)


def make_server(directory: Path, port: int = 8000):
    """An HTTP server for ``directory`` bound to the loopback interface only."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except (OSError, OverflowError) as exc:
        raise EnvironmentProblem(f"cannot listen on 127.0.0.1:{port}: {getattr(exc, 'strerror', None) or exc}", rule="browse.serve",
                                 location=Location(str(directory))) from None


def serve(directory: Path, port: int = 8000) -> None:
    """Serve ``directory`` on localhost until interrupted."""
    with make_server(directory, port) as server:
        print(f"browse: serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
        server.serve_forever()
