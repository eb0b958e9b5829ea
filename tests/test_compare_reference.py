"""The reference a detected story opens on in Compare (newslens.compare.reference)."""
from __future__ import annotations

from newslens.compare.reference import content_words, default_reference, order_known
from newslens.compare.stories import Story, StoryLink
from newslens.store import load_snapshot
from newslens.schema import Kind
from tests.compare_cases import ORIGINAL
from tests.factories import ArticleSpec, make_snapshot


def _link(a: str, b: str, confidence: float, linked: bool = True) -> StoryLink:
    return StoryLink(a, b, 1, 2, 1, 2, 0.9, 0, None, None, linked=linked, confidence=confidence)


def _story(ids: list[str], links: list[StoryLink], lags: dict | None = None) -> Story:
    lags = {a: None for a in ids} if lags is None else lags
    first = next((a for a in ids if lags.get(a) == 0.0), None)
    return Story("story-t", ids, "t", links, first, False, lags)


def _never(article_id: str) -> int:
    raise AssertionError(f"content words asked for {article_id} without a tie")


def test_undated_story_opens_on_the_report_the_others_are_closest_to():
    # an untitled stub sorts first; the rework linked firmly to both others is the core
    ids = ["a-stub", "rework", "wire"]
    links = [_link("a-stub", "wire", 0.6), _link("rework", "wire", 1.0), _link("a-stub", "rework", 0.7)]
    story = _story(ids, links)
    assert not order_known(story)
    assert default_reference(story, ids, _never) == "rework"          # 1.7 against 1.3 and 1.6
    # an unlinked pair's confidence counts too: what the record judged of the two
    judged = [_link("a-stub", "wire", 0.4), _link("rework", "wire", 0.9)]
    assert default_reference(_story(ids, judged), ids, _never) == "wire"               # 1.3 against 0.9
    unlinked = _link("a-stub", "rework", 0.45, linked=False)
    assert default_reference(_story(ids, judged + [unlinked]), ids, _never) == "rework"  # 1.35 against 1.3
    # links to a report not shown (a story larger than the page) count nothing
    assert default_reference(story, ["a-stub", "wire"], {"a-stub": 3, "wire": 9}.get) == "wire"


def test_ties_go_to_more_content_words_then_to_the_smaller_id():
    ids = ["b", "a"]
    story = _story(ids, [_link("a", "b", 0.8)])
    assert default_reference(story, ids, {"a": 40, "b": 120}.get) == "b"
    assert default_reference(story, ids, {"a": 120, "b": 120}.get) == "a"
    # sums equal to the stored 3 decimals are a tie, whatever float addition leaves
    five = ["x", "y", "z", "u", "w"]
    story = _story(five, [_link("x", "y", 0.1), _link("x", "z", 0.2), _link("u", "w", 0.3)])
    assert 0.1 + 0.2 > 0.3                                     # x's sum, a hair above u's and w's
    assert default_reference(story, five, {"x": 1, "y": 9, "z": 9, "u": 2, "w": 5}.get) == "w"


def test_a_known_order_keeps_the_earliest():
    ids = ["wire", "rework", "stub"]
    lags = {"wire": 0.0, "rework": 1.0, "stub": None}
    story = _story(ids, [_link("rework", "wire", 1.0), _link("rework", "stub", 1.0)], lags)
    assert order_known(story)
    assert default_reference(story, ids, _never) == "wire"
    # one dated report among undated ones gives no order (the page: "not known")
    assert not order_known(_story(ids, story.links, {"wire": None, "rework": None, "stub": None}))


def test_content_words_are_the_words_compare_aligns(tmp_path):
    short = ArticleSpec("short-1", "Stub Wire", [
        ("Deserters caught near the river", Kind.HEADING),
        "Five deserters were caught on Monday.",
        "\u201cNobody leaves,\u201d the officer said.",
        ("Also read: more war news", Kind.BOILERPLATE),
    ])
    make_snapshot(tmp_path, [short, ORIGINAL])
    snapshot = load_snapshot(tmp_path)
    assert content_words(snapshot, "short-1") == 11          # not the heading's, nor the boilerplate's
    assert content_words(snapshot, "wire-1") > 11
