"""Every tampering of the probe report's family 5 (and its findings F-13, F-17, F-21, F-31, F-2)
fails ``verify``, located, never with an internal error; everything that reads a release
verifies it first.

Each case starts from a copy of the checkout's corpus and releases and breaks the newest release
one way. "Re-signed" means the forger also rewrote the manifest entry (sha256, size, rows) of
the file they changed; "fully re-signed" adds croissant.json's entry for it, so only the check
under test can notice.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscorpus.errors import NewscorpusError
from newscorpus.fsutil import sha256_file
from newscorpus.layout import CorpusLayout
from newscorpus.publish import open_release, releases, verify_all
from newscorpus.publish.parquet import WRITER_OPTIONS
from newscorpus.publish.verify import RULES

from conftest import ROOT
from test_bad_input import run_cli

DOCS = "documents/train-00000-of-00001.parquet"
NER = "ner/train-00000-of-00001.parquet"


@pytest.fixture
def checkout(tmp_path) -> CorpusLayout:
    root = tmp_path / "checkout"
    for part in ("corpus", "schema"):
        shutil.copytree(ROOT / part, root / part)
    for name in ("README.md", "DATASHEET.md"):
        shutil.copyfile(ROOT / name, root / name)
    return CorpusLayout(root)


def _release(layout: CorpusLayout) -> Path:
    return releases(layout)[-1][1]


def _manifest(release: Path) -> dict:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(release: Path, manifest: dict) -> None:
    (release / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _rules(layout: CorpusLayout) -> set[str]:
    count, problems = verify_all(layout)
    for problem in problems:  # every problem is located and has a documented rule
        assert problem.location.file and problem.rule in RULES, str(problem)
    return {p.rule for p in problems}


def _resign(release: Path, relative: str, *, croissant: bool = False) -> None:
    """Rewrite the manifest entry of ``relative`` to match the file (and croissant.json's)."""
    manifest = _manifest(release)
    file = release / relative
    rows = pq.ParquetFile(file).metadata.num_rows if relative.endswith(".parquet") else None
    if croissant:
        path = release / "croissant.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        for obj in document["distribution"]:
            if obj.get("contentUrl") == relative:
                obj["sha256"], obj["contentSize"] = sha256_file(file), f"{file.stat().st_size} B"
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    for entry in manifest["files"]:
        if entry["path"] == relative:
            entry.update(sha256=sha256_file(file), size=file.stat().st_size, rows=rows)
        if croissant and entry["path"] == "croissant.json":
            path = release / "croissant.json"
            entry.update(sha256=sha256_file(path), size=path.stat().st_size)
    _write_manifest(release, manifest)


def _rewrite(file: Path, change_rows=None, *, schema_metadata=None, table_change=None) -> None:
    """Rewrite a Parquet file with the release's writer options, its rows or metadata changed."""
    table = pq.read_table(file)
    if change_rows is not None:
        rows = table.to_pylist()
        change_rows(rows)
        table = pa.Table.from_pylist(rows, schema=table.schema)
    if table_change is not None:
        table = table_change(table)
    if schema_metadata is not None:
        table = table.replace_schema_metadata(schema_metadata(dict(table.schema.metadata)))
    pq.write_table(table, file, **WRITER_OPTIONS)


# --- family 5: one test per tampering kind ---------------------------------------------------------


@pytest.mark.parametrize("how", ["flip-middle", "flip-footer", "flip-magic", "truncate", "empty"])
def test_5_1_and_5_2_modified_bytes_are_caught(checkout, how):
    file = _release(checkout) / NER
    data = bytearray(file.read_bytes())
    if how == "flip-middle":
        data[len(data) // 2] ^= 0xFF
    elif how == "flip-footer":
        data[-12] ^= 0xFF
    elif how == "flip-magic":
        data[0] ^= 0xFF
    elif how == "truncate":
        data = data[: len(data) // 2]
    else:
        data = bytearray()
    file.write_bytes(bytes(data))
    assert _rules(checkout) == {"verify.modified"}


@pytest.mark.parametrize("how", ["deleted", "a-directory"])
def test_5_1_a_missing_file_is_caught(checkout, how):
    file = _release(checkout) / NER
    file.unlink()
    if how == "a-directory":
        file.mkdir()
    assert _rules(checkout) == {"verify.missing"}


def test_5_3_a_changed_sha256_in_the_manifest_is_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    entry = next(e for e in manifest["files"] if e["path"] == NER)
    entry["sha256"] = "0" * 64
    _write_manifest(release, manifest)
    assert _rules(checkout) == {"verify.modified", "verify.croissant"}  # croissant.json keeps the true sha256


def test_5_3_rows_plus_one_is_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    entry = next(e for e in manifest["files"] if e["path"] == NER)
    entry["rows"] += 1
    _write_manifest(release, manifest)
    assert {"verify.rows", "verify.configs"} <= _rules(checkout)


def test_F31_rows_given_as_a_string_say_the_type_is_wrong(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    entry = next(e for e in manifest["files"] if e["path"] == NER)
    entry["rows"] = str(entry["rows"])
    _write_manifest(release, manifest)
    count, problems = verify_all(checkout)
    assert [p.rule for p in problems] == ["verify.manifest-schema"]
    message = problems[0].message
    assert "is not of type 'integer'" in message and "/files/" in message and "/rows" in message
    assert "rows, the manifest says" not in message


@pytest.mark.parametrize("how", ["not-json", "files-missing", "files-a-dict", "other-version", "version-a-path",
                                 "duplicate-key", "nan", "an-array"])
def test_5_4_a_broken_manifest_is_caught_and_located(checkout, how):
    release = _release(checkout)
    path = release / "manifest.json"
    manifest = _manifest(release)
    text = None
    if how == "not-json":
        text = path.read_text(encoding="utf-8")[:-20]
    elif how == "files-missing":
        del manifest["files"]
    elif how == "files-a-dict":
        manifest["files"] = {e["path"]: e for e in manifest["files"]}
    elif how == "other-version":
        manifest["version"] = "9.9.9"
    elif how == "version-a-path":
        manifest["version"] = "../../../../tmp"
    elif how == "duplicate-key":
        text = path.read_text(encoding="utf-8").replace('"documents": ', '"documents": 1, "documents": ', 1)
    elif how == "nan":
        text = path.read_text(encoding="utf-8").replace('"documents": ', '"documents": NaN, "x": ', 1)
    else:
        text = json.dumps([manifest])
    path.write_text(text if text is not None else json.dumps(manifest), encoding="utf-8")
    rules = _rules(checkout)
    assert rules & {"verify.manifest", "verify.manifest-schema"}, rules
    if how != "other-version":  # 9.9.9 is also what the footers and croissant.json now disagree with
        assert rules <= {"verify.manifest", "verify.manifest-schema"}, rules
    if how == "not-json":
        [problem] = verify_all(checkout)[1]
        assert problem.location.line is not None  # located: line and column of the JSON error


def test_F17a_a_deleted_manifest_fails_instead_of_hiding_the_release(checkout):
    (_release(checkout) / "manifest.json").unlink()
    assert _rules(checkout) == {"verify.manifest-missing"}
    proc = run_cli("--root", str(checkout.root), "verify")
    assert proc.returncode == 1 and "verify.manifest-missing" in proc.stderr and "0 releases" not in proc.stdout


@pytest.mark.parametrize("how", ["without-size", "integer-sha256", "without-path", "entry-a-string"])
def test_F13_malformed_file_entries_are_located_errors_not_internal_errors(checkout, how):
    release = _release(checkout)
    manifest = _manifest(release)
    entry = next(e for e in manifest["files"] if e["path"] == NER)
    if how == "without-size":
        del entry["size"]
    elif how == "integer-sha256":
        entry["sha256"] = 12345
    elif how == "without-path":
        del entry["path"]
    else:
        manifest["files"][0] = "documents/train-00000-of-00001.parquet"
    _write_manifest(release, manifest)
    assert _rules(checkout) == {"verify.manifest-schema"}
    proc = run_cli("--root", str(checkout.root), "verify")
    assert proc.returncode == 1 and "verify.manifest-schema" in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_5_7_an_unlisted_file_an_extra_file_and_a_hidden_file_are_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    manifest["files"] = [e for e in manifest["files"] if e["path"] != NER]
    manifest["configs"].pop("ner")
    _write_manifest(release, manifest)
    (release / "notes.txt").write_text("extra\n")
    (release / "documents" / ".hidden").write_text("hidden\n")
    count, problems = verify_all(checkout)
    extra = sorted(Path(p.location.file).name for p in problems if p.rule == "verify.extra")
    assert extra == [".hidden", "notes.txt", Path(NER).name]


def test_F17e_a_symlink_in_the_release_is_caught_even_to_an_identical_copy(checkout, tmp_path):
    file = _release(checkout) / NER
    copy = tmp_path / "copy.parquet"
    shutil.copyfile(file, copy)
    file.unlink()
    file.symlink_to(copy)
    assert _rules(checkout) == {"verify.symlink"}


def test_F17e_a_release_directory_symlinked_elsewhere_is_caught(checkout, tmp_path):
    release = _release(checkout)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(release), elsewhere)
    release.symlink_to(elsewhere, target_is_directory=True)
    assert _rules(checkout) == {"verify.symlink"}
    proc = run_cli("--root", str(checkout.root), "browse", "--out", str(tmp_path / "site"))
    assert proc.returncode == 1 and not (tmp_path / "site").exists()


def test_F17e_a_subdirectory_symlinked_elsewhere_is_caught(checkout, tmp_path):
    release = _release(checkout)
    shutil.move(str(release / "ner"), tmp_path / "ner")
    (release / "ner").symlink_to(tmp_path / "ner", target_is_directory=True)
    assert _rules(checkout) == {"verify.symlink"}


@pytest.mark.parametrize("path", ["../../sources.json", "/etc/hostname", "ner/../../../sources.json", "./README.md",
                                  "ner\\train.parquet", "notes.txt", "manifest.json"])
def test_F17d_a_listed_path_outside_the_release_or_not_a_release_file_is_caught(checkout, path):
    release = _release(checkout)
    manifest = _manifest(release)
    target = (release / path) if not path.startswith("/") else Path(path)
    sha, size = (sha256_file(target), target.stat().st_size) if target.is_file() else ("0" * 64, 0)
    manifest["files"].append({"path": path, "sha256": sha, "size": size, "rows": None})
    _write_manifest(release, manifest)
    assert _rules(checkout) == {"verify.path"}


def test_F17d_a_duplicate_entry_is_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    manifest["files"].append(dict(next(e for e in manifest["files"] if e["path"] == NER)))
    _write_manifest(release, manifest)
    assert _rules(checkout) == {"verify.duplicate"}


def test_5_10_a_device_entry_is_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    manifest["files"].append({"path": "/dev/zero", "sha256": "0" * 64, "size": 0, "rows": None})
    _write_manifest(release, manifest)
    assert _rules(checkout) == {"verify.path"}


def test_a_fifo_in_place_of_a_file_is_reported_without_reading_it(checkout):
    file = _release(checkout) / NER
    file.unlink()
    os.mkfifo(file)
    assert _rules(checkout) == {"verify.missing"}  # would hang if opened


def test_F17b_configs_pointing_outside_the_release_are_caught(checkout, tmp_path):
    release = _release(checkout)
    evil = tmp_path / "evil.parquet"
    shutil.copyfile(release / DOCS, evil)
    manifest = _manifest(release)
    manifest["configs"]["documents"]["splits"]["train"]["files"] = [os.path.relpath(evil, release)]
    _write_manifest(release, manifest)
    assert "verify.configs" in _rules(checkout)
    proc = run_cli("--root", str(checkout.root), "browse", "--out", str(tmp_path / "site"))
    assert proc.returncode == 1 and not (tmp_path / "site").exists()


def test_F17b_a_config_naming_another_configs_file_is_caught(checkout):
    release = _release(checkout)
    manifest = _manifest(release)
    manifest["configs"]["documents"]["splits"]["train"]["files"] = [NER]
    _write_manifest(release, manifest)
    assert "verify.configs" in _rules(checkout)


def test_5_13_other_rows_without_re_signing_are_caught(checkout):
    file = _release(checkout) / DOCS
    _rewrite(file, lambda rows: rows.reverse())
    assert _rules(checkout) == {"verify.modified"}


def test_F17b_a_re_signed_one_row_file_fails(checkout):
    release = _release(checkout)
    _rewrite(release / DOCS, lambda rows: rows.pop())
    _resign(release, DOCS)
    rules = _rules(checkout)
    assert "verify.configs" in rules  # configs.documents rows and the documents count disagree
    assert "verify.croissant" in rules  # croissant.json's sha256 is the old file's


def test_F17c_croissant_sha256_values_must_equal_the_files(checkout):
    release = _release(checkout)
    path = release / "croissant.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    next(o for o in document["distribution"] if o.get("contentUrl") == NER)["sha256"] = "0" * 64
    path.write_text(json.dumps(document), encoding="utf-8")
    _resign(release, "croissant.json")
    assert _rules(checkout) == {"verify.croissant"}


def test_5_15_an_extra_column_re_signed_is_caught(checkout):
    release = _release(checkout)
    _rewrite(release / NER, table_change=lambda t: t.append_column("extra", pa.array([0] * t.num_rows)))
    _resign(release, NER, croissant=True)
    assert "verify.schema" in _rules(checkout)


def test_F17g_a_pickle_under_a_custom_metadata_key_fully_re_signed_is_caught(checkout):
    import pickle  # noqa: S403 - the payload of the attack under test, never loaded

    release = _release(checkout)
    blob = pickle.dumps({"harmless": True})

    def add(metadata):
        return {**metadata, b"evil": blob, b"pandas": b'{"columns": []}'}

    _rewrite(release / NER, schema_metadata=add)
    _resign(release, NER, croissant=True)
    assert _rules(checkout) == {"verify.metadata"}


def test_F17g_tampered_huggingface_features_fully_re_signed_are_caught(checkout):
    release = _release(checkout)

    def retype(metadata):
        blob = json.loads(metadata[b"huggingface"])
        blob["info"]["features"]["id"] = {"dtype": "int64", "_type": "Value"}
        return {**metadata, b"huggingface": json.dumps(blob).encode()}

    _rewrite(release / NER, schema_metadata=retype)
    _resign(release, NER, croissant=True)
    assert _rules(checkout) == {"verify.metadata"}


def test_F17g_footer_keys_that_disagree_with_the_manifest_are_caught(checkout):
    release = _release(checkout)
    _rewrite(release / NER, schema_metadata=lambda m: {**m, b"newscorpus.config": b"quotes"})
    _resign(release, NER, croissant=True)
    assert _rules(checkout) == {"verify.metadata"}


def test_5_20_an_edited_release_card_is_caught(checkout):
    card = _release(checkout) / "README.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    assert _rules(checkout) == {"verify.modified"}


def test_an_entry_named_like_a_release_that_is_a_file_is_caught(checkout):
    (checkout.releases_dir / "2.0.0").write_text("not a release\n")
    assert _rules(checkout) == {"verify.not-a-directory"}


# --- F-2, the verify part: ids that would become paths ----------------------------------------------


@pytest.mark.parametrize("column", ["id", "story_id", "entity key"])
def test_F2_a_release_with_path_ids_is_refused_by_verify_and_browse(checkout, tmp_path, column):
    release = _release(checkout)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "index.html").write_text("precious user page\n")

    def poison(rows):
        if column == "id":
            rows[1]["id"] = str(victim / "index")
            rows[0]["id"] = "../../../../../.." + str(tmp_path / "PWNED_doc")
        elif column == "story_id":
            rows[0]["story_id"] = "../../../../../.." + str(tmp_path / "PWNED_story")
        else:
            next(e for e in rows[0]["entities"] if e["key"])["key"] = "../../../../../.." + str(tmp_path / "PWNED_entity")

    _rewrite(release / DOCS, poison)
    _resign(release, DOCS, croissant=True)  # a full forger: only the id check can notice
    count, problems = verify_all(checkout)
    assert {p.rule for p in problems} == {"verify.bad-id"}, [str(p) for p in problems]
    assert all(p.location.file.endswith(DOCS) for p in problems)
    proc = run_cli("--root", str(checkout.root), "browse", "--out", str(tmp_path / "site"))
    assert proc.returncode == 1 and "verify.bad-id" in proc.stderr and "Traceback" not in proc.stderr
    assert (victim / "index.html").read_text() == "precious user page\n"
    assert not list(tmp_path.rglob("PWNED_*")) and not (tmp_path / "site").exists()


# --- F-21: a root that is not a checkout -----------------------------------------------------------


def test_F21_verify_at_a_root_that_is_not_a_checkout_fails(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_cli("--root", str(tmp_path / "empty"), "verify")
    assert proc.returncode == 1 and "corpus.not-found" in proc.stderr and "0 releases" not in proc.stdout
    with pytest.raises(NewscorpusError) as caught:
        verify_all(CorpusLayout(tmp_path / "empty"))
    assert caught.value.rule == "corpus.not-found"


# --- everything that reads a release verifies it first --------------------------------------------


def _tamper_quietly(layout: CorpusLayout) -> None:
    """A modified Parquet file that still reads (a flipped magic byte): only verification notices."""
    file = _release(layout) / NER
    data = bytearray(file.read_bytes())
    data[0] ^= 0xFF
    file.write_bytes(bytes(data))


def test_the_reader_refuses_a_tampered_release_with_the_fix(checkout):
    _tamper_quietly(checkout)
    with pytest.raises(NewscorpusError) as caught:
        open_release(_release(checkout), checkout)
    rules = [p.rule for p in caught.value.problems]
    assert rules == ["verify.modified", "release.unverified"] and "git checkout" in str(caught.value)


def test_the_reader_notices_a_change_after_it_verified_once(checkout):
    release = _release(checkout)
    assert open_release(release, checkout).version == release.name
    _tamper_quietly(checkout)
    with pytest.raises(NewscorpusError):
        open_release(release, checkout)


def test_changelog_and_statistics_read_only_verified_releases(checkout):
    from newscorpus.publish.checkout import expected_documents

    _tamper_quietly(checkout)
    with pytest.raises(NewscorpusError) as caught:
        expected_documents(checkout)  # DATASHEET statistics read every release
    assert "verify.modified" in str(caught.value)


@pytest.mark.parametrize("command", [("build",), ("browse",), ("publish", "--version", "9.0.0")])
def test_build_browse_and_publish_verify_the_releases_first(checkout, tmp_path, command):
    _tamper_quietly(checkout)
    extra = ("--out", str(tmp_path / "site")) if command[0] == "browse" else ()
    proc = run_cli("--root", str(checkout.root), *command, *extra)
    assert proc.returncode == 1 and "verify.modified" in proc.stderr and "Traceback" not in proc.stderr
    assert "9.0.0" not in [p.name for _, p in releases(checkout)] and not (tmp_path / "site").exists()


def test_F14_browse_of_a_manifest_that_is_not_json_is_a_located_error(checkout, tmp_path):
    path = _release(checkout) / "manifest.json"
    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")
    proc = run_cli("--root", str(checkout.root), "browse", "--out", str(tmp_path / "site"))
    assert proc.returncode == 1 and "verify.manifest" in proc.stderr and "internal error" not in proc.stderr


def test_the_release_1_0_0_manifest_still_verifies():
    """Backward compatibility of the manifest format: the committed releases verify as they are."""
    count, problems = verify_all(CorpusLayout(ROOT))
    assert count >= 1 and problems == [], [str(p) for p in problems]


def test_every_rule_is_exercised_here():
    source = Path(__file__).read_text(encoding="utf-8")
    assert [rule for rule in RULES if f'"{rule}"' not in source] == []


def test_a_re_signed_file_that_is_not_parquet_is_unreadable(checkout):
    release = _release(checkout)
    (release / NER).write_bytes(b"PAR1 not a footer PAR1")
    manifest = _manifest(release)
    entry = next(e for e in manifest["files"] if e["path"] == NER)
    entry.update(sha256=sha256_file(release / NER), size=(release / NER).stat().st_size)
    _write_manifest(release, manifest)
    assert "verify.unreadable" in _rules(checkout)
