"""The lexicon's guard against patterns that hang: the shape check (as shipped) or a time limit per search.

    python -m benchmarks.bench_lexicon_guard                    # 100k paragraphs, 30 entries, 3 rounds
    python -m benchmarks.bench_lexicon_guard --paragraphs 20000 --rounds 1

Python's ``re`` cannot be stopped once a search runs, so a lens's lexicon is checked by its shape when
the lens is made (``newslens.topics.lexicon.unsafe_reason``) and then searched with ``re``. The other
way is the ``regex`` package (mrab-regex), whose searches take a ``timeout``: any pattern could then be
searched, and one that runs too long stopped. This times both on the same paragraphs and entries, in
the same process, rounds interleaved (the best of each kept, as the machine is shared):

- shape check: ``Lens.words_in`` as the app scores (lower-cased text, alternatives split, ``re``),
  plus the check itself, once per entry;
- regex + timeout: the same search, each compiled pattern ``regex``'s and every call given
  ``timeout=`` (the only change; what a runtime guard costs on every paragraph); and ``regex``
  without a timeout, to tell the engine's cost from the timer's.

Synthetic paragraphs (``benchmarks.synthetic``, built from the sample corpus); entries: the first 30
of the shipped lenses' lexicons. Prints a markdown table with the ratio to the shape check.

Measured (session 33, 2 shared cores under load, best of 3): 100,000 paragraphs x 30 entries, shape
check and re 16.7 s (the check itself 32 ms, once per lens), regex without a timeout 31.4 s (1.88x),
regex with timeout=0.1 s 51.4 s (3.08x). The shape check stays: a time limit would triple the
lexicon's share of scoring on every corpus to stop patterns it can refuse before any text is read,
and which entries ran out of time would depend on the machine's load.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace

import regex

from benchmarks.synthetic import synthetic_paragraphs
from newslens import config
from newslens.topics import lenses
from newslens.topics.lexicon import unsafe_reason

TIMEOUT = 0.1   # seconds per search: far above an ordinary search (microseconds), far below a hang


class _TimedPattern:
    """A ``regex`` pattern searched as ``re``'s is, each search limited to ``timeout`` seconds."""

    def __init__(self, pattern, flags: int, timeout: float | None):
        self.pattern, self.timeout = regex.compile(pattern.pattern, flags), timeout

    def search(self, text: str, pos: int = 0):
        return self.pattern.search(text, pos, timeout=self.timeout)


def _with_regex(entry: lenses._Entry, timeout: float | None) -> lenses._Entry:
    return replace(entry, anycase=_TimedPattern(entry.anycase, regex.IGNORECASE, timeout),
                   parts=tuple((_TimedPattern(p, 0, timeout), boundary) for p, boundary in entry.parts))


def _score(lens: lenses.Lens, texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = sum(len(lens.words_in(text)) for text in texts)
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    shipped = lenses.load_lenses(config.PROJECT_ROOT / "config" / "lenses.yaml")
    lexicon = tuple(e for lens in shipped.lenses for e in lens.lexicon)[:args.entries]
    texts = synthetic_paragraphs(args.paragraphs)
    start = time.perf_counter()
    refused = [entry for entry in lexicon if unsafe_reason(entry)]
    check = time.perf_counter() - start
    lens = lenses.make_lens("bench", "A lens to time.", ["A phrasing."], lexicon=list(lexicon), lexicon_weight=0.1)

    shape = lenses._compiled(lens.lexicon)
    ways = {"shape check, re": shape,
            "regex, no timeout (the engine alone)": tuple(_with_regex(entry, None) for entry in shape),
            f"regex, timeout={TIMEOUT} s": tuple(_with_regex(entry, TIMEOUT) for entry in shape)}
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, compiled in ways.items():
            lenses._PATTERNS[lens.lexicon, ""] = compiled
            seconds, counts[name] = _score(lens, texts)
            best[name] = min(best.get(name, float("inf")), seconds)
    lenses._PATTERNS.pop((lens.lexicon, ""), None)
    if len(set(counts.values())) != 1:
        raise SystemExit(f"the two ways found different words: {counts}")

    base = best["shape check, re"]
    print(f"{len(texts):,} paragraphs x {len(lexicon)} entries ({sum(map(len, texts)) / len(texts):.0f} characters "
          f"each on average), {next(iter(counts.values())):,} wordings found; best of {args.rounds} rounds\n")
    print("| guard | scoring (s) | ratio | once per lens |")
    print("| --- | ---: | ---: | --- |")
    print(f"| shape check, re | {base:.2f} | 1.00 | check {check * 1000:.0f} ms ({len(refused)} refused) |")
    for name, seconds in best.items():
        if name != "shape check, re":
            print(f"| {name} | {seconds:.2f} | {seconds / base:.2f} | - |")


if __name__ == "__main__":
    main()
