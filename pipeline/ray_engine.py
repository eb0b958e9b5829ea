"""``--engine ray``: the build's per-item steps on a Ray cluster, with Ray Data.

- reading: the planned raw files are a dataset; ``map_batches`` runs ``pipeline.ingest.read_task``
  on the workers (the raw folder must be at the same path on every node: shared storage);
- cleaning and splitting: the articles to (re)split are a dataset; ``map_batches`` runs
  ``pipeline.engines.split_with_model`` (each worker process loads the tokenizer's model once);
- embedding: the chunks of ``pipeline.embed.encode_chunks`` are a dataset of one block per chunk;
  ``map_batches`` over an actor pool runs ``pipeline.embed.encode_chunk``, one model per actor,
  loaded with the build's setup (backend and precision).

Results come back to the driver, which writes and publishes the snapshot as the local build does
(``pipeline.snapshot``), so only the driver needs the output folder. Without ``address`` (or
``RAY_ADDRESS``) a small local cluster is started (2 CPUs, a 500 MB object store, no dashboard)
and shut down again by ``close``.
"""
from __future__ import annotations

import logging
import math
import os
import pickle
import warnings
from functools import partial
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from newslens.config import PROJECT_ROOT
from newslens.embedder import EmbedSetup, Embedder, ModelLoadError, load_embedder
from pipeline.embed import ChunkEncoder, encode_chunk, encode_chunks
from pipeline.engines import RAY, Columns, Done, EngineError, EngineUnavailable, SplitTask, split_with_model
from pipeline.ingest import ReadOutcome, ReadTask, Reader

LOCAL_CPUS = 2
LOCAL_OBJECT_STORE_BYTES = 500 * 1024 * 1024
# Items per task when reading and splitting: enough to amortise Ray's per-task cost (milliseconds).
ITEMS_PER_BATCH = 16
INSTALL_HINT = "pip install 'ray[data]>=2.60,<2.64' (see README, 'A build on a Ray cluster')"


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401 - Ray without its data extra cannot run the build
    except ImportError:
        raise EngineUnavailable(f"--engine ray needs Ray Data, which is not installed: {INSTALL_HINT}") from None
    return ray


def _worker_env() -> dict[str, str]:
    """What workers must see as the driver does: offline model loading and NewsLens' own settings."""
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    env.update({k: v for k, v in os.environ.items() if k.startswith("NEWSLENS_")})
    return env


def _failure(exc: Exception) -> bytes:
    """A worker's error as data: Ray would wrap it and keep only its text, the build wants the error."""
    try:
        return pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that does not pickle still names itself
        return pickle.dumps(EngineError(f"{type(exc).__name__}: {exc}"))


def _raise_failure(blob: bytes) -> None:
    """Re-raise a worker's error here: a model that cannot load stays a ModelLoadError (one line, as
    in the local build); anything else names the error and that it came from a Ray worker."""
    exc = pickle.loads(blob)
    if isinstance(exc, (ModelLoadError, EngineError)):
        raise exc
    first = (str(exc).strip().splitlines() or [""])[0]
    raise EngineError(f"a Ray worker failed ({type(exc).__name__}{': ' + first if first else ''})")


