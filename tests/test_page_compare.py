"""The compare page, run through the real app with AppTest."""
from __future__ import annotations

import pytest

from tests.apptest_utils import all_markdown, run_app, visible_text
from tests.compare_cases import HOSTILE, ORIGINAL, REWORK, UNRELATED
from tests.factories import make_snapshot


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("compare_page")
    make_snapshot(data_dir, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    return data_dir


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_opens_on_the_detected_story(cases_dir):
    at = _ok(run_app(cases_dir, page="compare"))
    assert at.multiselect(key="cmp_articles").value[:2] == ["wire-1", "rework-1"]
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    assert at.query_params["articles"].startswith("wire-1,rework-1")
    text = all_markdown(at)
    # side by side: word marks and gaps
    assert "only in B" in text and "only in A" in text
    assert '<del class="nl-del"' in text and "you f&#42;kers" in text    # escaped, then marked
    # extracted differences
    assert "B drops the hedge &#39;could not independently verify&#39;" in text
    assert "Numbers and dates" in visible_text(at) and "Hedges" in visible_text(at)
    assert "Order of publication" in text and "Wire Service&#58; first" in text.replace(":", "&#58;") and "(first" not in text.replace("&#40;", "(")
    metrics = {m.label: m for m in at.metric}
    assert metrics["Hedges dropped"].value == "3" and metrics["Figures that disagree"].value == "0"
    assert "Not counted: figures only one article states (0 here" in metrics["Figures that disagree"].help
    assert at.download_button(key="cmp_download") is not None


def test_url_picks_articles_and_escapes_hostile_text(cases_dir):
    at = _ok(run_app(cases_dir, page="compare", query_params={"articles": "hostile,wire-1"}))
    assert at.multiselect(key="cmp_articles").value == ["hostile-1", "wire-1"]
    assert at.selectbox(key="cmp_story").value == "__by_hand__"
    text = all_markdown(at)
    assert "<script>" not in text and "**now**" not in text and "$5" not in text
    assert "&#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62;" in text or "&#60;script&#62;" in text


def test_bad_url_article_is_reported_not_fatal(cases_dir):
    at = _ok(run_app(cases_dir, page="compare", query_params={"articles": "nope,wire-1,rework-1"}))
    assert any("Link ignored" in w.value for w in at.warning)
    assert at.multiselect(key="cmp_articles").value == ["wire-1", "rework-1"]


def test_one_article_asks_for_more(cases_dir):
    at = _ok(run_app(cases_dir, page="compare"))
    at.multiselect(key="cmp_articles").set_value(["wire-1"]).run()
    _ok(at)
    assert any("two or more articles" in i.value for i in at.info)
    assert at.selectbox(key="cmp_story").value == "__by_hand__"


def test_three_articles_use_a_reference(cases_dir):
    at = _ok(run_app(cases_dir, page="compare"))
    at.multiselect(key="cmp_articles").set_value(["wire-1", "rework-1", "other-1"]).run()
    _ok(at)
    assert at.selectbox(key="cmp_reference").value == "wire-1"
    shown = at.selectbox(key="cmp_shown")
    assert shown.options and shown.value == "rework-1"
    shown.set_value("other-1").run()
    _ok(at)
    assert "Other Paper" in all_markdown(at)
    at.selectbox(key="cmp_reference").set_value("rework-1").run()
    _ok(at)
    assert at.query_params["articles"].startswith("rework-1,")


def test_story_pick_restores_group_after_hand_edit(cases_dir):
    at = _ok(run_app(cases_dir, page="compare"))
    story = at.selectbox(key="cmp_story").value
    at.multiselect(key="cmp_articles").set_value(["wire-1", "other-1"]).run()
    assert at.selectbox(key="cmp_story").value == "__by_hand__"
    at.selectbox(key="cmp_story").set_value(story).run()
    _ok(at)
    assert at.multiselect(key="cmp_articles").value[:2] == ["wire-1", "rework-1"]


def test_threshold_changes_alignment(cases_dir):
    at = _ok(run_app(cases_dir, page="compare"))
    loose = at.metric[0].value
    at.slider(key="cmp_threshold").set_value(0.95).run()
    _ok(at)
    assert at.metric[0].value != loose


def test_url_in_any_order_recognises_the_story_and_keeps_the_reference(cases_dir):
    at = _ok(run_app(cases_dir, page="compare", query_params={"articles": "rework-1,wire-1"}))
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    assert at.multiselect(key="cmp_articles").value == ["rework-1", "wire-1"]
    assert at.query_params["articles"] == "rework-1,wire-1"
    assert "A drops the hedge" in all_markdown(at)     # the reference is now the rework


def test_opens_on_the_story_the_grouping_is_surest_of_not_the_largest(tmp_path, monkeypatch):
    """A wrong merge makes a story larger and less sure: listed first (largest first), a weak story
    is not what the page opens on; the sure one is, and the weak one stays in the list."""
    import dataclasses

    from newslens.compare import story_store
    from newslens.compare.stories import Story
    from tests.compare_cases import ORIGINAL as O

    extra = dataclasses.replace(O, article_id="extra-1", outlet="Extra Outlet", paragraphs=["An unrelated harvest note."])
    make_snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED, HOSTILE, extra])
    real = story_store.story_result

    def with_a_weak_merge_first(snapshot, article_ids=None, verdicts=None):
        result = real(snapshot, article_ids, verdicts)
        (sure,) = [s for s in result.stories if "wire-1" in s.article_ids]
        weak = Story("story-weak", ["other-1", "hostile-1", "extra-1"], "Two events merged", [], "other-1", False,
                     {"other-1": 0.0}, confidence=0.55)
        return dataclasses.replace(result, stories=[weak, sure])

    monkeypatch.setattr(story_store, "story_result", with_a_weak_merge_first)
    at = _ok(run_app(tmp_path, page="compare"))
    assert at.multiselect(key="cmp_articles").value[:2] == ["wire-1", "rework-1"]
    assert at.selectbox(key="cmp_story").value not in ("story-weak", "__by_hand__")
    assert "story-weak" in at.selectbox(key="cmp_story").options or any(
        "Two events merged" in o for o in at.selectbox(key="cmp_story").options)


