"""The learned-link benchmark (benchmarks/eval_link_ceiling.py) groups its "shipped" row exactly as
the product does: its figures are the shipped grouping's, not a copy of its wiring."""
from __future__ import annotations

import yaml

from benchmarks import eval_link_ceiling as ceiling
from newslens.compare.stories import group_stories
from newslens.store import load_snapshot
from tests.factories import make_snapshot
from tests.test_stories_hard_cases import DETAINED_A, DETAINED_B, FILLER, REACTION, TRANSFERRED

# a follow-up ten days later and an undated reaction: dates keep pairs apart, judged or not
CORPUS = [DETAINED_A, DETAINED_B, TRANSFERRED, REACTION, *FILLER]


def test_the_shipped_decisions_give_the_products_stories(tmp_path):
    make_snapshot(tmp_path / "data", CORPUS)
    labels = tmp_path / "labels.yaml"
    labels.write_text(yaml.safe_dump({"articles": {spec.article_id: {"story": "s", "lang": "en"}
                                                   for spec in CORPUS}}), encoding="utf-8")
    judged = ceiling.JudgedSet(str(tmp_path / "data"), labels)
    ours = sorted(sorted(g) for g in judged.groups(judged.pairs["linked"].to_numpy()) if len(g) > 1)
    product = sorted(sorted(s.article_ids) for s in group_stories(load_snapshot(tmp_path / "data")).stories)
    assert ours == product and product
    # no link at all: every report on its own
    assert all(len(g) == 1 for g in judged.groups(judged.pairs["linked"].to_numpy() & False))
