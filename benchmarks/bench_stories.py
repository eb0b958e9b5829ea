"""Story grouping alone at scale: time, peak memory and a digest of the result, per corpus size.

The corpus is bench_pages' synthetic one (a third of the articles re-reported in groups of three:
close vectors, the event's rare number and place, dates within two days), with
``--paragraphs-per-article`` paragraphs each (25 by default: 40k articles are 1M paragraphs). Each
size runs in a fresh child process: the corpus is built, the peak resident memory is reset
(``/proc/self/clear_refs``), then the pipeline's story step (``pipeline.stories.build_stories``,
nothing reused) runs and its time, the peak RSS during it and the RSS before it are reported,
with the time of each phase of the grouping. The digest covers every story's members, links
(evidence included) and related stories, so two runs (before and after a change) can be checked
to give the same result.

    python -m benchmarks.bench_stories --articles 2500 10000 40000
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(module, name: str, times: dict[str, float], peaks: dict[str, float]) -> None:
    """Wrap ``module.name`` so the seconds spent in it add up in ``times[name]`` and the process's
    peak RSS when it returns is in ``peaks[name]`` (where the peak rose)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - started
            peaks[name] = round(_rss_mb("VmHWM"))

    setattr(module, name, wrapper)


def run_one(n_articles: int, per_article: int) -> dict:
    """The story step on a fresh synthetic corpus of ``n_articles`` articles (in this process)."""
    from benchmarks import bench_pages
    from newslens.compare import stories as st
    from newslens.schema import ArticleCol, ManifestKey, ParagraphCol
    from pipeline.lexical_index import WordIndex
    from pipeline.stories import build_stories

    bench_pages.PER_ARTICLE = per_article
    started = time.perf_counter()
    articles, paragraphs, vectors, _ = bench_pages.corpus(n_articles * per_article)
    articles = articles.loc[:, list(ArticleCol.ALL)].reset_index(drop=True)
    paragraphs = paragraphs.loc[:, list(ParagraphCol.ALL)].reset_index(drop=True)
    corpus_s = time.perf_counter() - started
    manifest = {ManifestKey.MODEL_NAME: f"hashing-{bench_pages.DIM}", ManifestKey.MODEL_DIM: bench_pages.DIM}
    from newslens.compare import evidence as evi

    phases: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for name in ("_facts", "_context", "_candidate_pairs", "_grow", "_attach_related"):
        _timed(st, name, phases, peaks)
    inner: dict[str, float] = {}             # inside _context, not added to the phases
    for name in ("prepare", "word_vectors", "specific_weights", "passage_rarity"):
        _timed(evi, name, inner, peaks)
    before = _rss_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")          # VmHWM := VmRSS
    load = os.getloadavg()
    cpu = os.times()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        table, info = build_stories(Path(tmp), articles, paragraphs, vectors, manifest, "bench",
                                    word_index=WordIndex(Path(tmp), paragraphs).searched)
    seconds = time.perf_counter() - started
    cpu_seconds = sum(os.times()[:2]) - sum(cpu[:2])     # this process's CPU time: steadier under load
    peak = _rss_mb("VmHWM")
    digest = hashlib.sha256("\n".join(table["record"]).encode("utf-8")).hexdigest()[:16]
    members = hashlib.sha256("\n".join(table["article_ids"]).encode("utf-8")).hexdigest()[:16]
    phases["links (evidence per candidate pair)"] = seconds - sum(phases.values())
    return {"articles": len(articles), "paragraphs": len(paragraphs), "stories": int(info["count"]),
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu_seconds, 1), "rss_before_mb": round(before), "peak_rss_mb": round(peak),
            "corpus_seconds": round(corpus_s, 1), "phases": {k: round(v, 1) for k, v in phases.items()},
            "inside_context": {k: round(v, 1) for k, v in inner.items()}, "peak_rss_after_mb": peaks,
            "load_before": [round(x, 1) for x in load], "load_after": [round(x, 1) for x in os.getloadavg()],
            "members_digest": members, "records_digest": digest}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--paragraphs-per-article", type=int, default=25)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.articles[0], args.paragraphs_per_article)))
        return 0
    rows = []
    for n in args.articles:
        out = subprocess.run([sys.executable, "-m", "benchmarks.bench_stories", "--child", "--articles", str(n),
                              "--paragraphs-per-article", str(args.paragraphs_per_article)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    print("| articles | paragraphs | stories | story step s (CPU s) | RSS before | peak RSS in the step | load (1 min) "
          "before / after | phases s | digest |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for r in rows:
        phases = ", ".join(f"{k.strip('_')} {v}" for k, v in r["phases"].items())
        print(f"| {r['articles']:,} | {r['paragraphs']:,} | {r['stories']:,} | {r['seconds']} ({r['cpu_seconds']}) | "
              f"{r['rss_before_mb']:,} MB | {r['peak_rss_mb']:,} MB | {r['load_before'][0]} / {r['load_after'][0]} | "
              f"{phases} | {r['records_digest']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