def test_the_story_list_says_which_stories_the_grouping_is_sure_of(tmp_path, monkeypatch):
    """Each story's label gives its confidence; a sure one (every report linked at twice the need)
    says so, as the Timeline's "who reported first" shows only those by default."""
    import dataclasses

    from newslens.compare import story_store
    from newslens.compare.stories import Story

    make_snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    real = story_store.story_result

    def a_sure_and_a_weak_story(snapshot, article_ids=None, verdicts=None):
        result = real(snapshot, article_ids, verdicts)
        (found,) = [s for s in result.stories if "wire-1" in s.article_ids]
        weak = Story("story-weak", ["other-1", "hostile-1"], "Two events merged", [], "other-1", False,
                     {"other-1": 0.0}, confidence=0.55)
        return dataclasses.replace(result, stories=[dataclasses.replace(found, confidence=1.0), weak])

    monkeypatch.setattr(story_store, "story_result", a_sure_and_a_weak_story)
    at = _ok(run_app(tmp_path, page="compare"))
    box = at.selectbox(key="cmp_story")
    labels = list(box.options)                      # as shown (formatted)
    assert any(label.endswith("(confidence 1.00, sure)") for label in labels), labels
    assert any("Two events merged" in label and label.endswith("(confidence 0.55, less sure: sure needs 1.00)") for label in labels), labels


