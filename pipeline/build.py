"""The offline build: raw folder -> published snapshot. Wiring only; each stage lives in its module.

    ingest (pipeline.ingest) -> paragraphs per document (pipeline.paragraphs, split to the model's
    token limit) -> corpus furniture pass -> embed with cache (pipeline.embed) -> optional 2-D map
    (newslens.topics.analysis.build_map) -> ANN index when large (pipeline.index) -> lexical index
    (pipeline.lexical_index) -> stories and lens scores (pipeline.stories, pipeline.lens_scores)
    -> manifest -> validate + publish atomically, vectors as float16 (pipeline.snapshot) -> prune
    old snapshots.

Used by ``python -m pipeline build`` (tqdm progress) and by the app's first-run build (st.progress).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from newslens import config
from newslens.embedder import DEFAULT_MODEL, EmbedSetup, Embedder, load_embedder, resolve_setup
from newslens.knowledge import ConfigError, ingest_settings
from newslens.schema import (
    SCHEMA_VERSION,
    ArticleCol,
    Kind,
    ManifestKey,
    ParagraphCol,
    SnapshotFile,
    TitleSource,
    title_source,
)
from newslens.topics.analysis import MAP_VERSION, build_map
from pipeline import PIPELINE_VERSION
from pipeline.embed import EmbeddingCache, embed_paragraphs
from pipeline.engines import LOCAL, Columns, Engine, EngineError, EngineUnavailable, LocalEngine, SplitTask, open_engine
from pipeline.index import build_ann_index
from pipeline.lexical_index import WordIndex
from pipeline.lock import BuildLocked, build_lock
from pipeline.sidecar import SidecarError
from newslens import vectors
from newslens.store import as_read, build_command, recorded_build
from pipeline.snapshot import (
    PRUNE_GRACE_SECONDS,
    SnapshotValidationError,
    clean_debris,
    previous_snapshot,
    prune_snapshots,
    write_snapshot,
)
from pipeline.split_cache import SplitCache, doc_key
from pipeline.lens_scores import build_lens_scores
from pipeline.stories import build_stories
from pipeline import judgements
from newslens.topics.lenses import load_lenses

Progress = Callable[[str, int, int], None]


class BuildError(Exception):
    """The build cannot produce a snapshot; the previous one stays current. One line for the user."""


@dataclass
class BuildReport:
    snapshot_id: str
    path: Path
    model_name: str
    counts: dict[str, int]
    quarantined: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0
    setup: EmbedSetup = field(default_factory=EmbedSetup)
    model_loaded: bool = True       # False when every paragraph came from the cache (lazy model)
    metadata_gaps: dict[str, int] = field(default_factory=dict)   # ``metadata_gaps``: what the pages left unknown

    def summary_lines(self) -> list[str]:
        """A short human summary (the CLI prints it; the app can show it)."""
        c = self.counts
        lines = [
            f"snapshot {self.snapshot_id} ({self.model_name}, {self.setup.label}) in {self.seconds:.1f}s",
            f"articles: {c['articles']}   paragraphs: {c['paragraphs']} ({c['content_paragraphs']} content)",
            f"embedded: {c['embedded']}   from cache: {c['cached']}",
            f"quarantined: {c['quarantined']}   duplicates: {c['duplicates']}   warnings: {len(self.warnings)}",
        ]
        gaps = ", ".join(f"{n} {what}" for what, n in self.metadata_gaps.items() if n)
        if gaps:
            # no warning of its own, but what a researcher fixes before citing dates and titles
            lines.append(f"metadata: {gaps} (give them in the raw folder's metadata.csv or front matter, "
                         "README 'Your own corpus')")
        lines += [f"  quarantined {q.get('file')}: {q.get('reason')}" for q in self.quarantined]
        lines += [f"  duplicate {d.get('file')} of {d.get('duplicate_of')}"
                  + (f" ({d['reason']})" if d.get("reason") else "") for d in self.duplicates]
        lines += [f"  warning {w.get('file')}: {w.get('message')}" for w in self.warnings]
        return lines


def metadata_gaps(articles: pd.DataFrame) -> dict[str, int]:
    """What the build could not find for its articles: no date at all, a title made of the url's words
    or of its first sentence, no title (a reviewer's summary said "warnings: 0" over 52 undated pages
    and 23 slug titles)."""
    titles = articles[ArticleCol.TITLE]
    sources = (articles[ArticleCol.TITLE_NOTE].map(title_source) if ArticleCol.TITLE_NOTE in articles
               else pd.Series(TitleSource.HEADLINE, index=articles.index))
    return {"undated": int(pd.to_datetime(articles[ArticleCol.DATE_START]).isna().sum()),
            "titles from the url's words": int((sources == TitleSource.URL).sum()),
            "titles from the first sentence": int((sources == TitleSource.LEAD).sum()),
            "untitled": int((titles.isna() | (titles.astype(str).str.strip() == "")).sum())}


def _noop(stage: str, done: int, total: int) -> None:
    return None


def corpus_hash(content_hashes: Sequence[str]) -> str:
    """One hash for the corpus' content, independent of file order."""
    return hashlib.sha256("\n".join(sorted(content_hashes)).encode("utf-8")).hexdigest()


