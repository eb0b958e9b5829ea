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

import pytest

from newslens import knowledge
from newslens.compare import evidence as evi
from newslens.compare.stories import StoryLink, _grow


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


def test_the_story_says_why_a_report_with_no_link_of_its_own_is_in_it():
    """"Why these articles are grouped" names the vouched-for report and the pairs that brought it in
    (a member with no reason beside it read as a mistake), and the story is less sure for it."""
    import numpy as np
    import pandas as pd
    from newslens.compare.stories import _story
    group = [evi.ArticleFacts(f"r{i}", np.zeros(0, dtype=int), pd.NaT, pd.NaT, False, None, f"r{i}", "en")
             for i in range(4)]
    links = [link for (i, j), link in _links(DESERTION).items()]
    for link in links:
        link.a, link.b = f"r{link.a}", f"r{link.b}"
        link.confidence = 1.0 if link.linked else 0.45
    story = _story(group, links, by_hand=False)
    parts = story.explanation.split(" | ")
    vouched = [p for p in parts if "none a link on its own" in p]
    assert len(vouched) == 3 and all("r3" in p for p in vouched)
    assert story.confidence == 0.75 and not story.sure
