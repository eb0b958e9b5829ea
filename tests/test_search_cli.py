"""``python -m newslens search``, run as a user runs it (in-process: ``cli_utils``), on the factory corpus."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.factories import ArticleSpec, make_snapshot
from tests.cli_utils import run_newslens

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {"paragraph_id", "article_id", "outlet", "published", "title", "url", "text", "score"}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return run_newslens("search", *args)


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "lexical"])
def test_json_hits_in_rank_order_with_citable_fields(tiny_data_dir, mode):
    proc = run_cli("shoot anyone who retreats", "--data", str(tiny_data_dir), "--json", "--mode", mode,
                   "--k", "3", "--no-group")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)["results"]
    assert 1 <= len(hits) <= 3
    assert all(REQUIRED <= set(h) for h in hits)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "shoot" in hits[0]["text"].lower()
    assert all(h["outlet"] and h["url"].startswith("https://") for h in hits)
    assert all(h["language"] == "en" for h in hits)          # the article's, for a script (set 34's review)


def test_outlet_filter_and_grouped_re_reports(tiny_data_dir):
    proc = run_cli("If anyone runs away, shoot them", "--data", str(tiny_data_dir), "--json",
                   "--outlet", "Outlet B")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)["results"]
    assert hits and {h["outlet"] for h in hits} == {"Outlet B"}
    # the name in another case is that outlet (a reviewer's "Kyiv post" was an error)
    proc = run_cli("If anyone runs away, shoot them", "--data", str(tiny_data_dir), "--json", "--outlet", "outlet b")
    assert proc.returncode == 0, proc.stderr
    assert {h["outlet"] for h in json.loads(proc.stdout)["results"]} == {"Outlet B"}


def test_quoted_phrase_and_text_output(tiny_data_dir):
    proc = run_cli('"just shoot them"', "--data", str(tiny_data_dir), "--mode", "lexical")
    assert proc.returncode == 0, proc.stderr
    assert "Outlet B" in proc.stdout and "just shoot them" in proc.stdout
    assert "Outlet A" not in proc.stdout        # it says "shoot them" without "just"
    assert "https://outletb.test/a2" in proc.stdout


def test_hostile_text_is_output_as_data(tiny_data_dir):
    proc = run_cli("prices rose", "--data", str(tiny_data_dir), "--json", "--mode", "lexical", "--k", "1")
    hit = json.loads(proc.stdout)["results"][0]
    assert "<script>alert(1)</script>" in hit["text"] and "$5 to $10 **fast**" in hit["text"]


@pytest.mark.parametrize("args, message", [
    (["x", "--data", "{missing}"], "no snapshot"),
    (["x", "--data", "{tiny}", "--k", "0"], "--k must be between"),
    (["x", "--data", "{tiny}", "--outlet", "Nope"], "unknown outlet 'Nope'"),
    (["x", "--data", "{tiny}", "--model", "all-MiniLM-L6-v2"], "built with model 'hashing-64'"),
    (["x", "--data", "{other_dim}"], "(64 dimensions)"),
])
def test_errors_are_one_line_without_traceback(tiny_data_dir, tmp_path, args, message):
    other = tmp_path / "other"
    make_snapshot(other, [ArticleSpec("o", "O", ["Soldiers deserted."])], dim=32)
    # A snapshot whose manifest names hashing-64 but holds 32-dimensional vectors: refused on load
    # or by the model check, either way with a clear line.
    paths = {"missing": str(tmp_path / "nothing"), "tiny": str(tiny_data_dir), "other_dim": str(other)}
    if "{other_dim}" in args:
        manifest = next(other.glob("snapshots/*/manifest.json"))
        data = json.loads(manifest.read_text())
        data["model_name"] = "hashing-64"
        manifest.write_text(json.dumps(data))
    proc = run_cli(*[a.format(**paths) for a in args])
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ["", "!!! ???", "\U0001F600", "[(*+?", "x" * 50_000])
def test_odd_queries_exit_cleanly(tiny_data_dir, query):
    proc = run_cli(query, "--data", str(tiny_data_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    assert isinstance(json.loads(proc.stdout)["results"], list)
    assert "Traceback" not in proc.stderr


def test_json_says_what_made_it_and_keeps_the_notices(tiny_data_dir):
    """Set 34's review: `search --json` printed a bare list, its notices ("also matched the spellings:
    ...") went only to stderr, so a notebook reading stdout lost them and an exported file could not
    be traced to its query. Now one object: snapshot, inputs, notices (also on stderr), results."""
    from newslens.store import load_snapshot

    proc = run_cli("comandr", "--data", str(tiny_data_dir), "--json", "--mode", "lexical", "--k", "5",
                   "--outlet", "outlet a", "--kind", "body")
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["snapshot_id"] == load_snapshot(tiny_data_dir).snapshot_id
    assert payload["inputs"]["query"] == "comandr" and payload["inputs"]["mode"] == "lexical"
    assert payload["inputs"]["k"] == 5 and payload["inputs"]["group"] is True
    # the outlet as the snapshot spells it, as the Search page records its sidebar filter
    assert payload["inputs"]["filters"]["outlets"] == ["Outlet A"] and payload["inputs"]["filters"]["kinds"] == ["body"]
    [notice] = payload["notices"]
    assert "also matched the spellings: commander" in notice and notice in proc.stderr
    assert payload["results"] and {h["outlet"] for h in payload["results"]} == {"Outlet A"}


def test_each_hit_gives_its_date_as_said_and_in_iso_form(tiny_data_dir):
    """One name for one thing across commands: ``date`` as the page says it, ``date_iso`` the ISO form."""
    proc = run_cli("soldiers regiment", "--data", str(tiny_data_dir), "--json", "--mode", "lexical", "--k", "10",
                   "--no-group")
    dates = {h["article_id"]: (h["date"], h["date_iso"]) for h in json.loads(proc.stdout)["results"]}
    assert dates["a1"] == ("25 Sep 2025", "2025-09-25")
    assert dates["a3"] == ("Mar 2022 (day unknown)", "2022-03")
    assert dates["a4"] == ("date unknown", None)


def test_many_queries_in_one_run_print_one_search_per_line(tiny_data_dir, tmp_path):
    """A scripting reviewer (set 34) made 30 searches at about 5 s each, the model and index loaded
    every time: --queries searches them in one run, one JSON object per line, as a single search's."""
    queries = tmp_path / "queries.txt"
    queries.write_text("# claims to trace\nshoot anyone who retreats\n\nprices rose\n", encoding="utf-8")
    proc = run_cli("--queries", str(queries), "--data", str(tiny_data_dir), "--json", "--k", "2", "--mode", "lexical")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["inputs"]["query"] for d in lines] == ["shoot anyone who retreats", "prices rose"]
    assert all(d["snapshot_id"] and 1 <= len(d["results"]) <= 2 for d in lines)
    single = json.loads(run_cli("prices rose", "--data", str(tiny_data_dir), "--json", "--k", "2",
                                "--mode", "lexical").stdout)
    assert lines[1] == single                      # the same object a single search prints
    text = run_cli("--queries", str(queries), "--data", str(tiny_data_dir), "--mode", "lexical")
    assert "=== shoot anyone who retreats" in text.stdout and "=== prices rose" in text.stdout


