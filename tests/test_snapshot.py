"""Publishing snapshots: validation before publishing, atomic switch, crash safety, pruning."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import current_snapshot_id, load_snapshot
from pipeline import snapshot as snapshot_mod
from pipeline.snapshot import SnapshotValidationError, prune_snapshots, write_snapshot
from tests.factories import SMALL_CORPUS, ArticleSpec, article_frames, make_snapshot

ROOT = Path(__file__).resolve().parent.parent


def frames():
    articles, paragraphs = article_frames(SMALL_CORPUS)
    rng = np.random.default_rng(11)
    emb = rng.normal(size=(len(paragraphs), 8)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    manifest = {
        ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "t", ManifestKey.MODEL_NAME: "m",
        ManifestKey.MODEL_DIM: 8, ManifestKey.CORPUS_HASH: "ab" * 32, ManifestKey.COUNTS: {},
        ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [],
    }
    return articles, paragraphs, emb, manifest


def _nan(a, p, e, m):
    e[2, 3] = np.nan


def _inf(a, p, e, m):
    e[0, 0] = np.inf


def _wrong_dim(a, p, e, m):
    m[ManifestKey.MODEL_DIM] = 16


def _short_matrix(a, p, e, m):
    return a, p, e[:-1], m


def _dup_article(a, p, e, m):
    a.loc[1, ArticleCol.ID] = a.loc[0, ArticleCol.ID]


def _dup_paragraph(a, p, e, m):
    p.loc[1, ParagraphCol.ID] = p.loc[0, ParagraphCol.ID]


def _orphan(a, p, e, m):
    p.loc[0, ParagraphCol.ARTICLE_ID] = "nobody"


def _bad_kind(a, p, e, m):
    p.loc[0, ParagraphCol.KIND] = "advert"


def _no_manifest_model(a, p, e, m):
    del m[ManifestKey.MODEL_NAME]


def _missing_column(a, p, e, m):
    return a.drop(columns=[ArticleCol.URL]), p, e, m


@pytest.mark.parametrize("damage, message", [
    (_nan, "NaN"),
    (_inf, "NaN or infinity"),
    (_wrong_dim, "shape"),
    (_short_matrix, "shape"),
    (_dup_article, "duplicate article ids"),
    (_dup_paragraph, "duplicate paragraph ids"),
    (_orphan, "belong to no article"),
    (_bad_kind, "unknown paragraph kinds"),
    (_no_manifest_model, "manifest lacks"),
    (_missing_column, "url"),
])
def test_invalid_tables_are_refused_and_nothing_is_published(tmp_path, damage, message):
    make_snapshot(tmp_path, SMALL_CORPUS[:1])
    before = current_snapshot_id(tmp_path)
    a, p, e, m = frames()
    a, p, e, m = damage(a, p, e, m) or (a, p, e, m)
    with pytest.raises((SnapshotValidationError, KeyError), match=message):
        write_snapshot(tmp_path, a, p, e, m)
    assert current_snapshot_id(tmp_path) == before
    assert len(list((tmp_path / SnapshotFile.SNAPSHOTS_DIR).iterdir())) == 1   # no leftovers
    assert load_snapshot(tmp_path).snapshot_id == before


def test_float64_vectors_are_stored_as_float16_when_they_keep_their_direction(tmp_path):
    a, p, e, m = frames()
    path = write_snapshot(tmp_path, a, p, e.astype(np.float64), m)
    stored = np.load(path / SnapshotFile.EMBEDDINGS)
    assert stored.dtype == np.float16
    assert load_snapshot(tmp_path).manifest[ManifestKey.EMBEDDINGS_DTYPE] == "float16"
    cosines = (stored.astype(np.float64) * e).sum(axis=1) / np.linalg.norm(stored.astype(np.float64), axis=1)
    assert cosines.min() >= 0.999


@pytest.mark.parametrize("failing", ["to_parquet", "save", "rename", "write_text"])
def test_write_failing_midway_keeps_previous_snapshot_current(tmp_path, monkeypatch, failing):
    old = make_snapshot(tmp_path, SMALL_CORPUS[:2]).name
    a, p, e, m = frames()
    boom = OSError("disk full")

    def fail(*args, **kwargs):
        raise boom

    target = {"to_parquet": (pd.DataFrame, "to_parquet"), "save": (snapshot_mod.np, "save"),
              "rename": (snapshot_mod.os, "rename"), "write_text": (Path, "write_text")}[failing]
    monkeypatch.setattr(*target, fail)
    with pytest.raises(OSError, match="disk full"):
        write_snapshot(tmp_path, a, p, e, m)
    monkeypatch.undo()
    snap = load_snapshot(tmp_path)
    assert snap.snapshot_id == old and len(snap.articles) == 2
    assert [d.name for d in (tmp_path / SnapshotFile.SNAPSHOTS_DIR).iterdir()] == [old]


KILL_SCRIPT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import numpy as np, pandas as pd
    from pipeline import snapshot as s
    from tests.test_snapshot import frames
    point = {point!r}
    def die(*a, **k):
        os._exit(9)   # like SIGKILL: no cleanup, no finally blocks
    if point == "mid_parquet":
        real = pd.DataFrame.to_parquet
        calls = []
        def half(self, path, *a, **k):
            calls.append(path)
            if len(calls) == 2:
                Path(path).write_bytes(b"PAR1 half")
                die()
            return real(self, path, *a, **k)
        pd.DataFrame.to_parquet = half
    elif point == "before_rename":
        s.os.rename = die
    elif point == "before_marker":
        s.write_atomic_text = die
    elif point == "mid_marker":
        real_replace = s.os.replace
        s.os.replace = die
    a, p, e, m = frames()
    s.write_snapshot(Path({data!r}), a, p, e, m)
""")


