"""The topics page's lens scores, cold: read from the snapshot (stored by the pipeline) vs scored live.

    python -m benchmarks.bench_lens_store --sizes 100000

For each size the parent builds a synthetic snapshot in a temporary folder: bench_pages' corpus
(articles, paragraph rows, clustered 384-d unit vectors under the model name "hashing-384") with
its paragraph texts replaced by benchmarks.synthetic's varied news paragraphs (so the lexicon's
regular expressions meet realistic text), scored by the pipeline's own step
(``pipeline.lens_scores.build_lens_scores``, config/lenses.yaml) and written with
``write_snapshot``. Then fresh child processes (cold: no Streamlit cache, no compiled lexicon)
each load the snapshot and time ``topics.score_snapshot`` - what the topics page computes on its
first visit - once reading the stored scores and once with the stored entry hidden (live), in
alternating order, ``--rounds`` times each; medians are reported. One last child checks that the
two results are identical (scores, similarity, closest phrasing, lexicon words).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def build(data_dir: Path, n: int) -> dict:
    from benchmarks.bench_pages import DIM, corpus
    from benchmarks.synthetic import synthetic_paragraphs
    from newslens import config, vectors as vec
    from newslens.embedder import HashingEmbedder
    from newslens.schema import ArticleCol, ManifestKey, ParagraphCol
    from newslens.store import as_read
    from newslens.topics.lenses import load_lenses
    from pipeline.embed import EmbeddingCache
    from pipeline.lens_scores import build_lens_scores
    from pipeline.paragraphs import content_hash
    from pipeline.snapshot import write_snapshot
    from tests.factories import sha

    articles, paragraphs, vectors, _ = corpus(n)
    texts = synthetic_paragraphs(len(paragraphs))
    paragraphs[ParagraphCol.TEXT] = texts
    paragraphs[ParagraphCol.CONTENT_HASH] = [content_hash(t) for t in texts]
    articles = articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True)
    paragraphs = paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True)
    name = f"hashing-{DIM}"
    manifest = {
        ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "bench", ManifestKey.MODEL_NAME: name,
        ManifestKey.MODEL_DIM: DIM, ManifestKey.CORPUS_HASH: sha("".join(articles[ArticleCol.CONTENT_HASH])),
        ManifestKey.COUNTS: {"articles": len(articles), "paragraphs": len(paragraphs)},
        ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [], ManifestKey.RAW_DIR: "synthetic",
        ManifestKey.EMBED_BACKEND: "numpy", ManifestKey.EMBED_PRECISION: "fp32",
    }
    embedder = HashingEmbedder(DIM)
    started = time.perf_counter()
    tables, info = build_lens_scores(data_dir, paragraphs, as_read(vec.storage_vectors(vectors)),
                                     load_lenses(config.lenses_file()), embedder,
                                     EmbeddingCache.in_memory(name, DIM), "bench")
    seconds = time.perf_counter() - started
    manifest[ManifestKey.LENS_SCORES] = info
    path = write_snapshot(data_dir, articles, paragraphs, vectors, manifest, tables)
    sizes = {f.name: f.stat().st_size for f in path.iterdir()}
    return {"build_seconds": seconds, "paragraphs": len(paragraphs), "file_bytes": sizes,
            "words_rows": len(next(iter(t for k, t in tables.items() if "words" in k)))}


def child(data_dir: Path, mode: str) -> dict:
    """One cold measurement in this (fresh) process."""
    from newslens import config
    from newslens.embedder import load_embedder
    from newslens.schema import ManifestKey
    from newslens.store import load_snapshot
    from newslens.topics import analysis as topics
    from newslens.topics.lenses import load_lenses

    started = time.perf_counter()
    snapshot = load_snapshot(data_dir)
    load_seconds = time.perf_counter() - started
    lens_config = load_lenses(config.lenses_file())
    live_snapshot = dataclasses.replace(snapshot, manifest={k: v for k, v in snapshot.manifest.items()
                                                            if k != ManifestKey.LENS_SCORES})
    embedder = lambda: load_embedder(snapshot.model_name)  # noqa: E731
    if mode == "check":
        stored = topics.score_snapshot(snapshot, lens_config, embedder)
        live = topics.score_snapshot(live_snapshot, lens_config, embedder)
        same = (stored.stored == lens_config.names and live.stored == ()
                and np.array_equal(stored.scores, live.scores, equal_nan=True)
                and np.array_equal(stored.similarity, live.similarity, equal_nan=True)
                and np.array_equal(stored.closest, live.closest) and stored.found == live.found)
        return {"identical": bool(same), "found": len(live.found)}
    started = time.perf_counter()
    result = topics.score_snapshot(snapshot if mode == "stored" else live_snapshot, lens_config, embedder)
    return {"seconds": time.perf_counter() - started, "load_seconds": load_seconds, "stored": list(result.stored)}


def _run_child(data_dir: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_lens_store", "--child", str(data_dir), mode],
                         check=True, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1",
                                                                            "TRANSFORMERS_OFFLINE": "1"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("DATA_DIR", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1])))
        return 0
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-lens-") as tmp:
            data_dir = Path(tmp)
            built = build(data_dir, n)
            runs: dict[str, list[dict]] = {"stored": [], "live": []}
            for _ in range(args.rounds):
                for mode in ("stored", "live") if len(runs["stored"]) <= len(runs["live"]) else ("live", "stored"):
                    runs[mode].append(_run_child(data_dir, mode))
            check = _run_child(data_dir, "check")
            stored = statistics.median(r["seconds"] for r in runs["stored"])
            live = statistics.median(r["seconds"] for r in runs["live"])
            print(json.dumps({"paragraphs": built["paragraphs"], "pipeline_scoring_seconds": round(built["build_seconds"], 2),
                              "stored_files_mb": {k: round(v / 1e6, 1) for k, v in built["file_bytes"].items()
                                                  if k.startswith("lens_")},
                              "cold_stored_s": round(stored, 3), "cold_live_s": round(live, 3),
                              "speedup": round(live / stored, 1), "all_stored": [round(r["seconds"], 3) for r in runs["stored"]],
                              "all_live": [round(r["seconds"], 3) for r in runs["live"]],
                              "snapshot_load_s": round(statistics.median(r["load_seconds"] for r in runs["stored"]), 3),
                              "identical": check["identical"], "paragraph_lens_pairs_with_words": check["found"],
                              "load_average": os.getloadavg()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
