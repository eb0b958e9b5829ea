"""``python -m newslens articles``, run as a user runs it (subprocess)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslens.schema import ArticleCol, SnapshotFile
from newslens.store import current_snapshot_id
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot
from tests.cli_utils import newslens_subprocess, run_newslens
from tests.compare_cases import build_with_copies

ROOT = Path(__file__).resolve().parent.parent
LISTED = [ArticleCol.ID, ArticleCol.OUTLET, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
          ArticleCol.PUBLISHED, ArticleCol.DATE_PRECISION, ArticleCol.LANGUAGE, "paragraphs"]


run_cli = run_newslens


def test_json_lists_every_article_with_its_metadata(tiny_data_dir):
    proc = run_cli("articles", "--data", str(tiny_data_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    # one object as every command's --json (a bare list could not be traced to its snapshot)
    assert list(out)[:3] == ["snapshot_id", "inputs", "notices"]
    assert out["snapshot_id"] == current_snapshot_id(tiny_data_dir)
    assert out["inputs"] == {"article": None, "removed": False} and out["notices"] == []
    rows = out["articles"]
    assert [r[ArticleCol.ID] for r in rows] == ["a3", "a1", "a2", "a4"]    # by date, undated last
    for row in rows:
        assert set(LISTED) <= set(row)
    by_id = {r[ArticleCol.ID]: r for r in rows}
    assert by_id["a1"][ArticleCol.PUBLISHED] == "2025-09-25" and by_id["a1"][ArticleCol.DATE_PRECISION] == "day"
    assert by_id["a3"][ArticleCol.PUBLISHED] == "2022-03" and by_id["a3"][ArticleCol.DATE_PRECISION] == "month"
    assert by_id["a4"][ArticleCol.PUBLISHED] is None and by_id["a4"][ArticleCol.DATE_PRECISION] == "unknown"
    # the date under the keys of every --json (dates.article_dates)
    assert (by_id["a3"]["date"], by_id["a3"]["date_iso"], by_id["a3"]["time_utc"]) == ("Mar 2022 (day unknown)", "2022-03", None)
    assert (by_id["a4"]["date"], by_id["a4"]["date_iso"]) == ("date unknown", None)
    assert by_id["a1"][ArticleCol.URL] == "https://outleta.test/a1"
    # Content paragraphs only: a1's heading and "Also read" furniture are not counted.
    assert {k: v["paragraphs"] for k, v in by_id.items()} == {"a1": 3, "a2": 3, "a3": 2, "a4": 1}


def test_text_table_shows_unknowns_plainly(tiny_data_dir):
    proc = run_cli("articles", "--data", str(tiny_data_dir))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 + len(SMALL_CORPUS)
    assert "outlet" in lines[0] and "url" in lines[0] and "paragraphs" in lines[0]
    undated = next(line for line in lines if line.split()[0] == "a4")
    assert "unknown" in undated and "None" not in proc.stdout and "NaN" not in proc.stdout
    assert "https://outletc.test/a3" in proc.stdout


def test_hostile_metadata_is_printed_literally(tmp_path):
    title = "$5 to $10 **bold** <script>alert(1)</script> =cmd"
    make_snapshot(tmp_path, [ArticleSpec("h1", "Outlet :red[x]", ["Body text."], title=title,
                                         author="=HYPERLINK(1)")])
    proc = run_cli("articles", "--data", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr
    row = json.loads(proc.stdout)["articles"][0]
    assert row[ArticleCol.TITLE] == title and row[ArticleCol.OUTLET] == "Outlet :red[x]"
    assert row[ArticleCol.AUTHOR] == "=HYPERLINK(1)"


def _no_marker(d: Path) -> None:
    (d / SnapshotFile.CURRENT).unlink()


def _dangling_marker(d: Path) -> None:
    (d / SnapshotFile.CURRENT).write_text("20990101T000000Z-gone\n")


def _empty_marker(d: Path) -> None:
    (d / SnapshotFile.CURRENT).write_text("")


def _snapshot_file(name: str, data: bytes):
    def damage(d: Path) -> None:
        (d / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(d) / name).write_bytes(data)
    return damage


def _truncate(name: str):
    def damage(d: Path) -> None:
        path = d / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(d) / name
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return damage


def _delete(name: str):
    def damage(d: Path) -> None:
        (d / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(d) / name).unlink()
    return damage


@pytest.mark.parametrize("damage, words", [
    (None, "no snapshot"),                                  # the data folder does not even exist
    (_no_marker, "no snapshot"),
    (_empty_marker, "no snapshot"),
    (_dangling_marker, "missing"),
    (_snapshot_file(SnapshotFile.MANIFEST, b"{not json"), "corrupt manifest"),
    (_snapshot_file(SnapshotFile.MANIFEST, b"[1, 2]"), "corrupt manifest"),
    (_delete(SnapshotFile.MANIFEST), "no manifest"),
    (_truncate(SnapshotFile.ARTICLES), "corrupt"),
    (_truncate(SnapshotFile.PARAGRAPHS), "corrupt"),
    (_truncate(SnapshotFile.EMBEDDINGS), "corrupt"),
    (_delete(SnapshotFile.EMBEDDINGS), "corrupt"),
])
def test_missing_or_corrupt_snapshot_is_one_line_error(tmp_path, damage, words):
    data_dir = tmp_path / "data"
    if damage is not None:
        make_snapshot(data_dir, SMALL_CORPUS)
        damage(data_dir)
    proc = run_cli("articles", "--data", str(data_dir), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""                                      # nothing half-printed for scripts
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], proc.stderr
    assert "python -m pipeline build" in lines[0]                 # says how to fix it


def test_entry_point_in_a_fresh_interpreter(tiny_data_dir, tmp_path):
    """The one subprocess smoke test of ``python -m newslens``: same output as in-process, clean errors."""
    done = newslens_subprocess("articles", "--data", str(tiny_data_dir), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(run_cli("articles", "--data", str(tiny_data_dir), "--json").stdout)
    missing = newslens_subprocess("articles", "--data", str(tmp_path / "none"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: no snapshot")
    assert "Traceback" not in missing.stderr


# One article as the reader shows it: a page written for this test in the shape of a Russian
# agency's report (rubric, time stamp with its update, dateline, quote, byline line).
AGENCY_PAGE = """Бригада отказалась идти в наступление

