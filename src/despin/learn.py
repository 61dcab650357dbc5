"""Learn a rule pack from examples: a clean text and its spun copy.

The two texts are aligned word by word (rapidfuzz's Levenshtein opcodes on token lists),
line by line when they have the same number of lines. Every replaced stretch is a
candidate pair (spun words -> original words); a lone insertion or deletion is joined to
its neighbour ("brand new" -> "new"). Pairs are counted, inflected forms of one pair are
grouped, and each proposal carries a confidence (how often the spun form is an artifact
where it occurs in the spun text), one example, and a flag when it conflicts with an
existing rule. The result is a YAML pack for a person to review.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from .tokens import Token, tokenize

MAX_PHRASE = 5  # longest stretch taken as one swap (longer ones are rewrites, not table entries)


@dataclass
class Pair:
    spun: str
    original: str
    count: int = 0
    occurrences: int = 0  # of the spun form in the spun texts, artifact or not
    example: tuple[str, str] = ("", "")
    forms: list[str] = field(default_factory=list)  # other spun forms grouped in (inflections)
    conflicts: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return round((self.count + 0.5) / (max(self.occurrences, self.count) + 1), 3)


def _key(tokens: list[Token]) -> list[str]:
    return [t.text.lower() for t in tokens]


def _regions(s_keys: list[str], o_keys: list[str]) -> list[tuple[int, int, int, int]]:
    """Maximal runs of non-equal opcodes: (spun start, spun end, original start, original end).
    A lone insertion or deletion takes the next (or previous) word along ("brand new" -> "new")."""
    regions = []
    for op in Levenshtein.opcodes(s_keys, o_keys):
        if op.tag == "equal":
            continue
        if regions and regions[-1][1] == op.src_start and regions[-1][3] == op.dest_start:
            s0, _, o0, _ = regions.pop()
            regions.append((s0, op.src_end, o0, op.dest_end))
        else:
            regions.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    out = []
    for s0, s1, o0, o1 in regions:
        if s0 == s1 or o0 == o1:
            if s1 < len(s_keys) and o1 < len(o_keys):
                s1, o1 = s1 + 1, o1 + 1
            elif s0 > 0 and o0 > 0:
                s0, o0 = s0 - 1, o0 - 1
            else:
                continue
        out.append((s0, s1, o0, o1))
    return out


def _peel(region, s_keys, o_keys, known: Counter) -> list[tuple[int, int, int, int]]:
    """Split a long region where its ends are word swaps seen on their own elsewhere
    ("mentioned plane service" -> "said aircraft carrier" is three known swaps)."""
    s0, s1, o0, o1 = region
    head, tail = [], []
    while s1 - s0 > 1 and o1 - o0 > 1:
        if known[(s_keys[s0], o_keys[o0])]:
            head.append((s0, s0 + 1, o0, o0 + 1))
            s0, o0 = s0 + 1, o0 + 1
        elif known[(s_keys[s1 - 1], o_keys[o1 - 1])]:
            tail.append((s1 - 1, s1, o1 - 1, o1))
            s1, o1 = s1 - 1, o1 - 1
        else:
            break
    return head + [(s0, s1, o0, o1)] + tail[::-1]


def align(original: str, spun: str, known: Counter | None = None) -> list[tuple[str, str, str, str]]:
    """(spun text, original text, spun context, restored context) for every swap."""
    o_lines, s_lines = original.split("\n"), spun.split("\n")
    if len(o_lines) != len(s_lines):
        o_lines, s_lines = [original], [spun]
    swaps = []
    for o_line, s_line in zip(o_lines, s_lines):
        o_toks, s_toks = tokenize(o_line), tokenize(s_line)
        s_keys, o_keys = _key(s_toks), _key(o_toks)
        for region in _regions(s_keys, o_keys):
            for s0, s1, o0, o1 in (_peel(region, s_keys, o_keys, known) if known else [region]):
                if s1 - s0 > MAX_PHRASE or o1 - o0 > MAX_PHRASE:
                    continue
                s_text = s_line[s_toks[s0].start:s_toks[s1 - 1].end]
                o_text = o_line[o_toks[o0].start:o_toks[o1 - 1].end]
                lo = s_toks[max(0, s0 - 3)].start
                hi = s_toks[min(len(s_toks), s1 + 3) - 1].end
                restored = s_line[lo:s_toks[s0].start] + o_text + s_line[s_toks[s1 - 1].end:hi]
                swaps.append((s_text, o_text, s_line[lo:hi], restored))
    return swaps


def _known_swaps(texts: list[tuple[str, str]]) -> Counter:
    """One-word swaps that stand alone somewhere: the pieces long regions are cut into."""
    known: Counter = Counter()
    for original, spun in texts:
        for s_text, o_text, _, _ in align(original, spun):
            if " " not in s_text and " " not in o_text:
                known[(s_text.lower(), o_text.lower())] += 1
    return known


def _normal_case(spun: str, original: str) -> tuple[str, str]:
    """"However" -> "But" is "however" -> "but" at a sentence start: case transfer brings
    the capital back. Names ("White Home" -> "White House") keep their case."""
    if spun[:1].isupper() and original[:1].isupper() and not any(c.isupper() for c in spun[1:]) \
            and not any(c.isupper() for c in original[1:]):
        return spun[:1].lower() + spun[1:], original[:1].lower() + original[1:]
    return spun, original


def _stem(word: str) -> str:
    """A crude stem to group inflections ("mentioned", "mentions" -> "mention")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def propose(texts: Iterable[tuple[str, str]], existing=()) -> list[Pair]:
    """Pairs learned from (original, spun) texts, most frequent first."""
    pairs: dict[tuple[str, str], Pair] = {}
    texts = list(texts)
    known = _known_swaps(texts)
    spun_texts = [spun for _, spun in texts]
    for original, spun in texts:
        for s_text, o_text, ctx_s, ctx_r in align(original, spun, known):
            if s_text.lower() == o_text.lower():
                continue
            s_norm, o_norm = _normal_case(s_text, o_text)
            key = (s_norm.lower(), o_norm)
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = Pair(s_norm, o_norm, example=(ctx_s, ctx_r))
            pair.count += 1
    # how often each spun form occurs at all (artifact or not), for the confidence
    for pair in pairs.values():
        pattern = re.compile(r"(?<![\w’'])" + re.escape(pair.spun) + r"(?![\w’'])", re.IGNORECASE)
        pair.occurrences = sum(len(pattern.findall(t)) for t in spun_texts)
    # group inflections: same stems on both sides; the most frequent form leads
    groups: dict[tuple, list[Pair]] = defaultdict(list)
    for pair in pairs.values():
        stem = (" ".join(_stem(w) for w in pair.spun.lower().split()),
                " ".join(_stem(w) for w in pair.original.lower().split()))
        groups[stem].append(pair)
    merged = []
    for members in groups.values():
        members.sort(key=lambda p: (-p.count, p.spun))
        lead = members[0]
        lead.forms = [f"{p.spun} -> {p.original}" for p in members[1:]]
        merged.extend(members)
    # conflicts with existing rules: the same spun form restored otherwise
    known = {}
    for rule in existing:
        for form in rule.spun:
            known[form.lower()] = rule
    for pair in merged:
        rule = known.get(pair.spun.lower())
        if rule is not None and rule.original.lower() != pair.original.lower():
            pair.conflicts.append(f"{rule.id} ({rule.where}) restores {pair.spun!r} to "
                                  f"{rule.original!r}")
    # the same spun form learned with several originals: the rarer ones conflict too
    by_spun: dict[str, list[Pair]] = defaultdict(list)
    for pair in merged:
        by_spun[pair.spun.lower()].append(pair)
    for same in by_spun.values():
        if len(same) > 1:
            same.sort(key=lambda p: -p.count)
            for p in same[1:]:
                p.conflicts.append(f"also learned as {same[0].spun!r} -> {same[0].original!r} "
                                   f"({same[0].count}x)")
    merged.sort(key=lambda p: (-p.count, p.spun.lower()))
    return merged


