"""A real Label Studio server: project from our labeling config, tasks imported, annotated,
exported through its API, and imported back through the gate.

The server runs on a loopback port with a temporary data directory, from its own virtual
environment (``.venv-label-studio/``, which ``.ci/run`` installs; its pins stay out of the
project's ``.venv``), or from ``NEWSCORPUS_LABEL_STUDIO`` (the path of a ``label-studio``
executable). Where it is not installed, the test is skipped with that reason, like the browser
tests.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from newscorpus.exchange import export_documents, import_files

from test_exchange_roundtrip import built, layout, snapshot  # noqa: F401 - shared fixtures

TOKEN = "newscorpus-test-token-0123456789"


def _server_binary() -> Path | None:
    explicit = os.environ.get("NEWSCORPUS_LABEL_STUDIO")
    for candidate in ([Path(explicit)] if explicit else []) + [ROOT / ".venv-label-studio" / "bin" / "label-studio"]:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = _server_binary()
    if binary is None:
        pytest.skip("the Label Studio server is not installed (python3 -m venv .venv-label-studio && "
                    ".venv-label-studio/bin/pip install label-studio; .ci/run does it)")
    data = tmp_path_factory.mktemp("label-studio-data")
    port = _free_port()
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
           "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": "", "COLLECT_ANALYTICS": "false"}
    log = open(data / "server.log", "wb")
    process = subprocess.Popen(
        [str(binary), "start", "--no-browser", "--host", f"http://127.0.0.1:{port}", "--internal-host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(data), "--username", "annotator@example.com", "--password", "test-password-0123",
         "--user-token", TOKEN, "--enable-legacy-api-token"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the first start runs the database migrations
        while True:
            if process.poll() is not None:
                pytest.fail(f"label-studio exited with {process.returncode}: {(data / 'server.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("label-studio did not answer on /health within 300 s")
            time.sleep(1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_label_studio_server_round_trip(server, layout, tmp_path):
    from label_studio_sdk import LabelStudio

    before = snapshot(layout)
    out = tmp_path / "out"
    export_documents(layout, "label-studio", None, out)
    client = LabelStudio(base_url=server, api_key=TOKEN)
    project = client.projects.create(title="newscorpus round trip", label_config=(out / "labeling-config.xml").read_text(encoding="utf-8"))
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    imported = client.projects.import_tasks(id=project.id, request=tasks, return_task_ids=True)
    assert imported.task_count == 2 and imported.prediction_count == 2

    def export() -> Path:
        path = tmp_path / f"export-{time.monotonic_ns()}.json"
        path.write_bytes(b"".join(client.projects.exports.download_sync(id=project.id, export_type="JSON", download_all_tasks=True)))
        return path

    # nobody has annotated yet: the export carries the tasks, and importing it changes nothing
    assert import_files(layout, "label-studio", [export()]).written == []
    # the annotator accepts the pre-annotations as they are and submits: identical again
    by_doc = {t["data"]["document_id"]: t for t in tasks}
    server_tasks = list(client.tasks.list(project=project.id))
    for task in server_tasks:
        client.annotations.create(id=task.id, result=by_doc[task.data["document_id"]]["predictions"][0]["result"], was_cancelled=False)
    first = export()
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert all(len(t["annotations"]) == 1 for t in exported)
    result = import_files(layout, "label-studio", [first])
    assert sorted(result.documents) == ["fx_ex_a", "fx_ex_b"] and result.written == [] and snapshot(layout) == before

    # an edit made on the server (relabel 'Tuesday' DATE -> TIME) comes back, and only it
    task = next(t for t in server_tasks if t.data["document_id"] == "fx_ex_a")
    annotation = next(iter(client.annotations.list(id=task.id)))
    edited = [dict(r, value=dict(r["value"])) if "value" in r else r for r in annotation.result]
    for region in edited:
        if region.get("from_name") == "label" and region["value"].get("text") == "Tuesday":
            region["value"]["labels"] = ["TIME"]
    client.annotations.update(id=annotation.id, result=edited)
    import_files(layout, "label-studio", [export()])
    after = json.loads((layout.annotations_dir / "fx_ex_a.json").read_text(encoding="utf-8"))
    old = json.loads(before["fx_ex_a.json"])
    changed = [(a, b) for a, b in zip(old["layers"]["entities"]["items"], after["layers"]["entities"]["items"]) if a != b]
    assert changed == [(next(e for e in old["layers"]["entities"]["items"] if e["text"] == "Tuesday"),
                        {**next(e for e in old["layers"]["entities"]["items"] if e["text"] == "Tuesday"), "label": "TIME"})]
    assert old["layers"]["quotes"] == after["layers"]["quotes"]
