"""The embedding models the app offers to build a corpus with: what each compares by meaning, what
it costs, and whether a corpus' articles need the multilingual one.

Pure (no Streamlit): the Add articles page, the sidebar's Model line and the words-only notices'
"rebuild" offer read it, so all three say the same thing about the same model.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from newslens import languages
from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL
from newslens.schema import ArticleCol, ManifestKey, SnapshotFile
from newslens.store import SnapshotError, current_snapshot_id, load_manifest, snapshot_path

# Build time of the multilingual model over the default one, measured on the bundled sample with a
# cold cache (python -m benchmarks.bench_model_cost; README "Reports in other languages": 1.5x at
# load 3 on 2 cores, both on OpenVINO bf16; its bundled engine alone was 9.3x).
MULTILINGUAL_BUILD_FACTOR = 2


@dataclass(frozen=True)
class ModelOption:
    name: str
    title: str       # what the choice is called on the page
    covers: str      # what it compares by meaning
    cost: str        # what it costs at build time

    def describe(self) -> str:
        return f"{self.covers}; {self.cost}"


_KNOWN = {
    DEFAULT_MODEL: ModelOption(DEFAULT_MODEL, f"English: {DEFAULT_MODEL} (default)",
                               "compares English by meaning; articles in other languages only by their words, "
                               "numbers and names", "the fastest build"),
    MULTILINGUAL_MODEL: ModelOption(MULTILINGUAL_MODEL, f"Multilingual: {MULTILINGUAL_MODEL}",
                                    "compares {coverage} by meaning, across languages too (German, "
                                    "Ukrainian, Russian, Romanian, English ...)",
                                    f"builds about {MULTILINGUAL_BUILD_FACTOR}x slower than the default (more on a busy machine; "
                                    "the first build also converts its weights once, about 15 s)"),
}


def option(model_name: str) -> ModelOption:
    """The option for a model name; what it covers is what config/models.yaml says (also for a
    model set some other way: ``--model``, ``$NEWSLENS_MODEL``)."""
    if model_name in _KNOWN:
        known = _KNOWN[model_name]
        return replace(known, covers=known.covers.format(coverage=coverage(model_name)))
    return ModelOption(model_name, model_name, f"compares {coverage(model_name)} by meaning", "build time not measured")


def options(*current: str) -> list[ModelOption]:
    """The choices to offer: the default and the multilingual model, and any model in use here."""
    names = list(dict.fromkeys([*(n for n in current if n), DEFAULT_MODEL, MULTILINGUAL_MODEL]))
    names.sort(key=lambda n: (n != DEFAULT_MODEL, n != MULTILINGUAL_MODEL))
    return [option(n) for n in names]


def coverage(model_name: str) -> str:
    """'English only', 'about 100 languages', ... for the sidebar's Model line (config/models.yaml)."""
    return languages.coverage_words(model_name)


def not_covered(model_name: str, article_languages: Iterable[str | None]) -> dict[str, int]:
    """Articles per language the model compares by words only: when not empty, the corpus needs
    the multilingual model to be compared by meaning."""
    return languages.uncovered_counts(article_languages, languages.model_languages(model_name))


def suggested(model_name: str, article_languages: Iterable[str | None]) -> str:
    """The model to offer first for a corpus: the multilingual one when its articles need it."""
    return MULTILINGUAL_MODEL if not_covered(model_name, article_languages) else model_name


def languages_text(counts: dict[str, int]) -> str:
    """'3 articles (de: 2, uk: 1)'."""
    total = sum(counts.values())
    listing = ", ".join(f"{lang}: {n}" for lang, n in counts.items())
    return f"{total} article{'s' if total != 1 else ''} ({listing})"


@dataclass(frozen=True)
class CorpusModel:
    """What a corpus' current snapshot was built with, and its articles' languages."""

    model_name: str
    article_languages: tuple[str | None, ...]

    def not_covered(self) -> dict[str, int]:
        return not_covered(self.model_name, self.article_languages)


def load_corpus_model(data_dir: Path) -> CorpusModel | None:
    """The current snapshot's model and article languages (manifest and one column), or None when
    the folder has no readable snapshot: the Add articles page then offers the default."""
    try:
        snapshot_id = current_snapshot_id(data_dir)
        if snapshot_id is None:
            return None
        path = snapshot_path(data_dir, snapshot_id)
        manifest = load_manifest(path)
        langs = pd.read_parquet(path / SnapshotFile.ARTICLES, columns=[ArticleCol.LANGUAGE])[ArticleCol.LANGUAGE]
    except (SnapshotError, OSError, ValueError, KeyError):
        return None
    return CorpusModel(str(manifest[ManifestKey.MODEL_NAME]), tuple(None if pd.isna(x) else str(x) for x in langs))
