"""The trained lens head: a second stage after the lens formula, for the models it was shipped for.

The formula (``lenses.score_paragraphs``) scores a paragraph by its similarity to a lens's examples
plus its lexicon wordings. A head (issue 10, lens round 12) reads the same evidence and the
paragraph's own vector: per lens, two logistic regressions (over the vector; over the six lens
features: every lens's wordings found, capped, then every lens's similarity), their probabilities
averaged and compared with the head's threshold. Its coefficients are data
(``config/lens_heads/<model>.yaml``, written by ``benchmarks/eval_lens_head.py``); a model without a
file, or a lens file changed since the head was fitted, keeps the formula.

It applies to content paragraphs in the examples' language only: every labelled paragraph it was
fitted and measured on is English. Other languages keep the formula's score.

So that thresholds, sliders, stored scores and ranking stay one scale, a head's probability ``p``
is written into the score as ``threshold + (p - head threshold)``: a paragraph reaches the lens's
threshold exactly when the head says so, and moving a threshold by 0.05 moves the head's bar by 0.05.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import yaml

from newslens import config, vectors
from newslens.topics.lenses import LEXICON_CAP, LensConfig, LensScores

KINDS = ("vector", "lens")   # the two regressions, averaged


class LensHeadError(ValueError):
    """A head file that cannot be read (said with the file and the key)."""


@dataclass(frozen=True)
class Regression:
    coef: np.ndarray
    intercept: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = features.astype(np.float64) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class LensHead:
    model: str
    lens_file: str                          # LensConfig.fingerprint() of the lens file it was fitted to
    fitted_on: tuple[str, ...]
    thresholds: Mapping[str, float]
    regressions: Mapping[str, Mapping[str, Regression]]   # lens -> kind -> regression

    def fits(self, lens_config: LensConfig) -> bool:
        return lens_config.fingerprint() == self.lens_file and set(lens_config.names) == set(self.thresholds)

    def describe(self) -> str:
        n = len(self.fitted_on)
        return f"a trained head for {self.model} (fitted on {n} hand-labelled set{'s' if n != 1 else ''} of English paragraphs)"

    def probabilities(self, vectors_: np.ndarray, lens_features: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """(rows, lenses) probabilities for rows given as their vectors and six lens features."""
        out = np.empty((len(vectors_), len(names)), dtype=np.float64)
        for j, name in enumerate(names):
            parts = {"vector": vectors_, "lens": lens_features}
            out[:, j] = np.mean([self.regressions[name][kind].probability(parts[kind]) for kind in KINDS], axis=0)
        return out


def head_file(model_name: str, folder: Path | None = None) -> Path:
    """Where a model's head lives (the model's short name: "org/x" is "x")."""
    short = model_name.rstrip("/").split("/")[-1]
    return Path(folder or config.config_dir() / "lens_heads") / f"{short}.yaml"


def load_head(model_name: str, folder: Path | None = None) -> LensHead | None:
    """The head shipped for ``model_name``, or None when there is none."""
    path = head_file(model_name, folder)
    if not path.exists():
        return None
    return _read(str(path), path.stat().st_mtime)


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> LensHead:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        lenses = data["lenses"]
        regressions = {name: {kind: Regression(np.asarray(spec[kind]["coef"], dtype=np.float64),
                                               float(spec[kind]["intercept"])) for kind in KINDS}
                       for name, spec in lenses.items()}
        thresholds = {name: float(spec["threshold"]) for name, spec in lenses.items()}
        head = LensHead(str(data["model"]), str(data["lens_file"]), tuple(data.get("fitted_on") or ()),
                        thresholds, regressions)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise LensHeadError(f"{path}: not a lens head file ({type(exc).__name__}: {exc})") from None
    lens_sizes = {len(r["lens"].coef) for r in head.regressions.values()}
    if lens_sizes != {2 * len(head.thresholds)}:
        raise LensHeadError(f"{path}: each 'lens' regression needs {2 * len(head.thresholds)} coefficients "
                            f"(wordings and similarity of each lens), found {sorted(lens_sizes)}")
    return head


def head_rows(scores: LensScores) -> np.ndarray:
    """Rows the head scores: content rows (finite scores) in the examples' language, not by words only."""
    rows = np.isfinite(scores.scores).all(axis=1)
    if scores.cross_language is not None:
        rows &= ~np.asarray(scores.cross_language, dtype=bool)
    if scores.words_only is not None:
        rows &= ~np.asarray(scores.words_only, dtype=bool)
    return np.flatnonzero(rows)


def lens_features(scores: LensScores, rows: np.ndarray) -> np.ndarray:
    """Per row: every lens's wordings found (capped), then every lens's similarity, in lens order."""
    similarity = scores.scores if scores.similarity is None else scores.similarity
    hits = np.zeros((len(scores.scores), len(scores.names)), dtype=np.float64)
    for (row, j), words in scores.found.items():
        hits[row, j] = len(words)
    return np.hstack([np.minimum(hits[rows], LEXICON_CAP), similarity[rows].astype(np.float64)])


def apply_head(head: LensHead, scores: LensScores, embeddings: np.ndarray, lens_config: LensConfig) -> LensScores:
    """``scores`` with the head's verdict written into the rows it applies to (see the module doc)."""
    rows = head_rows(scores)
    if not len(rows):
        return replace(scores, head=head.describe(), head_rows=np.zeros(len(scores.scores), dtype=bool))
    wanted = lens_config.thresholds()
    features = lens_features(scores, rows)
    new = scores.scores.copy()
    # Block by block: a million paragraphs' vectors are never copied to float64 at once.
    for start in range(0, len(rows), vectors.BLOCK_ROWS):
        block = rows[start:start + vectors.BLOCK_ROWS]
        p = head.probabilities(np.asarray(vectors.take(embeddings, block), dtype=np.float64),
                               features[start:start + len(block)], scores.names)
        for j, name in enumerate(scores.names):
            new[block, j] = (wanted[name] + p[:, j] - head.thresholds[name]).astype(np.float32)
    mask = np.zeros(len(scores.scores), dtype=bool)
    mask[rows] = True
    return replace(scores, scores=new, head=head.describe(), head_rows=mask)
