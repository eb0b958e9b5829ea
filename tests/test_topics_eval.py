"""Lens quality on the bundled sample corpus with the real model: precision, recall, F1 per lens.

Gold labels are hand-written in tests/topics_labels.py for every paragraph of the sample corpus.
The lens file (config/lenses.yaml) is scored at its default thresholds; the asserted floors sit
below what it measurably reaches, so a change that hurts labelling fails here. Run with ``-s`` to
see the table (the README quotes it).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from newslens import config
from newslens.topics import analysis as topics
from newslens.topics.lenses import load_lenses
from newslens.schema import ParagraphCol
from newslens.store import load_snapshot
from tests.topics_labels import LABELS

pytestmark = pytest.mark.model

# Measured at the default thresholds and lexicon weights (see the table printed below). The formula
# (examples and wordings; what scores other languages and other models): morale F1 0.73, desertion
# 0.80, executions 0.76 (0.65 / 0.78 / 0.70 before the lexicons, issue 10). The default model's trained
# head (lens round 14, config/lens_heads/all-MiniLM-L6-v2.yaml), which scores the sample's English
# paragraphs as shipped: 0.70 / 0.74 / 0.82, morale at precision 0.56 and recall 0.96 (it labels more
# of the sample's complaints morale). Floors keep a margin of ~0.1 below each.
F1_FLOOR = {"formula": {"morale": 0.63, "desertion": 0.7, "executions": 0.66},
            "head": {"morale": 0.6, "desertion": 0.64, "executions": 0.72}}
PRECISION_FLOOR = {"formula": {"morale": 0.6, "desertion": 0.7, "executions": 0.85},
                   "head": {"morale": 0.46, "desertion": 0.68, "executions": 0.85}}


@dataclass
class Evaluated:
    gold: list[set[str]]            # per content paragraph
    predicted: list[set[str]]
    texts: list[str]
    names: tuple[str, ...]
    scoring: str                    # "head" (as shipped for the default model) or "formula"


@pytest.fixture(scope="module", params=["head", "formula"])
def evaluated(request, sample_data_dir, real_embedder) -> Evaluated:
    snapshot = load_snapshot(sample_data_dir)
    lens_config = load_lenses(config.lenses_file())
    scores = topics.score_snapshot(snapshot, lens_config, real_embedder, use_head=request.param == "head")
    labels = topics.topic_labels(scores, lens_config.thresholds())
    rows = topics.content_rows(snapshot)
    paragraphs = snapshot.paragraphs
    gold, predicted, texts = [], [], []
    for row in rows:
        article, text = paragraphs[ParagraphCol.ARTICLE_ID].iloc[row], paragraphs[ParagraphCol.TEXT].iloc[row]
        matches = [set(lenses) for a, needle, lenses in LABELS if a == article and needle in text]
        gold.append(matches[0] if len(matches) == 1 else None)
        predicted.append(set(labels.iloc[row]))
        texts.append(text)
    return Evaluated(gold, predicted, texts, lens_config.names, request.param)


def prf(ev: Evaluated, lens: str) -> tuple[float, float, float, int]:
    pairs = [(lens in g, lens in p) for g, p in zip(ev.gold, ev.predicted) if g is not None]
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def test_every_content_paragraph_is_labelled_exactly_once(evaluated):
    unlabelled = [t[:80] for t, g in zip(evaluated.texts, evaluated.gold) if g is None]
    assert unlabelled == [], "content paragraphs without exactly one gold entry: " + repr(unlabelled)
    assert len(evaluated.gold) >= 50


def test_per_lens_precision_recall_f1(evaluated):
    lines = ["| lens | precision | recall | F1 | gold paragraphs |", "| --- | --- | --- | --- | --- |"]
    results = {}
    for lens in evaluated.names:
        p, r, f1, n = prf(evaluated, lens)
        results[lens] = (p, r, f1)
        lines.append(f"| {lens} | {p:.2f} | {r:.2f} | {f1:.2f} | {n} |")
    print("\n" + "\n".join(lines))
    for lens, floor in F1_FLOOR[evaluated.scoring].items():
        assert results[lens][2] >= floor, f"{evaluated.scoring}, {lens}: F1 {results[lens][2]:.2f} < {floor}"
        assert results[lens][0] >= PRECISION_FLOOR[evaluated.scoring][lens], \
            f"{evaluated.scoring}, {lens}: precision {results[lens][0]:.2f}"


@pytest.mark.parametrize("needle, must_have, must_not_have", [
    # Refusing suicidal orders while insisting they are not deserting: morale.
    ("say they are not deserting but refuse to follow suicidal orders", {"morale"}, set()),
    ("open fire on subordinates attempting to retreat", {"executions"}, set()),
    ("If anyone runs away, shoot them. I\u2019ll say it again", {"executions"}, set()),
    ("more than 50,000 Russian troops have deserted", {"desertion"}, {"executions"}),
    ("increased prison terms for desertion and surrender to 3-10 years", {"desertion"}, set()),
    # Shooting oneself in the leg to be sent home is self-harm (morale), not an execution.
    ("debating shooting themselves and each other in the leg", {"morale"}, {"executions"}),
    ("commander is like, \u2018Don\u2019t retreat!\u2019 And he himself is sitting", {"morale"}, set()),
    # Neither: front-line news and verification notes.
    ("Around 160 square kilometres", set(), {"morale", "desertion", "executions"}),
    ("could not independently verify the authenticity", set(), {"morale", "desertion", "executions"}),
])
def test_hard_cases(evaluated, needle, must_have, must_not_have):
    found = [p for t, p in zip(evaluated.texts, evaluated.predicted) if needle in t]
    assert found, f"no content paragraph contains {needle!r}"
    assert must_have <= found[0], f"{needle!r}: labels {sorted(found[0])}"
    assert not (must_not_have & found[0]), f"{needle!r}: labels {sorted(found[0])}"


def test_every_report_of_the_core_quote_reaches_executions(evaluated):
    """Issue 10: "if anyone runs away, just shoot them" scored 0.39 against a 0.50 threshold in the
    three paragraphs that carry it (Dagens and twice in The Kyiv Independent)."""
    carrying = [p for t, p in zip(evaluated.texts, evaluated.predicted)
                if "runs away" in t.lower() and "shoot them" in t.lower()]
    assert len(carrying) >= 3
    assert all("executions" in p for p in carrying), carrying
