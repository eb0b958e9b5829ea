"""Settings as data: each has a default, an environment override and help text (datasette-style)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default

    def at_default(self) -> bool:
        """Whether the folder this setting names is its default one (a path set to it in the
        environment is too): the bundled sample's folders, not a corpus of the user's own."""
        try:
            return Path(self.value()).resolve() == Path(self.default).resolve()
        except OSError:
            return False


SETTINGS = {
    s.name: s
    for s in (
        Setting("data_dir", "NEWSLENS_DATA", str(PROJECT_ROOT / "data" / "processed"),
                "Folder holding snapshots and the CURRENT marker."),
        Setting("raw_dir", "NEWSLENS_RAW", str(PROJECT_ROOT / "data" / "raw"),
                "Folder of raw articles the pipeline reads."),
        Setting("corpora_dir", "NEWSLENS_CORPORA", str(PROJECT_ROOT / "data" / "corpora"),
                "Folder of the user's own corpora (one folder each: raw/ and processed/), kept apart "
                "from the bundled sample."),
        Setting("allow_private", "NEWSLENS_ALLOW_PRIVATE", "0",
                "Let collection fetch from local or private network addresses (an intranet). Off: a "
                "link pasted into the app never makes the machine fetch from its own network."),
        Setting("model", "NEWSLENS_MODEL", "all-MiniLM-L6-v2",
                "Default embedding model: a sentence-transformers name or a local path."),
        Setting("config_dir", "NEWSLENS_CONFIG", str(PROJECT_ROOT / "config"),
                "Folder of the corpus-knowledge files: hedges, sources, outlets, thresholds (YAML)."),
        Setting("ingest_file", "NEWSLENS_INGEST_CONFIG", "",
                "The ingest thresholds file (what counts as an article, near-duplicate tolerance); "
                "empty: ingest.yaml in the config folder."),
        Setting("backend", "NEWSLENS_BACKEND", "auto",
                "How the model runs: auto (openvino on CPUs with bf16 units where installed, else torch), torch, onnx or openvino."),
        Setting("model_cache", "NEWSLENS_MODEL_CACHE",
                str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newslens" / "models"),
                "Folder of the model exported once for the onnx/openvino backends (keyed by model and versions)."),
        Setting("precision", "NEWSLENS_PRECISION", "auto",
                "Model precision: auto (bf16 on CPUs with bf16 units, else fp32), fp32 (the reference), bf16 "
                "(torch, openvino) or int8 (onnx; below the quality bar, never automatic)."),
        Setting("lenses_file", "NEWSLENS_LENSES", str(PROJECT_ROOT / "config" / "lenses.yaml"),
                "The named topic lenses (morale, desertion, executions...), editable by users."),
        Setting("max_builds", "NEWSLENS_MAX_BUILDS", "1",
                "Builds the app runs at once (first start, rebuild, Add articles); more wait in line and "
                "start when one ends. Each loads a model and embeds: memory adds up, and on a laptop's few "
                "cores two builds take as long as one after the other."),
        Setting("build_stall_minutes", "NEWSLENS_BUILD_STALL_MINUTES", "30",
                "Minutes a build the app runs may go without a progress step before it is given up as hung "
                "(its place goes to the next build in line). Generous: a step comes every few seconds, "
                "the longest quiet ones (loading a model, grouping a very large corpus) take minutes."),
        Setting("build_process", "NEWSLENS_BUILD_PROCESS", "child",
                "child: each build the app runs works in a process of its own, so Cancel and the hung-build "
                "watchdog stop it at once and free its corpus; it loads a second copy of the model (memory: "
                "one more per build running at once); thread: in the server's process, sharing its model (a "
                "cancel waits for the build's next step, a hung build keeps its corpus locked until a restart)."),
        Setting("upload_hours", "NEWSLENS_UPLOAD_HOURS", "24",
                "Hours after which a folder of uploads the app left in the temporary folder (a run of the "
                "Add articles page cut short, a server stopped) is removed."),
        Setting("read_only", "NEWSLENS_READ_ONLY", "",
                "1/true: a shared server - the app hides every action that writes (saving lenses, "
                "building snapshots); it only reads the published snapshot."),
    )
}

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Queries longer than this are truncated with a notice (bounded time for absurd input).
MAX_QUERY_CHARS = 1000
# Raw files above this size are quarantined rather than read into memory.
MAX_RAW_FILE_BYTES = 5 * 1024 * 1024


def data_dir() -> Path:
    return Path(SETTINGS["data_dir"].value())


def raw_dir() -> Path:
    return Path(SETTINGS["raw_dir"].value())


def corpora_dir() -> Path:
    return Path(SETTINGS["corpora_dir"].value())


def collect_allow_private() -> bool:
    return SETTINGS["allow_private"].value().strip().lower() in {"1", "true", "yes", "on"}


def default_model() -> str:
    return SETTINGS["model"].value()


def embed_backend() -> str:
    return SETTINGS["backend"].value()


def embed_precision() -> str:
    return SETTINGS["precision"].value()


def model_cache_dir() -> Path:
    return Path(SETTINGS["model_cache"].value())


def lenses_file() -> Path:
    return Path(SETTINGS["lenses_file"].value())


def config_dir() -> Path:
    return Path(SETTINGS["config_dir"].value())


def ingest_file() -> Path:
    """``$NEWSLENS_INGEST_CONFIG``, else ``ingest.yaml`` in the config folder (``$NEWSLENS_CONFIG``)."""
    return Path(SETTINGS["ingest_file"].value() or config_dir() / "ingest.yaml")


def read_only() -> bool:
    """True when the app must not write anything (``NEWSLENS_READ_ONLY``)."""
    return SETTINGS["read_only"].value().strip().lower() in {"1", "true", "yes", "on"}


def _positive(name: str, kind: type) -> float:
    """A setting that must be a number above 0; a bad value is one line naming it."""
    setting = SETTINGS[name]
    try:
        value = kind(setting.value().strip())
    except ValueError:
        value = 0
    if not value > 0:
        raise ValueError(f"{setting.env} must be a {'whole ' if kind is int else ''}number above 0, "
                         f"not {setting.value()!r}")
    return value


def max_builds() -> int:
    """How many builds the app runs at once (``newslens.jobs.JobRegistry``)."""
    return int(_positive("max_builds", int))


def build_stall_seconds() -> float:
    """How long a build may report no progress before the app gives it up (``JobRegistry.stop_stalled``)."""
    return _positive("build_stall_minutes", float) * 60


def build_in_child() -> bool:
    """Whether the app's builds run in a child process (``newslens.job_process``); a bad value is
    one line naming the setting."""
    value = SETTINGS["build_process"].value().strip().lower()
    if value not in {"child", "thread"}:
        raise ValueError(f"{SETTINGS['build_process'].env} must be child or thread, not {value!r}")
    return value == "child"


def upload_max_age_seconds() -> float:
    """Age past which an upload folder left in the temporary folder is removed."""
    return _positive("upload_hours", float) * 3600
