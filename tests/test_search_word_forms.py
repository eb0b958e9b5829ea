"""Search by words finds a typed word's other forms, in the language of the paragraphs holding them
(config/search.yaml, newslens/search/word_forms.py). Texts written for these tests."""
from __future__ import annotations

import pytest

from newslens.search.engine import LEXICAL, build_index, search
from newslens.search.lexical import BM25Index
from newslens.search.word_forms import WordForms
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

CORPUS = [
    ArticleSpec("en1", "Harbour Daily", [
        "Two deserters were caught at a checkpoint near the border.",
        "The deserter told his mother he would not go back to the front.",
        "Officials said desertion had doubled since the spring call-up.",
        "The weather stayed dry and the harvest was brought in early.",
    ]),
    ArticleSpec("de1", "Rheinblatt", [
        "Die Soldaten der Einheit weigerten sich, weiter vorzurücken.",
        "Ein Soldat berichtete von Drohungen seiner Vorgesetzten.",
    ], language="de"),
    ArticleSpec("fr1", "Le Veilleur", [
        "Un soldat a raconté que les officiers menaçaient de tirer.",
    ], language="fr"),
    ArticleSpec("ru1", "Вечерний курьер", [
        "Командира роты обвинили в угрозах расстрелом.",
        "Жены мобилизованных пожаловались на командиров.",
    ], language="ru"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("forms")
    make_snapshot(data_dir, CORPUS)
    return build_index(load_snapshot(data_dir))


def texts(result) -> list[str]:
    return [h.text for h in result.hits]


def test_a_typed_word_finds_its_other_forms_and_the_form_typed_ranks_first(index):
    result = search(index, "deserters", mode=LEXICAL, k=10, per_article=None)
    found = texts(result)
    assert found[0].startswith("Two deserters")
    assert any(t.startswith("The deserter told") for t in found)
    assert any(t.startswith("Officials said desertion") for t in found)
    assert not any("harvest" in t for t in found)
    assert result.forms == {"deserters": ["deserter", "desertion"]}
    assert any("other forms" in n and "deserter" in n and "quotation marks" in n for n in result.notices)
    # the form typed first, each other form highlighted where it matched
    second = next(h for h in result.hits if h.text.startswith("The deserter told"))
    assert [second.text[a:b] for a, b in second.spans] == ["deserter"]


def test_a_quoted_word_matches_only_as_typed(index):
    result = search(index, '"deserters"', mode=LEXICAL, k=10, per_article=None)
    assert [t[:13] for t in texts(result)] == ["Two deserters"]
    # ...and no notice claims other forms were matched (and tells to quote what was quoted)
    assert result.forms == {} and not any("other forms" in n for n in result.notices)


def test_a_quoted_word_beside_free_words_keeps_the_free_words_forms(index):
    result = search(index, '"deserters" deserter', mode=LEXICAL, k=10, per_article=None)
    assert [t[:13] for t in texts(result)] == ["Two deserters"]
    assert "deserters" not in result.forms


def test_forms_are_matched_in_the_language_that_uses_them():
    # A Spanish stemmer makes "soldados" and the English "sold" one stem; "sold" is in English
    # paragraphs only, so it is not a form of the Spanish word. "soldado" in Spanish is.
    texts_ = ["Los soldados huyeron de la base.", "Un soldado desertó en invierno.", "The farm was sold in May."]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["es", "es", "en"])
    assert forms.forms("soldados") == ("soldado",)
    assert list(bm25.scores(bm25.query_terms("soldados", forms.forms)) > 0) == [True, True, False]


def test_german_forms_are_found_in_a_mixed_corpus(index):
    german = search(index, "Soldaten", mode=LEXICAL, k=10, per_article=None)
    # the German paragraphs only ("soldat" is also in the French one, where it is that word as written)
    assert {h.article_id for h in german.hits} == {"de1", "fr1"} and german.forms == {"soldaten": ["soldat"]}
    assert {h.article_id for h in german.hits if "Soldat" in h.text} == {"de1"}


def test_inflected_forms_of_a_russian_word_are_found(index):
    result = search(index, "командиров", mode=LEXICAL, k=10, per_article=None)
    assert len(result.hits) == 2
    assert result.forms == {"командиров": ["командира"]}


def test_a_word_the_corpus_lacks_is_matched_by_its_forms_not_by_a_near_other_word():
    # "командиров" is not in these texts; "командира" is its form, "командировку" (a business
    # trip) only a near spelling: the form is matched, the near word is not.
    texts_ = ["Его отправили в командировку на границу.", "Жена командира рассказала о потерях.",
              "Погода была тёплой."]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["ru"] * 3, only={"ru"})
    terms = bm25.query_terms("командиров", forms.forms)
    assert terms.forms == {"командиров": ["командира"]} and terms.expanded == {}
    assert list(bm25.scores(terms) > 0) == [False, True, False]
    # without forms (no stemmer for the language) the near spelling is still found
    assert "командировку" in bm25.query_terms("командиров").expanded["командиров"]


