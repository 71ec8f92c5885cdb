"""Publishing: releases load offline with exact features, are reproducible and immutable, and verify."""

from __future__ import annotations

import json
import os
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest
from datasets import ClassLabel, load_dataset

from newscorpus.layout import CorpusLayout
from newscorpus.publish import FEATURES, compare_release, publish, read_manifest, releases, verify_all
from newscorpus.publish.checkout import expected_readme
from newscorpus.publish.inputs import inputs_digest
from newscorpus.publish.release import build_release

from conftest import ROOT
from test_bad_input import run_cli


@pytest.fixture
def checkout(tmp_path) -> CorpusLayout:
    """A copy of the checkout's corpus (releases included), schema and README to publish into."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copyfile(ROOT / "README.md", tmp_path / "README.md")
    return CorpusLayout(tmp_path)


@pytest.fixture
def published(tmp_path) -> CorpusLayout:
    """The fixture corpus with a release of its own, 1.0.0, that it builds identically."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus" / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copyfile(ROOT / "README.md", tmp_path / "README.md")
    layout = CorpusLayout(tmp_path)
    assert publish(layout, "1.0.0").status == "published"
    return layout


def _all_configs(layout: CorpusLayout):
    for _, path in releases(layout):
        manifest = read_manifest(path)
        for config, info in manifest["configs"].items():
            yield manifest, path, config, info


def _labels_in_range(value, feature):
    if isinstance(feature, ClassLabel):
        assert value is None or 0 <= value < feature.num_classes
    elif isinstance(feature, dict):
        for key, sub in feature.items():
            _labels_in_range(value[key], sub)
    elif hasattr(feature, "feature"):
        for item in value:
            _labels_in_range(item, feature.feature)


def test_every_config_of_every_release_loads_offline_with_exact_features(repo_layout, tmp_path):
    for manifest, path, config, info in _all_configs(repo_layout):
        by_name = load_dataset(str(ROOT), f"{config}-{manifest['version']}", cache_dir=str(tmp_path / "hf"))
        in_release = load_dataset(str(path), config, cache_dir=str(tmp_path / "hf"))
        files = {split: [str(path / f) for f in s["files"]] for split, s in info["splits"].items()}
        as_parquet = load_dataset("parquet", data_files=files, cache_dir=str(tmp_path / "hf"))
        for loaded in (by_name, in_release, as_parquet):
            assert set(loaded) == set(info["splits"])
            for split, dataset in loaded.items():
                assert dataset.features == FEATURES[config], config
                assert dataset.num_rows == info["splits"][split]["rows"] > 0
                for row in dataset:
                    _labels_in_range(row, FEATURES[config])


def test_the_checkout_loads_the_newest_release_by_default(repo_layout, tmp_path):
    newest = read_manifest(releases(repo_layout)[-1][1])
    default = load_dataset(str(ROOT), cache_dir=str(tmp_path / "hf"))
    assert default["train"].features == FEATURES["documents"]
    for config in newest["configs"]:
        loaded = load_dataset(str(ROOT), config, cache_dir=str(tmp_path / "hf"))
        assert {s: d.num_rows for s, d in loaded.items()} == {s: v["rows"] for s, v in newest["configs"][config]["splits"].items()}


def test_ner_has_the_conll2003_shape(repo_layout, tmp_path):
    ner = load_dataset(str(ROOT), "ner", cache_dir=str(tmp_path / "hf"))["train"]
    features = ner.features
    assert list(features)[:3] == ["id", "tokens", "ner_tags"]
    assert features["tokens"].feature.dtype == "string"
    tags = features["ner_tags"].feature
    assert isinstance(tags, ClassLabel) and tags.names[0] == "O" and len(tags.names) == 37
    for row in ner:
        assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["ner_tag_names"]) == len(row["token_starts"])
        assert [tags.int2str(t) for t in row["ner_tags"]] == row["ner_tag_names"]
        for i, tag in enumerate(row["ner_tag_names"]):
            if tag.startswith("I-"):
                assert row["ner_tag_names"][i - 1][2:] == tag[2:]


