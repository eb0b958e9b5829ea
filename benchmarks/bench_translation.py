"""What pairing a translation by names and numbers costs a comparison (``newslens.compare.anchors``).

A seeded synthetic report of N paragraphs (each with a rare name or two, a figure, theme words)
and a "translation" of it (the same names and figures, other words, one paragraph split in two)
are compared under the default English model's name, once as two languages (the translation path)
and once as one language the model does not cover (the word alignment it replaces), alternating
runs in one process; the ratio is what the README reports. Also: nltk's first import, which the
first translation of a session pays.

    python -m benchmarks.bench_translation --paragraphs 20 60 150
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from newslens.compare.alignment import compare_articles  # noqa: E402
from newslens.embedder import FP32, NUMPY, EmbedSetup, normalise_rows  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from tests.factories import ArticleSpec, make_snapshot  # noqa: E402

WORDS = ("soldiers commander regiment brigade retreat order front morale refused assault trench drone "
         "village call video mother wounded hospital officers battalion artillery rotation").split()
FOREIGN = ("soldaten kommandeur regiment brigade rückzug befehl front moral verweigert angriff graben "
           "drohne dorf anruf video mutter verwundet krankenhaus offiziere bataillon artillerie").split()


class _EnglishOnly:
    name, dim, setup = "all-MiniLM-L6-v2", 32, EmbedSetup(NUMPY, FP32)

    def __init__(self):
        self.rng = np.random.default_rng(0)

    def encode(self, texts):
        return normalise_rows(self.rng.normal(size=(len(texts), self.dim)).astype(np.float32))


def _name(rng: random.Random) -> str:
    return "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()


def _pair(rng: random.Random, n: int) -> tuple[list[str], list[str]]:
    source, rendering = [], []
    for k in range(n):
        names = [_name(rng) for _ in range(rng.choice((0, 1, 2)))]
        figure = str(rng.randint(10, 9999))
        words = [rng.choice(WORDS) for _ in range(rng.randint(15, 40))]
        source.append(f"The {' '.join(words[:5])} near {' and '.join(names) or 'the line'} said {figure} "
                      f"{' '.join(words[5:])}.")
        other = [rng.choice(FOREIGN) for _ in range(len(words) + 3)]
        text = f"Die {' '.join(other[:5])} bei {' und '.join(names) or 'der Linie'} sagte {figure} {' '.join(other[5:])}."
        if k == n // 2:           # one paragraph split in two
            half = len(text) // 2
            cut = text.index(" ", half)
            rendering += [text[:cut] + ".", "Und " + text[cut + 1:]]
        else:
            rendering.append(text)
    return source, rendering


def run(sizes: list[int], repeats: int) -> None:
    def fresh(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    bare = statistics.median(fresh("pass") for _ in range(3))
    nltk = statistics.median(fresh("from nltk.translate import gale_church") for _ in range(3))
    print(f"nltk's first import: {nltk - bare:.2f} s (a fresh interpreter {bare:.2f} s, with the import {nltk:.2f} s)")
    rng = random.Random(7)
    for n in sizes:
        source, rendering = _pair(rng, n)
        with tempfile.TemporaryDirectory() as folder:
            make_snapshot(Path(folder), [ArticleSpec("src", "A", source, language="en"),
                                         ArticleSpec("two", "B", rendering, language="de"),
                                         ArticleSpec("one-a", "C", source, language="de"),
                                         ArticleSpec("one-b", "D", rendering, language="de")], embedder=_EnglishOnly())
            snap = load_snapshot(Path(folder))
            compare_articles(snap, "src", "two")            # warm: nltk imported, caches filled
            translation, words = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                c = compare_articles(snap, "src", "two")
                translation.append(time.perf_counter() - t)
                t = time.perf_counter()
                compare_articles(snap, "one-a", "one-b")
                words.append(time.perf_counter() - t)
        share = max(c.reuse.a_in_b, c.reuse.b_in_a)
        tr, wo = statistics.median(translation), statistics.median(words)
        print(f"{n:4d} paragraphs: paired as a translation {tr * 1000:7.1f} ms (reuse {share:.0%}), "
              f"by words in one language {wo * 1000:7.1f} ms, ratio {tr / wo:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[20, 60, 150])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    run(args.paragraphs, args.repeats)