def test_the_surest_story_is_the_most_confident_the_larger_among_equals():
    from newslens.compare.stories import Story, surest_story

    def story(sid, n, confidence):
        return Story(sid, [f"{sid}-{i}" for i in range(n)], sid, [], None, False, {}, confidence=confidence)

    assert surest_story([]) is None
    assert surest_story([story("big", 8, 0.81), story("sure", 2, 1.0)]).id == "sure"
    assert surest_story([story("two", 2, 0.996), story("three", 3, 1.0)]).id == "three"   # equal to 2 decimals
    assert surest_story([story("first", 2, 0.9), story("second", 2, 0.9)]).id == "first"  # the list's order


def test_a_translation_the_model_cannot_read_is_shown_paired_by_names(tmp_path):
    # An English report and its German rendering under the English model (tests/test_compare_translation.py).
    from tests.compare_cases import ENGLISH, GERMAN, EnglishOnlyModel
    from tests.factories import ArticleSpec

    make_snapshot(tmp_path, [ArticleSpec("en-report", "Outlet A", ENGLISH, language="en"),
                             ArticleSpec("de-translation", "Outlet B", GERMAN, language="de")],
                  embedder=EnglishOnlyModel())
    at = _ok(run_app(tmp_path, page="compare", query_params={"articles": "en-report,de-translation"}))
    assert any("paired as a translation" in w.value for w in at.warning)
    text = all_markdown(at)
    assert ">names</span>" in text and ">position</span>" in text and "Dmytro, Kedr, 14, Pavlivka" in text
    metrics = {m.label: m for m in at.metric}
    assert metrics["A carried by B"].value == "100%"
    # the tile says what the share rests on: no pair was compared by meaning
    assert metrics["A carried by B"].delta == metrics["B carried by A"].delta == "not by meaning"
    assert any("not compared by meaning" in c.value and "3 pairs by specifics, 4 placed by order between them" in c.value
               for c in at.caption)


def test_undated_reports_are_named_apart_not_given_an_order(tmp_path):
    """Set 28 (a reviewer): two undated articles read "A: date unknown → B: date unknown", an
    arrow for an order nobody knows."""
    import dataclasses
    make_snapshot(tmp_path, [dataclasses.replace(ORIGINAL, published=None), dataclasses.replace(REWORK, published=None)])
    at = _ok(run_app(tmp_path, page="compare", query_params={"articles": "wire-1,rework-1"}))
    line = next(m.value for m in at.markdown if "Order of publication" in m.value)
    assert "not known, fewer than two reports are dated" in line and "→" not in line
    make_snapshot(tmp_path / "one", [ORIGINAL, dataclasses.replace(REWORK, published=None)])
    at = _ok(run_app(tmp_path / "one", page="compare", query_params={"articles": "wire-1,rework-1"}))
    line = next(m.value for m in at.markdown if "Order of publication" in m.value)
    assert "not known, fewer than two reports are dated" in line and "first" not in line and "→" not in line


def test_each_article_names_its_language_so_two_editions_are_told_apart(tmp_path):
    """Set 35 (a reviewer): an outlet's Ukrainian and Russian editions read alike in the pickers, the
    A/B headers and the export ("sud.ua · Rf zaluchila ..."); only the ids told them apart."""
    import dataclasses

    from newslens.compare.alignment import compare_articles
    from newslens.compare.html_export import comparison_html
    from newslens.store import load_snapshot

    uk = dataclasses.replace(ORIGINAL, article_id="ed-uk", outlet="Court News", language="uk")
    ru = dataclasses.replace(ORIGINAL, article_id="ed-ru", outlet="Court News", language="ru")
    make_snapshot(tmp_path, [uk, ru, UNRELATED])
    at = _ok(run_app(tmp_path, page="compare", query_params={"articles": "ed-uk,ed-ru"}))
    chosen = at.multiselect(key="cmp_articles")
    labels = [chosen.format_func(a) for a in chosen.value]
    assert labels[0].startswith("Court News · uk · ") and labels[1].startswith("Court News · ru · ")
    html = comparison_html([compare_articles(load_snapshot(tmp_path), "ed-uk", "ed-ru")])
    assert "Court News (uk) vs Court News (ru)" in html