@pytest.mark.parametrize("point", ["mid_parquet", "before_rename", "before_marker", "mid_marker"])
def test_build_killed_at_any_moment_leaves_previous_snapshot_readable(tmp_path, point):
    old = make_snapshot(tmp_path, SMALL_CORPUS[:2]).name
    script = KILL_SCRIPT.format(root=str(ROOT), point=point, data=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    snap = load_snapshot(tmp_path)
    assert snap.snapshot_id == old and len(snap.articles) == 2
    # The debris of the killed build is cleaned by the next prune once it is stale.
    prune_snapshots(tmp_path, keep=3, stale_after=0)
    leftovers = [d.name for d in (tmp_path / SnapshotFile.SNAPSHOTS_DIR).iterdir() if d.name.startswith(".")]
    assert leftovers == []
    assert sorted(f.name for f in tmp_path.iterdir()) == [SnapshotFile.CURRENT, SnapshotFile.SNAPSHOTS_DIR]
    assert load_snapshot(tmp_path).snapshot_id == old


def test_new_snapshot_becomes_current_only_when_complete(tmp_path):
    first = make_snapshot(tmp_path, SMALL_CORPUS[:1]).name
    second = make_snapshot(tmp_path, SMALL_CORPUS).name
    assert first != second and current_snapshot_id(tmp_path) == second
    assert len(load_snapshot(tmp_path).articles) == len(SMALL_CORPUS)
    assert len(load_snapshot(tmp_path, first).articles) == 1   # the old one is still whole


@pytest.mark.parametrize("builds, keep, expected_left", [(5, 3, 3), (2, 3, 2), (4, 1, 1)])
def test_prune_keeps_the_newest_and_never_the_current(tmp_path, builds, keep, expected_left):
    names = []
    for i in range(builds):
        names.append(make_snapshot(tmp_path, [ArticleSpec(f"x{i}", "O", [f"text {i}"])]).name)
        time.sleep(0.01)
    prune_snapshots(tmp_path, keep=keep, grace=0)
    left = sorted(d.name for d in (tmp_path / SnapshotFile.SNAPSHOTS_DIR).iterdir())
    assert len(left) == expected_left and names[-1] in left


def test_prune_never_removes_current_even_if_older(tmp_path):
    old = make_snapshot(tmp_path, SMALL_CORPUS[:1]).name
    for i in range(3):
        make_snapshot(tmp_path, [ArticleSpec(f"y{i}", "O", [f"t {i}"])])
    snapshot_mod.write_atomic_text(tmp_path / SnapshotFile.CURRENT, old + "\n")   # a roll-back
    prune_snapshots(tmp_path, keep=1, grace=0)
    assert load_snapshot(tmp_path).snapshot_id == old


def test_prune_spares_a_staging_folder_of_a_build_in_progress(tmp_path):
    make_snapshot(tmp_path, SMALL_CORPUS[:1])
    staging = tmp_path / SnapshotFile.SNAPSHOTS_DIR / ".building-now-abc"
    staging.mkdir()
    prune_snapshots(tmp_path, keep=3)
    assert staging.exists()
    old = time.time() - 7200
    os.utime(staging, (old, old))
    prune_snapshots(tmp_path, keep=3)
    assert not staging.exists()
