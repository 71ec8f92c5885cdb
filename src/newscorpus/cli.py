"""The ``newscorpus`` command: one subcommand per stage. It parses, calls the library, and prints.

Exit codes: 0 success, 1 the data is bad (each problem printed, located), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, progress
from .errors import NewscorpusError, Problems, UsageError, environment_problem
from .layout import CorpusLayout, find_root, open_root
from .raw import DEFAULT_MAX_BYTES, read_text


def _layout(args: argparse.Namespace) -> CorpusLayout:
    return open_root(Path(args.root)) if args.root else find_root()


def _engine(args: argparse.Namespace):
    from .engine import make_engine

    return make_engine(getattr(args, "workers", 1), getattr(args, "engine", "local"), getattr(args, "scheduler", None))


def _cache(args: argparse.Namespace, layout: CorpusLayout):
    from .cache import Cache, disabled_by_env

    return Cache(layout.root, enabled=not (getattr(args, "no_cache", False) or disabled_by_env()))


def _writes(args: argparse.Namespace) -> bool:
    """Does this command write to the checkout (and so take its lock)?"""
    if args.command in ("build", "attach", "publish", "annotate"):
        return True
    if args.command == "import":
        return not args.check
    if args.command == "clean":
        return not (args.files or args.check or args.list_rules)
    return args.command == "raw" and getattr(args, "action", None) == "add"


def _out(text: str) -> None:
    """Write UTF-8 to stdout whatever the locale says; a file name that is not UTF-8 (its bytes
    held as lone surrogates) is written as a \\udcXX escape, valid in JSON strings too."""
    sys.stdout.buffer.write(text.encode("utf-8", errors="backslashreplace"))
    sys.stdout.flush()


def _fail_on(problems: list[NewscorpusError]) -> None:
    if problems:
        raise Problems.of(problems)


def _check_options(args: argparse.Namespace) -> None:
    """Values argparse accepts but the command cannot: refused, never silently ignored."""
    workers = getattr(args, "workers", 1)
    if workers < 1:
        raise UsageError(f"--workers must be at least 1 (got {workers})")
    for name in ("max_bytes",):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be a positive number of bytes (got {value})")
    if args.command == "clean" and args.files and args.check:
        raise UsageError("--check checks corpus/clean/ and takes no FILE; run `newscorpus clean --check` alone")
    if args.command == "clean" and args.files and args.list_rules:
        raise UsageError("--list-rules takes no FILE")


# --- subcommands ----------------------------------------------------------------------------


def cmd_raw(args: argparse.Namespace) -> int:
    from .pipeline import raw_check

    print(raw_check(_layout(args)))
    return 0


def cmd_raw_add(args: argparse.Namespace) -> int:
    from .raw import AlreadyRecorded, add_raw

    layout = _layout(args)
    try:
        source = add_raw(layout, Path(args.file), story_id=args.story_id, language=args.language, doc_id=args.id,
                         event_date=args.event_date, event=args.event or "")
    except AlreadyRecorded as done:
        print(f"raw: {done.message}")
        return 0
    print(f"raw: added {source.id} ({source.size_bytes} bytes, story {source.story_id}) to {layout.relative(layout.raw_dir)}/ and sources.json")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    import orjson

    from .clean import Cleaner
    from .clean.store import check_clean, clean_corpus

    if args.list_rules:
        from .clean.cleaner import rules_markdown

        _out(rules_markdown())
        return 0
    if args.files:
        cleaner = Cleaner()
        for file in args.files:
            result = cleaner.clean(read_text(Path(file), max_bytes=args.max_bytes))
            if args.json:  # orjson: a record of millions of edits is written at C speed
                sys.stdout.buffer.write(orjson.dumps(result.to_dict()) + b"\n")
            else:
                _out(result.text)
        return 0
    if args.json:
        raise UsageError("--json needs FILE arguments")
    layout = _layout(args)
    if args.check:
        _fail_on(check_clean(layout))
        print(f"clean: every file in {layout.relative(layout.clean_dir)}/ matches a fresh run")
        return 0
    with _engine(args) as engine, _cache(args, layout) as cache:
        print(clean_corpus(layout, engine=engine, cache=cache).summary(layout))
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from .annotations.attach import attach_annotations

    layout = _layout(args)
    with _engine(args) as engine, _cache(args, layout) as cache:
        report = attach_annotations(layout, engine=engine, cache=cache)
    print(report.summary())
    if args.verbose:
        for line in report.moves:
            print("  " + line)
    return 0


def _validate_layout(args: argparse.Namespace) -> CorpusLayout | None:
    if args.root:
        return open_root(Path(args.root))
    start = Path(args.paths[0]).resolve().parent if args.paths else None
    try:
        return find_root(start)
    except NewscorpusError:
        if not args.paths:
            raise
        return None  # files outside any corpus: levels 1 and 2 only


def _byte_limit(text: str) -> int:
    """--max-bytes: a positive number of bytes (0 would refuse every file, a negative limit means nothing)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of bytes, not {text!r}")
    return value


