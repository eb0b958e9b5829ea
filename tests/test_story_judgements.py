"""A researcher's verdicts on story grouping (``story_judgements.yaml``): the file, how every view
applies them, the `judge` command and the Compare page's panel."""
from __future__ import annotations

import json
import stat
import threading
from html import unescape
from pathlib import Path

import pytest
import yaml

from newslens.compare import judgements, story_store
from newslens.store import load_snapshot
from pipeline.ingest import discover_files
from pipeline.judgements import (JUDGEMENTS_NAME, Judgement, forget_judgements, load_judgements,
                                 save_judgements)
from tests.apptest_utils import goto, plotly_specs, run_app, visible_text
from tests.cli_utils import run_newslens
from tests.compare_cases import HOSTILE, ORIGINAL, REWORK, UNRELATED
from tests.factories import build_from_raw, make_snapshot

TIMELINE_NO_STORY = "No story is reported by more than one article here."


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, Path]:
    """A snapshot whose raw folder is here (the verdicts live in it): the wire report and its rework
    are one story, the other two stand alone. Its stories are grouped live (none stored)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    data = tmp_path / "data"
    make_snapshot(data, [ORIGINAL, REWORK, UNRELATED, HOSTILE], raw_dir=str(raw))
    return data, raw


@pytest.fixture(params=["grouped live", "stored by the build"])
def either(request, tmp_path) -> tuple[Path, Path]:
    """The same corpus, its stories grouped live or stored by a real build (every built snapshot's
    case: the verdicts are applied to the stored stories, ``story_store._judged``)."""
    if request.param == "grouped live":
        return request.getfixturevalue("corpus")
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    assert load_snapshot(data).stories is not None
    return data, tmp_path / "raw"


def _file(data: Path, article_id: str) -> str:
    """The article's file, as the snapshot records it (and a verdict names it)."""
    return judgements._files(load_snapshot(data))[article_id]


def _stories(data: Path, article_ids=None):
    return story_store.story_result(load_snapshot(data), article_ids)


def _members(result) -> list[set[str]]:
    return [set(s.article_ids) for s in result.stories]


# --- the file -------------------------------------------------------------------------------------

def test_saved_verdicts_read_back_and_the_newest_on_a_pair_wins(tmp_path):
    save_judgements(tmp_path, [Judgement.of("b.txt", "a.txt", "different", by="anna", at="2026-12-01")])
    save_judgements(tmp_path, [Judgement.of("a.txt", "b.txt", "same", note="one call, two cuts")])
    found, warnings = load_judgements(tmp_path)
    assert warnings == []
    assert [(j.a, j.b, j.verdict, j.note) for j in found] == [("a.txt", "b.txt", "same", "one call, two cuts")]
    assert forget_judgements(tmp_path, [("b.txt", "a.txt")]) == 1
    assert load_judgements(tmp_path) == ([], [])


def test_a_bad_entry_is_reported_and_the_rest_applies(tmp_path):
    (tmp_path / JUDGEMENTS_NAME).write_text(yaml.safe_dump({"judgements": [
        {"a": "a.txt", "b": "b.txt", "verdict": "maybe"}, "not a mapping", {"a": "a.txt", "b": "a.txt", "verdict": "same"},
        {"a": "a.txt", "b": "c.txt", "verdict": "different"}]}), encoding="utf-8")
    found, warnings = load_judgements(tmp_path)
    assert [(j.a, j.b) for j in found] == [("a.txt", "c.txt")]
    assert len(warnings) == 3 and "'maybe' is not one of same, different" in warnings[0]


def test_a_file_that_is_not_yaml_is_reported_and_never_written_over(tmp_path):
    path = tmp_path / JUDGEMENTS_NAME
    path.write_text("judgements: [unclosed", encoding="utf-8")
    assert load_judgements(tmp_path)[0] == [] and "no story judgement applied" in load_judgements(tmp_path)[1][0]
    with pytest.raises(ValueError, match="could not be read"):
        save_judgements(tmp_path, [Judgement.of("a.txt", "b.txt", "same")])
    assert path.read_text(encoding="utf-8") == "judgements: [unclosed"


