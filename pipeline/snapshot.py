"""Writing one immutable snapshot and publishing it atomically.

A snapshot is written into a hidden temporary folder, validated, renamed into place, and only then
does the CURRENT marker move to it (write-to-temp + ``os.replace``). A build killed at any moment
therefore leaves the previous snapshot readable and current.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from newslens import vectors
from newslens.fsutil import fsync_dir, write_atomic_text  # noqa: F401 (re-exported)
from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import check_snapshot_tables, current_snapshot_id, snapshot_path

# How long a replaced snapshot stays on disk before ``--keep`` may prune it (see README, Pruning).
PRUNE_GRACE_SECONDS = 600.0


class SnapshotValidationError(Exception):
    """The built tables break the contract; nothing was published."""


def new_snapshot_id(corpus_hash: str, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    # Sortable by time; the random tail keeps two builds in the same second apart.
    return f"{now:%Y%m%dT%H%M%S}Z-{corpus_hash[:8]}-{uuid.uuid4().hex[:4]}"


def write_snapshot(
    data_dir: Path | str,
    articles: pd.DataFrame,
    paragraphs: pd.DataFrame,
    embeddings: np.ndarray,
    manifest: dict[str, Any],
    extra_tables: dict[str, pd.DataFrame] | None = None,
    extra_files: dict[str, Callable[[Path], None]] | None = None,
) -> Path:
    """Validate, write and publish a snapshot; return its folder.

    ``manifest`` must hold every field of ``ManifestKey.REQUIRED`` except the snapshot id and build
    time, which are set here. ``extra_tables`` maps file names (e.g. ``SnapshotFile.MAP``) to frames;
    ``extra_files`` maps file names (e.g. ``SnapshotFile.ANN``) to functions writing them at a path.
    """
    data_dir = Path(data_dir)
    # float16 when every vector keeps its direction (newslens.vectors.HALF_MIN_COSINE): half the
    # disk and memory; the embedding cache keeps float32.
    embeddings = vectors.storage_vectors(embeddings)
    articles = articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True)
    paragraphs = paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True)
    problems = check_snapshot_tables(articles, paragraphs, embeddings, int(manifest[ManifestKey.MODEL_DIM]))
    if problems:
        raise SnapshotValidationError("; ".join(problems))

    manifest = dict(manifest)
    manifest[ManifestKey.EMBEDDINGS_DTYPE] = str(embeddings.dtype)
    manifest.setdefault(ManifestKey.BUILT_AT, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    manifest.setdefault(ManifestKey.SNAPSHOT_ID, new_snapshot_id(manifest[ManifestKey.CORPUS_HASH]))
    missing = [k for k in ManifestKey.REQUIRED if k not in manifest]
    if missing:
        raise SnapshotValidationError(f"manifest lacks {missing}")
    if extra_tables:
        manifest.setdefault(ManifestKey.EXTRAS, {}).update({name: name for name in extra_tables})
    snapshot_id = manifest[ManifestKey.SNAPSHOT_ID]

    snapshots = data_dir / SnapshotFile.SNAPSHOTS_DIR
    snapshots.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".building-{snapshot_id}-", dir=snapshots))
    try:
        articles.to_parquet(staging / SnapshotFile.ARTICLES, index=False)
        paragraphs.to_parquet(staging / SnapshotFile.PARAGRAPHS, index=False)
        np.save(staging / SnapshotFile.EMBEDDINGS, embeddings, allow_pickle=False)
        for name, frame in (extra_tables or {}).items():
            frame.to_parquet(staging / name, index=False)
        for name, write in (extra_files or {}).items():
            write(staging / name)
        # The manifest is written last: a folder without one is never a finished snapshot.
        (staging / SnapshotFile.MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        for child in staging.iterdir():
            with open(child, "rb") as fh:
                os.fsync(fh.fileno())
        final = snapshots / snapshot_id
        os.rename(staging, final)
        fsync_dir(snapshots)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    write_atomic_text(data_dir / SnapshotFile.CURRENT, snapshot_id + "\n")
    return final


def _published_order(path: Path) -> tuple[float, str]:
    """Newest first by when the manifest was written (ids only sort to the second)."""
    try:
        return (path / SnapshotFile.MANIFEST).stat().st_mtime, path.name
    except OSError:
        return 0.0, path.name


def _current_or_none(data_dir: Path | str) -> str | None:
    try:
        return current_snapshot_id(data_dir)
    except Exception:  # a corrupt marker protects nothing; the build is about to replace it
        return None


def previous_snapshot(data_dir: Path | str) -> Path | None:
    """The published snapshot a build may reuse parts of (map, indexes, stories), or None when
    there is none or the CURRENT marker is unreadable: reuse is an optimisation, never a reason
    for a build to fail."""
    snapshot_id = _current_or_none(data_dir)
    return None if snapshot_id is None else snapshot_path(data_dir, snapshot_id)


def reusable_part(data_dir: Path | str, manifest_key: str, key: str, files: Iterable[str]) -> Path | None:
    """The previous snapshot's folder when its manifest entry ``manifest_key`` was made from the same
    input (its ``key``) and all ``files`` are there: the build links them instead of rebuilding."""
    path = previous_snapshot(data_dir)
    if path is None:
        return None
    try:
        info = json.loads((path / SnapshotFile.MANIFEST).read_text(encoding="utf-8")).get(manifest_key) or {}
    except Exception:  # noqa: BLE001 - a broken previous snapshot just means building afresh
        return None
    if not isinstance(info, dict) or info.get("key") != key or not all((path / f).is_file() for f in files):
        return None
    return path


def reused_tables(data_dir: Path | str, manifest_key: str, key: str, files: list[str]
                  ) -> tuple[dict[str, pd.DataFrame], dict[str, Any]] | None:
    """The previous snapshot's tables ``files`` and its manifest entry (marked ``reused``) when they
    were made from the same input (``reusable_part``); None when anything is missing or unreadable."""
    path = reusable_part(data_dir, manifest_key, key, files)
    if path is None:
        return None
    try:
        info = json.loads((path / SnapshotFile.MANIFEST).read_text(encoding="utf-8"))[manifest_key]
        return {name: pd.read_parquet(path / name) for name in files}, {**info, "reused": True}
    except Exception:  # noqa: BLE001 - any unreadable leftover just means: compute afresh
        return None


def clean_debris(data_dir: Path | str) -> list[str]:
    """Remove every staging folder and temporary file a killed build left behind; return their names.

    Only call this while holding the build lock (``pipeline.lock``): then no other build is running,
    so nothing of the kind can belong to a live one, however young it is.
    """
    data_dir = Path(data_dir)
    debris = [*(data_dir / SnapshotFile.SNAPSHOTS_DIR).glob(".building-*"),
              *(data_dir / SnapshotFile.SNAPSHOTS_DIR).glob(".pruning-*"),
              *data_dir.glob(f".{SnapshotFile.CURRENT}.*"),
              *(data_dir / SnapshotFile.CACHE_DIR).glob(".*.tmp")]
    removed = []
    for path in debris:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def prune_snapshots(data_dir: Path | str, keep: int = 3, stale_after: float = 3600.0,
                    grace: float = PRUNE_GRACE_SECONDS) -> list[str]:
    """Delete old snapshots and abandoned staging folders, never the current one; return what went.

    A snapshot beyond the newest ``keep`` is deleted only once it has been superseded for ``grace``
    seconds (measured from the publication of the snapshot that replaced it): a reader that read
    CURRENT just before the switch is still loading it, and must not find it half deleted.
    """
    snapshots = Path(data_dir) / SnapshotFile.SNAPSHOTS_DIR
    if not snapshots.is_dir():
        return []
    current = _current_or_none(data_dir)
    removed = []
    done = sorted((p for p in snapshots.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=_published_order, reverse=True)
    now = time.time()
    for newer, path in zip(done[keep - 1:], done[keep:]):
        superseded_at = _published_order(newer)[0]
        if path.name != current and now - superseded_at >= grace:
            # Renamed first (atomic): a reader finds the snapshot whole or gone, never half deleted.
            doomed = path.with_name(f".pruning-{path.name}")
            try:
                os.rename(path, doomed)
            except OSError:
                continue
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append(path.name)
    # Staging folders of killed builds; a young one may belong to a build running right now.
    cutoff = now - stale_after
    debris = [*snapshots.glob(".building-*"), *snapshots.glob(".pruning-*"), *Path(data_dir).glob(f".{SnapshotFile.CURRENT}.*")]
    for path in debris:
        try:
            if path.stat().st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed
