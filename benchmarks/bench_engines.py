"""Local build vs ``--engine ray`` on one seeded synthetic corpus, and whether the local build uses
both cores, side by side in ONE process.

  (a) local build, torch with its default threads (``torch.get_num_threads()``);
  (b) local build with torch held to one thread: what the second core gives the local build;
  (c) Ray build: a local Ray cluster (2 CPUs, 500 MB object store) started, used and shut down,
      so (c) includes Ray's start and stop, which a user pays on every ``--engine ray`` build.

Every build is cold (fresh data folder: no caches) and runs as a whole command in a fresh Python
(imports and model load included, as a user pays them). Each prints its stage times (read, split, embed, write) and the load average before it, because the machine is
shared: compare ratios within one run. The Ray build's snapshot is checked against the local one
(same paragraph ids, largest vector difference).

    python -m benchmarks.bench_engines                  # 200 articles
    python -m benchmarks.bench_engines --articles 50 --repeats 1
    python -m benchmarks.bench_engines --threads 800 --repeats 4   # embedding only: 2 torch threads vs 1
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.bench_build import StageClock  # noqa: E402
from benchmarks.synthetic import write_synthetic_corpus  # noqa: E402
from newslens.embedder import DEFAULT_MODEL  # noqa: E402
from newslens.schema import ParagraphCol  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f}/{five:.1f}/{fifteen:.1f}"


def run_one(kind: str, raw: Path, data: Path, model: str) -> dict:
    """One cold build of ``kind`` (local, local-1thread, ray) in this process; seconds and stages."""
    from pipeline.engines import passive_thread_wait

    passive_thread_wait()               # as `python -m pipeline build` does, before torch loads
    import torch

    from pipeline.build import build_snapshot

    if kind == "local-1thread":
        torch.set_num_threads(1)
    clock = StageClock()
    start = time.perf_counter()
    if kind == "ray":
        from pipeline.ray_engine import RayEngine

        engine = RayEngine()
        started = time.perf_counter() - start
        try:
            report = build_snapshot(raw, data, model, progress=clock, engine=engine)
        finally:
            closing = time.perf_counter()
            engine.close()
            stopped = time.perf_counter() - closing
    else:
        started = stopped = 0.0
        report = build_snapshot(raw, data, model, progress=clock)
    seconds = time.perf_counter() - start
    stages = clock.finish()
    if kind == "ray":
        stages = {"ray start": started, **stages, "ray stop": stopped}
    return {"kind": kind, "build_seconds": seconds, "stages": stages, "counts": report.counts,
            "setup": report.setup.label, "threads": "1 per actor" if kind == "ray" else torch.get_num_threads()}


def run(kind: str, raw: Path, data: Path, model: str) -> dict:
    """``run_one`` as a whole command in a fresh Python (imports, model load, Ray's start and stop
    included, as a user pays them), with the load average just before it."""
    shutil.rmtree(data, ignore_errors=True)
    load = load_text()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_engines", "--one", kind, "--raw", str(raw),
                           "--data", str(data), "--model", model], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {**out, "seconds": seconds, "load": load}


def thread_pairs(raw: Path, model: str, texts: int, repeats: int) -> None:
    """Embedding alone, torch on 2 threads vs 1, alternated on the same chunks in one process: does
    the second core pay on this machine as loaded as it is now?"""
    import torch

    from newslens.embedder import load_embedder
    from pipeline.embed import encode_chunk
    from pipeline.ingest import ingest_corpus

    docs = ingest_corpus(raw).documents
    sample = [p.strip() for d in docs for p in d.text.split("\n\n") if len(p.strip()) > 40][:texts]
    embedder = load_embedder(model)
    encode_chunk(embedder, sample[:64])                     # warm: kernels and threads ready
    default = torch.get_num_threads()
    times: dict[int, list[float]] = {default: [], 1: []}
    for r in range(repeats):
        for threads in ((default, 1) if r % 2 == 0 else (1, default)):
            torch.set_num_threads(threads)
            load = load_text()
            start = time.perf_counter()
            encode_chunk(embedder, sample)
            times[threads].append(time.perf_counter() - start)
            print(f"[{r}] {threads} thread(s): {times[threads][-1]:.1f}s (load {load})", file=sys.stderr)
    torch.set_num_threads(default)
    best = {k: min(v) for k, v in times.items()}
    print(f"\nEmbedding {len(sample)} texts, best of {repeats}: {default} threads {best[default]:.1f}s, "
          f"1 thread {best[1]:.1f}s; {default} threads run at {best[1] / best[default]:.2f}x the speed of one "
          f"(load {load_text()} after)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="NewsLens: local vs Ray build")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20240318)
    parser.add_argument("--threads", type=int, default=0, metavar="TEXTS",
                        help="only compare torch on 2 threads vs 1 on this many texts (no builds)")
    parser.add_argument("--one", choices=("local", "local-1thread", "ray"), help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:                      # the child: one build, its figures as one JSON line
        print(json.dumps(run_one(args.one, args.raw, args.data, args.model)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="newslens-bench-engines-"))
    try:
        raw = work / "raw"
        write_synthetic_corpus(raw, args.articles, seed=args.seed)
        if args.threads:
            thread_pairs(raw, args.model, args.threads, max(2, args.repeats))
            return 0
        kinds = ["local", "local-1thread", "ray"]
        results: dict[str, list[dict]] = {k: [] for k in kinds}
        for r in range(args.repeats):
            for kind in (kinds if r % 2 == 0 else kinds[::-1]):   # alternate: load drift favours neither
                out = run(kind, raw, work / f"data-{kind}", args.model)
                results[kind].append(out)
                stages = ", ".join(f"{k} {v:.1f}" for k, v in out["stages"].items())
                print(f"[{r}] {kind}: {out['seconds']:.1f}s command, {out['build_seconds']:.1f}s build "
                      f"(load {out['load']}) {stages}", file=sys.stderr)

        local, ray = load_snapshot(work / "data-local"), load_snapshot(work / "data-ray")
        same_ids = local.paragraphs[ParagraphCol.ID].tolist() == ray.paragraphs[ParagraphCol.ID].tolist()
        max_diff = float(np.abs(local.embeddings - ray.embeddings).max()) if same_ids else float("nan")

        best = {k: min(v, key=lambda o: o["seconds"]) for k, v in results.items()}
        counts = best["local"]["counts"]
        setup = best["local"]["setup"]
        print(f"\n### Local vs Ray build: {counts['articles']} articles, {counts['paragraphs']} paragraphs "
              f"({counts['embedded']} texts embedded), {args.model} {setup}, {os.cpu_count()} CPUs, "
              f"best of {args.repeats}\n")
        names = sorted({s for o in best.values() for s in o["stages"]},
                       key=["ray start", "ingest", "split", "embed", "write", "ray stop"].index)
        print("| build | torch threads | command s | vs local | build s | " + " | ".join(names)
              + " | load avg (1/5/15 min) |")
        print("| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in names) + " | --- |")
        base = best["local"]["seconds"]
        for kind in kinds:
            o = best[kind]
            cells = " | ".join(f"{o['stages'].get(n, 0.0):.1f}" for n in names)
            print(f"| {kind} | {o['threads']} | {o['seconds']:.1f} | {o['seconds'] / base:.2f}x | "
                  f"{o['build_seconds']:.1f} | {cells} | {o['load']} |")
        print(f"\nRay snapshot vs local: same paragraph ids {same_ids}, largest vector difference {max_diff:.2e}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
