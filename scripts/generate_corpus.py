#!/usr/bin/env python3
"""Generate raw news texts shaped like the corpus: its sentences recombined, with noise lines.

Deterministic from --seed. Each document is a handful of paragraphs built from sentences of the
corpus's clean texts, with in-body sub-headings, and noise of every kind the cleaner knows at
the positions where it occurs in real copy (bylines and timestamps on top, read-more links and
furniture in the body, credits, copyright, signatures and fake bios at the end). CRLF line ends,
trailing spaces and a byte-order mark turn up now and then.

    python scripts/generate_corpus.py OUT_DIR --documents 1000 [--seed 0]

writes OUT_DIR/corpus/raw/<id>.txt and OUT_DIR/noise.jsonl (the noise lines of each document,
for measuring the cleaner). Never writes into the project's own corpus/.
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


def write(out: Path, n: int, seed: int) -> int:
    out = out.resolve()
    if out == (ROOT / "corpus").resolve() or (ROOT / "corpus").resolve() in out.parents:
        sys.exit("refusing to write into the project's corpus/")
    raw_dir = out / "corpus" / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    with open(out / "noise.jsonl", "w", encoding="utf-8") as truth:
        for doc_id, text, noise in generate(n, seed):
            data = text.encode("utf-8")
            (raw_dir / f"{doc_id}.txt").write_bytes(data)
            truth.write(json.dumps({"id": doc_id, "noise": noise}, ensure_ascii=False) + "\n")
            total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    total = write(args.out, args.documents, args.seed)
    print(f"wrote {args.documents} documents ({total / 1e6:.1f} MB) to {args.out}/corpus/raw")


if __name__ == "__main__":
    main()