def test_the_build_never_reads_the_verdicts_as_an_article(tmp_path):
    (tmp_path / "report.txt").write_text("A report.", encoding="utf-8")
    save_judgements(tmp_path, [Judgement.of("report.txt", "other.txt", "same")])
    assert [p.name for p in discover_files(tmp_path)] == ["report.txt"]


def test_two_tabs_saving_at_once_keep_both_verdicts(tmp_path):
    """Streamlit runs each visitor's session in a thread: two saves at once each keep the other's."""
    start = threading.Barrier(8)

    def save(n: int) -> None:
        start.wait()
        save_judgements(tmp_path, [Judgement.of(f"a{n}.txt", f"b{n}.txt", "different")])

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(j.a for j in load_judgements(tmp_path)[0]) == [f"a{n}.txt" for n in range(8)]


@pytest.mark.parametrize("text, said", [
    # a few hundred bytes of nested aliases expand past gigabytes
    ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
     "judgements: [{a: *c, b: y.txt, verdict: same}]\n", "could not be read"),
    ("judgements: [{a: " + "x" * 5000 + ".txt, b: y.txt, verdict: same}]\n", "'a' is longer than 1024 characters"),
    ("judgements: [{a: [1, 2], b: y.txt, verdict: same}]\n", "'a' is not a text"),
])
def test_a_hostile_verdicts_file_is_refused_with_a_reason(tmp_path, text, said):
    (tmp_path / JUDGEMENTS_NAME).write_text(text, encoding="utf-8")
    found, warnings = load_judgements(tmp_path)
    assert found == [] and any(said in w for w in warnings), warnings


