"""Which languages the snapshot's model compares by meaning (config/models.yaml), one rule for
stories, search and the compare page."""
from __future__ import annotations

import pytest

from newslens import languages


@pytest.mark.parametrize("model, expected", [
    ("all-MiniLM-L6-v2", {"en"}),
    ("sentence-transformers/all-MiniLM-L6-v2", {"en"}),
    ("/models/paraphrase-multilingual-MiniLM-L12-v2", None),     # a locally saved multilingual model
    ("intfloat/multilingual-e5-small", None),
    ("hashing-64", None),                                        # word hashing: any language alike
    ("my-own-model", {"en"}),                                    # unknown: the safe reading
])
def test_model_languages(model, expected):
    assert languages.model_languages(model) == expected


def test_covered_and_counts():
    assert languages.covered("en-GB", {"en"}) and not languages.covered("de", {"en"})
    assert not languages.covered(None, {"en"}) and languages.covered("de", None)
    assert languages.uncovered_counts(["en", "de", "de", None], {"en"}) == {"de": 2, "unknown": 1}
    assert languages.uncovered_counts(["de"], None) == {}
    # One language under its regional codes is one language in every notice, and a blank code is unknown.
    assert languages.uncovered_counts(["de-AT", "de", "DE-ch", " ", "en-GB"], {"en"}) == {"de": 3, "unknown": 1}
    assert languages.language_counts(["uk", None, float("nan"), "", "uk-UA"]) == {"uk": 2, "unknown": 3}


def test_a_language_not_known_has_one_name():
    """A missing, blank or "und" (undetermined) code is one language not known: one legend entry,
    one count (the Timeline legend showed "unknown", "(unknown)" and "Unknown language", review s32)."""
    names = {languages.language_name(code) for code in (None, "", " ", "und", "UND", float("nan"))}
    assert len(names) == 1 and names == {languages.UNKNOWN_NAME}
    assert languages.language_name("de-AT") == "German" and languages.language_name("qqq") == "qqq"
    assert languages.language_counts(["und", None, "de"]) == {"de": 1, "unknown": 2}


def test_a_broken_models_file_names_file_and_key(tmp_path):
    bad = tmp_path / "models.yaml"
    bad.write_text("model_languages: {}\nmultilingual_name_hints: []\n", encoding="utf-8")
    with pytest.raises(languages.ModelsConfigError, match="models.yaml: missing key 'default_languages'"):
        languages.model_languages("x", bad)
