"""despin learn: a rule pack proposed from an aligned pair of texts, from many pairs
(--pairs), from a farm's pages and their traced originals (--trace), or from a farm's
articles alone (--corpus)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..engine.restorer import Restorer
from ..store.files import write_atomic
from .common import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, restorer_for
from .trace import archive_index, archive_options, index_errors, spun_pages


def _learn_corpus(args) -> int:
    """despin learn --corpus DIR: a farm's table from its articles alone (corpus.py)."""
    from ..authoring import corpus, learn
    from ..authoring.finish import finish
    from ..batch.inputs import Skip, find_inputs, read_text

    texts, skipped = [], 0
    for path, _, problem in find_inputs([args.corpus], args.glob):
        try:
            if problem:
                raise Skip(problem)
            texts.append(read_text(path))
        except Skip as exc:
            print(f"despin learn: skipped {path}: {exc}", file=sys.stderr)
            skipped += 1
        except OSError as exc:
            print(f"despin learn: skipped {path}: {exc.strerror or exc}", file=sys.stderr)
            skipped += 1
    if not texts:
        print(f"despin learn: no readable text in {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    base = Restorer() if not args.no_builtin else None
    from ..judge.context import ContextModel

    found = corpus.propose(texts, base.context if base else ContextModel(),
                           base.rules if base else (), top=args.top)
    pack = learn.to_pack([p for p, _ in found], args.pack)
    notes_by_spun = {p.spun: note for p, note in found}
    for rule in pack["rules"]:
        rule["note"] += "; " + notes_by_spun[rule["spun"]]
        rule["when"] = "spun"
    pack["about"] = "Learned by `despin learn --corpus` from word counts: review before use"
    pack, notes = finish(pack)
    header = (f"# Learned by `despin learn --corpus` from {len(texts)} text(s): "
              f"{len(pack['rules'])} proposals, best first.\n# They rest on word counts and "
              "context only: check each against the articles before use.\n")
    _write_pack(args, header, pack, notes,
                f"proposed {len(pack['rules'])} rules from {len(texts)} text(s)")
    return EXIT_SKIPPED if skipped else EXIT_OK


def _write_pack(args, header: str, pack: dict, notes: list[str], summary: str) -> None:
    """A learned pack as YAML to -o FILE (atomically) or stdout; the summary to stderr."""
    from ..rules.dump import dump_packs

    text = dump_packs([pack], header)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    print(summary, file=sys.stderr)
    for note in notes:
        print(f"  {note}", file=sys.stderr)


def _learning_pairs(where: str) -> list:
    """Aligned texts from a JSON Lines file of pairs, a folder of them, or a folder of
    NAME.original.txt / NAME.spun.txt (or original/NAME, spun/NAME) files."""
    from ..authoring import learn
    from ..authoring.align import Text
    from ..batch.inputs import read_text

    path = Path(where)
    if path.is_file():
        return learn.read_jsonl(path)
    texts = [t for f in sorted(path.glob("*.jsonl")) for t in learn.read_jsonl(f)]
    texts += [Text(read_text(str(o)), read_text(str(s)), o.name.split(".")[0])
              for o, s in learn.pairs_in_folder(path)]
    return texts


@index_errors
def cmd_learn(args) -> int:
    from ..authoring import learn
    from ..batch.inputs import Skip, read_text

    texts = []
    if args.corpus:
        return _learn_corpus(args)
    left_out: list[str] = []
    try:
        if args.trace:
            if not (args.archive or args.index):
                print("despin learn: --trace needs --archive SOURCE or --index FILE",
                      file=sys.stderr)
                return EXIT_USAGE
            texts, left_out = _traced_pairs(args)
            for line in left_out:
                print(f"despin learn: left out {line}", file=sys.stderr)
            if not texts:
                print(f"despin learn: no page in {args.trace} was traced to an original",
                      file=sys.stderr)
                return EXIT_USAGE
        elif args.pairs:
            texts = _learning_pairs(args.pairs)
            if not texts:
                print(f"despin: no pairs in {args.pairs} (JSON Lines with 'spun' and "
                      "'original', NAME.original.txt with NAME.spun.txt, or original/NAME "
                      "with spun/NAME)", file=sys.stderr)
                return EXIT_USAGE
        elif args.original and args.spun_file:
            texts = [(read_text(args.original), read_text(args.spun_file))]
        else:
            print("despin learn: give ORIGINAL and SPUN, --pairs PATH, --trace DIR or --corpus DIR",
                  file=sys.stderr)
            return EXIT_USAGE
    except (Skip, ValueError) as exc:
        print(f"despin learn: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from ..judge.context import ContextModel

    base = None if args.no_builtin else Restorer()
    pack, notes = learn.learn_pack(texts, args.pack, base.rules if base else (),
                                   base.context if base else ContextModel(), args.min_count)
    conflicts = sum(1 for r in pack["rules"] if "CONFLICT" in r["note"])
    header = (f"# Learned by `despin learn` from {len(texts)} pair(s) of texts: {len(pack['rules'])} "
              f"rules, {conflicts} flagged CONFLICT.\n# Review every rule before use: "
              "`despin rules check` this file.\n")
    _write_pack(args, header, pack, notes,
                f"learned {len(pack['rules'])} rules from {len(texts)} pair(s); {conflicts} "
                "conflict with existing rules" + (f"; {len(left_out)} page(s) left out"
                                                 if left_out else ""))
    return EXIT_OK


def _traced_pairs(args) -> tuple[list, list[str]]:
    """For learn --trace: sentence pairs of every page whose best match is strong, and a
    line for each page left out."""
    from ..authoring.align import Text
    from ..trace.tracer import KEEP, Tracer, sentence_pairs

    index, skipped = archive_index(args)
    args.paths = [args.trace]
    pages = spun_pages(args, skipped)
    tracer = Tracer(index, restorer_for(args), k=1)
    texts, left_out = [], [f"{path}: skipped: {reason}" for path, reason in skipped]
    for path, spun in pages:
        t = tracer.trace(spun, path)
        if not t.found:
            best = f"best {t.best.id} scores {t.best.score:.3f}" if t.best else "empty archive"
            left_out.append(f"{path}: weak match ({best}, below {KEEP})")
            continue
        texts += [Text(o, s, t.best.id, path) for o, s in sentence_pairs(spun, t.original)]
    return texts, left_out


def add_learn_command(sub) -> None:
    """despin learn."""
    ln = sub.add_parser(
        "learn", help="learn a rule pack from a clean text and its spun copy, or from a "
                      "farm's spun articles alone (--corpus)",
        description="Align a clean text with its spun copy word by word, and propose a rule "
                    "for every swap, with its count, confidence and one example; inflected "
                    "forms are grouped and conflicts with existing rules flagged. With "
                    "--corpus DIR, propose the table of the farm that spun the articles in DIR "
                    "from word counts and context alone. Writes a YAML pack to review.")
    ln.add_argument("original", nargs="?", help="the clean text")
    ln.add_argument("--trace", metavar="SPUN_DIR",
                    help="learn from a farm's spun pages alone: trace each to its original in "
                         "--archive (or --index), pair their sentences, and learn as --pairs "
                         "does; pages whose best match is weak are listed and left out")
    ln.add_argument("spun_file", nargs="?", metavar="spun", help="its spun copy")
    ln.add_argument("--pairs", metavar="PATH",
                    help="learn from every pair in PATH: a JSON Lines file (one object a line "
                         "with 'spun', 'original' and optionally 'story' and 'spun_url'), or a "
                         "folder of such files, of NAME.original.txt with NAME.spun.txt, or of "
                         "original/NAME with spun/NAME; their alignments are pooled")
    ln.add_argument("--corpus", metavar="DIR",
                    help="learn from spun articles alone (no originals): words a farm's table "
                         "rewrites go missing and their replacements are over-represented "
                         "against English word counts; proposals ranked by that evidence and "
                         "by context, for review")
    ln.add_argument("--top", type=int, default=50, metavar="N",
                    help="with --corpus: propose at most N rules (default: 50)")
    ln.add_argument("--glob", default="*.txt", help="with --corpus or --trace: files to read "
                                                    "in DIR (default: *.txt)")
    archive_options(ln)
    ln.set_defaults(rules=None, no_config=True, config=None, spun="yes", unseen=False)
    ln.add_argument("-o", "--output", metavar="FILE", help="write the pack here (default: stdout)")
    ln.add_argument("--pack", default="learned", help="the pack name and id prefix (default: learned)")
    ln.add_argument("--min-count", type=int, default=1, metavar="N",
                    help="keep swaps seen at least N times (default: 1)")
    ln.add_argument("--no-builtin", action="store_true",
                    help="do not compare with the built-in rules")
    ln.set_defaults(func=cmd_learn)
