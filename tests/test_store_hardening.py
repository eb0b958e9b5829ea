"""Reading a data folder that is damaged or hostile (issue 14): a CURRENT marker that is garbage
or points outside the data folder, manifest values of the wrong type, tables whose column types
drifted, a snapshot pruned while a reader loads it. Each is one SnapshotError line (the app and
the CLI show it), and the CLI exits 2 without a traceback."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import SnapshotError, current_snapshot_id, load_snapshot
from tests.factories import SMALL_CORPUS, make_snapshot

@pytest.fixture
def data_dir(tmp_path):
    data = tmp_path / "data"
    make_snapshot(data, SMALL_CORPUS)
    return data


def snapshot_dir(data_dir: Path) -> Path:
    return data_dir / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(data_dir)


@pytest.mark.parametrize("marker, message", [
    (b"../../../etc\n", "CURRENT marker is corrupt ('../../../etc' is not a snapshot id)"),
    (b"/etc\n", "CURRENT marker is corrupt ('/etc' is not a snapshot id)"),
    (b"\xff\xfe\x00\x01garbage", "CURRENT marker is corrupt (not text)"),
    (b"a-snapshot\nsecond line\n", "CURRENT marker is corrupt (more than one line)"),
    (b"x" * 5000, "CURRENT marker is corrupt (too long)"),
])
def test_a_corrupt_or_escaping_current_marker_is_one_clear_line(data_dir, marker, message):
    (data_dir / SnapshotFile.CURRENT).write_bytes(marker)
    with pytest.raises(SnapshotError) as err:
        load_snapshot(data_dir)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert "python -m pipeline build" in str(err.value)


def test_a_current_marker_that_is_a_link_out_of_the_data_folder_is_refused(tmp_path, data_dir):
    outside = tmp_path / "elsewhere"
    make_snapshot(outside, SMALL_CORPUS[:1])
    (data_dir / SnapshotFile.CURRENT).unlink()
    (data_dir / SnapshotFile.CURRENT).symlink_to(outside / SnapshotFile.CURRENT)
    with pytest.raises(SnapshotError, match="CURRENT marker is a link"):
        load_snapshot(data_dir)


def test_a_snapshot_folder_that_is_a_link_out_of_the_data_folder_is_refused(tmp_path, data_dir):
    outside = make_snapshot(tmp_path / "elsewhere", SMALL_CORPUS[:1])
    (data_dir / SnapshotFile.SNAPSHOTS_DIR / "planted").symlink_to(outside, target_is_directory=True)
    (data_dir / SnapshotFile.CURRENT).write_text("planted\n")
    with pytest.raises(SnapshotError, match="outside the data folder"):
        load_snapshot(data_dir)


def _set_manifest(path: Path, **changes) -> None:
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize("changes, message", [
    ({ManifestKey.MODEL_DIM: "sixty-four"}, "manifest value model_dim is 'sixty-four', expected an integer"),
    ({ManifestKey.MODEL_DIM: None}, "manifest value model_dim is None, expected an integer"),
    ({ManifestKey.MODEL_NAME: 7}, "manifest value model_name is 7, expected a text"),
    ({ManifestKey.COUNTS: "many"}, "manifest value counts is 'many', expected a mapping"),
    ({ManifestKey.QUARANTINED: {"a": 1}}, "manifest value quarantined is {'a': 1}, expected a list"),
])
def test_manifest_values_of_the_wrong_type_are_one_clear_line(data_dir, changes, message):
    _set_manifest(snapshot_dir(data_dir) / SnapshotFile.MANIFEST, **changes)
    with pytest.raises(SnapshotError) as err:
        load_snapshot(data_dir)
    assert message in str(err.value) and "\n" not in str(err.value)


def _drift(path: Path, column: str, convert) -> None:
    frame = pd.read_parquet(path)
    frame[column] = convert(frame[column])
    frame.to_parquet(path, index=False)


@pytest.mark.parametrize("table, column, convert, expected", [
    (SnapshotFile.PARAGRAPHS, ParagraphCol.POSITION, lambda s: s.astype(str), "integer"),
    (SnapshotFile.PARAGRAPHS, ParagraphCol.TEXT, lambda s: s.str.len(), "text"),
    (SnapshotFile.ARTICLES, ArticleCol.DATE_START, lambda s: s.astype(str), "date"),
    (SnapshotFile.ARTICLES, ArticleCol.OUTLET, lambda s: pd.Series(range(len(s))), "text"),
    (SnapshotFile.ARTICLES, ArticleCol.TITLE, lambda s: s.map(lambda v: [v]), "text"),
])
def test_drifted_column_types_are_refused_on_load(data_dir, table, column, convert, expected):
    _drift(snapshot_dir(data_dir) / table, column, convert)
    with pytest.raises(SnapshotError) as err:
        load_snapshot(data_dir)
    message = str(err.value)
    assert f"column {column} of {table} has type" in message and f"expected {expected}" in message
    assert "\n" not in message


def test_a_snapshot_pruned_while_a_reader_loads_it_is_followed_to_the_new_one(data_dir, monkeypatch):
    """The reader read CURRENT, then a build published and pruned the old snapshot before the
    files were opened: the reader reads CURRENT again instead of reporting a corrupt snapshot."""
    from newslens import store

    old = current_snapshot_id(data_dir)
    new = make_snapshot(data_dir, SMALL_CORPUS[:2]).name
    reads = iter([old, new, new])
    real = store.current_snapshot_id
    monkeypatch.setattr(store, "current_snapshot_id", lambda d: next(reads, None) or real(d))
    import shutil
    shutil.rmtree(data_dir / SnapshotFile.SNAPSHOTS_DIR / old)
    snap = load_snapshot(data_dir)
    assert snap.snapshot_id == new and len(snap.articles) == 2


@pytest.mark.parametrize("damage, words", [
    (lambda d: (d / SnapshotFile.CURRENT).write_bytes(b"../../etc\n"), "CURRENT marker is corrupt"),
    (lambda d: _set_manifest(snapshot_dir(d) / SnapshotFile.MANIFEST, model_dim="x"), "manifest value model_dim"),
    (lambda d: _drift(snapshot_dir(d) / SnapshotFile.PARAGRAPHS, ParagraphCol.POSITION, lambda s: s.astype(str)),
     "column position of paragraphs.parquet has type"),
])
@pytest.mark.parametrize("command", [["articles"], ["search", "commander", "--model", "hashing-64"]])
def test_the_cli_says_one_line_and_exits_2(data_dir, damage, words, command):
    from tests.cli_utils import run_newslens

    damage(data_dir)
    proc = run_newslens(*command, "--data", str(data_dir))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ") and words in proc.stderr


@pytest.mark.parametrize("damage, words", [
    (lambda d: (d / SnapshotFile.CURRENT).write_bytes(b"../../etc\n"), "CURRENT marker is corrupt"),
    (lambda d: _set_manifest(snapshot_dir(d) / SnapshotFile.MANIFEST, model_dim="x"), "manifest value model_dim"),
    (lambda d: _drift(snapshot_dir(d) / SnapshotFile.ARTICLES, ArticleCol.DATE_START, lambda s: s.astype(str)),
     "column date_start of articles.parquet has type"),
])
@pytest.mark.parametrize("page", ["timeline", "search", "topics"])
def test_the_app_shows_a_short_message_not_a_traceback(data_dir, damage, words, page):
    from tests.apptest_utils import run_app, visible_text

    damage(data_dir)
    at = run_app(data_dir, page=page)
    assert not at.exception, [e.value for e in at.exception]
    shown = html.unescape(visible_text(at))
    assert "No usable snapshot" in shown and words in shown
    assert not at.get("plotly_chart")


def test_an_embedding_cache_linked_out_of_the_data_folder_is_not_read(tmp_path):
    from newslens.embedder import HashingEmbedder
    from pipeline.embed import EmbeddingCache, cache_file

    data = tmp_path / "data"
    path = cache_file(data, "hashing-8")
    path.parent.mkdir(parents=True)
    (tmp_path / "elsewhere.npz").write_bytes(b"not read")
    path.symlink_to(tmp_path / "elsewhere.npz")
    cache = EmbeddingCache.load(data, HashingEmbedder(8).name, 8)
    assert cache.discarded_reason == "cache file is a link out of the data folder; not read, starting afresh"
