"""The search page's example queries fit the corpus loaded (newslens/search/examples.py)."""
from __future__ import annotations

from newslens.search.examples import example_queries, headline_names
from newslens.search.lexical import BM25Index

SETTINGS = dict(min_letters=4, max_zipf=4.0, min_outlets=2)


def test_an_example_the_corpus_has_no_word_of_is_not_offered():
    index = BM25Index(["Soldiers of the 1428th regiment refused to attack.", "Deserters hid in the forest."])
    offered = example_queries(['"1428th"', "Budennovsk", "soldiers hurting themselves"], index, [], count=4, **SETTINGS)
    assert offered == ['"1428th"', "soldiers hurting themselves"]


def test_headline_names_shared_by_most_outlets_come_first_and_everyday_words_never():
    titles = [("Russian deserter Kostrikin escapes again", "A", "en"),
              ("Police hunt Kostrikin near Belgorod", "B", "en"),
              ("Deserter Kostrikin caught, says the Ministry", "C", "en"),
              ("Shelling of Belgorod goes on", "D", "en"),
              ("Zelensky visits Bucha", "A", "en")]
    # "Russian" and "Ministry" are everyday words; "Bucha" has one outlet; the opening word is no name
    assert headline_names(titles, limit=5, **SETTINGS) == ["Kostrikin", "Belgorod"]


def test_names_fill_the_row_after_the_configured_examples_and_must_be_searchable():
    index = BM25Index(["Kostrikin escaped.", "Soldiers refused."])
    titles = [("Hunt for Kostrikin", "A", "en"), ("Where is Kostrikin", "B", "en"),
              ("Fighting near Vovchansk", "A", "en"), ("Shelling in Vovchansk", "B", "en")]
    offered = example_queries(["soldiers refusing orders", "Budennovsk"], index, titles, count=3, **SETTINGS)
    assert offered == ["soldiers refusing orders", "Kostrikin"]      # Vovchansk is in no searchable paragraph


def test_an_example_is_kept_when_search_finds_it_by_a_near_spelling():
    """The sample prints "Budenovsk": search by words finds it for "Budennovsk", so the example stays
    (reading the vocabulary as typed dropped it from the sample's own first page)."""
    index = BM25Index(["Troops left Budenovsk on Monday.", "Deserters hid in the forest."])
    assert example_queries(["Budennovsk"], index, [], count=4, **SETTINGS) == ["Budennovsk"]