def to_pack(pairs: list[Pair], pack: str, min_count: int = 1) -> dict:
    """A rule pack (as a dict ready for YAML) of the pairs a reviewer can accept as they are:
    each spun form once (its most frequent original), seen at least ``min_count`` times."""
    rules, seen, ids = [], set(), set()
    for p in pairs:
        if p.count < min_count or p.spun.lower() in seen:
            continue
        seen.add(p.spun.lower())
        slug = re.sub(r"[^a-z0-9]+", "-", p.spun.lower()).strip("-") or "x"
        while slug in ids:
            slug += "-2"
        ids.add(slug)
        note = f"learned: {p.count} of {max(p.occurrences, p.count)} occurrences"
        if p.forms:
            note += "; same pattern: " + ", ".join(p.forms[:5])
        if p.conflicts:
            note += "; CONFLICT: " + "; ".join(p.conflicts)
        rules.append({"id": f"{pack}:{slug}", "spun": p.spun, "original": p.original,
                      "confidence": p.confidence, "source": "learned", "note": note,
                      "examples": [{"spun": p.example[0], "restored": p.example[1]}]})
    return {"pack": pack, "about": "Learned by `despin learn`: review before use", "rules": rules}


def finish(pack: dict, existing=()) -> tuple[dict, list[str]]:
    """Make a learned pack loadable: in a chain of two learned rules the rarer one becomes
    ``chained`` (docs/rules.md), in a chain with another pack it goes; examples that other
    learned rules would change are replaced with the bare phrase. Returns notes on each."""
    from .engine import Restorer
    from .rules import Rule
    from .validate import chains

    notes = []
    rules = pack["rules"]

    def build():
        objs = [Rule(id=r["id"], pack=pack["pack"], spun=(r["spun"],), original=r["original"],
                     confidence=r["confidence"], chained=r.get("chained", False),
                     file="learned", line=i)
                for i, r in enumerate(rules)]
        engine = Restorer(list(existing) + objs, validate=False, assume_spun=True)
        engine.force_chains = True  # examples show chained rules as loading checks them
        return engine

    while True:
        engine = build()
        found = [c for c in chains(engine) if c.writer.file == "learned"]
        if not found:
            break
        by_id = {r["id"]: r for r in rules}
        drop, chained = set(), set()
        for c in found:
            pair = [by_id[x.id] for x in (c.writer, c.rewriter) if x.id in by_id]
            victim = min(pair, key=lambda r: int(re.search(r"learned: (\d+)", r["note"]).group(1)))
            (chained if len(pair) == 2 else drop).add(victim["id"])
        for rule_id in chained:
            by_id[rule_id]["chained"] = True
        if chained:
            notes.append(f"chained: {', '.join(sorted(chained))}")
        if drop:
            notes.append(f"dropped for chains: {', '.join(sorted(drop))}")
        rules = [r for r in rules if r["id"] not in drop]
    engine = build()
    kept = []
    for r in rules:
        ex = r["examples"][0]
        if engine.restore(ex["spun"]) != ex["restored"]:
            bare = engine.restore(r["spun"])
            if bare == r["original"] or bare.lower() == r["original"].lower():
                r["examples"] = [{"spun": r["spun"], "restored": bare}]
            else:
                notes.append(f"left out {r['id']}: it does not fire even alone (confidence "
                             f"{r['confidence']})")
                continue
        kept.append(r)
    pack = dict(pack, rules=kept)
    return pack, notes


def pairs_in_folder(folder: str | Path) -> list[tuple[Path, Path]]:
    """(original, spun) files: NAME.original.txt with NAME.spun.txt, or original/NAME with
    spun/NAME."""
    folder = Path(folder)
    found = []
    if (folder / "original").is_dir() and (folder / "spun").is_dir():
        for o in sorted((folder / "original").iterdir()):
            s = folder / "spun" / o.name
            if o.is_file() and s.is_file():
                found.append((o, s))
    for o in sorted(folder.glob("*.original.*")):
        s = o.with_name(o.name.replace(".original.", ".spun."))
        if s.is_file():
            found.append((o, s))
    return found