def test_a_failed_line_of_a_batch_carries_the_envelope_of_the_lines_beside_it(tiny_data_dir, tmp_path, monkeypatch):
    """A batch line whose search fails said only its query: its object has the inputs as applied
    (mode, k, group, filters), notices and no results as every other line, plus the error."""
    from newslens.search import cli as search_cli
    from newslens.search.engine import SearchError

    real = search_cli.search

    def failing(index, query, **kwargs):
        if query == "prices rose":
            raise SearchError("the index could not be read")
        return real(index, query, **kwargs)

    monkeypatch.setattr(search_cli, "search", failing)
    queries = tmp_path / "queries.txt"
    queries.write_text("shoot anyone who retreats\nprices rose\n", encoding="utf-8")
    proc = run_cli("--queries", str(queries), "--data", str(tiny_data_dir), "--json", "--k", "2", "--mode", "lexical",
                   "--outlet", "Outlet A")
    assert proc.returncode == 0, proc.stderr
    good, bad = [json.loads(line) for line in proc.stdout.splitlines()]
    assert list(bad) == [*good, "error"] and bad["error"] == "the index could not be read"
    assert bad["inputs"] == {**good["inputs"], "query": "prices rose"}
    assert bad["inputs"]["mode"] == "lexical" and bad["inputs"]["k"] == 2
    assert bad["inputs"]["filters"]["outlets"] == ["Outlet A"]
    assert bad["results"] == [] and bad["notices"] == []


