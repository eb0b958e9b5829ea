"""Story grouping and comparison at scale: time and recovery on a seeded synthetic corpus.

Each synthetic story has an original article and 1-4 re-reports published 0-6 days later that
keep most paragraphs reworded (words swapped, dropped or added), drop some and add their own;
unrelated stories share the vocabulary of the theme. Measured in one process:

- ``detect_stories`` with the default candidate pruning vs. the exhaustive all-pairs baseline
  (every article pair examined paragraph by paragraph): time ratio and whether both find the same
  groups;
- how many true stories are recovered exactly (same article set);
- ``compare_articles`` on one original/re-report pair (alignment, word diff, claims).

    python -m benchmarks.bench_compare --stories 500     # ~1,500 articles
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newslens.compare.alignment import compare_articles  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.compare.stories import detect_stories  # noqa: E402
from tests.factories import ArticleSpec, make_snapshot  # noqa: E402

THEME = ("soldiers commander regiment brigade retreat desertion order shoot front morale refused "
         "assault trench drone village intercepted call video appeal mother wounded hospital mobilised "
         "prison penalty officers ammunition battalion convoy artillery positions frontline rotation").split()
FILLER = ("the a of to in and was were that his their with on for by at from as it they had been "
          "said told after before during near about against without".split())


def _sentence(rng: random.Random, topic: list[str], words: int) -> str:
    out = [rng.choice(topic if rng.random() < 0.45 else THEME if rng.random() < 0.5 else FILLER)
           for _ in range(words)]
    return " ".join(out).capitalize() + "."


def _rework(rng: random.Random, text: str, topic: list[str]) -> str:
    words = text.rstrip(".").split()
    out = []
    for w in words:
        r = rng.random()
        if r < 0.12:
            continue                       # dropped
        if r < 0.25:
            out.append(rng.choice(topic + FILLER))   # reworded
        else:
            out.append(w)
        if rng.random() < 0.06:
            out.append(rng.choice(FILLER))  # added
    return " ".join(out).capitalize() + "."


def synthetic_corpus(n_stories: int, seed: int = 7) -> tuple[list[ArticleSpec], list[set[str]]]:
    rng = random.Random(seed)
    specs, truth = [], []
    start = date(2022, 2, 24)
    for s in range(n_stories):
        topic = [f"{rng.choice(THEME)}{rng.randint(0, 999)}" for _ in range(6)]  # the story's own names
        paragraphs = [_sentence(rng, topic, rng.randint(14, 30)) for _ in range(rng.randint(5, 12))]
        day = start + timedelta(days=rng.randint(0, 3 * 365))
        original = f"s{s:05d}-0"
        specs.append(ArticleSpec(original, f"Outlet {rng.randint(0, 40)}", paragraphs, published=day.isoformat()))
        group = {original}
        for r in range(1, rng.randint(2, 5)):
            kept = [_rework(rng, p, topic) for p in paragraphs if rng.random() < 0.8]
            own = [_sentence(rng, THEME, rng.randint(12, 24)) for _ in range(rng.randint(0, 3))]
            body = list(kept)
            for paragraph in own:
                body.insert(rng.randint(0, len(body)), paragraph)
            aid = f"s{s:05d}-{r}"
            published = (day + timedelta(days=rng.randint(0, 6))).isoformat() if rng.random() > 0.1 else None
            specs.append(ArticleSpec(aid, f"Outlet {rng.randint(0, 40)}", body, published=published))
            group.add(aid)
        truth.append(group)
    return specs, truth


def recovered(stories, truth: list[set[str]]) -> int:
    found = {frozenset(s.article_ids) for s in stories}
    return sum(1 for group in truth if frozenset(group) in found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--dim", type=int, default=256, help="hashing embedder dimension")
    args = parser.parse_args(argv)
    specs, truth = synthetic_corpus(args.stories)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        make_snapshot(Path(tmp), specs, dim=args.dim)
        snapshot = load_snapshot(tmp)
        build = time.perf_counter() - t0
        n_articles, n_paragraphs = len(snapshot.articles), len(snapshot.paragraphs)

        t0 = time.perf_counter()
        pruned = detect_stories(snapshot)
        t_pruned = time.perf_counter() - t0
        t0 = time.perf_counter()
        exhaustive = detect_stories(snapshot, candidates=n_articles)
        t_all = time.perf_counter() - t0
        t0 = time.perf_counter()
        runs = 5
        for _ in range(runs):
            compare_articles(snapshot, "s00000-0", "s00000-1")
        t_compare = (time.perf_counter() - t0) / runs

    same = {frozenset(s.article_ids) for s in pruned} == {frozenset(s.article_ids) for s in exhaustive}
    print(f"Synthetic corpus: {n_articles:,} articles, {n_paragraphs:,} paragraphs, {len(truth):,} true stories "
          f"(snapshot built in {build:.1f}s, hashing-{args.dim} embeddings)\n")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| detect_stories, nearest-{10} candidates | {t_pruned:.2f} s |")
    print(f"| detect_stories, all pairs (baseline) | {t_all:.2f} s |")
    print(f"| speed-up of pruning | {t_all / t_pruned:.1f}x |")
    print(f"| same groups as all pairs | {'yes' if same else 'no'} |")
    print(f"| true stories recovered exactly (pruned) | {recovered(pruned, truth)} / {len(truth)} |")
    print(f"| true stories recovered exactly (all pairs) | {recovered(exhaustive, truth)} / {len(truth)} |")
    print(f"| groups found (pruned) | {len(pruned)} |")
    print(f"| compare_articles, one pair | {t_compare * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
