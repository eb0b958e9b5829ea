"""Each page's warm render time at 10k, 100k and 1M paragraphs, and what building the snapshot costs.

For each size a child process builds a synthetic snapshot with the pipeline's own steps after
embedding (the corpus map and default clusters, story grouping, lens scores, the ANN index from 50k
searchable paragraphs, the lexical index, the atomic write) and reports each step's time and its
peak memory; embedding itself
is measured by bench_embed/bench_build and is left out (a million paragraphs take hours here).
Another child process then renders every page under ``streamlit.testing.v1.AppTest`` (the real
app: entrypoint, sidebar, navigation, page script, widgets, figures serialised to protobuf):
one cold run, then ``--repeats`` warm reruns of the same page in the same process (Streamlit's
caches filled, as when a user reruns or comes back to a page); the median warm run is reported.

Corpus: N/P articles of P paragraphs (``--per-article P``, default 10; about 25 words each: numbers, names, units); a third of
the articles are re-reports, in groups of three, of one event (close vectors, the event's rare
number and place, dates within two days), so story grouping has real work. Vectors are clustered
unit vectors of all-MiniLM-L6-v2's size under the model name "hashing-384", so search embeds its
query offline with the hashing embedder (search timings exclude the real model; see bench_search).

Story grouping keeps every article's evidence in memory (about 1.8 GB at 10k articles); above
``--group-up-to`` paragraphs the stories table is made from the generator's known events instead
(same shape and count, links without evidence) and the output says so: pages then read a stories
table of realistic size, but the grouping's own time and memory at that size are not measured.

    python -m benchmarks.bench_pages --sizes 10000 100000 1000000
    python -m benchmarks.bench_pages --sizes 1000000 --keep /work/scratch/bench-1m   # build once, reuse

``--keep DIR`` keeps each size's snapshot in ``DIR/<size>`` (``DIR/<size>-per<P>`` for another
``--per-article``) and reuses it when one is there (a 1M snapshot takes about a quarter of an hour
to build here), so page fixes can be re-measured alone.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

DIM = 384
PER_ARTICLE = 10
PLACES = ["Pokrovsk", "Bakhmut", "Avdiivka", "Kupiansk", "Toretsk", "Vuhledar", "Robotyne", "Chasiv Yar"]
PAGES = {  # page -> query parameters (a typical view of it)
    "timeline": {},
    "search": {"q": "commander ordered soldiers to shoot deserters"},
    "topics": {},
    "compare": {},
    "articles": {},   # the reader: filled in with a re-reported article
}


def corpus(n_paragraphs: int, seed: int = 11, per_article: int = PER_ARTICLE,
           ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """Articles, paragraphs, clustered unit vectors (see the module doc) and each article's event
    (-1: none); ``per_article`` sets how many articles a paragraph count makes (pages that scale
    with articles, such as the timeline, are measured at 100k articles with the default)."""
    from tests.factories import ArticleSpec, article_frames

    rng = np.random.default_rng(seed)
    n_articles = max(3, n_paragraphs // per_article)
    outlets = [f"Outlet {i:02d}" for i in range(60)]
    days = pd.date_range("2022-02-24", "2025-10-31", freq="D")
    event_of = np.full(n_articles, -1)
    n_events = n_articles // 9                       # a third of the articles, three per event
    event_of[:3 * n_events] = np.repeat(np.arange(n_events), 3)
    rng.shuffle(event_of)
    event_day = rng.integers(len(days), size=max(n_events, 1))
    specs = []
    for i in range(n_articles):
        ev = event_of[i]
        day = days[min(len(days) - 1, event_day[ev] + rng.integers(3))] if ev >= 0 else days[rng.integers(len(days))]
        kind = rng.random()
        published = None if kind < 0.03 else f"{day:%Y-%m}" if kind < 0.15 else f"{day:%Y-%m-%d}"
        unit = 1000 + (ev if ev >= 0 else n_events + i)
        place = PLACES[(ev if ev >= 0 else i) % len(PLACES)]
        texts = [f"Soldiers of unit {unit} near {place} said in an intercepted call that the commander ordered them "
                 f"to advance without support; paragraph {j} of report {i}, detail {rng.integers(1_000_000)}."
                 for j in range(per_article)]
        specs.append(ArticleSpec(f"art{i:06d}", outlets[rng.integers(len(outlets))], texts, published=published,
                                 original_source=["HUR", "SBU", None][rng.integers(3)],
                                 title=f"Report {i}: unit {unit} near {place}"))
    articles, paragraphs = article_frames(specs)
    centres = rng.standard_normal((max(n_events, 1) + n_articles, DIM), dtype=np.float32)
    article_index = paragraphs["article_id"].str.slice(3).astype(int).to_numpy()
    centre = np.where(event_of[article_index] >= 0, event_of[article_index], max(n_events, 1) + article_index)
    vectors = np.empty((len(paragraphs), DIM), dtype=np.float32)
    for start in range(0, len(vectors), 100_000):          # in blocks: no second full-size temporary
        block = slice(start, start + 100_000)
        vectors[block] = centres[centre[block]] + 0.35 * rng.standard_normal((len(centre[block]), DIM), dtype=np.float32)
        vectors[block] /= np.linalg.norm(vectors[block], axis=1, keepdims=True)
    return articles, paragraphs, vectors, event_of


def stories_from_events(articles: pd.DataFrame, event_of: np.ndarray):
    """A stories result shaped like the grouping's, made from the generator's known events, for
    sizes where grouping does not fit this machine (see --group-up-to): each event's articles,
    ordered and explained by the stories module, linked pairwise with empty evidence."""
    from newslens.compare import evidence as evi
    from newslens.compare import stories as st
    from newslens.schema import ArticleCol

    members: dict[int, list[int]] = {}
    for i, ev in enumerate(event_of):
        if ev >= 0:
            members.setdefault(int(ev), []).append(i)
    rows = articles.to_dict("records")
    result = []
    for group in members.values():
        facts = [evi.ArticleFacts(rows[i][ArticleCol.ID], np.zeros(0, dtype=int), pd.Timestamp(rows[i][ArticleCol.DATE_START]),
                                  pd.Timestamp(rows[i][ArticleCol.DATE_END]), True, rows[i][ArticleCol.ORIGINAL_SOURCE],
                                  rows[i][ArticleCol.TITLE], "en") for i in group]
        links = [st.StoryLink(x.id, y.id, 10, 10, 10, 10, 0.9, 1, 0.0, None, evi.Evidence(meaning=0.5, specifics=0.5),
                              linked=True, confidence=0.8) for n, x in enumerate(facts) for y in facts[n + 1:]]
        result.append(st._story(facts, links, by_hand=False))
    result.sort(key=lambda s: (-len(s.article_ids), s.article_ids[0]))
    return st.StoryResult(result, [], {}, [])


def generate(data_dir: Path, n_paragraphs: int, group_up_to: int, per_article: int = PER_ARTICLE) -> dict:
    """Build and publish the snapshot with the pipeline's steps after embedding; time each."""
    from newslens.schema import ArticleCol, ManifestKey, ParagraphCol, SnapshotFile
    from newslens import config, vectors as vec
    from newslens.embedder import HashingEmbedder
    from newslens.store import as_read
    from newslens.topics.lenses import load_lenses
    from pipeline.build import build_map_table
    from pipeline.embed import EmbeddingCache
    from pipeline.index import build_ann_index
    from pipeline.lens_scores import build_lens_scores
    from pipeline.lexical_index import WordIndex
    from pipeline.snapshot import write_snapshot
    from pipeline.stories import build_stories
    from tests.factories import sha

    times: dict[str, float] = {}
    started = time.perf_counter()
    articles, paragraphs, vectors, event_of = corpus(n_paragraphs, per_article=per_article)
    times["synthetic corpus"] = time.perf_counter() - started
    articles = articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True)
    paragraphs = paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True)
    manifest = {
        ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "bench", ManifestKey.MODEL_NAME: f"hashing-{DIM}",
        ManifestKey.MODEL_DIM: DIM, ManifestKey.CORPUS_HASH: sha("".join(articles[ArticleCol.CONTENT_HASH])),
        ManifestKey.COUNTS: {"articles": len(articles), "paragraphs": len(paragraphs)},
        ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [], ManifestKey.RAW_DIR: "synthetic",
        ManifestKey.EMBED_BACKEND: "numpy", ManifestKey.EMBED_PRECISION: "fp32",
    }
    step = time.perf_counter()
    extra = {SnapshotFile.MAP: build_map_table(paragraphs, vectors)}
    times["corpus map + default clusters"] = time.perf_counter() - step
    step = time.perf_counter()
    grouped = n_paragraphs <= group_up_to
    words = WordIndex(data_dir, paragraphs)
    if grouped:
        extra[SnapshotFile.STORIES], manifest[ManifestKey.STORIES] = build_stories(
            data_dir, articles, paragraphs, vectors, manifest, "bench", word_index=words.searched)
    else:
        from newslens.compare import story_store

        result = stories_from_events(articles, event_of)
        extra[SnapshotFile.STORIES] = story_store.stories_table(result)
        manifest[ManifestKey.STORIES] = story_store.manifest_info(result, manifest[ManifestKey.MODEL_NAME], 0.0)
    times["story grouping" if grouped else "stories from the known events (not grouped)"] = time.perf_counter() - step
    step = time.perf_counter()
    tables, manifest[ManifestKey.LENS_SCORES] = build_lens_scores(
        data_dir, paragraphs, as_read(vec.storage_vectors(vectors)), load_lenses(config.lenses_file()),
        HashingEmbedder(DIM), EmbeddingCache.in_memory(f"hashing-{DIM}", DIM), "bench")
    extra.update(tables)
    times["lens scores"] = time.perf_counter() - step
    step = time.perf_counter()
    files = {}
    built = build_ann_index(data_dir, paragraphs, vectors, "bench")
    if built is not None:
        files[SnapshotFile.ANN], manifest[ManifestKey.ANN_INDEX] = built
    times["ANN index"] = time.perf_counter() - step
    step = time.perf_counter()
    lexical_files, manifest[ManifestKey.LEXICAL_INDEX] = words.writers()
    files.update(lexical_files)
    times["lexical index"] = time.perf_counter() - step
    step = time.perf_counter()
    write_snapshot(data_dir, articles, paragraphs, vectors, manifest, extra, files or None)
    times["write"] = time.perf_counter() - step
    return {"times": times, "stories": manifest[ManifestKey.STORIES]["count"],
            "articles": len(articles), "paragraphs": len(paragraphs),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def render_pages(data_dir: Path, repeats: int, pages: list[str]) -> dict:
    """Cold and warm AppTest runs of ``pages`` on the snapshot in ``data_dir``."""
    from newslens.store import load_snapshot
    from newslens.ui import navigation
    from tests.apptest_utils import run_app

    snapshot = load_snapshot(data_dir)
    member = json.loads(snapshot.stories["article_ids"].iloc[0])[0] if len(snapshot.stories) else \
        snapshot.articles["article_id"].iloc[0]
    del snapshot
    results = {}
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    for page, params in PAGES.items():
        if page not in pages:
            continue
        params = {navigation.QP_ARTICLE: member} if page == "articles" else params
        started = time.perf_counter()
        at = run_app(data_dir, page=page, query_params=params, env=env, timeout=1800)
        cold = time.perf_counter() - started
        problems = [str(e.value)[:200] for e in at.exception]
        warm = []
        for _ in range(repeats):
            started = time.perf_counter()
            at.run(timeout=1800)
            warm.append(time.perf_counter() - started)
            problems += [str(e.value)[:200] for e in at.exception]
        results[page] = {"cold": cold, "warm": statistics.median(warm), "warm_all": warm,
                         "errors": sorted(set(problems))}
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_pages", *args], capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES),
                        help="pages to render")
    parser.add_argument("--group-up-to", type=int, default=100_000,
                        help="largest size whose stories are grouped for real (above: from the known events)")
    parser.add_argument("--per-article", type=int, default=PER_ARTICLE,
                        help="paragraphs per article: sets the article count of each size (default %(default)s)")
    parser.add_argument("--keep", type=Path, help="keep each size's snapshot in KEEP/<size> and reuse it if there")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--render", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        print(json.dumps(generate(args.generate, args.sizes[0], args.group_up_to, args.per_article)))
        return 0
    if args.render:
        print(json.dumps(render_pages(args.render, args.repeats, args.pages)))
        return 0

    rows = []
    for size in args.sizes:
        with contextlib.ExitStack() as stack:
            if args.keep:
                name = str(size) if args.per_article == PER_ARTICLE else f"{size}-per{args.per_article}"
                tmp = str(args.keep / name)
            else:
                tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-pages-"))
            load_before = os.getloadavg()[0]
            kept = Path(f"{tmp}.json")   # beside the data folder, not in it
            if kept.exists():
                built = json.loads(kept.read_text())
            else:
                Path(tmp).mkdir(parents=True, exist_ok=True)
                built = _child(["--generate", tmp, "--sizes", str(size), "--group-up-to", str(args.group_up_to),
                                "--per-article", str(args.per_article)])
                if args.keep:
                    kept.write_text(json.dumps(built))
            pages = _child(["--render", tmp, "--repeats", str(args.repeats), "--pages", *args.pages])
            rows.append((size, built, pages, (load_before, os.getloadavg()[0])))
            print(json.dumps({"size": size, "built": built, "pages": pages}), file=sys.stderr)

    print("| paragraphs (articles) | " + " | ".join(f"{p} warm / cold s" for p in PAGES) + " | app peak MB | load |")
    print("| ---: | " + " | ".join("---:" for _ in PAGES) + " | ---: | --- |")
    for _size, built, pages, load in rows:
        cells = [f"{pages[p]['warm']:.2f} / {pages[p]['cold']:.1f}" + (" (error)" if pages[p]["errors"] else "")
                 if p in pages else "-" for p in PAGES]
        print(f"| {built['paragraphs']:,} ({built['articles']:,}) | " + " | ".join(cells)
              + f" | {pages['peak_rss_mb']:,.0f} | {load[0]:.1f}-{load[1]:.1f} |")
    print("\n| paragraphs | snapshot steps | stories | build peak MB |")
    print("| ---: | --- | ---: | ---: |")
    for _size, built, _, _ in rows:
        print(f"| {built['paragraphs']:,} | " + "; ".join(f"{k} {t:.1f} s" for k, t in built["times"].items())
              + f" | {built['stories']:,} | {built['peak_rss_mb']:,.0f} |")
    for size, _, pages, _ in rows:
        for page in PAGES:
            if page in pages and pages[page]["errors"]:
                print(f"{size:,} {page}: {pages[page]['errors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
