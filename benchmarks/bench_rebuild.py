"""A cold build vs a no-change rebuild, both run as whole commands (``python -m pipeline build``).

Whole commands include the interpreter start, imports and, for a cold build, loading the model:
the figure a user waits for. The rebuild's model is lazy (newslens.embedder.LazyEmbedder), so a
rebuild whose paragraphs are all in the cache never loads the weights; the JSON summary says
whether it did. Cold builds and rebuilds alternate, each in a fresh output folder per cold build.

    python -m benchmarks.bench_rebuild --articles 100 --repeats 2
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_synthetic_corpus  # noqa: E402


def run(raw: Path, out: Path, extra: list[str]) -> tuple[float, dict]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out),
                           "--quiet", "--json", *extra], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--precision", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        raw = Path(tmp) / "raw"
        write_synthetic_corpus(raw, args.articles)
        cold, warm = [], []
        for i in range(args.repeats):
            out = Path(tmp) / f"out{i}"
            seconds, summary = run(raw, out, ["--precision", args.precision])
            cold.append(seconds)
            seconds, again = run(raw, out, ["--precision", args.precision])
            warm.append(seconds)
            assert again["counts"]["embedded"] == 0, again["counts"]
        print(f"{args.articles} synthetic articles, {summary['counts']['paragraphs']:,} paragraphs, "
              f"{summary['backend']} {summary['precision']}; machine shared (load {os.getloadavg()[0]:.1f})\n")
        print(f"| command | seconds (best of {args.repeats}) |")
        print("| --- | ---: |")
        print(f"| cold build | {min(cold):.1f} |")
        print(f"| no-change rebuild | {min(warm):.1f} |")
        print(f"| rebuild / cold build | {min(warm) / min(cold):.1%} |")


if __name__ == "__main__":
    main()
