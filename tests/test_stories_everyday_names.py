"""Names that are everyday words of their language are weak evidence (issue 10, round 7).

On the third real story set, two Russian reports of different events in a mostly English corpus
were linked by capitalised words only they carried in that corpus ("Украины", "СМИ", "РИА
Новости"): rare in the corpus, among the most common words of Russian. The texts below are
written for the test in that shape: two Russian reports of different events, dated a day apart,
whose only shared names are everyday ones, and a third Russian report of the first event that
shares its rare specifics (a surname, a unit number, the day of the call).
"""
from __future__ import annotations

import pytest

from newslens import knowledge
from newslens.compare import everyday_words
from newslens.compare import evidence as evi
from newslens.compare.stories import group_stories, story_from_articles
from tests.factories import ArticleSpec
from tests.test_stories_hard_cases import _snapshot_as_english_model

DESERTER_DETAINED = ArticleSpec("ru-1", "Лента Один", [
    ("Пограничники задержали на границе с Казахстаном дезертира Рустама Ганиева из войсковой части 31135, "
     "сообщает РИА Новости со ссылкой на источник в силовых структурах."),
    ("По данным СМИ, Ганиев покинул часть 9 апреля, после того как его роту отправили на восток Украины."),
    "Ему грозит до десяти лет лишения свободы.",
], published="2024-04-12", language="ru", title="Задержан дезертир")

DESERTER_DETAINED_AGAIN = ArticleSpec("ru-2", "Вестник Два", [
    ("Рядового Рустама Ганиева, самовольно оставившего войсковую часть 31135 9 апреля, задержали "
     "при попытке пересечь границу."),
    "Военный суд решит вопрос о его аресте на следующей неделе.",
], published="2024-04-13", language="ru", title="Беглого рядового задержали")

MOBILISED_APPEAL = ArticleSpec("ru-3", "Вестник Два", [
    ("Мобилизованные из Татарстана записали видеообращение: их без подготовки бросили в окопы на "
     "юге Украины, пишут СМИ."),
    ("Как уточняет РИА Новости, в Министерстве обороны обращение назвали провокацией; мужчины просят "
     "вернуть их на полигон."),
], published="2024-04-13", language="ru", title="Мобилизованные жалуются на командиров")

# The rest of the corpus: English reports of other things, so the Russian words are rare in it.
ENGLISH = [
    ArticleSpec(f"en-{n}", f"Outlet {n}", [text], published=f"2024-0{1 + n % 8}-1{n % 9}", title=f"Report {n}")
    for n, text in enumerate([
        "A drone strike hit a fuel depot in the south on Tuesday, officials said.",
        "The parliament approved a new budget for reconstruction after a long debate.",
        "Volunteers delivered generators to hospitals in the east before the winter.",
        "Farmers reported a smaller grain harvest because of mined fields.",
        "A court in the capital sentenced a former official for bribery.",
        "Rescuers searched the rubble of an apartment block after the night attack.",
    ])
]


def test_everyday_words_are_read_from_the_language_at_large():
    assert everyday_words.zipf("Украины", "ru") > 5.0          # "of Ukraine": one of Russian's commonest words
    assert everyday_words.zipf("СМИ", "ru") >= 5.0             # "the media"
    assert everyday_words.zipf("Ганиева", "ru") < 3.5          # a surname
    assert everyday_words.zipf("Ukraine", "xx") is None        # a language wordfreq has no list for
    assert everyday_words.everyday_rarity(None, 3.5, 5.0) == 1.0
    assert everyday_words.everyday_rarity(3.0, 3.5, 5.0) == 1.0
    assert everyday_words.everyday_rarity(4.25, 3.5, 5.0) == pytest.approx(0.5)
    assert everyday_words.everyday_rarity(5.6, 3.5, 5.0) == 0.0


def test_an_everyday_name_weighs_nothing_however_rare_in_the_corpus(tmp_path):
    snapshot = _snapshot_as_english_model(tmp_path, [DESERTER_DETAINED, MOBILISED_APPEAL, *ENGLISH])
    (link,) = story_from_articles(snapshot, ["ru-1", "ru-3"]).links
    # "РИА" (Zipf 4.2) keeps a little weight; "Украины", "СМИ", "Новости" none: together below
    # what counts as a kind of evidence
    assert link.evidence.specifics < knowledge.story_rules().get("link", "kind_floor"), link.evidence.shared_specifics
    assert "Украины" not in link.evidence.shared_specifics      # a name of no weight is not shown as evidence
    assert not link.linked


def test_two_russian_reports_of_different_events_stay_apart_and_one_event_still_links(tmp_path):
    result = group_stories(_snapshot_as_english_model(
        tmp_path, [DESERTER_DETAINED, DESERTER_DETAINED_AGAIN, MOBILISED_APPEAL, *ENGLISH]))
    assert [sorted(s.article_ids) for s in result.stories] == [["ru-1", "ru-2"]]
    (link,) = [lk for lk in result.stories[0].links if {lk.a, lk.b} == {"ru-1", "ru-2"}]
    shown = " ".join(link.evidence.shared_specifics)
    assert "Ганиева" in shown and "#31135" in shown


