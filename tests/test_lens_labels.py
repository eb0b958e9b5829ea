"""The one labelling rule (newslens.topics.lens_labels): which lenses a paragraph carries, and in
which order, from the formula's scores and the trained head's."""
from __future__ import annotations

import numpy as np
import pytest

from newslens.topics import analysis as topics
from newslens.topics.lens_head import HeadScores
from newslens.topics.lens_labels import assign_labels
from newslens.topics.lenses import LensScores

NAMES = ("morale", "desertion", "executions", "self-harm")
NAN = np.nan


@pytest.mark.unit
def test_labels_are_best_score_first_and_tied_lenses_keep_the_files_order():
    """A paragraph's lenses are listed best score first (the page shows the first as its topic); lenses
    with the same score in the order of the lens file."""
    values = np.float32([[0.50, 0.70, 0.60, 0.50],
                         [0.60, 0.60, 0.60, 0.60],
                         [0.44, 0.90, 0.45, 0.30],
                         [NAN, NAN, NAN, NAN]])          # furniture
    scores = LensScores(NAMES, values, np.zeros(values.shape, np.int32), {}, values.copy())
    labels = assign_labels(scores, dict.fromkeys(NAMES, 0.45))
    assert labels.tolist() == [["desertion", "executions", "morale", "self-harm"],
                               ["morale", "desertion", "executions", "self-harm"],
                               ["desertion", "executions"],
                               []]


def _expected(row, values, similarity, found, words_only, cross, head_rows, head_lenses, thresholds):
    """The rule spelled out for one row: a lens whose score reaches its threshold, unless the formula
    scored it (not the head) without a wording found and the row is scored by words only, or is in
    another language and its own similarity is below the threshold; best score first, ties in order."""
    cols = []
    for j, name in enumerate(NAMES):
        if not values[row, j] >= thresholds[name]:
            continue
        by_head = head_rows[row] and name in head_lenses
        if not by_head and (row, j) not in found:
            if words_only[row] or (cross[row] and not similarity[row, j] >= thresholds[name]):
                continue
        cols.append(j)
    return [NAMES[j] for j in sorted(cols, key=lambda j: (-values[row, j], j))]


@pytest.mark.unit
@pytest.mark.parametrize("with_head", [False, True])
def test_every_rows_labels_follow_the_one_rule(with_head):
    """On random rows, tied scores, furniture and every kind of row included (English, scored by words
    only, in another language, rescored by the head in English or in another language; wordings found
    or not), each row's labels are the rule spelled out in ``_expected``, in its order: where the head
    scored, its verdict, even without a wording; a lens it does not score keeps the formula's rule."""
    rng = np.random.default_rng(7)
    n = 600
    levels = np.float32([0.3, 0.4, 0.45, 0.5, 0.6])
    values = rng.choice(levels, size=(n, len(NAMES)))
    similarity = rng.choice(levels, size=(n, len(NAMES)))
    furniture = rng.random(n) < 0.1
    values[furniture] = similarity[furniture] = NAN
    found = {(int(r), int(j)): ("word",) for r, j in zip(rng.integers(0, n, n // 3), rng.integers(0, len(NAMES), n // 3))
             if not furniture[r]}
    words_only = (rng.random(n) < 0.2) & ~furniture
    cross = (rng.random(n) < 0.5) & ~words_only & ~furniture | words_only
    # as lens_head.apply_head makes them: content rows not scored by words only
    head_rows = (rng.random(n) < 0.7) & ~words_only & ~furniture if with_head else np.zeros(n, bool)
    head_lenses = ("morale", "desertion", "executions") if with_head else ()
    parts = (NAMES, values, np.zeros(values.shape, np.int32), {}, similarity, found)
    flags = {"words_only": words_only, "cross_language": cross}
    scores = (HeadScores(*parts, **flags, head="h", head_lenses=head_lenses, head_rows=head_rows) if with_head
              else LensScores(*parts, **flags))
    assert (~head_rows & cross).sum() > 100 and words_only.sum() > 50
    assert not with_head or (head_rows & cross).sum() > 100
    for thresholds in ({"morale": 0.45, "desertion": 0.4, "self-harm": 0.5, "executions": 0.6},
                       dict.fromkeys(NAMES, 0.35)):         # below the words-only base: the wording rules bite
        got = assign_labels(scores, thresholds).tolist()
        assert topics.topic_labels(scores, thresholds).tolist() == got
        for row in range(n):
            assert got[row] == _expected(row, values, similarity, found, words_only, cross, head_rows,
                                         head_lenses, thresholds), row
