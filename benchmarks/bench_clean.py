"""Cleaning and splitting throughput, as a share of embedding the same paragraphs.

Cleaning runs on every article of every build, so it must stay a small fraction of the embedding
it feeds. On seeded synthetic articles derived from the sample (benchmarks/synthetic.py, furniture
included), in ONE process:

  (a) clean + split + ids with the real model's tokenizer counting tokens, one frame per corpus
      (``paragraph_columns`` + ``paragraphs_frame``, what a corpus build should call);
  (b) the same through ``build_paragraphs`` (one frame per article, then concatenated);
  (c) the corpus furniture pass (``mark_corpus_furniture``);
  (d) plain ``SentenceTransformer.encode`` on a sample of the paragraphs (a) produced.

The machine is shared, so each measure is repeated ``--repeats`` times and the fastest run counts.

    python -m benchmarks.bench_clean                   # 2,000 articles
    python -m benchmarks.bench_clean --articles 200    # quick check
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from benchmarks.synthetic import OUTLETS, load_seed_texts, synthetic_article  # noqa: E402
from newslens.embedder import DEFAULT_MODEL, load_embedder  # noqa: E402
from newslens.schema import ArticleCol, Kind, ParagraphCol  # noqa: E402
from pipeline.paragraphs import (  # noqa: E402
    build_paragraphs, mark_corpus_furniture, paragraph_columns, paragraphs_frame,
)


def fastest(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--encode-sample", type=int, default=1000,
                        help="paragraphs to encode for the embedding baseline")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    rng = random.Random(20240318)
    seeds = load_seed_texts()
    texts = [synthetic_article(seeds[i % len(seeds)], rng) for i in range(args.articles)]
    ids = [f"syn_{i:05d}" for i in range(args.articles)]
    articles = pd.DataFrame({ArticleCol.ID: ids,
                             ArticleCol.DOMAIN: [OUTLETS[i % len(OUTLETS)][1] for i in range(args.articles)]})
    embedder = load_embedder(args.model)
    count, limit = embedder.count_tokens, embedder.max_tokens

    t_columns, frame = fastest(lambda: paragraphs_frame(
        paragraph_columns(a, t, count_tokens=count, max_tokens=limit) for a, t in zip(ids, texts)), args.repeats)
    t_frames, _ = fastest(lambda: pd.concat(
        [build_paragraphs(a, t, count_tokens=count, max_tokens=limit) for a, t in zip(ids, texts)],
        ignore_index=True), args.repeats)
    t_corpus, marked = fastest(lambda: mark_corpus_furniture(frame, articles), args.repeats)

    sample = frame[ParagraphCol.TEXT].sample(min(args.encode_sample, len(frame)), random_state=0).tolist()
    encode = getattr(embedder, "model", None)
    run_encode = (lambda: encode.encode(sample, batch_size=64, normalize_embeddings=True,
                                        show_progress_bar=False)) if encode else (lambda: embedder.encode(sample))
    t_encode, _ = fastest(run_encode, max(1, args.repeats - 1))

    n = len(frame)
    per_para_encode = t_encode / len(sample)
    content = int(marked[ParagraphCol.KIND].isin(Kind.CONTENT).sum())
    split = int((marked[ParagraphCol.PART] > 0).sum())
    print(f"\n{args.articles} articles -> {n} paragraphs ({content} content, {n - content} furniture, "
          f"{split} extra parts from splitting at {limit} tokens); model {embedder.name}\n")
    print("| stage | seconds | paragraphs/s | share of embedding the same paragraphs |")
    print("| --- | ---: | ---: | ---: |")
    rows = [("clean + split + ids, one frame (paragraph_columns)", t_columns),
            ("clean + split + ids, frame per article (build_paragraphs)", t_frames),
            ("corpus furniture pass", t_corpus)]
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} | {seconds / (per_para_encode * n):.1%} |")
    print(f"| embedding: SentenceTransformer.encode ({len(sample)}-paragraph sample, extrapolated) | "
          f"{per_para_encode * n:.2f} | {1 / per_para_encode:,.0f} | 100% |")


if __name__ == "__main__":
    main()
