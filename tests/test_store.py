"""Loading snapshots: a broken one is a one-line, actionable SnapshotError, never a traceback."""
import json

import numpy as np
import pytest

from newslens.schema import ManifestKey, SnapshotFile
from newslens.store import SnapshotError, current_snapshot_id, load_snapshot
from tests.factories import SMALL_CORPUS, make_snapshot


@pytest.fixture
def data_dir(tmp_path):
    make_snapshot(tmp_path, SMALL_CORPUS)
    return tmp_path


def snapshot_dir(data_dir):
    return data_dir / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(data_dir)


def test_loads_current_snapshot(data_dir):
    snap = load_snapshot(data_dir)
    assert len(snap.articles) == len(SMALL_CORPUS)
    assert snap.embeddings.shape == (len(snap.paragraphs), 64)
    assert snap.model_name == "hashing-64"


def test_new_build_becomes_current(data_dir):
    first = current_snapshot_id(data_dir)
    make_snapshot(data_dir, SMALL_CORPUS[:2])
    assert current_snapshot_id(data_dir) != first
    assert len(load_snapshot(data_dir).articles) == 2
    assert len(load_snapshot(data_dir, first).articles) == len(SMALL_CORPUS)


def _truncate(path):
    path.write_bytes(path.read_bytes()[:40])


def _set_manifest(path, **changes):
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


def _nan_embeddings(path):
    matrix = np.load(path)
    matrix[0, 0] = np.nan
    np.save(path, matrix)


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / SnapshotFile.MANIFEST).unlink(), "no manifest"),
    (lambda d: (d / SnapshotFile.MANIFEST).write_text("{not json"), "corrupt manifest"),
    (lambda d: (d / SnapshotFile.MANIFEST).write_text("[]"), "corrupt manifest"),
    (lambda d: _set_manifest(d / SnapshotFile.MANIFEST, **{ManifestKey.MODEL_DIM: 32}), "embeddings shape"),
    (lambda d: _truncate(d / SnapshotFile.PARAGRAPHS), rf"corrupt: {SnapshotFile.PARAGRAPHS} could not be read \(\w+\);"),
    (lambda d: _truncate(d / SnapshotFile.ARTICLES), rf"corrupt: {SnapshotFile.ARTICLES} could not be read \(\w+\);"),
    (lambda d: (d / SnapshotFile.EMBEDDINGS).write_bytes(b"\x00" * 10),
     rf"corrupt: {SnapshotFile.EMBEDDINGS} could not be read \(\w+\);"),
    (lambda d: _nan_embeddings(d / SnapshotFile.EMBEDDINGS), "NaN"),
])
def test_corrupt_snapshot_is_a_clear_error(data_dir, damage, message):
    damage(snapshot_dir(data_dir))
    with pytest.raises(SnapshotError, match=message) as err:
        load_snapshot(data_dir)
    assert "python -m pipeline build" in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_data_dir_and_dangling_marker(tmp_path):
    with pytest.raises(SnapshotError, match="no snapshot"):
        load_snapshot(tmp_path / "nowhere")
    (tmp_path / SnapshotFile.CURRENT).write_text("gone-123\n")
    with pytest.raises(SnapshotError, match="missing"):
        load_snapshot(tmp_path)


def test_empty_snapshot_is_refused(tmp_path):
    make_snapshot(tmp_path, [])
    with pytest.raises(SnapshotError, match="no articles"):
        load_snapshot(tmp_path)
