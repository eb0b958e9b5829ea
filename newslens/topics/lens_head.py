"""The trained lens head: a second stage after the lens formula, for the models it was shipped for.

The formula (``lenses.score_paragraphs``) scores a paragraph by its similarity to a lens's examples
plus its lexicon wordings. A head (issue 10, lens round 12) reads the same evidence and the
paragraph's own vector: per lens, two logistic regressions (over the vector; over the lens
features: every fitted lens's wordings found, capped, then every fitted lens's similarity), their
probabilities averaged and compared with the head's threshold. Its coefficients are data
(``config/lens_heads/<model>.yaml``, written by ``benchmarks/eval_lens_head.py``).

It applies to content paragraphs in the examples' language (or of unknown language, taken to be
theirs as everywhere in the lenses): every labelled paragraph it was fitted on is English. Other
languages keep the formula, but for the languages the head file names (``other_languages``: where,
measured on hand-labelled paragraphs of that language, the head read the model's vectors better than
the formula did); there its probability is first raised by ``cross_language_offset`` (per lens, how
much lower it reads a translation than its English original, measured on translation pairs without
labels), and its verdict is the label: the formula's rule that a wordless paragraph in another
language needs its own similarity to reach the threshold is for the floored formula score, not the
head's (``lens_labels``). It rescores the lenses it was fitted to while all of them are unchanged
(``lens_keys``); a lens added in the app keeps the formula, a fitted lens edited or removed turns the
head off.

So that thresholds, sliders, stored scores and ranking stay one scale, a head's probability ``p``
is written into the score as ``threshold + (p - head threshold)``: a paragraph reaches the lens's
threshold exactly when the head says so, and moving a threshold by 0.05 moves the head's bar by 0.05.

Kept apart from ``lenses.py``, the formula: a head changes no stored score (those are the formula's,
keyed by ``lenses.SCORING_VERSION``), so its edits need no version bump.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import yaml

from newslens import config, languages, vectors
from newslens.topics.lenses import LEXICON_CAP, Lens, LensConfig, LensScores

KINDS = ("vector", "lens")   # the two regressions, averaged


class LensHeadError(ValueError):
    """A head file that cannot be read (said with the file and the key)."""


def lens_key(lens: Lens, examples_language: str) -> str:
    """What the head's features of one lens depend on: its phrasings, their language, its lexicon."""
    parts = {"name": lens.name, "phrasings": list(lens.phrasings()), "lexicon": list(lens.lexicon),
             "examples_language": examples_language}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class LensHead:
    model: str
    lens_keys: Mapping[str, str]            # fitted lens -> lens_key, in the order of its features
    fitted_on: tuple[str, ...]
    thresholds: Mapping[str, float]
    vector_coef: np.ndarray                 # (dim, fitted lenses)
    vector_intercept: np.ndarray            # (fitted lenses,)
    lens_coef: np.ndarray                   # (2 x fitted lenses, fitted lenses)
    lens_intercept: np.ndarray
    other_languages: tuple[str, ...] = ()   # base codes besides the examples' language it scores
    cross_offset: np.ndarray | None = None  # (fitted lenses,) added to p in those languages

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.lens_keys)

    def fits(self, lens_config: LensConfig) -> bool:
        """Every fitted lens is in ``lens_config``, unchanged (other lenses may be added)."""
        have = {lens.name: lens_key(lens, lens_config.examples_language) for lens in lens_config.lenses}
        return all(have.get(name) == key for name, key in self.lens_keys.items())

    def describe(self) -> str:
        n = len(self.fitted_on)
        return f"a trained head for {self.model} (fitted on {n} hand-labelled set{'s' if n != 1 else ''} of English paragraphs)"

    def probabilities(self, vectors_: np.ndarray, lens_features: np.ndarray) -> np.ndarray:
        """(rows, fitted lenses) probabilities for rows given as their vectors and lens features."""
        z_vector = np.asarray(vectors_, dtype=np.float32) @ self.vector_coef + self.vector_intercept
        z_lens = np.asarray(lens_features, dtype=np.float32) @ self.lens_coef + self.lens_intercept
        return (_sigmoid(z_vector) + _sigmoid(z_lens)) / 2


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def heads_folder() -> Path:
    """``lens_heads`` of the config folder; the shipped heads when a folder of one's own
    (``$NEWSLENS_CONFIG``) has none: a copy made for other settings should not lose them silently
    (a head whose lenses were edited there still turns itself off, and says so)."""
    own = config.config_dir() / "lens_heads"
    return own if own.is_dir() else config.PROJECT_ROOT / "config" / "lens_heads"


