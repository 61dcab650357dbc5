"""Learn a rule pack from examples: a clean text and its spun copy.

The texts are aligned word by word (align.py). Pairs are counted, inflected forms of one
pair are grouped, and each proposal carries a confidence (how often the spun form is an
artifact where it occurs in the spun text), one example, and a flag when it conflicts
with an existing rule. The result is a YAML pack for a person to review, made loadable by
finish.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..judge.context import normalise
from ..rules.schema import table_id
from ..text.tokens import tokenize
from .align import Text, align, known_swaps, rewritten_shares
from .finish import finish

TABLE_SEEN = 2  # a one-word swap seen this often is a settled entry of the table (_word_table)


@dataclass
class Pair:
    spun: str
    original: str
    count: int = 0
    occurrences: int = 0  # of the spun form in the spun texts, artifact or not
    example: tuple[str, str] = ("", "")
    forms: list[str] = field(default_factory=list)  # other spun forms grouped in (inflections)
    conflicts: list[str] = field(default_factory=list)
    sources: Counter = field(default_factory=Counter)  # where it was seen (story, file) -> count
    source_url: str = ""  # the page of the example, where the pairs name one
    rewritten: float | None = None  # share of a one-word original's occurrences rewritten

    @property
    def confidence(self) -> float:
        return round((self.count + 0.5) / (max(self.occurrences, self.count) + 1), 3)


def read_jsonl(path: str | Path) -> list[Text]:
    """Pairs in the JSON Lines form of real spun pages: one object a line with ``spun`` and
    ``original`` (and optionally ``story``, ``spun_url``). Raises ValueError naming the file
    and line of the first bad one."""
    import json

    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.args[0]})") from None
            if not isinstance(obj, dict) or not all(isinstance(obj.get(k), str)
                                                    for k in ("spun", "original")):
                raise ValueError(f"{path}:{n}: needs the strings 'spun' and 'original'")
            out.append(Text(obj["original"], obj["spun"], str(obj.get("story") or f"{path}:{n}"),
                            str(obj.get("spun_url") or "")))
    return out


def never_written(form: str, context) -> bool:
    """Does English practically never write ``form``? A word absent from the 1T-word
    unigram list, or a phrase with a word pair absent from its bigram list (fewer than
    100,000 in a trillion words): "recordsdata", "Chilly Struggle", "quite than". Digits
    have no counts there, so a form with one is never taken as unwritten ("12 months")."""
    keys = [normalise(w) for w in form.split()]
    if not keys or not all(k.isalpha() for k in keys):
        return False
    if len(keys) == 1:
        return context.count(keys[0]) <= context.UNSEEN_WORD
    return any(context.pair(a, b) <= context.UNSEEN_PAIR_CAP for a, b in zip(keys, keys[1:]))


def _stem(word: str) -> str:
    """A crude stem to group inflections ("mentioned", "mentions" -> "mention")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# typographic quotes and dashes as plain ones: a copy site's publishing software, not the
# spinner, curls a page's quotation marks
_PLAIN = str.maketrans("’‘“”–—", "''\"\"--")


def _plain(text: str) -> str:
    return text.lower().translate(_PLAIN)


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _as_text(item) -> Text:
    return item if isinstance(item, Text) else Text(*item)


def _occurrences(forms: Iterable[str], spun_texts: list[str]) -> Counter:
    """How often each form stands as whole words in the spun texts, artifact or not: a
    form with a capital as written (a name's word), any other in any case."""
    wanted = {tuple(f.split()) for f in forms}
    folded = {tuple(w.lower() for w in f) for f in wanted if f == tuple(w.lower() for w in f)}
    exact = wanted - folded
    longest = max((len(w) for w in wanted), default=0)
    found: Counter = Counter()
    for text in spun_texts:
        words = [t.text for t in tokenize(text)]
        lowers = [w.lower() for w in words]
        for i in range(len(words)):
            for n in range(1, min(longest, len(words) - i) + 1):
                if tuple(lowers[i:i + n]) in folded:
                    found[" ".join(lowers[i:i + n])] += 1
                if tuple(words[i:i + n]) in exact:
                    found[" ".join(words[i:i + n])] += 1
    return found


