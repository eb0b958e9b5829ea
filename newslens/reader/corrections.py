"""The reader's "what cleaning removed" corrections: save a researcher's verdict on a paragraph.

The verdict goes to the corrections file in the raw folder the snapshot was built from (format and
writing in ``pipeline.corrections``, the one place that knows it); the next build applies it, so
it survives every rebuild. Nothing in the published snapshot changes until then.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from newslens.schema import ArticleCol
from newslens.store import Snapshot

RESTORE = "restore"
REMOVE = "remove"


class CorrectionError(ValueError):
    """The correction could not be saved; the message says why and what to do."""


def raw_folder(snapshot: Snapshot) -> Path:
    """The raw folder the snapshot was built from, or ``CorrectionError`` when it is not here."""
    raw = snapshot.raw_dir_here
    if raw is None:
        raise CorrectionError(f"the raw folder this snapshot was built from ({snapshot.raw_dir or 'unknown'}) is not "
                              "on this machine; corrections are saved next to the raw articles")
    return raw


def save_paragraph_correction(snapshot: Snapshot, article: pd.Series, text: str, action: str) -> Path:
    """Record that ``text`` of ``article`` is article text (restore) or furniture (remove)."""
    from pipeline.corrections import (  # the pipeline owns the file format
        Correction,
        save_correction,
    )

    if action not in (RESTORE, REMOVE):
        raise CorrectionError(f"unknown correction {action!r}")
    source = article.get(ArticleCol.SOURCE_FILE)
    if not isinstance(source, str) or not source:
        raise CorrectionError("this article has no source file to attach the correction to")
    try:
        return save_correction(raw_folder(snapshot), Correction(source, text, action))
    except (OSError, ValueError) as exc:
        raise CorrectionError(f"could not save the correction: {exc}") from None
