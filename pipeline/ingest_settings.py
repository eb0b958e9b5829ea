"""``config/ingest.yaml``: the thresholds of what the pipeline accepts, loaded and validated once."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from newslens import config
from newslens.config import PROJECT_ROOT
from newslens.knowledge import ConfigError, checked_number

INGEST_CONFIG = PROJECT_ROOT / "config" / "ingest.yaml"
INGEST_CONFIG_ENV = "NEWSLENS_INGEST_CONFIG"


class IngestConfigError(ConfigError):
    """The file or one of its keys is wrong; the message names both."""


@dataclass(frozen=True)
class IngestSettings:
    min_words: int = 5
    earliest_year: int = 1995
    max_changed_words: int = 5
    max_changed_share: float = 0.03
    shingle_words: int = 3


def _number(path: Path, data: dict, key: str, kind: type, low: float, high: float, where: str = ""):
    if key not in data:
        raise IngestConfigError(f"{path}: key '{where}{key}' is missing")
    return checked_number(f"{path}: key '{where}{key}'", data[key], kind, low, high, IngestConfigError)


def parse_ingest_settings(path: Path) -> IngestSettings:
    """Read and check the file; raises IngestConfigError naming the file and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestConfigError(f"{path}: cannot be read ({' '.join(str(exc).split())[:160]})") from None
    if not isinstance(data, dict):
        raise IngestConfigError(f"{path}: expected a mapping of settings")
    near = data.get("near_duplicate")
    if not isinstance(near, dict):
        raise IngestConfigError(f"{path}: key 'near_duplicate' must be a mapping")
    known, known_near = {"min_words", "earliest_year", "near_duplicate"}, {
        "max_changed_words", "max_changed_share", "shingle_words"}
    unknown = sorted(set(data) - known) + [f"near_duplicate.{k}" for k in sorted(set(near) - known_near)]
    if unknown:
        raise IngestConfigError(f"{path}: unknown key '{unknown[0]}'")
    return IngestSettings(
        min_words=_number(path, data, "min_words", int, 1, 1000),
        earliest_year=_number(path, data, "earliest_year", int, 1000, 2200),
        max_changed_words=_number(path, near, "max_changed_words", int, 0, 1000, "near_duplicate."),
        max_changed_share=_number(path, near, "max_changed_share", float, 0.0, 0.5, "near_duplicate."),
        shingle_words=_number(path, near, "shingle_words", int, 1, 20, "near_duplicate."),
    )


def ingest_config_path() -> Path:
    """``$NEWSLENS_INGEST_CONFIG``, else ``ingest.yaml`` in the config folder (``$NEWSLENS_CONFIG``)."""
    return Path(os.environ.get(INGEST_CONFIG_ENV) or config.config_dir() / INGEST_CONFIG.name)


def load_ingest_settings(path: Path | None = None) -> IngestSettings:
    return _load(path or ingest_config_path())


@lru_cache(maxsize=4)
def _load(path: Path) -> IngestSettings:
    return parse_ingest_settings(path)
