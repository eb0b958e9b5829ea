"""Grouping the corpus into stories at build time, so no page does it on load.

Calls the one grouping function (``newslens.compare.stories.group_stories``: its rules and
evidence live there and in ``config/stories.yaml``) over the tables about to be published and
turns the result into the snapshot's ``stories.parquet`` (``newslens.compare.story_store``).
An unchanged corpus under unchanged rules and code reuses the current snapshot's table.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from newslens import config
from newslens.compare import story_store
from newslens.compare.anchors import rarity_of
from newslens.compare.stories import BEING_BUILT, group_stories
from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
from newslens.search.lexical import BM25Index
from newslens.store import Snapshot, check_stories_table
from pipeline.snapshot import reused_tables

def stories_key(articles: pd.DataFrame, paragraphs: pd.DataFrame, vectors_key: str, model_name: str) -> str:
    """What the stored grouping depends on: every article field it reads, the paragraphs (ids,
    kinds, texts), the vectors' model and setup, the grouping settings and the grouping's code."""
    # rules_key holds the grouping's settings and its code (story_store.code_files)
    digest = hashlib.sha256(f"{vectors_key}\n{story_store.rules_key(model_name)}\n".encode())
    for name in ("claims.yaml", "hedges.yaml", "sources.yaml", "outlets.yaml", "models.yaml"):
        path = config.config_dir() / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    for frame, columns in ((articles, ArticleCol.ALL),
                           (paragraphs, (ParagraphCol.ID, ParagraphCol.KIND, ParagraphCol.CONTENT_HASH))):
        for column in columns:
            digest.update("\x1f".join(map(str, frame[column].tolist())).encode("utf-8"))
    return digest.hexdigest()


def _previous(data_dir: Path, key: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    reused = reused_tables(data_dir, ManifestKey.STORIES, key, [SnapshotFile.STORIES])
    if reused is None:
        return None
    table = reused[0][SnapshotFile.STORIES]
    return (table, reused[1]) if not check_stories_table(table) else None


def build_stories(data_dir: Path, articles: pd.DataFrame, paragraphs: pd.DataFrame, embeddings: np.ndarray,
                  manifest: dict[str, Any], vectors_key: str, *,
                  word_index: Callable[[], BM25Index],
                  progress: Callable[[int, int], None] | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``(stories table, manifest entry)`` for the tables about to be published.

    ``articles`` and ``paragraphs`` must be in the order and columns they are written in;
    ``word_index``: the word index about to be written (``pipeline.lexical_index.WordIndex.searched``),
    asked for only when a pair needs its word rarity; ``progress(done, total)``: ``group_stories``'.
    """
    model_name = str(manifest[ManifestKey.MODEL_NAME])
    key = stories_key(articles, paragraphs, vectors_key, model_name)
    reused = _previous(Path(data_dir), key)
    if reused is not None:
        return reused
    started = time.perf_counter()
    snapshot = Snapshot(BEING_BUILT, Path(data_dir), dict(manifest), articles, paragraphs, embeddings)
    result = group_stories(snapshot, word_rarity=lambda: rarity_of(word_index()), progress=progress)
    info = story_store.manifest_info(result, model_name, time.perf_counter() - started, key)
    return story_store.stories_table(result), {**info, "reused": False}
