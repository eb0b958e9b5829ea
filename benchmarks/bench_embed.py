"""Embedding setups side by side, in ONE process, interleaved: speed and agreement with torch fp32.

The texts are a seeded "real-text" corpus: every paragraph of the bundled sample articles, and
reworded variants of them (benchmarks/synthetic.py: new numbers, names, places and units,
reordered sentences, one generated sentence added), so the vectors have the neighbourhood
structure of re-reported news, not of random strings. Each setup embeds the same chunks in
alternating order (fp32 first on even chunks, last on odd ones), so load drift on a shared
machine does not favour either; speed is reported as a ratio to torch fp32.

Quality (the bar for a default): mean cosine to torch fp32 >= 0.99 and top-10 neighbour
agreement >= 0.95 (the share of each paragraph's 10 nearest neighbours under fp32 that are also
among its 10 nearest under the setup).

    python -m benchmarks.bench_embed --texts 10000 [--save DIR]   # DIR gets the vectors (.npy)
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks.synthetic import load_seed_texts, vary_paragraph
from newslens.embedder import (
    REFERENCE_SETUP,
    EmbedSetup,
    ModelLoadError,
    cpu_has_bf16,
    load_embedder,
    resolve_setup,
)

CHUNK = 500
MIN_COSINE, MIN_AGREEMENT = 0.99, 0.95      # the quality bar for a setup
MIN_CHARS = 60


def real_text_corpus(n: int, seed: int = 13) -> list[str]:
    """The sample's paragraphs, then seeded rewordings of them, ``n`` texts in all."""
    paragraphs = [line.strip() for text in load_seed_texts() for line in text.splitlines()
                  if len(line.strip()) >= MIN_CHARS]
    rng = random.Random(seed)
    texts = list(dict.fromkeys(paragraphs))[:n]
    while len(texts) < n:
        texts.append(vary_paragraph(rng.choice(paragraphs), rng))
    return texts


def file_texts(path: Path, n: int, seed: int = 13) -> list[str]:
    """``n`` distinct non-empty lines of ``path``, drawn with a fixed seed (the file's order groups
    passages by source; a draw spreads them)."""
    lines = list(dict.fromkeys(line.strip() for line in path.read_text(encoding="utf-8").splitlines()))
    lines = [line for line in lines if line]
    random.Random(seed).shuffle(lines)
    return lines[:n]


def top_k(vectors: np.ndarray, k: int = 10, block: int = 2048) -> np.ndarray:
    """Each row's k nearest other rows by cosine (exact, blockwise)."""
    out = np.zeros((len(vectors), k), dtype=np.int64)
    for start in range(0, len(vectors), block):
        sims = vectors[start:start + block] @ vectors.T
        sims[np.arange(len(sims)), np.arange(start, start + len(sims))] = -np.inf
        part = np.argpartition(-sims, k, axis=1)[:, :k]
        out[start:start + block] = part
    return out


def agreement(reference: np.ndarray, other: np.ndarray, k: int = 10) -> float:
    a, b = top_k(reference, k), top_k(other, k)
    return float(np.mean([len(set(x) & set(y)) / k for x, y in zip(a, b)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10000)
    parser.add_argument("--texts-file", type=Path, default=None,
                        help="distinct real passages, one per line (the first --texts of them, shuffled "
                             "with a fixed seed) instead of the sample and its rewordings")
    parser.add_argument("--save", type=Path, default=None, help="folder to save each setup's vectors in")
    parser.add_argument("--setups", default="torch:fp32,torch:bf16,onnx:fp32,onnx:int8,openvino:fp32,openvino:bf16")
    args = parser.parse_args()
    texts = real_text_corpus(args.texts) if args.texts_file is None else file_texts(args.texts_file, args.texts)
    load_before = os.getloadavg()[0]
    setups: list[EmbedSetup] = []
    for item in args.setups.split(","):
        backend, precision = item.split(":")
        try:
            setups.append(resolve_setup(backend, precision))
        except ModelLoadError as exc:
            print(f"skipped {backend} {precision}: {exc}", file=sys.stderr)
    if REFERENCE_SETUP not in setups:
        setups.insert(0, REFERENCE_SETUP)
    models = {}
    for s in list(setups):
        try:
            models[s] = load_embedder(None, s)
        except ModelLoadError as exc:
            print(f"skipped {s.label}: {exc}", file=sys.stderr)
            setups.remove(s)
    for model in models.values():       # first-call setup is not part of the rate
        model.encode(texts[:64])
    seconds = dict.fromkeys(setups, 0.0)
    vectors = {s: np.zeros((len(texts), models[s].dim), dtype=np.float32) for s in setups}
    for n_chunk, start in enumerate(range(0, len(texts), CHUNK)):
        chunk = texts[start:start + CHUNK]
        for s in (setups if n_chunk % 2 == 0 else setups[::-1]):
            t = time.perf_counter()
            vectors[s][start:start + len(chunk)] = models[s].encode(chunk, batch_size=64)
            seconds[s] += time.perf_counter() - t
        print(f"{start + len(chunk)}/{len(texts)}", file=sys.stderr, flush=True)
    ref = vectors[REFERENCE_SETUP]
    print(f"{len(texts):,} texts; CPU bf16 units: {cpu_has_bf16()}; machine shared "
          f"(1-min load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, 2 cores)\n")
    print("| setup | paragraphs/s | speed vs torch fp32 | mean cosine to fp32 | top-10 agreement | quality bar |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for s in setups:
        cos = float(np.mean(np.sum(vectors[s] * ref, axis=1)))
        agree = 1.0 if s == REFERENCE_SETUP else agreement(ref, vectors[s])
        keeps = "kept" if cos >= MIN_COSINE and agree >= MIN_AGREEMENT else "**lost**"
        print(f"| {s.label} | {len(texts) / seconds[s]:.0f} | {seconds[REFERENCE_SETUP] / seconds[s]:.2f}x "
              f"| {cos:.4f} | {agree:.3f} | {keeps} |")
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            np.save(args.save / f"{s.backend}-{s.precision}.npy", vectors[s])
    if args.save:
        (args.save / "texts.txt").write_text("\n".join(t.replace("\n", " ") for t in texts), encoding="utf-8")


if __name__ == "__main__":
    main()