def test_every_span_is_its_slice_of_the_text(repo_layout, tmp_path):
    for manifest, path, config, info in _all_configs(repo_layout):
        if config not in ("documents", "cleaning", "quotes"):
            continue
        dataset = load_dataset(str(path), config, cache_dir=str(tmp_path / "hf"))
        for split in dataset.values():
            for row in split:
                if config == "documents":
                    for layer in ("headings", "sentences", "entities", "quotes"):
                        for span in row[layer]:
                            assert row["text"][span["start"] : span["end"]] == span["text"]
                    for entity in row["entities"]:
                        assert FEATURES["documents"]["entities"].feature["label"].int2str(entity["label"]) == entity["label_name"]
                elif config == "cleaning":
                    for span in row["noise"] + row["normalizations"]:
                        assert row["raw_text"][span["start"] : span["end"]] == span["text"]
        if config == "quotes":
            documents = {r["id"]: r["text"] for s in load_dataset(str(path), "documents", cache_dir=str(tmp_path / "hf")).values() for r in s}
            for split in dataset.values():
                for row in split:
                    assert documents[row["document_id"]][row["start"] : row["end"]] == row["text"]


def test_duckdb_and_pandas_read_every_file_with_readable_labels(repo_layout):
    for manifest, path, config, info in _all_configs(repo_layout):
        for split in info["splits"].values():
            for name in split["files"]:
                file = str(path / name)
                frame = pq.read_table(file).to_pandas()
                assert len(frame) == split["rows"] and list(frame.columns)[0] == "id"
                count = duckdb.sql(f"select count(*) from '{file}'").fetchone()[0]
                assert count == split["rows"]
                kv = dict(duckdb.sql(f"select decode(key), decode(value) from parquet_kv_metadata('{file}')").fetchall())
                assert kv["newscorpus.version"] == manifest["version"] and kv["newscorpus.config"] == config
    documents = str(path / "documents" / "*.parquet")
    labels = duckdb.sql(f"select distinct e.label_name from (select unnest(entities) as e from '{documents}')").fetchall()
    assert {"PERSON", "GPE"} <= {row[0] for row in labels}


def test_verify_passes_and_the_newest_release_rebuilds_identically(repo_layout, tmp_path):
    count, problems = verify_all(repo_layout)
    assert count >= 1 and problems == []
    version, path = releases(repo_layout)[-1]
    manifest = read_manifest(path)
    if manifest["inputs_sha256"] != inputs_digest(repo_layout):
        pytest.skip(f"the corpus has changed since {path.name}; only its checksums are verified")
    previous = read_manifest(releases(repo_layout)[-2][1]) if len(releases(repo_layout)) > 1 else None
    (tmp_path / "rebuild").mkdir()
    build_release(repo_layout, path.name, tmp_path / "rebuild", previous)
    comparison = compare_release(path, tmp_path / "rebuild")
    print(f"rebuild of {path.name} compared by {comparison.mode}")
    assert comparison.identical, comparison.differences


def test_the_checkout_card_matches_the_releases(repo_layout):
    assert (ROOT / "README.md").read_text(encoding="utf-8") == expected_readme(repo_layout)


def test_no_config_lists_an_empty_split(repo_layout):
    for manifest, path, config, info in _all_configs(repo_layout):
        assert info["splits"] and all(s["rows"] > 0 for s in info["splits"].values())


