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
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

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


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """The BuildReport of the sample corpus built with the real model (once per session)."""
    from pipeline.build import build_snapshot

    data_dir = tmp_path_factory.mktemp("sample_data")
    return build_snapshot(SAMPLE_RAW, data_dir, real_embedder.name, embedder=real_embedder)


@pytest.fixture(scope="session")
def sample_data_dir(sample_build) -> Path:
    """Data folder whose current snapshot is the bundled sample corpus, real model."""
    return sample_build.path.parent.parent
