"""User corpora: each in its own folder, so a user's articles never mix with the bundled sample.

    <corpora root>/<name>/raw/         articles, metadata.csv, .collect/log.jsonl, .uploads/
    <corpora root>/<name>/processed/   snapshots of that corpus (CURRENT marker and all)

The folder name *is* the corpus name the user gave (made file-name safe), so chart stamps can name
it. Collecting then building is one call here, for the app; the CLI does the same in two steps.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.collect.run import CollectOptions, CollectReport, collect
from pipeline.collect.sources import plan_sources

UPLOADS = ".uploads"
_NAME = re.compile(r"[^\w-]+", re.UNICODE)


def corpus_slug(name: str) -> str:
    """A folder name for a corpus name ("HUR intercepts 2025" -> "HUR-intercepts-2025")."""
    slug = _NAME.sub("-", name.strip()).strip("-_")[:60]
    if not slug or slug.lower() in {"raw", "processed", "data", "sample"}:
        raise ValueError("give the corpus a name of letters or digits (not 'raw', 'data' or 'sample')")
    return slug


@dataclass(frozen=True)
class Corpus:
    name: str
    folder: Path

    @property
    def raw(self) -> Path:
        return self.folder / "raw"

    @property
    def processed(self) -> Path:
        return self.folder / "processed"

    @property
    def uploads(self) -> Path:
        return self.raw / UPLOADS


def corpus_at(root: Path, name: str) -> Corpus:
    slug = corpus_slug(name)
    return Corpus(slug, Path(root) / slug)


def list_corpora(root: Path) -> list[Corpus]:
    """The user corpora under ``root`` that have a raw folder, by name."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [Corpus(p.name, p) for p in sorted(root.iterdir()) if p.is_dir() and (p / "raw").is_dir()
            and not p.name.startswith(".")]


SAMPLE_FOLDER = "sample"


def add_sample(corpus: Corpus, sample_raw: Path) -> int:
    """Copy the bundled sample's articles (and their metadata rows) into ``corpus/raw/sample/``,
    for a user who chose to study their articles together with it. Returns how many were copied."""
    from pipeline.collect.store import RawStore
    from pipeline.ingest import discover_files, load_sidecar

    store = RawStore(corpus.raw)
    table, _ = load_sidecar(Path(sample_raw))
    copied = 0
    for rel in discover_files(Path(sample_raw)):
        target = f"{SAMPLE_FOLDER}/{rel.as_posix()}"
        store.write_file(target, (Path(sample_raw) / rel).read_bytes())
        if rel.as_posix() in table:
            store.add_row(target, table[rel.as_posix()])
        copied += 1
    store.flush()
    return copied


@dataclass
class RunResult:
    collect: CollectReport
    build: object | None = None        # pipeline.build.BuildReport when the build ran
    build_error: str | None = None


def collect_and_build(corpus: Corpus, sources: list[str], *, options: CollectOptions | None = None,
                      model: str, collect_progress: Callable[[int, int, str], None] | None = None,
                      build_progress: Callable[[str, int, int], None] | None = None,
                      embedder: object | None = None) -> RunResult:
    """Collect into the corpus, then build it when anything new came in (or it has no snapshot yet).

    A failed build publishes nothing: the corpus' previous snapshot stays current and every file
    collected stays in its raw folder for the next try.
    """
    from newslens.embedder import ModelLoadError
    from newslens.store import current_snapshot_id
    from pipeline.build import BuildError, build_snapshot

    plan = plan_sources(sources, columns=(options or CollectOptions()).columns,
                        telegram_username=(options or CollectOptions()).telegram_username)
    report = collect(sources, corpus.raw, options, progress=collect_progress, plan=plan)
    result = RunResult(report)
    if not report.collected and current_snapshot_id(corpus.processed) is not None:
        return result
    if not report.anything:
        return result
    try:
        result.build = build_snapshot(corpus.raw, corpus.processed, model, progress=build_progress,
                                      embedder=embedder)
    except (BuildError, ModelLoadError) as exc:
        result.build_error = str(exc)
    return result
