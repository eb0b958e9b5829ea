"""``python -m newslens articles``, run as a user runs it (subprocess)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslens.schema import ArticleCol, SnapshotFile
from newslens.store import current_snapshot_id
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot
from tests.cli_utils import newslens_subprocess, run_newslens

ROOT = Path(__file__).resolve().parent.parent
LISTED = [ArticleCol.ID, ArticleCol.OUTLET, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
          ArticleCol.PUBLISHED, ArticleCol.DATE_PRECISION, ArticleCol.LANGUAGE, "paragraphs"]


run_cli = run_newslens


def test_json_lists_every_article_with_its_metadata(tiny_data_dir):
    proc = run_cli("articles", "--data", str(tiny_data_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    rows = json.loads(proc.stdout)
    assert [r[ArticleCol.ID] for r in rows] == ["a3", "a1", "a2", "a4"]    # by date, undated last
    for row in rows:
        assert set(LISTED) <= set(row)
    by_id = {r[ArticleCol.ID]: r for r in rows}
    assert by_id["a1"][ArticleCol.PUBLISHED] == "2025-09-25" and by_id["a1"][ArticleCol.DATE_PRECISION] == "day"
    assert by_id["a3"][ArticleCol.PUBLISHED] == "2022-03" and by_id["a3"][ArticleCol.DATE_PRECISION] == "month"
    assert by_id["a4"][ArticleCol.PUBLISHED] is None and by_id["a4"][ArticleCol.DATE_PRECISION] == "unknown"
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
    row = json.loads(proc.stdout)[0]
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
