"""Distinct real-text passages from local folders, embedded once, for benchmarks that need real vectors.

Generated ("grown") vectors make an ANN index look better than it is: a hundred points around each
real vector are trivially separable. This turns any folders of real text on the machine (Debian
docs, man pages, package READMEs and docstrings, saved news pages) into paragraph-sized passages
(``MIN_WORDS``-``MAX_WORDS`` words, prose only, exact duplicates removed), shuffled with a fixed
seed so any prefix is a random sample, and embeds them with the project's default embedder.
The texts are third-party: keep the folders, the passages and the vectors outside the repository.

    python -m benchmarks.real_texts /usr/share/doc /usr/share/man --out /work/scratch/x/real.npy
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

MIN_WORDS, MAX_WORDS = 20, 120
PROSE_SHARE = 0.7            # share of plain words a block needs (drops code, tables, path lists)
MAX_FILE_BYTES = 2_000_000
SUFFIXES = {"", ".txt", ".md", ".rst", ".html", ".py", ".gz"}
_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-,.;:()]*$")
_DOCSTRING = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.S)
_ROFF_BREAK = re.compile(r"^[.'](PP|LP|P|SH|SS|TP|IP|HP|sp|br|Sh|Pp|It|Bl|El)\b")
_ROFF_ESCAPE = re.compile(r"\\f[BIRP1-9]|\\f\(..|\\f\[[^]]*\]|\\\(..|\\\[[^]]*\]|\\[&e|^]")


def passages(text: str) -> Iterator[str]:
    """Blank-line separated prose blocks of ``text``, long ones cut into <= ``MAX_WORDS`` words."""
    for block in re.split(r"\n\s*\n", text):
        words = block.split()
        if len(words) < MIN_WORDS or sum(1 for w in words if _WORD.match(w)) < PROSE_SHARE * len(words):
            continue
        while words:
            chunk, words = words[:MAX_WORDS], words[MAX_WORDS:]
            if len(words) < MIN_WORDS:          # a short tail joins its chunk rather than being lost
                chunk, words = chunk + words, []
            yield " ".join(chunk)


def roff_to_text(text: str) -> str:
    """Man-page source as plain text: macros dropped, paragraph macros kept as blank lines."""
    lines = []
    for line in text.splitlines():
        if line.startswith((".", "'")):
            if _ROFF_BREAK.match(line):
                lines.append("")
            continue
        lines.append(_ROFF_ESCAPE.sub("", line.replace("\\-", "-")))
    return "\n".join(lines)


def file_text(path: Path) -> str:
    """The prose of one file: docstrings of Python files, man pages unrolled, HTML tags dropped."""
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES]
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)[:MAX_FILE_BYTES]
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""
    text = raw.decode("utf-8", "ignore")
    name = path.name.removesuffix(".gz")
    if name.endswith(".py"):
        return "\n\n".join(m.group(1) or m.group(2) or "" for m in _DOCSTRING.finditer(text))
    if re.search(r"\.[1-9][a-z]*$", name) or "/man/" in str(path):
        return roff_to_text(text)
    if name.endswith(".html"):
        return re.sub(r"<[^>]+>", " ", re.sub(r"</p>|<br\s*/?>", "\n\n", text))
    return text


def collect(roots: Iterable[Path], *, seed: int = 13) -> list[str]:
    """Distinct passages under ``roots`` (files or folders), shuffled with ``seed``."""
    seen: dict[str, None] = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix in SUFFIXES and not path.name.startswith("changelog"):
                seen.update(dict.fromkeys(passages(file_text(path))))
    texts = list(seen)
    random.Random(seed).shuffle(texts)
    return texts


def embed(texts: list[str], *, chunk: int = 4000) -> np.ndarray:
    """``texts`` embedded by the default setup (the fastest that keeps quality on this machine)."""
    from newslens.embedder import load_embedder

    model = load_embedder(None)
    out = np.zeros((len(texts), model.dim), dtype=np.float32)
    started = time.perf_counter()
    for start in range(0, len(texts), chunk):
        out[start:start + chunk] = model.encode(texts[start:start + chunk], batch_size=64)
        done = min(start + chunk, len(texts))
        print(f"embedded {done:,}/{len(texts):,} ({done / (time.perf_counter() - started):.0f}/s)",
              file=sys.stderr, flush=True)
    return out


def load_real_vectors(source: Path, *, limit: int | None = None, cache: Path | None = None) -> np.ndarray:
    """Real vectors from an .npy, or from a folder of texts (collected, embedded, saved to ``cache``)."""
    if source.suffix == ".npy":
        return np.load(source, mmap_mode="r")[:limit].astype(np.float32)
    if cache is not None and cache.exists():
        return np.load(cache)[:limit].astype(np.float32)
    texts = collect([source])[:limit]
    if not texts:
        raise SystemExit(f"{source}: no passages of {MIN_WORDS}-{MAX_WORDS} words of prose found")
    vectors = embed(texts)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path, help="files or folders of real text")
    parser.add_argument("--out", type=Path, required=True, help=".npy to write (outside the repository)")
    parser.add_argument("--limit", type=int, default=None, help="embed only the first N shuffled passages")
    args = parser.parse_args()
    texts = collect(args.roots)[:args.limit]
    print(f"{len(texts):,} distinct passages", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".txt").write_text("\n".join(texts), encoding="utf-8")
    np.save(args.out, embed(texts))


if __name__ == "__main__":
    main()
