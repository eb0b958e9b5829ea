"""What a typed word's other forms (newslens/search/word_forms.py) cost a search by words.

On synthetic paragraphs (benchmarks.synthetic) of each size, in one process: setting up the
forms (each row's language, on the first search), the first query (it buckets the vocabulary by
first letter and sorts one bucket), and p50 of query terms + scores with forms against the same
without forms (ratio: the machines are shared and noisy, so the baseline runs alongside); then the
first lookups over a vocabulary as large as a million-paragraph corpus's (random words).

    python -m benchmarks.bench_word_forms --sizes 10000 100000
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import string  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks.bench_lexical import QUERIES  # noqa: E402
from benchmarks.synthetic import synthetic_paragraphs  # noqa: E402
from newslens.search.lexical import BM25Index  # noqa: E402
from newslens.search.word_forms import WordForms  # noqa: E402


def run(size: int, rounds: int = 5) -> dict:
    texts = synthetic_paragraphs(size)
    index = BM25Index(texts)
    start = time.perf_counter()
    forms = WordForms(index, ["en"] * size)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    forms.forms("soldiers")
    first = time.perf_counter() - start
    # ...and reading the texts for which words are names (as the app does: WordForms(texts=...)),
    # its first round too, when each word's case is read from its paragraphs
    named = WordForms(index, ["en"] * size, texts=texts)
    plain, with_forms, with_names, first_names = [], [], [], []
    for n in range(rounds):
        for query in QUERIES:
            for sink, expand in ((plain, None), (with_forms, forms.forms), (with_names, named.forms)):
                t = time.perf_counter()
                index.scores(index.query_terms(query, expand))
                (first_names if n == 0 and sink is with_names else sink).append(time.perf_counter() - t)
            if n == 0:
                forms._cache.clear()          # the first round looks every word up afresh
                named._cache.clear()
    p50, p50_forms = statistics.median(plain), statistics.median(with_forms)
    p50_names = statistics.median(with_names)
    return {"paragraphs": size, "terms": len(index.vocabulary), "setup_s": round(setup, 3),
            "first_query_s": round(first, 3), "query_p50_ms": round(1000 * p50, 2),
            "query_p50_forms_ms": round(1000 * p50_forms, 2), "ratio": round(p50_forms / p50, 2),
            "query_p50_forms_names_ms": round(1000 * p50_names, 2), "ratio_names": round(p50_names / p50, 2),
            "first_round_names_p50_ms": round(1000 * statistics.median(first_names), 2)}


def large_vocabulary(terms: int, rows: int = 1_000_000) -> dict:
    """The first lookup over a vocabulary as large as a real million-paragraph corpus's (random
    words; no paragraph holds them): what bucketing and sorting the vocabulary cost once."""
    rng = random.Random(0)
    vocabulary: dict[str, int] = {}
    while len(vocabulary) < terms:
        vocabulary.setdefault("".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12))), len(vocabulary))
    terms = list(vocabulary)        # an index of these words that no paragraph holds
    index = BM25Index.from_arrays(rows, terms, np.zeros(len(terms), np.float32), np.zeros(0, np.float32),
                                  np.zeros(0, np.int32), np.zeros(len(terms) + 1, np.int64))
    languages = np.array(["en", "ru", "de", None] * (rows // 4), dtype=object)
    start = time.perf_counter()
    forms = WordForms(index, languages)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    forms.forms("soldiers")
    first = time.perf_counter() - start
    start = time.perf_counter()
    forms.forms("deserters")
    second = time.perf_counter() - start
    return {"terms": len(vocabulary), "rows": rows, "setup_s": round(setup, 3), "first_lookup_s": round(first, 3),
            "next_word_s": round(second, 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--vocabulary", type=int, default=1_500_000, help="terms of the large-vocabulary run (0: skip)")
    args = parser.parse_args()
    for size in args.sizes:
        print(run(size), flush=True)
    if args.vocabulary:
        print(large_vocabulary(args.vocabulary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
