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
    _keep_loaded_rule_sets(Path(os.environ[_CACHE_VARIABLE]))


def _keep_loaded_rule_sets(folder: Path) -> None:
    """A compiled rule set read from this run's cache folder is read from disk once, then
    kept in memory: the CLI tests build a restorer per command, and unpickling ~10 MB each
    time cost a fifth of the suite. The key holds the source and every rule file's bytes,
    so an equal key is an equal rule set; a restorer takes a shallow copy of what it is
    given, as with_options does. Other folders (the cache tests' own) are read as ever."""
    from despin.store import cache

    read, kept = cache.load, {}

    def load(paths, extra=(), *, kind):
        if cache._folder() != folder:
            return read(paths, extra, kind=kind)
        key = (cache._key(paths, extra), kind)
        if key[0] is None or key not in kept:
            found = read(paths, extra, kind=kind)
            if found is None or key[0] is None:
                return found
            kept[key] = found
        return kept[key]

    cache.load = load


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
    from despin.engine.restorer import Restorer
    from despin.text import blocks

    seen = []
    restore = Restorer._restore

    def spy(self, text, *args):
        seen.append(len(text))
        return restore(self, text, *args)

    monkeypatch.setattr(Restorer, "_restore", spy)
    monkeypatch.setenv(blocks.SIZE_VARIABLE, "2000")
    return seen


def write_warc(path: Path, pages, *, kind: str = "wet", gzipped: bool = True) -> list[int]:
    """A WET (``conversion`` records of text) or WARC (HTTP ``response`` records of HTML)
    file of ``pages`` ((url, text) pairs) after a warcinfo record, written with warcio;
    gives the byte offset where each page's record starts (one gzip member each)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    starts = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "despin tests"}))
        for url, text in pages:
            starts.append(out.tell())
            body = text.encode("utf-8") if isinstance(text, str) else text
            if kind == "wet":
                record = writer.create_warc_record(url, "conversion", payload=io.BytesIO(body),
                                                   warc_content_type="text/plain")
            else:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                   http_headers=http)
            writer.write_record(record)
    return starts


@pytest.fixture
def warc_writer():
    """:func:`write_warc`, for tests that make WARC and WET files."""
    return write_warc
