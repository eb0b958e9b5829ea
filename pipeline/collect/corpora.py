"""Filling a user corpus (layout in :mod:`newslens.corpora`): collecting then building is one
call here, for the app; the CLI does the same in two steps. The bundled sample is copied in only
when the user asks for it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newslens.corpora import Corpus
from pipeline.collect.run import CollectOptions, CollectReport, collect
from pipeline.collect.sources import plan_sources

SAMPLE_FOLDER = "sample"


def add_sample(corpus: Corpus, sample_raw: Path) -> int:
    """Copy the bundled sample's articles (and their metadata rows) into ``corpus/raw/sample/``,
    for a user who chose to study their articles together with it. Returns how many were copied."""
    from pipeline.collect.store import RawStore
    from pipeline.ingest import discover_files, load_sidecar

    store = RawStore(corpus.raw)
    table, _, _ = load_sidecar(Path(sample_raw))
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


def collect_and_build(corpus: Corpus, links: list[str], files: list[Path] = (), *,
                      options: CollectOptions | None = None,
                      model: str, collect_progress: Callable[[int, int, str], None] | None = None,
                      build_progress: Callable[[str, int, int], None] | None = None,
                      embedder: object | None = None, before_publish: Callable[[], None] | None = None) -> RunResult:
    """Collect ``links`` (typed web addresses, never opened as paths) and ``files`` (checked uploads)
    into the corpus, then build it when anything new came in (or it has no snapshot yet).

    A failed build publishes nothing: the corpus' previous snapshot stays current and every file
    collected stays in its raw folder for the next try. ``before_publish``: as ``build_snapshot``.
    """
    from newslens.embedder import ModelLoadError
    from newslens.store import current_snapshot_id
    from pipeline.build import BuildError, build_snapshot

    options = options or CollectOptions()
    plan = plan_sources(list(links), files_allowed=False)
    plan.extend(plan_sources([str(f) for f in files], columns=options.columns,
                             telegram_username=options.telegram_username))
    report = collect([], corpus.raw, options, progress=collect_progress, plan=plan)
    result = RunResult(report)
    if not (report.collected or report.metadata_updated) and current_snapshot_id(corpus.processed) is not None:
        return result
    if not report.anything:
        return result
    try:
        result.build = build_snapshot(corpus.raw, corpus.processed, model, progress=build_progress,
                                      embedder=embedder, before_publish=before_publish)
    except (BuildError, ModelLoadError) as exc:
        result.build_error = str(exc)
    return result