def test_the_everyday_bounds_are_settings(tmp_path):
    rules = knowledge.story_rules()
    raw = {**rules.raw, "specifics": {**rules.raw["specifics"], "everyday": {
        **rules.raw["specifics"]["everyday"], "distinct_zipf": 7.0, "none_zipf": 8.0}}}
    lenient = knowledge.parse_story_rules(raw)
    facts = _facts("ru", "ukraini", "Украины", 1, thin=True)
    assert evi.everyday_name_rarity(facts, {"ukraini"}, rules) == {"ukraini": 0.0}
    assert evi.everyday_name_rarity(facts, {"ukraini"}, lenient) == {"ukraini": 1.0}


def _facts(language: str, name: str, form: str, n: int, thin: bool) -> list[evi.ArticleFacts]:
    return [evi.ArticleFacts(id=f"{language}-{i}", rows=[], start=None, end=None, precise=False, source=None,
                             title="", language=language, names={name}, name_forms={name: form}, thin=thin)
            for i in range(n)]


def test_a_language_the_corpus_holds_many_articles_of_is_read_by_corpus_rarity_alone():
    """"White House" is everyday English but rare, and telling, in a corpus about soldiers' morale:
    with enough English articles to measure rarity on, the language at large is not consulted."""
    from collections import Counter
    rules = knowledge.story_rules()
    enough = rules.get("specifics", "everyday", "corpus_articles")
    assert evi.thin_languages(Counter({"en": enough, "ru": 2}), rules) == {"ru"}
    english = _facts("en", "white", "White", 3, thin=False)
    assert evi.everyday_weights(english, {"white": 1.0}, rules) == {}
    assert evi.everyday_weights(_facts("en", "white", "White", 3, thin=True), {"white": 1.0}, rules)["white"] < 0.5


KURSK_A = ArticleSpec("en-kursk-a", "Wire One", [
    "Conscripts sent to Kursk in August say Putin ordered them to hold a village without artillery support.",
    "Their unit, the 1163rd regiment, lost contact with command for three days, the men said in a video.",
    "\u201cWe were left here with no artillery and no orders for three whole days,\u201d one of them says.",
], published="2024-08-20", title="Conscripts in Kursk say they were abandoned")
KURSK_B = ArticleSpec("en-kursk-b", "Wire Two", [
    "A video from Kursk shows conscripts complaining that Putin left them to hold a village with no artillery.",
    "The 1163rd regiment men say command went silent for three days.",
    "\u201cWe were left here with no artillery and no orders for three whole days,\u201d a conscript says.",
], published="2024-08-21", title="Kursk conscripts complain of abandonment")
KURSK_RU = ArticleSpec("ru-kursk", "Лента Три", [
    "В город Курск на ярмарку меда приехал Путин, сообщает администрация области.",
], published="2024-08-21", language="ru", title="Ярмарка")


def test_one_thin_language_article_does_not_weaken_a_name_between_two_well_represented_reports(tmp_path):
    """The everyday reading applies to pairs with an article of a thin language only: one Russian
    page writing "Путин" (among Russian's commonest words) leaves "Putin" the evidence it was
    between the two English re-reports, and is no evidence between that page and either of them."""
    from newslens.compare import stories as st
    filler = [ArticleSpec(f"en-f{n}", f"Outlet F{n}", [f"Report number {n} about the harvest and the weather in the south."],
                          published=f"2024-0{1 + n % 8}-1{n % 9}", title=f"Harvest {n}") for n in range(30)]
    snapshot = _snapshot_as_english_model(tmp_path, [KURSK_A, KURSK_B, KURSK_RU, *filler])
    facts = st._facts(snapshot, None)
    ctx = st._context(snapshot, list(facts.values()), None, st.MAX_DAYS)
    assert facts["ru-kursk"].thin and not facts["en-kursk-a"].thin
    key = evi.name_key("Putin")
    assert ctx.thin_weights[key] == 0.0 < ctx.weights[key]
    english = st.link_articles(ctx, facts["en-kursk-a"], facts["en-kursk-b"]).evidence
    assert {"Putin", "Kursk", "#1163"} <= set(english.shared_specifics)
    mixed = st.link_articles(ctx, facts["en-kursk-a"], facts["ru-kursk"]).evidence
    assert not any("Putin" in s or "Путин" in s for s in mixed.shared_specifics), mixed.shared_specifics


def test_a_japanese_article_with_latin_names_is_grouped_without_a_tokenizer(tmp_path):
    """wordfreq reads Japanese only with MeCab, which is not installed: names in a Japanese article
    (Latin words such as "WSJ") are read by corpus rarity alone instead of stopping the grouping."""
    japanese = ArticleSpec("ja-1", "日本経済", ["ロシア軍の脱走兵について WSJ と Putin 政権の対応を報じた。"],
                           published="2024-08-22", language="ja", title="脱走兵")
    result = group_stories(_snapshot_as_english_model(tmp_path, [japanese, KURSK_A, KURSK_B, *ENGLISH]))
    assert [sorted(s.article_ids) for s in result.stories] == [["en-kursk-a", "en-kursk-b"]]
