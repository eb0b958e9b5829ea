"""Scoring the paragraphs against the lens file at build time, so no page does it on load.

Calls the one scoring function (``newslens.topics.lenses.score_paragraphs``) on the vectors as a
loaded snapshot holds them and the lens file the build runs with (``config/lenses.yaml`` or
$NEWSLENS_LENSES), and turns the result into the snapshot's stored tables
(``newslens.topics.lens_store``). An unchanged corpus under unchanged lenses, model and scoring
version reuses the current snapshot's tables without loading the model, also when they are stored
under the keys of an older build the topics page reads as this scoring's (``lens_store.keys_read``).
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newslens.embedder import Embedder
from newslens.schema import Kind, ManifestKey, ParagraphCol, SnapshotFile
from newslens.topics import lens_store
from newslens.topics.lenses import (LensConfig, cross_language_rows, paragraph_languages, score_paragraphs,
                                    split_by_lens, words_only_rows)
from pipeline.embed import EmbeddingCache
from pipeline.paragraphs import content_hash
from pipeline.snapshot import reused_tables


def scores_keys(paragraphs: pd.DataFrame, lens_keys: list[list[str]], vectors_key: str,
                words_only: np.ndarray | None = None, cross_language: np.ndarray | None = None,
                text_languages: np.ndarray | None = None) -> list[str]:
    """What the stored tables depend on, one key per list of lens keys (``lens_store.keys_read``):
    each lens's key, the vectors' model and setup, the paragraphs (ids, kinds, texts), which of
    them are scored by words only, which are in another language than the lens examples, and each
    one's language (its own letters are kept). The paragraphs are joined once for all keys: that is
    the cost (2.5 s at 1M rows), a second key adds almost nothing."""
    head = hashlib.sha256(f"{vectors_key}\n".encode())
    for tag, flags in (("words_only", words_only), ("cross_language", cross_language)):
        if flags is not None and np.any(flags):
            head.update(tag.encode() + np.packbits(np.asarray(flags, dtype=bool)).tobytes())
    if text_languages is not None:
        head.update(("languages" + "\x1f".join(map(str, text_languages))).encode("utf-8"))
    columns = [("\x1f".join(paragraphs[column].astype(str))).encode("utf-8")
               for column in (ParagraphCol.ID, ParagraphCol.KIND, ParagraphCol.CONTENT_HASH)]
    out = []
    for keys in lens_keys:
        digest = head.copy()
        for key in keys:
            digest.update(key.encode())
        for column in columns:
            digest.update(column)
        out.append(digest.hexdigest())
    return out


def _previous(data_dir: Path, keys: list[str]) -> tuple[dict[str, pd.DataFrame], dict[str, Any]] | None:
    """The current snapshot's tables and manifest entry when stored under any of ``keys``."""
    files = [SnapshotFile.LENS_SCORES, SnapshotFile.LENS_WORDS]
    return next(filter(None, (reused_tables(data_dir, ManifestKey.LENS_SCORES, key, files) for key in keys)), None)


def phrase_vectors(config: LensConfig, embedder: Embedder, cache: EmbeddingCache) -> dict[str, np.ndarray]:
    """Each lens's phrasings embedded (as ``lenses.embed_phrasings``), through the build's
    embedding cache: a rebuild with unchanged lenses embeds none of them, so it need not load the
    model for them."""
    flat = [p for lens in config.lenses for p in lens.phrasings()]
    hashes = [content_hash(p) for p in flat]
    _, found = cache.lookup(hashes)
    missing = list(dict.fromkeys(flat[i] for i in np.flatnonzero(~found)))   # in order: one batch as live
    if missing:
        cache.put([content_hash(p) for p in missing], embedder.encode(missing))
    rows, _ = cache.lookup(hashes)
    return split_by_lens(config, cache.vectors_at(rows))


def build_lens_scores(data_dir: Path, paragraphs: pd.DataFrame, embeddings: np.ndarray, config: LensConfig,
                      embedder: Embedder, cache: EmbeddingCache, vectors_key: str,
                      articles: pd.DataFrame | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """``(tables by file name, manifest entry)`` for the paragraphs about to be published.

    ``paragraphs`` must be in the order they are written in; ``embeddings`` as a loaded snapshot
    holds them (``store.as_read``), so stored scores equal live ones. ``cache`` is the build's
    embedding cache of this model and setup (phrasings are looked up and added there). With
    ``articles``, paragraphs in languages the model does not cover are scored by words only, as
    live scoring does (``lenses.words_only_rows``), and paragraphs in another language than the
    lens examples get the cross-language floor (``lenses.cross_language_rows``).
    """
    words_only = None if articles is None else words_only_rows(paragraphs, articles, embedder.name)
    cross = None if articles is None else cross_language_rows(paragraphs, articles, config.examples_language)
    text_languages = None if articles is None else paragraph_languages(paragraphs, articles)
    # Stored under the current keys or under those an older build wrote for the same scoring, as the
    # topics page reads them; the entry is then rewritten under the current ones.
    keys = scores_keys(paragraphs, lens_store.keys_read(config, embedder.name), vectors_key, words_only, cross,
                       text_languages)
    key = keys[0]
    reused = _previous(Path(data_dir), keys)
    if reused is not None:
        tables, info = reused
        return tables, {**info, "key": key, "lenses": lens_store.lens_entries(config, embedder.name)}
    started = time.perf_counter()
    content = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    scores = score_paragraphs(embeddings, content, config, phrase_vectors(config, embedder, cache),
                              texts=paragraphs[ParagraphCol.TEXT].astype(str).tolist(), words_only=words_only,
                              cross_language=cross, text_languages=text_languages)
    info = lens_store.manifest_info(config, embedder.name, vectors_key, len(paragraphs), key,
                                    time.perf_counter() - started)
    return lens_store.scores_tables(scores), {**info, "reused": False}