def cmd_validate(args: argparse.Namespace) -> int:
    if args.list_rules:
        from .validate.rules import rules_json, rules_markdown

        _out(rules_json() if args.format == "json" else rules_markdown())
        return 0
    if args.max_bytes is not None:
        os.environ["NEWSCORPUS_MAX_JSON_BYTES"] = str(args.max_bytes)  # workers inherit it
    from .incident import render_json
    from .validate import validate_paths

    layout = _validate_layout(args)
    if layout is None:
        report = validate_paths([Path(p) for p in args.paths], layout)
    else:
        with _engine(args) as engine, _cache(args, layout) as cache:
            report = validate_paths([Path(p) for p in args.paths], layout, engine=engine, cache=cache)
    if args.format == "json":
        counts = {f"{layer}:{status}": n for (layer, status), n in sorted(report.status_counts.items())}
        _out(render_json(report.incidents, files=report.files, valid=report.ok, status_counts=counts) + "\n")
    else:
        for incident in report.incidents:
            print(incident.render())
        note = "" if layout is not None else " (outside a corpus: levels 1-2 only)"
        print(report.summary() + note, file=sys.stderr if report.incidents else sys.stdout)
    return 0 if report.ok else 1


def cmd_lint(args: argparse.Namespace) -> int:
    from .validate.lint import lint_corpus

    report = lint_corpus(_layout(args))
    for finding in report.findings:
        print(finding.render())
    print(report.summary())
    return 1 if any(f.severity == "error" for f in report.findings) else 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotations.init import init_annotations

    layout = _layout(args)
    path = init_annotations(layout, args.id, with_entities=args.entities, force=args.force)
    print(f"annotate: wrote {layout.relative(path)} (silver sentences and headings"
          + (", silver entities" if args.entities else "") + "); review each layer, then mark it gold")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from .publish.publisher import build_scratch, publish

    layout = _layout(args)
    with _engine(args) as engine, _cache(args, layout) as cache:
        if args.out:
            out = build_scratch(layout, args.version, Path(args.out), engine=engine, cache=cache)
            print(f"publish: built {args.version} into {out}/ (a scratch copy: nothing published)")
            return 0
        result = publish(layout, args.version, engine=engine, cache=cache)
    print(result.summary(layout))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .publish import verify_all

    layout = _layout(args)
    count, problems = verify_all(layout, args.version)
    _fail_on(problems)
    print(f"verify: {count} {'release matches its manifest' if count == 1 else 'releases match their manifests'}")
    return 0


