"""Meaning in a language the model does not cover is read against that language's own spread (grouping round 22).

The default English model reads Cyrillic as a few word pieces: every pair of Russian reports sits at
0.85-0.9, so a fixed bar of 0.75 counted meaning in full for nearly every pair, and two Russian
reports of different events a day apart linked on it and their dates alone (the twenty-ninth real
set: a verdict for an arson attack and a beating at a military unit). The texts are written for the
test in that shape; vectors stand in for the English model's reading of Cyrillic (one shared
direction, a little noise), so every pair is about as close as every other.
"""
from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from newslens import knowledge

from newslens.compare import evidence as evi
from newslens.compare import stories as st
from newslens.embedder import HashingEmbedder, normalise_rows
from newslens.schema import ManifestKey
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

VERDICT = ArticleSpec("ru-verdict", "Вести Урала", [
    "Военный суд в Екатеринбурге приговорил Арсения Мальцева и Тимура Гайнуллина к 17 годам колонии за "
    "поджог здания администрации в посёлке Сосновка, где работал военно-учётный стол.",
    "«Мы хотели, чтобы ни одного списка больше не осталось», — сказал Мальцев в последнем слове.",
    "Защита намерена обжаловать приговор.",
], published="2023-05-14", language="ru", title="Поджигателям военкомата дали по 17 лет")

VERDICT_AGAIN = ArticleSpec("ru-verdict-2", "Сибирь Сегодня", [
    "Арсения Мальцева и Тимура Гайнуллина приговорили к 17 годам: военный суд в Екатеринбурге признал "
    "их виновными в поджоге администрации Сосновки, где располагался военно-учётный стол.",
    "«Мы хотели, чтобы ни одного списка больше не осталось», — заявил Мальцев в суде.",
], published="2023-05-15", language="ru", title="17 лет за поджог в Сосновке")

BEATING = ArticleSpec("ru-beating", "Кавказ Сейчас", [
    "В Моздоке мобилизованные записали видео, на котором офицеры избивают их сослуживца Рустама Цаголова "
    "за отказ ехать на передовую; военная прокуратура начала проверку.",
    "Родственники Цаголова говорят, что его увезли в госпиталь во Владикавказе.",
], published="2023-05-15", language="ru", title="Офицеры избили мобилизованного в Моздоке")

# Other Russian reports on the same themes (different events): the corpus the bar is read from.
OTHERS = [
    ArticleSpec(f"ru-other-{n}", f"Лента {n}", [text], published=f"2023-0{n}-02", language="ru", title=title)
    for n, (title, text) in enumerate([
        ("Суд в Бакале", "В Бакале суд арестовал двоих мужчин по делу о бутылках с зажигательной смесью."),
        ("Побег с полигона", "С полигона под Пермью ушли трое мобилизованных, их ищет военная полиция."),
        ("Выплаты задерживают", "Семьи контрактников в Туве жалуются, что выплаты задерживают третий месяц."),
        ("Драка в казарме", "В казарме под Воронежем после драки умер рядовой, возбуждено дело об убийстве."),
        ("Граната в блиндаже", "Пьяный солдат бросил гранату в блиндаж под Белгородом, погибли двое."),
        ("Бронежилеты за свой счёт", "Мобилизованные из Омска покупают бронежилеты и аптечки за свой счёт."),
    ], start=1)
]


class _EnglishModelReadingCyrillic(HashingEmbedder):
    """Vectors as the default English model's of Russian paragraphs: all lean one way (one shared
    direction, a little noise), so any two Russian articles are about 0.9 alike, whatever they
    report; the two reports of the verdict, which share its names, lean a little further together."""

    def __init__(self):
        super().__init__(64)
        self.name = "all-MiniLM-L6-v2"

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:
        rng = np.random.default_rng(7)
        direction, verdict = normalise_rows(rng.normal(size=(2, self.dim)))
        noise = normalise_rows(rng.normal(size=(len(texts), self.dim)))
        shared = np.array([[0.35] if "Мальцев" in text else [0.0] for text in texts])
        return normalise_rows(direction + 0.45 * noise + shared * verdict)


def _snapshot_read_as_by_an_english_model(tmp_path, specs):
    make_snapshot(tmp_path, specs, embedder=_EnglishModelReadingCyrillic())
    return load_snapshot(tmp_path)


def test_two_reports_of_different_events_in_an_uncovered_language_do_not_link_on_its_closeness(tmp_path):
    snapshot = _snapshot_read_as_by_an_english_model(tmp_path, [VERDICT, VERDICT_AGAIN, BEATING, *OTHERS])
    facts = st._facts(snapshot)
    ctx = st._context(snapshot, list(facts.values()), None, st.MAX_DAYS)
    different = st.link_articles(ctx, facts["ru-verdict"], facts["ru-beating"])
    same = st.link_articles(ctx, facts["ru-verdict"], facts["ru-verdict-2"])
    # the premise: close enough that the fixed bar counted meaning in full (with the day-apart dates, a link)
    assert different.evidence.article_similarity >= ctx.rules.get("meaning", "uncovered_same_language_low") + \
        ctx.rules.get("meaning", "span")
    # read against Russian's own spread in this corpus, it is an ordinary Russian pair: no meaning, no link
    assert different.evidence.meaning < 0.5
    assert not different.linked
    # ...while the two reports of one verdict, closer than the language's ordinary pairs, keep it
    assert same.evidence.meaning > 0.5
    stories = st.group_stories(snapshot).stories
    assert [sorted(s.article_ids) for s in stories] == [["ru-verdict", "ru-verdict-2"]]


