"""``--engine ray`` builds the snapshot the local build does (same ids, texts, tables; vectors within
float tolerance), on a small local Ray cluster this module starts and stops itself.

Select with ``-m ray`` (the builds also carry ``model``: they load the bundled model). Ray is a development dependency (requirements-dev.txt): when it is missing
these tests fail, they never skip, so CI cannot go green without running them.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newslens import vectors
from newslens.compare.stories import group_stories
from newslens.embedder import DEFAULT_MODEL, ModelLoadError
from newslens.schema import ArticleCol, ManifestKey, ParagraphCol
from newslens.store import Snapshot, load_snapshot
from pipeline import embed as embed_mod
from pipeline.build import BuildError, build_snapshot

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = ROOT / "data" / "raw"
# Small chunks, so the sample's ~100 paragraphs make several chunks and the pool runs two actors.
TEST_CHUNK = 24

pytestmark = pytest.mark.ray


def _processes_of(session: str) -> list[str]:
    """Processes of one Ray session (raylet, GCS, workers...), by the session folder in their command
    line: another test worker's or another user's Ray does not count."""
    out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if session in line]


@pytest.fixture(scope="module")
def engine():
    """One local Ray cluster (2 CPUs, 500 MB object store, no dashboard) for the module's builds."""
    from pipeline.ray_engine import RayEngine

    import ray

    engine = RayEngine()
    engine.session = Path(ray._private.worker._global_node.get_session_dir_path()).name
    try:
        assert _processes_of(engine.session), "the session's processes are found by their command line"
        yield engine
    finally:
        engine.close()


@pytest.fixture(scope="module")
def both(engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Snapshot]:
    """The sample built with each engine (same model and setup), into two data folders."""
    monkey = pytest.MonkeyPatch()
    monkey.setattr(embed_mod, "CHUNK_TEXTS", TEST_CHUNK)
    monkey.setenv("HF_HUB_OFFLINE", "1")
    monkey.setenv("TRANSFORMERS_OFFLINE", "1")
    local_dir, ray_dir = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("ray")
    try:
        build_snapshot(SAMPLE_RAW, local_dir, DEFAULT_MODEL, engine="local")
        assert engine.cpus == 2
        build_snapshot(SAMPLE_RAW, ray_dir, DEFAULT_MODEL, engine=engine)
    finally:
        monkey.undo()
    return load_snapshot(local_dir), load_snapshot(ray_dir)


@pytest.mark.model
def test_same_articles_paragraphs_and_texts(both: tuple[Snapshot, Snapshot]) -> None:
    local, ray = both
    assert len(local.paragraphs) > 3 * TEST_CHUNK          # several chunks, so several actor calls
    assert ray.paragraphs[ParagraphCol.ID].tolist() == local.paragraphs[ParagraphCol.ID].tolist()
    pd.testing.assert_frame_equal(ray.paragraphs, local.paragraphs)
    pd.testing.assert_frame_equal(ray.articles, local.articles)
    assert ray.articles[ArticleCol.ID].tolist() == local.articles[ArticleCol.ID].tolist()


@pytest.mark.model
def test_embeddings_within_float_tolerance(both: tuple[Snapshot, Snapshot]) -> None:
    local, ray = both
    assert ray.embed_setup == local.embed_setup
    assert ray.embeddings.shape == local.embeddings.shape
    np.testing.assert_allclose(ray.embeddings, local.embeddings, atol=1e-3, rtol=0)
    # Both are stored as float16 (unit length to its rounding): compare true cosines, at the bar
    # the snapshot writer itself holds float16 to.
    cosine = np.sum(ray.embeddings * local.embeddings, axis=1) / (
        np.linalg.norm(ray.embeddings, axis=1) * np.linalg.norm(local.embeddings, axis=1))
    assert np.min(cosine) >= vectors.HALF_MIN_COSINE


@pytest.mark.model
def test_same_manifest_map_and_stories(both: tuple[Snapshot, Snapshot]) -> None:
    local, ray = both
    for key in (ManifestKey.CORPUS_HASH, ManifestKey.COUNTS, ManifestKey.MODEL_NAME, ManifestKey.EMBED_PRECISION,
                ManifestKey.QUARANTINED, ManifestKey.DUPLICATES, ManifestKey.WARNINGS):
        assert ray.manifest[key] == local.manifest[key], key
    assert local.map is not None and ray.map is not None
    pd.testing.assert_frame_equal(ray.map, local.map, atol=1e-4)
    stories_local, stories_ray = group_stories(local), group_stories(ray)
    assert stories_local.stories, "the sample holds re-reports of one story"
    assert [(s.article_ids, s.first_reporter) for s in stories_ray.stories] == \
        [(s.article_ids, s.first_reporter) for s in stories_local.stories]


@pytest.mark.model    # as heavy as one: the workers import sentence-transformers and torch
def test_a_model_that_fails_on_the_workers_stops_the_build_with_one_line(engine, tmp_path: Path) -> None:
    """The folder states its dimension and limit (so the driver never loads it) but holds no weights:
    the workers fail to load it, the build says so as the local build would, and publishes nothing."""
    model = tmp_path / "broken-model"
    (model / "1_Pooling").mkdir(parents=True)
    (model / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    (model / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 128}))
    (model / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 384}))
    data = tmp_path / "data"
    with pytest.raises(ModelLoadError) as caught:
        build_snapshot(SAMPLE_RAW, data, str(model), engine=engine)
    assert "cannot load model" in str(caught.value) and "\n" not in str(caught.value)
    assert not (data / "CURRENT").exists()


@pytest.mark.model
def test_the_local_cluster_sends_no_usage_statistics(engine) -> None:
    from ray._common.usage import usage_lib

    assert not usage_lib.usage_stats_enabled()


def test_no_ray_process_left_after_the_builds(engine, both: tuple[Snapshot, Snapshot]) -> None:
    engine.close()               # what every `--engine ray` build does at its end, failed or not
    deadline = time.monotonic() + 20
    while _processes_of(engine.session) and time.monotonic() < deadline:
        time.sleep(0.5)          # daemons exit asynchronously after shutdown
    assert _processes_of(engine.session) == []


def test_without_ray_the_build_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)        # `import ray` now raises ImportError
    with pytest.raises(BuildError) as caught:
        build_snapshot(SAMPLE_RAW, tmp_path, "hashing-64", engine="ray")
    message = str(caught.value)
    assert "--engine ray needs Ray" in message and "pip install" in message and "\n" not in message
    assert not (tmp_path / "CURRENT").exists()


def test_cli_without_ray_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)
    code = main(["build", "--engine", "ray", "--raw", str(SAMPLE_RAW), "--out", str(tmp_path),
                 "--model", "hashing-64", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: --engine ray needs Ray") and err.count("\n") == 1