def head_file(model_name: str, folder: Path | None = None) -> Path:
    """Where a model's head lives (the model's short name: "org/x" is "x")."""
    short = model_name.rstrip("/").split("/")[-1]
    return Path(folder or heads_folder()) / f"{short}.yaml"


def head_stamp(model_name: str, folder: Path | None = None) -> str:
    """What identifies the head file as it is now ("none" without one): caches of lens scores are
    keyed by it, so a head refitted while the app runs is used on the next rerun."""
    try:
        stat = head_file(model_name, folder).stat()
    except OSError:
        return "none"
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def load_head(model_name: str, folder: Path | None = None) -> LensHead | None:
    """The head shipped for ``model_name``, or None when there is none. ``LensHeadError`` when its
    file cannot be read or is another model's."""
    path = head_file(model_name, folder)
    if not path.exists():
        return None
    head = _read(str(path), head_stamp(model_name, folder))   # re-read when the file changes
    if head.model.rstrip("/").split("/")[-1] != model_name.rstrip("/").split("/")[-1]:
        raise LensHeadError(f"{path}: fitted for {head.model}, not {model_name}")
    return head


def read_head(path: Path) -> LensHead:
    """A head file read and checked as the app reads it (``LensHeadError`` when it cannot be)."""
    return _read(str(path), f"{path.stat().st_mtime_ns}:{path.stat().st_size}")


@lru_cache(maxsize=8)
def _read(path: str, stamp: str) -> LensHead:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        keys = {str(name): str(key) for name, key in data["lens_keys"].items()}
        lenses = [data["lenses"][name] for name in keys]
        stack = lambda kind, part: np.asarray([spec[kind][part] for spec in lenses], dtype=np.float32)  # noqa: E731
        others = tuple(languages.base_language(str(code)) for code in data.get("other_languages") or ())
        offsets = data.get("cross_language_offset") or {}
        head = LensHead(str(data["model"]), keys, tuple(data.get("fitted_on") or ()),
                        {name: float(spec["threshold"]) for name, spec in zip(keys, lenses)},
                        stack("vector", "coef").T.copy(), stack("vector", "intercept"),
                        stack("lens", "coef").T.copy(), stack("lens", "intercept"), others,
                        np.asarray([float(offsets.get(name, 0.0)) for name in keys], dtype=np.float32))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LensHeadError(f"{path}: not a lens head file ({type(exc).__name__}: {exc})") from None
    if head.lens_coef.shape != (2 * len(keys), len(keys)) or head.vector_coef.ndim != 2:
        raise LensHeadError(f"{path}: each 'lens' regression needs {2 * len(keys)} coefficients "
                            f"(wordings and similarity of each fitted lens)")
    unknown = [code for code in data.get("other_languages") or () if not languages.known_language(code)]
    if unknown:     # else the head would silently never apply to them
        raise LensHeadError(f"{path}: 'other_languages' must be language codes such as 'de' or 'ru' "
                            f"(as paragraphs' languages are stored), not {', '.join(map(repr, unknown))}")
    if not set(offsets) <= set(keys) or not all(-0.5 <= float(o) <= 0.5 for o in head.cross_offset):
        raise LensHeadError(f"{path}: 'cross_language_offset' must be a number from -0.5 to 0.5 per fitted "
                            f"lens (by its name)")
    return head


@dataclass
class HeadScores(LensScores):
    """``LensScores`` some of whose rows the head rescored (``head_rows``)."""

    head: str = ""
    head_lenses: tuple[str, ...] = ()
    head_rows: np.ndarray | None = None     # bool per row
    other_languages: tuple[str, ...] = ()   # the head's languages besides the examples' it scored rows in

    def by_head(self, row: int) -> bool:
        return self.head_rows is not None and bool(self.head_rows[row])

    def explain(self, row: int, lens: str) -> str:
        if not (self.by_head(row) and lens in self.head_lenses):
            return super().explain(row, lens)
        j = self.names.index(lens)
        sim = float(self.scores[row, j] if self.similarity is None else self.similarity[row, j])
        words = self.words(row, lens)
        line = (f"{float(self.scores[row, j]):.2f}: by {self.head}, from the paragraph's vector, its "
                f"similarity {sim:.2f} to examples like {self.why(row, lens)!r}")
        return line + (f" and the words {', '.join(repr(w) for w in words)}" if words else ", no lexicon wording found")


