"""The snapshot's lexical (BM25) index, built once here so the app only memory-maps it.

The index covers the searchable paragraphs (``pipeline.index.searchable_rows``), in row order, as
``newslens.search.engine.build_index`` expects. An unchanged corpus reuses the previous
snapshot's files (hard links, snapshots are immutable) instead of tokenising everything again.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from newslens.schema import ManifestKey, ParagraphCol
from newslens.search.lexical import (LEXICAL_FILES, LEXICAL_VERSION, BM25Index, has_quote_marks, lexical_writers,
                                     load_lexical)
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


class WordIndex:
    """The build's word index over the searchable paragraphs, made at most once. Story grouping may
    need its word rarity before the index is written (the translation pairing weighs names by it,
    ``searched``); the writer then takes the same index. An unchanged corpus reads the previous
    snapshot's files for both instead. Built for grouping, the index is held until the snapshot is
    written (as the written index always was, from the lexical step on)."""

    def __init__(self, data_dir: Path, paragraphs: pd.DataFrame):
        self.paragraphs = paragraphs
        self.rows = searchable_rows(paragraphs)
        self.key = lexical_key(paragraphs, self.rows)
        self.previous = _previous_files(Path(data_dir), self.key)
        self.seconds = 0.0

    @functools.cached_property
    def texts(self) -> list[str]:
        return self.paragraphs[ParagraphCol.TEXT].iloc[self.rows].fillna("").tolist()

    @functools.cached_property
    def index(self) -> BM25Index:
        started = time.perf_counter()
        index = BM25Index(self.texts)
        self.seconds = time.perf_counter() - started
        return index

    def searched(self) -> BM25Index:
        """The index, as search will read it: the previous snapshot's files for an unchanged corpus
        (memory-mapped), else the one built here. Unreadable previous files are not reused for
        the written index either."""
        if self.previous is not None:
            found = load_lexical(self.previous, {"version": LEXICAL_VERSION, "rows": len(self.rows)}, len(self.rows))
            if found is not None:
                return found[0]
            self.previous = None
        return self.index

    def writers(self) -> tuple[dict[str, Callable[[Path], None]], dict[str, Any]]:
        """``(writers by file name, manifest info)``: each writer puts its file at the path given
        (inside the staging folder)."""
        info: dict[str, Any] = {"version": LEXICAL_VERSION, "rows": int(len(self.rows)), "key": self.key}
        previous = self.previous
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
        index = self.index
        started = time.perf_counter()
        quotes = has_quote_marks(self.texts)
        info.update(terms=len(index.vocabulary), reused=False,
                    build_seconds=round(self.seconds + time.perf_counter() - started, 2))
        return lexical_writers(index, quotes), info

