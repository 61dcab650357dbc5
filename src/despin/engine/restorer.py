"""The Restorer: it runs each text through its stages (``_restore``): the document test,
tokens, matches, blocked spans, the pass (passes.py), the chained rules' check, and the
stages after the pass (after_pass.py).

A Restorer holds compiled rules (compile/compiled.py: what the cache stores), its options
(options.py) and a Decider (decider.py) with the memo of its decisions; it is picklable,
and ``with_options`` gives a twin that shares the compiled rules.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..compile.compiled import CompiledRules
from ..judge.detection import Detection
from ..judge.scoring import DEFAULT_MIN_CONFIDENCE
from ..rules.load import load_rules, rule_files
from ..rules.model import Problem, Rule, RuleError
from ..rules.packs import builtin_paths
from ..rules.validate import check
from ..store import cache
from ..text import blocks
from ..text.literals import blocked_spans
from ..text.spans import drop_blocked, merge
from ..text.tokens import tokenize
from . import after_pass
from .changes import Explanation, apply
from .decider import Decider
from .options import Options
from .passes import Document, Pass


def _merge(layers: list[list[Rule]], disable: Sequence[str]) -> list[Rule]:
    """Rules of later layers replace earlier rules with the same id; ``disable`` removes."""
    merged: dict[str, Rule] = {}
    for layer in layers:
        for rule in layer:
            merged.pop(rule.id, None)  # an override moves to its new place
            merged[rule.id] = rule
    unknown = [i for i in disable if i not in merged]
    if unknown:
        raise RuleError([Problem("(disable)", 0, f"no rule has the id {i!r}") for i in unknown])
    return [r for r in merged.values() if r.id not in set(disable)]


def _compiled(layers: list[list], objects: list[Rule], disable: list[str],
              validate: bool, builtin: bool = False) -> CompiledRules:
    """The rules of ``layers`` (lists of paths) and ``objects``, less the ids in ``disable``,
    compiled; from the cache where it has them (files only, validated). With ``validate``
    every rule's examples, keep-cases and chains are checked: each layer's examples were
    written against the layers below it, so the first layer is checked on its own (and
    cached), and later rules with everything. ``builtin``: the first layer is the built-in
    packs, whose examples the test suite runs (tests/test_rule_examples.py): loading them
    checks their chains only, and a user's first restore does not wait for 19,000 examples
    (`despin rules check` on their folder runs them)."""
    cacheable = not objects and validate
    if cacheable:  # the files read, and what else the entry depends on
        files = rule_files(p for layer in layers for p in layer)
        key = [str(p) for layer in layers for p in layer] + [f"-{i}" for i in disable]
        key += ["built-in"] if builtin else []
        found = cache.load(files, extra=key, kind=CompiledRules)
        if found is not None:
            return found
    layered = len(layers) > 1 or bool(layers and objects)
    # the first layer checked on its own, and cached: its rules are read from there
    base = _compiled(layers[:1], [], [], validate=True, builtin=builtin) \
        if layered and validate else None
    loaded = ([base.rules] if base else []) + \
        [load_rules(layer) for layer in layers[1 if base else 0:]] + [objects]
    merged = _merge(loaded, disable)
    checked = set() if builtin else None  # the ids whose examples are run (None: all)
    if layered:
        checked = {r.id for layer in loaded[1:] for r in layer}
    compiled = CompiledRules(merged)
    if validate:
        problems = check(Restorer.of(compiled), checked)
        if problems:
            raise RuleError(problems)
    if cacheable:
        cache.store(files, compiled, extra=key)
    return compiled


def _settle() -> None:
    """Move the objects alive now (above all, the compiled rules: about a million) out of
    the garbage collector's sight. They live as long as the process, and without this every
    full collection rescans them: restoring spun text ran a third slower."""
    gc.freeze()


def _one_or_many(value):
    """``value`` as a sequence: a lone str or path (or a Rule) is one item."""
    return [value] if isinstance(value, (str, Path, Rule)) else value


def _check_text(text) -> None:
    """A TypeError that says what was expected, instead of one from deep inside."""
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" \
            if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"expected a str, not {type(text).__name__}{hint}")


def _moved(found, offset: int):
    """A Change or Suggestion of a block, with offsets into its document."""
    return dataclasses.replace(found, start=found.start + offset, end=found.end + offset) \
        if offset else found


class Restorer:
    """Compiled rules, reusable and picklable (send it to worker processes).

    ``rules``: Rule objects and/or paths of YAML packs (files or folders). With paths, or
    with no rules at all, the built-in packs come first (``builtin=False`` leaves them out);
    a local rule with the id of a built-in one replaces it. Rule objects alone are used as
    they are. ``paths`` loads exactly those packs (no built-ins).
    ``disable``: rule ids to switch off. ``protect``: words and phrases never changed.
    ``unseen``: also restore words no dictionary lists, from a thesaurus (unseen.py; off by
    default: precision 0.87 at recall 0.009, and it costs a third of the speed on spun text).
    ``suggest``: look for unlisted tortured phrases in documents holding listed ones, and
    apply the best-supported (suggest.py; on by default).
    ``assume_spun`` skips the document test: True treats every text as spun (for single
    sentences known to be spun), False as clean (only rules marked ``when: always`` fire).
    ``min_confidence``: no change is made whose confidence is below it (default 0.5: a
    change must be likelier right than wrong); raise it to trade recall for precision
    (docs/design.md, "Choosing a confidence floor").
    Text between ``despin: off`` and ``despin: on`` markers is left as it is.
    """

    def __init__(self, rules: Iterable[Rule | str | Path] | None = None, *,
                 paths: Iterable[str | Path] | None = None, builtin: bool | None = None,
                 disable: Iterable[str] = (), protect: Iterable[str] = (),
                 assume_spun: bool | None = None, validate: bool = True, unseen: bool = False,
                 suggest: bool = True, min_confidence: float = DEFAULT_MIN_CONFIDENCE):
        # one string (or path) is one item, never a sequence of characters (Options
        # takes a lone protected phrase so too)
        rules, paths, disable = (_one_or_many(x) for x in (rules, paths, disable))
        options = Options(assume_spun, min_confidence, protect, unseen, suggest)
        given = list(rules) if rules is not None else []
        objects = [r for r in given if isinstance(r, Rule)]
        local = [Path(r) for r in given if not isinstance(r, Rule)]
        use_builtin = paths is None and (
            builtin if builtin is not None else (rules is None or bool(local)))
        first = [list(paths)] if paths is not None else [builtin_paths()] if use_builtin else []
        layers = first + ([local] if local else [])
        self._bind(_compiled(layers, objects, sorted(set(disable)), validate, use_builtin),
                   options)
        _settle()

    @classmethod
    def of(cls, compiled: CompiledRules, options: Options = Options()) -> "Restorer":
        """A restorer of rules compiled already (validate.py checks rules with one)."""
        restorer = cls.__new__(cls)
        restorer._bind(compiled, options)
        return restorer

    def _bind(self, compiled: CompiledRules, options: Options) -> None:
        """Apply ``options`` to ``compiled``, with a decider whose memo of decisions is empty
        (its entries hold for one confidence floor)."""
        self.compiled, self.options = compiled, options
        self.decider = Decider(compiled, options)

    # the options (set only through with_options)
    assume_spun = property(lambda self: self.options.assume_spun)
    min_confidence = property(lambda self: self.options.min_confidence)
    protect = property(lambda self: self.options.protect)
    unseen_enabled = property(lambda self: self.options.unseen)
    suggest_enabled = property(lambda self: self.options.suggest)
    force_chains = property(lambda self: self.options.force_chains)

    def __setstate__(self, state: dict) -> None:  # a worker process unpickling a restorer
        self.__dict__.update(state)
        _settle()

    # the compiled parts, for tools and tests (read-only: the rules are compiled once)
    rules = property(lambda self: self.compiled.rules)
    matcher = property(lambda self: self.compiled.matcher)
    detector = property(lambda self: self.compiled.detector)
    scorer = property(lambda self: self.compiled.scorer)
    crossings = property(lambda self: self.compiled.crossings)
    suggester = property(lambda self: self.compiled.suggester)
    context = property(lambda self: self.compiled.context)

    def warm(self) -> "Restorer":
        """Load the lazily loaded data (word counts) now, and settle it with the rules:
        worker processes forked afterwards share it instead of each loading its own."""
        self.compiled.context.count("the")
        _settle()
        return self

    def with_options(self, **changes) -> "Restorer":
        """The same compiled rules with other options (options.Options: ``assume_spun``,
        ``min_confidence``, ``protect``, ``unseen``, ``suggest``, ``force_chains``); cheap,
        it shares the compiled state, and the memo of decisions where the floor is the same."""
        options = dataclasses.replace(self.options, **changes)  # checked as it is made
        if options.min_confidence != self.options.min_confidence:
            return type(self).of(self.compiled, options)  # its own memo: decisions depend on it
        twin = copy.copy(self)
        twin.options = options
        twin.decider = Decider(self.compiled, options, self.decider.memo)
        return twin

    # -- public API -------------------------------------------------------------------

    def detect(self, text: str) -> Detection:
        _check_text(text)
        if len(text) > blocks.size():
            return self.detect_blocks(lambda: blocks.split(text))
        detection = self.compiled.detector.detect(text)
        if not self.decider.suggests(detection):
            return detection
        taken = [(h.start, h.end) for h in detection.hits] + blocked_spans(text, self.protect)
        return self._with_suggested(detection, self.compiled.suggester.suggest(text, taken=taken))

    def detect_blocks(self, parts: Callable[[], Iterable[str]]) -> Detection:
        """:meth:`detect` of one document given as its blocks (blocks.py): ``parts()``
        yields them in order, and is called again where suggestions are looked for. The
        evidence of every block counts together; offsets are into the document."""
        detection = self.compiled.detector.detect_blocks(parts())
        if not self.decider.suggests(detection):
            return detection
        found, offset = [], 0
        for block in parts():
            end = offset + len(block)
            taken = [(h.start - offset, h.end - offset) for h in detection.hits
                     if offset <= h.start < end] + blocked_spans(block, self.protect)
            found += [_moved(s, offset) for s in self.compiled.suggester.suggest(block, taken=taken)]
            offset = end
        return self._with_suggested(detection, tuple(found))

    def _with_suggested(self, detection: Detection, found: tuple) -> Detection:
        """The detection of a screening report: suggested phrases count as evidence for the
        pack they were learned from, less than listed ones (judge/detection.py)."""
        for pack in sorted(self.compiled.suggester.packs):
            detection = detection.with_suggestions(found, pack)
        return detection

    def restore(self, text: str) -> str:
        _check_text(text)
        if len(text) > blocks.size():  # a block at a time: memory bounded by a block
            return "".join(e.text for _, e in self.explain_blocks(
                lambda: blocks.split(text), evidence=False))
        return self._run(text, with_evidence=False).text

    def explain(self, text: str, *, evidence: bool = True) -> Explanation:
        """The restored text, every change with its evidence, and the document's detection.
        ``evidence=False`` leaves each change's evidence empty (faster, when only the
        spans, rules and confidences are wanted)."""
        _check_text(text)
        if len(text) > blocks.size():
            return self._explain_long(text, evidence)
        return self._run(text, with_evidence=evidence)

    def explain_blocks(self, parts: Callable[[], Iterable[str]], *, evidence: bool = True
                       ) -> Iterator[tuple[str, Explanation]]:
        """:meth:`explain` of one document given as its blocks (blocks.py), one block at a
        time: ``parts()`` yields them in order and is called twice, since the document
        test reads them all first. Yields each block with its explanation: its changes
        are offsets into the block, its detection is the document's, with the suggestions
        shown so far (offsets into the document)."""
        detection = self.compiled.detector.detect_blocks(parts())
        shown, offset = (), 0  # suggestions shown so far, as offsets into the document
        for block in parts():
            e = self._run(block, evidence, detection)
            if e.detection.suggestions:
                shown += tuple(_moved(s, offset) for s in e.detection.suggestions)
            offset += len(block)
            yield block, e._replace(detection=dataclasses.replace(detection, suggestions=shown)
                                    if shown else detection)

    def _explain_long(self, text: str, evidence: bool) -> Explanation:
        """:meth:`explain` of a text longer than a block, a block at a time; changes are
        offsets into ``text``."""
        pieces, changes, offset = [], [], 0
        for block, e in self.explain_blocks(lambda: blocks.split(text), evidence=evidence):
            pieces.append(e.text)
            changes += [_moved(c, offset) for c in e.changes]
            offset += len(block)
        return Explanation("".join(pieces), changes, e.detection)

    def _run(self, text: str, with_evidence: bool,
             detection: Detection | None = None) -> Explanation:
        _check_text(text)
        # Restoring makes no reference cycles, only ~10^5 short-lived tuples per MB, and
        # the collector would rescan them again and again (a 4 MB block ran 1.5 MB/s with
        # it, 2.5 without): refcounting frees everything, so it pauses while we work.
        with cache.collector_paused():
            return self._restore(text, with_evidence, detection)

    def _restore(self, text: str, with_evidence: bool,
                 detection: Detection | None = None, check: bool = True) -> Explanation:
        """One text, or one block of a document with the document's ``detection``.
        ``check``: a suggestion is made only where restoring the result again would not
        change it (see ``after_pass.finish``)."""
        if detection is None:
            detection = self.compiled.detector.detect(text)
        spun = detection.spun if self.assume_spun is None else self.assume_spun
        if not spun and not detection.artifacts:
            return Explanation(text, [], detection)  # clean, and no spinner-only phrase
        tokens = tokenize(text)
        lowers = [t.text.lower() for t in tokens]
        near_packs = set(self.compiled.near.by_pack) if self.assume_spun else \
            {p for p in detection.packs if detection.spun_by(p)}
        matches = self.compiled.all_matches(text, tokens, lowers, near_packs)
        blocked = blocked_spans(text, self.protect)
        held = self.decider.held_by_keep_cases(text, matches)
        if blocked or held:
            drop_blocked(matches, blocked, held)
            blocked = merge(blocked + [words for words, _ in held])
        doc = Document(text, tokens, lowers, matches, spun, detection, with_evidence)
        chains = self.force_chains or self.decider.chains_apply(detection)
        tried: dict = {}  # what each match gave in the first pass, for the second
        changes = Pass(self.decider, doc, chains, tried).run()
        restored = None
        if chains and not self.force_chains \
                and any(c.rule in self.compiled.chained_ids for c in changes):
            # chained rules stay only if the text looks clean restored with them and without
            # them (see Decider.looks_spun); with no chained change, both passes are the same
            unchained = Pass(self.decider, doc, False, tried).run()
            restored = apply(text, changes)
            if self.decider.looks_spun(restored) or self.decider.looks_spun(apply(text, unchained)):
                changes, restored = unchained, None
        result = after_pass.finish(self.decider, doc, changes, restored, blocked)
        if check and any(c.file == after_pass.SUGGESTED_FILE for c in result.changes) \
                and self._restore(result.text, False, check=False).text != result.text:
            # the pass decided beside words that a suggestion then rewrote ("Pre Prepared
            # 1000's" -> "Pre-trained 1000's": a number after a capitalised word is a label,
            # after "trained" it is not), and a second pass would decide again
            result = after_pass.finish(self.decider, doc, changes, restored, blocked,
                                       show_only=True)
        return result
