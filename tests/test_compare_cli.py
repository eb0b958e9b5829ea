"""`python -m newslens compare` and `python -m newslens stories`, run as a user would (in-process: ``cli_utils``)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.compare_cases import HOSTILE, ORIGINAL, REWORK, UNRELATED
from tests.factories import make_snapshot
from tests.cli_utils import run_newslens

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def newslens():
    """``newslens(*args)`` runs the CLI in this process and returns (returncode, stdout, stderr)."""
    return run_newslens


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("compare_cli")
    make_snapshot(data_dir, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    return data_dir


def test_compare_json(newslens, cases_dir):
    result = newslens("compare", "wire-1", "rework", "--data", str(cases_dir), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["a"]["article_id"] == "wire-1" and data["b"]["article_id"] == "rework-1"
    pairs = data["pairs"]
    assert [(p["a"] is not None, p["b"] is not None) for p in pairs] == [
        (True, True), (False, True), (True, True), (True, False), (True, True), (True, True)]
    only_b = pairs[1]
    assert only_b["a"] is None and only_b["a_text"] is None and only_b["similarity"] is None
    assert "Stalin-era" in only_b["b_text"]
    assert pairs[0]["similarity"] > 0.5 and pairs[0]["a"] == data["pairs"][0]["a_ids"][0]
    quote = data["quotes"]["a"][0]
    assert quote["censored"] == ["f*kers"] and quote["matches"][0]["words_only_here"] == ["you f*kers"]
    assert {row["status"] for row in data["numbers"]} == {"same"}
    families = {(f["dropped_by"], f["family"]) for f in data["hedges"]["flags"]}
    assert ("B", "not independently verified") in families
    assert 0.7 <= data["reuse"]["a_in_b"] <= 1.0


def test_compare_json_says_what_made_it_and_each_date_as_every_command_does(newslens, cases_dir):
    """Set 34's review: only `stories --json` said its snapshot; compare's ``date`` was the ISO form
    ("2025-09-25") where search and timeline say "25 Sep 2025". Now the envelope every command gives
    (snapshot_id, inputs with the ids resolved, notices), ``date`` as said and ``date_iso``."""
    from newslens.store import load_snapshot

    data = json.loads(newslens("compare", "wire", "rework", "--data", str(cases_dir), "--json").stdout)
    assert data["snapshot_id"] == load_snapshot(cases_dir).snapshot_id
    assert data["inputs"] == {"articles": ["wire-1", "rework-1"], "threshold": None}
    assert data["notices"] == data["notes"]
    assert (data["a"]["date"], data["a"]["date_iso"], data["a"]["published"]) == ("25 Sep 2025", "2025-09-25",
                                                                                  "2025-09-25")
    several = json.loads(newslens("compare", "wire-1", "rework-1", "other-1", "--data", str(cases_dir),
                                  "--json", "--threshold", "0.5").stdout)
    assert several["snapshot_id"] == data["snapshot_id"]
    assert several["inputs"] == {"articles": ["wire-1", "rework-1", "other-1"], "threshold": 0.5}
    assert several["comparisons"][1]["b"]["date"] == "18 Mar 2022"


def test_compare_text(newslens, cases_dir):
    result = newslens("compare", "wire-1", "rework-1", "--data", str(cases_dir))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Reuse:" in out and "Wire Service" in out and "Rework Daily" in out
    assert "B drops the hedge 'could not independently verify'" in out
    assert "only here: you f*kers" in out


def test_compare_more_than_two_uses_first_as_reference(newslens, cases_dir):
    result = newslens("compare", "wire-1", "rework-1", "other-1", "--data", str(cases_dir), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reference"] == "wire-1"
    assert [c["b"]["article_id"] for c in data["comparisons"]] == ["rework-1", "other-1"]


def test_hostile_text_is_data_in_json(newslens, cases_dir):
    result = newslens("compare", "hostile-1", "wire-1", "--data", str(cases_dir), "--json")
    data = json.loads(result.stdout)
    texts = [p["a_text"] for p in data["pairs"] if p["a_text"]]
    assert any("<script>alert(1)</script>" in t and "$5 to $10 **now**" in t for t in texts)


@pytest.mark.parametrize("args, message", [
    (["compare", "wire-1"], "at least two article ids"),
    (["compare", "wire-1", "nope"], "no article 'nope'"),
    (["compare", "wire-1", "wire-1"], "different one"),
    (["compare", "wire-1", "rework-1", "--threshold", "3"], "between 0 and 1"),
])
def test_compare_bad_input(newslens, cases_dir, args, message):
    result = newslens(*args, "--data", str(cases_dir))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_entry_point_missing_snapshot_is_one_line(tmp_path):
    result = run_newslens("compare", "a", "b", "--data", str(tmp_path / "missing"), "--json")
    assert result.returncode == 2 and "no snapshot" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_entry_point_stories(cases_dir):
    result = run_newslens("stories", "--data", str(cases_dir), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stories"][0]["first_reporter"] == "wire-1"


def test_stories_missing_snapshot(newslens, tmp_path):
    result = newslens("stories", "--data", str(tmp_path / "missing"))
    assert result.returncode == 2 and "no snapshot" in result.stderr


def test_stories_json_and_text(newslens, cases_dir):
    result = newslens("stories", "--data", str(cases_dir), "--json")
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)["stories"]
    assert [s["article_ids"] for s in stories] == [["wire-1", "rework-1", "hostile-1"]] or \
        [s["article_ids"][:2] for s in stories] == [["wire-1", "rework-1"]]
    story = stories[0]
    assert story["first_reporter"] == "wire-1" and story["lags_days"]["rework-1"] == 1.0
    assert story["links"] and story["explanation"]
    # one key to join with `timeline --json` (a reviewer's spreadsheet joined "id" to "story_id")
    timeline = json.loads(newslens("timeline", "--data", str(cases_dir), "--json").stdout)
    timeline_ids = {g["story_id"] for g in timeline["rereports"]["stories"]}
    assert story["story_id"] == story["id"] and story["story_id"] in timeline_ids
    text = newslens("stories", "--data", str(cases_dir))
    assert text.returncode == 0 and "why:" in text.stdout and "+1 day\n" in text.stdout


def test_stories_and_timeline_json_name_the_first_reporter_alike(newslens, cases_dir):
    """Set 34's review: the first report was `first_reporter`/`first_reporter_certain` in stories but
    `first_article_id`/`order_certain` in timeline. Timeline now gives the stories' names (the old
    two stay, deprecated); both carry the envelope: snapshot_id, inputs, notices."""
    stories = json.loads(newslens("stories", "--data", str(cases_dir), "--json", "--max-days", "3").stdout)
    timeline = json.loads(newslens("timeline", "--data", str(cases_dir), "--json").stdout)
    assert stories["inputs"] == {"max_days": 3.0} and stories["snapshot_id"] == timeline["snapshot_id"]
    assert isinstance(stories["notices"], list) and isinstance(timeline["notices"], list)
    story = stories["stories"][0]
    [grouped] = [g for g in timeline["rereports"]["stories"] if g["story_id"] == story["story_id"]]
    assert (grouped["first_reporter"], grouped["first_reporter_certain"]) == \
        (story["first_reporter"], story["first_reporter_certain"]) == ("wire-1", True)
    assert (grouped["first_article_id"], grouped["order_certain"]) == ("wire-1", True)    # deprecated names
    # each member's date under the keys every --json uses (by member id, as lags), the time apart
    assert (story["date"]["wire-1"], story["date_iso"]["wire-1"]) == ("25 Sep 2025", "2025-09-25")
    assert set(story["time_utc"]) == set(story["article_ids"])
    assert (story["dates"], story["dates_text"]) == (story["date_iso"], story["date"])     # deprecated names


def test_stories_max_days_help_says_its_default_and_that_a_smaller_window_can_split(newslens):
    """Set 34's review: `--max-days 0` gave more stories (22) than the default (21), and the help gave
    neither the default nor why."""
    from newslens.compare.stories import MAX_DAYS

    text = " ".join(newslens("stories", "--help").stdout.split())
    assert f"(default {MAX_DAYS:g})" in text and "smaller window can split a story in two" in text


def test_stories_none(newslens, tmp_path):
    make_snapshot(tmp_path, [ORIGINAL, UNRELATED])
    result = newslens("stories", "--data", str(tmp_path))
    assert result.returncode == 0 and "No story groups" in result.stdout


def test_stories_give_a_dated_report_its_date_when_no_order_is_known(newslens, tmp_path):
    """Set 35 (a reviewer): with one report of a story dated, `stories` printed "date unknown" for it and
    `--json` carried no date at all, so a scripted who-and-when table showed it undated."""
    import dataclasses
    make_snapshot(tmp_path, [ORIGINAL, dataclasses.replace(REWORK, published=None)])
    text = newslens("stories", "--data", str(tmp_path))
    assert text.returncode == 0
    line = next(row for row in text.stdout.splitlines() if row.strip().startswith("wire-1"))
    assert ORIGINAL.published in line and "fewer than two reports are dated" in line
    (story,) = json.loads(newslens("stories", "--data", str(tmp_path), "--json").stdout)["stories"]
    assert story["dates"] == {"wire-1": ORIGINAL.published, "rework-1": None}


def test_compare_reads_a_german_range_and_age_as_the_english_ones(newslens, tmp_path):
    """Two reports of one call-up in two languages: "18 bis 27 Jahre" and "ein 27-jähriger Rekrut" are the
    English "18 to 27 years" and "a 27-year-old recruit", each one figure both state (they were counts of
    "Jahre" and "jähriger", each listed only in the German report)."""
    from tests.factories import ArticleSpec
    english = ["Men aged 18 to 27 years must now report for service, the ministry in Moscow said.",
               "A 27-year-old recruit from Kazan fled across the border 5 days ago."]
    german = ["Männer von 18 bis 27 Jahre müssen sich nun zum Dienst melden, teilte das Ministerium in Moskau mit.",
              "Ein 27-jähriger Rekrut aus Kasan floh vor 5 Tagen über die Grenze."]
    make_snapshot(tmp_path, [ArticleSpec("en-call-up", "Outlet A", english, language="en"),
                             ArticleSpec("de-call-up", "Outlet B", german, language="de")])
    result = newslens("compare", "en-call-up", "de-call-up", "--data", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    rows = [(row["status"], row["a"]["text"] if row["a"] else None, row["b"]["text"] if row["b"] else None)
            for row in json.loads(result.stdout)["numbers"]]
    assert sorted(rows) == [("same", "18 to 27 years", "18 bis 27 Jahre"), ("same", "27-year-old", "27-jähriger"),
                            ("same", "5 days ago", "5 Tagen")]
    text = newslens("compare", "en-call-up", "de-call-up", "--data", str(tmp_path)).stdout
    assert "same                             A: 18 to 27 years" in text and "only in" not in text
