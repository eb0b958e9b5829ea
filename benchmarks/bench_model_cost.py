"""What the multilingual model costs at build time, against the default English model.

Builds the same raw folder (default: the bundled sample, data/raw) with a cold embedding cache,
once per model per repeat, in ONE process (so both see the same machine load), alternating the
order each repeat; the fastest build of each model counts. Model loading is timed apart: the app
and the CLI load a model once per process. Prints the load average before and after, as the
machine is shared.

    python -m benchmarks.bench_model_cost [--raw DIR] [--repeats 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL, load_embedder  # noqa: E402
from pipeline.build import build_snapshot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw", help="raw folder (default: the sample)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    models = {}
    for name in (DEFAULT_MODEL, MULTILINGUAL_MODEL):
        seconds, models[name] = timed(lambda name=name: load_embedder(name))
        models[name].encode(["warm up"])
        print(f"load {name} ({models[name].setup.label}): {seconds:.1f} s")
    best: dict[str, float] = {}
    paragraphs = {}
    with tempfile.TemporaryDirectory(prefix="bench-model-cost-") as tmp:
        for repeat in range(args.repeats):
            order = list(models) if repeat % 2 == 0 else list(reversed(models))
            for name in order:
                out = Path(tmp) / f"{repeat}-{name}"
                seconds, report = timed(lambda name=name, out=out: build_snapshot(
                    args.raw, out, name, embedder=models[name]))
                paragraphs[name] = report.counts["embedded"]
                best[name] = min(best.get(name, float("inf")), seconds)
                shutil.rmtree(out)
    for name in models:
        print(f"build {name}: {best[name]:.2f} s for {paragraphs[name]} paragraphs "
              f"({1000 * best[name] / max(1, paragraphs[name]):.0f} ms a paragraph, fastest of {args.repeats})")
    print(f"ratio {MULTILINGUAL_MODEL} / {DEFAULT_MODEL}: {best[MULTILINGUAL_MODEL] / best[DEFAULT_MODEL]:.1f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