def build_document_paragraphs(documents: Sequence[Any], embedder: Embedder, progress: Progress = _noop,
                              cache: SplitCache | None = None, engine: Engine | None = None) -> pd.DataFrame:
    """Paragraphs of every document, long ones split to the model's input limit (never truncated).

    With ``cache``, articles cleaned and split before (same text, title, author, model and code)
    are taken from it; the cache is then saved with exactly this corpus' articles. The others are
    split by ``engine`` (default: here, one after the other).
    """
    from pipeline.paragraphs import paragraphs_frame

    engine = engine or LocalEngine()
    total = len(documents)
    progress("split", 0, total)
    keys: list[str] = []
    columns: list[Columns | None] = []
    todo: list[int] = []
    for i, doc in enumerate(documents):
        title, author = doc.metadata.get(ArticleCol.TITLE), doc.metadata.get(ArticleCol.AUTHOR)
        keys.append(doc_key(doc.article_id, doc.text, title, author, embedder.name, embedder.max_tokens,
                            language=doc.metadata.get(ArticleCol.LANGUAGE)))
        columns.append(cache.get(keys[-1]) if cache is not None else None)
        if columns[-1] is None:
            todo.append(i)
    hits = total - len(todo)
    if hits:
        progress("split", hits, total)
    tasks = [SplitTask(documents[i].article_id, documents[i].text, documents[i].metadata.get(ArticleCol.TITLE),
                       documents[i].metadata.get(ArticleCol.AUTHOR), documents[i].metadata.get(ArticleCol.LANGUAGE))
             for i in todo]
    for i, split in zip(todo, engine.split(tasks, embedder, lambda done: progress("split", hits + done, total)),
                        strict=True):
        columns[i] = split
    progress("split", total, total)
    entries = list(zip(keys, columns))
    if cache is not None:
        cache.save(entries)
    return paragraphs_frame(cols for _, cols in entries)


def map_key(paragraphs: pd.DataFrame, model_name: str) -> str:
    """What a corpus map depends on: model, paragraph ids, kinds and texts, and the map code's version."""
    digest = hashlib.sha256(f"{model_name}\n{MAP_VERSION}\n".encode())
    for column in (ParagraphCol.ID, ParagraphCol.KIND, ParagraphCol.CONTENT_HASH):
        digest.update("\x1f".join(paragraphs[column].astype(str)).encode("utf-8"))
    return digest.hexdigest()


