"""What finding a typed figure printed with a scale ("18 тисяч", "1万8000") costs a search by words.

On synthetic paragraphs (benchmarks.synthetic) of each size, a share of them given one invented
sentence printing a figure with a scale or grouped digits, in Russian, Ukrainian, German, Romanian,
English, Chinese (unspaced: "1万8000" runs into its words) and Korean, so the scale words' columns
are as full as a corpus on losses and mobilisation makes them. In one process, per typed query:

- the present lookup (before session 30): the figure's digits in any thousands grouping
  (``NumberSpellings._find_groupings``; for a figure typed with a scale, "18 тисяч", its digits
  "18,000": the present code looked up "18" alone, which costs nothing and finds the wrong rows),
- the lookup with scaled figures (``NumberSpellings.find``: groupings and scales),
each a first lookup (the cache cleared), p50 of ``--rounds``, and their ratio (the machines are shared
and noisy: the baseline runs alongside); then the once-per-index scan of the vocabulary for glued
Korean, Chinese and Japanese scales, and a search's highlighting (``number_spans``) on 100 hits.

    python -m benchmarks.bench_numbers --sizes 200000
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from benchmarks.synthetic import synthetic_paragraphs  # noqa: E402
from newslens.search.lexical import BM25Index  # noqa: E402
from newslens.search.numbers import FoundNumber, NumberSpellings, TypedNumber, number_spans, typed_numbers  # noqa: E402

# (sentence, figure spellings): {n} 2-999, {d} a decimal 1,1-9,9 (its comma as the language writes it),
# {a} and {b} 1-9
SENTENCES = [
    ("По данным ведомства, из частей ушли {f} военнослужащих.", ["{n} тыс.", "{n} тысяч", "{d} млн", "{n} 000"]),
    ("Прокуратура відкрила {f} справ про самовільне залишення частини.", ["{n} тисяч", "{n} тис.", "{n} 000"]),
    ("Die Staatsanwaltschaft zählte {f} Verfahren wegen Fahnenflucht.", ["{n} Tausend", "{d} Millionen", "{n}.000"]),
    ("Procuratura a deschis {f} de dosare pentru dezertare.", ["{n} mii", "{n}.000"]),
    ("Officials counted {f} desertion cases last year.", ["{n} thousand", "{n},000", "{d} million", "{n}k"]),
    ("检察机关去年登记了{f}起擅离部队案件。", ["{a}万{b}000", "{d}万", "{n}000"]),
    ("검찰은 지난해 탈영 사건 {f}건을 접수했다.", ["{a}만 {b}천", "{a}만{b}000", "{n},000"]),
]
QUERIES = ["18,000", "18 000", "5000", "5,000", "1,200,000", "9861", "250,000", "155", "2022",
           "18 тисяч", "1,2 млн", "5 тыс.", "1万8000", "1만 8천"]


def figure_sentence(rng: random.Random) -> str:
    sentence, shapes = rng.choice(SENTENCES)
    decimal = f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"
    if sentence[0] in "ПDP":          # Russian, Ukrainian, German, Romanian write a decimal comma
        decimal = decimal.replace(".", ",")
    # the figures the queries type among the others, as often as one story's figure is retold
    n = rng.choice([18, 5, 250]) if rng.random() < 0.01 else rng.randint(2, 999)
    figure = rng.choice(shapes).format(n=n, d=decimal,
                                       a=rng.randint(1, 9), b=rng.randint(1, 9))
    return sentence.format(f=figure)


def corpus(size: int, share: float, seed: int = 30) -> list[str]:
    rng = random.Random(seed)
    return [text + " " + figure_sentence(rng) if rng.random() < share else text for text in synthetic_paragraphs(size)]


def timed(rounds: int, call, *args) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call(*args)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def highlighted(spans: list, hits: list[str]) -> None:
    for text in hits:
        for number in spans:
            number(text)


def run(size: int, share: float, rounds: int) -> list[dict]:
    texts = corpus(size, share)
    index = BM25Index(texts)
    numbers = NumberSpellings(index, texts)
    started = time.perf_counter()
    numbers._glued        # noqa: B018 -- the once-per-index vocabulary scan, timed alone
    scan = time.perf_counter() - started
    out = [{"paragraphs": size, "terms": len(index.vocabulary), "glued_scan_ms": round(1000 * scan, 1)}]

    def present(query: str) -> None:
        for number in typed_numbers(query):
            if number.digits:
                numbers._find_groupings(TypedNumber(number.digits, number.value, 0, 0), FoundNumber())

    def scaled(query: str) -> None:
        numbers._cache.clear()
        for number in typed_numbers(query):
            numbers.find(number)

    for query in QUERIES:
        before, after = timed(rounds, present, query), timed(rounds, scaled, query)
        found = [numbers.find(n) for n in typed_numbers(query)]
        rows = {r for f in found for rows in f.terms.values() if rows is not None for r in rows.tolist()}
        hits = [texts[r] for r in sorted(rows)[:100]]
        spans = [number_spans(n, f.scaled) for n, f in zip(typed_numbers(query), found)]
        highlight = timed(rounds, highlighted, spans, hits)
        out.append({"query": query, "present_ms": round(1000 * before, 2), "with_scales_ms": round(1000 * after, 2),
                    "ratio": round(after / max(before, 1e-6), 1), "spellings": sum(len(f.spellings) for f in found),
                    "rows_restricted": len(rows), "highlight_100_hits_ms": round(1000 * highlight, 2)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000])
    parser.add_argument("--share", type=float, default=0.15, help="paragraphs given a sentence printing a figure")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        for row in run(size, args.share, args.rounds):
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
