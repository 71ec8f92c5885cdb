"""Where batch work runs: in this process, in a pool of local processes, or on a Dask cluster.

Every stage's heavy work is a pure, top-level function over one batch of tasks (document ids,
file paths), returning plain data. An engine maps such a function over batches and yields the
results *in order*, so the output of a run never depends on how many workers made it: a run
with ``--workers 4`` or on a cluster writes the same bytes as ``--workers 1``.

Engines keep at most ``window`` batches in flight, so memory stays bounded however large the
corpus is.
"""

from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from .errors import EnvironmentProblem, Location

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_BATCH = 64
CONNECT_TIMEOUT_S = float(os.environ.get("NEWSCORPUS_DASK_CONNECT_TIMEOUT", "10"))
"""Seconds to wait for a Dask scheduler (``--scheduler``) before saying it cannot be reached."""


@contextmanager
def _sigint_ignored():
    """SIGINT ignored while worker processes start: an ignored signal stays ignored in children
    (across exec too), so Ctrl-C reaches only this process, which stops the workers itself."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _windowed(submit: Callable[[T], Any], batches: Iterable[T], window: int) -> Iterator[R]:
    """Results of submitted batches in submission order, with at most ``window`` in flight."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Engine:
    """Runs in this process."""

    name = "serial"
    workers = 1

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        for batch in batches:
            yield fn(batch)

    def close(self) -> None:
        pass

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


@dataclass
class ProcessEngine(Engine):
    """A pool of local worker processes (spawned: nothing of the parent's state leaks in)."""

    workers: int = 2
    window: int = 0
    name: str = "processes"
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        pool = self._executor()
        return _windowed(lambda batch: pool.submit(fn, batch), batches, self.window or self.workers * 4)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


@dataclass
class DaskEngine(Engine):
    """A Dask cluster: a local one with ``workers`` processes, or the scheduler at ``address``."""

    workers: int = 2
    address: str | None = None
    window: int = 0
    name: str = "dask"
    _client: Any = field(default=None, init=False, repr=False)
    _cluster: Any = field(default=None, init=False, repr=False)

    def _get_client(self):
        if self._client is None:
            # Our own workers report failures to us, as the local engine does: their log lines
            # (a "Compute Failed" traceback per error) would only repeat them. Set before dask
            # is imported here and in the spawned workers, which read the environment.
            os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")
            from dask.distributed import Client, LocalCluster

            if self.address:
                try:
                    self._client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
                except (OSError, TimeoutError) as exc:
                    raise EnvironmentProblem(f"cannot reach the Dask scheduler ({exc}); start it, or leave out --scheduler to run "
                                             "a local cluster", rule="engine.unreachable", location=Location(self.address)) from None
            else:
                with _sigint_ignored():  # Ctrl-C is ours to handle: workers inherit the ignoring, print no traceback
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, host="127.0.0.1")
                self._client = Client(self._cluster)
        return self._client

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        client = self._get_client()
        return _windowed(lambda batch: client.submit(fn, batch, pure=False), batches, self.window or max(self.workers, 2) * 4)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_engine(workers: int = 1, engine: str = "local", address: str | None = None) -> Engine:
    """``local`` with 1 worker: this process; with more: a process pool. ``dask``: a Dask cluster."""
    if engine == "dask":
        return DaskEngine(workers=max(workers, 1), address=address)
    if workers <= 1:
        return Engine()
    return ProcessEngine(workers=min(workers, os.cpu_count() or workers))


def run(engine: Engine, fn: Callable[[list[T]], list[R]], items: Sequence[T] | Iterable[T], batch: int = DEFAULT_BATCH) -> Iterator[R]:
    """Apply a batch function to ``items`` on ``engine``; yield per-item results in order."""
    for results in engine.map(fn, batched(items, batch)):
        yield from results
