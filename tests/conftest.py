"""Shared fixtures.

- ``tiny_data_dir``: the factory SMALL_CORPUS (hashing embedder), published once per session.
- ``real_embedder``: the bundled all-MiniLM-L6-v2, loaded once per session (tests using it are
  marked ``model``).
- ``sample_data_dir``: the bundled sample corpus (data/raw) built by the real pipeline with the real
  model, once per session; search, topic and compare quality tests read it.

All three are READ-ONLY: a test that writes builds its own snapshot under ``tmp_path``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The app's builds run in the server's thread under test: tests patch the pipeline in this process
# (a child process would not see it). Tests of the child process itself set "child".
os.environ.setdefault("NEWSLENS_BUILD_PROCESS", "thread")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def tiny_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.factories import SMALL_CORPUS, make_snapshot

    data_dir = tmp_path_factory.mktemp("tiny_data")
    make_snapshot(data_dir, SMALL_CORPUS)
    return data_dir


@pytest.fixture(scope="session")
def real_embedder():
    from newslens.embedder import DEFAULT_MODEL, load_embedder

    return load_embedder(DEFAULT_MODEL)


def _copy_cache_files(source: Path, target: Path) -> None:
    """Copy embedding-cache files, each replaced atomically (parallel sessions share the store)."""
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.npz"):
        tmp = target / f".{path.name}.{os.getpid()}.tmp"
        shutil.copyfile(path, tmp)
        os.replace(tmp, target / path.name)


@pytest.fixture(scope="session")
def sample_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """The BuildReport of the sample corpus built with the real model (once per session).

    The embedding cache (keyed by model and paragraph content, so never stale) is kept between
    sessions in pytest's cache folder: only paragraphs changed since the last run are embedded.
    """
    from newslens.schema import SnapshotFile
    from pipeline.build import build_snapshot

    data_dir = tmp_path_factory.mktemp("sample_data")
    cache = getattr(request.config, "cache", None)
    store = cache.mkdir("newslens-embedding-cache") if cache is not None else None
    if store is not None:
        _copy_cache_files(store, data_dir / SnapshotFile.CACHE_DIR)
    report = build_snapshot(SAMPLE_RAW, data_dir, real_embedder.name, embedder=real_embedder)
    if store is not None:
        _copy_cache_files(data_dir / SnapshotFile.CACHE_DIR, store)
    return report


@pytest.fixture(scope="session")
def sample_data_dir(sample_build) -> Path:
    """Data folder whose current snapshot is the bundled sample corpus, real model."""
    return sample_build.path.parent.parent


# A lens file whose threshold lets the hashing embedder label some factory paragraphs, so topic
# filters and labels really narrow in AppTests (the default lenses need the real model).
HASHING_LENS_FILE = """
default_threshold: 0.25
lenses:
  - name: executions
    definition: commander orders to shoot soldiers who retreat
    examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]
  - name: morale
    definition: morale collapsed, soldiers refused suicidal orders
    examples: [the regiment refused to carry out orders]
"""


@pytest.fixture
def lens_file(tmp_path: Path) -> Path:
    path = tmp_path / "lenses.yaml"
    path.write_text(HASHING_LENS_FILE, encoding="utf-8")
    return path


# --- markers: every test gets its kind, so a subset is one `-m` away (see README, "Tests") ----------

_APPTEST_CALLS = ("run_app(", "app_test(", "AppTest")
_CLI_CALLS = ("run_newslens", "newslens_subprocess", "run_cli(", "_cli(", "newslens(", "cli(capsys", "run_module(")
_MODEL_FIXTURES = {"real_embedder", "reference_embedder", "sample_build", "sample_data_dir"}


def _source(item: pytest.Item) -> str:
    import inspect

    try:
        return inspect.getsource(item.function)  # type: ignore[attr-defined]
    except (OSError, TypeError, AttributeError):
        return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test browser, apptest, cli or unit (exactly one), and model when it loads the real model."""
    for item in items:
        if _MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("model"):
            item.add_marker(pytest.mark.model)
        if item.get_closest_marker("browser"):
            continue
        source = _source(item)
        name = item.path.name
        if any(call in source for call in _APPTEST_CALLS) or name.startswith("test_page_"):
            item.add_marker(pytest.mark.apptest)
        elif name.endswith("_cli.py") or name == "test_cli_articles.py" or any(c in source for c in _CLI_CALLS):
            item.add_marker(pytest.mark.cli)
        else:
            item.add_marker(pytest.mark.unit)