def test_the_bar_is_the_languages_own_only_where_it_is_higher_and_the_language_has_articles_enough():
    rules = evi.load_story_rules()
    fixed = rules.get("meaning", "uncovered_same_language_low")
    enough = rules.get("meaning", "uncovered_min_articles")
    rng = np.random.default_rng(3)
    crowded = normalise_rows(normalise_rows(rng.normal(size=(1, 32)))[0] + 0.3 * normalise_rows(rng.normal(size=(enough + 4, 32))))
    spread = normalise_rows(rng.normal(size=(enough, 32)))       # any two about 0 alike (German, read by its pieces)
    floors = evi.uncovered_meaning_floors({"ru": crowded, "de": spread, "pl": crowded[: enough - 1]}, rules)
    assert floors["ru"] > 0.9
    assert floors["de"] == fixed
    assert "pl" not in floors          # too few articles to read a spread from: the fixed bar


def test_a_language_of_few_articles_in_pairs_of_re_reports_keeps_its_pairs_above_the_bar():
    # Eight articles of one language, four stories of two re-reports each: a quarter of the pairs are
    # true. The bar is read without each article's nearest, or it would sit on those very pairs.
    rules = evi.load_story_rules()
    rng = np.random.default_rng(5)
    direction = normalise_rows(rng.normal(size=(1, 32)))[0]
    stories = normalise_rows(rng.normal(size=(4, 32)))
    vectors = normalise_rows(direction + 0.3 * np.repeat(stories, 2, axis=0) + 0.05 * rng.normal(size=(8, 32)))
    sims = vectors @ vectors.T
    true_pairs = [sims[i, i + 1] for i in range(0, 8, 2)]
    # the premise: the language's plain quantile over all its pairs would sit on a true pair
    assert np.quantile(sims[np.triu_indices(8, 1)], rules.get("meaning", "uncovered_quantile")) > min(true_pairs)
    floor = evi.uncovered_meaning_floors({"ru": vectors}, rules)["ru"]
    assert min(true_pairs) > floor + 0.02


def test_a_hand_picked_pair_reads_the_same_bar_as_the_whole_corpus(tmp_path):
    snapshot = _snapshot_read_as_by_an_english_model(tmp_path, [VERDICT, VERDICT_AGAIN, BEATING, *OTHERS])
    whole = st._context(snapshot, list(st._facts(snapshot).values()), None, st.MAX_DAYS)
    picked = st._context(snapshot, list(st._facts(snapshot, ["ru-verdict", "ru-beating"]).values()), None, st.MAX_DAYS)
    assert picked.uncovered_floors == whole.uncovered_floors
    story = st.story_from_articles(snapshot, ["ru-verdict", "ru-beating"])
    assert all(link.evidence.meaning < 0.5 for link in story.links)


@pytest.mark.parametrize("change, key", [
    ({"uncovered_quantile": 1.5}, "uncovered_quantile"),
    ({"uncovered_quantile": 0}, "uncovered_quantile"),
    ({"uncovered_neighbours": 9}, "uncovered_min_articles"),     # no pair would remain: the bar silently off
    ({"uncovered_sample": 5}, "uncovered_sample"),               # a sample under the minimum: the same
])
def test_settings_that_would_switch_the_bar_off_without_a_word_are_refused(change, key):
    raw = copy.deepcopy(knowledge.story_rules().raw)
    raw["meaning"].update(change)
    with pytest.raises(knowledge.ConfigError, match=key):
        knowledge.parse_story_rules(raw)


def test_a_snapshot_being_built_reads_its_own_bar_not_the_last_builds(tmp_path):
    # Two builds in one process (the app's Add-articles page) with the same articles, model and
    # languages but different texts: the second must not inherit the first one's bar.
    first = _snapshot_read_as_by_an_english_model(tmp_path / "a", [VERDICT, VERDICT_AGAIN, BEATING, *OTHERS])
    make_snapshot(tmp_path / "b", [VERDICT, VERDICT_AGAIN, BEATING, *OTHERS], embedder=HashingEmbedder(64))
    second = load_snapshot(tmp_path / "b")      # word-hashed vectors: Russian texts far apart
    rules = evi.load_story_rules()
    as_built = [dataclasses.replace(s, snapshot_id=st.BEING_BUILT, manifest={**s.manifest, ManifestKey.MODEL_NAME: "all-MiniLM-L6-v2"})
                for s in (first, second)]
    bars = [st._uncovered_floors(s, {"ru"}, rules).get("ru", rules.get("meaning", "uncovered_same_language_low"))
            for s in as_built]
    assert bars[0] > bars[1]
