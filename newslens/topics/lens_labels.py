"""Which lenses a paragraph carries: the one labelling rule, from its lens scores (pure).

A lens labels a content paragraph when the paragraph's score reaches the lens's threshold; a row's
labels are ordered best score first, ties in the lenses' order. Furniture (NaN scores) gets none.
Where the formula scored (``lenses.score_paragraphs``), two kinds of row also need a wording:

- a row scored by words only gets a lens only when one of its wordings was found: a threshold
  lowered below ``WORDS_ONLY_SIMILARITY`` (the app's slider) must not give every German paragraph
  every lens;
- a row in another language than the examples, whose score is floored at that base, needs a
  wording or its own similarity at the threshold, for the same reason.

Where the trained head scored (``lens_head.HeadScores``: its rows, its lenses), its verdict is the
label: the score reaches the threshold exactly when the head says so (its rows are never scored by
words only, and the floor is the formula's, not the head's).

Kept apart from ``lenses.py``, the formula: labels change no score, so their edits need no bump of
``lenses.SCORING_VERSION`` (which keys stored scores). Whole arrays, not row by row: the topics page
relabels on every threshold change, at a million paragraphs.
"""
from __future__ import annotations

import itertools
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from newslens.topics.lens_head import HeadScores
from newslens.topics.lenses import LensScores


def assign_labels(scores: LensScores, thresholds: Mapping[str, float]) -> pd.Series:
    """Per paragraph row, the lenses whose score reaches their threshold under the rule above (best
    first); furniture gets an empty list."""
    values = scores.scores
    limits = np.array([thresholds[name] for name in scores.names], dtype=np.float32)
    with np.errstate(invalid="ignore"):
        hits = values >= limits          # NaN compares False: furniture gets nothing
    unworded = _wording_needed(scores, limits)
    if unworded is not None and unworded.any():
        unworded &= ~_worded(scores)
        hits &= ~unworded
    return _ordered(hits, values, scores.names)


def _wording_needed(scores: LensScores, limits: np.ndarray) -> np.ndarray | None:
    """(row, lens) where the formula's score may label only with a wording found: every lens of a
    row scored by words only, and a lens of a cross-language row whose own similarity is below the
    threshold; never where the head scored. None: no such row."""
    need = None
    if scores.words_only is not None and scores.words_only.any():
        need = np.zeros(scores.scores.shape, dtype=bool)
        need[np.asarray(scores.words_only, dtype=bool)] = True
    if scores.cross_language is not None and scores.cross_language.any() and scores.similarity is not None:
        with np.errstate(invalid="ignore"):
            low = np.asarray(scores.cross_language, dtype=bool)[:, None] & ~(scores.similarity >= limits)
        need = low if need is None else need | low
    if need is not None and isinstance(scores, HeadScores) and scores.head_rows is not None:
        head_lenses = np.array([name in scores.head_lenses for name in scores.names], dtype=bool)
        need &= ~(np.asarray(scores.head_rows, dtype=bool)[:, None] & head_lenses)
    return need


def _worded(scores: LensScores) -> np.ndarray:
    """(row, lens) where a lexicon wording was found."""
    worded = np.zeros(scores.scores.shape, dtype=bool)
    if scores.found:
        cells = np.fromiter(itertools.chain.from_iterable(scores.found), dtype=np.int64,
                            count=2 * len(scores.found)).reshape(-1, 2)
        worded[cells[:, 0], cells[:, 1]] = True
    return worded


def _ordered(hits: np.ndarray, values: np.ndarray, names: Sequence[str]) -> pd.Series:
    """Per row, the names of its hits, best score first (ties by column). Each distinct ordering is
    spelled once (a corpus has a handful, over a million rows) and its rows share that list: read
    them, never change them (the page's cache shares the whole series already, ``ui.topic_state``).
    A new list per row made relabelling a million rows four times slower (1.3 s, not 0.3 s), most of
    it in the garbage collector."""
    m = hits.shape[1]
    count = hits.sum(axis=1)
    order = np.argsort(np.where(hits, -values, np.inf), axis=1, kind="stable")
    most = int(count.max(initial=0))        # the places that hold a lens in some row
    codes = np.where(np.arange(most) < count[:, None], order[:, :most] + 1, 0)
    if (m + 1) ** most < 2**62:             # one integer per ordering sorts far faster than rows
        codes = codes @ ((m + 1) ** np.arange(most, dtype=np.int64))
    _, first, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    spelled = np.empty(len(first), dtype=object)
    spelled[:] = [[names[c] for c in order[i, :count[i]]] for i in first]
    return pd.Series(spelled[inverse.ravel()], dtype=object)


def label_counts(labels: Sequence[Sequence[str]], names: Sequence[str]) -> dict[str, int]:
    """How many paragraphs carry each lens."""
    counts = dict.fromkeys(names, 0)
    for row in labels:
        for name in row:
            if name in counts:
                counts[name] += 1
    return counts
