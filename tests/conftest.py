import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

SEED = ROOT / "seeds" / "000_b6238a691932a9a6.txt"
GOLD_TEXT = ROOT / "seeds" / "000_b6238a691932a9a6.restored.txt"


@pytest.fixture(scope="session")
def restorer():
    import despin

    return despin.default_restorer()


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold_text():
    return GOLD_TEXT.read_text(encoding="utf-8")


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
