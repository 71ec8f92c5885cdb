"""The ``newscorpus`` command: one subcommand per stage. It parses, calls the library, and prints.

Exit codes: 0 success, 1 the data is bad (each problem printed, located), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__, progress
from .errors import NewscorpusError, Problems
from .layout import CorpusLayout, find_root
from .raw import DEFAULT_MAX_BYTES, check_raw, load_sources, read_text


def _layout(args: argparse.Namespace) -> CorpusLayout:
    return CorpusLayout(Path(args.root).resolve()) if args.root else find_root()


def _out(text: str) -> None:
    """Write UTF-8 to stdout whatever the locale says."""
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _fail_on(problems: list[NewscorpusError]) -> None:
    if problems:
        raise Problems.of(problems)


# --- subcommands ----------------------------------------------------------------------------


def cmd_raw(args: argparse.Namespace) -> int:
    layout = _layout(args)
    _fail_on(check_raw(layout))
    sources = load_sources(layout)
    stories = len({s.story_id for s in sources})
    print(f"raw: {len(sources)} documents match their sha256 in {layout.relative(layout.sources_file)} ({stories} {'story' if stories == 1 else 'stories'})")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
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
            if args.json:
                _out(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                _out(result.text)
        return 0
    if args.json:
        raise NewscorpusError("--json needs FILE arguments", rule="usage")
    layout = _layout(args)
    if args.check:
        _fail_on(check_clean(layout))
        print(f"clean: every file in {layout.relative(layout.clean_dir)}/ matches a fresh run")
        return 0
    print(clean_corpus(layout).summary(layout))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Every stage in order; today: check the raw corpus, then clean it."""
    from .clean.store import clean_corpus

    layout = _layout(args)
    cmd_raw(args)
    print(clean_corpus(layout).summary(layout))
    print(f"build: done; outputs are in {layout.relative(layout.corpus)}/ (clean texts and change records in clean/)")
    return 0


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscorpus",
        description="Build, check and publish the newscorpus dataset. Data flows raw -> clean -> (attach, validate, publish).",
    )
    parser.add_argument("--version", action="version", version=f"newscorpus {__version__}")
    parser.add_argument("--root", help="the checkout to work on (default: found from the current directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", help="run every stage end to end (today: raw check, clean)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("raw", help="check the raw texts against their recorded sha256 in corpus/sources.json")
    p.set_defaults(func=cmd_raw)

    p = sub.add_parser(
        "clean",
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress.QUIET = args.quiet
    try:
        return args.func(args)
    except NewscorpusError as exc:
        print(f"error: {exc}" if not isinstance(exc, Problems) else str(exc), file=sys.stderr)
        return 2 if exc.rule == "usage" else 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("NEWSCORPUS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set NEWSCORPUS_DEBUG=1 for the traceback)", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