Военные новости

08:12 03.11.2025 (обновлено: 10:40 03.11.2025)

МОСКВА, 3 ноя - Новости. Солдаты мотострелковой бригады отказались выполнять приказ о наступлении, говорится в перехваченном разговоре.

"Мы никуда не пойдём, пока нам не дадут отдых", - сказал один из военных своему командиру.

По словам собеседника агентства, командир пригрозил отправить отказавшихся в штурмовой отряд.
"""


@pytest.fixture(scope="module")
def agency_data(tmp_path_factory):
    from pipeline import build as build_mod
    from tests.test_build import FakeTopics, write_raw

    root = tmp_path_factory.mktemp("agency")
    raw = write_raw(root / "raw", {"r01_agency.txt": AGENCY_PAGE})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_mod, "build_map", FakeTopics.build_map)
        from pipeline.cli import main as pipeline_main
        assert pipeline_main(["build", "--raw", str(raw), "--out", str(root / "data"), "--model", "hashing-64",
                              "--quiet"]) == 0
    return root / "data"


def test_one_article_as_the_reader_shows_it(agency_data):
    proc = run_cli("articles", "r01", "--data", str(agency_data), "--json")     # a unique prefix is enough
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["inputs"] == {"article": "r01_agency", "removed": False}        # the id resolved
    assert out["snapshot_id"] == current_snapshot_id(agency_data) and out["notices"] == out["article"]["warnings"]
    doc = out["article"]
    assert doc["article_id"] == "r01_agency"
    fields = {m["field"]: m for m in doc["metadata"]}
    assert fields["Title"]["value"] == "Бригада отказалась идти в наступление"
    assert fields["Title"]["provenance"] == "inferred" and doc["title_evidence"]
    assert fields["Published"]["value"].startswith("03 Nov 2025")
    assert doc["date_raw"]                                       # the date as the page printed it
    texts = [p["text"] for p in doc["paragraphs"]]
    # The agency's time stamp with its update is furniture, not a heading of the article.
    assert not any(t.startswith("08:12") for t in texts)
    assert any(t.startswith("МОСКВА, 3 ноя") for t in texts)
    assert [p["kind"] for p in doc["paragraphs"] if p["text"].startswith('"Мы никуда')] == ["quote"]
    assert all(not p["removed"] for p in doc["paragraphs"])


def test_removed_lists_the_furniture_with_its_reason(agency_data):
    proc = run_cli("articles", "r01_agency", "--removed", "--data", str(agency_data), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)["article"]
    stamp = [p for p in doc["paragraphs"] if p["text"].startswith("08:12")]
    assert len(stamp) == 1 and stamp[0]["removed"] and stamp[0]["reason"] == "date line"
    assert sum(doc["removed"].values()) == sum(p["removed"] for p in doc["paragraphs"])
    text = run_cli("articles", "r01_agency", "--removed", "--data", str(agency_data))
    assert text.returncode == 0 and "removed: date line" in text.stdout and "МОСКВА, 3 ноя" in text.stdout


@pytest.mark.parametrize("argv, words", [
    (["articles", "zz"], "no article 'zz'"),
    (["articles", "--removed"], "--removed needs an ARTICLE"),
])
def test_article_errors_are_one_line(agency_data, argv, words):
    proc = run_cli(*argv, "--data", str(agency_data), "--json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_the_plain_text_of_one_article_prints_hostile_values_on_one_line(tmp_path):
    """A title with a terminal escape, a newline and a forged paragraph head prints as one line of
    text; an article whose every paragraph was removed says so."""
    title = "Evil \x1b[31mred\x9b2J\n\n[Body]\nforged \u202eesrever"
    make_snapshot(tmp_path, [ArticleSpec("h1", "Outlet", [("Share this article", "boilerplate")], title=title)])
    proc = run_cli("articles", "h1", "--data", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x9b" not in proc.stdout and "\u202e" not in proc.stdout
    (title_line,) = [line for line in proc.stdout.splitlines() if line.startswith("Title:")]
    assert "forged" in title_line and "[Body]" in title_line          # the forged head stays inside the title
    assert "No article text kept (1 paragraph removed by cleaning; --removed shows them)." in proc.stdout
    listed = run_cli("articles", "--data", str(tmp_path))
    assert "\x1b" not in listed.stdout and "[Body]\nforged" not in listed.stdout


def test_every_plain_text_output_prints_hostile_article_text_without_terminal_controls(tmp_path):
    """Search hits, a comparison, the story list and the timeline print titles, outlets and
    paragraphs from the articles: a terminal escape or a bidi override in them must not reach the
    terminal (the same rule as ``articles ID``)."""
    import dataclasses

    from tests.compare_cases import ORIGINAL, REWORK, UNRELATED

    evil = "\x1b[2J\x1b]0;pwned\x07 \u202e"
    hostile = [dataclasses.replace(spec, outlet=f"{spec.outlet} {evil}", title=f"{spec.title} {evil}",
                                   paragraphs=[*spec.paragraphs, f"{evil} Evil paragraph of {spec.article_id}."])
               for spec in (ORIGINAL, REWORK)]
    make_snapshot(tmp_path, [*hostile, UNRELATED])
    runs = {"search": run_cli("search", "Evil paragraph", "--mode", "lexical", "--data", str(tmp_path)),
            "compare": run_cli("compare", "wire-1", "rework-1", "--data", str(tmp_path)),
            "stories": run_cli("stories", "--data", str(tmp_path)),
            "timeline": run_cli("timeline", "--data", str(tmp_path)),
            "topics": run_cli("topics", "--data", str(tmp_path))}
    for name, proc in runs.items():
        assert proc.returncode == 0, (name, proc.stderr)
        assert "wire-1" in proc.stdout or "Wire Service" in proc.stdout, (name, proc.stdout)
        for control in ("\x1b", "\x07", "\u202e"):
            assert control not in proc.stdout, (name, control)


def test_data_and_json_may_come_before_the_command(tmp_path):
    """As git takes its options: `python -m newslens --data DIR --json articles` (a helper's review
    typed it so and got "invalid choice: DIR"); given after the command, the command's own wins."""
    make_snapshot(tmp_path, SMALL_CORPUS)
    before = run_newslens("--data", str(tmp_path), "--json", "articles")
    assert before.returncode == 0, before.stderr
    after = run_newslens("articles", "--data", str(tmp_path), "--json")
    assert json.loads(before.stdout) == json.loads(after.stdout)
    other = run_newslens("--data", str(tmp_path / "nowhere"), "articles", "--data", str(tmp_path))
    assert other.returncode == 0, other.stderr


