"""Story grouping: which articles report the same event, why, and who reported first."""
from __future__ import annotations

import dataclasses

import pytest

from newslens.store import load_snapshot
from newslens.compare.stories import detect_stories, story_from_articles
from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
from tests.factories import ArticleSpec, make_snapshot


def _snapshot(tmp_path, specs):
    make_snapshot(tmp_path, specs)
    return load_snapshot(tmp_path)


def _with(spec: ArticleSpec, **changes) -> ArticleSpec:
    return dataclasses.replace(spec, **changes)


def test_rework_is_grouped_with_its_original_and_explained(tmp_path):
    stories = detect_stories(_snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED]))
    assert len(stories) == 1
    story = stories[0]
    assert story.article_ids == ["wire-1", "rework-1"]
    assert story.first_reporter == "wire-1" and story.first_reporter_certain
    assert story.lags == {"wire-1": 0.0, "rework-1": 1.0}
    assert story.title == ORIGINAL.title
    (link,) = story.links
    reasons = " ".join(link.reasons())
    assert "1 shared quote" in reasons and "both cite HUR" in reasons and "published 1 day apart" in reasons
    assert "wire-1" in story.explanation and "close counterpart" in story.explanation
    assert story.id.startswith("story-") and story.id == detect_stories(load_snapshot(tmp_path))[0].id


@pytest.mark.parametrize("rework_date, grouped", [
    ("2025-09-26", True),
    ("2025-10-05", True),     # 10 days later: still within two weeks
    ("2025-12-01", False),    # months later: a different event even if worded alike
    (None, True),             # an unknown date does not block content evidence
])
def test_date_proximity(tmp_path, rework_date, grouped):
    stories = detect_stories(_snapshot(tmp_path, [ORIGINAL, _with(REWORK, published=rework_date)]))
    assert bool(stories) == grouped


def test_one_dated_report_beside_an_undated_one_is_no_order(tmp_path):
    """The undated report may be the older: naming the one dated report "first" put a January
    follow-up first in an October story (``stories --json``) while the Timeline left it unordered."""
    (story,) = detect_stories(_snapshot(tmp_path, [ORIGINAL, _with(REWORK, published=None)]))
    assert story.article_ids == ["wire-1", "rework-1"]
    assert story.lags == {"wire-1": None, "rework-1": None}
    assert story.first_reporter is None and not story.first_reporter_certain
    assert "order unknown: fewer than two reports are dated" in story.explanation
    assert story.to_dict()["first_reporter"] is None


def test_undated_member_leaves_the_first_of_two_dated_uncertain(tmp_path):
    third = _with(REWORK, article_id="echo-1", outlet="Echo News", published=None, paragraphs=REWORK.paragraphs[:3])
    (story,) = detect_stories(_snapshot(tmp_path, [ORIGINAL, REWORK, third]))
    assert story.lags == {"wire-1": 0.0, "rework-1": 1.0, "echo-1": None}
    assert story.first_reporter == "wire-1" and not story.first_reporter_certain
    assert "order uncertain: a report is undated" in story.explanation


def test_month_precision_cannot_prove_who_was_first(tmp_path):
    """A report dated only "September" may be of the 30th: the report of a known day is the first
    (order uncertain) and the month-only one is not placed before it with a made-up lag."""
    (story,) = detect_stories(_snapshot(tmp_path, [_with(ORIGINAL, published="2025-09"), REWORK]))
    assert story.first_reporter == "rework-1" and not story.first_reporter_certain
    assert "order uncertain" in story.explanation
    assert story.lag_text("wire-1") == "≈ order unknown (date window)"


def test_unrelated_articles_form_no_story(tmp_path):
    assert detect_stories(_snapshot(tmp_path, [ORIGINAL, UNRELATED])) == []


def test_three_outlets_one_story(tmp_path):
    third = _with(REWORK, article_id="echo-1", outlet="Echo News", published="2025-09-28",
                  paragraphs=REWORK.paragraphs[:3])
    stories = detect_stories(_snapshot(tmp_path, [ORIGINAL, REWORK, third, UNRELATED]))
    assert [s.article_ids for s in stories] == [["wire-1", "rework-1", "echo-1"]]
    assert stories[0].lags["echo-1"] == 3.0


def test_hand_picked_group_overrides_detection(tmp_path):
    snapshot = _snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    story = story_from_articles(snapshot, ["rework-1", "other-1"])
    assert story.by_hand and story.explanation.startswith("Picked by hand")
    assert story.article_ids == ["other-1", "rework-1"] and story.first_reporter == "other-1"
    (link,) = story.links
    assert link.shared_quotes == 0 and link.share < 0.3
    with pytest.raises(ValueError, match="unknown article ids: nope"):
        story_from_articles(snapshot, ["rework-1", "nope"])


def test_restrict_to_articles(tmp_path):
    snapshot = _snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    assert detect_stories(snapshot, article_ids=["wire-1", "other-1"]) == []


def test_to_dict_is_plain_data(tmp_path):
    (story,) = detect_stories(_snapshot(tmp_path, [ORIGINAL, REWORK]))
    data = story.to_dict()
    assert data["article_ids"] == ["wire-1", "rework-1"] and data["links"][0]["reasons"]
    assert data["first_reporter"] == "wire-1" and data["lags_days"]["rework-1"] == 1.0


def test_story_title_is_a_printed_headline_not_the_first_reporters_url_words(tmp_path):
    from newslens.schema import ArticleCol
    slug = _with(ORIGINAL, title="Rozvidka povidomyla pro zagorodzhuvalni zahony",
                 title_note=f"no headline-shaped line at the top of the page; {ArticleCol.TITLE_FROM_URL}")
    (story,) = detect_stories(_snapshot(tmp_path, [slug, REWORK]))
    assert story.first_reporter == "wire-1"           # the order is unchanged...
    assert story.title == REWORK.title                # ...but the title is the headline a page printed


def test_story_title_is_never_an_article_id_or_untitled_while_a_member_has_a_title(tmp_path):
    # the first reporter's page printed no headline the cleaning could find (a bare url of digits)
    (story,) = detect_stories(_snapshot(tmp_path / "one", [_with(ORIGINAL, title=None), REWORK]))
    assert story.first_reporter == "wire-1" and story.title == REWORK.title
    (story,) = detect_stories(_snapshot(tmp_path / "two", [_with(ORIGINAL, title=None), _with(REWORK, title=None)]))
    assert story.title == "(untitled)" and "wire-1" not in story.title



def test_the_reason_an_order_is_uncertain(tmp_path):
    """Every view says why the first is uncertain from one rule (dates.order_uncertain_reason): an
    undated member may be older; dated windows that overlap cannot be ordered."""
    third = _with(REWORK, article_id="echo-1", outlet="Echo News", published=None, paragraphs=REWORK.paragraphs[:3])
    (story,) = detect_stories(_snapshot(tmp_path / "undated", [ORIGINAL, REWORK, third]))
    assert story.order_uncertain_reason == "a report is undated"
    (story,) = detect_stories(_snapshot(tmp_path / "month", [_with(ORIGINAL, published="2025-09"), REWORK]))
    assert story.order_uncertain_reason == "the possible dates overlap"
    assert "order uncertain: the possible dates overlap" in story.explanation
