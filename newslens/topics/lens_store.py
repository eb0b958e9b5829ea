"""Lens scores computed once by the pipeline, stored in the snapshot, read back by the topics views.

Scoring every paragraph against the lenses costs seconds per 100k paragraphs (the lexicon's
regular expressions most of all), far too long for the first visit of a page. So the build scores
the snapshot against the lens file it builds with and stores, per paragraph row and lens, the
score, the similarity part and the closest phrasing (``lens_scores.parquet``), and the lexicon
words found (``lens_words.parquet``, one row per paragraph and lens with words). The manifest
entry records the lens config's fingerprint and, per lens, a key of everything its scores depend
on (its phrasings and lexicon, the model, the scoring's version, ``lenses.SCORING_VERSION``)
but not its threshold.

Read back lens by lens: a lens whose key matches is read, any other (added in the app, edited in
the file, or every lens of an older snapshot) is scored live, so results equal live scoring.
A stored file that cannot be read or does not fit the snapshot means: score live.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from newslens.knowledge import own_letters
from newslens.schema import Kind, ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import Snapshot
from newslens.topics import lenses as lens_mod
from newslens.topics.lenses import LEXICON_CAP, TOP_K, Lens, LensConfig, LensScores

STORE_VERSION = 1
ROW, LENS, WORDS = "row", "lens", "words"          # columns of the words table
SEPARATOR = "\x1f"                                  # between the words of one entry (never in cleaned text)
_log = logging.getLogger(__name__)


def score_column(j: int) -> str:
    return f"score_{j}"


def similarity_column(j: int) -> str:
    return f"similarity_{j}"


def closest_column(j: int) -> str:
    return f"closest_{j}"


# Before session 35 a key held lenses.py's file hash ("code") where it now holds SCORING_VERSION
# ("scoring"). Every build under this hash (lenses.py of commit e6c4720, and after session 34's move
# of the labelling rule out of it, declared scoring-neutral then) scored as version 1: the scoring
# code in lenses.py and in what it calls is unchanged since (git diff e6c4720), and e6c4720's code
# gives the same scores, bit for bit, on tests/lens_scoring_guard.py's texts, the sample corpus and
# 20,000 synthetic paragraphs in eight language codes (session 35). Those snapshots' stored scores
# are read as version 1's until the version moves on; under any other file hash: scored live.
FILE_HASH_VERSIONS = {"0dd00894f98e3e50e137332ac121ee81e586887ac670bd6921a379931f99be38": 1}


def _parts(lens: Lens, model_name: str, examples_language: str) -> dict[str, Any]:
    return {"name": lens.name, "phrasings": list(lens.phrasings()), "lexicon": list(lens.lexicon),
            "examples_language": examples_language,
            "own_letters": {code: sorted(letters) for code, letters in sorted(own_letters().items())},
            "lexicon_weight": lens.lexicon_weight, "top_k": TOP_K, "cap": LEXICON_CAP,
            "model": model_name, "version": STORE_VERSION}


def _digest(parts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def lens_key(lens: Lens, model_name: str, examples_language: str) -> str:
    """What one lens's scores depend on: its phrasings, their language and its lexicon (not its
    threshold), the model that embedded them, the scoring's version and constants, and the letters
    each language keeps in its wordings (config/search.yaml ``own_letters``)."""
    return _digest({**_parts(lens, model_name, examples_language), "scoring": lens_mod.SCORING_VERSION})


def keys_read(config: LensConfig, model_name: str) -> list[list[str]]:
    """The keys under which stored scores of ``config``'s lenses are the current scoring's, as one
    list of keys per way a build wrote them (each in the order of ``config.lenses``): ``lens_key``
    first, then the file-hash keys of the builds ``FILE_HASH_VERSIONS`` gives the current version.
    The one rule for both the topics page's reading and a rebuild's reuse of stored tables."""
    legacy = [code for code, version in FILE_HASH_VERSIONS.items() if version == lens_mod.SCORING_VERSION]
    parts = [_parts(lens, model_name, config.examples_language) for lens in config.lenses]
    return [[lens_key(lens, model_name, config.examples_language) for lens in config.lenses],
            *([_digest({**p, "code": code}) for p in parts] for code in legacy)]


# --- writing (called by the pipeline) ---------------------------------------------------------

def scores_tables(scores: LensScores) -> dict[str, pd.DataFrame]:
    """The two stored tables for ``scores`` (rows aligned with the snapshot's paragraphs)."""
    similarity = scores.scores if scores.similarity is None else scores.similarity
    wide: dict[str, np.ndarray] = {}
    for j in range(len(scores.names)):
        wide[score_column(j)] = np.asarray(scores.scores[:, j], dtype=np.float32)
        wide[similarity_column(j)] = np.asarray(similarity[:, j], dtype=np.float32)
        wide[closest_column(j)] = np.asarray(scores.closest[:, j], dtype=np.int16)
    keys = sorted(scores.found)
    joined = [SEPARATOR.join(scores.found[k]) for k in keys]
    if any(SEPARATOR in w for k in keys for w in scores.found[k]):
        raise ValueError("a lexicon word holds the separator character; not stored")
    words = pd.DataFrame({ROW: np.array([r for r, _ in keys], dtype=np.int64),
                          LENS: np.array([j for _, j in keys], dtype=np.int16),
                          WORDS: pd.Series(joined, dtype=object)})
    return {SnapshotFile.LENS_SCORES: pd.DataFrame(wide), SnapshotFile.LENS_WORDS: words}


def manifest_info(config: LensConfig, model_name: str, embed_setup: str, rows: int, key: str,
                  seconds: float) -> dict[str, Any]:
    """The manifest's ``lens_scores`` entry (see ``ManifestKey.LENS_SCORES``)."""
    return {"version": STORE_VERSION, "fingerprint": config.fingerprint(), "model_name": model_name,
            "embed_setup": embed_setup, "rows": int(rows), "key": key, "seconds": round(seconds, 2),
            "files": [SnapshotFile.LENS_SCORES, SnapshotFile.LENS_WORDS], "lenses": lens_entries(config, model_name)}


def lens_entries(config: LensConfig, model_name: str) -> list[dict[str, str]]:
    """The manifest's list of stored lenses: name and current key, in the stored columns' order."""
    return [{"name": lens.name, "key": lens_key(lens, model_name, config.examples_language)}
            for lens in config.lenses]


# --- reading ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredScores:
    """The stored columns of the lenses that match (by name), read from one snapshot."""

    columns: dict[str, int]                 # lens name -> stored column position
    scores: np.ndarray                      # float32 (rows, stored lenses)
    similarity: np.ndarray
    closest: np.ndarray                     # int32
    found: dict[tuple[int, int], tuple[str, ...]]   # (row, stored position) -> words


def _matching(snapshot: Snapshot, config: LensConfig) -> dict[str, int]:
    """Lens name -> stored column for the lenses of ``config`` whose stored scores still hold."""
    info = snapshot.manifest.get(ManifestKey.LENS_SCORES)
    if not isinstance(info, dict) or info.get("version") != STORE_VERSION:
        return {}
    if info.get("model_name") != snapshot.model_name or info.get("rows") != len(snapshot.paragraphs):
        return {}
    stored = info.get("lenses")
    if not isinstance(stored, list):
        return {}
    by_key = {item.get("key"): j for j, item in enumerate(stored) if isinstance(item, dict)}
    written = keys_read(config, snapshot.model_name)
    out = {}
    for i, lens in enumerate(config.lenses):
        j = next((by_key[keys[i]] for keys in written if keys[i] in by_key), None)
        if j is not None:
            out[lens.name] = j
    return out


def _read(path: Path, wanted: dict[str, int], config: LensConfig, content: np.ndarray) -> StoredScores:
    """Read and check the stored columns; raises on anything that does not fit the snapshot."""
    positions = sorted(set(wanted.values()))
    columns = [c for j in positions for c in (score_column(j), similarity_column(j), closest_column(j))]
    table = pq.read_table(path / SnapshotFile.LENS_SCORES, columns=columns)
    n = len(content)
    if table.num_rows != n:
        raise ValueError(f"{table.num_rows} rows for {n} paragraphs")
    names = list(wanted)
    scores = np.empty((n, len(names)), dtype=np.float32)
    similarity = np.empty((n, len(names)), dtype=np.float32)
    closest = np.empty((n, len(names)), dtype=np.int32)
    for i, name in enumerate(names):
        j = wanted[name]
        scores[:, i] = table.column(score_column(j)).to_numpy().astype(np.float32, copy=False)
        similarity[:, i] = table.column(similarity_column(j)).to_numpy().astype(np.float32, copy=False)
        closest[:, i] = table.column(closest_column(j)).to_numpy()
        phrasings = len(config.get(name).phrasings())
        # Furniture has no score; content has one with a phrasing of this lens: else not this snapshot's.
        if (np.isnan(similarity[:, i]) == content).any() or (np.isnan(scores[:, i]) == content).any():
            raise ValueError(f"scores of lens {name!r} do not match the content paragraphs")
        if ((closest[:, i] < 0) == content).any() or (closest[:, i] >= phrasings).any():
            raise ValueError(f"closest phrasings of lens {name!r} are out of range")
    found: dict[tuple[int, int], tuple[str, ...]] = {}
    column_of = {j: i for i, j in enumerate(wanted[name] for name in names)}
    if any(config.get(name).lexicon for name in names):
        words = pq.read_table(path / SnapshotFile.LENS_WORDS, columns=[ROW, LENS, WORDS])
        rows = words.column(ROW).to_numpy()
        lens_pos = words.column(LENS).to_numpy()
        if len(rows) and (rows.min() < 0 or rows.max() >= n or not content[rows].all()):
            raise ValueError("lexicon words stored for rows that are not content paragraphs")
        keep = np.flatnonzero(np.isin(lens_pos, positions))
        # One string per entry (words joined): reading lists back costs several times more.
        texts = words.column(WORDS).take(keep).to_numpy(zero_copy_only=False)
        for row, j, joined in zip(rows[keep].tolist(), lens_pos[keep].tolist(), texts.tolist()):
            if not joined:
                raise ValueError("an empty lexicon word list")
            found[(row, column_of[j])] = tuple(joined.split(SEPARATOR))
    return StoredScores({name: i for i, name in enumerate(names)}, scores, similarity, closest, found)


def stored_names(snapshot: Snapshot, config: LensConfig) -> list[str]:
    """The lenses of ``config`` whose scores the snapshot stores (read without the model)."""
    return list(_matching(snapshot, config))


def stored_scores(snapshot: Snapshot, config: LensConfig) -> StoredScores | None:
    """The stored scores of the lenses of ``config`` the build scored the same way; None when there
    are none, or the stored files are missing or damaged (then everything is scored live)."""
    wanted = _matching(snapshot, config)
    if not wanted:
        return None
    content = snapshot.paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    try:
        return _read(Path(snapshot.path), wanted, config, content)
    except Exception as exc:  # noqa: BLE001 - unreadable or foreign files: score live instead
        _log.warning("stored lens scores of snapshot %s not used (%s: %s); scoring live",
                     snapshot.snapshot_id, type(exc).__name__, exc)
        return None
