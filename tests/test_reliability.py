"""Reliability: publishing survives SIGKILL anywhere, one run at a time per checkout, tampering is
detected, and untrusted files are refused."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscorpus.layout import CorpusLayout
from newscorpus.publish import read_manifest, releases, verify_all

from conftest import ROOT



def _next_patch() -> str:
    """The version after the checkout's newest release (what a publish of a changed corpus may take)."""
    versions = [tuple(map(int, p.name.split("."))) for p in (ROOT / "corpus" / "releases").iterdir()
                if p.is_dir() and re.fullmatch(r"\d+\.\d+\.\d+", p.name)]
    major, minor, patch = max(versions)
    return f"{major}.{minor}.{patch + 1}"


NEW = _next_patch()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A checkout whose corpus differs from its newest release, so publishing writes a new one."""
    root = tmp_path_factory.mktemp("template") / "checkout"
    for part in ("corpus", "schema"):
        shutil.copytree(ROOT / part, root / part)
    for name in ("README.md", "DATASHEET.md"):
        shutil.copyfile(ROOT / name, root / name)
    path = root / "corpus" / "annotations" / "000_ba8caa036516edf6.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    quote = doc["layers"]["quotes"]["items"][0]
    quote["kind"] = "full" if quote["kind"] == "fragment" else "fragment"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return root


def _cli(root: Path, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newscorpus.cli", "--root", str(root), "-q", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "NEWSCORPUS_NO_CACHE": "1", **(env or {})})


def _fresh(template: Path, tmp_path: Path, name: str) -> CorpusLayout:
    root = tmp_path / name
    shutil.copytree(template, root)
    return CorpusLayout(root)


def _assert_consistent(layout: CorpusLayout) -> None:
    """Every release on disk is whole, and the card points at whole releases only."""
    count, problems = verify_all(layout)
    assert problems == [], [str(p) for p in problems]
    for entry in layout.releases_dir.iterdir():
        if entry.is_dir() and not entry.name.startswith("."):
            assert (entry / "manifest.json").is_file(), f"partial release {entry.name} visible"
    front = (layout.root / "README.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    for version in set(re.findall(r"corpus/releases/(\d+\.\d+\.\d+)/", front)):
        assert (layout.releases_dir / version / "manifest.json").is_file(), f"card lists missing release {version}"


def test_publish_survives_sigkill_at_fifty_points_and_the_next_publish_succeeds(template, tmp_path):
    probe = _fresh(template, tmp_path, "probe")
    log = tmp_path / "checkpoints.log"
    start = time.monotonic()
    assert _cli(probe.root, "publish", "--version", NEW, env={"NEWSCORPUS_CHECKPOINT_LOG": str(log)}).returncode == 0
    duration = time.monotonic() - start
    checkpoints = len(log.read_text().splitlines())
    assert checkpoints >= 20, "too few checkpoints to aim at"
    # every checkpoint, then moments spread over the whole run (imports included) up to 50 in all
    points = [("checkpoint", n) for n in range(1, checkpoints + 1)]
    extra = max(50 - len(points), 10)
    points += [("time", duration * (i + 0.5) / extra) for i in range(extra)]
    survived = 0
    for kind, where in points:
        layout = _fresh(template, tmp_path, f"kill-{kind}-{where}")
        if kind == "checkpoint":
            killed = _cli(layout.root, "publish", "--version", NEW, env={"NEWSCORPUS_CRASH_AT": str(where)})
            assert killed.returncode == -signal.SIGKILL, (where, killed.stderr[-500:])
        else:
            process = subprocess.Popen([sys.executable, "-m", "newscorpus.cli", "--root", str(layout.root), "-q", "publish",
                                        "--version", NEW], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       env={**os.environ, "NEWSCORPUS_NO_CACHE": "1"})
            time.sleep(where)
            process.send_signal(signal.SIGKILL)
            process.wait()
        _assert_consistent(layout)
        assert "1.0.0" in [path.name for _, path in releases(layout)]
        again = _cli(layout.root, "publish", "--version", NEW)
        assert again.returncode == 0, again.stderr[-1000:]
        _assert_consistent(layout)
        assert NEW in [path.name for _, path in releases(layout)]
        assert f"## {NEW}" in (layout.releases_dir / "CHANGELOG.md").read_text(encoding="utf-8")
        assert not list(layout.releases_dir.glob(".tmp-*"))
        survived += 1
    assert survived >= 50
    print(f"kill points survived: {survived} ({checkpoints} checkpoints, {survived - checkpoints} moments)")


def test_the_newest_release_still_loads_after_a_kill(template, tmp_path):
    from datasets import load_dataset

    layout = _fresh(template, tmp_path, "load")
    killed = _cli(layout.root, "publish", "--version", NEW, env={"NEWSCORPUS_CRASH_AT": "12"})
    assert killed.returncode == -signal.SIGKILL
    loaded = load_dataset(str(layout.root), "documents-1.0.0", cache_dir=str(tmp_path / "hf"))
    assert loaded["train"].num_rows == read_manifest(layout.releases_dir / "1.0.0")["documents"]


# --- one run at a time ------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from newscorpus.layout import CorpusLayout
from newscorpus.lock import CorpusLock
lock = CorpusLock(CorpusLayout(Path(sys.argv[1])), command="newscorpus build (test holder)").acquire()
print("locked", flush=True)
time.sleep(120)
"""