def head_rows(scores: LensScores, text_languages=None, head: LensHead | None = None) -> np.ndarray:
    """Rows the head scores: content rows (finite scores) not by words only, in the examples' language
    or in one of ``head``'s ``other_languages`` (``text_languages``: each row's base code)."""
    rows = np.isfinite(scores.scores).all(axis=1)
    if scores.cross_language is not None:
        elsewhere = np.asarray(scores.cross_language, dtype=bool)
        if head is not None and head.other_languages and text_languages is not None:
            elsewhere = elsewhere & ~np.isin(np.asarray(text_languages, dtype=object), list(head.other_languages))
        rows &= ~elsewhere
    if scores.words_only is not None:
        rows &= ~np.asarray(scores.words_only, dtype=bool)
    return np.flatnonzero(rows)


def lens_features(scores: LensScores, rows: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Per row: each of ``names``'s wordings found (capped), then each one's similarity, as
    ``benchmarks/eval_lens_head.py`` fits them (``eval_lenses.parts``)."""
    similarity = scores.scores if scores.similarity is None else scores.similarity
    cols = [scores.names.index(name) for name in names]
    hits = np.zeros((len(scores.scores), len(scores.names)), dtype=np.float32)
    for (row, j), words in scores.found.items():
        hits[row, j] = len(words)
    return np.hstack([np.minimum(hits[rows][:, cols], LEXICON_CAP), similarity[rows][:, cols].astype(np.float32)])


def apply_head(head: LensHead, scores: LensScores, embeddings: np.ndarray, lens_config: LensConfig,
               text_languages=None) -> HeadScores:
    """``scores`` with the head's verdict written into the rows and lenses it applies to (module doc).
    ``text_languages``: each row's base code (``lenses.paragraph_languages``), for ``other_languages``."""
    if head.vector_coef.shape[0] != embeddings.shape[1]:
        raise LensHeadError(f"the head for {head.model} reads {head.vector_coef.shape[0]}-dimensional vectors, "
                            f"the snapshot's are {embeddings.shape[1]}-dimensional")
    rows = head_rows(scores, text_languages, head)
    cross = (np.zeros(len(rows), dtype=bool) if scores.cross_language is None
             else np.asarray(scores.cross_language, dtype=bool)[rows])
    wanted = lens_config.thresholds()
    names = head.names
    cols = [scores.names.index(name) for name in names]
    offset = np.array([wanted[n] - head.thresholds[n] for n in names], dtype=np.float32)
    features = lens_features(scores, rows, names)
    new = scores.scores.copy()
    # Block by block: a million paragraphs' vectors are never converted at once.
    for start in range(0, len(rows), vectors.BLOCK_ROWS):
        block = rows[start:start + vectors.BLOCK_ROWS]
        p = head.probabilities(vectors.take(embeddings, block), features[start:start + len(block)])
        if head.cross_offset is not None:
            p = p + np.outer(cross[start:start + len(block)], head.cross_offset)
        new[np.ix_(block, cols)] = (p + offset).astype(np.float32)
    mask = np.zeros(len(scores.scores), dtype=bool)
    mask[rows] = True
    base = {f.name: getattr(scores, f.name) for f in fields(LensScores)}
    return HeadScores(**{**base, "scores": new}, head=head.describe(), head_lenses=names, head_rows=mask,
                      other_languages=_languages_scored(head, rows[cross], text_languages))


def _languages_scored(head: LensHead, rows: np.ndarray, text_languages) -> tuple[str, ...]:
    """The head's other languages some of ``rows`` (its rows of another language) are in: the page's
    note names only these, not a language the snapshot has no paragraph in."""
    if text_languages is None or not len(rows):
        return ()
    present = np.asarray(text_languages, dtype=object)[rows]
    return tuple(code for code in head.other_languages if (present == code).any())