def propose(texts: Iterable, existing=()) -> list[Pair]:
    """Pairs learned from aligned texts (:class:`Text`, or (original, spun) tuples), most
    frequent first. Alignments of all texts are pooled: a pair counts every text it was
    seen in, and its ``occurrences`` count the spun form wherever it stands in the spun
    texts, so a form the spinner also leaves as it is ("shares") gets a low confidence."""
    pairs: dict[tuple[str, str], Pair] = {}
    texts = [_as_text(t) for t in texts]
    existing = list(existing)
    known = known_swaps(texts, existing)
    for t in texts:
        for s_text, o_text, ctx_s, ctx_r in align(t.original, t.spun, known):
            if _plain(s_text) == _plain(o_text) or not _has_word(s_text) or not _has_word(o_text):
                continue  # a change of case or of quotation marks, or punctuation: no swap
            key = (s_text, o_text)
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = Pair(s_text, o_text, example=(ctx_s, ctx_r),
                                         source_url=t.url)
            pair.count += 1
            pair.sources[t.source] += 1
    seen = _occurrences((p.spun for p in pairs.values()), [t.spun for t in texts])
    survival = rewritten_shares(texts)
    for pair in pairs.values():
        pair.occurrences = seen[" ".join(pair.spun.split())]
        pair.rewritten = survival.get(pair.original.lower())
    table = _word_table(pairs.values(), existing)
    pairs = {key: p for key, p in pairs.items() if not _contradicts(p, table, known)}
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
    by_form = {}
    for rule in existing:
        for form in rule.spun:
            by_form[form.lower()] = rule
    for pair in merged:
        rule = by_form.get(pair.spun.lower())
        if rule is not None and pair.original.lower() not in (o.lower() for o in rule.originals):
            pair.conflicts.append(f"{rule.id} ({rule.where}) restores {pair.spun!r} to "
                                  f"{rule.original!r}")
    merged.sort(key=lambda p: (-p.count, p.spun.lower()))
    return merged


def _word_table(pairs: Iterable[Pair], existing=()) -> dict[str, set[str]]:
    """The table's one-word swaps that the evidence settles: spun word -> its originals,
    from the existing rules and from learned pairs seen at least TABLE_SEEN times and
    standing for an original more often than not where the word occurs."""
    table: dict[str, set[str]] = defaultdict(set)
    for rule in existing:
        for form in rule.spun:
            if " " not in form:
                table[form.lower()].update(o.lower() for o in rule.originals)
    for p in pairs:
        if " " not in p.spun and " " not in p.original and p.count >= TABLE_SEEN \
                and 2 * p.count > p.occurrences:
            table[p.spun.lower()].add(p.original.lower())
    return table


def _contradicts(pair: Pair, table: dict[str, set[str]], known: set) -> bool:
    """A phrase seen once that is a swap or a kept stretch with a table word stuck to its
    edge, while the phrase's original has neither that word nor the word's original:
    "coverage might" -> "could" ("might" -> "could", and "coverage" stands for "policy"),
    "coverage practices" -> "practices". The alignment joined a neighbour's edit (the
    spinner's "insurance" -> "insurance coverage", an editor's change between versions) to
    the swap; the spinner wrote no such entry."""
    spun = pair.spun.lower().split()
    if len(spun) < 2 or pair.count > 1:
        return False
    original = pair.original.lower().split()
    for edge, rest in ((spun[0], spun[1:]), (spun[-1], spun[:-1])):
        stuck = edge in table and edge not in original and not table[edge] & set(original)
        if stuck and (rest == original or (tuple(rest), tuple(original)) in known):
            return True
    return False


def _seen_in(sources: Counter) -> str:
    names = [name for name, _ in sources.most_common() if name]
    if not names:
        return ""
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f" in {', '.join(names[:3])}{more}"


