"""The lexicon check's worst cases: accepted entries searched on a paragraph of their own words.

    python -m benchmarks.bench_lexicon_worst            # 20,000 characters, best of 3

``newslens.topics.lexicon.unsafe_reason`` refuses an entry by its shape, the same answer on any
machine; how long what it keeps can take is measured here, not in the unit tests (a time limit there
fails on a loaded machine). Each entry, kept or refused (with its reason), is searched as
``Lens.words_in`` runs it (``lenses._entry``: lower-cased text, top-level alternatives one by one) on a
paragraph of nothing but its own words, the worst case for a repeat run from every place its start
stands.

Measured (session 33, 2 shared cores, an evaluation running; four runs), seconds on 20,000 characters:
\\bsoldiers\\b.*\\bshot\\b 0.16-0.38; \\bthe\\b.*\\bshot\\b 0.58-0.94 (the most kept: one long repeat after a
three-letter word); \\b(?:soldier|troop)s?\\b.*\\bexecuted\\b 0.26-0.49; [dд]ezert\\w*\\b.*\\bshot 0.30-0.43;
(?:e|é)xecut\\w*\\b.*\\bdesert 0.58-0.88; [Ss]oldiers.*shot 0.04. Refused: a.*\\Bb 1.3-2.5,
a.*\\Bb|a.*\\Bc|a.*\\Bd 4.8-7.8, \\b(?:ran|fled)\\b.*\\bfront\\b 0.45-0.9, \\bsoldiers\\b.*-.*\\B 1.2-2.5.
"""
from __future__ import annotations

import argparse
import time

from newslens.topics import lenses, lexicon
from newslens.topics.lexicon import unsafe_reason

REASONS = ("LEADING", "UNANCHORED", "NESTED", "UNBOUNDED_GROUP", "CROWDED", "CHAIN")

# (entry, the words its paragraph repeats)
CASES = [
    (r"\bsoldiers\b.*\bshot\b", ["soldiers "]),
    (r"\bthe\b.*\bshot\b", ["the "]),
    (r"\b(?:soldier|troop)s?\b.*\bexecuted\b", ["troop ", "soldier "]),
    (r"\bsoldiers\b.*\bshot\b|\bdeserters\b.*\bshot\b", ["soldiers deserters "]),
    (r"\bsoldiers\b(?=.*\bshot)(?=.*\bdead)", ["soldiers "]),
    (r"\bshot\b.{0,100}\bdead\b.{0,100}\bfront", ["shot dead "]),
    (r"\bei\w* (?:\w+ ){0,1}halu\w*", ["ei ", "ei"]),
    (r"[Ss]oldiers.*shot", ["soldiers "]),
    (r"[dд]ezert\w*\b.*\bshot", ["dezert ", "дezert "]),
    (r"(?:e|é)xecut\w*\b.*\bdesert", ["execut "]),
    (r"(?:ö|o)ver.*shot", ["over "]),
    # refused
    (r"a.*\Bb", ["a"]),
    (r"a.*\Bb|a.*\Bc|a.*\Bd", ["a"]),
    (r"\b(?:ran|fled)\b.*\bfront\b", ["ran fled "]),
    (r"\bthe\b.*\bshot\b|\band\b.*\bshot\b", ["the and "]),
    (r"\bsoldiers\b.*-.*\B", ["-a"]),
]


def _best(entry: lenses._Entry, text: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        entry.search(text, text.lower())
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| entry | paragraph of | verdict | seconds |\n|---|---|---|---|")
    for pattern, words in CASES:
        reason = unsafe_reason(pattern)
        verdict = "kept" if reason is None else next(f"refused ({name})" for name in REASONS
                                                      if getattr(lexicon, name) == reason)
        entry = lenses._entry(pattern)
        for word in words:
            text = ("soldiers" if "-.*" in pattern else "") + (word * (args.chars // len(word) + 1))[:args.chars]
            print(f"| `{pattern}` | {word!r} | {verdict} | {_best(entry, text, args.rounds):.3f} |")


if __name__ == "__main__":
    main()