def test_the_order_note_gives_the_stories_reason(tmp_path):
    """A scripting reviewer (set 34): two reports of 29 and 30 May beside undated ones read "the
    possible publication dates overlap" on this page, where `stories --json` said the true reason,
    "a report is undated"."""
    import dataclasses
    echo = dataclasses.replace(REWORK, article_id="echo-1", outlet="Echo News", published=None,
                               paragraphs=REWORK.paragraphs[:3])
    make_snapshot(tmp_path, [ORIGINAL, REWORK, echo])
    at = _ok(run_app(tmp_path, page="compare", query_params={"articles": "wire-1,rework-1,echo-1"}))
    line = next(m.value for m in at.markdown if "Order of publication" in m.value)
    assert "a report is undated, so who was first is not known" in line
    assert "overlap" not in line


def test_stories_grouped_now_not_as_the_snapshot_stores_them_are_said_to_be(tmp_path, monkeypatch):
    """Review 30a, finding 1: a snapshot built by another version stores its own stories; the page
    groups them again and says so above the story list (without the command on a slide)."""
    from pipeline import build as build_mod
    from tests.factories import build_from_raw, stories_stored_by_another_version

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    stories_stored_by_another_version(data)
    at = _ok(run_app(data, page="compare"))
    (notice,) = [i.value for i in at.info if "grouped now" in i.value]
    assert notice.startswith("The stories are grouped now &#40;1&#41;, not read from the snapshot, which stores 1 ")
    # no machine path in the page's text (review, session 32): the command waits in an expander
    assert notice.endswith("other grouping settings&#46;") and "pipeline" not in notice and str(tmp_path) not in notice
    (command,) = [c.value for c in at.code if "pipeline build" in c.value]
    assert command.startswith("python -m pipeline build --raw ") and f"--out {data}" in command
    assert any(e.label == "How to store the stories grouped now" for e in at.expander)
    slide = _ok(run_app(data, page="compare", query_params={"present": "1"}))
    assert not [i.value for i in slide.info if "grouped now" in i.value]         # a fact about the build, not the corpus
    assert not [c.value for c in slide.code if "pipeline build" in c.value]


def test_a_snapshot_whose_stored_stories_are_the_ones_grouped_now_says_nothing(tmp_path, monkeypatch):
    """Review, session 32: every page said the stories were "grouped now, not read from the
    snapshot" after any code change, though the grouping was the stored one, article for article."""
    from pipeline import build as build_mod
    from tests.factories import build_from_raw, stories_stored_by_another_version

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    stories_stored_by_another_version(data, same_grouping=True)
    at = _ok(run_app(data, page="compare"))
    assert not [i.value for i in at.info if "grouped now" in i.value]
    assert not [c.value for c in at.code if "pipeline build" in c.value]


def test_a_comparison_across_an_unread_language_gives_the_rebuild_of_this_corpus(tmp_path, monkeypatch):
    """Review, session 31 (a Finnish/Romanian corpus of one's own): the comparison's note gave the
    bare "python -m pipeline build --model multilingual-e5-small", which rebuilds the bundled
    sample; the notices above it already gave the corpus' own folders."""
    from newslens import languages
    from newslens.compare import evidence
    from newslens.safe import escape_text
    from tests.factories import ArticleSpec

    for module in (languages, evidence):
        monkeypatch.setattr(module, "model_languages", lambda name, path=None: {"en"})
    data = tmp_path / "my-scrape" / "processed"
    make_snapshot(data, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night.",
                                           "Their commander had threatened to shoot anyone who retreated."],
                    published="2025-03-01"),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind nachts aus ihrer Einheit desertiert.",
                                          "Ihr Kommandeur hatte gedroht, jeden zu erschiessen, der zurueckweicht."],
                    published="2025-03-02", language="de"),
    ])
    at = _ok(run_app(data, page="compare", query_params={"articles": "en1,de1"}))
    notes = [w.value for w in at.warning if "multilingual" in w.value]
    assert notes, [w.value for w in at.warning]
    assert all(f"&#45;&#45;out {escape_text(str(data))}" in note for note in notes)