def to_pack(pairs: list[Pair], pack: str, min_count: int = 1, context=None,
            taken: Iterable[str] = ()) -> dict:
    """A rule pack (as a dict ready for YAML): one rule per spun form seen at least
    ``min_count`` times. Its commonest original leads, the others are ``alternatives``
    that the context chooses among; keeping the text stays a candidate, at the odds the
    counts give. With a ``context`` model, a form English never writes is ``when: always``.
    No rule takes an id in ``taken``."""
    by_form: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_form[p.spun.lower()].append(p)
    rules, ids = [], {i.split(":", 1)[-1] for i in taken if i.startswith(f"{pack}:")}
    for p in pairs:
        group = by_form.pop(p.spun.lower(), None)
        if group is None or sum(q.count for q in group) < min_count:
            continue
        group.sort(key=lambda q: (-q.count, q.original))
        lead, others = group[0], group[1:]
        changed = sum(q.count for q in group)
        occurrences = max(max(q.occurrences for q in group), changed)
        slug = table_id(pack, lead.spun).split(":", 1)[1]  # as a table entry's id
        while slug in ids:
            slug += "-2"
        ids.add(slug)
        note = f"learned: {changed} of {occurrences} occurrences"
        if occurrences > changed:
            note += f" ({occurrences - changed} kept as written)"
        note += "; " + "; ".join(f"{q.original} {q.count}x{_seen_in(q.sources)}" for q in group)
        if lead.forms:
            note += "; same pattern: " + ", ".join(lead.forms[:5])
        conflicts = [c for q in group for c in q.conflicts]
        if conflicts:
            note += "; CONFLICT: " + "; ".join(conflicts)
        spun, original = lead.spun, lead.original
        if any(q.spun == q.spun.lower() for q in group):  # the capital was the sentence's
            spun, original = _uncapitalized(spun), _uncapitalized(original)
        rule = {"id": f"{pack}:{slug}", "spun": spun, "original": original}
        alternatives = [q.original for q in others
                        if q.original.lower() != lead.original.lower()]
        if alternatives:
            rule["alternatives"] = alternatives
        rule["confidence"] = round((changed + 0.5) / (occurrences + 1), 3)
        if lead.rewritten is not None and " " not in lead.original:
            rule["rewritten"] = lead.rewritten
        if all(q.spun != q.spun.lower() for q in group):
            rule["case"] = "exact"  # a name's word ("Decide" -> "Judge"), not the verb
        # a piece that keeps a word of its original is an insertion or deletion joined to a
        # neighbour ("often known" -> "known"): its rarity is the join's, not the spinner's
        shares_a_word = set(lead.spun.lower().split()) & set(lead.original.lower().split())
        if context is not None and not shares_a_word and never_written(lead.spun, context):
            rule["when"] = "always"
        rule["source"] = lead.source_url or "learned"
        rule["note"] = note
        rule["examples"] = [{"spun": lead.example[0], "restored": lead.example[1]}]
        rules.append(rule)
    return {"pack": pack, "about": "Learned by `despin learn`: review before use", "rules": rules}


def _uncapitalized(phrase: str) -> str:
    """``phrase`` with a capital first letter lowered, where its first word is capitalized
    only there ("Although" -> "although"; "US", "McCain" stay).

    >>> _uncapitalized("Although he"), _uncapitalized("US forces")
    ('although he', 'US forces')
    """
    first = phrase.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def learn_pack(texts: Iterable, pack: str, existing=(), context=None, min_count: int = 1,
               new_forms_only: bool = False, extends: str = "") -> tuple[dict, list[str]]:
    """A loadable pack learned from aligned texts (propose, to_pack, finish), and notes.
    ``existing`` rules are flagged where they conflict and kept out of chains (but for a
    declared chain with the pack this one ``extends``); with ``new_forms_only``, a spun form
    an existing rule already has is left to that rule."""
    existing = list(existing)
    pairs = propose(texts, existing)
    if new_forms_only:
        have = {form.lower() for rule in existing for form in rule.spun}
        pairs = [p for p in pairs if p.spun.lower() not in have]
    data = to_pack(pairs, pack, min_count, context, taken=(r.id for r in existing))
    if extends:
        data["extends"] = extends
    return finish(data, existing)


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
