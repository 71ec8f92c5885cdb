#!/usr/bin/env python3
"""Inter-annotator agreement between the corpus annotations and an independent pass.

    python scripts/agreement.py OTHER_DIR [--show]

OTHER_DIR holds one ``<doc_id>.json`` per document ({"sentences", "entities", "quotes"} lists
of spans, as in the annotation files' items) and ``story.json`` ({"entities", "alignments",
"discrepancies"}). Prints, per layer, exact-match precision/recall/F1 of the other pass against
the corpus annotations (F1 is symmetric, so which side is "gold" does not change it), and the
agreement on attributes (label, key, kind, speaker, cue, relation) where spans match; Cohen's
kappa for entity labels on matched spans. --show lists every disagreement.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prf(ours: set, theirs: set) -> tuple[float, float, float]:
    both = len(ours & theirs)
    p = both / len(theirs) if theirs else 1.0
    r = both / len(ours) if ours else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return 1.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    rows, shown = [], []
    totals = {name: [set(), set()] for name in ("sentences", "entity spans", "entities (span+label)", "quotes")}
    label_pairs, key_pairs, quote_attrs = [], [], Counter()
    quote_matched = 0
    for path in sorted((ROOT / "corpus" / "annotations").glob("*.json")):
        doc_id = path.stem
        ours = json.loads(path.read_text(encoding="utf-8"))["layers"]
        theirs = json.loads((args.other / f"{doc_id}.json").read_text(encoding="utf-8"))
        span = lambda i: (doc_id, i["start"], i["end"])  # noqa: E731
        totals["sentences"][0] |= {span(s) for s in ours["sentences"]["items"]}
        totals["sentences"][1] |= {span(s) for s in theirs["sentences"]}
        o_ent = {span(e): e for e in ours["entities"]["items"]}
        t_ent = {span(e): e for e in theirs["entities"]}
        totals["entity spans"][0] |= set(o_ent)
        totals["entity spans"][1] |= set(t_ent)
        totals["entities (span+label)"][0] |= {(*k, e["label"]) for k, e in o_ent.items()}
        totals["entities (span+label)"][1] |= {(*k, e["label"]) for k, e in t_ent.items()}
        for k in sorted(set(o_ent) | set(t_ent)):
            a, b = o_ent.get(k), t_ent.get(k)
            if a and b:
                label_pairs.append((a["label"], b["label"]))
                if a.get("key") or b.get("key"):
                    key_pairs.append((a.get("key"), b.get("key")))
                if a["label"] != b["label"] or a.get("key") != b.get("key"):
                    shown.append(f"{doc_id} {k[1]}-{k[2]} {a['text']!r}: {a['label']}/{a.get('key')} vs {b['label']}/{b.get('key')}")
            else:
                e = a or b
                shown.append(f"{doc_id} {k[1]}-{k[2]} {e['text']!r} {e['label']}/{e.get('key')}: only in {'ours' if a else 'theirs'}")
        o_q = {span(q): q for q in ours["quotes"]["items"]}
        t_q = {span(q): q for q in theirs["quotes"]}
        totals["quotes"][0] |= set(o_q)
        totals["quotes"][1] |= set(t_q)
        for k in sorted(set(o_q) & set(t_q)):
            a, b = o_q[k], t_q[k]
            quote_matched += 1
            for attr in ("kind", "speaker"):
                quote_attrs[attr] += a.get(attr) == b.get(attr)
            cue = lambda q: (q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None  # noqa: E731
            quote_attrs["cue"] += cue(a) == cue(b)
            for attr, x, y in (("kind", a["kind"], b["kind"]), ("speaker", a["speaker"], b["speaker"]), ("cue", a["cue"] and a["cue"]["text"], b["cue"] and b["cue"]["text"])):
                if x != y:
                    shown.append(f"{doc_id} quote {a['text'][:30]!r}: {attr} {x!r} vs {y!r}")
    for name, (ours, theirs) in totals.items():
        p, r, f = prf(ours, theirs)
        rows.append((name, len(ours), len(theirs), p, r, f))
    story_ours = json.loads(next((ROOT / "corpus" / "annotations" / "stories").glob("*.json")).read_text(encoding="utf-8"))
    story_theirs = json.loads((args.other / "story.json").read_text(encoding="utf-8"))
    pair = lambda a: frozenset({(a["source"]["document"], a["source"]["sentence"]), (a["target"]["document"], a["target"]["sentence"])})  # noqa: E731
    o_al = {pair(a): a["relation"] for a in story_ours["alignments"]["items"]}
    t_al = {pair(a): a["relation"] for a in story_theirs["alignments"]}
    p, r, f = prf(set(o_al), set(t_al))
    rows.append(("alignments (pairs)", len(o_al), len(t_al), p, r, f))
    for k in sorted(set(o_al) ^ set(t_al), key=sorted):
        shown.append(f"alignment {sorted(k)}: only in {'ours' if k in o_al else 'theirs'}")
    relation_same = sum(o_al[k] == t_al[k] for k in set(o_al) & set(t_al))
    disc = lambda d: frozenset((s["document"], s["sentence"]) for s in d["statements"])  # noqa: E731
    o_d = {disc(d) for d in story_ours["discrepancies"]["items"]}
    t_d = {disc(d) for d in story_theirs["discrepancies"]}
    p, r, f = prf(o_d, t_d)
    rows.append(("discrepancies (same sentences)", len(story_ours["discrepancies"]["items"]), len(story_theirs["discrepancies"]), p, r, f))

    print(f"{'layer':<32}{'ours':>6}{'theirs':>8}{'P':>7}{'R':>7}{'F1':>7}")
    for name, n_ours, n_theirs, p, r, f in rows:
        print(f"{name:<32}{n_ours:>6}{n_theirs:>8}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    print(f"\nentity label on matched spans: {sum(a == b for a, b in label_pairs)}/{len(label_pairs)} (Cohen's kappa {kappa(label_pairs):.3f})")
    print(f"entity key on matched spans:   {sum(a == b for a, b in key_pairs)}/{len(key_pairs)}")
    for attr in ("kind", "speaker", "cue"):
        print(f"quote {attr} on matched quotes: {quote_attrs[attr]}/{quote_matched}")
    print(f"alignment relation on matched pairs: {relation_same}/{len(set(o_al) & set(t_al))}")
    if args.show:
        print("\n" + "\n".join(shown))


if __name__ == "__main__":
    main()