def test_short_words_and_numbers_are_matched_only_as_typed(index):
    forms = index.word_forms
    assert forms.forms("two") == ()
    assert forms.forms("1428th") == ()


def test_a_paragraph_holding_two_forms_of_one_typed_word_holds_it_once():
    texts_ = ["deserters deserter", "deserters soldier", "deserter harvest", "soldier harvest"]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["en"] * len(texts_))
    terms = bm25.query_terms("deserters", forms.forms)
    assert terms.forms == {"deserters": ["deserter"]}
    scores = bm25.scores(terms)
    # (both forms equally rare: the paragraph with both scores as the one with the form typed)
    assert scores[0] == pytest.approx(scores[1], rel=1e-5) and 0 < scores[2] < scores[1] and scores[3] == 0
    # the form counts half a match where the form typed is absent
    alone = BM25Index(["deserter stayed", "deserters stayed"])
    alone_forms = WordForms(alone, ["en", "en"])
    share = alone.scores(alone.query_terms("deserters", alone_forms.forms)) / alone.max_score(alone.query_terms("deserters"))
    assert share[0] == pytest.approx(0.5 * share[1], rel=0.05)


def test_ukrainian_words_are_read_as_their_dictionary_forms():
    # Snowball has no Ukrainian stemmer: simplemma's word lists give "поранені" and "пораненого"
    # one dictionary form (config/search.yaml, lemmatized)
    texts_ = ["Поранені бійці скаржаться на лікарів", "Пораненого бійця повернули на фронт", "Погода тепла"]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["uk"] * 3)
    assert forms.languages == ["uk"] and forms.forms("поранені") == ("пораненого",)


def test_a_rarer_form_never_outranks_the_word_as_typed():
    # "soldiers" in many paragraphs, "soldier" in one: the rare form's idf is higher, yet a paragraph
    # holding it counts at most half of one holding the word typed (of the same length)
    texts_ = ["the soldier stayed", *[f"the soldiers stayed {n}" for n in range(8)], "nothing here today"]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["en"] * len(texts_))
    terms = bm25.query_terms("soldiers", forms.forms)
    shares = bm25.scores(terms) / bm25.max_score(terms)
    assert shares[1] == pytest.approx(1.0, abs=0.15)
    assert 0 < shares[0] <= 0.5 * shares[1] + 1e-6 and shares[-1] == 0


def test_a_language_without_a_stemmer_or_word_list_matches_words_as_typed():
    bm25 = BM25Index(["Камандзіры адмовіліся", "Камандзіра звольнілі"])
    forms = WordForms(bm25, ["be", "be"])      # Belarusian: neither
    assert forms.languages == [] and forms.forms("камандзіры") == ()


def test_stem_text_reads_words_as_their_stems_in_the_language():
    from newslens.stemming import stem_text

    assert stem_text("Раненые контрактники", "ru") == stem_text("раненых контрактника", "ru")
    assert stem_text("Deserteure flohen", "de-AT") == stem_text("Deserteuren flohen", "de")
    assert stem_text("Поранені військові", "uk") == stem_text("поранених військових", "uk")   # word lists
    # neither a stemmer nor a word list (Belarusian), or no language: the text as it is
    assert stem_text("Параненыя салдаты", "be") == "Параненыя салдаты"
    assert stem_text("Wounded men", None) == "Wounded men"


