"""The snapshot's approximate nearest-neighbour index (newslens.ann), built when it pays.

Only searchable paragraphs go in (furniture is never a hit). An unchanged corpus reuses the
previous snapshot's index file (hard link, snapshots are immutable) instead of re-training it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newslens import ann
from newslens.schema import Kind, ManifestKey, ParagraphCol, SnapshotFile
from pipeline.snapshot import reusable_part

ANN_VERSION = "ivf-sqfp16-1"


def searchable_rows(paragraphs: pd.DataFrame) -> np.ndarray:
    return np.flatnonzero(paragraphs[ParagraphCol.KIND].isin(Kind.SEARCHABLE).to_numpy())


def ann_key(paragraphs: pd.DataFrame, rows: np.ndarray, vectors_key: str) -> str:
    """What the index depends on: the vectors' model and setup, the rows and their texts, the code."""
    digest = hashlib.sha256(f"{vectors_key}\n{ANN_VERSION}\n".encode())
    for row, text_hash in zip(rows, paragraphs[ParagraphCol.CONTENT_HASH].to_numpy()[rows]):
        digest.update(f"{row}:{text_hash}\n".encode())
    return digest.hexdigest()


def _previous_index(data_dir: Path, key: str) -> Path | None:
    path = reusable_part(data_dir, ManifestKey.ANN_INDEX, key, [SnapshotFile.ANN])
    return None if path is None else path / SnapshotFile.ANN


def build_ann_index(data_dir: Path, paragraphs: pd.DataFrame, embeddings: np.ndarray, vectors_key: str,
                    min_rows: int = ann.ANN_MIN_ROWS) -> tuple[Callable[[Path], None], dict[str, Any]] | None:
    """``(writer, manifest info)`` when the corpus is large enough for an index, else None.

    ``writer(path)`` puts the index file at ``path`` (inside the staging folder).
    """
    rows = searchable_rows(paragraphs)
    if len(rows) < min_rows:
        return None
    key = ann_key(paragraphs, rows, vectors_key)
    started = time.perf_counter()
    previous = _previous_index(Path(data_dir), key)
    info: dict[str, Any] = {"file": SnapshotFile.ANN, "kind": ANN_VERSION, "rows": len(rows),
                            "nprobe": ann.DEFAULT_NPROBE, "key": key}
    if previous is not None:
        def reuse(path: Path) -> None:
            try:
                os.link(previous, path)
            except OSError:
                shutil.copyfile(previous, path)
        info.update(reused=True, build_seconds=0.0)
        return reuse, info
    index = ann.build_ann(np.asarray(embeddings)[rows], rows)
    info.update(nlist=int(index.nlist), reused=False, build_seconds=round(time.perf_counter() - started, 2))
    return (lambda path: ann.write_ann(index, path)), info
