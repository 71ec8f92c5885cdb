"""One stage runner: every stage's per-item work, its cache, batching, engine and progress.

A stage (clean, attach, validate, the rows of a release) is a small object with one job. It
lists its *tasks*; each task declares what its result depends on: the files it reads
(``inputs``) and any other key parts (``params``: a sources entry, an option). The stage itself
adds what all its tasks share (``key_parts``: schema digests, options). The runner, not the
stage, turns those into a cache key (with the code fingerprint, see :mod:`.cache`), answers what
it can from the cache, runs the rest in batches on the engine (this process, local processes,
a Dask cluster) and yields every result in task order, counting as it goes.

A stage cannot forget a key input: its work function gets the declared files through
:class:`DeclaredFiles` and cannot read any other one (:class:`UndeclaredInput` is raised; the
tests run every stage under an audit hook that checks it opens nothing else). A result may name
the files it wrote (``outputs``: path -> sha256); a cached answer is used only while those files
are still exactly what the result says, so a deleted or edited output is made again.

As in datatrove, the stage (what to compute) is apart from the executor (where it runs): the
same stage runs on any engine, and its results never depend on batch sizes or worker counts.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from .cache import Cache, canonical_json, loads, make_key
from .engine import Engine
from .progress import progress

WINDOW = 4096  # tasks whose keys are looked up at once: bounds memory whatever the corpus size


@dataclass(frozen=True)
class Task:
    """One unit of a stage's work."""

    id: str
    inputs: tuple[str, ...] = ()  # every file the work reads, and so every file its result depends on
    params: Any = None  # other key inputs, JSON-serialisable
    outputs: tuple[str, ...] = ()  # files the work writes (it may read them back, to write only what differs)
    group: str | None = None  # tasks of one group go in one batch (a story after its documents: it reuses their work)


class UndeclaredInput(RuntimeError):
    """A stage read a file its task did not declare: a bug in the stage (its cached results
    would not notice a change of that file)."""


class DeclaredFiles:
    """The files a task declared, and only those (its outputs too, read back to compare).

    While a task runs, every file opened for reading under the stage's guarded directory (the
    corpus) must be one of them: an audit hook (PEP 578) sees each ``open`` in the process and
    refuses any other, so a stage cannot read what its cache key does not cover."""

    def __init__(self, declared: Iterable[str], outputs: Iterable[str] = (), guarded: str | None = None):
        self._declared = frozenset(os.path.abspath(p) for p in (*declared, *outputs))
        self.guarded = os.path.abspath(guarded) + os.sep if guarded else None

    def allows(self, path: str | Path) -> bool:
        return os.path.abspath(path) in self._declared

    def _check(self, path: str | Path) -> Path:
        if not self.allows(path):
            raise UndeclaredInput(f"{path} was read but not declared as an input of its task")
        return Path(path)

    def read_bytes(self, path: str | Path) -> bytes:
        return self._check(path).read_bytes()

    def read_text(self, path: str | Path) -> str:
        return self._check(path).read_bytes().decode("utf-8")

    def is_file(self, path: str | Path) -> bool:
        return self._check(path).is_file()

    def exists(self, path: str | Path) -> bool:
        return self._check(path).exists()


_ACTIVE: list[DeclaredFiles] = []  # the declaration of the task running now, in this process
_HOOKED = False


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _ACTIVE:
        return
    declared = _ACTIVE[-1]
    if declared.guarded is None:
        return
    path, mode, flags = (tuple(args) + (None, None, None))[:3]
    if isinstance(path, int) or path is None:
        return  # an open file descriptor, not a path
    reading = (mode[:1] == "r" and "+" not in mode) if isinstance(mode, str) else \
        (isinstance(flags, int) and flags & os.O_ACCMODE == os.O_RDONLY)
    if not reading:
        return
    name = os.path.abspath(os.fsdecode(path))
    if name.startswith(declared.guarded) and not declared.allows(name):
        raise UndeclaredInput(f"{name} was opened but not declared as an input of its task")


def require_declared(path: str | Path) -> None:
    """For a stage's own in-memory caches (a file parsed for one task, asked for by the next):
    the running task must have declared ``path`` too, as if it opened it."""
    if _ACTIVE:
        declared = _ACTIVE[-1]
        name = os.path.abspath(path)
        if declared.guarded is not None and name.startswith(declared.guarded) and not declared.allows(name):
            raise UndeclaredInput(f"{name} was used but not declared as an input of its task")


def _guard(declared: DeclaredFiles):
    """Make ``declared`` the active declaration (installing the audit hook once per process)."""
    global _HOOKED
    if not _HOOKED:
        import sys

        sys.addaudithook(_audit)
        _HOOKED = True
    _ACTIVE.append(declared)