def previous_map(data_dir: Path, key: str) -> pd.DataFrame | None:
    """The current snapshot's map when it was computed from the same input (projections are slow)."""
    path = previous_snapshot(data_dir)
    if path is None:
        return None
    try:
        manifest = json.loads((path / SnapshotFile.MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get(ManifestKey.MAP_KEY) != key:
            return None
        return pd.read_parquet(path / SnapshotFile.MAP)
    except Exception:  # any unreadable leftover just means: compute the map afresh
        return None


def build_map_table(paragraphs: pd.DataFrame, embeddings: np.ndarray) -> pd.DataFrame | None:
    """The 2-D corpus map of the topics view (``None`` for an empty corpus)."""
    if len(paragraphs) == 0:
        return None
    table = build_map(embeddings, paragraphs)
    return None if table is None else pd.DataFrame(table).reset_index(drop=True)


def build_manifest(articles: pd.DataFrame, paragraphs: pd.DataFrame, embedder: Embedder, *,
                   n_embedded: int, n_cached: int, quarantined: list[dict], duplicates: list[dict],
                   warnings: list[dict], raw_dir: Path) -> dict[str, Any]:
    content = int(paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).sum()) if len(paragraphs) else 0
    variant = {ManifestKey.EMBED_VARIANT: embedder.setup.variant} if embedder.setup.variant else {}
    return {
        **variant,
        ManifestKey.SCHEMA_VERSION: SCHEMA_VERSION,
        ManifestKey.PIPELINE_VERSION: PIPELINE_VERSION,
        ManifestKey.MODEL_NAME: embedder.name,
        ManifestKey.MODEL_DIM: int(embedder.dim),
        ManifestKey.EMBED_BACKEND: embedder.setup.backend,
        ManifestKey.EMBED_PRECISION: embedder.setup.precision,
        ManifestKey.CORPUS_HASH: corpus_hash(articles[ArticleCol.CONTENT_HASH].astype(str).tolist()),
        ManifestKey.COUNTS: {
            "articles": len(articles), "paragraphs": len(paragraphs),
            "content_paragraphs": content, "embedded": int(n_embedded), "cached": int(n_cached),
            "quarantined": len(quarantined), "duplicates": len(duplicates),
        },
        ManifestKey.QUARANTINED: list(quarantined),
        ManifestKey.DUPLICATES: list(duplicates),
        ManifestKey.WARNINGS: list(warnings),
        ManifestKey.RAW_DIR: str(raw_dir.resolve()),   # absolute: a relative one means another folder elsewhere
    }


def _empty_corpus_message(raw_dir: Path, quarantined: list[dict], duplicates: list[dict]) -> str:
    if not quarantined and not duplicates:
        return f"no articles in {raw_dir} (.txt, .md or .html); nothing was published"
    first = quarantined[0] if quarantined else None
    detail = f"; first: {first.get('file')}: {first.get('reason')}" if first else ""
    return (f"no usable articles in {raw_dir}: {len(quarantined)} quarantined{detail}; "
            f"nothing was published, the previous snapshot stays current")


_OS_PROBLEMS = {
    errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system", errno.EACCES: "permission denied",
    errno.EPERM: "permission denied", errno.EFBIG: "a file would exceed the file-size limit",
    errno.EMFILE: "too many open files", errno.EIO: "an input/output error (failing disk?)",
}
_ERRNO_IN_TEXT = re.compile(r"errno[ =]*(\d+)", re.IGNORECASE)


def describe_os_error(exc: OSError) -> str:
    """One line for a file-system failure, whichever library raised it (pyarrow puts the errno only
    in its message)."""
    code = exc.errno
    if code is None and (m := _ERRNO_IN_TEXT.search(str(exc))):
        code = int(m.group(1))
    what = _OS_PROBLEMS.get(code) or exc.strerror or (os.strerror(code) if code else None) or type(exc).__name__
    where = exc.filename or ""
    return f"{what} ({where})" if where else what


def other_corpus_message(raw_dir: Path, data_dir: Path, model: str) -> str | None:
    """Why a build of ``raw_dir`` must not replace ``data_dir``'s current snapshot, or None. A
    rebuild command typed without --raw reads the default raw folder (the bundled sample): with
    $NEWSLENS_DATA pointing at a user's corpus, it published the 5 sample articles over their 87
    (a reviewer, session 30). A recorded raw folder that no longer exists (the corpus was moved)
    does not stop the build."""
    recorded, _model = recorded_build(data_dir)
    if recorded is None or not recorded.is_dir():
        return None                      # nothing readable to replace by mistake, or the corpus moved
    if recorded == raw_dir.resolve():
        return None
    return (f"{data_dir} holds a corpus built from {recorded}, not from {raw_dir}; nothing was built. "
            f"To rebuild that corpus: {build_command(recorded, data_dir, model)}. To replace it with the "
            f"articles of {raw_dir}, add --replace-corpus; to keep both, give another --out.")


def _carried_judgements(raw_dir: Path, warnings: list[dict]) -> tuple[str, int] | None:
    """The raw folder's story verdicts to carry into the snapshot (``SnapshotFile.JUDGEMENTS``): a
    snapshot moved without its raw folder still shows the stories as the researcher corrected them.
    Read before the manifest is made, so a file not carried is among its warnings."""
    try:
        return judgements.snapshot_copy(raw_dir)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        warnings.append({"file": judgements.JUDGEMENTS_NAME,
                         "message": f"not carried into the snapshot ({exc}); the raw folder's file still applies"})
        return None


def build_snapshot(raw_dir: Path | str, data_dir: Path | str, model: str = DEFAULT_MODEL, *,
                   embedder: Embedder | None = None, progress: Progress | None = None,
                   keep: int = 3, max_bytes: int = config.MAX_RAW_FILE_BYTES, allow_outside: bool = False,
                   wait: float = 0.0, prune_grace: float = PRUNE_GRACE_SECONDS,
                   setup: EmbedSetup | None = None, engine: str | Engine = LOCAL,
                   ray_address: str | None = None, replace_corpus: bool = False,
                   before_publish: Callable[[], None] | None = None) -> BuildReport:
    """Build a snapshot of ``raw_dir`` into ``data_dir`` and make it current.

    ``progress(stage, done, total)`` is called for the stages ingest, split, embed, write.
    One build at a time holds the data folder (``wait`` seconds for another to finish, then
    ``BuildError``); debris of killed builds is removed first. Raises ``BuildError`` (missing raw
    folder, empty corpus, malformed metadata table, invalid tables, disk full, read-only folder,
    permission, file-size limit, another build running) and ``ModelLoadError`` (model not available
    offline); in every case nothing is published and the previous snapshot stays current.
    ``setup`` (backend + precision) defaults to the fastest one that keeps quality on this CPU.
    The model is loaded lazily: a rebuild whose paragraphs are all cached never loads it.
    ``engine`` says where files are read, articles split and texts embedded (``pipeline.engines``:
    ``local`` here, ``ray`` on a Ray cluster at ``ray_address``, else a small local one started and
    stopped for this build); an engine object given here is used and left open.
    ``replace_corpus``: build even when ``data_dir``'s current snapshot was made from another raw
    folder that still exists (refused otherwise: ``other_corpus_message``).
    ``before_publish()`` is called right before the snapshot is written and made current: the last
    moment a cancel can stop the build (it raises then; ``newslens.jobs.Job.before_publish``).
    """
    raw_dir, data_dir = Path(raw_dir), Path(data_dir)
    if not raw_dir.is_dir():
        raise BuildError(f"raw folder {raw_dir} does not exist or is not a folder")
    other = None if replace_corpus else other_corpus_message(raw_dir, data_dir, model)
    if other:
        raise BuildError(other)
    try:
        with build_lock(data_dir, wait=wait):
            clean_debris(data_dir)
            runner = open_engine(engine, address=ray_address) if isinstance(engine, str) else engine
            try:
                return _build_locked(raw_dir, data_dir, model, embedder=embedder, progress=progress or _noop,
                                     keep=keep, max_bytes=max_bytes, allow_outside=allow_outside,
                                     prune_grace=prune_grace, setup=setup, engine=runner,
                                     before_publish=before_publish or (lambda: None))
            finally:
                if runner is not engine:
                    runner.close()
    except (BuildLocked, EngineUnavailable) as exc:
        raise BuildError(str(exc)) from None
    except EngineError as exc:
        raise BuildError(f"{exc}; nothing was published, the previous snapshot stays current") from None
    except (SidecarError, ConfigError) as exc:   # a bad metadata table or config/*.yaml
        raise BuildError(f"{exc}; nothing was published, the previous snapshot stays current") from None
    except OSError as exc:
        raise BuildError(f"the build stopped: {describe_os_error(exc)}; nothing was published, "
                         "the previous snapshot stays current") from None


def clean_stopped_build(data_dir: Path | str) -> list[str]:
    """Remove what a build ended midway (its process killed) left in ``data_dir``: its staging
    folder and temporary files; the names removed. Only when no build holds the folder now: one that
    does removes them itself (``clean_debris``), and may be writing its own."""
    try:
        with build_lock(Path(data_dir)):
            return clean_debris(data_dir)
    except (BuildLocked, OSError):
        return []


def _build_locked(raw_dir: Path, data_dir: Path, model: str, *, embedder: Embedder | None,
                  progress: Progress, keep: int, max_bytes: int, allow_outside: bool,
                  prune_grace: float, setup: EmbedSetup | None, engine: Engine,
                  before_publish: Callable[[], None]) -> BuildReport:
    started = time.perf_counter()
    from pipeline.ingest import articles_frame, ingest_corpus
    from pipeline.corrections import apply_corrections, load_corrections
    from pipeline.lead_titles import with_lead_titles
    from pipeline.origins import with_cited_origins
    from pipeline.paragraphs import mark_corpus_furniture

    result = ingest_corpus(raw_dir, max_bytes=max_bytes, allow_outside=allow_outside, reader=engine.reader(),
                           progress=lambda done, total: progress("ingest", done, total))
    quarantined, duplicates = list(result.quarantined), list(result.duplicates)
    warnings = list(result.warnings)
    if not result.documents:
        raise BuildError(_empty_corpus_message(raw_dir, quarantined, duplicates))

    embedder = embedder or load_embedder(
        model, setup or resolve_setup(config.embed_backend(), config.embed_precision()), lazy=True)
    articles = articles_frame(result.documents)
    paragraphs = build_document_paragraphs(result.documents, embedder, progress,
                                           SplitCache.load(data_dir, embedder.name), engine)
    if len(paragraphs):
        paragraphs = mark_corpus_furniture(paragraphs, articles).reset_index(drop=True)
    corrections, correction_warnings = load_corrections(raw_dir)
    paragraphs, unmatched = apply_corrections(paragraphs, articles, corrections)
    warnings += correction_warnings + unmatched
    # read from the cleaned text: furniture ("Read also: ... reports") names no report's source
    articles = with_cited_origins(articles, paragraphs)
    # (from the cleaned text too: a page's first line is often its menu)
    articles = with_lead_titles(articles, paragraphs, ingest_settings())
    if not paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).any():
        raise BuildError(f"the articles in {raw_dir} hold no body text after cleaning; nothing was published")

    cache = EmbeddingCache.load(data_dir, embedder.setup.cache_key(embedder.name), embedder.dim)
    if cache.discarded_reason:
        warnings.append({"file": str(cache.path), "message": cache.discarded_reason})
    embeddings, n_embedded, n_cached = embed_paragraphs(
        paragraphs[ParagraphCol.TEXT].tolist(), paragraphs[ParagraphCol.CONTENT_HASH].tolist(),
        embedder, cache, progress, engine.encoder(embedder, progress))
    # Saved before publishing: a build that dies later keeps its embedding work.
    cache.save()

    # Stories are grouped here, once, not by the pages on load (minutes at 100k articles).
    progress("stories", 0, 1)
    pairs = {"total": 1}            # the stage counts the pairs judged (none when reused): it ends there

    def judged(done: int, total: int) -> None:
        pairs["total"] = total
        progress("stories", done, total)

    stories: tuple[pd.DataFrame, dict[str, Any]] | None = None
    # Converted and checked once here; written as is (write_snapshot keeps float16 it is given).
    stored = vectors.storage_vectors(embeddings)
    as_loaded = as_read(stored)                                  # the vectors as a page will hold them
    # One word index for the build: grouping weighs a translation's names by its rarity (made then
    # only if a pair needs it), and the search index written below is the same one.
    words = WordIndex(data_dir, paragraphs)
    try:
        stories = build_stories(data_dir, articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True),
                                paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True),
                                as_loaded,
                                {ManifestKey.MODEL_NAME: embedder.name}, embedder.setup.cache_key(embedder.name),
                                word_index=words.searched,
                                progress=judged)
    except Exception as exc:  # noqa: BLE001 - pages group live without them; the build must not fail
        warnings.append({"file": SnapshotFile.STORIES,
                         "message": f"stories not grouped at build time ({type(exc).__name__}: {exc}); "
                                    "the pages will group them when opened"})
    progress("stories", pairs["total"], pairs["total"])
    # Lens scores too: the topics page's first visit would otherwise score every paragraph.
    progress("lenses", 0, 1)
    lens_scores: tuple[dict[str, pd.DataFrame], dict[str, Any]] | None = None
    try:
        lens_scores = build_lens_scores(data_dir, paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True),
                                        as_loaded, load_lenses(config.lenses_file()), embedder, cache,
                                        embedder.setup.cache_key(embedder.name),
                                        articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True))
        cache.save()
    except Exception as exc:  # noqa: BLE001 - pages score live without them; the build must not fail
        warnings.append({"file": SnapshotFile.LENS_SCORES,
                         "message": f"lens scores not computed at build time ({type(exc).__name__}: {exc}); "
                                    "the topics page will score paragraphs when opened"})
    del as_loaded                  # a float32 copy for small corpora: not kept while the snapshot is written
    progress("lenses", 1, 1)

    # The last stage in steps, each restarting a watching app's stall clock (newslens.jobs). The map,
    # the ANN index and the lens scores above report nothing inside: at 1M paragraphs they took
    # 31-106 s, 99-453 s and 46-72 s (README "Building the snapshot at scale"), far from the
    # 30 minutes after which a quiet build is given up; grouping stories reports every pair.
    write_steps = 4
    progress("write", 0, write_steps)
    extra: dict[str, pd.DataFrame] = {}
    key = map_key(paragraphs, embedder.name)
    projection = previous_map(data_dir, key)
    if projection is None:
        try:
            projection = build_map_table(paragraphs, embeddings)
        except Exception as exc:  # an optional view must not cost the user the whole build
            warnings.append({"file": SnapshotFile.MAP,
                             "message": f"corpus map not built ({type(exc).__name__}: {exc})"})
    if projection is not None:
        extra[SnapshotFile.MAP] = projection
    # A separate step (newslens.ann): only corpora large enough for it to pay get an index.
    progress("write", 1, write_steps)
    index_files = {}
    ann_built = build_ann_index(data_dir, paragraphs, embeddings, embedder.setup.cache_key(embedder.name))
    carried = _carried_judgements(raw_dir, warnings)
    manifest = build_manifest(articles, paragraphs, embedder, n_embedded=n_embedded, n_cached=n_cached,
                              quarantined=quarantined, duplicates=duplicates, warnings=warnings,
                              raw_dir=raw_dir)
    if projection is not None:
        manifest[ManifestKey.MAP_KEY] = key
    if ann_built is not None:
        index_files[SnapshotFile.ANN], manifest[ManifestKey.ANN_INDEX] = ann_built
    # The lexical index too, so the app memory-maps it instead of tokenising on its first search.
    progress("write", 2, write_steps)
    lexical_files, manifest[ManifestKey.LEXICAL_INDEX] = words.writers()
    index_files.update(lexical_files)
    if stories is not None:
        extra[SnapshotFile.STORIES], manifest[ManifestKey.STORIES] = stories
    if lens_scores is not None:
        extra.update(lens_scores[0])
        manifest[ManifestKey.LENS_SCORES] = lens_scores[1]
    if carried is not None:
        text, count = carried
        index_files[SnapshotFile.JUDGEMENTS] = lambda path: path.write_text(text, encoding="utf-8")
        manifest[ManifestKey.STORY_JUDGEMENTS] = {"file": SnapshotFile.JUDGEMENTS, "verdicts": count}
    progress("write", 3, write_steps)
    before_publish()
    try:
        path = write_snapshot(data_dir, articles, paragraphs, stored, manifest, extra or None,
                              index_files or None)
    except SnapshotValidationError as exc:
        raise BuildError(f"the built snapshot is invalid ({exc}); nothing was published") from None
    try:
        pruned = prune_snapshots(data_dir, keep=keep, grace=prune_grace)
    except OSError as exc:   # published already: a failed clean-up is worth a warning, not an error
        pruned = []
        warnings.append({"file": str(data_dir), "message": f"old snapshots not pruned: {describe_os_error(exc)}"})
    progress("write", write_steps, write_steps)
    return BuildReport(
        snapshot_id=path.name, path=path, model_name=embedder.name, counts=manifest[ManifestKey.COUNTS],
        quarantined=quarantined, duplicates=duplicates, warnings=warnings, pruned=pruned,
        seconds=time.perf_counter() - started, setup=embedder.setup,
        model_loaded=bool(getattr(embedder, "loaded", True)) or bool(getattr(engine, "model_loaded", False)),
        metadata_gaps=metadata_gaps(articles))
