"""The whole build: every stage in order, each printing its line as it ends.

The raw check and clean, and the build as a whole, are answered from the files' stats when
nothing they read changed since they last ran (build_memo); attach, validate and the release
check always run (on the stage runner, so what is cached is answered by the cache).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable

from . import build_memo
from .cache import Cache
from .errors import Problems
from .layout import CorpusLayout
from .raw import check_raw, load_sources

# build_memo parts: sources.json and splits.json, the raw texts, and every link under corpus/ (the
# raw check refuses a link anywhere in it that leaves the checkout) ...
RAW_CHECK_READS = (build_memo.CORPUS, build_memo.part("raw"), build_memo.LINKS)
# ... and the clean outputs clean compares and reports
CLEAN_READS = (*RAW_CHECK_READS, build_memo.part("clean"))


def raw_check(layout: CorpusLayout, cache: Cache | None = None) -> str:
    """The raw check's line, or every problem it found."""
    problems = check_raw(layout, cache)
    if problems:
        raise Problems.of(problems)
    sources = load_sources(layout)
    stories = len({s.story_id for s in sources})
    return (f"raw: {len(sources)} documents match their sha256 in {layout.relative(layout.sources_file)} "
            f"({stories} {'story' if stories == 1 else 'stories'})")


@dataclass
class BuildResult:
    ok: bool = True
    out: list[str] = field(default_factory=list)  # every line printed to stdout, for the memo
    err: list[str] = field(default_factory=list)  # ... and to stderr


def build(layout: CorpusLayout, cache: Cache, engine_factory: Callable) -> BuildResult:
    """Run the build, printing as it goes; answered whole when the checkout is as a build left it."""
    before = build_memo.checkout_state(layout) if cache.enabled else None
    whole = before.view() if before else None
    outputs = f"outputs are in {layout.relative(layout.corpus)}/"
    recalled = build_memo.recall(cache, "build", whole) if whole else None
    if recalled is not None:
        for line in recalled["err"]:
            print(line, file=sys.stderr)
        print("\n".join(recalled["out"]))
        print(f"build: done; nothing changed since the last build ({whole.files:,} files unchanged by their stat); {outputs}")
        return BuildResult(True, recalled["out"], recalled["err"])
    result = BuildResult()
    with engine_factory() as engine:
        result.ok = _stages(layout, cache, engine, before, result)
    if not result.ok:
        return result
    if whole is not None and not whole.racy:  # a racy view is never recorded: spare the second walk
        build_memo.remember(cache, "build", whole, build_memo.checkout_state(layout).view(), {"out": result.out, "err": result.err})
    print(f"build: done; {outputs} (clean/ texts and change records, annotations/ attached and valid, "
          "releases/ published versions)")
    return result


def _stages(layout: CorpusLayout, cache: Cache, engine, before, result: BuildResult) -> bool:
    from .annotations.attach import attach_annotations
    from .clean.store import clean_corpus
    from .publish.check import release_check
    from .validate import validate_paths

    def say(line: str, lines: list[str] = result.out, stream=sys.stdout) -> None:
        print(line, file=stream, flush=True)
        lines.append(line)

    def memoised(stage: str, reads: tuple[str, ...], run: Callable[[], str]) -> None:
        view = before.view(*reads) if before else None
        line = build_memo.recall(cache, stage, view) if view else None
        if line is not None:
            say(f"{line} (nothing it reads changed since it last ran)")
            return
        line = run()
        if view is not None and not view.racy:
            build_memo.remember(cache, stage, view, build_memo.checkout_state(layout, reads).view(*reads), line)
        say(line)

    memoised("raw-check", RAW_CHECK_READS, lambda: raw_check(layout, cache))
    memoised("clean", CLEAN_READS, lambda: clean_corpus(layout, engine=engine, cache=cache, raw_checked=True).summary(layout))
    say(attach_annotations(layout, engine=engine, cache=cache).summary())
    report = validate_paths(None, layout, engine=engine, cache=cache)
    for incident in report.incidents:
        say(incident.render(), result.err, sys.stderr)
    say(report.summary())
    if not report.ok:
        return False
    say("\n".join(release_check(layout, engine=engine, cache=cache)))
    return True
