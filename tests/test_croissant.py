"""The Croissant metadata of every published release validates with mlcroissant and reads back.

For each ``corpus/releases/X.Y.Z/``: build the JSON-LD with ``croissant_metadata(manifest)``,
write it into a copy of the release, load it with mlcroissant (errors fail the test; warnings are
printed), and read every record set through mlcroissant with the network switched off: the row
counts per split equal the manifest's and every record equals the row pyarrow reads from the
same Parquet file.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import socket
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import numpy as np
import pyarrow.parquet as pq
import pytest

from newscorpus.publish.croissant import croissant_metadata

ROOT = Path(__file__).resolve().parents[1]
RELEASES = sorted(p for p in (ROOT / "corpus" / "releases").glob("*")
                  if re.fullmatch(r"\d+\.\d+\.\d+", p.name) and (p / "manifest.json").is_file())


def _no_network(*args, **kwargs):
    raise AssertionError(f"mlcroissant tried to reach the network: {args!r}")


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to resolve a host name or open a connection fails the test."""
    for name in ("getaddrinfo", "gethostbyname", "create_connection"):
        monkeypatch.setattr(socket, name, _no_network)
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)


def _plain(value: Any) -> Any:
    """An mlcroissant value as plain Python: text decoded, numpy unwrapped, field ids cut to names."""
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[-1]: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_metadata_is_deterministic_and_pure():
    for release in RELEASES:
        manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        before = copy.deepcopy(manifest)
        first = json.dumps(croissant_metadata(manifest), sort_keys=True)
        assert manifest == before, "croissant_metadata changed its argument"
        assert json.dumps(croissant_metadata(copy.deepcopy(manifest)), sort_keys=True) == first
        assert str(ROOT) not in first, "the metadata holds a path of this machine"


@pytest.mark.parametrize("release", RELEASES, ids=[p.name for p in RELEASES])
def test_croissant_validates_and_reads(release: Path, tmp_path: Path, offline):
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    document = croissant_metadata(manifest)
    if (release / "croissant.json").is_file():  # a release that ships its description ships this one
        assert json.loads((release / "croissant.json").read_text(encoding="utf-8")) == document
    copy_dir = tmp_path / release.name
    shutil.copytree(release, copy_dir)
    jsonld = copy_dir / "croissant.json"
    jsonld.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    dataset = mlc.Dataset(jsonld=jsonld)  # raises mlc.ValidationError on any error
    issues = dataset.metadata.ctx.issues
    assert not issues.errors, issues.report()
    for warning in sorted(issues.warnings):
        print(f"mlcroissant warning ({release.name}): {warning}")

    # Every rai: property is one mlcroissant knows (unknown ones pass silently as extra triples).
    for key in (k for k in document if k.startswith("rai:")):
        assert getattr(dataset.metadata, _snake(key.removeprefix("rai:")), None), f"{key} not understood"

    # One FileObject per Parquet file of the manifest, with the file's real sha256 and size.
    parquet = {entry["path"]: entry for entry in manifest["files"] if entry["path"].endswith(".parquet")}
    objects = {obj.content_url: obj for obj in dataset.metadata.file_objects}
    assert sorted(objects) == sorted(parquet)
    for path, obj in objects.items():
        data = (copy_dir / path).read_bytes()
        assert obj.sha256 == parquet[path]["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert obj.content_size == f"{len(data)} B" == f"{parquet[path]['size']} B", path
        assert obj.encoding_formats == ["application/x-parquet"]

    record_sets = {rs.id: rs for rs in dataset.metadata.record_sets}
    assert sorted(record_sets) == sorted(manifest["configs"])
    for config, spec in manifest["configs"].items():
        names = {field.name for field in record_sets[config].fields}
        assert names == {"split", *spec["features"]}, f"{config}: columns without a field"

        records = [_plain(record) for record in dataset.records(config)]
        assert len(records) == sum(split["rows"] for split in spec["splits"].values()), config
        by_id = {record["id"]: record for record in records}
        assert len(by_id) == len(records), f"{config}: duplicate ids"
        for split, info in spec["splits"].items():
            assert sum(record["split"] == split for record in records) == info["rows"], (config, split)
            for path in info["files"]:
                rows = pq.read_table(copy_dir / path).to_pylist()
                assert len(rows) == parquet[path]["rows"]
                for row in rows:
                    record = by_id[row["id"]]
                    assert record.pop("split") == split
                    assert record == row, f"{config} {row['id']}: mlcroissant and pyarrow differ"
                    # and with the same types (3 == 3.0, but an id read as a float is wrong)
                    assert json.dumps(record, sort_keys=True) == json.dumps(row, sort_keys=True)
