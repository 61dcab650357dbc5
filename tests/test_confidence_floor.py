"""min_confidence: a floor under every change, for users who want fewer, surer changes."""

import dataclasses
import pickle

import pytest

import despin
from despin import Restorer
from despin.cli import main


@pytest.fixture(scope="module")
def strict():
    return Restorer(min_confidence=0.9)


def test_no_change_falls_below_the_floor(strict, seed_text):
    default = despin.default_restorer().explain(seed_text).changes
    changes = strict.explain(seed_text).changes
    assert changes and all(c.confidence >= 0.9 for c in changes)
    assert len(changes) < len(default)
    assert any(c.confidence < 0.9 for c in default)  # the floor had something to hold back


def test_a_strict_restore_is_idempotent_and_replays(strict, seed_text):
    result = strict.explain(seed_text)
    assert strict.restore(result.text) == result.text
    assert despin.apply(seed_text, result.changes) == result.text


def test_the_floor_survives_pickling_and_stays_with_its_restorer(strict):
    again = pickle.loads(pickle.dumps(strict))
    assert again.min_confidence == 0.9
    text = "Kirby mentioned the plane service would sail. The nation mentioned it."
    assert again.restore(text) == strict.restore(text)
    # restorers built from the same cached rules keep their own floors
    assert Restorer().min_confidence == 0.5
    assert Restorer().restore(text) == despin.default_restorer().restore(text)


def test_with_options_gives_a_twin_with_its_own_floor(strict, seed_text):
    default = despin.default_restorer()
    twin = default.with_options(min_confidence=0.9)
    assert twin.restore(seed_text) == strict.restore(seed_text)
    assert default.min_confidence == 0.5
    assert default.restore(seed_text) == Restorer().restore(seed_text) != twin.restore(seed_text)


def test_options_are_set_only_through_with_options_and_twins_share_nothing_else():
    default = despin.default_restorer()
    with pytest.raises(AttributeError):
        default.assume_spun = True  # options are read-only: with_options gives a twin
    with pytest.raises(dataclasses.FrozenInstanceError):
        default.options.min_confidence = 0.9
    text = "He mentioned it to Chilly Struggle veterans."
    twin = default.with_options(protect="Chilly Struggle", assume_spun=True, unseen=False)
    assert twin.protect == ("Chilly Struggle",) and twin.assume_spun is True
    assert "Chilly Struggle" in twin.restore(text) and "said" in twin.restore(text)
    assert default.protect == () and default.assume_spun is None  # the original is as it was
    with pytest.raises(TypeError):
        default.with_options(no_such_option=True)


@pytest.mark.parametrize("floor", [0, -0.1, 1.5, 1.0001, True, "0.9"])
def test_a_floor_outside_zero_to_one_is_refused(floor):  # 1 itself is a floor
    with pytest.raises(ValueError, match="min_confidence"):
        Restorer(min_confidence=floor)
    with pytest.raises(ValueError, match="min_confidence"):
        despin.default_restorer().with_options(min_confidence=floor)


def test_command_line_and_settings_file(tmp_path, monkeypatch, capsys, seed_text):
    f = tmp_path / "a.txt"
    f.write_text(seed_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def changes(*args):
        assert main(["restore", "--format", "line", "-j", "1", *args, str(f)]) == 0
        return len(capsys.readouterr().out.splitlines())

    default, strict = changes(), changes("--min-confidence", "0.9")
    assert 0 < strict < default
    (tmp_path / "despin.toml").write_text("min_confidence = 0.9\n", encoding="utf-8")
    assert changes() == strict
    assert changes("--min-confidence", "0.5") == default  # the command line wins

    with pytest.raises(SystemExit) as exit_:
        main(["restore", "--min-confidence", "1.5", str(f)])
    assert exit_.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err
    (tmp_path / "despin.toml").write_text('min_confidence = "high"\n', encoding="utf-8")
    assert main(["restore", str(f)]) == 2
    err = capsys.readouterr().err
    assert "despin.toml" in err and "'min_confidence' must be a number between 0 and 1" in err


def test_a_floor_of_1_is_accepted_and_keeps_only_changes_of_confidence_1(tmp_path, capsys,
                                                                        seed_text, restorer):
    import json

    f = tmp_path / "a.txt"
    f.write_text(seed_text, encoding="utf-8")
    assert main(["restore", "--format", "json", "--min-confidence", "1", str(f)]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert all(c["confidence"] == 1 for c in changes)
    strict = restorer.with_options(min_confidence=1).explain(seed_text)
    assert all(c.confidence == 1.0 for c in strict.changes)
    assert len(strict.changes) < len(restorer.explain(seed_text).changes)
    (tmp_path / "despin.toml").write_text("min_confidence = 1\n", encoding="utf-8")
    assert main(["restore", "--config", str(tmp_path / "despin.toml"), str(f)]) == 0
