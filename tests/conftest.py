import pytest

from corpora import RESTORED, SEED


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