def test_a_name_matches_only_forms_the_corpus_writes_as_names_too(tmp_path):
    """The English stemmer reads "France" and "francs" as one stem ("franc"): a name the corpus
    writes with a capital matches only forms it also writes with one, while a Russian name keeps
    its declined forms and a word written in lower case keeps all of its forms."""
    make_snapshot(tmp_path, [
        ArticleSpec("fr-en", "Harbour Daily", [
            "The brigade trained in France for two months before it returned to the front.",
            "Each recruit was promised 500 francs a month, an old currency the instructors joked about.",
            "Officers in France said a few dozen men had deserted during the training.",
        ]),
        ArticleSpec("ru2", "Вечерний курьер", [
            "Журналисты спросили, знает ли Путин о дезертирах.",
            "В Кремле сказали, что Путина проинформировали о побегах.",
        ], language="ru"),
    ])
    index = build_index(load_snapshot(tmp_path))
    assert index.word_forms.forms("france") == ()
    assert "francs" not in " ".join(texts(search(index, "France", mode=LEXICAL, k=10, per_article=None)))
    assert index.word_forms.forms("путин") == ("путина",)
    assert index.word_forms.forms("deserted") == ()                      # (no other form here)
    # without the texts to read how the corpus writes a word, every form is matched as before
    plain = WordForms(index.lexical, ["en"] * 3 + ["ru"] * 2)
    assert plain.forms("france") == ("francs",)


def test_a_word_typed_in_its_dictionary_form_finds_the_forms_that_change_its_ending():
    # simplemma reads "мацієвського" as "мацієвський": typed as the dictionary form, the word still
    # finds the forms whose last letters differ (not only those that add letters)
    texts_ = ["Солдат Мацієвський загинув під Соледаром", "Відео загибелі Мацієвського поширилося",
              "Поранений боєць скаржиться", "Пораненого бійця повернули на фронт"]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, ["uk"] * 4)
    assert forms.forms("мацієвський") == ("мацієвського",) and forms.forms("мацієвського") == ("мацієвський",)
    assert forms.forms("поранений") == ("пораненого",)
    assert list(bm25.scores(bm25.query_terms("Мацієвський", forms.forms)) > 0) == [True, True, False, False]


@pytest.mark.parametrize("mode", [LEXICAL, "hybrid"])
def test_a_word_printed_only_in_a_heading_is_not_said_to_be_absent_from_the_corpus(tmp_path, mode):
    """A Finnish/Romanian review (session 31): "lekalla" was in one article's line classed as a
    heading, and search said "None of the query's words is in the corpus"; the researcher would
    have dropped an article that has it. Headings are still not ranked; the notice says where."""
    from newslens.embedder import load_embedder
    from newslens.schema import Kind

    make_snapshot(tmp_path, [
        ArticleSpec("fi07", "Uutiset", [("Ryhmä rankaisi karkuria vasaralla ja julkaisi videon", Kind.HEADING),
                                        "Sotilaat kertoivat puhelussa, että komentaja uhkasi heitä.",
                                        "Video levisi nopeasti sosiaalisessa mediassa."], language="fi"),
        ArticleSpec("en1", "Daily", ["Soldiers said their commander threatened them on the phone."]),
    ])
    snapshot = load_snapshot(tmp_path)
    embedder = None if mode == LEXICAL else load_embedder(snapshot.model_name)
    found = search(build_index(snapshot), "vasaralla", mode=mode, k=5, embedder=embedder)
    said = " ".join(found.notices)
    assert "is in the corpus" not in said and "Not in the corpus" not in said
    assert "“vasaralla” is printed only in headings or captions, which search does not rank: open fi07 in the Reader." in said
    # a word printed nowhere is not said to be in a heading
    nowhere = search(build_index(snapshot), "vasaralla kirves", mode=mode, k=5, embedder=embedder)
    [where] = [n for n in nowhere.notices if "headings" in n]
    assert where.startswith("“vasaralla” is printed only") and "kirves" not in where


def test_a_short_word_that_is_its_own_stem_finds_no_longer_word_cut_down_to_it():
    # The stemmers cut "Sicherheit" to "sich", "следующий" (next) to "след" (a trace), "carefully"
    # to "care": typed as such a bare stem, a word finds its forms, not those longer words
    texts_ = ["Die Sicherheit der Grenze wurde verstärkt.", "Er meldete sich beim Kommandeur.",
              "На снегу остался след гусениц.", "Следы вели к окопам.", "Следующий эшелон ушёл утром.",
              "Medics care for the wounded.", "He cares for his unit.", "They drove carefully at night.",
              "Soldiers kill in panic.", "The killings were filmed."]
    langs = ["de", "de", "ru", "ru", "ru", "en", "en", "en", "en", "en"]
    bm25 = BM25Index(texts_)
    forms = WordForms(bm25, langs)
    assert "sicherheit" not in forms.forms("sich")
    assert forms.forms("след") == ("следы",)
    assert forms.forms("care") == ("cares",)
    assert "killings" in forms.forms("kill")
    assert list(bm25.scores(bm25.query_terms("след", forms.forms)) > 0) == [False] * 2 + [True, True] + [False] * 6
