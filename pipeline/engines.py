"""Where the build's per-item work runs: in this process (``local``) or on a Ray cluster (``ray``).

The build's logic lives once, in ``pipeline.build`` and the stage modules. An engine only decides
where three pure per-item steps run, and both engines call the same functions:

- reading one raw file: ``pipeline.ingest.read_task``;
- cleaning and splitting one article: ``split_document`` (``pipeline.paragraphs.paragraph_columns``
  with the model's tokenizer);
- encoding one chunk of texts: ``pipeline.embed.encode_chunk`` over ``pipeline.embed.encode_chunks``.

Everything that needs the whole corpus (duplicates, corpus furniture, corrections, caches, map,
index, manifest, the atomic write and publish) stays in the build, in this process.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence

from newslens.embedder import EmbedSetup, Embedder, load_embedder
from pipeline.embed import ChunkEncoder

if TYPE_CHECKING:   # reading files pulls in the HTML stack; the CLI's parser must stay light
    from pipeline.ingest import Reader

LOCAL, RAY = "local", "ray"
ENGINES = (LOCAL, RAY)

Columns = dict[str, list]
# ``progress(done)``: how many of the items handed over are finished.
Done = Callable[[int], None]


@dataclass(frozen=True)
class SplitTask:
    """One article to clean and split (picklable: it may travel to another process)."""

    article_id: str
    text: str
    title: Any = None
    author: Any = None
    language: Any = None      # the article's (given or detected): it settles a slash date in cleaning


def split_document(task: SplitTask, embedder: Embedder) -> Columns:
    """An article's paragraph rows as column lists: cleaned, classified, split to the model's limit."""
    from pipeline.paragraphs import paragraph_columns

    return paragraph_columns(task.article_id, task.text, title=task.title, author=task.author, language=task.language,
                             count_tokens=embedder.count_tokens, max_tokens=embedder.max_tokens)


def split_with_model(task: SplitTask, model: str, setup: EmbedSetup) -> Columns:
    """``split_document`` in a worker that only knows the model by name (loaded once per process)."""
    return split_document(task, load_embedder(model, setup, lazy=True))


class Engine(Protocol):
    name: str

    def reader(self) -> Reader | None:
        """How ``ingest_corpus`` reads the planned files (``None``: in order, here)."""

    def split(self, tasks: Sequence[SplitTask], embedder: Embedder, done: Done) -> list[Columns]:
        """Each task's columns, in task order."""

    def encoder(self, embedder: Embedder, progress: Callable[[str, int, int], None]) -> ChunkEncoder | None:
        """How ``embed_paragraphs`` encodes the texts it misses (``None``: here, with ``embedder``)."""

    def close(self) -> None:
        """Release what the engine started (Ray: shut the local cluster down)."""


def passive_thread_wait() -> None:
    """Let torch's idle OpenMP threads sleep instead of spinning (unless ``OMP_WAIT_POLICY`` is set).

    The local build encodes on every core (``torch.get_num_threads()``, 2 here). On a shared machine
    spinning threads fight the other processes for the cores: at load average 11 on 2 cores, torch
    on 2 threads embedded at 0.35x the speed of 1 thread with the default policy, and at 1.02x with
    PASSIVE (``benchmarks/bench_engines.py --threads``, README). Read by OpenMP when torch loads, so
    call it before anything imports torch.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class LocalEngine:
    """Everything in this process. Cleaning runs on one core; torch spreads encoding over every core
    it sees (``torch.get_num_threads()``), which is where a build spends its time; see
    ``passive_thread_wait`` for why its threads must not spin."""

    name = LOCAL

    def reader(self) -> Reader | None:
        return None

    def split(self, tasks: Sequence[SplitTask], embedder: Embedder, done: Done) -> list[Columns]:
        out = []
        step = max(1, len(tasks) // 100)
        for i, task in enumerate(tasks, 1):
            out.append(split_document(task, embedder))
            if i % step == 0 or i == len(tasks):
                done(i)
        return out

    def encoder(self, embedder: Embedder, progress: Callable[[str, int, int], None]) -> ChunkEncoder | None:
        return None

    def close(self) -> None:
        return None


class EngineUnavailable(Exception):
    """The engine asked for cannot run here (e.g. Ray not installed); one line for the user."""


class EngineError(Exception):
    """A worker of the engine failed; nothing was published. One line for the user."""


def open_engine(name: str = LOCAL, *, address: str | None = None) -> Engine:
    """The engine called ``name``; ``address`` points ``ray`` at a running cluster (else it starts a
    small local one). Raises ``EngineUnavailable`` with a one-line reason."""
    if name == LOCAL:
        if address:
            raise EngineUnavailable("--ray-address only applies with --engine ray")
        return LocalEngine()
    if name == RAY:
        from pipeline.ray_engine import RayEngine

        return RayEngine(address=address)
    raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
