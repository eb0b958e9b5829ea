"""A researcher's story verdicts at scale: what applying them costs a page, against reading the stories.

A synthetic snapshot of ``--articles`` articles (two paragraphs each, hashing embedder) whose
stories are three reports each, and ``--verdicts`` verdicts on it (half "different", each taking a
report out of a story, which is rebuilt of the other two; half "same", each joining two random
reports), applied as a page does, with the articles it shows. In one process, alternating ``--rounds``
times: what a page does with the stories it holds when a sidebar filter is set, with no verdict
(``story_store.restrict`` to every article: the baseline), and the verdicts applied (``judgements.apply_verdicts``,
which reads the evidence of every pair a "same" verdict joins and rebuilds each story a verdict
changes); medians and their ratio (the machine is shared and noisy: the baseline runs alongside).
Also the first read of the verdicts file (``read_verdicts``: parse and map files to ids) and a
page run's later reads (its state unchanged: served from memory).

    python -m benchmarks.bench_judgements --articles 100000 --verdicts 1000
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--verdicts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from newslens.compare import judgements, story_store
    from newslens.compare import stories as st
    from newslens.schema import ArticleCol
    from newslens.store import load_snapshot
    from pipeline.judgements import Judgement, save_judgements
    from tests.factories import ArticleSpec, make_snapshot

    random.seed(1)
    n = args.articles - args.articles % 3
    with tempfile.TemporaryDirectory() as tmp:
        data, raw = Path(tmp) / "data", Path(tmp) / "raw"
        raw.mkdir()
        specs = [ArticleSpec(f"a{i:06d}", f"Outlet {i % 50}", [
            f"Report {i} on unit {i % 997} near town {i % 313}: soldiers refused orders.",
            f"Second paragraph {i} about desertion figures {i * 7 % 1000}."],
            published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(n)]
        make_snapshot(data, specs, raw_dir=str(raw))
        snapshot = load_snapshot(data)
        ids = snapshot.articles[ArticleCol.ID].astype(str).tolist()
        files = dict(zip(ids, snapshot.articles[ArticleCol.SOURCE_FILE]))
        # stories: consecutive threes, as the grouping stores them (each with its own two links)
        template = st.rebuilt_stories(snapshot, [(ids[:2], [], [], "")])[0]

        def story(k: int) -> st.Story:
            members = ids[3 * k:3 * k + 3]
            links = [st.StoryLink(members[0], m, 1, 2, 1, 2, 0.9, 0, None, None, linked=True, confidence=1.0)
                     for m in members[1:]]
            return st.Story(f"s{k}", members, template.title, links, members[0], False,
                            {m: float(i) for i, m in enumerate(members)}, confidence=1.0)

        stories = [story(k) for k in range(n // 3)]
        result = st.StoryResult(stories, [], {})
        verdicts = []
        for _ in range(args.verdicts // 2):
            k = random.randrange(n // 3)
            verdicts.append(Judgement.of(files[ids[3 * k]], files[ids[3 * k + 1]], "different"))
        for _ in range(args.verdicts - args.verdicts // 2):
            x, y = random.sample(range(n), 2)
            verdicts.append(Judgement.of(files[ids[x]], files[ids[y]], "same"))
        save_judgements(raw, verdicts)

        t = time.perf_counter()
        found = judgements.read_verdicts(snapshot)
        first_read = time.perf_counter() - t
        t = time.perf_counter()
        judgements.read_verdicts(snapshot)
        later_read = time.perf_counter() - t

        base, applied = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            story_store.restrict(result, snapshot.articles, ids, snapshot.model_name)
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            out = judgements.apply_verdicts(result, snapshot, found, ids)
            applied.append(time.perf_counter() - t)
        members = [a for s in out.stories for a in s.article_ids]
        assert len(members) == len(set(members)), "an article in two stories"
        print(json.dumps({
            "articles": n, "verdicts": len(found.found), "stories": len(stories), "stories_after": len(out.stories),
            "read_verdicts_first_s": round(first_read, 3), "read_verdicts_again_s": round(later_read, 5),
            "apply_s": round(statistics.median(applied), 3), "baseline_s": round(statistics.median(base), 5),
            "apply_over_baseline": round(statistics.median(applied) / max(statistics.median(base), 1e-9), 1),
        }, indent=2))


if __name__ == "__main__":
    main()
