"""Where a user's own corpora live, so their articles never mix with the bundled sample.

    <corpora dir>/<name>/raw/         articles, metadata.csv, .collect/log.jsonl, .uploads/
    <corpora dir>/<name>/processed/   that corpus' snapshots (CURRENT marker and all)

The folder name is the corpus name the user gave (made file-name safe), so chart stamps can name
it. The pipeline writes into these folders; the app reads the active one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newslens import config

RAW, PROCESSED, UPLOADS = "raw", "processed", ".uploads"
_NAME = re.compile(r"[^\w-]+", re.UNICODE)
_RESERVED = {"raw", "processed", "data", "sample", "corpora"}


def corpus_slug(name: str) -> str:
    """A folder name for a corpus name ("HUR intercepts 2025" -> "HUR-intercepts-2025")."""
    slug = _NAME.sub("-", name.strip()).strip("-_")[:60]
    if not slug or slug.lower() in _RESERVED:
        raise ValueError("give the corpus a name of letters or digits (not 'raw', 'data' or 'sample')")
    return slug


@dataclass(frozen=True)
class Corpus:
    name: str
    folder: Path

    @property
    def raw(self) -> Path:
        return self.folder / RAW

    @property
    def processed(self) -> Path:
        return self.folder / PROCESSED

    @property
    def uploads(self) -> Path:
        return self.raw / UPLOADS


def corpus_at(root: Path, name: str) -> Corpus:
    slug = corpus_slug(name)
    return Corpus(slug, Path(root) / slug)


def list_corpora(root: Path | None = None) -> list[Corpus]:
    """The user corpora that have a raw folder, by name."""
    root = Path(root or config.corpora_dir())
    if not root.is_dir():
        return []
    return [Corpus(p.name, p) for p in sorted(root.iterdir(), key=lambda p: p.name.lower())
            if p.is_dir() and not p.name.startswith(".") and (p / RAW).is_dir()]


def find_corpus(name: str | None, root: Path | None = None) -> Corpus | None:
    """The user corpus of that name, or None (unknown names never become paths)."""
    if not name:
        return None
    return next((c for c in list_corpora(root) if c.name == name), None)


def corpus_name_of_raw(raw_dir: str | Path, root: Path | None = None) -> str | None:
    """The user corpus a raw folder belongs to (by its place under the corpora folder), or None."""
    raw = Path(raw_dir)
    if raw.name != RAW:
        return None
    try:
        same = raw.parent.parent.resolve() == Path(root or config.corpora_dir()).resolve()
    except OSError:
        return None
    return raw.parent.name if same else None
