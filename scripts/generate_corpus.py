#!/usr/bin/env python3
"""Generate raw news texts shaped like the corpus: its sentences recombined, with noise lines.

Deterministic from --seed. Each document is a handful of paragraphs built from sentences of the
corpus's clean texts, with in-body sub-headings, and noise of every kind the cleaner knows at
the positions where it occurs in real copy (bylines and timestamps on top, read-more links and
furniture in the body, credits, copyright, signatures and fake bios at the end). CRLF line ends,
trailing spaces and a byte-order mark turn up now and then.

    python scripts/generate_corpus.py OUT_DIR --documents 1000 [--seed 0] [--raw-only]

writes a corpus in the project's layout under OUT_DIR: corpus/raw/<id>.txt, corpus/sources.json,
corpus/annotations/<id>.json and corpus/annotations/stories/<story>.json (documents grouped
into stories of two to four reports), and OUT_DIR/noise.jsonl (the noise lines of each document,
for measuring the cleaner). The annotation files validate: silver sentences and headings (the
project's own rules), silver entity mentions (the real entity inventory's unambiguous aliases),
silver quotes (curly-quoted spans, speaker the nearest person in the sentence, cue a nearby
"said"), and story inventories and alignments (sentences that two reports share). `newscorpus
clean` then `newscorpus build` run on it as on the real corpus. Never writes into corpus/.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]

FIRST = ["Anna", "Guy", "Laurie", "Yew Lun", "Tom", "Mark", "Andrew", "Olga", "Mikhail", "Li", "Ruth", "Jean-Paul", "Kenji"]
LAST = ["Schmidt", "Faulconbridge", "Chen", "Tian", "Balmforth", "Heinrich", "Osborn", "Petrova", "Ivanov", "Wei", "O'Neil", "Dubois", "Sato"]
PLACES = ["Moscow", "Beijing", "Kyiv", "Tokyo", "Washington", "Berlin", "London"]
AGENCIES = ["AFP", "AP", "Reuters", "dpa", "KNA", "EFE", "Xinhua", "TASS", "Kyodo"]
INITIALS = ["ab", "rs", "dh", "ar", "kb", "msh", "jsi", "rc", "nm", "sms", "bur", "lo", "ed", "jc"]
TRANSLATED = ["about", "you", "from", "with", "as", "at", "in"]
MODIFIERS = ["Subtly charming", "Amateur", "Typical", "Hardcore", "Incurable", "Devoted", "Award-winning", "Total", "Wannabe", "Proud", "Unapologetic", "Extreme", "Friendly", "Evil", "Lifelong", "Certified"]
TOPICS = ["beer", "pop culture", "music", "coffee", "tv", "web", "internet", "travel", "food", "bacon", "zombie", "twitter", "social media", "alcohol"]
ROLES = ["fanatic", "junkie", "specialist", "student", "scholar", "guru", "ninja", "evangelist", "aficionado", "enthusiast", "lover", "advocate", "expert", "nerd", "buff", "maven", "geek", "fan", "practitioner", "trailblazer"]
SOLO = ["Creator.", "Introvert.", "Thinker.", "Problem solver.", "Troublemaker.", "Tvaholic.", "Explorer.", "Analyst.", "Gamer.", "Writer.", "Reader.", "Organizer."]
HEADINGS = ["Kishida in Kyiv", "Energy ties", "“constructive role”", "A peace plan", "Western concern", "Trade in yuan", "“no limits”"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _bio(rng: random.Random) -> str:
    phrases = []
    for _ in range(rng.randint(4, 6)):
        if rng.random() < 0.25:
            phrases.append(rng.choice(SOLO))
        else:
            modifier = rng.choice(MODIFIERS) + " " if rng.random() < 0.6 else ""
            phrase = f"{modifier}{rng.choice(TOPICS)} {rng.choice(ROLES)}."
            phrases.append(phrase[0].upper() + phrase[1:])
    text = " ".join(phrases)
    return f"“{text}”" if rng.random() < 0.5 else text


def _signature(rng: random.Random) -> str:
    parts = rng.sample(INITIALS, rng.randint(2, 3))
    if rng.random() < 0.3:
        parts[1:] = [rng.choice(TRANSLATED) for _ in parts[1:]]
    agencies = f" ({', '.join(rng.sample(AGENCIES, rng.randint(1, 3)))})" if rng.random() < 0.6 else ""
    return "/".join(parts) + agencies


def _credit(rng: random.Random) -> str:
    line = f"Reporting by {_name(rng)} in {rng.choice(PLACES)}; Editing by {_name(rng)}"
    return f"({line})" if rng.random() < 0.5 else line


TOP_NOISE = {
    "byline": lambda rng: f"By {_name(rng)}" + (f", {rng.choice(AGENCIES)}" if rng.random() < 0.3 else ""),
    "timestamp": lambda rng: f"Published: {rng.randint(1, 28)}.03.2023 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
}
BODY_NOISE = {
    "read_more": lambda rng: f"Read more: {rng.choice(HEADINGS).strip('“”')} as talks go on",
    "boilerplate": lambda rng: rng.choice(["Advertisement", "Share this article", "Follow us on Twitter", "Scroll to continue with content"]),
}
END_NOISE = {
    "credit": _credit,
    "copyright": lambda rng: f"© 2023 {rng.choice(AGENCIES)}. All rights reserved.",
    "signature": _signature,
    "author_bio": _bio,
}


def corpus_sentences() -> list[str]:
    """Sentences of the project's clean texts (headings left out), split naively."""
    sentences = []
    for path in sorted((ROOT / "corpus" / "clean").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if len(line.split()) > 6:
                sentences.extend(s for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", line) if s)
    if not sentences:
        sys.exit("no clean texts found: run `newscorpus clean` first")
    return sentences


def generate(n: int, seed: int) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """Yield (id, raw text, [(label, noise line)]) for ``n`` documents."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    for index in range(n):
        noise: list[tuple[str, str]] = []
        lines: list[str] = []
        for label, make in TOP_NOISE.items():
            if rng.random() < 0.3:
                noise.append((label, make(rng)))
                lines.append(noise[-1][1])
        for paragraph in range(rng.randint(6, 14)):
            if paragraph and rng.random() < 0.12:
                lines.append(rng.choice(HEADINGS))
            elif paragraph and rng.random() < 0.08:
                label, make = rng.choice(list(BODY_NOISE.items()))
                noise.append((label, make(rng)))
                lines.append(noise[-1][1])
            lines.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))))
        for label, make in END_NOISE.items():
            if rng.random() < 0.35:
                noise.append((label, make(rng)))
                lines.append(noise[-1][1])
        newline = "\r\n" if rng.random() < 0.1 else "\n"
        text = newline.join(line + (" " if rng.random() < 0.03 else "") for line in lines)
        if rng.random() < 0.02:
            text = "\ufeff" + text
        if rng.random() < 0.5:
            text += newline
        yield f"gen_{seed}_{index:07d}", text, noise


def _inventory() -> dict[str, dict]:
    """The real corpus's entity inventory (read only): the source of generated entity keys."""
    merged = {}
    for path in sorted((ROOT / "corpus" / "annotations" / "stories").glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["entities"]["items"]:
            merged.setdefault(entry["key"], entry)
    return merged


def _annotate(doc_id: str, story_id: str, raw: str, inventory: dict[str, dict]) -> dict:
    from newscorpus.annotations.init import annotation_document, silver_entities, span_item
    from newscorpus.model import GUIDELINES_VERSION, context_of
    from newscorpus.annotations.sentences import split_sentences
    from newscorpus.clean import clean_text

    result = clean_text(raw)
    text = result.text
    headings = [(h.start, h.end) for h in result.headings]
    sentences = split_sentences(text, headings)
    entities = silver_entities(text, sorted(sentences + headings), inventory)
    prov = lambda rule: {"agent": "rule", "id": rule, "guidelines_version": GUIDELINES_VERSION}  # noqa: E731

    def span(item_id, start, end, **extra):
        return span_item(item_id, text, start, end, **extra)

    quotes = []
    for start, end in sentences:
        for match in re.finditer(r"“[^“”\n]{1,400}”", text[start:end]):
            qs, qe = start + match.start(), start + match.end()
            people = [e for e in entities if start <= e["start"] < end and e["label"] == "PERSON" and not qs <= e["start"] < qe]
            speaker = min(people, key=lambda e: abs(e["start"] - qs))["key"] if people else None
            cue = re.search(r"\bsaid\b", text[qe:end])
            item = {"kind": "fragment", "speaker": speaker}
            if speaker is None:
                item["speaker_reason"] = "unattributed"
            if cue:
                cs = qe + cue.start()
                prefix, suffix = context_of(text, cs, cs + 4)
                item["cue"] = {"start": cs, "end": cs + 4, "text": "said", "prefix": prefix, "suffix": suffix}
            else:
                item.update(cue=None, cue_reason="no-cue-words")
            quotes.append(span(f"q{len(quotes) + 1}", qs, qe, **item))
    return annotation_document(doc_id, story_id, text, {
        "sentences": {"status": "silver", "provenance": prov("generator/punkt-sentences@1"),
                      "items": [span(f"s{i}", s, e) for i, (s, e) in enumerate(sentences, 1)]},
        "headings": {"status": "silver", "provenance": prov("generator/heading.short-line"),
                     "items": [span(f"h{i}", s, e) for i, (s, e) in enumerate(headings, 1)]},
        "entities": {"status": "silver", "provenance": prov("generator/inventory-alias@1"), "items": entities},
        "quotes": {"status": "silver", "provenance": prov("generator/curly-quotes@1"), "items": quotes},
    })


def _story(story_id: str, docs: list[dict], inventory: dict[str, dict]) -> dict:
    from newscorpus.model import GUIDELINES_VERSION, SCHEMA_VERSION

    seen: dict[str, set[str]] = {}
    for doc in docs:
        for entity in doc["layers"]["entities"]["items"]:
            seen.setdefault(entity["key"], set()).add(entity["text"])
    entries = [{"key": k, "name": inventory[k]["name"], "label": inventory[k]["label"], "aliases": sorted(v)} for k, v in sorted(seen.items())]
    alignments, pairs = [], set()
    for i, a in enumerate(docs):
        first = {}
        for s in a["layers"]["sentences"]["items"]:
            first.setdefault(s["text"], s["id"])
        for b in docs[i + 1:]:
            for s in b["layers"]["sentences"]["items"]:
                if s["text"] in first and (a["id"], first[s["text"]], b["id"], s["id"]) not in pairs:
                    pairs.add((a["id"], first[s["text"]], b["id"], s["id"]))
                    alignments.append({"id": f"a{len(alignments) + 1}", "source": {"document": a["id"], "sentence": first[s["text"]]},
                                       "target": {"document": b["id"], "sentence": s["id"]}, "relation": "equivalent"})
    prov = {"agent": "rule", "id": "generator@1", "guidelines_version": GUIDELINES_VERSION}
    return {
        "schema_version": SCHEMA_VERSION, "story_id": story_id, "guidelines_version": GUIDELINES_VERSION,
        "documents": [d["id"] for d in docs],
        "entities": {"status": "silver", "provenance": prov, "items": entries},
        "alignments": {"status": "silver", "provenance": prov, "items": alignments},
        "discrepancies": {"status": "none", "items": []},
    }


def write(out: Path, n: int, seed: int, *, raw_only: bool = False, progress_every: int = 1000) -> int:
    """Write ``n`` generated documents in the corpus layout under ``out``; the raw bytes written."""
    import hashlib

    from newscorpus.annotations.io import dumps

    out = out.resolve()
    if out == ROOT.resolve() or out == (ROOT / "corpus").resolve() or (ROOT / "corpus").resolve() in out.parents:
        sys.exit("refusing to write into the project's corpus/")
    corpus = out / "corpus"
    raw_dir, ann_dir, story_dir = corpus / "raw", corpus / "annotations", corpus / "annotations" / "stories"
    for directory in (raw_dir, ann_dir, story_dir):
        directory.mkdir(parents=True, exist_ok=True)
    inventory = _inventory()
    rng = random.Random(f"stories-{seed}")
    total, records, story_docs, story_index = 0, [], [], 0
    story_size = rng.randint(2, 4)
    story_id = f"gen-{seed}-{story_index:07d}"

    def close_story() -> None:
        if story_docs and not raw_only:
            (story_dir / f"{story_id}.json").write_text(dumps(_story(story_id, story_docs, inventory)), encoding="utf-8")

    with open(out / "noise.jsonl", "w", encoding="utf-8") as truth:
        for count, (doc_id, text, noise) in enumerate(generate(n, seed), 1):
            if len(story_docs) == story_size:
                close_story()
                story_docs, story_index, story_size = [], story_index + 1, rng.randint(2, 4)
                story_id = f"gen-{seed}-{story_index:07d}"
            data = text.encode("utf-8")
            (raw_dir / f"{doc_id}.txt").write_bytes(data)
            truth.write(json.dumps({"id": doc_id, "noise": noise}, ensure_ascii=False) + "\n")
            records.append({
                "id": doc_id, "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data), "language": "en",
                "story_id": story_id,
                "origin": {"outlet": None, "author": None, "published": None, "url": None, "note": "Generated by scripts/generate_corpus.py."},
                "translation": {"machine_translated": "no", "source_language": None, "evidence": []},
                "event": {"description": "A generated event.", "date": None, "basis": "unknown", "evidence": ""},
            })
            if not raw_only:
                doc = _annotate(doc_id, story_id, text, inventory)
                (ann_dir / f"{doc_id}.json").write_text(dumps(doc), encoding="utf-8")
                story_docs.append(doc)
            else:
                story_docs.append({"id": doc_id})
            total += len(data)
            if progress_every and count % progress_every == 0:
                print(f"  {count}/{n} documents", file=sys.stderr, flush=True)
        close_story()
    (corpus / "sources.json").write_text(json.dumps({"version": 1, "documents": records}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--raw-only", action="store_true", help="raw texts and sources only, no annotation files")
    args = parser.parse_args()
    total = write(args.out, args.documents, args.seed, raw_only=args.raw_only)
    print(f"wrote {args.documents} documents ({total / 1e6:.1f} MB of raw text) in the corpus layout under {args.out}/")


if __name__ == "__main__":
    main()
