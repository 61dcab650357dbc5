import os
import shutil
import tempfile
from pathlib import Path

import pytest

from corpora import RESTORED, SEED

_CACHE_VARIABLE = "DESPIN_CACHE_DIR"
_saved_setting: list = []


def pytest_configure(config):
    """The cache of compiled rules (cache.py) lives in a folder of this run's own, so no
    result depends on the user's ~/.cache; CLI tests run in subprocesses inherit it. Set
    here, before collection, not in a fixture: test modules build restorers when imported."""
    _saved_setting.append(os.environ.get(_CACHE_VARIABLE))
    os.environ[_CACHE_VARIABLE] = tempfile.mkdtemp(prefix="despin-test-cache-")


def pytest_unconfigure(config):
    folder = os.environ.get(_CACHE_VARIABLE)
    if folder and Path(folder).name.startswith("despin-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)
    if _saved_setting:
        old = _saved_setting.pop()
        if old is None:
            os.environ.pop(_CACHE_VARIABLE, None)
        else:
            os.environ[_CACHE_VARIABLE] = old


@pytest.fixture(scope="session", autouse=True)
def cache_dir() -> Path:
    """This run's cache folder (empty when the run began); every test checks that the
    setting still points there."""
    folder = Path(os.environ[_CACHE_VARIABLE])
    assert folder.name.startswith("despin-test-cache-")
    return folder


@pytest.fixture(scope="session")
def restorer():
    import despin

    return despin.default_restorer()


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold_text():
    return RESTORED.read_text(encoding="utf-8")



@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 2,000 characters (DESPIN_BLOCK_SIZE); the list of the lengths of the texts
    the engine restores, one at a time."""
    from despin import blocks
    from despin.engine import Restorer

    seen = []
    restore = Restorer._restore

    def spy(self, text, *args):
        seen.append(len(text))
        return restore(self, text, *args)

    monkeypatch.setattr(Restorer, "_restore", spy)
    monkeypatch.setenv(blocks.SIZE_VARIABLE, "2000")
    return seen
