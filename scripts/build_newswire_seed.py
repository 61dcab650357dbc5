#!/usr/bin/env python3
"""Build dictionaries/newswire/seed.yaml: the newswire spinner's table as the seed shows it.

Input: seeds/<id>.txt (spun), seeds/<id>.artifacts.tsv (gold artifacts). For every
certain artifact pair (spun != original, note not "uncertain"):

* one rule per spun form; where the seed restores one spun form to several originals,
  the most frequent is the rule's original and the others are alternatives the context
  may pick;
* confidence = how often the spun form is an artifact where it occurs in the seed
  (Laplace-smoothed), so a word the spinner writes but the original also had ("help")
  gets less than one only a spinner writes ("mentioned");
* when: always for multi-word forms that English practically never writes (a word pair
  missing from the 1T-word counts, e.g. "Chilly Struggle"); the rest wait for the
  document test;
* case: exact where the seed only shows the form capitalized inside names ("Home" ->
  "House") while the lower-case word is ordinary English the gold keeps;
* no inflections are derived: the spinner's table is by word form, not by lemma (the
  seed has country -> nation but countries -> international locations), and derived
  rules ("nations -> countries", "created -> developed") were only ever wrong in
  measurement (the engine still tries inflections of spinner-only phrases, at a discount);
* chains (a rule's output that another rule would rewrite; the spinner writes "can" for
  "will" and "are able to" for "can") are resolved so that restoring is idempotent: a
  longer output becomes a keep-case of the one-word rule inside it ("high end" of
  "high"); else, when both rules wait for the document test, the one with less support
  is marked chained (it applies only where the restored text no longer looks spun);
  otherwise it is dropped;
* each rule carries an example: its seed context, restored by the gold, checked against
  the engine; where the context depends on other rules, the bare phrase.

Uncertain rows are left out: the note on each says the original is a judgement call
(contractions flipped both ways, modal verbs shifted a step), so they would teach noise.

Run: python scripts/build_newswire_seed.py  (needs the 'build' extra: lemminflect)
"""

from __future__ import annotations

import bisect
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

from corpora import GOLD, ROOT, SEED, real_pair_files, sotu_texts
from packfile import write_pack

from despin.authoring.finish import spoilers
from despin.compile.matcher import Entry, Matcher
from despin.engine.restorer import Restorer
from despin.judge.context import LISTED_PAIR, ContextModel
from despin.rules.load import load_rules
from despin.rules.model import Rule, declared_chain
from despin.rules.schema import slug
from despin.text.tokens import compile_pattern, tokenize

OUT = DEFAULT_OUT = ROOT / "dictionaries" / "newswire" / "seed.yaml"
REAL_PACK = ROOT / "dictionaries" / "newswire" / "real.yaml"  # scripts/build_newswire_real.py
PACK = "newswire"
CALIBRATION_WEIGHT = 10.0
MIN_SURVIVAL_SEEN = 3  # real originals of a word before its rewritten share is worth a field
# English constructions where a spun form is almost always the writer's own word, whatever
# the seed's counts: "are able to" is ordinary English, "are ready to" much rarer, and the
# bigram context cannot tell them apart (keep-cases of the generated rules). "hundreds" ->
# "thousands" would make "thousands of thousands", which nobody writes.
IDIOMS = {
    "able": ["be able to", "are able to", "is able to", "was able to", "were able to",
             "been able to", "being able to", "am able to", "’re able to", "'re able to"],
    "hundreds": ["hundreds of thousands", "hundreds of millions", "hundreds of billions"],
    # networking writes these (Kubernetes' manuals): not the spinner's "aircraft carrier"
    "plane service": ["control plane service", "control plane services", "data plane service",
                      "data plane services"],
}
CALIBRATION_YEARS = (1945, 2000)  # benchmarks hold out the addresses from 2001 on


def read_gold():
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8"), delimiter="\t"))
    for r in rows:
        r["line"], r["start"], r["end"] = int(r["line"]), int(r["start"]), int(r["end"])
        r["uncertain"] = r["note"].startswith("uncertain") or r["spun"] == r["original"]
    return rows


def occurrences(lines, form, exact=False):
    """(line, start, end) of every whole-word occurrence of ``form`` (any case unless exact)."""
    pat = re.compile(r"(?<![\w’'])" + re.escape(form) + r"(?![\w’'])", 0 if exact else re.IGNORECASE)
    for n, line in enumerate(lines, 1):
        for m in pat.finditer(line):
            yield n, m.start(), m.end(), m.group()


