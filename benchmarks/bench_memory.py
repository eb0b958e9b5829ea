"""Peak memory of the build's write stage and of the app serving a large snapshot, each in its own
process (each step's peak is the high-water mark since the step before: VmHWM, reset between steps).

- build: a seeded synthetic corpus (texts from benchmarks.synthetic, 25 paragraphs per article,
  random unit vectors of the default model's size: what the embedding step hands on) goes through
  the pipeline's own last stages: ANN index (pipeline.index), lexical index
  (pipeline.lexical_index), write and publish (pipeline.snapshot, float16 vectors). Ingest,
  cleaning and embedding are not in it (embedding 1M paragraphs takes hours here).
- app: a fresh process does what the app does for a first search: load the snapshot, build the
  search index (memory-mapping the stored lexical and ANN indexes), load the query model, run a
  hybrid and a lexical search with an outlet filter, and make the search page's data (the hits'
  export frame). Resident memory (VmRSS) and its peak during each step; then warm query times.

    python -m benchmarks.bench_memory --sizes 250000 500000
    python -m benchmarks.bench_memory --sizes 1000000 --no-model
    python -m benchmarks.bench_memory --sizes 250000 --words-first   # the order when grouping needs word rarity
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_QUERIES = ["soldiers refused to advance", "commander threatened to shoot anyone who retreated",
                "1428th regiment", "Pokrovsk", "intercepted call HUR", "video appeal pay",
                "deserters detained sent back to the front", "morale gone", "Kupiansk 155th brigade",
                "relatives wrote to the governor"]


def reset_peak() -> None:
    """Start a new high-water mark (Linux >= 4.0: writing 5 to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


def rss_mb() -> tuple[float, float]:
    """(current resident MB, peak resident MB since the last ``reset_peak``) of this process."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) / 1e3
    return values["VmRSS"], values["VmHWM"]


def step(steps: dict, name: str) -> None:
    """Record the resident memory now and the peak during the step that just ended; start the next."""
    steps[name] = rss_mb()
    reset_peak()


def build_phase(n: int, data: Path, words_first: bool = False) -> dict:
    """``words_first``: the word index is made before the ANN step and held through it, as a build
    does when story grouping needs its word rarity (a translation pair in the band), instead of after."""
    import numpy as np

    from benchmarks.bench_search import synthetic_snapshot
    from benchmarks.synthetic import synthetic_paragraphs
    from newslens.schema import ManifestKey
    from pipeline.index import build_ann_index
    from pipeline.lexical_index import WordIndex
    from pipeline.snapshot import write_snapshot

    steps: dict = {}
    step(steps, "start")
    started = time.perf_counter()
    snap = synthetic_snapshot(n, texts=synthetic_paragraphs(n))
    step(steps, "corpus in memory (frames + float32 vectors)")
    words = WordIndex(data, snap.paragraphs)
    lexical_s = 0.0
    if words_first:
        t = time.perf_counter()
        words.searched()
        lexical_s = time.perf_counter() - t
        step(steps, "word index built (for grouping)")
    t = time.perf_counter()
    ann = build_ann_index(data, snap.paragraphs, snap.embeddings, "bench")
    ann_s = time.perf_counter() - t
    step(steps, "ANN index built" + (", word index held" if words_first else ""))
    t = time.perf_counter()
    lexical_files, lexical_info = words.writers()
    lexical_s += time.perf_counter() - t
    step(steps, "lexical files ready" if words_first else "lexical index built")
    manifest = {**snap.manifest, ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "bench",
                ManifestKey.CORPUS_HASH: "0" * 64, ManifestKey.COUNTS: {}, ManifestKey.QUARANTINED: [],
                ManifestKey.DUPLICATES: [], ManifestKey.LEXICAL_INDEX: lexical_info}
    files = dict(lexical_files)
    if ann is not None:
        files["ann.faiss"], manifest[ManifestKey.ANN_INDEX] = ann
    t = time.perf_counter()
    path = write_snapshot(data, snap.articles, snap.paragraphs, snap.embeddings, manifest, None, files)
    write_s = time.perf_counter() - t
    step(steps, "snapshot written")
    sizes = {f.name: round(f.stat().st_size / 1e6, 1) for f in path.iterdir()}
    return {"steps": steps, "seconds": {"total": time.perf_counter() - started, "ann": ann_s,
                                        "lexical": lexical_s, "write": write_s},
            "files_mb": sizes, "dtype": str(np.load(path / "embeddings.npy", mmap_mode="r").dtype)}


def app_phase(data: Path, with_model: bool) -> dict:
    import numpy as np

    from newslens.filters import Filters, paragraph_mask
    from newslens.search.engine import HYBRID, LEXICAL, SEMANTIC, build_index, search
    from newslens.store import load_snapshot

    steps: dict = {}
    step(steps, "start")
    seconds = {}
    t = time.perf_counter()
    snap = load_snapshot(data)
    seconds["load_snapshot"] = time.perf_counter() - t
    step(steps, "snapshot loaded")
    t = time.perf_counter()
    index = build_index(snap)
    seconds["build_index"] = time.perf_counter() - t
    step(steps, "search index ready")
    embedder = None
    if with_model:
        from newslens.embedder import load_embedder

        t = time.perf_counter()
        embedder = load_embedder(snap.model_name)
        embedder.encode(["warm"])
        seconds["model"] = time.perf_counter() - t
        step(steps, "query model loaded")
    outlet = str(snap.articles["outlet"].iloc[0])
    mask = paragraph_mask(snap.paragraphs, snap.articles, Filters(outlets=(outlet,)))
    query = "commander threatened to shoot anyone who retreated"
    t = time.perf_counter()
    if embedder is not None:
        hits = search(index, query, embedder=embedder, mode=HYBRID, k=10).hits
    else:   # no model: a stored paragraph's vector stands for the query's
        from newslens.search.engine import collect_hits, parse_query, rank

        vector = np.asarray(snap.embeddings[int(index.rows[0])], dtype=np.float32)
        parsed = parse_query(query)
        hits = collect_hits(index, rank(index, parsed, vector, SEMANTIC), parsed, 10)
    seconds["first semantic/hybrid search"] = time.perf_counter() - t
    t = time.perf_counter()
    filtered = search(index, "Pokrovsk deserters", mode=LEXICAL, k=10, row_mask=mask)
    seconds["lexical search, one outlet"] = time.perf_counter() - t
    frame = filtered.frame()
    step(steps, "searched, page data made")
    warm = {}
    for mode in ((HYBRID,) if embedder is not None else ()) + (LEXICAL,):
        times = []
        for words in WARM_QUERIES:
            t = time.perf_counter()
            search(index, words, embedder=embedder, mode=mode, k=10)
            times.append((time.perf_counter() - t) * 1000)
        warm[f"{mode} p50 ms (warm, {len(times)} queries)"] = statistics.median(times)
    seconds.update(warm)
    return {"steps": steps, "seconds": seconds, "hits": [len(hits), len(frame)],
            "dtype": str(snap.embeddings.dtype), "ann": index.ann is not None,
            "lexical_stored": isinstance(index.lexical.idf, np.memmap)}


def run_child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_memory", *args], cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000])
    parser.add_argument("--no-model", action="store_true", help="no query model in the app process")
    parser.add_argument("--words-first", action="store_true",
                        help="build the word index before the ANN step, as grouping does when it needs it")
    parser.add_argument("--child", choices=["build", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if args.child == "build":
        print(json.dumps(build_phase(args.n, args.data, args.words_first)))
        return 0
    if args.child == "app":
        print(json.dumps(app_phase(args.data, not args.no_model)))
        return 0
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
            load = os.getloadavg()[0]
            build = run_child(["--child", "build", "--n", str(n), "--data", tmp]
                              + (["--words-first"] if args.words_first else []))
            app = run_child(["--child", "app", "--data", tmp] + (["--no-model"] if args.no_model else []))
            print(f"\n### {n:,} paragraphs (load average {load:.1f} -> {os.getloadavg()[0]:.1f}, 2 cores)\n")
            print(f"stored vectors: {build['dtype']}; files (MB): {build['files_mb']}")
            print(f"build seconds: {', '.join(f'{k} {v:.1f}' for k, v in build['seconds'].items())}")
            print(f"app: {', '.join(f'{k} {v:.2f}' for k, v in app['seconds'].items())}; "
                  f"ANN used: {app['ann']}; lexical index memory-mapped: {app['lexical_stored']}\n")
            print("| process | step | resident MB after | peak MB during the step |")
            print("| --- | --- | ---: | ---: |")
            for name, result in (("build", build), ("app", app)):
                for step, (now, peak) in result["steps"].items():
                    print(f"| {name} | {step} | {now:,.0f} | {peak:,.0f} |")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
