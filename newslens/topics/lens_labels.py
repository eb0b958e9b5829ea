"""Which lenses a paragraph carries: the labelling rule, from its lens scores (pure).

Kept apart from ``lenses.py``: stored lens scores are keyed by that file's hash (``lens_store``),
and labels change no score.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from newslens.topics.lenses import LensScores


def assign_labels(scores: LensScores, thresholds: Mapping[str, float]) -> pd.Series:
    """Per paragraph row, the lenses whose score reaches their threshold (best first).

    Rows with no scores (furniture) get an empty list. A row scored by words only gets a lens only
    when one of its wordings was found: a threshold lowered below ``WORDS_ONLY_SIMILARITY`` (the
    app's slider) must not give every German paragraph every lens. For the same reason a
    cross-language row without a wording needs its own similarity to reach the threshold.
    """
    values = scores.scores
    limits = np.array([thresholds[name] for name in scores.names], dtype=np.float32)
    with np.errstate(invalid="ignore"):
        hits = values >= limits          # NaN compares False: furniture gets nothing
    cross = scores.cross_language is not None and scores.cross_language.any() and scores.similarity is not None
    words_only = scores.words_only is not None and scores.words_only.any()
    if cross or words_only:
        worded = np.zeros_like(hits)           # (row, lens) where a lexicon wording was found
        for row, j in scores.found:
            worded[row, j] = True
        if cross:
            wordless = _flagged_rows(hits, scores.cross_language) & ~worded
            with np.errstate(invalid="ignore"):
                hits &= ~wordless | (scores.similarity >= limits)
        if words_only:
            hits &= ~(_flagged_rows(hits, scores.words_only) & ~worded)
    labels: list[list[str]] = []
    for row in range(len(values)):
        cols = np.flatnonzero(hits[row])
        cols = cols[np.argsort(-values[row, cols], kind="stable")]
        labels.append([scores.names[c] for c in cols])
    return pd.Series(labels, dtype=object)


def _flagged_rows(like: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """A bool matrix shaped ``like``, True on every column of the rows ``flags`` marks."""
    out = np.zeros_like(like, dtype=bool)
    out[np.flatnonzero(flags)] = True
    return out


def label_counts(labels: Sequence[Sequence[str]], names: Sequence[str]) -> dict[str, int]:
    """How many paragraphs carry each lens."""
    counts = dict.fromkeys(names, 0)
    for row in labels:
        for name in row:
            if name in counts:
                counts[name] += 1
    return counts