def test_publishing_twice_gives_identical_bytes(published, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        out.mkdir()
        build_release(published, "9.9.9", out, None)
    for file in sorted(first.rglob("*.parquet")):
        assert file.read_bytes() == (second / file.relative_to(first)).read_bytes()
    assert compare_release(first, second).identical
    assert publish(published, releases(published)[-1][1].name).status == "unchanged"


def _change_a_quote_kind(layout: CorpusLayout) -> None:
    path = layout.annotations_dir / "000_ba8caa036516edf6.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    quote = doc["layers"]["quotes"]["items"][0]
    quote["kind"] = "full" if quote["kind"] == "fragment" else "fragment"
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_a_published_version_is_immutable_and_a_new_one_is_added_beside_it(checkout, tmp_path):
    newest = releases(checkout)[-1][1].name
    before = {p: p.read_bytes() for p in (checkout.releases_dir / newest).rglob("*") if p.is_file()}
    _change_a_quote_kind(checkout)
    proc = run_cli("--root", str(checkout.root), "publish", "--version", newest)
    assert proc.returncode == 1 and "publish.immutable" in proc.stderr and "Traceback" not in proc.stderr
    assert {p: p.read_bytes() for p in (checkout.releases_dir / newest).rglob("*") if p.is_file()} == before
    assert not list(checkout.releases_dir.glob(".tmp-*"))
    major, minor, patch = map(int, newest.split("."))
    backwards = run_cli("--root", str(checkout.root), "publish", "--version", "0.0.1")
    assert backwards.returncode == 1 and "publish.version-order" in backwards.stderr
    new = f"{major}.{minor}.{patch + 1}"
    result = publish(checkout, new)
    assert result.status == "published" and "1 changed" in result.changelog
    assert verify_all(checkout)[1] == []
    changelog = (checkout.releases_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index(f"## {new}") < changelog.index(f"## {newest}")
    for version in (newest, new):
        loaded = load_dataset(str(checkout.root), f"quotes-{version}", cache_dir=str(tmp_path / "hf"))
        kinds = {r["id"]: r["kind_name"] for r in loaded["train"]}
        assert kinds  # both versions load side by side
    old = load_dataset(str(checkout.root), f"quotes-{newest}", cache_dir=str(tmp_path / "hf"))["train"][0]["kind_name"]
    now = load_dataset(str(checkout.root), "quotes", cache_dir=str(tmp_path / "hf"))["train"][0]["kind_name"]
    assert old != now


def test_moving_a_story_between_splits_needs_a_major_version(checkout):
    newest = releases(checkout)[-1][1].name
    major, minor, _patch = map(int, newest.split("."))
    story = next(iter(read_manifest(checkout.releases_dir / newest)["story_splits"]))
    (checkout.corpus / "splits.json").write_text(json.dumps({"stories": {story: "test"}}), encoding="utf-8")
    proc = run_cli("--root", str(checkout.root), "publish", "--version", f"{major}.{minor + 1}.0")
    assert proc.returncode == 1 and "publish.needs-major" in proc.stderr and story in proc.stderr
    result = publish(checkout, f"{major + 1}.0.0")
    assert result.manifest["story_splits"][story] == "test"
    assert "story `" in result.changelog and "-> test" in result.changelog


@pytest.mark.parametrize("tamper", ["modified", "missing", "extra"])
def test_verify_catches_a_modified_missing_or_extra_file(checkout, tamper):
    release = releases(checkout)[-1][1]
    target = release / "ner" / "train-00000-of-00001.parquet"
    if tamper == "modified":
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
    elif tamper == "missing":
        target.unlink()
    else:
        (release / "ner" / "train-00001-of-00001.parquet").write_bytes(b"PAR1")
    count, problems = verify_all(checkout)
    assert [p.rule for p in problems] == [f"verify.{tamper}"]
    proc = run_cli("--root", str(checkout.root), "verify")
    assert proc.returncode == 1 and f"verify.{tamper}" in proc.stderr and "Traceback" not in proc.stderr


def test_readme_python_examples_run_on_the_checkout(tmp_path):
    """Every Python example of the README that reads the release runs as written, offline, from
    the checkout's root (an example that stops working, like a bare "." path, fails here)."""
    import re
    import subprocess
    import sys

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    examples = [b for b in blocks if "load_dataset" in b or "duckdb" in b]
    assert len(examples) >= 2
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": str(tmp_path / "hf")}
    for example in examples:
        done = subprocess.run([sys.executable, "-c", example], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"README example failed:\n{example}\n{done.stderr[-2000:]}"


# --- the catalogue: the previous release, chosen in one place --------------------------------------


def test_the_previous_release_is_the_newest_below_the_version(checkout):
    from newscorpus.publish import Catalogue

    catalogue = Catalogue(checkout)
    newest = catalogue.newest()
    assert catalogue.previous(newest.name) is None or catalogue.previous(newest.name).version < newest.version
    assert catalogue.previous("999.0.0") == newest
    assert catalogue.previous("0.0.0") is None


def test_publish_out_takes_the_splits_of_the_release_below_its_version_not_a_higher_one(checkout, tmp_path):
    newest = releases(checkout)[-1][1].name
    major = int(newest.split(".")[0])
    story = next(iter(read_manifest(checkout.releases_dir / newest)["story_splits"]))
    kept = read_manifest(checkout.releases_dir / newest)["story_splits"][story]
    moved = "test" if kept != "test" else "train"
    (checkout.corpus / "splits.json").write_text(json.dumps({"stories": {story: moved}}), encoding="utf-8")
    publish(checkout, f"{major + 1}.0.0")  # a higher release with the story moved
    (checkout.corpus / "splits.json").unlink()
    between = f"{major}.5.0"
    proc = run_cli("--root", str(checkout.root), "publish", "--version", between, "--out", str(tmp_path / "scratch"))
    assert proc.returncode == 0, proc.stderr
    assert read_manifest(tmp_path / "scratch")["story_splits"][story] == kept  # from newest, the release below it


# --- F-14, F-19: publish --out ------------------------------------------------------------------------


def test_F14_publish_out_a_file_is_a_usage_error(checkout, tmp_path):
    target = tmp_path / "userfile.txt"
    target.write_text("precious\n")
    proc = run_cli("--root", str(checkout.root), "publish", "--version", "1.0.0", "--out", str(target))
    assert proc.returncode == 2 and "new or empty directory" in proc.stderr and "internal error" not in proc.stderr
    assert target.read_text() == "precious\n"


def test_F19_publish_out_inside_the_releases_is_refused(checkout):
    before = [path.name for _, path in releases(checkout)]
    for out in ("corpus/releases/0.0.1", "corpus/releases", "corpus/clean/x"):
        proc = run_cli("--root", str(checkout.root), "publish", "--version", "0.0.1", "--out", out, cwd=checkout.root)
        assert proc.returncode == 2 and "inside corpus/" in proc.stderr, proc.stderr
    assert not (checkout.releases_dir / "0.0.1").exists() and not (checkout.clean_dir / "x").exists()
    assert [path.name for _, path in releases(checkout)] == before and verify_all(checkout)[1] == []


def test_F19_a_stray_release_directory_stops_publish_before_anything_is_renamed(checkout):
    newest = releases(checkout)[-1][1]
    fake = checkout.releases_dir / "3.0.0"
    shutil.copytree(newest, fake)
    manifest = read_manifest(fake)
    manifest["version"] = "2.0.0"
    (fake / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    changelog = (checkout.releases_dir / "CHANGELOG.md").read_bytes()
    proc = run_cli("--root", str(checkout.root), "publish", "--version", "99999999999999999999.0.0")
    assert proc.returncode == 1 and "verify.manifest" in proc.stderr and "publish.unverified" in proc.stderr
    assert not (checkout.releases_dir / "99999999999999999999.0.0").exists()
    assert (checkout.releases_dir / "CHANGELOG.md").read_bytes() == changelog


def test_F19_nothing_but_prepared_writes_follow_the_rename(checkout, tmp_path):
    _change_a_quote_kind(checkout)
    log = tmp_path / "checkpoints.log"
    env = {"NEWSCORPUS_CHECKPOINT_LOG": str(log), "NEWSCORPUS_NO_CACHE": "1"}
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "newscorpus.cli", "--root", str(checkout.root), "-q", "publish", "--version", "9.0.0"],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=600)
    assert done.returncode == 0, done.stderr
    labels = [line.split(" ", 1)[1] for line in log.read_text().splitlines()]
    after = labels[labels.index("publish 9.0.0: renamed into place") + 1:]
    assert after and all(label.startswith(("write CHANGELOG.md", "write README.md", "write DATASHEET.md", "publish 9.0.0: changelog written",
                                           "publish 9.0.0: cards written")) for label in after), after


# --- F-20: the release check compares what a release means ------------------------------------------


def _as_written_by_another_pyarrow(release, out):
    """A copy of ``release`` as other library versions would write it: the same rows and metadata,
    other bytes (another compression level), the writer versions and checksums to match."""
    from newscorpus.fsutil import sha256_file
    from newscorpus.publish.card import release_card
    from newscorpus.publish.croissant import croissant_metadata
    from newscorpus.publish.parquet import WRITER_OPTIONS

    shutil.copytree(release, out)
    manifest = read_manifest(out)
    manifest["writer"]["pyarrow"] = "25.0.1"
    manifest["writer"]["datasets"] = "4.9.9"
    for entry in manifest["files"]:
        if entry["path"].endswith(".parquet"):
            file = out / entry["path"]
            table = pq.read_table(file)
            pq.write_table(table, file, **{**WRITER_OPTIONS, "compression_level": 3})
            entry.update(sha256=sha256_file(file), size=file.stat().st_size)
    (out / "README.md").write_text(release_card(manifest), encoding="utf-8")
    for name in ("README.md", "croissant.json"):
        if name == "croissant.json":
            (out / name).write_text(json.dumps(croissant_metadata(manifest), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        entry = next(e for e in manifest["files"] if e["path"] == name)
        entry.update(sha256=sha256_file(out / name), size=(out / name).stat().st_size)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_F20_a_release_written_by_other_library_versions_is_the_same_release(published, tmp_path):
    release = releases(published)[-1][1]
    other = tmp_path / "other"
    _as_written_by_another_pyarrow(release, other)
    assert (other / "ner" / "train-00000-of-00001.parquet").read_bytes() != (release / "ner" / "train-00000-of-00001.parquet").read_bytes()
    comparison = compare_release(other, release)
    assert comparison.identical and comparison.mode == "content", comparison.differences
    # what the release means still counts: other rows are a difference
    file = other / "quotes" / "train-00000-of-00001.parquet"
    table = pq.read_table(file)
    pq.write_table(table.slice(1).replace_schema_metadata(table.schema.metadata), file)
    comparison = compare_release(other, release)
    assert not comparison.identical and any("quotes" in d for d in comparison.differences)


def test_F20_build_and_publish_accept_a_release_written_by_other_library_versions(published, tmp_path):
    release = releases(published)[-1][1]
    other = tmp_path / "other"
    _as_written_by_another_pyarrow(release, other)
    shutil.rmtree(release)
    shutil.move(str(other), release)
    assert verify_all(published)[1] == []
    proc = run_cli("--root", str(published.root), "build")
    assert proc.returncode == 0, proc.stderr
    assert f"builds release {release.name} identically (content compared" in proc.stdout, proc.stdout
    proc = run_cli("--root", str(published.root), "publish", "--version", release.name)
    assert proc.returncode == 0 and "already published, identical" in proc.stdout, proc.stderr


def test_F20_derived_files_are_compared_as_the_code_derives_them(published, tmp_path):
    release = releases(published)[-1][1]
    other = tmp_path / "other"
    _as_written_by_another_pyarrow(release, other)
    from newscorpus.fsutil import sha256_file

    croissant = json.loads((other / "croissant.json").read_text(encoding="utf-8"))
    croissant["description"] += " Edited."
    (other / "croissant.json").write_text(json.dumps(croissant), encoding="utf-8")
    manifest = read_manifest(other)
    next(e for e in manifest["files"] if e["path"] == "croissant.json").update(
        sha256=sha256_file(other / "croissant.json"), size=(other / "croissant.json").stat().st_size)
    (other / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    comparison = compare_release(other, release)
    assert not comparison.identical and any("croissant.json" in d for d in comparison.differences)


def test_a_changelog_entry_says_what_a_moved_version_was():
    from newscorpus.publish.changelog import changelog_entry

    class Rows:  # a release with no rows: the entry's version line is what is looked at
        def __init__(self, version, ruleset):
            self.version = version
            self.manifest = {"version": version, "configs": {}, "story_splits": {}, "schema_version": "1.0.0",
                             "guidelines_version": "1.0.0", "ruleset_version": ruleset}

        def rows(self, config):
            return iter(())

    entry = changelog_entry(Rows("1.1.0", "3.0.0"), Rows("1.0.0", "1.1.0"))
    assert "- schema 1.0.0, guidelines 1.0.0, cleaning rules 3.0.0 (was 1.1.0)" in entry
    assert "cleaning rules 1.1.0\n" in changelog_entry(Rows("1.0.0", "1.1.0"), None)
