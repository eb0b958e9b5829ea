"""A report left alone joins the story several of its reports vouch for (issue 10, grouping round 28).

Shaped as the real cases of sets 26-35 under a multilingual model: three dated reports of one event
(an intelligence claim that soldiers deserted) linked to each other, and an undated rendering of it
in another language whose evidence with each of them (meaning in full, a name and a number) would
link two dated reports but falls short of what an undated report needs of its own. And the case
that must stay apart: two statements of one official a few weeks apart, each retold by two outlets
in two close languages, every cross pair just as close.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from newslens import knowledge
from newslens.compare import evidence as evi
from newslens.compare.stories import StoryLink, _grow, _story


def _links(scores: dict[tuple[int, int], tuple[float, bool]]) -> dict[tuple[int, int], StoryLink]:
    """Judged pairs as grouping reads them: (evidence, whether the pair linked on its own)."""
    return {(i, j): StoryLink(str(i), str(j), 0, 1, 0, 1, None, 0, None, None, evi.Evidence(meaning=score),
                              linked=linked)
            for (i, j), (score, linked) in scores.items()}


def _stories(n: int, scores: dict[tuple[int, int], tuple[float, bool]], **kwargs) -> list[list[int]]:
    rules = knowledge.story_rules()
    support = (rules.get("link", "score"), rules.get("grouping", "support_members"))
    return sorted(sorted(g) for g in _grow(n, _links(scores), rules.get("grouping", "merge_mean"),
                                           rules.get("grouping", "pair_floor"), support=support, **kwargs)
                  if len(g) > 1)


# 0-2: three dated reports of one desertion claim, linked; 3: the undated translation, close to each
# (1.57: what links two dated reports, short of the 1.4 and the evidence of its own an undated one needs)
DESERTION = {(0, 1): (3.0, True), (0, 2): (2.6, True), (1, 2): (2.8, True),
             (0, 3): (1.57, False), (1, 3): (1.57, False), (2, 3): (1.57, False)}


def test_an_undated_translation_joins_the_story_its_reports_all_vouch_for():
    assert _stories(4, DESERTION) == [[0, 1, 2, 3]]
    # without the rule it stays alone, as it did (no pair of its own links)
    rules = knowledge.story_rules()
    alone = sorted(sorted(g) for g in _grow(4, _links(DESERTION), rules.get("grouping", "merge_mean"),
                                            rules.get("grouping", "pair_floor")) if len(g) > 1)
    assert alone == [[0, 1, 2]]


def test_one_report_vouching_is_not_enough():
    """Close to one report only (a related event of the same actor most often is): it stays out."""
    scores = {**DESERTION, (1, 3): (0.9, False), (2, 3): (0.9, False)}
    assert _stories(4, scores) == [[0, 1, 2]]


def test_vouching_below_what_links_two_dated_reports_is_not_enough():
    scores = {**DESERTION, (0, 3): (1.15, False), (1, 3): (1.15, False), (2, 3): (1.15, False)}
    assert _stories(4, scores) == [[0, 1, 2]]


def test_a_report_kept_apart_from_one_member_stays_out():
    """Two reports vouch for it, but its pair with the third is weak (or kept apart by its dates,
    which grouping reads as no evidence): the pair floor keeps it out, as it keeps groups apart."""
    scores = {**DESERTION, (2, 3): (0.0, False)}
    assert _stories(4, scores) == [[0, 1, 2]]
    assert _stories(4, DESERTION, apart=lambda i, j: {i, j} == {2, 3}) == [[0, 1, 2]]


def test_two_formed_stories_close_to_each_other_never_merge_this_way():
    """0-1: an official's statement on returned bodies, retold in Russian; 2-3: his statement weeks
    later on mixed remains, retold in Ukrainian. Every cross pair is as close as a vouching one, but
    each is a story of its own: two events of one actor."""
    scores = {(0, 1): (3.8, True), (2, 3): (3.2, True),
              (0, 2): (1.2, False), (0, 3): (1.27, False), (1, 2): (1.4, False), (1, 3): (1.27, False)}
    assert _stories(4, scores) == [[0, 1], [2, 3]]


def test_a_teaser_does_not_join_by_vouching():
    """A teaser (a title and a paragraph) joins on its own rule, after the stories are formed: one
    strong link to the report it excerpts."""
    assert _stories(4, DESERTION, teasers=frozenset({3})) == [[0, 1, 2]]


def test_a_story_vouches_with_at_least_two_reports():
    raw = copy.deepcopy(knowledge.story_rules().raw)
    raw["grouping"]["support_members"] = 1
    with pytest.raises(knowledge.ConfigError, match="support_members"):
        knowledge.parse_story_rules(raw)


def _group(names: list[str]) -> list[evi.ArticleFacts]:
    return [evi.ArticleFacts(name, np.zeros(0, dtype=int), pd.NaT, pd.NaT, False, None, name, "en") for name in names]


def _vouched_story():
    """The desertion story as ``_story`` words it: r3 (undated, in another language) brought in by
    r0-r2, each of its pairs short of the evidence of its own an undated report needs."""
    group = _group([f"r{i}" for i in range(4)])
    links = [link for (i, j), link in _links(DESERTION).items()]
    for link in links:
        link.a, link.b = f"r{link.a}", f"r{link.b}"
        link.confidence = 1.0 if link.linked else 0.45
        link.undated_short = not link.linked
    return _story(group, links, by_hand=False)


def test_the_story_says_in_one_sentence_why_a_report_with_no_link_of_its_own_is_in_it():
    """"Why these articles are grouped" gives the vouched-for report one line: which reports vouch,
    with what evidence, why together they suffice, and that the story is no surer for it; not three
    lines each opening "joined" and ending on the pair's own "similar content is not enough" (read on
    a slide as a contradiction)."""
    story = _vouched_story()
    parts = story.explanation.split(" | ")
    vouched = [p for p in parts if "r3 joined" in p]
    assert len(vouched) == 1 and len(parts) == 4       # the three links, then r3's line
    line = vouched[0]
    assert line.startswith("r3 joined with no link of its own, on the evidence of 3 of the story's reports together")
    assert all(f"r{i} (evidence 1.57: " in line for i in range(3))
    assert "what links two dated reports (evidence 1.20)" in line and "a date is unknown" in line
    assert "not enough" not in story.explanation
    assert "counts nothing towards the story's confidence" in line
    assert story.confidence == 0.75 and not story.sure
    # the pair itself still says why it is no link of its own (compare's links, stories --json's reasons)
    assert any("similar content is not enough" in r for lk in story.links if not lk.linked for r in lk.reasons())


def test_stories_json_names_the_pairs_that_vouched_for_a_report():
    record = _vouched_story().to_dict()
    assert record["vouched_joins"] == [{"article_id": "r3", "join_reason": "vouched",
                                        "vouched_by": ["r0", "r1", "r2"], "evidence": [1.57, 1.57, 1.57],
                                        "evidence_needed": 1.2, "counts_towards_confidence": False}]


def test_a_story_with_every_report_linked_names_no_vouched_join():
    scores = {pair: (3.0, True) for pair in DESERTION}
    story = _story(_group([str(i) for i in range(4)]), list(_links(scores).values()), by_hand=False)
    assert story.to_dict()["vouched_joins"] == [] and "no link of its own" not in story.explanation


def test_a_pair_kept_apart_by_its_dates_is_not_cited_as_vouching():
    """A pair whose dates raised what it needs counts nothing in grouping: the line cites only the
    pairs grouping counted (a line citing it would say a report vouched that did not)."""
    group = _group([f"r{i}" for i in range(4)])
    links = list(_links(DESERTION).values())
    for link in links:
        link.a, link.b = f"r{link.a}", f"r{link.b}"
        link.need_factor = 2.0 if (link.a, link.b) == ("r0", "r3") else 1.0
    story = _story(group, links, by_hand=False)
    assert story.to_dict()["vouched_joins"][0]["vouched_by"] == ["r1", "r2"]
    assert "on the evidence of 2 of the story's reports together" in story.explanation