def test_a_second_run_stops_with_a_clear_message_and_a_dead_holder_does_not_block(template, tmp_path):
    layout = _fresh(template, tmp_path, "lock")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(layout.root)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        blocked = _cli(layout.root, "publish", "--version", NEW)
        assert blocked.returncode == 1 and "Traceback" not in blocked.stderr
        assert "lock.busy" in blocked.stderr and f"pid {holder.pid}" in blocked.stderr and "test holder" in blocked.stderr
        assert NEW not in [path.name for _, path in releases(layout)]
        assert _cli(layout.root, "verify").returncode == 0  # readers are not blocked
        holder.send_signal(signal.SIGKILL)  # the holder crashes: its lock must not outlive it
        holder.wait()
    finally:
        if holder.poll() is None:
            holder.kill()
    proceeds = _cli(layout.root, "publish", "--version", NEW)
    assert proceeds.returncode == 0, proceeds.stderr


def test_two_runs_at_once_one_proceeds_the_other_stops(template, tmp_path):
    layout = _fresh(template, tmp_path, "race")
    env = {**os.environ, "NEWSCORPUS_NO_CACHE": "1", "NEWSCORPUS_CHECKPOINT_LOG": str(tmp_path / "slow.log")}
    first = subprocess.Popen([sys.executable, "-m", "newscorpus.cli", "--root", str(layout.root), "-q", "publish", "--version", NEW],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    lock = layout.corpus / ".newscorpus.lock"
    while time.monotonic() < deadline and not (lock.is_file() and lock.read_text().startswith("pid")):
        time.sleep(0.05)
    second = _cli(layout.root, "build")
    first.wait(timeout=300)
    outcomes = sorted([first.returncode, second.returncode])
    if second.returncode == 1:
        assert "lock.busy" in second.stderr
    assert outcomes[0] == 0  # at least one proceeded; the other either stopped cleanly or ran after
    assert all(code in (0, 1) for code in outcomes)


# --- tampering and untrusted files ---------------------------------------------------------------


def test_a_shard_with_an_extension_type_is_refused_even_with_matching_checksums(template, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newscorpus.fsutil import sha256_file

    layout = _fresh(template, tmp_path, "ext")
    release = releases(layout)[-1][1]  # the newest: the one browse would render
    target = release / "documents" / "train-00000-of-00001.parquet"

    class Evil(pa.ExtensionType):
        def __init__(self):
            super().__init__(pa.string(), "evil.type")

        def __arrow_ext_serialize__(self):
            return b""

        @classmethod
        def __arrow_ext_deserialize__(cls, storage_type, serialized):
            return cls()

    table = pq.read_table(target)
    pa.register_extension_type(Evil())
    try:
        evil = table.set_column(0, "id", pa.ExtensionArray.from_storage(Evil(), table.column("id").combine_chunks()))
        pq.write_table(evil, target)
    finally:
        pa.unregister_extension_type("evil.type")
    manifest = read_manifest(release)
    for entry in manifest["files"]:  # a forger who also rewrites the manifest
        if entry["path"] == "documents/train-00000-of-00001.parquet":
            entry["sha256"], entry["size"] = sha256_file(target), target.stat().st_size
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    count, problems = verify_all(layout)
    schema = [p for p in problems if p.rule == "verify.schema"]
    assert len(schema) == 1 and "extension" in schema[0].message
    assert {p.rule for p in problems} == {"verify.schema", "verify.croissant"}  # croissant.json keeps the true sha256
    browse = _cli(layout.root, "browse", "--out", str(tmp_path / "site"))
    assert browse.returncode == 1 and "verify.schema" in browse.stderr


def test_a_symbolic_link_out_of_the_checkout_is_refused(template, tmp_path):
    layout = _fresh(template, tmp_path, "links")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("secret\n")
    (layout.raw_dir / "002_link.txt").symlink_to(outside)
    proc = _cli(layout.root, "raw")
    assert proc.returncode == 1 and "path.outside" in proc.stderr
    proc = _cli(layout.root, "validate")
    assert proc.returncode == 1 and "path.outside" in proc.stdout + proc.stderr


def test_annotation_files_above_the_limit_are_refused_with_the_limit_named(template, tmp_path):
    layout = _fresh(template, tmp_path, "limit")
    proc = _cli(layout.root, "validate", "--max-bytes", "1000")
    assert proc.returncode == 1 and "json.too-large" in proc.stdout and "1000 bytes" in proc.stdout


def test_no_pickle_anywhere_and_a_safe_pyarrow():
    import pyarrow
    from packaging.version import Version

    assert Version(pyarrow.__version__) >= Version("14.0.1")  # no extension-type deserialisation flaw
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "newscorpus").rglob("*.py"))
    assert not re.search(r"^\s*(import|from)\s+(pickle|cPickle|dill|shelve|marshal|joblib)\b", source, re.M)
    assert "pickle.load" not in source and "allow_pickle" not in source