def _apply(batch: dict[str, np.ndarray], fn: Callable[[Any], Any]) -> dict[str, np.ndarray]:
    """One batch of pickled items through ``fn``; results (documents, column lists) pickled again,
    an error in the ``error`` column."""
    out = np.empty(len(batch["item"]), dtype=object)
    errors = np.full(len(batch["item"]), b"", dtype=object)
    for i, blob in enumerate(batch["item"]):
        try:
            out[i] = pickle.dumps(fn(pickle.loads(blob)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - handed to the driver, which raises it
            out[i], errors[i] = b"", _failure(exc)
    return {"i": batch["i"], "out": out, "error": errors}


class _EncodeActor:
    """One model per actor, loaded once (on its first chunk) with the build's setup; encodes whole chunks."""

    def __init__(self, model: str, setup: EmbedSetup):
        self.model, self.setup = model, setup

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        n = len(batch["i"])
        try:
            vectors = encode_chunk(load_embedder(self.model, self.setup), [str(t) for t in batch["text"]])
            errors = np.full(n, b"", dtype=object)
        except Exception as exc:  # noqa: BLE001 - handed to the driver, which raises it
            vectors, errors = np.zeros((n, 1), dtype=np.float32), np.full(n, _failure(exc), dtype=object)
        return {"i": batch["i"], "vector": vectors, "error": errors}


def _checked(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    for blob in batch["error"]:
        if blob:
            _raise_failure(blob)
    return batch


class RayEngine:
    name = RAY

    def __init__(self, address: str | None = None, *, num_cpus: int = LOCAL_CPUS,
                 object_store_bytes: int = LOCAL_OBJECT_STORE_BYTES):
        # Ray reports usage statistics to Anyscale unless told not to; a researcher's build sends
        # nothing anywhere (a cluster of your own keeps the setting its nodes were started with).
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        ray = _import_ray()
        self._ray = ray
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        self.model_loaded = False
        env = _worker_env()
        if self.address:
            ray.init(address=self.address, runtime_env={"env_vars": env}, logging_level=logging.ERROR,
                     log_to_driver=False)
        else:
            # Workers import the project from this checkout, as the driver does.
            path = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)
            ray.init(num_cpus=num_cpus, object_store_memory=object_store_bytes, include_dashboard=False,
                     runtime_env={"env_vars": {**env, "PYTHONPATH": path}}, logging_level=logging.ERROR,
                     log_to_driver=False, configure_logging=True)
        # Ray Data's progress lines and notices are not the build's: the build draws its own bars.
        # A worker's error is re-raised as one line (``_raise_failure``), not logged with its stack.
        logging.getLogger("ray").setLevel(logging.ERROR)
        logging.getLogger("ray.data").setLevel(logging.CRITICAL)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        context.enable_operator_progress_bars = False
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))

    # --- generic: pure function over items, results in item order -------------------------------

    def _map(self, fn: Callable[[Any], Any], items: Sequence[Any], done: Done | None = None) -> list[Any]:
        if not items:
            return []
        ray = self._ray
        rows = [{"i": i, "item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)} for i, item in enumerate(items)]
        blocks = max(1, min(len(rows), math.ceil(len(rows) / ITEMS_PER_BATCH)))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            _apply, fn_kwargs={"fn": fn}, batch_size=ITEMS_PER_BATCH, batch_format="numpy", num_cpus=1)
        out: list[Any] = [None] * len(items)
        finished = 0
        for batch in self._batches(dataset):
            for i, blob in zip(batch["i"], batch["out"]):
                out[int(i)] = pickle.loads(blob)
            finished += len(batch["i"])
            if done:
                done(finished)
        return out

    def _batches(self, dataset: Any) -> Iterator[dict[str, np.ndarray]]:
        """The dataset's output batches as they finish; a worker's error re-raised unwrapped."""
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                yield _checked(batch)
        except self._ray.exceptions.RayError as exc:   # Ray's own trouble: a worker died, out of memory
            first = (str(exc).strip().splitlines() or [""])[-1]
            raise EngineError(f"the Ray cluster failed ({type(exc).__name__}: {first})") from None

    def reader(self) -> Reader | None:
        def read(read_one: Callable[[ReadTask], ReadOutcome], tasks: list[ReadTask]) -> list[ReadOutcome]:
            return self._map(read_one, tasks)
        return read

    def split(self, tasks: Sequence[SplitTask], embedder: Embedder, done: Done) -> list[Columns]:
        if tasks:
            self.model_loaded = True
        # Bound by name and setup: a loaded model does not travel; each worker loads its own once.
        return self._map(partial(split_with_model, model=embedder.name, setup=embedder.setup), tasks, done)

    # --- embedding on an actor pool -------------------------------------------------------------

    def encoder(self, embedder: Embedder, progress: Callable[[str, int, int], None]) -> ChunkEncoder | None:
        ray = self._ray

        def encode(texts: Sequence[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
            import pandas as pd

            total = len(texts)
            progress("embed", 0, total)
            chunks = encode_chunks(texts)
            if not chunks:
                return
            self.model_loaded = True
            # One block per chunk and whole blocks as batches: each actor call encodes exactly the
            # chunk the local build encodes (reduced precision depends on the batch).
            frames = [pd.DataFrame({"i": idx.astype(np.int64), "text": [texts[j] for j in idx]}) for idx in chunks]
            actors = max(1, min(self.cpus, len(chunks)))
            # On the local cluster a dead actor is not restarted (on one machine that is memory
            # running out, and a restart would only say so later); a real cluster may restart it.
            # (Ray's documented switch; 2.60 calls it deprecated, hence the bound below 2.64.)
            restarts = {} if self.address else {"max_restarts": 0}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset = ray.data.from_pandas(frames).map_batches(
                    _EncodeActor, fn_constructor_kwargs={"model": embedder.name, "setup": embedder.setup},
                    batch_size=None, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors),
                    num_cpus=1, **restarts)
            finished = 0
            for batch in self._batches(dataset):
                idx = np.asarray(batch["i"], dtype=np.int64)
                yield idx, np.asarray(batch["vector"], dtype=np.float32)
                finished += idx.size
                progress("embed", finished, total)
        return encode

    def close(self) -> None:
        self._ray.shutdown()

