"""One definition of what an apostrophe is (newslens.sentences ``APOSTROPHES``, ``LOOKALIKE_APOSTROPHES``),
which Compare's numbers, search's index, numbers and highlight, the lens lexicons and the weekday names all
read: a word a text writes with ' ’ or ʼ ("п'ять", "пʼять") is one word to each of them; the look-alikes
outlets print in its place (‘ ‚ ′ ´) are apostrophes to search only, which must find every spelling, while
Compare reads "‘" as the quotation mark it opens. (The index never sees a "´": ``normalise_text``'s NFKC
makes it a space and a combining accent first; reading it as an apostrophe there would change stored
indexes, for a mark never printed between two letters on the 534 pages measured.) Texts written for these tests, in the shape of a
Ukrainian outlet's sentences."""
from __future__ import annotations

import re

import pytest

from newslens.compare import claims
from newslens.compare.weekdays import NAME_WORD
from newslens.search.engine import highlight_spans
from newslens.search.lexical import tokenize
from newslens.search.numbers import number_spans, typed_numbers
from newslens.sentences import APOSTROPHES, LOOKALIKE_APOSTROPHES, apostrophes
from newslens.topics.lexicon import phrase_pattern

FIVE_THOUSAND = typed_numbers("5000")[0]


@pytest.mark.unit
@pytest.mark.parametrize("mark", list(APOSTROPHES))
def test_a_word_written_with_any_apostrophe_is_one_word_to_every_reader(mark):
    text = f"Загинули п{mark}ять тисяч осіб, у п{mark}ятницю."
    assert claims.scaled_figures(text) == [(9, 20, 5000.0)]             # Compare's figures
    assert number_spans(FIVE_THOUSAND)(text) == [(9, 20)]                # a typed 5000 in search
    assert tokenize(f"п{mark}ять") == ["п'ять"]                          # search's index
    assert re.search(phrase_pattern("п'ять"), text, re.IGNORECASE)      # a lens lexicon's wording
    assert NAME_WORD.findall(text)[-1] == f"п{mark}ятницю"              # the weekday names
    assert apostrophes(text) == "Загинули п'ять тисяч осіб, у п'ятницю."


@pytest.mark.unit
@pytest.mark.parametrize("mark", list(LOOKALIKE_APOSTROPHES))
def test_a_look_alike_is_an_apostrophe_to_search_only(mark):
    text = f"Загинули п{mark}ять тисяч осіб."
    if mark != "\u00b4":   # NFKC (normalise_text) makes "´" a space and an accent before it is read (module doc)
        assert tokenize(text)[1] == "п'ять"
    assert highlight_spans(text, set(), ("п'ять",)) == [(9, 14)]
    assert not re.search(phrase_pattern("п'ять"), text, re.IGNORECASE)
    assert not claims.scaled_figures(text)


@pytest.mark.unit
def test_compare_reads_an_opening_single_quote_as_a_quote_not_an_apostrophe():
    """Were "‘" an apostrophe to Compare, the figure it opens would be glued to it and not read."""
    assert claims.scaled_figures("Там ‘п’ять тисяч’ солдатів") == [(5, 16, 5000.0)]