class Stage:
    """What a stage is to the runner. Subclasses are plain, picklable objects (they travel to
    the workers), set ``name``, and implement :meth:`tasks` and :meth:`run`."""

    name = "stage"
    batch_size = 64

    def __getstate__(self) -> dict:
        """What travels to a worker: the stage's fields, not what :meth:`prepare` set up (``_`` names)."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def key_parts(self) -> Any:
        """Key inputs every task of this stage shares (schema digests, options); the code
        fingerprint is always added by :func:`~newscorpus.cache.make_key`."""
        return None

    def tasks(self) -> Iterable[Task]:
        raise NotImplementedError

    def run(self, task: Task, files: DeclaredFiles) -> dict[str, Any]:
        """The result of one task: JSON-serialisable data; ``outputs`` (path -> sha256), if present,
        names files the task wrote."""
        raise NotImplementedError

    def cacheable(self, result: dict[str, Any]) -> bool:
        return True

    def prepare(self) -> None:
        """Set up what every task of a batch shares (runs in the worker, before the tasks, unguarded:
        what it reads must reach each task's key through its ``params``)."""

    def encode(self, result: Any) -> bytes:
        """A result as the cache keeps it (JSON; a stage with bytes results packs them itself)."""
        return canonical_json(result)

    def decode(self, blob: bytes) -> Any:
        return loads(blob)

    def guarded_dir(self) -> str | None:
        """The directory under which a task may read only what it declared (the corpus)."""
        root = getattr(self, "root", None)
        return os.path.join(root, "corpus") if root else None


@dataclass
class StageStats:
    """What one run of a stage did: its own statistics, as each datatrove step keeps them."""

    stage: str
    tasks: int = 0
    cached: int = 0
    computed: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.stage}: {self.tasks} tasks, {self.cached} from the cache, {self.computed} computed, {self.seconds:.2f} s"


@dataclass
class Outcome:
    task: Task
    result: dict[str, Any]
    cached: bool


def _key(stage: Stage, shared: Any, task: Task, digests: dict[str, str]) -> str:
    """Everything a task's result depends on: the stage, what its tasks share, the task's id and
    params, and the sha256 of every file it declared (None for a missing one)."""
    return make_key(stage.name, shared, task.id, task.params, [[p, digests.get(p)] for p in task.inputs])


def run_batch(job: tuple[Stage, list[Task]]) -> list[dict[str, Any]]:
    """The work of one batch (runs in any worker): each task with only its declared files."""
    stage, tasks = job
    guarded = stage.guarded_dir()
    stage.prepare()
    results = []
    for task in tasks:
        declared = DeclaredFiles(task.inputs, task.outputs, guarded)
        _guard(declared)
        try:
            results.append(stage.run(task, declared))
        finally:
            _ACTIVE.pop()
    return results


@dataclass
class Runner:
    """Runs stages on one engine with one cache; keeps each stage's statistics."""

    engine: Engine = field(default_factory=Engine)
    cache: Cache | None = None
    stats: list[StageStats] = field(default_factory=list)

    def run(self, stage: Stage, tasks: Iterable[Task] | None = None, *, desc: str | None = None) -> Iterator[Outcome]:
        """Every task's result, in task order; from the cache where every key input is unchanged."""
        stats = StageStats(stage.name)
        self.stats.append(stats)
        started = time.perf_counter()
        cache = self.cache if self.cache is not None and self.cache.enabled else None
        shared = stage.key_parts()
        source = iter(stage.tasks() if tasks is None else tasks)
        try:
            for outcome in progress(self._windows(stage, source, cache, shared, stats), desc=desc or stage.name, unit="item"):
                yield outcome
        finally:
            stats.seconds = time.perf_counter() - started
            if cache is not None:
                cache.flush()

    def _windows(self, stage: Stage, source: Iterator[Task], cache: Cache | None, shared: Any, stats: StageStats) -> Iterator[Outcome]:
        while window := list(islice(source, WINDOW)):
            stats.tasks += len(window)
            keys: dict[int, str] = {}
            answers: dict[int, dict] = {}
            if cache is not None:
                digests = cache.digests(sorted({p for t in window for p in t.inputs}))
                for i, task in enumerate(window):
                    keys[i] = _key(stage, shared, task, digests)
                found = cache.get_many(list(keys.values()))
                answers = {i: stage.decode(found[k]) for i, k in keys.items() if k in found}
                answers = self._still_valid(answers, cache)
            todo = [i for i in range(len(window)) if i not in answers]
            computed = self._compute(stage, [window[i] for i in todo])
            for i, task in enumerate(window):
                if i in answers:
                    stats.cached += 1
                    yield Outcome(task, answers[i], True)
                    continue
                result = next(computed)
                stats.computed += 1
                if cache is not None and stage.cacheable(result):
                    cache.put(keys[i], stage.encode(result))
                yield Outcome(task, result, False)

    def remember(self, stage: Stage, task: Task, result: dict[str, Any]) -> None:
        """Store ``result`` as the answer for ``task``'s inputs as they are now (after a stage's
        caller changed them itself: attach renaming a re-anchored file into place)."""
        cache = self.cache
        if cache is None or not cache.enabled or not stage.cacheable(result):
            return
        digests = cache.digests(list(task.inputs))
        cache.put(_key(stage, stage.key_parts(), task, digests), stage.encode(result))

    @staticmethod
    def _still_valid(answers: dict[int, dict], cache: Cache) -> dict[int, dict]:
        """Cached answers whose written files are still what they say (an output deleted or
        edited since is made again)."""
        outputs = sorted({p for a in answers.values() if isinstance(a, dict) for p in a.get("outputs", {})})
        if not outputs:
            return answers
        digests = cache.digests(outputs)
        return {i: a for i, a in answers.items() if all(digests.get(p) == sha for p, sha in a.get("outputs", {}).items())}

    def _compute(self, stage: Stage, tasks: list[Task]) -> Iterator[dict[str, Any]]:
        for results in self.engine.map(run_batch, ((stage, batch) for batch in _batches(tasks, stage.batch_size))):
            yield from results


def _batches(tasks: list[Task], size: int) -> Iterator[list[Task]]:
    """Batches of about ``size`` tasks, in order, never splitting a run of tasks of one group."""
    batch: list[Task] = []
    for i, task in enumerate(tasks):
        batch.append(task)
        following = tasks[i + 1] if i + 1 < len(tasks) else None
        if len(batch) >= size and (following is None or task.group is None or following.group != task.group):
            yield batch
            batch = []
    if batch:
        yield batch