def lower_initial(row):
    """'But' for 'However' is the word 'but' capitalized: case transfer restores the capital."""
    o = row["original"]
    if row["spun"][:1].isupper() and o[:1].isupper() and not any(c.isupper() for c in o[1:]):
        return o[:1].lower() + o[1:]
    return o


def unglue(row):
    """'united statesHarry' -> 'USS Harry' is 'united states' -> 'USS' before a glued name."""
    toks = tokenize(row["spun"])
    for a, b in zip(toks, toks[1:]):
        if a.end == b.start and row["original"].endswith(" " + row["spun"][b.start:]):
            row = dict(row, spun=row["spun"][:a.end], glued=True,
                       original=row["original"][:-len(row["spun"][b.start:]) - 1])
            return row
    return row


def calibration_counts(forms, lines=None):
    """(artifacts, occurrences) per spun form in State of the Union addresses of
    CALIBRATION_YEARS, spun by the seed's table at the seed's rates (benchmarks/synthetic.py):
    the seed alone is one article, too few to tell "help" the artifact from "help" the word."""
    from synthetic import Spinner, seed_table

    spinner = Spinner(seed_table(lines))
    matcher = Matcher([Entry(i, f, compile_pattern(f), None) for i, f in enumerate(forms)])
    art, total = Counter(), Counter()
    for _, text in sotu_texts(*CALIBRATION_YEARS):
        spun, rows = spinner.spin(text)
        covered = sorted((s, e) for s, e, _, _ in rows)
        starts = [s for s, _ in covered]
        for m in matcher.matches_in(spun):
            form = forms[m.entry.rule]
            total[form] += 1
            at = bisect.bisect_right(starts, m.start) - 1
            if at >= 0 and covered[at][1] >= m.end:
                art[form] += 1
    return art, total


def real_evidence(certain, without):
    """Real pages' evidence (despin.authoring.pair_evidence) on each spun form of the seed, and the
    share of each original word the spinner rewrote there, from the project's real pairs
    but the stories in ``without``."""
    from despin.authoring.align import rewritten_shares
    from despin.authoring.learn import read_jsonl
    from despin.authoring.pair_evidence import form_evidence

    texts = [t for f in real_pair_files() for t in read_jsonl(f) if t.source not in without]
    # a form as the rules will have it: lower case, or as written for an exact-case rule
    swaps = defaultdict(set)
    for r in certain:
        swaps[r["spun"].lower()].add(lower_initial(r))
        swaps[r["spun"]].add(r["original"])
    return form_evidence(texts, swaps), rewritten_shares(texts, MIN_SURVIVAL_SEEN)


def draft(r):
    """A rule of this build, as declared_chain sees it (pack, when, chained)."""
    return SimpleNamespace(pack=PACK, when=r["when"], chained=bool(r.get("chained")))


def parse_args():
    import argparse

    ap = argparse.ArgumentParser(description="Build the newswire pack's seed.yaml from the seed's gold.")
    ap.add_argument("--lines", metavar="FIRST-LAST",
                    help="learn from these seed lines only (1-based, inclusive); the others are "
                         "blanked, as benchmarks/holdout.py needs")
    ap.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT.relative_to(ROOT)})")
    ap.add_argument("--without", action="append", default=[], metavar="STORY",
                    help="leave this story's real pairs out of the confidences (benchmarks/real.py)")
    args = ap.parse_args()
    if args.lines:
        first, last = map(int, args.lines.split("-"))
        args.lines = range(first, last + 1)
    return args