def test_data_after_the_command_wins_even_when_it_names_the_default(tmp_path, monkeypatch):
    make_snapshot(tmp_path, SMALL_CORPUS)
    monkeypatch.setenv("NEWSLENS_DATA", str(tmp_path))
    run = run_newslens("--data", str(tmp_path / "nowhere"), "articles", "--data", str(tmp_path), "--json")
    assert run.returncode == 0, run.stderr
    assert run_newslens("articles", "--json").returncode == 0          # the default, from $NEWSLENS_DATA


def test_copies_the_build_left_out_are_listed_with_the_article_they_copy(tmp_path, monkeypatch):
    data = build_with_copies(tmp_path, monkeypatch)
    out = json.loads(run_cli("articles", "--data", str(data), "--json").stdout)
    assert out["notices"] == ["Left out by the build as copies of these articles: 1 exact copy and 1 near copy"]
    rows = out["articles"]
    assert [r[ArticleCol.ID] for r in rows] == ["other-1", "wire-1"]          # 2 articles for 4 files
    by_id = {r[ArticleCol.ID]: r for r in rows}
    assert by_id["other-1"]["copies_left_out"] == []
    exact, near = by_id["wire-1"]["copies_left_out"]
    assert exact == {"file": "zz_mirror_*site*.md", "copy_of": "wire-1", "copy_of_file": "wire-1.md",
                     "exact": True, "reason": "exact copy"}
    assert near["file"] == "zz_near.md" and near["exact"] is False and near["reason"].startswith("near-duplicate: ")
    text = run_cli("articles", "--data", str(data)).stdout
    assert ("Left out by the build as copies of the articles above: 1 exact copy and 1 near copy\n"
            "  zz_mirror_*site*.md = Wire Service  (article wire-1)\n"
            "  zz_near.md ≈ Wire Service (near-duplicate: ") in text
