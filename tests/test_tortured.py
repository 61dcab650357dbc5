"""The tortured-phrases pack: restoring, screening, and leaving real terms alone."""

import pytest

import despin


@pytest.mark.parametrize("spun, restored", [
    ("We trained an irregular woodland.", "We trained a random forest."),
    ("We trained two irregular woodlands.", "We trained two random forests."),
    ("Profound learning works.", "Deep learning works."),
    ("A Profound Learning model", "A Deep Learning model"),
    ("the flag to commotion ratio", "the signal to noise ratio"),
    ("the flag-to-commotion ratio", "the signal-to-noise ratio"),
])
def test_tortured_phrases_restore_in_any_document(spun, restored):
    assert despin.restore(spun) == restored


def test_real_terms_are_left_alone():
    text = ("We trained a random forest and a deep learning model; the signal to noise ratio "
            "of the breast cancer data set was high, and feature selection used cross-validation.")
    assert despin.restore(text) == text


def test_screening_reports_count_density_and_positions():
    paper = "We used an irregular woodland and profound learning. " * 2
    d = despin.detect(paper)
    assert d.pack == "tortured" and d.spun
    assert d.artifacts == 4 and d.density == pytest.approx(1000 * 4 / len(paper.split()))
    first = d.hits[0]
    assert paper[first.start:first.end] == "irregular woodland" == first.text
    assert first.rule == "tortured:irregular-woodland" and "[irregular woodland]" in first.context


def test_a_paper_with_tortured_phrases_does_not_switch_on_the_news_spinner_rules():
    paper = ("We used an irregular woodland and profound learning and a flag to commotion "
             "measure. The model may help, however, as mentioned.")
    out = despin.restore(paper)
    assert "may help, however, as mentioned" in out


def test_clean_scientific_prose_is_left_alone():
    """scikit-learn's docstrings and data set descriptions: clean prose full of the terms
    that tortured phrases replace."""
    sklearn = pytest.importorskip("sklearn")
    import importlib
    import inspect
    import pkgutil

    words = changed = 0
    for mod in pkgutil.walk_packages(sklearn.__path__, "sklearn."):
        if ".tests" in mod.name or "._" in mod.name or "experimental" in mod.name:
            continue
        try:
            module = importlib.import_module(mod.name)
        except Exception:  # noqa: BLE001 - optional parts may not import
            continue
        for _, obj in inspect.getmembers(module):
            doc = inspect.getdoc(obj) if getattr(obj, "__module__", "") == mod.name else None
            if doc:
                words += len(doc.split())
                changed += len(despin.explain(doc).changes)
    from pathlib import Path

    for f in sorted((Path(sklearn.__file__).parent / "datasets" / "descr").glob("*.rst")):
        text = f.read_text(encoding="utf-8")
        words += len(text.split())
        changed += len(despin.explain(text).changes)
    assert words > 50_000
    assert changed / words * 1000 <= 0.2