def test_a_story_larger_than_the_page_shows_says_which_reports_are_left_out(tmp_path, monkeypatch):
    """Review, session 32: a story labelled "7 articles" loaded 6 (the page compares 6 at most)
    and nothing said so. Here the cap is 2 and the story has 3 reports."""
    from newslens.ui import navigation
    from tests.test_story_store import RETELL

    monkeypatch.setattr(navigation, "COMPARE_MAX_ARTICLES", 2)
    make_snapshot(tmp_path, [ORIGINAL, REWORK, RETELL, UNRELATED])
    at = _ok(run_app(tmp_path, page="compare"))
    assert [o for o in at.selectbox(key="cmp_story").options if "3 articles: Wire Service" in o]
    assert at.multiselect(key="cmp_articles").value == ["wire-1", "rework-1"]
    (note,) = [i.value for i in at.info if "Showing 2 of this story" in i.value]
    assert note.startswith("Showing 2 of this story&#39;s 3 reports") and "Not shown&#58; Third Paper" in note
    assert "remove a report" in note
    slide = _ok(run_app(tmp_path, page="compare", query_params={"present": "1"}))
    (fact,) = [i.value for i in slide.info if "Showing 2 of this story" in i.value]
    assert "remove a report" not in fact


def test_a_story_of_undated_reports_opens_on_its_core_a_dated_one_on_its_earliest(tmp_path):
    """A real set opened an undated story on an untitled page of a wire copy (the first id), three
    titled reworks beside it: with no order of publication, the reference is the report the others
    are closest to (here the rework, linked firmly to both), said under the pickers."""
    import dataclasses

    from tests.test_story_store import RETELL

    undated = [dataclasses.replace(s, published=None) for s in (ORIGINAL, REWORK, RETELL)]
    make_snapshot(tmp_path, undated + [UNRELATED])
    at = _ok(run_app(tmp_path, page="compare"))
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    assert at.multiselect(key="cmp_articles").value[0] == "rework-1"            # not retell-1, the first id
    assert at.selectbox(key="cmp_reference").value == "rework-1"
    assert at.query_params["articles"].startswith("rework-1,")
    why = "Reference&#58; the report the others are closest to; the order of publication is not known&#46;"
    assert [c.value for c in at.caption if c.value == why], [c.value for c in at.caption]
    # the researcher's pick wins, and the line goes: it no longer says why the reference is this one
    at.selectbox(key="cmp_reference").set_value("wire-1").run()
    _ok(at)
    assert at.query_params["articles"].startswith("wire-1,")
    assert not [c.value for c in at.caption if "closest to" in c.value]
    # picking the story again (after an edit by hand) opens it on its core again
    story = at.selectbox(key="cmp_story").value
    at.multiselect(key="cmp_articles").set_value(["wire-1", "retell-1"]).run()
    at.selectbox(key="cmp_story").set_value(story).run()
    _ok(at)
    assert at.multiselect(key="cmp_articles").value[0] == "rework-1" and [c for c in at.caption if c.value == why]
    # ...a link's first article wins too
    linked = _ok(run_app(tmp_path, page="compare", query_params={"articles": "retell-1,rework-1,wire-1"}))
    assert linked.selectbox(key="cmp_reference").value == "retell-1"
    assert not [c.value for c in linked.caption if "closest to" in c.value]

    dated = tmp_path / "dated"
    make_snapshot(dated, [ORIGINAL, REWORK, RETELL, UNRELATED])
    at = _ok(run_app(dated, page="compare"))
    assert at.multiselect(key="cmp_articles").value == ["wire-1", "rework-1", "retell-1"]
    assert at.selectbox(key="cmp_reference").value == "wire-1"
    assert not [c.value for c in at.caption if "closest to" in c.value]
