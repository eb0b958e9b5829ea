"""Stored lens scores are read back by their scoring version (``lenses.SCORING_VERSION``), not by a
hash of the code: so a change that moves a score must bump the version, or every snapshot would keep
showing scores the code no longer computes. The guard scores fixed paragraphs with the real default
model, always in the setup it was recorded in (torch fp32, not this machine's choice), and compares
with the table recorded for the version (``tests/lens_scoring_guard.py``)."""
from __future__ import annotations

import json

import pytest

from newslens import languages
from newslens.embedder import REFERENCE_SETUP, HashingEmbedder
from newslens.topics import lenses
from tests import lens_scoring_guard as guard


@pytest.fixture(scope="module")
def reference_embedder():
    """The default model in the guard's pinned setup (loaded once for this file)."""
    return guard.reference_embedder()


def test_the_guard_runs_the_model_in_its_pinned_setup_whatever_this_machine_picks(reference_embedder, monkeypatch):
    monkeypatch.setenv("NEWSLENS_BACKEND", "openvino")
    monkeypatch.setenv("NEWSLENS_PRECISION", "bf16")
    assert guard.reference_embedder().setup == reference_embedder.setup == REFERENCE_SETUP


def test_the_lens_scores_are_those_recorded_for_the_scoring_version(reference_embedder):
    recorded = guard.load_record()
    assert recorded["scoring_version"] == lenses.SCORING_VERSION, (
        f"{guard.RECORD.name} holds the scores of SCORING_VERSION {recorded['scoring_version']}, lenses.py says "
        f"{lenses.SCORING_VERSION}: re-record with {guard.RERECORD}")
    assert recorded["model"] == reference_embedder.name, f"recorded with another model: re-record with {guard.RERECORD}"
    assert recorded["setup"] == reference_embedder.setup.label, (
        f"recorded in setup {recorded['setup']!r}, the guard runs {reference_embedder.setup.label!r}: "
        f"re-record with {guard.RERECORD}")
    changed = guard.differences(guard.score_table(reference_embedder), recorded)
    assert not changed, ("the lens scores changed: bump SCORING_VERSION (newslens/topics/lenses.py) and re-record "
                         f"with {guard.RERECORD}\n  " + "\n  ".join(changed))


@pytest.fixture
def fresh_lexicon():
    """The lexicon's compiled patterns and folding tables cleared before and after (a test below
    changes what they are built from)."""
    def clear():
        lenses._PATTERNS.clear()
        for cached in (lenses._letters_kept, lenses._accent_fold, lenses._range_folded):
            cached.cache_clear()
    clear()
    yield
    clear()


def _uncapped(lens, words):
    return lens.lexicon_weight * len(words)


# Changes a refactoring could make by mistake; each must show in the guard's table (TOP_K is bound
# as score_paragraphs' default, so it was checked by editing the file: 27 differences).
CHANGES = {
    "a third lexicon entry counted": lambda mp: mp.setattr(lenses, "LEXICON_CAP", 3),
    "the weight not capped": lambda mp: mp.setattr(lenses, "lexicon_bonus", _uncapped),
    "another words-only base": lambda mp: mp.setattr(lenses, "WORDS_ONLY_SIMILARITY", 0.38),
    "a regional code not read as its language": lambda mp: mp.setattr(
        languages, "base_language", lambda code: str(code or "").strip().lower()),
    "accents not folded": lambda mp: mp.setattr(lenses, "_UNACCENTED", {}),
    "no language keeps its own letters": lambda mp: mp.setattr(lenses, "own_letters", lambda: {}),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_the_guard_sees_a_change_of_the_scoring(change, reference_embedder, monkeypatch, fresh_lexicon):
    recorded = guard.load_record()
    CHANGES[change](monkeypatch)
    assert guard.differences(guard.score_table(reference_embedder), recorded), f"{change} went unseen"


def test_recording_refuses_other_scores_under_the_same_version(tmp_path, monkeypatch):
    """So a re-record cannot stand in for a bump (a hashing model keeps this test fast)."""
    monkeypatch.setattr(guard, "RECORD", tmp_path / "record.json")
    embedder = HashingEmbedder(64)
    assert "recorded version 1" in guard.record(embedder)
    assert "unchanged" in guard.record(embedder)
    monkeypatch.setattr(lenses, "LEXICON_CAP", 3)
    with pytest.raises(SystemExit, match="bump it"):
        guard.record(embedder)
    monkeypatch.setattr(lenses, "SCORING_VERSION", 2)
    assert "recorded version 2" in guard.record(embedder)
    assert guard.load_record()["scoring_version"] == 2
    assert guard.load_record()["setup"] == "numpy fp32"


def test_a_table_recorded_in_another_setup_is_recorded_anew(tmp_path, monkeypatch):
    """Only a deliberate edit of the guard's pinned setup gets here; its scores are not comparable."""
    monkeypatch.setattr(guard, "RECORD", tmp_path / "record.json")
    embedder = HashingEmbedder(64)
    guard.record(embedder)
    other = {**guard.load_record(), "setup": "openvino bf16"}
    guard.RECORD.write_text(json.dumps(other), encoding="utf-8")
    monkeypatch.setattr(lenses, "LEXICON_CAP", 3)
    assert "recorded version 1" in guard.record(embedder)
    assert guard.load_record()["setup"] == "numpy fp32"