def test_more_like_this_from_the_command_line(tiny_data_dir):
    """The page's "More like this" had no command: --like PARAGRAPH_ID, no model needed."""
    first = json.loads(run_cli("If anyone runs away, shoot them", "--data", str(tiny_data_dir), "--json",
                               "--outlet", "Outlet A").stdout)["results"][0]
    proc = run_cli("--like", first["paragraph_id"], "--data", str(tiny_data_dir), "--json", "--k", "3")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["inputs"]["like"] == first["paragraph_id"] and out["inputs"]["query"] is None
    assert out["results"] and all(h["article_id"] != first["article_id"] for h in out["results"])
    bad = run_cli("--like", "no-such-paragraph", "--data", str(tiny_data_dir))
    assert bad.returncode != 0 and "no paragraph 'no-such-paragraph'" in bad.stderr
    both = run_cli("a query", "--like", first["paragraph_id"], "--data", str(tiny_data_dir))
    assert both.returncode != 0 and "give one of" in both.stderr


DATED = [
    ArticleSpec("early-en", "Front Daily", ["Soldiers of the brigade deserted their trench before dawn."],
                published="2023-02-10"),
    ArticleSpec("late-en", "Front Daily", ["Two soldiers deserted the brigade and were caught near the border."],
                published="2024-06-03"),
    ArticleSpec("late-de", "Tagesblatt", ["Soldaten der Brigade desertierten, two soldiers deserted at night."],
                published="2024-06-05", language="de"),
    ArticleSpec("undated-en", "Wire", ["Soldiers deserted the brigade, the undated wire report says."], published=None),
]


def test_search_takes_the_pages_language_and_date_filters(tmp_path):
    """Review, session 32: the Search page filters by language and dates (its sidebar), `search`
    only by outlet and kind. --language, --since and --until mean what the sidebar means (one rule,
    newslens.filters): an article that may have appeared in the range, undated ones kept."""
    make_snapshot(tmp_path, DATED)

    def found(*options: str) -> tuple[set[str], dict]:
        proc = run_cli("soldiers deserted", "--data", str(tmp_path), "--json", "--mode", "lexical", "--no-group",
                       *options)
        assert proc.returncode == 0, proc.stderr
        payload = json.loads(proc.stdout)
        return {h["article_id"] for h in payload["results"]}, payload["inputs"]["filters"]

    assert found()[0] == {"early-en", "late-en", "late-de", "undated-en"}
    ids, filters = found("--language", "DE")
    assert ids == {"late-de"} and filters["languages"] == ["de"]
    ids, filters = found("--since", "2024-01-01")
    assert ids == {"late-en", "late-de", "undated-en"} and filters["date_from"] == "2024-01-01"
    assert found("--until", "2023-12-31", "--language", "en")[0] == {"early-en", "undated-en"}
    bad = run_cli("soldiers", "--data", str(tmp_path), "--language", "fr")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: unknown language 'fr'; languages in this snapshot: de, en"
    bad = run_cli("soldiers", "--data", str(tmp_path), "--since", "June 2024")
    assert bad.returncode == 2 and "--since: not a date (YYYY-MM-DD)" in bad.stderr


def test_a_query_of_function_words_alone_is_said_to_be_ignored_in_json_and_on_stderr(tmp_path):
    """Review, session 32: "die sich" found nothing, and the notice said no word of it occurs."""
    make_snapshot(tmp_path, DATED + [ArticleSpec("de2", "Tagesblatt", ["Die Brigade hat sich aufgelöst, die Soldaten "
                                                                       "sind geflohen."], language="de")])
    proc = run_cli("die sich", "--data", str(tmp_path), "--json", "--mode", "lexical")
    assert proc.returncode == 0, proc.stderr
    notice = ("Search by words ignores German function words (\u201cdie\u201d, \u201csich\u201d); put a function "
              "word in quotes to match it as typed.")
    assert json.loads(proc.stdout)["notices"] == [notice]
    assert f"note: {notice}" in proc.stderr
    quoted = run_cli('"sich"', "--data", str(tmp_path), "--json", "--mode", "lexical")
    assert [h["article_id"] for h in json.loads(quoted.stdout)["results"]] == ["de2"]


def test_timeline_takes_the_same_language_filter(tmp_path):
    make_snapshot(tmp_path, DATED)
    proc = run_newslens("timeline", "--data", str(tmp_path), "--json", "--language", "de")
    assert proc.returncode == 0, proc.stderr
    assert [a["article_id"] for a in json.loads(proc.stdout)["articles"]] == ["late-de"]