# --- crash states that heal (F-18b, F-18d) -----------------------------------------------------------


def _checkpoint_number(template: Path, tmp_path: Path, args: tuple[str, ...], label: str) -> int:
    probe = _fresh(template, tmp_path, f"probe-{label.split()[-1]}")
    log = tmp_path / f"{label.split()[-1]}.log"
    assert _cli(probe.root, *args, env={"NEWSCORPUS_CHECKPOINT_LOG": str(log)}).returncode == 0
    for line in log.read_text().splitlines():
        number, passed = line.split(" ", 1)
        if passed.startswith(label):
            return int(number)
    raise AssertionError(f"no checkpoint {label!r}")


def _documents(root: Path) -> dict[str, str]:
    return {name: (root / name).read_text(encoding="utf-8") for name in ("README.md", "DATASHEET.md", "corpus/releases/CHANGELOG.md")}


@pytest.mark.parametrize("heal", ["build", "publish"])
def test_F18b_a_publish_killed_after_its_rename_is_completed_by_the_next_run(template, tmp_path, heal):
    from newscorpus.publish.checkout import stale_documents

    whole = _fresh(template, tmp_path, "whole")
    assert _cli(whole.root, "publish", "--version", NEW).returncode == 0
    renamed = _checkpoint_number(template, tmp_path, ("publish", "--version", NEW), f"publish {NEW}: renamed into place")
    layout = _fresh(template, tmp_path, f"killed-{heal}")
    before = _documents(layout.root)
    killed = _cli(layout.root, "publish", "--version", NEW, env={"NEWSCORPUS_CRASH_AT": str(renamed)})
    assert killed.returncode == -signal.SIGKILL
    assert NEW in [path.name for _, path in releases(layout)] and _documents(layout.root) == before  # the lagging state
    again = _cli(layout.root, *(("build",) if heal == "build" else ("publish", "--version", NEW)))
    assert again.returncode == 0, again.stderr
    assert f"completed the publish of {NEW}" in again.stdout and "CHANGELOG.md has no entry" in again.stdout
    assert _documents(layout.root) == _documents(whole.root)  # as if it had never been interrupted
    assert stale_documents(layout) == []
    quiet = _cli(layout.root, "build")
    assert quiet.returncode == 0 and "completed" not in quiet.stdout


def test_F18d_a_killed_builds_scratch_release_is_removed_by_the_next_build(template, tmp_path):
    # a corpus equal to its newest release: with no cache to answer, the check rebuilds it in scratch
    published = tmp_path / "published"
    shutil.copytree(template, published)
    assert _cli(published, "publish", "--version", NEW).returncode == 0
    layout = _fresh(published, tmp_path, "scratch")
    shard = _checkpoint_number(published, tmp_path, ("build",), "shard ")
    killed = _cli(layout.root, "build", env={"NEWSCORPUS_CRASH_AT": str(shard)})
    assert killed.returncode == -signal.SIGKILL
    left = list((layout.root / "build").glob(".release-check-*"))
    assert left, "the release check builds inside the checkout's build/ (ignored by git)"
    assert "build/" in (ROOT / ".gitignore").read_text().split()
    again = _cli(layout.root, "build")
    assert again.returncode == 0, again.stderr
    assert not list((layout.root / "build").glob(".release-check-*"))
    assert not [p for p in left if p.exists()]
