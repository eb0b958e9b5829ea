"""The trained lens head's cost on the topics page's first visit, at scale.

    python -m benchmarks.bench_lens_head --paragraphs 1000000 [--model all-MiniLM-L6-v2]

Synthetic: ``--paragraphs`` float16 384-d unit-ish vectors in a memory-mapped .npy (as a large
snapshot keeps them), formula scores and lexicon hits for the shipped lenses, 30% of rows in
another language than the examples (the head leaves them). Times, in one process, the baseline of
reading every rescored row's vector block by block (``vectors.take``, what any pass over the
vectors costs) and ``lens_head.apply_head`` on the same rows, alternating, ``--rounds`` times;
medians and their ratio, with the traced peak memory of one ``apply_head``. Then, with the other
language's rows in Russian (one of the e5 head's ``other_languages``), the median time of
``lens_labels.assign_labels`` (the head's verdict there), which the topics page reruns on every
threshold change (``benchmarks/bench_lens_labels.py`` times it against the labelling before it).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from newslens import config, vectors
from newslens.embedder import MULTILINGUAL_MODEL
from newslens.topics import lens_head
from newslens.topics.lens_labels import assign_labels
from newslens.topics.lenses import LensScores, load_lenses


def synthetic(folder: Path, n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    path = folder / "embeddings.npy"
    matrix = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(n, 384))
    for start in range(0, n, 50_000):
        block = rng.standard_normal((min(50_000, n - start), 384), dtype=np.float32)
        matrix[start:start + len(block)] = (block / np.linalg.norm(block, axis=1, keepdims=True)).astype(np.float16)
    matrix.flush()
    del matrix
    lens_config = load_lenses(config.lenses_file())
    similarity = rng.uniform(0.3, 0.7, size=(n, len(lens_config.names))).astype(np.float32)
    found = {(int(r), int(j)): ("word",) for r, j in zip(rng.integers(0, n, n // 7),
                                                          rng.integers(0, len(lens_config.names), n // 7))}
    scores = LensScores(lens_config.names, similarity.copy(), np.zeros(similarity.shape, np.int32),
                        {lens.name: lens.phrasings() for lens in lens_config.lenses}, similarity, found,
                        words_only=np.zeros(n, bool), cross_language=rng.random(n) < 0.3)
    return np.load(path, mmap_mode="r"), scores, lens_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=MULTILINGUAL_MODEL, help="whose shipped head (default: %(default)s)")
    args = parser.parse_args(argv)
    head = lens_head.load_head(args.model)
    if head is None:
        parser.error(f"no head is shipped for {args.model}")
    with tempfile.TemporaryDirectory() as tmp:
        embeddings, scores, lens_config = synthetic(Path(tmp), args.paragraphs)
        rows = lens_head.head_rows(scores)
        base, applied = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            for start in range(0, len(rows), vectors.BLOCK_ROWS):
                vectors.take(embeddings, rows[start:start + vectors.BLOCK_ROWS])
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            lens_head.apply_head(head, scores, embeddings, lens_config)
            applied.append(time.perf_counter() - t)
        tracemalloc.start()
        lens_head.apply_head(head, scores, embeddings, lens_config)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        languages = np.where(scores.cross_language, "ru", "en").astype(object)
        with_languages = lens_head.apply_head(head, scores, embeddings, lens_config, languages)
        thresholds = lens_config.thresholds()
        relabel = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            assign_labels(with_languages, thresholds)
            relabel.append(time.perf_counter() - t)
    result = {"paragraphs": args.paragraphs, "rescored_rows": int(len(rows)),
              "read_vectors_s": round(statistics.median(base), 2), "apply_head_s": round(statistics.median(applied), 2),
              "ratio": round(statistics.median(applied) / statistics.median(base), 2),
              "apply_head_peak_mb": round(peak / 2**20),
              "head_rows_in_russian": int((with_languages.head_rows & scores.cross_language).sum()),
              "labels_s": round(statistics.median(relabel), 2)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
