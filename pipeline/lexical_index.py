"""The snapshot's lexical (BM25) index, built once here so the app only memory-maps it.

The index covers the searchable paragraphs (``pipeline.index.searchable_rows``), in row order, as
``newslens.search.engine.build_index`` expects. An unchanged corpus reuses the previous
snapshot's files (hard links, snapshots are immutable) instead of tokenising everything again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from newslens.schema import ManifestKey, ParagraphCol
from newslens.search.lexical import LEXICAL_FILES, LEXICAL_VERSION, BM25Index, has_quote_marks, lexical_writers
from newslens.store import load_manifest
from pipeline.index import searchable_rows
from pipeline.snapshot import reusable_part


def lexical_key(paragraphs: pd.DataFrame, rows) -> str:
    """What the index depends on: the code's version and the searchable texts, in order."""
    digest = hashlib.sha256(f"{LEXICAL_VERSION}\n".encode())
    digest.update("\n".join(paragraphs[ParagraphCol.CONTENT_HASH].iloc[rows].astype(str)).encode())
    return digest.hexdigest()


def _previous_files(data_dir: Path, key: str) -> Path | None:
    return reusable_part(data_dir, ManifestKey.LEXICAL_INDEX, key, LEXICAL_FILES)


def build_lexical_index(data_dir: Path, paragraphs: pd.DataFrame
                        ) -> tuple[dict[str, Callable[[Path], None]], dict[str, Any]]:
    """``(writers by file name, manifest info)``: each writer puts its file at the path given
    (inside the staging folder)."""
    rows = searchable_rows(paragraphs)
    key = lexical_key(paragraphs, rows)
    started = time.perf_counter()
    info: dict[str, Any] = {"version": LEXICAL_VERSION, "rows": int(len(rows)), "key": key}
    previous = _previous_files(Path(data_dir), key)
    if previous is not None:
        def reuse(name: str) -> Callable[[Path], None]:
            def link(path: Path) -> None:
                try:
                    os.link(previous / name, path)
                except OSError:
                    shutil.copyfile(previous / name, path)
            return link
        old = load_manifest(previous).get(ManifestKey.LEXICAL_INDEX) or {}
        info.update(terms=old.get("terms"), reused=True, build_seconds=0.0)
        return {name: reuse(name) for name in LEXICAL_FILES}, info
    texts = paragraphs[ParagraphCol.TEXT].iloc[rows].fillna("").tolist()
    index = BM25Index(texts)
    quotes = has_quote_marks(texts)
    info.update(terms=len(index.vocabulary), reused=False, build_seconds=round(time.perf_counter() - started, 2))
    return lexical_writers(index, quotes), info
