"""Installed package versions, for the keys of caches and stored results that depend on a package's
code or data (an export, the multilingual model's weights, the word-frequency lists)."""
from __future__ import annotations

import importlib.metadata
from functools import lru_cache


@lru_cache(maxsize=32)
def installed_version(package: str) -> str:
    """The installed version of ``package``, or "none" when it is not installed."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"
