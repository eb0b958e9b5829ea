"""Search by words ignores the function words of the query's language, as it does English stop words
(config/search.yaml ``content_words``, newslens/search/word_forms.py ``function_words``). Texts
written for these tests, in the shape of a multilingual snapshot's."""
from __future__ import annotations

import pytest

from newslens.search.engine import LEXICAL, build_index, search
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

CORPUS = [
    # many function words of the query, one content word ("droht"), on something else
    ArticleSpec("de1", "Stadtbote", [
        "Jungen Verweigerern droht die Ausweisung in ihr Land. Dazu hat sich die Kammer geäußert, die zu "
        "einem Urteil kam.",
        "Die Sicherheit der Zeugen sei gewährleistet, sagte die Richterin.",
    ], language="de"),
    # the query's content words
    ArticleSpec("de2", "Rheinblatt", [
        "Der Kommandeur soll gedroht haben, auf Soldaten schießen zu lassen.",
    ], language="de"),
    ArticleSpec("ru1", "Вечерний курьер", [
        "Вдова, которой обещали выплату, которую так и не получила, обратилась в суд.",
        "Командир пригрозил солдатам расстрелом, если они отступят.",
        "У моста задержали двадцать дезертиров из одной роты.",
        "Ещё трое дезертиров сдались сами.",
    ], language="ru"),
    ArticleSpec("en1", "Harbour Daily", [
        "Wounded men die in the trenches before a medic reaches them.",
        "The war has emptied the villages along the river.",
    ]),
    ArticleSpec("de3", "Alpenpost", [
        "Der Winter war lang und die Versorgung knapp.",
        "Man hat die Verwundeten nach Isjum gebracht.",
    ], language="de"),
    # another language's function words among a query's English words: Romanian "care" (which)
    ArticleSpec("ro1", "Gazeta de Vest", [
        "Soldatul care a fugit din unitate a fost prins de poliția militară.",
    ], language="ro"),
    ArticleSpec("en2", "Harbour Daily", [
        "Investigators documented war crimes in the occupied villages.",
        "Medical care for the wounded arrived two days late.",
        "A man from Isjum said the shelling never stopped.",
        "Soldiers of the third company refused to advance.",
        "Five soldiers refused to advance; two hundred more were sent to the rear.",
        "\u201cWe were never paid,\u201d the deserter said.",
        "They were never paid either.",
    ]),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("function_words")
    make_snapshot(data_dir, CORPUS)
    return build_index(load_snapshot(data_dir))


def highlighted(hit) -> list[str]:
    return [hit.text[a:b].lower() for a, b in hit.spans]


def test_a_german_query_ranks_its_content_words_not_its_function_words(index):
    result = search(index, "Kommandeur droht, Soldaten zu erschießen, die sich zurückziehen", mode=LEXICAL, k=10,
                    per_article=None)
    assert result.hits[0].text.startswith("Der Kommandeur")
    # the paragraph holding "droht" counts that word only, and is highlighted on it alone
    other = next(h for h in result.hits if h.text.startswith("Jungen Verweigerern"))
    assert highlighted(other) == ["droht"]
    assert other.score < result.hits[0].score
    # "sich" is no word of the query: no form of it ("Sicherheit") is matched or named
    assert not any(h.text.startswith("Die Sicherheit") for h in result.hits)
    assert not any("sich" in n for n in result.notices)
    # nor does the German "die" find the English verb
    assert not any(h.text.startswith("Wounded men die") for h in result.hits)


def test_a_russian_query_ignores_its_relative_pronoun(index):
    result = search(index, "командир угрожает расстрелять солдат, которые отступают", mode=LEXICAL, k=10,
                    per_article=None)
    assert not any(h.text.startswith("Вдова") for h in result.hits)
    assert not any("которые" in n or "которой" in n for n in result.notices)
    assert result.hits[0].text.startswith("Командир")


def test_a_word_that_is_a_function_word_in_one_language_only_stays_a_word_in_another(index):
    # "war" is German's "was" and English's war; "die" German's article and English's verb
    war = search(index, "war", mode=LEXICAL, k=10, per_article=None)
    assert any(h.text.startswith("The war has") for h in war.hits)
    die = search(index, "men die in trenches", mode=LEXICAL, k=10, per_article=None)
    assert "die" in highlighted(die.hits[0])


def test_a_word_counts_nothing_where_the_paragraph_s_own_language_lists_it_as_a_function_word(index):
    # German "war" (was) and "man" (one), Romanian "care" (which) are no English war, man, care
    war = search(index, "war crimes", mode=LEXICAL, k=10, per_article=None)
    assert [h.text[:20] for h in war.hits] == ["Investigators docume", "The war has emptied "]
    care = search(index, "care for the wounded man", mode=LEXICAL, k=10, per_article=None)
    assert care.hits[0].text.startswith("Medical care")
    assert not any(h.language in ("de", "ro") for h in care.hits)
    # quoted, the word is matched as typed, in any language, and highlighted there
    quoted = search(index, '"war"', mode=LEXICAL, k=10, per_article=None)
    german = next(h for h in quoted.hits if h.text.startswith("Der Winter war"))
    assert highlighted(german) == ["war"]


def test_a_hit_found_by_other_words_is_not_highlighted_on_its_own_language_s_function_words(index):
    result = search(index, "man Isjum", mode=LEXICAL, k=10, per_article=None)
    assert highlighted(result.hits[0]) == ["man", "isjum"]
    german = next(h for h in result.hits if h.text.startswith("Man hat die Verwundeten"))
    assert highlighted(german) == ["isjum"]
    assert german.score < result.hits[0].score


def test_a_number_word_in_a_stop_word_list_is_searched_as_a_figure(index):
    # Russian's list holds "двадцать", "три"...: Compare reads them as figures (claims.yaml number_words)
    result = search(index, "двадцать дезертиров", mode=LEXICAL, k=10, per_article=None)
    assert result.hits[0].text.startswith("У моста")
    assert highlighted(result.hits[0]) == ["двадцать", "дезертиров"]
    alone = search(index, "двадцать", mode=LEXICAL, k=10, per_article=None)
    assert [h.text[:7] for h in alone.hits] == ["У моста"]


def test_english_number_words_are_words_in_the_index_and_the_query(index):
    # scikit-learn's English stop list holds "five", "two", "hundred": the index dropped them
    result = search(index, "five soldiers", mode=LEXICAL, k=10, per_article=None)
    assert result.hits[0].text.startswith("Five soldiers")
    assert highlighted(result.hits[0]) == ["five", "soldiers"]
    assert result.hits[0].score > result.hits[1].score
    hundred = search(index, "two hundred", mode=LEXICAL, k=10, per_article=None)
    assert [h.text[:12] for h in hundred.hits] == ["Five soldier"]
    assert not any("stop words" in n for n in hundred.notices)


def test_a_quoted_phrase_of_english_stop_words_is_matched_as_typed(index):
    # "we", "were" are no index terms: the phrase alone found nothing by words
    result = search(index, '"we were"', mode=LEXICAL, k=10, per_article=None)
    assert [h.text[1:13] for h in result.hits] == ["We were neve"]
    assert highlighted(result.hits[0]) == ["we were"]
    assert result.hits[0].score > 0       # a match by the phrase, scored as a typed word would be
    assert not result.notices
    # the query's other words still rank, within the paragraphs printing the phrase
    paid = search(index, 'paid "we were"', mode=LEXICAL, k=10, per_article=None)
    assert [h.text[1:13] for h in paid.hits] == ["We were neve"]
    assert highlighted(paid.hits[0]) == ["we were", "paid"]
    assert paid.hits[0].score > result.hits[0].score
    # unquoted, they are ignored, and the notice says how to match them
    bare = search(index, "we were", mode=LEXICAL, k=10, per_article=None)
    assert not bare.hits
    assert "quote a phrase to match it as typed" in bare.notices[0]


def test_a_quoted_function_word_is_matched_as_typed(index):
    result = search(index, 'Kammer "sich"', mode=LEXICAL, k=10, per_article=None)
    assert result.hits and "sich" in highlighted(result.hits[0])


def test_a_query_of_function_words_alone_says_they_were_ignored_not_that_no_word_occurs(index):
    # the corpus holds "die" and "sich": "none of the query's words occurs" sent a user away
    result = search(index, "die sich", mode=LEXICAL, k=10, per_article=None)
    assert not result.hits
    assert result.notices == ["Search by words ignores German function words (\u201cdie\u201d, \u201csich\u201d); "
                              "put a function word in quotes to match it as typed."]
    stop = search(index, "the of", mode=LEXICAL, k=10, per_article=None)
    assert [n for n in stop.notices if "ignores English stop words (\u201cthe\u201d, \u201cof\u201d)" in n]
    assert not any("None of the query's words" in n for n in stop.notices)


def test_by_meaning_a_query_of_function_words_alone_says_it_ranked_by_meaning(index):
    from newslens.embedder import load_embedder

    result = search(index, "die sich zu", mode="hybrid", k=10, per_article=None,
                    embedder=load_embedder(index.snapshot.model_name))
    assert result.hits
    assert "Search by words ignores German function words (\u201cdie\u201d, \u201csich\u201d, \u201czu\u201d); put a " \
           "function word in quotes to match it as typed; ranked by meaning alone." in result.notices


def test_by_meaning_alone_the_query_s_function_words_are_not_highlighted(index):
    from newslens.embedder import load_embedder

    result = search(index, "Kommandeur droht, Soldaten zu erschießen, die sich zurückziehen", mode="semantic", k=10,
                    per_article=None, embedder=load_embedder(index.snapshot.model_name))
    other = next(h for h in result.hits if h.text.startswith("Jungen Verweigerern"))
    assert highlighted(other) == ["droht"]
