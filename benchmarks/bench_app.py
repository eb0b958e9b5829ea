"""Read-side speed of the app's own views at corpus scale (timeline, reader, snapshot loading).

A synthetic snapshot (seeded: N articles x P paragraphs, random unit embeddings of the default
model's size, dates of every precision) is published once, then each view's work is timed in this
process against a baseline doing the irreducible part with plain numpy/pandas:

- reader: similar paragraphs for every paragraph of one article (``similar_for_rows``) vs the bare
  matrix product and arg-partition over all paragraphs;
- timeline: points + volume + the reports figure vs reading the date columns;
- loading: ``load_snapshot`` cold (parquet + memory-mapped embeddings) vs reading the parquet files.

    python -m benchmarks.bench_app --articles 2000 --paragraphs 25
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from newslens.search import similar
from newslens.timeline import aggregate as timeline
from newslens.schema import ArticleCol, ManifestKey, SnapshotFile
from newslens.store import load_snapshot
from pipeline.snapshot import write_snapshot
from tests.factories import ArticleSpec, article_frames, sha

DIM = 384


def synthetic_snapshot(data_dir: Path, n_articles: int, n_paragraphs: int, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    outlets = [f"Outlet {i:02d}" for i in range(24)]
    days = pd.date_range("2022-02-24", "2025-10-31", freq="D")
    specs = []
    for i in range(n_articles):
        day = days[rng.integers(len(days))]
        kind = rng.random()
        published = (None if kind < 0.03 else f"{day:%Y-%m}" if kind < 0.15 else f"{day:%Y-%m-%d}")
        specs.append(ArticleSpec(
            f"art{i:05d}", outlets[rng.integers(len(outlets))],
            [f"Paragraph {j} of article {i}: soldiers, orders and morale, variant {rng.integers(1_000_000)}."
             for j in range(n_paragraphs)],
            published=published, original_source=["HUR", "SBU", None][rng.integers(3)], title=f"Report {i}"))
    articles, paragraphs = article_frames(specs)
    embeddings = rng.standard_normal((len(paragraphs), DIM)).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    manifest = {
        ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "bench", ManifestKey.MODEL_NAME: "bench-384",
        ManifestKey.MODEL_DIM: DIM, ManifestKey.CORPUS_HASH: sha("".join(articles[ArticleCol.CONTENT_HASH])),
        ManifestKey.COUNTS: {"articles": len(articles), "paragraphs": len(paragraphs)},
        ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [], ManifestKey.RAW_DIR: "synthetic",
    }
    return write_snapshot(data_dir, articles, paragraphs, embeddings, manifest)


def best_of(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) if repeats < 3 else statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--paragraphs", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        started = time.perf_counter()
        folder = synthetic_snapshot(data, args.articles, args.paragraphs)
        build_s = time.perf_counter() - started
        snapshot = load_snapshot(data)
        n = len(snapshot.paragraphs)
        rows = similar.article_rows(snapshot, snapshot.articles[ArticleCol.ID].iloc[len(snapshot.articles) // 2])
        emb = np.asarray(snapshot.embeddings)

        def baseline_similar() -> None:
            scores = emb[rows] @ emb.T
            np.argpartition(-scores, 3, axis=1)[:, :4]

        def reader_similar() -> None:
            similar.similar_for_rows(snapshot, rows, k=3, min_score=-1.0)

        def baseline_timeline() -> None:
            pd.to_datetime(snapshot.articles[ArticleCol.DATE_START]).dt.to_period("M").value_counts()

        def timeline_view() -> None:
            points = timeline.timeline_points(snapshot.articles)
            timeline.volume_table(snapshot.articles, "month")
            timeline.reports_figure(points, "stamp")

        def baseline_load() -> None:
            pd.read_parquet(folder / SnapshotFile.ARTICLES)
            pd.read_parquet(folder / SnapshotFile.PARAGRAPHS)
            np.load(folder / SnapshotFile.EMBEDDINGS, mmap_mode="r")

        def load() -> None:
            load_snapshot(data)

        results = []
        for name, base, view in (("reader: similar paragraphs for one article", baseline_similar, reader_similar),
                                 ("timeline: points + volume + figure", baseline_timeline, timeline_view),
                                 ("snapshot load (cold, validated)", baseline_load, load)):
            base_s = best_of(base, args.repeats)
            view_s = best_of(view, args.repeats)
            results.append((name, base_s, view_s))

    print(f"Synthetic snapshot: {args.articles:,} articles, {n:,} paragraphs, dim {DIM} "
          f"(written in {build_s:.1f} s); {len(rows)} paragraphs in the reader's article; "
          f"median of {args.repeats} runs.\n")
    print("| view | baseline (ms) | NewsLens (ms) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, base_s, view_s in results:
        print(f"| {name} | {base_s * 1000:.1f} | {view_s * 1000:.1f} | {view_s / base_s:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
