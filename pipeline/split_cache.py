"""Cache of each article's cleaned and split paragraphs, so a rebuild re-cleans only what changed.

Cleaning and token-aware splitting cost a few percent of a cold build, which would make a
no-change rebuild blow its time budget. An article's rows depend only on its exact text, its
title and author (cleaning uses them), the model's tokenizer and limit, and the cleaning code and
rules; all of these form the key, including a fingerprint of the cleaning modules' source and of
``config/furniture.yaml``, so a change to the rules re-cleans everything. The corpus-level furniture pass is not cached: it depends on
the whole corpus and is cheap.

One parquet file per model under ``<data>/cache/``, replaced atomically; a damaged file is ignored.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from newslens.fsutil import atomic_write, confined
from newslens.schema import ParagraphCol
from pipeline import PIPELINE_VERSION
from pipeline.embed import cache_file
from pipeline.rules import rules_path

DOC_KEY = "doc_key"
_CODE_MODULES = ("clean.py", "paragraphs.py", "metadata.py")   # cleaning reads date lines with metadata's rules

Columns = dict[str, list]


def code_fingerprint() -> str:
    """Hash of the cleaning and splitting code and of the cleaning rules (config/furniture.yaml):
    editing a rule, in code or in config, invalidates every cached article. (A config edit was not
    seen: a threshold changed in furniture.yaml left cached articles cleaned under the old one.)"""
    return _fingerprint(rules_path())


@lru_cache(maxsize=4)
def _fingerprint(rules_file: Path) -> str:
    # per rules file, read once a process, as pipeline.rules parses it once a process
    digest = hashlib.sha256(PIPELINE_VERSION.encode("utf-8"))
    here = Path(__file__).resolve().parent
    for name in _CODE_MODULES:
        digest.update((here / name).read_bytes())
    digest.update(rules_file.read_bytes() if rules_file.is_file() else b"")   # (cleaning says it is missing)
    return digest.hexdigest()


def doc_key(article_id: str, text: str, title: Any, author: Any, model_name: str, max_tokens: int, *,
            language: Any = None) -> str:
    # (the language settles a slash date in cleaning: a page given another language is cleaned again)
    payload = json.dumps([article_id, text, str(title or ""), str(author or ""), model_name, int(max_tokens),
                          code_fingerprint(), str(language or "")], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def split_cache_file(data_dir: Path | str, model_name: str) -> Path:
    path = cache_file(data_dir, model_name)
    return path.with_name("split-" + path.stem + ".parquet")


class SplitCache:
    """Paragraph column lists (as ``pipeline.paragraphs.paragraph_columns`` returns) by document key."""

    def __init__(self, path: Path | None):
        self.path = path
        self._frame: pd.DataFrame | None = None
        self._rows: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def load(cls, data_dir: Path | str, model_name: str) -> "SplitCache":
        cache = cls(split_cache_file(data_dir, model_name))
        if cache.path is not None and cache.path.exists() and not confined(Path(data_dir), cache.path):
            return cache   # a link out of the data folder is never read: start afresh
        try:
            frame = pd.read_parquet(cache.path)
        except Exception:  # missing, truncated or foreign: start afresh, never fail the build
            return cache
        if set(frame.columns) != {DOC_KEY, *ParagraphCol.ALL}:
            return cache
        cache._frame = frame
        cache._rows = frame.groupby(DOC_KEY, sort=False).indices
        return cache

    def get(self, key: str) -> Columns | None:
        rows = self._rows.get(key)
        if rows is None or self._frame is None:
            self.misses += 1
            return None
        self.hits += 1
        part = self._frame.iloc[rows]
        return {col: part[col].tolist() for col in ParagraphCol.ALL}

    def save(self, entries: list[tuple[str, Columns]]) -> None:
        """Replace the file with exactly ``entries`` (articles gone from the corpus drop out)."""
        if self.path is None or (self.misses == 0 and self._frame is not None
                                 and len(self._rows) == len(entries)):
            return
        frames = [pd.DataFrame({DOC_KEY: [key] * len(cols[ParagraphCol.ID]), **cols}) for key, cols in entries]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[DOC_KEY, *ParagraphCol.ALL])
        with atomic_write(self.path) as fh:
            frame.to_parquet(fh, index=False)
