"""Dataset cards: the YAML front matter of README.md (the checkout's card) and each release's own card.

``load_dataset("<checkout>")`` reads the front matter of the checkout's README.md: one config per
published config for the newest release (``documents`` is the default), plus every config of
every release under a pinned name (``documents-1.0.0``). Each release directory also carries a
README.md whose configs point inside it, so ``load_dataset("corpus/releases/1.0.0", "ner")``
works on the release alone.
"""

from __future__ import annotations

import re
from typing import Any

from .features import CONFIGS, DEFAULT_CONFIG, FEATURES

PRETTY_NAME = "newscorpus"
CARD_META = {
    "pretty_name": PRETTY_NAME,
    "language": ["en"],
    "license": "other",
    "license_name": "unknown-source-texts",
    "license_link": "DATASHEET.md",
    "task_categories": ["token-classification", "sentence-similarity", "text-classification"],
    "task_ids": ["named-entity-recognition"],
    "tags": ["news", "stand-off-annotation", "quotation-attribution", "cross-document-alignment", "ontonotes"],
}
LICENSE_NOTE = (
    "Annotations and code: the project's own (CC BY 4.0 and MIT). Source texts: machine-translated news "
    "reports of unknown outlets; their licence is unknown, so redistribution rights are not established "
    "(see DATASHEET.md)."
)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def size_category(documents: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if documents < limit:
            return name
    return "n>1M"


def _yaml_scalar(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_./*<>+-][A-Za-z0-9_ ./*<>+-]*", text) and text not in ("true", "false", "null") and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _configs_yaml(entries: list[tuple[str, dict[str, list[str]], bool]]) -> list[str]:
    lines = ["configs:"]
    for name, splits, default in entries:
        lines.append(f"- config_name: {_yaml_scalar(name)}")
        if default:
            lines.append("  default: true")
        lines.append("  data_files:")
        for split, paths in splits.items():
            lines.append(f"  - split: {split}")
            lines.append("    path:")
            lines += [f"    - {_yaml_scalar(p)}" for p in paths]
    return lines


def front_matter(configs: list[tuple[str, dict[str, list[str]], bool]], documents: int) -> str:
    lines = ["---"]
    for key, value in CARD_META.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"- {_yaml_scalar(v)}" for v in value]
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines += ["size_categories:", f"- {_yaml_scalar(size_category(documents))}"]
    lines += _configs_yaml(configs)
    lines.append("---")
    return "\n".join(lines) + "\n"


def release_configs(manifest: dict[str, Any], prefix: str = "", pinned: bool = False) -> list[tuple[str, dict[str, list[str]], bool]]:
    """Config entries for one release; paths relative to the card, under ``prefix``."""
    version = manifest["version"]
    entries = []
    for config in CONFIGS:
        splits = manifest["configs"].get(config, {}).get("splits", {})
        if not splits:
            continue
        paths = {split: [f"{prefix}{config}/{split}-*.parquet"] for split in splits}
        name = f"{config}-{version}" if pinned else config
        entries.append((name, paths, config == DEFAULT_CONFIG and not pinned))
    return entries


def checkout_front_matter(manifests: list[dict[str, Any]]) -> str:
    """The checkout README's front matter for the releases ``manifests`` (oldest first)."""
    if not manifests:
        return ""
    newest = manifests[-1]
    entries = release_configs(newest, f"corpus/releases/{newest['version']}/")
    for manifest in manifests:
        entries += release_configs(manifest, f"corpus/releases/{manifest['version']}/", pinned=True)
    return front_matter(entries, newest["documents"])


def with_front_matter(readme: str, matter: str) -> str:
    body = _FRONT_MATTER.sub("", readme, count=1)
    return matter + body if matter else body


def release_card(manifest: dict[str, Any]) -> str:
    """The README.md inside a release directory: its own configs, version, sizes and fields."""
    version = manifest["version"]
    lines = [front_matter(release_configs(manifest), manifest["documents"]).rstrip("\n"), ""]
    lines += [
        f"# {PRETTY_NAME} {version}",
        "",
        "An immutable release of newscorpus: machine-translated news reports with stand-off annotations",
        "(sentences, headings, OntoNotes 5.0 named entities with cross-document keys, quotations with",
        "speakers and cues, cross-document sentence alignments and discrepancies) and the record of",
        "the noise their cleaning removed.",
        "",
        f"- schema {manifest['schema_version']}, annotation guidelines {manifest['guidelines_version']}, cleaning rules {manifest['ruleset_version']}",
        f"- written by datasets {manifest['writer']['datasets']} and pyarrow {manifest['writer']['pyarrow']}",
        f"- licence: {LICENSE_NOTE}",
        "",
        "## Configs",
        "",
        "| config | split | rows |",
        "|---|---|---|",
    ]
    for config in CONFIGS:
        for split, info in manifest["configs"].get(config, {}).get("splits", {}).items():
            lines.append(f"| `{config}` | {split} | {info['rows']} |")
    lines += ["", "## Fields", ""]
    for config in CONFIGS:
        if config in manifest["configs"]:
            lines.append(f"- `{config}`: " + ", ".join(f"`{name}`" for name in FEATURES[config]))
    lines += [
        "",
        "Label columns are `ClassLabel` integers; each has a string twin with the label's name",
        "(`label_name`, `kind_name`, `relation_name`, `ner_tag_names`, ...). Offsets are Unicode code points;",
        "entity, quote, sentence and heading offsets index the document's clean `text`, noise offsets",
        "its raw text (config `cleaning`).",
        "",
        "## Loading",
        "",
        "```python",
        "from datasets import load_dataset",
        f'ner = load_dataset("corpus/releases/{version}", "ner")',
        "```",
        "",
        "Splits are assigned per story (reports of one event never straddle splits) and are stable",
        "across versions; see `manifest.json` for the assignment and every file's sha256.",
    ]
    return "\n".join(lines) + "\n"
