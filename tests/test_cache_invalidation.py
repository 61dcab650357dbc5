"""When the cache of compiled rules (cache.py) is used, rebuilt, or bypassed."""

import pytest

import despin
from despin import Restorer
from despin.compile.compiled import CompiledRules
from despin.store import cache

PACK = """\
pack: t
rules:
  - id: t:gizmo
    spun: whatsit gizmo
    original: {original}
    when: always
    examples:
      - {{spun: "the whatsit gizmo hums", restored: "the {original} hums"}}
"""


def _compiled(folder):
    return sorted(p.name for p in folder.glob("*.pickle") if not p.name.startswith("file-"))


def test_an_edited_rule_file_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DESPIN_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.format(original="flux capacitor"), encoding="utf-8")
    assert Restorer(paths=[pack]).restore("a whatsit gizmo") == "a flux capacitor"
    first = _compiled(tmp_path / "cache")
    assert len(first) == 1
    assert Restorer(paths=[pack]).restore("a whatsit gizmo") == "a flux capacitor"
    assert _compiled(tmp_path / "cache") == first  # the same bytes: the same entry
    pack.write_text(PACK.format(original="time machine"), encoding="utf-8")
    assert Restorer(paths=[pack]).restore("a whatsit gizmo") == "a time machine"
    assert len(set(_compiled(tmp_path / "cache")) - set(first)) == 1


def test_off_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DESPIN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    stored = []
    monkeypatch.setattr(cache, "_write", lambda *args: stored.append(args))
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.format(original="flux capacitor"), encoding="utf-8")
    assert Restorer(paths=[pack]).restore("a whatsit gizmo") == "a flux capacitor"
    assert cache._folder() is None
    assert cache.load([pack], kind=CompiledRules) is None
    assert cache.load_file(pack, lambda value: True) is None
    assert stored == []
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


@pytest.mark.slow  # compiles the built-in packs once more, uncached
def test_a_restorer_from_the_cache_restores_as_a_freshly_compiled_one(monkeypatch, seed_text):
    Restorer()  # compiled and stored, unless this run's cache has it already
    loaded = []
    real_load = cache.load
    monkeypatch.setattr(cache, "load", lambda *a, **k: loaded.append(real_load(*a, **k)) or loaded[-1])
    cached = Restorer()
    assert loaded and loaded[0] is not None  # it came from the cache
    fresh = Restorer(validate=False)  # compiled here (the cache is only used when validating)
    assert [r.id for r in cached.rules] == [r.id for r in fresh.rules]
    texts = [seed_text, "We trained an irregular timberland and a sensor organization.",
             "Officials said the carrier will take part in the exercise."]
    for text in texts:
        a, b = cached.explain(text), fresh.explain(text)
        assert a.text == b.text and a.detection == b.detection
        assert [(c, c.evidence) for c in a.changes] == [(c, c.evidence) for c in b.changes]
    assert cached.explain(seed_text).changes  # the seed is spun: the comparison saw changes
    assert despin.default_restorer().restore(seed_text) == fresh.restore(seed_text)
