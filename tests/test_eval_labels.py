"""The hand labels of the real evaluation sets (tests/data/eval_stories/labels_*.yaml) hold together:
a pair the scorer reads names labelled pages, and a rework is marked as across languages exactly when
its two pages are in two languages. A slip in a new set's labels (a page id mistyped, a translation
not marked) would silently leave the pair out of the figures or count it in the wrong row."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

LABELS = sorted((Path(__file__).parent / "data" / "eval_stories").glob("labels*.yaml"))


def _pair(entry) -> tuple[list[str], bool]:
    return (entry["pair"], bool(entry.get("cross_language"))) if isinstance(entry, dict) else (entry, False)


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_every_labelled_pair_names_pages_of_the_set_with_its_languages_right(path):
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages = labels["articles"]
    assert all({"url", "lang", "story"} <= set(page) for page in pages.values())
    for key in ("reworks", "unrelated"):
        for entry in labels.get(key) or []:
            pair, cross = _pair(entry)
            assert len(pair) == 2 and all(p in pages for p in pair), (key, pair)
            if key == "reworks":
                assert cross == (pages[pair[0]]["lang"] != pages[pair[1]]["lang"]), pair
