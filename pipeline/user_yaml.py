"""YAML a user writes into the raw folder (a file's front matter, ``corrections.yaml``), read safely
and with dates left as the text they are: the metadata rules read a date (its precision, and a clear
note for "2099-13-45"), where YAML's own date reader raises on an impossible one and loses the file."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml


@lru_cache(maxsize=1)
def _loader() -> type:
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("TextDatesLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()}
    return loader


def text_dates_loader() -> type:
    """The safe loader (PyYAML's C one where installed) that leaves dates as the text they are."""
    return _loader()


def load_user_yaml(text: str) -> Any:
    """The parsed YAML of ``text`` (raises ``yaml.YAMLError`` when it is not YAML)."""
    return yaml.load(text, Loader=_loader())
