"""The stage runner: a stage reads only what its tasks declare, and the cache answers only for
inputs it saw (each key input really changed here; nothing patched)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscorpus.annotations.attach import AttachStage, attach_annotations
from newscorpus.cache import Cache
from newscorpus.clean.store import CleanStage, clean_corpus
from newscorpus.engine import Engine, ProcessEngine
from newscorpus.layout import CorpusLayout
from newscorpus.runner import DeclaredFiles, Runner, Stage, Task, UndeclaredInput

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path) -> CorpusLayout:
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus" / "corpus", tmp_path / "corpus")
    return CorpusLayout(tmp_path)


@dataclass
class ReadingStage(Stage):
    """Reads the files named in each task's params; declares only some of them."""

    root: str
    name = "reading"

    def tasks(self):
        return []

    def run(self, task: Task, files: DeclaredFiles) -> dict:
        return {"sizes": [len(Path(p).read_bytes()) for p in task.params]}


def test_a_stage_cannot_read_a_corpus_file_it_did_not_declare(corpus):
    raw = sorted(str(p) for p in corpus.raw_dir.iterdir())
    stage = ReadingStage(str(corpus.root))
    declared = list(Runner().run(stage, [Task("ok", tuple(raw), params=raw)]))
    assert declared[0].result["sizes"][0] > 0
    with pytest.raises(UndeclaredInput, match="not declared"):
        list(Runner().run(stage, [Task("sneaky", (raw[0],), params=raw)]))


def test_the_guard_holds_in_worker_processes_too(corpus):
    raw = sorted(str(p) for p in corpus.raw_dir.iterdir())
    with ProcessEngine(workers=2) as engine, pytest.raises(UndeclaredInput):
        list(Runner(engine).run(ReadingStage(str(corpus.root)), [Task("sneaky", (raw[0],), params=raw)]))


@pytest.mark.parametrize("stage_of", [CleanStage, AttachStage])
def test_every_real_stage_reads_only_what_it_declares(corpus, stage_of):
    """Each task is run with one declared input taken away: the guard must catch the read."""
    clean_corpus(corpus)
    stage = stage_of(str(corpus.root))
    tasks = list(stage.tasks())
    assert tasks and all(len(list(Runner().run(stage, [t]))) == 1 for t in tasks)
    for task in tasks:
        for dropped in task.inputs:
            partial = Task(task.id, tuple(p for p in task.inputs if p != dropped), task.params, task.outputs)
            with pytest.raises(UndeclaredInput):
                list(Runner().run(stage, [partial]))


def test_validation_reads_only_what_its_tasks_declare(corpus):
    """Each validate task with one declared input taken away: the guard catches the read (or the
    use of what an earlier task of the batch parsed)."""
    import uuid

    from newscorpus.validate import ValidateStage, _tasks, annotation_files
    from newscorpus.validate.context import CorpusContext

    clean_corpus(corpus)
    ctx = CorpusContext(corpus)
    files = annotation_files([corpus.annotations_dir])
    tasks = _tasks(corpus, ctx, files)
    assert {t.params[0] for t in tasks} == {"document", "story"}
    for task in tasks:
        for dropped in task.inputs:
            partial = Task(task.id, tuple(p for p in task.inputs if p != dropped), task.params, task.outputs, task.group)
            stage = ValidateStage(str(corpus.root), uuid.uuid4().hex)  # a fresh run: nothing parsed before
            with pytest.raises(UndeclaredInput):
                list(Runner().run(stage, [partial]))


def test_release_rows_read_only_what_their_tasks_declare(corpus):
    from newscorpus.publish.release import _items
    from newscorpus.publish.stream import RowsStage, rows_tasks

    clean_corpus(corpus)
    items, _plan, sources = _items(corpus, None)
    tasks = list(rows_tasks(corpus, items, sources))
    assert {t.params[0] for t in tasks} == {"doc", "story"}
    stage = RowsStage(str(corpus.root))
    assert all(len(list(Runner().run(stage, [t]))) == 1 for t in tasks)
    for task in tasks:
        for dropped in task.inputs:
            partial = Task(task.id, tuple(p for p in task.inputs if p != dropped), task.params, task.outputs)
            with pytest.raises(UndeclaredInput):
                list(Runner().run(stage, [partial]))


def _runs(layout: CorpusLayout, stage: Stage) -> tuple[int, int]:
    with Cache(layout.root) as cache:
        runner = Runner(Engine(), cache)
        list(runner.run(stage))
        return runner.stats[-1].cached, runner.stats[-1].computed


def test_clean_recomputes_a_document_whose_raw_text_or_output_changed(corpus):
    stage = CleanStage(str(corpus.root))
    assert _runs(corpus, stage) == (0, 2)
    assert _runs(corpus, stage) == (2, 0)
    corpus.clean_text_path("fx_a").write_text("edited by hand\n", encoding="utf-8")
    assert _runs(corpus, stage) == (1, 1)  # the output no longer what the answer says
    assert corpus.clean_text_path("fx_a").read_text(encoding="utf-8") != "edited by hand\n"
    corpus.clean_record_path("fx_b").unlink()
    assert _runs(corpus, stage) == (1, 1)
    raw = corpus.raw_path("fx_b")
    raw.write_bytes(raw.read_bytes() + b"One more line of the article.\n")
    assert _runs(corpus, stage) == (1, 1)


def test_attach_recomputes_a_file_whose_annotations_or_clean_text_changed(corpus):
    clean_corpus(corpus)
    stage = AttachStage(str(corpus.root))
    assert _runs(corpus, stage) == (0, 2)
    assert _runs(corpus, stage) == (2, 0)
    path = corpus.annotations_dir / "fx_a.json"
    original = path.read_bytes()
    doc = json.loads(original)
    doc["layers"]["entities"]["items"][0]["suffix"] = "stale"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert _runs(corpus, stage) == (1, 1)
    assert _runs(corpus, stage) == (1, 1)  # a file that needs rewriting is never answered as settled
    path.write_bytes(original)
    assert _runs(corpus, stage) == (2, 0)
    text = corpus.clean_text_path("fx_b")
    text.write_text(text.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    assert _runs(corpus, stage) == (1, 1)


def test_attach_remembers_the_files_it_rewrote(corpus):
    clean_corpus(corpus)
    path = corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["items"][0]["suffix"] = "stale"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with Cache(corpus.root) as cache:
        report = attach_annotations(corpus, cache=cache)
    assert report.rewritten == ["corpus/annotations/fx_a.json"]
    assert _runs(corpus, AttachStage(str(corpus.root))) == (2, 0)


def test_results_do_not_depend_on_the_engine_or_batch_size(corpus):
    stage = CleanStage(str(corpus.root))
    serial = [o.result["outputs"] for o in Runner(Engine()).run(stage)]
    stage.batch_size = 1
    with ProcessEngine(workers=2) as engine:
        parallel = [o.result["outputs"] for o in Runner(engine).run(stage)]
    assert serial == parallel