def test_a_linked_verdicts_file_is_not_read(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("judgements: [{a: private.txt, b: y.txt, verdict: same}]\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / JUDGEMENTS_NAME).symlink_to(outside)
    found, warnings = load_judgements(raw)
    assert found == [] and "is a link" in warnings[0]
    with pytest.raises(ValueError, match="is a link"):
        save_judgements(raw, [Judgement.of("a.txt", "b.txt", "same")])
    assert "private.txt" in outside.read_text(encoding="utf-8")


def test_a_save_past_the_limits_is_refused_and_forgetting_still_works(tmp_path, monkeypatch):
    import pipeline.judgements as pj

    save_judgements(tmp_path, [Judgement.of(f"a{n}.txt", "b.txt", "same") for n in range(3)])
    monkeypatch.setattr(pj, "MAX_ENTRIES", 3)
    with pytest.raises(ValueError, match="would hold more than 3 verdicts"):
        save_judgements(tmp_path, [Judgement.of("a9.txt", "b.txt", "same")])
    assert len(load_judgements(tmp_path)[0]) == 3          # nothing written
    monkeypatch.setattr(pj, "MAX_ENTRIES", 2)              # a file over the limits (another version wrote it)
    assert load_judgements(tmp_path)[0] == []
    assert forget_judgements(tmp_path, [("a0.txt", "b.txt")]) == 1
    assert len(load_judgements(tmp_path)[0]) == 2


def test_a_new_verdicts_file_and_its_lock_follow_the_umask(tmp_path):
    """A colleague's account on a team server reads and locks them too (mkstemp made the file 0600)."""
    import os

    old = os.umask(0o022)
    try:
        save_judgements(tmp_path, [Judgement.of("a.txt", "b.txt", "same")])
    finally:
        os.umask(old)
    from newslens import fsutil

    assert stat.S_IMODE((tmp_path / JUDGEMENTS_NAME).stat().st_mode) == 0o666 & ~fsutil._UMASK
    assert stat.S_IMODE((tmp_path / f".{JUDGEMENTS_NAME}.lock").stat().st_mode) == 0o644


def test_the_lock_is_never_taken_through_a_link(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    (raw / f".{JUDGEMENTS_NAME}.lock").symlink_to(outside / "planted")
    with pytest.raises(OSError):
        save_judgements(raw, [Judgement.of("a.txt", "b.txt", "same")])
    assert not (outside / "planted").exists()


def test_a_save_keeps_the_files_permissions(tmp_path):
    save_judgements(tmp_path, [Judgement.of("a.txt", "b.txt", "same")])
    path = tmp_path / JUDGEMENTS_NAME
    path.chmod(0o664)
    save_judgements(tmp_path, [Judgement.of("a.txt", "c.txt", "same")])
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


# --- applied to the stories -----------------------------------------------------------------------

def test_different_takes_a_report_out_of_its_story(either):
    data, _ = either
    assert {"wire-1", "rework-1"} in _members(_stories(data))
    judgements.save_verdicts(load_snapshot(data), [("rework-1", "wire-1")], judgements.DIFFERENT, by="anna")
    assert not any({"wire-1", "rework-1"} <= m for m in _members(_stories(data)))
    assert not any({"wire-1", "rework-1"} <= m for m in _members(_stories(data, ["wire-1", "rework-1", "other-1"])))


def test_same_joins_a_lone_report_and_the_pair_is_sure(either):
    data, _ = either
    judgements.save_verdicts(load_snapshot(data), [("wire-1", "other-1")], judgements.SAME, by="anna",
                             note="the same intercepted call")
    result = _stories(data)
    story = next(s for s in result.stories if "other-1" in s.article_ids)
    assert set(story.article_ids) == {"wire-1", "rework-1", "other-1"}
    assert story.judged and "other-1 and wire-1: one event (by anna" in story.judged[0]
    assert story.explanation.startswith("Corrected by a researcher")
    joined = next(lk for lk in story.links if {lk.a, lk.b} == {"wire-1", "other-1"})
    assert joined.linked and joined.confidence == 1.0
    # a filter that hides one of the two leaves the verdict out
    shown = _stories(data, ["wire-1", "rework-1", "hostile-1"])
    assert not any("other-1" in m for m in _members(shown))


def test_confirming_every_report_makes_the_story_sure(either):
    data, _ = either
    before = next(s for s in _stories(data).stories if "wire-1" in s.article_ids)
    judgements.save_verdicts(load_snapshot(data), [("wire-1", "rework-1")], judgements.SAME)
    after = next(s for s in _stories(data).stories if "wire-1" in s.article_ids)
    assert set(after.article_ids) == set(before.article_ids) and after.sure and after.confidence == 1.0


def test_same_never_crosses_a_different_verdict_and_says_so(either):
    data, _ = either
    snapshot = load_snapshot(data)
    judgements.save_verdicts(snapshot, [("rework-1", "other-1")], judgements.DIFFERENT)
    judgements.save_verdicts(snapshot, [("wire-1", "other-1")], judgements.SAME)
    result = _stories(data)
    assert not any("other-1" in m for m in _members(result))
    assert any("is not applied: a \"different\" verdict keeps the two sides apart" in n for n in result.notices)


def test_a_verdict_on_a_file_the_snapshot_lacks_is_reported(either):
    data, raw = either
    save_judgements(raw, [Judgement.of("gone.txt", _file(data, "wire-1"), "different")])
    result = _stories(data)
    assert {"wire-1", "rework-1"} in _members(result)
    assert any("gone.txt is not in this snapshot" in n for n in result.notices)


def test_no_raw_folder_here_means_nothing_is_saved_and_the_reason_is_given(tmp_path):
    make_snapshot(tmp_path, [ORIGINAL, REWORK], raw_dir=str(tmp_path / "elsewhere"))
    with pytest.raises(judgements.JudgementError, match="is not on this machine"):
        judgements.save_verdicts(load_snapshot(tmp_path), [("wire-1", "rework-1")], judgements.SAME)


# --- the command line -----------------------------------------------------------------------------

def test_judge_command_saves_lists_and_forgets(corpus):
    data, raw = corpus
    done = run_newslens("judge", "different", "rework", "wire-1", "--note", "a later step", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "rework-1 and wire-1: different events" in done.stdout
    assert yaml.safe_load((raw / JUDGEMENTS_NAME).read_text(encoding="utf-8"))["judgements"] == [
        {"a": "rework-1.txt", "b": "wire-1.txt", "verdict": "different", "at": judgements.dt.date.today().isoformat(),
         "note": "a later step"}]
    listed = json.loads(run_newslens("judge", "list", "--data", str(data), "--json").stdout)
    assert [(v["a"], v["b"], v["verdict"]) for v in listed["verdicts"]] == [("rework-1", "wire-1", "different")]
    stories = json.loads(run_newslens("stories", "--data", str(data), "--json").stdout)["stories"]
    assert not any({"wire-1", "rework-1"} <= set(s["article_ids"]) for s in stories)
    assert run_newslens("judge", "forget", "wire-1", "rework-1", "--data", str(data)).stdout.startswith("Forgot 1 verdict.")
    stories = json.loads(run_newslens("stories", "--data", str(data), "--json").stdout)["stories"]
    assert any({"wire-1", "rework-1"} <= set(s["article_ids"]) for s in stories)


def test_judge_command_says_what_it_did_in_json(corpus):
    data, _ = corpus
    saved = json.loads(run_newslens("judge", "same", "wire-1", "other-1", "--note", "one call", "--by", "anna",
                                    "--data", str(data), "--json").stdout)
    assert saved["path"].endswith(JUDGEMENTS_NAME) and saved["not_applied"] == []
    [verdict] = saved["verdicts"]
    assert (verdict["a_file"], verdict["b_file"], verdict["by"], verdict["note"]) == ("other-1.txt", "wire-1.txt",
                                                                                     "anna", "one call")
    # a "same" verdict a "different" one blocks: saved, and said not to apply
    run_newslens("judge", "different", "rework-1", "hostile-1", "--data", str(data))
    blocked = run_newslens("judge", "same", "hostile-1", "wire-1", "--data", str(data), "--json")
    assert json.loads(blocked.stdout)["not_applied"] == [["hostile-1", "wire-1"]]
    assert "saved but not applied: hostile-1 and wire-1 stay apart" in blocked.stderr
    # list: the verdicts on the articles named
    listed = json.loads(run_newslens("judge", "list", "hostile-1", "--data", str(data), "--json").stdout)["verdicts"]
    assert {(v["a"], v["b"]) for v in listed} == {("hostile-1", "rework-1"), ("hostile-1", "wire-1")}
    gone = run_newslens("judge", "forget", "wire-1", "rework-1", "--data", str(data), "--json")
    assert json.loads(gone.stdout)["forgotten"] == 0 and "no verdict on wire-1 and rework-1 to forget" in gone.stderr


def test_no_story_left_says_a_verdict_may_be_why(corpus):
    data, _ = corpus
    run_newslens("judge", "different", "wire-1", "rework-1", "--data", str(data))
    said = run_newslens("stories", "--data", str(data)).stdout
    assert "No story groups" in said and "a researcher's verdicts keep them apart (1 verdict" in said


def test_stories_over_another_window_apply_the_verdicts_too(corpus):
    data, _ = corpus
    run_newslens("judge", "different", "wire-1", "rework-1", "--data", str(data))
    stories = json.loads(run_newslens("stories", "--max-days", "30", "--data", str(data), "--json").stdout)["stories"]
    assert not any({"wire-1", "rework-1"} <= set(s["article_ids"]) for s in stories)


def test_judge_command_refuses_clearly(corpus, monkeypatch):
    data, raw = corpus
    one = run_newslens("judge", "same", "wire-1", "--data", str(data))
    assert one.returncode == 2 and "needs two or more different article ids" in one.stderr
    unknown = run_newslens("judge", "same", "wire-1", "nope", "--data", str(data))
    assert unknown.returncode == 2 and "no article 'nope'" in unknown.stderr
    monkeypatch.setenv("NEWSLENS_READ_ONLY", "1")
    refused = run_newslens("judge", "same", "wire-1", "rework-1", "--data", str(data))
    assert refused.returncode == 2 and "read-only" in refused.stderr
    assert not (raw / JUDGEMENTS_NAME).exists()


# --- the Compare page -----------------------------------------------------------------------------

def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _rereport_labels(at) -> list[str]:
    """What the Timeline's "Who reported first" chart says (its lags, or why it has none)."""
    spec = plotly_specs(at)["Who reported first: re-reports of the same story"]
    return [a.get("text") or "" for a in spec["layout"].get("annotations", [])]


def test_compare_page_takes_a_report_out_and_undoes_it(corpus):
    data, raw = corpus
    at = _ok(run_app(data, page="compare"))
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    at.text_input(key="cmp_verdict_note").set_value("a different cut of the call")
    _ok(at.multiselect(key="cmp_verdict_out").set_value(["rework-1"]).run())
    _ok(at.button(key="cmp_verdict_take_out").click().run())
    saved = yaml.safe_load((raw / JUDGEMENTS_NAME).read_text(encoding="utf-8"))["judgements"]
    assert [(e["a"], e["b"], e["verdict"], e["note"]) for e in saved] == [
        ("rework-1.txt", "wire-1.txt", "different", "a different cut of the call")]
    assert any("Saved: 1 report taken out of this story." in unescape(s.value) for s in at.success)
    assert "Correct the grouping (1 verdict on these reports)" in [e.label for e in at.expander]
    # the story is gone (two reports, one taken out): the same two stay side by side, picked by hand
    assert at.selectbox(key="cmp_story").value == "__by_hand__"
    assert set(at.multiselect(key="cmp_articles").value) == {"wire-1", "rework-1"}
    assert "Story (0 detected)" in [s.label for s in at.selectbox]
    # every view shows it at once: the Timeline has no story to order
    timeline = _ok(goto(at, "timeline"))
    said = _rereport_labels(timeline)
    assert TIMELINE_NO_STORY in said and "+1 day" not in said, said
    at = _ok(goto(timeline, "compare"))
    verdict = at.multiselect(key="cmp_verdict_forget")
    assert len(verdict.options) == 1 and "different events" in verdict.options[0]
    _ok(verdict.set_value(verdict.options).run())
    _ok(at.button(key="cmp_verdict_undo").click().run())
    assert yaml.safe_load((raw / JUDGEMENTS_NAME).read_text(encoding="utf-8"))["judgements"] == []
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    assert any("Undone: 1 verdict." in unescape(s.value) for s in at.success)


def test_compare_page_lists_a_report_kept_apart_and_joins_it_with_one_click(corpus):
    # the hostile report tells the wire story's event too, with too little evidence to link: the panel
    # lists it (escaped) among the reports kept apart, and "Join" saves a "same" verdict on the closest pair
    data, raw = corpus
    at = _ok(run_app(data, page="compare"))
    assert set(at.multiselect(key="cmp_articles").value) == {"wire-1", "rework-1"}
    listed = [unescape(m.value) for m in at.markdown
              if "evidence 1&#46;28" in m.value and not unescape(m.value).startswith("Related, not the same story")]
    assert len(listed) == 1 and "Hostile Outlet" in listed[0] and "below the evidence a link needs" in listed[0], listed
    _ok(at.button(key="cmp_verdict_join_rework-1_hostile-1").click().run())
    saved = yaml.safe_load((raw / JUDGEMENTS_NAME).read_text(encoding="utf-8"))["judgements"]
    assert [(e["a"], e["b"], e["verdict"]) for e in saved] == [("hostile-1.txt", "rework-1.txt", "same")]
    assert {"wire-1", "rework-1", "hostile-1"} in _members(_stories(data))
    assert set(at.multiselect(key="cmp_articles").value) == {"wire-1", "rework-1", "hostile-1"}
    assert any("joined to this story" in unescape(s.value) for s in at.success)


def test_a_report_kept_apart_through_a_member_taken_out_is_not_offered(corpus):
    # the hostile report was kept apart from the story through the rework (its closest pair); once a
    # verdict takes the rework out, "Join" would join the rework, not the story shown: not offered
    data, raw = corpus
    save_judgements(raw, [Judgement.of("rework-1.txt", "wire-1.txt", "different"),
                          Judgement.of("other-1.txt", "wire-1.txt", "same")])
    at = _ok(run_app(data, page="compare"))
    assert set(at.multiselect(key="cmp_articles").value) == {"wire-1", "other-1"}
    assert not [b.key for b in at.button if str(b.key).startswith("cmp_verdict_join_")]


def test_a_report_kept_apart_says_every_report_join_brings_in(corpus):
    # a verdict joined the hostile report to another since the grouping listed it: "Join" brings in both,
    # and the list says so (second review, session 37)
    data, raw = corpus
    save_judgements(raw, [Judgement.of("hostile-1.txt", "other-1.txt", "same")])
    at = _ok(run_app(data, page="compare", query_params={"articles": "wire-1,rework-1"}))
    listed = [unescape(m.value) for m in at.markdown
              if "evidence 1&#46;28" in m.value and not unescape(m.value).startswith("Related, not the same story")]
    assert len(listed) == 1 and "Hostile Outlet" in listed[0] and "Other Paper" in listed[0], listed
    _ok(at.button(key="cmp_verdict_join_rework-1_hostile-1").click().run())
    assert {"wire-1", "rework-1", "hostile-1", "other-1"} in _members(_stories(data))


def test_compare_page_joins_articles_picked_by_hand(corpus):
    data, raw = corpus
    at = _ok(run_app(data, page="compare", query_params={"articles": "wire-1,other-1"}))
    assert at.selectbox(key="cmp_story").value == "__by_hand__"
    _ok(at.button(key="cmp_verdict_same").click().run())
    assert at.selectbox(key="cmp_story").value.startswith("story-")
    assert "Corrected by a researcher" in visible_text(at)
    assert at.selectbox(key="cmp_story").format_func(at.selectbox(key="cmp_story").value).endswith(
        "corrected by a researcher)")
    assert {"wire-1", "other-1"} <= set(at.multiselect(key="cmp_articles").value)
    reader = _ok(goto(at, "articles"))            # the Reader says so of the article's story
    assert "corrected by a researcher" in visible_text(reader)


def test_compare_page_says_when_a_verdict_cannot_apply(corpus):
    data, _ = corpus
    judgements.save_verdicts(load_snapshot(data), [("rework-1", "other-1")], judgements.DIFFERENT)
    at = _ok(run_app(data, page="compare", query_params={"articles": "wire-1,other-1"}))
    _ok(at.button(key="cmp_verdict_same").click().run())
    assert any("Saved: these reports tell one event." in unescape(s.value) for s in at.success)
    said = " ".join(unescape(w.value) for w in at.warning)
    assert "Not applied to other-1 and wire-1" in said or "Not applied to wire-1 and other-1" in said, said
    assert "is not applied: a \"different\" verdict keeps the two sides apart" in said
    assert not any("is not applied" in unescape(i.value) for i in at.info)      # once, in the panel
    assert any(e.label.endswith("1 notice about the verdicts)") for e in at.expander)
    assert at.selectbox(key="cmp_story").value == "__by_hand__"
    timeline = _ok(goto(at, "timeline"))           # the Timeline says so too
    assert any("is not applied: a \"different\" verdict keeps the two sides apart" in unescape(i.value)
               for i in timeline.info)


def test_compare_page_offers_only_ones_own_verdicts_to_undo_under_sign_in(corpus, monkeypatch):
    """As a build's Cancel: with sign-in, a verdict is undone by its author or an administrator."""
    from newslens.ui import access

    data, raw = corpus
    save_judgements(raw, [Judgement.of("wire-1.txt", "other-1.txt", "different", by="anna@example.org")])
    monkeypatch.setattr(access, "may_stop_build", lambda owner: owner is None)     # signed in as someone else
    at = _ok(run_app(data, page="compare", query_params={"articles": "wire-1,other-1"}))
    assert at.multiselect(key="cmp_verdict_forget").options == []
    said = " ".join(unescape(c.value) for c in at.caption)
    assert "Not yours to undo" in said and "(by anna)" in said and "anna@example.org" not in said


def test_compare_page_never_replaces_a_verdict_one_may_not_undo(corpus, monkeypatch):
    from newslens.ui import access

    data, raw = corpus
    save_judgements(raw, [Judgement.of("wire-1.txt", "other-1.txt", "different", by="anna@example.org")])
    monkeypatch.setattr(access, "build_owner", lambda: "bob@example.org")
    monkeypatch.setattr(access, "may_stop_build", lambda owner: owner in (None, "bob@example.org"))
    at = _ok(run_app(data, page="compare", query_params={"articles": "wire-1,other-1"}))
    _ok(at.button(key="cmp_verdict_same").click().run())
    assert any("Not saved: other-1 and wire-1: different events (by anna)" in unescape(e.value) for e in at.error)
    saved = yaml.safe_load((raw / JUDGEMENTS_NAME).read_text(encoding="utf-8"))["judgements"]
    assert [(e["verdict"], e["by"]) for e in saved] == [("different", "anna@example.org")]


def test_compare_page_on_a_read_only_server_still_says_a_verdict_not_applied(corpus, monkeypatch):
    data, raw = corpus
    save_judgements(raw, [Judgement.of("gone.txt", "wire-1.txt", "different")])
    monkeypatch.setenv("NEWSLENS_READ_ONLY", "1")
    at = _ok(run_app(data, page="compare"))
    assert any("gone.txt is not in this snapshot" in unescape(w.value) for w in at.warning)


def test_compare_page_says_when_the_raw_folder_is_not_here(tmp_path):
    make_snapshot(tmp_path, [ORIGINAL, REWORK], raw_dir=str(tmp_path / "elsewhere"))
    at = _ok(run_app(tmp_path, page="compare"))
    assert any("which are not on this machine: none can be saved here, and the stories are the grouping's own"
               in unescape(c.value) for c in at.caption)
    with pytest.raises(KeyError):
        at.button(key="cmp_verdict_take_out")


def test_compare_page_offers_no_verdicts_on_a_read_only_server(corpus, monkeypatch):
    data, raw = corpus
    monkeypatch.setenv("NEWSLENS_READ_ONLY", "1")
    at = _ok(run_app(data, page="compare"))
    assert "Correct the grouping" not in [e.label for e in at.expander]
    with pytest.raises(KeyError):
        at.button(key="cmp_verdict_take_out")


# --- a snapshot moved without its raw folder ---------------------------------------------------------

def _moved_away(tmp_path: Path, verdicts: str | None) -> Path:
    """A real build of the corpus whose raw folder held ``verdicts`` (the file's text), then the raw
    folder gone from this machine (a snapshot shared with a colleague); the data folder."""
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED, HOSTILE],
                          {JUDGEMENTS_NAME: verdicts} if verdicts is not None else None)
    (tmp_path / "raw").rename(tmp_path / "raw-elsewhere")
    return data


_TAKE_OUT = "judgements:\n  - {a: wire-1.md, b: rework-1.md, verdict: different, by: anna, note: a later step}\n"


def test_a_build_carries_the_verdicts_so_a_snapshot_without_its_raw_folder_still_shows_them(tmp_path):
    data = _moved_away(tmp_path, _TAKE_OUT)
    result = _stories(data)
    assert not any({"wire-1", "rework-1"} <= members for members in _members(result))
    assert any("the raw folder this snapshot was built from is not on this machine" in n
               and "cannot be changed here" in n for n in judgements.verdict_notices(result))
    with pytest.raises(judgements.JudgementError, match="is not on this machine"):
        judgements.save_verdicts(load_snapshot(data), [("wire-1", "rework-1")], judgements.SAME)
    listed = json.loads(run_newslens("judge", "list", "--data", str(data), "--json").stdout)
    assert [(v["a"], v["b"], v["verdict"], v["by"]) for v in listed["verdicts"]] == [
        ("rework-1", "wire-1", "different", "anna")]


def test_timeline_and_compare_say_the_verdicts_shown_are_the_builds_copy(tmp_path):
    # a hand-made join: the story Compare opens on holds the report the verdict joined
    data = _moved_away(tmp_path, "judgements:\n  - {a: wire-1.md, b: other-1.md, verdict: same}\n"
                                 "  - {a: wire-1.md, b: gone-away.md, verdict: different}\n")
    assert {"wire-1", "rework-1", "other-1"} in _members(_stories(data))
    timeline = _ok(run_app(data, page="timeline"))
    assert any("as its build found them" in unescape(i.value) for i in timeline.info)
    compare = _ok(run_app(data, page="compare"))
    assert any("the stories show the verdicts this snapshot's build carried with it" in unescape(c.value)
               for c in compare.caption)
    assert any("gone-away.md is not in this snapshot" in unescape(w.value) for w in compare.warning)
    with pytest.raises(KeyError):
        compare.button(key="cmp_verdict_take_out")


def test_a_snapshot_built_without_verdicts_says_nothing_of_them_when_moved(tmp_path):
    data = _moved_away(tmp_path, None)
    result = _stories(data)
    assert {"wire-1", "rework-1"} in _members(result)
    assert judgements.verdict_notices(result) == []


def test_an_unreadable_verdicts_file_is_not_carried_and_the_build_says_so(tmp_path):
    from pipeline.build import build_snapshot
    from tests.factories import HashingEmbedder, front_matter

    raw = tmp_path / "raw"
    raw.mkdir()
    for spec in (ORIGINAL, REWORK):
        (raw / f"{spec.article_id}.md").write_text(front_matter(spec), encoding="utf-8")
    (raw / JUDGEMENTS_NAME).write_text("judgements: [unclosed\n", encoding="utf-8")
    report = build_snapshot(raw, tmp_path / "data", embedder=HashingEmbedder(64))
    assert any(w["file"] == JUDGEMENTS_NAME and "not carried into the snapshot" in w["message"]
               for w in report.warnings)
    assert not (report.path / JUDGEMENTS_NAME).exists()
    manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
    assert any(w["file"] == JUDGEMENTS_NAME and "not carried" in w["message"] for w in manifest["warnings"])


def test_the_carried_copy_names_authors_as_every_view_does_and_never_follows_a_link(tmp_path):
    data = _moved_away(tmp_path, "judgements:\n  - {a: wire-1.md, b: other-1.md, verdict: same, by: anna@example.org}\n")
    carried = judgements.carried_verdicts(load_snapshot(data)).read_text(encoding="utf-8")
    assert "anna@example.org" not in carried and "by: anna" in carried
    from pipeline.judgements import snapshot_copy

    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("judgements:\n  - {a: x.md, b: y.md, verdict: same}\n", encoding="utf-8")
    raw = tmp_path / "raw2"
    raw.mkdir()
    (raw / JUDGEMENTS_NAME).symlink_to(elsewhere)
    with pytest.raises(ValueError, match="a link"):
        snapshot_copy(raw)
    (raw / JUDGEMENTS_NAME).unlink()
    import os

    os.mkfifo(raw / JUDGEMENTS_NAME)          # a named pipe would block a plain open forever
    with pytest.raises(ValueError, match="not a regular file"):
        snapshot_copy(raw)