def cmd_browse(args: argparse.Namespace) -> int:
    from .browse.site import browse_release, serve

    layout = _layout(args)
    report = browse_release(layout, args.version, Path(args.out) if args.out else None)
    print(f"browse: {report.documents} documents, {report.stories} stories, {report.entities} entities -> {report.out / 'index.html'}")
    if args.serve:
        serve(report.out, args.port)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .exchange import export_documents

    layout = _layout(args)
    written = export_documents(layout, args.format, args.ids, Path(args.out))
    print(f"export: {len(written)} {args.format} files in {args.out}/ ({', '.join(written[:4])}{', ...' if len(written) > 4 else ''})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .exchange import import_files
    from .review import import_changes

    layout = _layout(args)
    result = import_files(layout, args.format, [Path(p) for p in args.paths], annotator=args.annotator, write=not args.check)
    for note in result.notes:
        print(f"note: {note}")
    changes = import_changes(result.documents, result.stories)
    for change in changes:
        _out(change.render() + "\n")
    verb = "would write" if args.check else "wrote"
    print(f"import: {len(result.documents)} documents valid (levels 1-3); {len(changes)} changes; "
          + (f"{verb} {', '.join(result.written)}" if result.written else ("nothing written (--check)" if args.check else "no file changed")))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .review import compare, corpus_changes, render_markdown, render_text

    try:
        root = _layout(args).root
    except NewscorpusError:
        root = None  # two directories need no checkout
    versions = compare(root, args.base, args.head)
    changes = corpus_changes(versions.base.documents, versions.head.documents, versions.base.stories, versions.head.stories)
    _out(render_markdown(changes, versions.title) if args.format == "markdown" else render_text(changes))
    for line in versions.unreadable():
        print(line, file=sys.stderr)
    return 1 if versions.unreadable() else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Every stage in order (pipeline.build): raw check, clean, attach, validate, release check."""
    from .pipeline import build

    layout = _layout(args)
    with _cache(args, layout) as cache:
        result = build(layout, cache, lambda: _engine(args))
    return 0 if result.ok else 1


# --- parser ---------------------------------------------------------------------------------


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535)")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscorpus",
        description="Build, check and publish the newscorpus dataset. Data flows raw -> clean -> (attach, validate, publish).",
    )
    parser.add_argument("--version", action="version", version=f"newscorpus {__version__}")
    parser.add_argument("--root", help="the checkout to work on (default: found from the current directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    scale = argparse.ArgumentParser(add_help=False)
    group = scale.add_argument_group("scale")
    group.add_argument("--workers", type=int, default=1, help="worker processes for the heavy work (default 1; output is identical)")
    group.add_argument("--engine", choices=("local", "dask"), default="local", help="local processes, or a Dask cluster")
    group.add_argument("--scheduler", help="address of a Dask scheduler (default with --engine dask: a local cluster of --workers)")
    group.add_argument("--no-cache", action="store_true", help="recompute everything (the cache is .cache/newscorpus/)")

    p = sub.add_parser("build", parents=[scale], help="run every stage end to end: raw check, clean, attach, validate, release check")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("raw", help="check the raw texts against corpus/sources.json (raw add FILE: receive a new text)")
    p.set_defaults(func=cmd_raw)
    raw_sub = p.add_subparsers(dest="action", metavar="ACTION")
    q = raw_sub.add_parser("add", help="copy a new raw text into corpus/raw/ and record it")
    q.add_argument("file")
    q.add_argument("--story-id", required=True, help="the story (event) the text reports")
    q.add_argument("--id", help="document id (default: the file stem)")
    q.add_argument("--language", default="en")
    q.add_argument("--event-date", help="the event's date, YYYY-MM-DD, if inferred from the text")
    q.add_argument("--event", help="one line describing the event")
    q.set_defaults(func=cmd_raw_add)

    p = sub.add_parser(
        "clean", parents=[scale],
        help="clean the corpus into corpus/clean/, or clean FILEs given by path",
        description="Without FILE: clean every corpus document into corpus/clean/<id>.txt and <id>.json. "
        "With FILE: clean that file (in or outside the corpus) and print the clean text, or with --json "
        'one JSON object per file: {"text", "removed", "headings"}.',
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="text files to clean instead of the corpus")
    p.add_argument("--json", action="store_true", help="print the result as JSON (one object per FILE)")
    p.add_argument("--check", action="store_true", help="write nothing; fail if a fresh run would change corpus/clean/")
    p.add_argument("--list-rules", action="store_true", help="print the cleaning rules as Markdown tables")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse inputs larger than this (default: %(default)s)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser(
        "attach", parents=[scale],
        help="join the annotations to the current clean texts, re-anchoring spans when a text changed",
        description="Re-anchor every span of every annotation file whose clean text changed; write only if "
        "every span is placed unambiguously, else list each span that is not and change nothing.",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="list every span that moved")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser(
        "validate", parents=[scale],
        help="validate annotation files: L1 JSON, L2 JSON Schema, L3 semantics",
        description="Exit 0 when valid, 1 when invalid, 2 on a usage error. Each incident: "
        "FILE:LINE:COL: L<level> <rule-id> <message> (at <JSON pointer>).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: corpus/annotations/)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--max-bytes", type=_byte_limit, help="refuse annotation files larger than this many bytes (default 16 MiB)")
    p.add_argument("--list-rules", action="store_true", help="print every rule id with its level and meaning (Markdown, or JSON with --format json)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("lint", help="report annotation consistency findings not justified in schema/GUIDELINES.md")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser(
        "publish", parents=[scale],
        help="publish release X.Y.Z to corpus/releases/ (immutable; identical re-publishing is a no-op)",
        description="Build every config through datasets into corpus/releases/X.Y.Z/, with a manifest and card; "
        "refuse to rewrite a published version, to go backwards, or to move stories or drop fields without a "
        "new major version. With --out, build into a scratch directory instead and publish nothing.",
    )
    p.add_argument("--version", required=True, help="semantic version X.Y.Z")
    p.add_argument("--out", help="build into this new directory instead (a scratch copy)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("verify", help="check releases against their manifests (sha256, size, rows, extra files)")
    p.add_argument("--version", help="only this release")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("browse", help="generate the static browse site of a release (open index.html, or --serve)")
    p.add_argument("--version", help="the release (default: the newest)")
    p.add_argument("--out", help="output directory (default: build/browse/<version>)")
    p.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 after building it")
    p.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 for --serve (0: any free port; default 8000)")
    p.set_defaults(func=cmd_browse)

    formats = ("label-studio", "inception", "brat")
    p = sub.add_parser(
        "export", help="export documents for an annotation tool (Label Studio, INCEpTION, brat)",
        description="Write the tool's files for the documents ID (default: all) into DIR, a new or empty directory: "
        "label-studio: tasks.json and labeling-config.xml; inception: <id>.xmi and TypeSystem.xml; "
        "brat: <id>.txt, <id>.ann, annotation.conf, visual.conf.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="document ids (default: every annotated document)")
    p.add_argument("--format", required=True, choices=formats)
    p.add_argument("--out", required=True, metavar="DIR", help="a new or empty directory")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import", help="import annotations edited in a tool: checked, validated (levels 1-3), all or nothing",
        description="Read the tool's files (or directories of them), check every text and span against the corpus, "
        "validate the new annotation files, and write them only if every one is valid; print what changed. "
        "Exit 1 with every problem located (file, line or item, rule id) and nothing written otherwise.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories exported by the tool")
    p.add_argument("--format", required=True, choices=formats)
    p.add_argument("--annotator", help="who annotated: marks a layer that had status 'none' gold with this human id")
    p.add_argument("--check", action="store_true", help="check and report the changes, write nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "diff", help="annotation-level changes between two versions (git revisions or directories)",
        description="Compare the annotation files of BASE and HEAD: entities added, removed, relabelled, re-keyed or moved; "
        "quotes whose speaker, cue or kind changed; sentences; alignments, discrepancies and inventory entries; layer "
        "statuses. BASE and HEAD are git revisions or directories (a checkout or an annotations directory); BASE defaults "
        "to the merge base with main, HEAD to the working tree.",
    )
    p.add_argument("base", nargs="?", metavar="BASE")
    p.add_argument("head", nargs="?", metavar="HEAD")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("annotate", help="start annotating a new document (annotate init ID)")
    annotate = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = annotate.add_parser("init", help="create corpus/annotations/ID.json with silver sentences and headings")
    q.add_argument("id", help="document id (a file stem of corpus/raw/)")
    q.add_argument("--entities", action="store_true", help="also pre-annotate silver entities from the inventory's aliases")
    q.add_argument("--force", action="store_true", help="overwrite an existing annotation file")
    q.set_defaults(func=cmd_annotate)
    return parser


def _report(exc: NewscorpusError) -> int:
    plain = isinstance(exc, Problems) or exc.rule in ("attach.failed", "import.refused")
    print(str(exc) if plain else f"error: {exc}", file=sys.stderr)
    return exc.exit_code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress.QUIET = args.quiet
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints as \udcXX, never crashes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        _check_options(args)
        if _writes(args):
            from .lock import CorpusLock

            with CorpusLock(_layout(args)):
                return args.func(args)
        return args.func(args)
    except NewscorpusError as exc:
        return _report(exc)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the machine, not the data: read-only, full, no permission (exit 2)
        return _report(environment_problem(exc))
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("NEWSCORPUS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set NEWSCORPUS_DEBUG=1 for the traceback)", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
