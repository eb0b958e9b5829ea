"""Loading a published snapshot. Read-only: only the pipeline writes under the data folder.

Layout (see ``schema.SnapshotFile``)::

    <data>/CURRENT                      the current snapshot id, replaced atomically
    <data>/snapshots/<id>/manifest.json
    <data>/snapshots/<id>/articles.parquet
    <data>/snapshots/<id>/paragraphs.parquet
    <data>/snapshots/<id>/embeddings.npy
    <data>/snapshots/<id>/map.parquet   optional 2-D projection
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newslens.embedder import REFERENCE_SETUP, EmbedSetup
from newslens.schema import ArticleCol, Kind, ManifestKey, ParagraphCol, SnapshotFile

BUILD_HINT = "python -m pipeline build"


class SnapshotError(Exception):
    """A snapshot is missing, empty or corrupt. The message is one line a user can act on."""


@dataclass
class Snapshot:
    snapshot_id: str
    path: Path
    manifest: dict[str, Any]
    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    embeddings: np.ndarray          # float32 (len(paragraphs), dim), rows aligned with paragraphs
    map: pd.DataFrame | None = field(default=None)

    @property
    def model_name(self) -> str:
        return self.manifest[ManifestKey.MODEL_NAME]

    @property
    def model_dim(self) -> int:
        return int(self.manifest[ManifestKey.MODEL_DIM])

    @property
    def embed_setup(self) -> EmbedSetup:
        """How the stored vectors were computed (older snapshots: the torch fp32 reference)."""
        return EmbedSetup(str(self.manifest.get(ManifestKey.EMBED_BACKEND) or REFERENCE_SETUP.backend),
                          str(self.manifest.get(ManifestKey.EMBED_PRECISION) or REFERENCE_SETUP.precision))

    def content_mask(self) -> np.ndarray:
        """Rows that are article content (not headings, captions or furniture)."""
        return self.paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()


def current_snapshot_id(data_dir: Path | str) -> str | None:
    marker = Path(data_dir) / SnapshotFile.CURRENT
    try:
        value = marker.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return value or None


def snapshot_path(data_dir: Path | str, snapshot_id: str) -> Path:
    return Path(data_dir) / SnapshotFile.SNAPSHOTS_DIR / snapshot_id


def load_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((path / SnapshotFile.MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"snapshot {path.name} has no manifest; rebuild it with `{BUILD_HINT}`")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"snapshot {path.name} has a corrupt manifest ({exc}); rebuild it with `{BUILD_HINT}`")
    if not isinstance(manifest, dict):
        raise SnapshotError(f"snapshot {path.name} has a corrupt manifest; rebuild it with `{BUILD_HINT}`")
    missing = [k for k in ManifestKey.REQUIRED if k not in manifest]
    if missing:
        raise SnapshotError(
            f"snapshot {path.name} manifest lacks {', '.join(missing)}; rebuild it with `{BUILD_HINT}`")
    return manifest


def load_snapshot(data_dir: Path | str, snapshot_id: str | None = None) -> Snapshot:
    """Load the current (or the named) snapshot, or raise ``SnapshotError`` saying how to fix it."""
    data_dir = Path(data_dir)
    snapshot_id = snapshot_id or current_snapshot_id(data_dir)
    if snapshot_id is None:
        raise SnapshotError(f"no snapshot in {data_dir}; build one with `{BUILD_HINT}`")
    path = snapshot_path(data_dir, snapshot_id)
    if not path.is_dir():
        raise SnapshotError(
            f"the current snapshot {snapshot_id} is missing from {data_dir}; rebuild with `{BUILD_HINT}`")
    manifest = load_manifest(path)
    current = SnapshotFile.ARTICLES
    try:
        articles = pd.read_parquet(path / current)
        current = SnapshotFile.PARAGRAPHS
        paragraphs = pd.read_parquet(path / current)
        # Memory-mapped: pages share one copy and a 100k x 384 matrix loads instantly.
        current = SnapshotFile.EMBEDDINGS
        embeddings = np.load(path / current, mmap_mode="r", allow_pickle=False)
        current = SnapshotFile.MAP
        proj = pd.read_parquet(path / current) if (path / current).exists() else None
    except Exception as exc:  # pyarrow/numpy raise many types for truncated or foreign files
        # Name the file and the kind of failure; the library's own text is long and cut badly.
        raise SnapshotError(
            f"snapshot {snapshot_id} is corrupt: {current} could not be read ({type(exc).__name__}); "
            f"rebuild it with `{BUILD_HINT}`") from None
    problems = check_snapshot_tables(articles, paragraphs, embeddings, int(manifest[ManifestKey.MODEL_DIM]))
    if problems:
        raise SnapshotError(f"snapshot {snapshot_id} is corrupt ({problems[0]}); rebuild it with `{BUILD_HINT}`")
    if articles.empty:
        raise SnapshotError(f"snapshot {snapshot_id} holds no articles; add files to data/raw and run `{BUILD_HINT}`")
    return Snapshot(snapshot_id, path, manifest, articles, paragraphs, embeddings, proj)


def check_snapshot_tables(articles: pd.DataFrame, paragraphs: pd.DataFrame, embeddings: np.ndarray,
                          dim: int) -> list[str]:
    """Every reason the tables break the contract; empty when they are sound.

    Shared by the pipeline (validate before publishing) and the reader (refuse a corrupt snapshot).
    """
    problems: list[str] = []
    missing_a = [c for c in ArticleCol.ALL if c not in articles.columns]
    missing_p = [c for c in ParagraphCol.ALL if c not in paragraphs.columns]
    if missing_a:
        problems.append(f"articles lack columns {missing_a}")
    if missing_p:
        problems.append(f"paragraphs lack columns {missing_p}")
    if problems:
        return problems
    if articles[ArticleCol.ID].duplicated().any():
        problems.append("duplicate article ids")
    if paragraphs[ParagraphCol.ID].duplicated().any():
        problems.append("duplicate paragraph ids")
    orphans = ~paragraphs[ParagraphCol.ARTICLE_ID].isin(articles[ArticleCol.ID])
    if orphans.any():
        problems.append(f"{int(orphans.sum())} paragraphs belong to no article")
    bad_kinds = set(paragraphs[ParagraphCol.KIND].unique()) - set(Kind.ALL)   # unique(): no per-row Python
    if bad_kinds:
        problems.append(f"unknown paragraph kinds {sorted(bad_kinds)}")
    if embeddings.ndim != 2 or embeddings.shape != (len(paragraphs), dim):
        problems.append(f"embeddings shape {embeddings.shape} != ({len(paragraphs)}, {dim})")
    elif embeddings.dtype != np.float32:
        problems.append(f"embeddings dtype {embeddings.dtype} is not float32")
    # A NaN or infinity anywhere makes its column's sum non-finite: one pass, no n x dim mask.
    elif len(embeddings) and not np.isfinite(np.asarray(embeddings).sum(axis=0, dtype=np.float64)).all():
        problems.append("embeddings contain NaN or infinity")
    return problems