def main():
    global OUT
    args = parse_args()
    OUT = args.out.resolve()
    lines = SEED.read_text(encoding="utf-8").split("\n")
    gold = read_gold()
    if args.lines is not None:  # the rest of the seed is unseen text: blank it, keep numbering
        lines = [t if n in args.lines else "" for n, t in enumerate(lines, 1)]
        gold = [r for r in gold if r["line"] in args.lines]
    context = ContextModel()
    certain = [unglue(r) for r in gold if not r["uncertain"]]
    gold_spans = defaultdict(list)
    for r in gold:
        gold_spans[r["line"]].append((r["start"], r["end"], r["uncertain"]))

    cal_art, cal_total = calibration_counts(sorted({r["spun"].lower() for r in certain}), args.lines)
    real, rewritten = real_evidence(certain, args.without)

    # group certain pairs by lower-cased spun form
    by_form = defaultdict(list)
    for r in certain:
        by_form[r["spun"].lower()].append(r)

    candidates = []  # dicts: spun, original, alternatives, confidence, when, case, support, source
    for form, rows in by_form.items():
        # occurrences of the form in the seed and what the gold says of each
        art = unc = kept = 0
        cap_art = low_art = cap_kept = low_kept = 0
        for n, s, e, text in occurrences(lines, form):
            hits = [(a, b, u) for a, b, u in gold_spans[n] if a < e and b > s]
            capital = text[:1].isupper()
            if not hits:
                kept += 1
                cap_kept += capital
                low_kept += not capital
            elif all(u for _, _, u in hits):
                unc += 1
            else:
                art += 1
                cap_art += capital
                low_art += not capital
        spellings = Counter(r["spun"] for r in rows)
        exact = cap_art > 0 and low_art == 0 and low_kept > 0 and cap_kept == 0 \
            or any(r.get("glued") for r in rows)  # glue damage is written in lower case
        if exact:  # count what the exact-case rule would match
            spelled = Counter(r["spun"] for r in rows).most_common(1)[0][0]
            art = unc = kept = 0
            for n, s, e, text in occurrences(lines, spelled, exact=True):
                hits = [(a, b, u) for a, b, u in gold_spans[n] if a < e and b > s]
                if not hits:
                    kept += 1
                elif all(u for _, _, u in hits):
                    unc += 1
                else:
                    art += 1
        total = art + kept
        originals = Counter(r["original"] if exact else lower_initial(r) for r in rows)
        # the seed's counts, shrunk towards the calibration corpus's rate (how often the form
        # is an artifact in running text spun at the seed's rates), worth as many occurrences
        # as the corpus saw, at most CALIBRATION_WEIGHT: the seed is the spinner's own output,
        # the corpus a simulation, and 0 of 2 is no reason to overrule the seed
        # (exact-case forms are names and glue damage, which the simulation does not write)
        ranked = [o for o, _ in originals.most_common()]
        spun_form = spellings.most_common(1)[0][0] if exact else form
        # real spun pages are the same spinner over many stories: their occurrences of the
        # form count as the seed's do, and the simulation stands in only for what they lack
        seen, right = real[spun_form].seen, real[spun_form].restored
        weight = max(0.0, min(CALIBRATION_WEIGHT, cal_total[form]) - seen) if not exact else 0.0
        rate = cal_art[form] / cal_total[form] if cal_total[form] else 0.0
        confidence = round((art + right + weight * rate + 0.5) / (total + seen + weight + 1), 3)
        words = [t.lower for t in tokenize(form)]
        orig_words = ranked[0].lower().split()
        rare = len(words) > 1 and any(
            context.pair(a, b) < LISTED_PAIR for a, b in zip(words, words[1:])) and all(
            context.pair(a, b) >= LISTED_PAIR for a, b in zip(orig_words, orig_words[1:]))
        first = min(rows, key=lambda r: (r["line"], r["start"]))
        # how reliably real pages rewrite a one-word original: the document test must not
        # take a survivor the spinner often leaves for proof of a clean text
        share = rewritten.get(ranked[0].lower()) if " " not in form + ranked[0] else None
        candidates.append(dict(
            rewritten=share,
            spun=spun_form, original=ranked[0], alternatives=ranked[1:], confidence=confidence,
            when="always" if rare else "spun",
            case="exact" if exact else "any", support=len(rows), source=f"seed:{first['line']}",
            note=f"seed: {art} of {total} occurrences are artifacts"
                 + (f", {unc} uncertain" if unc else "")
                 + (f"; real pages: {right} of {seen} restore as it does" if seen else ""),
            row=first, rows=sorted(rows, key=lambda r: (r["line"], r["start"])),
        ))
    rules = candidates  # one per spun form

    # resolve chains: an output another rule would rewrite. Where a one-word rule would
    # rewrite a word inside a longer output ("high" in "high end", the spinner's "excessive
    # finish"), the output becomes a keep-case of that rule; otherwise one rule must go.
    chain_keeps = defaultdict(set)  # spun form -> outputs of other rules it must leave alone
    while True:
        entries = [Entry(i, r["spun"], compile_pattern(r["spun"]),
                         tuple(t.text for t in tokenize(r["spun"])) if r["case"] == "exact" else None)
                   for i, r in enumerate(rules)]
        matcher = Matcher(entries)
        drop = None
        for i, r in enumerate(rules):
            for out in [r["original"], *r["alternatives"]]:
                size = len(tokenize(out))
                for m in matcher.matches_in(out):
                    j = m.entry.rule
                    if j == i or out.lower() in chain_keeps[rules[j]["spun"].lower()]:
                        continue
                    both_wait = r["when"] == rules[j]["when"] == "spun"
                    if declared_chain(draft(r), draft(rules[j])):
                        continue
                    if m.stop - m.first < size:
                        chain_keeps[rules[j]["spun"].lower()].add(out.lower())
                        print(f"chain: {r['spun']!r} -> {out!r} holds {rules[j]['spun']!r}; "
                              "a keep-case of it now", file=sys.stderr)
                        continue
                    # keep what restores more: the seed's support, then how common the
                    # original is in English
                    weaker = min((i, j), key=lambda x: (
                        rules[x]["support"], context.phrase_count(rules[x]["original"].split())))
                    if both_wait:
                        # both wait for the document test: the weaker becomes a chained
                        # rule, which applies only where the restored text no longer looks spun
                        rules[weaker]["chained"] = True
                        print(f"chain: {r['spun']!r} -> {out!r} is rewritten by "
                              f"{rules[j]['spun']!r}; {rules[weaker]['spun']!r} is chained",
                              file=sys.stderr)
                        continue
                    drop = weaker
                    print(f"chain: {r['spun']!r} -> {out!r} is rewritten by "
                          f"{rules[j]['spun']!r}; dropping {rules[weaker]['spun']!r}", file=sys.stderr)
                    break
                if drop is not None:
                    break
            if drop is not None:
                break
        if drop is None:
            break
        rules.pop(drop)

    # examples, checked against the engine with the whole pack
    def to_rule(i, r, examples=()):
        return Rule(id=f"{PACK}:{slug(r['spun'])}", pack=PACK, spun=(r["spun"],), original=r["original"],
                    alternatives=tuple(r["alternatives"]), confidence=r["confidence"], when=r["when"],
                    chained=bool(r.get("chained")),
                    case=r["case"], examples=tuple(examples), keep=tuple(r.get("keep", ())),
                    source=r["source"], note=r["note"], file=str(OUT), line=i)

    # examples are checked with every other built-in pack loaded, as loading will check them
    # (the other files of this pack count as other packs: hand-written entries win)
    # (the real pages' pack is learned on top of this one, and leaves this one's examples be)
    others = [r for r in load_rules([ROOT / "dictionaries"])
              if Path(r.file).resolve() not in (OUT, DEFAULT_OUT, REAL_PACK)] \
        if any((ROOT / "dictionaries").rglob("*.yaml")) else []
    taken_forms = {f.lower() for r in others if r.pack == PACK for f in r.spun}
    taken_ids = {r.id for r in others}
    rules = [r for r in rules if r["spun"].lower() not in taken_forms
             and f"{PACK}:{slug(r['spun'])}" not in taken_ids]
    # another pack's phrase that writes one of our spun forms inside a longer output
    # ("flag to commotion" -> "signal to noise") becomes a keep-case of our rule: our
    # one-word rule must not undo it on a second pass
    keeps = defaultdict(set)
    entries = [Entry(i, r["spun"], compile_pattern(r["spun"]),
                     tuple(t.text for t in tokenize(r["spun"])) if r["case"] == "exact" else None)
               for i, r in enumerate(rules)]
    matcher = Matcher(entries)
    for other in others:
        for out in other.originals:
            if len(tokenize(out)) < 2:
                continue
            for m in matcher.matches_in(out):
                if other.chained and declared_chain(other, draft(rules[m.entry.rule])):
                    # "tons of of" -> "hundreds of", chained, while "hundreds" -> "thousands";
                    # where ours is the chained one, its keep-case still spares the output
                    # ("young people" from "people" -> "those")
                    continue
                if out.lower() == rules[m.entry.rule]["spun"].lower():
                    # the keep-case would veto every match: the rule would go as silent
                    print(f"warning: {other.file}:{other.line}: {other.id} writes {out!r}, "
                          f"which the seed shows as a spun form (-> {rules[m.entry.rule]['original']!r}); "
                          "that seed rule can no longer fire", file=sys.stderr)
                keeps[m.entry.rule].add(out.lower())
    for i, r in enumerate(rules):
        keeps[i].update(IDIOMS.get(r["spun"].lower(), ()))
        keeps[i].update(chain_keeps.get(r["spun"].lower(), ()))
    for i, phrases in keeps.items():
        if phrases:
            rules[i]["keep"] = sorted(phrases)
    # a rule that fires in none of its seed contexts is dead weight: drop it, and repeat,
    # since other rules' examples may have leaned on it
    silent = []
    while True:
        engine = Restorer(others + [to_rule(i, r) for i, r in enumerate(rules)],
                          validate=False).with_options(  # examples test rules alone,
            assume_spun=True, suggest=False, force_chains=True)  # as validation checks them
        examples = {}
        for i, r in enumerate(rules):
            for spun_text, restored in example_candidates(r, lines, gold):
                if engine.restore(spun_text) == restored:
                    examples[i] = {"spun": spun_text, "restored": restored}
                    break
        # a rule that changes another file's example into something else would fail the
        # loader's check of that example: the hand-written entry wins
        spoiling = spoilers(engine, others, [{"id": f"{PACK}:{slug(r['spun'])}", "spun": r["spun"]}
                                             for r in rules])
        dead = [i for i, r in enumerate(rules)
                if i not in examples or f"{PACK}:{slug(r['spun'])}" in spoiling]
        if not dead:
            break
        silent.extend(rules[i]["spun"] for i in dead)
        rules = [r for i, r in enumerate(rules) if i not in set(dead)]
    out_rules = []
    for i, r in enumerate(rules):
        entry = {"id": f"{PACK}:{slug(r['spun'])}", "spun": r["spun"], "original": r["original"]}
        if r["alternatives"]:
            entry["alternatives"] = r["alternatives"]
        entry.update(confidence=r["confidence"], when=r["when"])
        if r["rewritten"] is not None:
            entry["rewritten"] = r["rewritten"]
        if r.get("chained"):
            entry["chained"] = True
        if r["case"] != "any":
            entry["case"] = r["case"]
        entry["source"] = r["source"]
        entry["note"] = r["note"]
        entry["examples"] = [examples[i]]
        if r.get("keep"):
            entry["keep"] = r["keep"]
        out_rules.append(entry)
    out_rules.sort(key=lambda e: e["id"])
    print(f"left out {len(silent)} rules that fire in none of their examples or change another "
          f"file's: {', '.join(silent)}",
          file=sys.stderr)
    header = (
        "# The newswire spinner's table as the seed article shows it.\n"
        "# GENERATED by scripts/build_newswire_seed.py from seeds/*.artifacts.tsv: do not edit by hand;\n"
        "# put hand-written rules in another file of this folder.\n"
    )
    doc = {"pack": PACK, "about": "Artifacts of the spinner that wrote the seed (seeds/000_b6238a691932a9a6)",
           "source": "seed", "rules": out_rules}
    write_pack(OUT, header, doc)
    print(f"wrote {OUT}: {len(out_rules)} rules "
          f"({sum(r['when'] == 'always' for r in rules)} always)", file=sys.stderr)


def example_candidates(r, lines, gold):
    """(spun, restored) pairs to document rule ``r``: seed context first, then bare."""
    for row in r["rows"]:
        line = lines[row["line"] - 1]
        toks = tokenize(line)
        idx = [k for k, t in enumerate(toks) if t.start >= row["start"]]
        if idx:
            k = idx[0]
            lo = toks[max(0, k - 3)].start
            last = min(len(toks) - 1, k + len(tokenize(row["spun"])) + 2)
            hi = toks[last].end
            edits = [g for g in gold if g["line"] == row["line"] and g["start"] >= lo and g["end"] <= hi]
            straddle = [g for g in gold if g["line"] == row["line"] and g["start"] < hi and g["end"] > lo
                        and not (g["start"] >= lo and g["end"] <= hi)]
            if not straddle:
                spun_text = line[lo:hi]
                restored = spun_text
                for g in sorted(edits, key=lambda g: -g["start"]):
                    restored = restored[:g["start"] - lo] + g["original"] + restored[g["end"] - lo:]
                yield spun_text, restored
            yield row["spun"], row["original"]
    yield r["spun"], r["original"]


if __name__ == "__main__":
    main()
