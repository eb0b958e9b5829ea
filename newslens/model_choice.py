"""The embedding models the app offers to build a corpus with: what each compares by meaning, what
it costs, and whether a corpus' articles need the multilingual one.

Pure (no Streamlit): the Add articles page, the sidebar's Model line and the words-only notices'
"rebuild" offer read it, so all three say the same thing about the same model.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newslens import languages
from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL, ModelLoadError, load_embedder
from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
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


@dataclass(frozen=True)
class CorpusModel:
    """What a corpus' current snapshot was built with, and its articles' languages."""

    model_name: str
    article_languages: tuple[str | None, ...]
    data_dir: Path | None = None

    def not_covered(self) -> dict[str, int]:
        return not_covered(self.model_name, self.article_languages)

    def rebuild_text(self, model_name: str) -> str:
        """What building this corpus again with ``model_name`` will embed (the picker's caption)."""
        cached, total = cached_paragraphs(self.data_dir, model_name) if self.data_dir else (0, 0)
        start = f"This corpus is built with {self.model_name}; building it again with {model_name} "
        if not cached:
            return start + "embeds every paragraph."
        if cached == total:
            return (start + f"takes the vectors of all {total:,} paragraphs from its cache (it was built with "
                    "that model before) and embeds only new or changed ones.")
        return (start + f"takes the vectors of {cached:,} of its {total:,} paragraphs from its cache (it was "
                "built with that model before) and embeds the others.")


def cached_paragraphs(data_dir: Path, model_name: str) -> tuple[int, int]:
    """(paragraphs of the current snapshot a build with ``model_name`` finds in the folder's
    embedding cache, all its paragraphs).

    The cache is keyed by the model and the setup the build will run it in (``EmbedSetup.cache_key``:
    backend, precision, the multilingual model's centre), so that setup is resolved as the build
    resolves it, but only when the cache holds vectors of that model at all: resolving may convert
    or export the model (once, seconds). Paragraphs a longer-input model would split differently
    are counted as the current snapshot holds them."""
    try:
        snapshot_id = current_snapshot_id(data_dir)
    except (SnapshotError, OSError, ValueError):
        return 0, 0
    if snapshot_id is None:
        return 0, 0
    # The page asks on every rerun: reading a large snapshot's hashes and the cache's digests took
    # about 0.7 s at 1M paragraphs. The answer holds until the snapshot or a cache file changes.
    folder = Path(data_dir) / SnapshotFile.CACHE_DIR
    where = str(Path(data_dir).resolve())
    try:
        files = tuple(sorted((f.name, st.st_mtime_ns, st.st_size)
                             for f, st in ((f, f.stat()) for f in folder.glob("*.npz"))))
    except OSError:              # a build replacing a cache file right now: count afresh
        return _cached_paragraphs.__wrapped__(where, model_name, snapshot_id, ())
    return _cached_paragraphs(where, model_name, snapshot_id, files)


@lru_cache(maxsize=16)
def _cached_paragraphs(data_dir: str, model_name: str, snapshot_id: str,
                       cache_files: tuple[tuple[str, int, int], ...]) -> tuple[int, int]:
    from pipeline.embed import cached_models, cached_rows   # the pipeline owns the cache's format

    try:
        hashes = pd.read_parquet(snapshot_path(data_dir, snapshot_id) / SnapshotFile.PARAGRAPHS,
                                 columns=[ParagraphCol.CONTENT_HASH])
    except (SnapshotError, OSError, ValueError, KeyError):
        return 0, 0
    hashes = hashes[ParagraphCol.CONTENT_HASH].astype(str).tolist()
    if not any(key == model_name or key.startswith(f"{model_name}#") for key in cached_models(data_dir)):
        return 0, len(hashes)
    try:
        embedder = load_embedder(model_name, lazy=True)
    except ModelLoadError:
        return 0, len(hashes)
    return cached_rows(data_dir, embedder.setup.cache_key(embedder.name), hashes), len(hashes)


def load_corpus_model(data_dir: Path) -> CorpusModel | None:
    """The current snapshot's model and article languages (manifest and one column), or None when
    the folder has no readable snapshot: the Add articles page then offers the default."""
    try:
        snapshot_id = current_snapshot_id(data_dir)
        if snapshot_id is None:
            return None
        return _corpus_model(str(data_dir), snapshot_id)
    except (SnapshotError, OSError, ValueError, KeyError):
        return None


@lru_cache(maxsize=8)
def _corpus_model(data_dir: str, snapshot_id: str) -> CorpusModel:
    """Read once per snapshot (it never changes): the page asks on every rerun. A failure raises,
    so it is not cached."""
    path = snapshot_path(data_dir, snapshot_id)
    manifest = load_manifest(path)
    langs = pd.read_parquet(path / SnapshotFile.ARTICLES, columns=[ArticleCol.LANGUAGE])[ArticleCol.LANGUAGE]
    return CorpusModel(str(manifest[ManifestKey.MODEL_NAME]), tuple(None if pd.isna(x) else str(x) for x in langs),
                       Path(data_dir))
