"""What a typed word's other forms (newslens/search/word_forms.py) cost a search by words.

On synthetic paragraphs (benchmarks.synthetic) of each size, in one process: setting up the
forms (each row's language, on the first search), the first query (it sorts the vocabulary), and
p50 of query terms + scores with forms against the same without forms (ratio: the machines are
shared and noisy, so the baseline runs alongside).

    python -m benchmarks.bench_word_forms --sizes 10000 100000
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from benchmarks.bench_lexical import QUERIES  # noqa: E402
from benchmarks.synthetic import synthetic_paragraphs  # noqa: E402
from newslens.search.lexical import BM25Index  # noqa: E402
from newslens.search.word_forms import WordForms  # noqa: E402


def run(size: int, rounds: int = 5) -> dict:
    texts = synthetic_paragraphs(size)
    index = BM25Index(texts)
    start = time.perf_counter()
    forms = WordForms(index.vocabulary, index.weights, ["en"] * size)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    forms.forms("soldiers")
    first = time.perf_counter() - start
    plain, with_forms = [], []
    for n in range(rounds):
        for query in QUERIES:
            fresh = WordForms(index.vocabulary, index.weights, ["en"] * size) if n == 0 else forms
            fresh._sorted = forms._sorted          # the vocabulary is sorted once per index
            for sink, expand in ((plain, None), (with_forms, fresh.forms)):
                t = time.perf_counter()
                index.scores(index.query_terms(query, expand))
                sink.append(time.perf_counter() - t)
    p50, p50_forms = statistics.median(plain), statistics.median(with_forms)
    return {"paragraphs": size, "terms": len(index.vocabulary), "setup_s": round(setup, 3),
            "first_query_s": round(first, 3), "query_p50_ms": round(1000 * p50, 2),
            "query_p50_forms_ms": round(1000 * p50_forms, 2), "ratio": round(p50_forms / p50, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    for size in args.sizes:
        print(run(size), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
