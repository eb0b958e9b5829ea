"""``python -m newslens search``, run as a user runs it (subprocess), on the factory corpus."""
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
    hits = json.loads(proc.stdout)
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
    hits = json.loads(proc.stdout)
    assert hits and {h["outlet"] for h in hits} == {"Outlet B"}
    # the name in another case is that outlet (a reviewer's "Kyiv post" was an error)
    proc = run_cli("If anyone runs away, shoot them", "--data", str(tiny_data_dir), "--json", "--outlet", "outlet b")
    assert proc.returncode == 0, proc.stderr
    assert {h["outlet"] for h in json.loads(proc.stdout)} == {"Outlet B"}


def test_quoted_phrase_and_text_output(tiny_data_dir):
    proc = run_cli('"just shoot them"', "--data", str(tiny_data_dir), "--mode", "lexical")
    assert proc.returncode == 0, proc.stderr
    assert "Outlet B" in proc.stdout and "just shoot them" in proc.stdout
    assert "Outlet A" not in proc.stdout        # it says "shoot them" without "just"
    assert "https://outletb.test/a2" in proc.stdout


def test_hostile_text_is_output_as_data(tiny_data_dir):
    proc = run_cli("prices rose", "--data", str(tiny_data_dir), "--json", "--mode", "lexical", "--k", "1")
    hit = json.loads(proc.stdout)[0]
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
    assert isinstance(json.loads(proc.stdout), list)
    assert "Traceback" not in proc.stderr
