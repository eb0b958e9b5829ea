"""A researcher's corrections to cleaning (data/raw/corrections.yaml) survive every rebuild."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newslens.embedder import HashingEmbedder
from newslens.schema import RESTORED, Kind, ManifestKey, ParagraphCol
from newslens.store import load_snapshot
from pipeline import build as build_mod
from pipeline.build import build_snapshot
from pipeline.corrections import (
    REMOVE,
    RESTORE,
    Correction,
    load_corrections,
    save_correction,
)
from tests.test_build import FakeTopics

LEDE = ("A recording released by the agency on Tuesday captures a sergeant telling his wife that half "
        "of his company has refused to go back to the trenches.")
KEPT_FURNITURE = "Our partners at the regional desk contributed to this report and its translation."
WRONGLY_REMOVED = "Read more about the 1428th regiment"      # a real subheading the rules take for a teaser
BODY = ("The sergeant says the men were promised rotation after three weeks but have spent four months "
        "at the same position without relief.")


@pytest.fixture(autouse=True)
def fast_map(monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "call.txt").write_text("\n\n".join(
        ["Sergeant says half his company refuses to fight", LEDE, WRONGLY_REMOVED, BODY, KEPT_FURNITURE]),
        encoding="utf-8")
    return folder


def kinds(data: Path) -> dict[str, tuple[str, str]]:
    snap = load_snapshot(data)
    return {r[ParagraphCol.TEXT]: (r[ParagraphCol.KIND], r[ParagraphCol.REASON]) for _, r in snap.paragraphs.iterrows()}


def build(raw: Path, data: Path):
    return build_snapshot(raw, data, embedder=HashingEmbedder(32))


def test_corrections_saved_from_the_reader_are_applied_by_every_build(raw, tmp_path) -> None:
    data = tmp_path / "data"
    build(raw, data)
    before = kinds(data)
    assert before[WRONGLY_REMOVED][0] not in Kind.SEARCHABLE
    assert before[KEPT_FURNITURE][0] in Kind.SEARCHABLE
    save_correction(raw, Correction("call.txt", WRONGLY_REMOVED, RESTORE, "a subheading of the article"))
    save_correction(raw, Correction("call.txt", KEPT_FURNITURE, REMOVE))
    for _ in range(2):                         # the first rebuild and every one after it
        report = build(raw, data)
        after = kinds(data)
        assert after[WRONGLY_REMOVED] == (Kind.BODY, RESTORED)    # content, marked as restored by a researcher
        assert after[KEPT_FURNITURE][0] == Kind.BOILERPLATE and "researcher" in after[KEPT_FURNITURE][1]
        assert after[LEDE] == before[LEDE] and after[BODY] == before[BODY]
        assert report.counts["quarantined"] == 0      # the corrections file is not an article


def test_the_newest_verdict_on_a_paragraph_wins_and_other_entries_stay(raw) -> None:
    (raw / "corrections.yaml").write_text(yaml.safe_dump({"corrections": [
        {"file": "other.txt", "text": "Something else", "action": "remove", "note": "kept as it was"}]}),
        encoding="utf-8")
    save_correction(raw, Correction("call.txt", KEPT_FURNITURE, RESTORE))
    save_correction(raw, Correction("call.txt", KEPT_FURNITURE, REMOVE))
    found, warnings = load_corrections(raw)
    assert warnings == []
    assert [(c.file, c.action) for c in found] == [("other.txt", REMOVE), ("call.txt", REMOVE)]


def test_unmatched_and_malformed_corrections_are_reported_not_fatal(raw, tmp_path) -> None:
    (raw / "corrections.yaml").write_text(yaml.safe_dump({"corrections": [
        {"file": "call.txt", "text": "A paragraph that is not in the article", "action": "restore"},
        {"file": "gone.txt", "text": "Whatever", "action": "remove"},
        {"file": "call.txt", "text": KEPT_FURNITURE, "action": "delete"},
        "not a mapping"]}), encoding="utf-8")
    data = tmp_path / "data"
    build(raw, data)
    messages = [w["message"] for w in load_snapshot(data).manifest[ManifestKey.WARNINGS]]
    assert any("no paragraph reads 'A paragraph that is not in the article'" in m for m in messages)
    assert any("gone.txt: no such article" in m for m in messages)
    assert any("'delete' is not one of restore, remove" in m for m in messages)
    assert any("entry 4 is not a mapping" in m for m in messages)


def test_a_corrections_file_that_is_not_yaml_costs_no_build(raw, tmp_path) -> None:
    (raw / "corrections.yaml").write_text("corrections: [unclosed", encoding="utf-8")
    data = tmp_path / "data"
    report = build(raw, data)
    assert report.counts["articles"] == 1
    assert any(w["file"] == "corrections.yaml" and "no correction applied" in w["message"] for w in report.warnings)
    with pytest.raises(Exception, match="corrections"):
        (raw / "corrections.yaml").write_text("[1, 2]", encoding="utf-8")
        save_correction(raw, Correction("call.txt", LEDE, REMOVE))
