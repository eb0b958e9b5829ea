"""Lens config (load, validate, save) and scoring, with the hashing embedder."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
import yaml

from newslens import config
from newslens.topics import analysis as topics
from newslens.embedder import HashingEmbedder, ModelLoadError
from newslens.topics.lens_labels import assign_labels, label_counts
from newslens.topics.lenses import (DEFAULT_THRESHOLD, Lens, LensConfig, LensError, dump_lenses,
                             embed_phrasings, load_lenses, make_lens, parse_lenses,
                             save_lenses, score_paragraphs)
from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

EMBEDDER = HashingEmbedder(64)


def test_shipped_lens_file_has_the_three_named_lenses():
    lens_config = load_lenses(config.lenses_file())
    assert lens_config.names[:3] == ("morale", "desertion", "executions")
    for lens in lens_config.lenses:
        assert lens.definition and len(lens.examples) >= 4
        assert 0 < lens_config.thresholds()[lens.name] < 1


GOOD = {"lenses": [{"name": "refusal", "definition": "Soldiers refuse orders.", "examples": ["They will not attack."]}]}


@pytest.mark.parametrize("data, message", [
    (None, "mapping"),
    ([], "mapping"),
    ({"lenses": []}, "non-empty"),
    ({"lens": GOOD["lenses"]}, "unknown keys"),
    ({"lenses": ["morale"]}, "mapping"),
    ({"lenses": [{"name": "", "definition": "x"}]}, "name is empty"),
    ({"lenses": [{"name": "a", "definition": "   "}]}, "definition is empty"),
    ({"lenses": [{"name": "a", "definition": "x", "exmaples": ["typo"]}]}, "unknown keys exmaples"),
    ({"lenses": [{"name": "a", "definition": "x", "examples": "not a list"}]}, "list"),
    ({"lenses": [{"name": "a", "definition": "x", "examples": [3]}]}, "example 1 must be text"),
    ({"lenses": [{"name": "a", "definition": "x", "threshold": 1.5}]}, "between 0 and 1"),
    ({"lenses": [{"name": "a", "definition": "x", "threshold": "high"}]}, "number"),
    ({"lenses": [{"name": "A", "definition": "x"}, {"name": "a", "definition": "y"}]}, "defined twice"),
    ({"default_threshold": -0.1, **GOOD}, "between 0 and 1"),
    ({"lenses": [{"name": "a" * 61, "definition": "x"}]}, "longer than"),
    ({"lenses": [{"name": "a", "definition": "x", "lexicon": "deserters"}]}, "lexicon must be a list"),
    ({"lenses": [{"name": "a", "definition": "x", "lexicon": ["(unclosed"]}]},
     r"lens 'a': lexicon entry 1 \('\(unclosed'\) is not a valid regular expression"),
    ({"lenses": [{"name": "a", "definition": "x", "lexicon": ["x?"]}]}, "matches empty text"),
    ({"lenses": [{"name": "a", "definition": "x", "lexicon": ["x"], "lexicon_weight": 0.9}]}, "at most 0.5"),
])
def test_invalid_lens_data_is_refused_with_a_clear_message(data, message):
    with pytest.raises(LensError, match=message):
        parse_lenses(data)


def test_valid_data_normalises_whitespace_and_keeps_order():
    lens_config = parse_lenses({"default_threshold": 0.3, "lenses": [
        {"name": "  self-harm ", "definition": "Soldiers  hurt\nthemselves.", "examples": ["a", "b"]},
        {"name": "refusal", "definition": "Refusing orders.", "threshold": 0.6},
    ]})
    assert lens_config.names == ("self-harm", "refusal")
    assert lens_config.get("self-harm").definition == "Soldiers hurt themselves."
    assert lens_config.thresholds() == {"self-harm": 0.3, "refusal": 0.6}


@pytest.mark.parametrize("text, message", [
    ("lenses: [unclosed", "not valid YAML"),
    ("just a string", "mapping"),
    (b"\xff\xfe\x00bad", "not valid YAML"),
])
def test_broken_files_name_the_file(tmp_path, text, message):
    path = tmp_path / "lenses.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(LensError, match=message) as info:
        load_lenses(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_lens_error(tmp_path):
    with pytest.raises(LensError, match="not found"):
        load_lenses(tmp_path / "nope.yaml")


def test_save_round_trips_and_keeps_a_comment_header(tmp_path):
    path = tmp_path / "config" / "lenses.yaml"
    original = load_lenses(config.lenses_file())
    added = original.with_lens(make_lens("self-harm", "Soldiers injure themselves to leave the front.",
                                         "Shot himself in the foot.\n\nCut his hand to be discharged.\n", 0.42))
    save_lenses(path, added)
    assert path.read_text(encoding="utf-8").startswith("# NewsLens topic lenses")
    assert load_lenses(path) == added
    assert added.get("self-harm").examples == ("Shot himself in the foot.", "Cut his hand to be discharged.")


def test_save_is_atomic_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "lenses.yaml"
    original = load_lenses(config.lenses_file())
    save_lenses(path, original)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_lenses(path, original.with_lens(make_lens("x", "y")))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lenses.yaml"]     # no temp file left behind


def test_with_lens_replaces_same_name_case_insensitively():
    base = LensConfig((Lens("Morale", "a"), Lens("desertion", "b")))
    changed = base.with_lens(Lens("morale", "new"))
    assert changed.names == ("desertion", "morale")
    assert changed.get("morale").definition == "new"
    assert base.fingerprint() != changed.fingerprint()
    assert changed.without("morale").names == ("desertion",)


def test_dump_is_valid_yaml_of_the_config():
    lens_config = load_lenses(config.lenses_file())
    assert parse_lenses(yaml.safe_load(dump_lenses(lens_config))) == lens_config


# --- scoring ----------------------------------------------------------------------------------

LENSES = LensConfig((
    make_lens("executions", "commander orders to shoot soldiers who retreat",
              ["shoot anyone who retreats", "executed deserters in public"]),
    make_lens("weather", "heavy rain and snow", ["rain fell all week", "snow storm"]),
), default_threshold=0.3)


@pytest.fixture
def snapshot(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("a1", "Outlet A", [
        ("shoot anyone who retreats", Kind.HEADING),
        "the commander ordered them to shoot anyone who retreats",
        "heavy rain fell all week and a snow storm came",
        ("shoot anyone who retreats", Kind.BOILERPLATE),
        "the market reopened on monday",
    ])])
    return load_snapshot(tmp_path)


def test_scores_are_per_lens_and_furniture_gets_none(snapshot):
    scores = topics.score_snapshot(snapshot, LENSES, EMBEDDER)
    frame = scores.frame()
    kinds = snapshot.paragraphs[ParagraphCol.KIND].tolist()
    for row, kind in enumerate(kinds):
        assert frame.iloc[row].isna().all() == (kind not in Kind.CONTENT)
    assert frame.loc[1, "executions"] > frame.loc[1, "weather"]
    assert frame.loc[2, "weather"] > frame.loc[2, "executions"]
    labels = topics.topic_labels(scores, LENSES.thresholds())
    assert labels.tolist() == [[], ["executions"], ["weather"], [], []]


def test_why_names_the_closest_example_phrasing(snapshot):
    scores = topics.score_snapshot(snapshot, LENSES, EMBEDDER)
    assert scores.why(1, "executions") == "shoot anyone who retreats"
    assert scores.why(2, "weather") == "rain fell all week"
    assert scores.why(0, "executions") is None          # heading: furniture


@pytest.mark.parametrize("threshold, expected", [(0.0, 3), (0.3, 1), (0.99, 0)])
def test_threshold_moves_labels(snapshot, threshold, expected):
    scores = topics.score_snapshot(snapshot, LENSES, EMBEDDER)
    labels = topics.topic_labels(scores, {"executions": threshold, "weather": 1.0})
    assert label_counts(labels, LENSES.names)["executions"] == expected


def test_score_is_mean_of_the_two_closest_phrasings():
    vectors = {"x": np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype=np.float32)}
    paragraphs = np.array([[1, 0], [0, 1]], dtype=np.float32)
    lens_config = LensConfig((Lens("x", "d", ("e1", "e2")),))
    scores = score_paragraphs(paragraphs, np.array([True, True]), lens_config, vectors)
    np.testing.assert_allclose(scores.scores[:, 0], [(1 + 0.6) / 2, (1 + 0.8) / 2], rtol=1e-6)
    assert scores.closest[:, 0].tolist() == [0, 2]


def test_labels_are_ordered_by_score():
    vectors = {"a": np.array([[1, 0]], np.float32), "b": np.array([[0.8, 0.6]], np.float32)}
    lens_config = LensConfig((Lens("a", "d"), Lens("b", "d")))
    scores = score_paragraphs(np.array([[0.6, 0.8]], np.float32), np.array([True]), lens_config, vectors)
    assert assign_labels(scores, {"a": 0.1, "b": 0.1}).tolist() == [["b", "a"]]


def test_a_lens_embedded_with_another_model_is_refused(snapshot):
    vectors = embed_phrasings(LENSES, HashingEmbedder(32))
    with pytest.raises(LensError, match="another model"):
        score_paragraphs(snapshot.embeddings, snapshot.content_mask(), LENSES, vectors)
    with pytest.raises(ModelLoadError, match="cannot be scored: the snapshot was built with model"):
        topics.score_snapshot(snapshot, LENSES, HashingEmbedder(32))


def test_default_threshold_is_used_when_a_lens_has_none():
    assert LensConfig((Lens("a", "d"),)).thresholds() == {"a": DEFAULT_THRESHOLD}


# --- lexicons ---------------------------------------------------------------------------------

def _lexicon_scores(texts, weight=0.1, cap_entries=("deserter", "ran away", "awol")):
    lens = make_lens("desertion", "d", ["e"], lexicon=list(cap_entries), lexicon_weight=weight)
    vectors = {"desertion": np.array([[1, 0]], np.float32)}
    paragraphs = np.tile(np.array([[0.6, 0.8]], np.float32), (len(texts), 1))
    return score_paragraphs(paragraphs, np.ones(len(texts), bool), LensConfig((lens,)), vectors, texts=texts)


def test_each_distinct_lexicon_wording_adds_the_weight_up_to_two():
    scores = _lexicon_scores(["nothing here", "a Deserter was caught", "a deserter ran away",
                              "a deserter ran away, AWOL for weeks", "deserter deserter deserter"])
    np.testing.assert_allclose(scores.scores[:, 0], [0.6, 0.7, 0.8, 0.8, 0.7], rtol=1e-6)
    np.testing.assert_allclose(scores.similarity[:, 0], 0.6, rtol=1e-6)
    assert scores.words(1, "desertion") == ("Deserter",)          # as written in the paragraph
    assert scores.words(3, "desertion") == ("deserter", "ran away", "AWOL")   # all shown, two counted


def test_explain_names_the_example_and_the_words():
    scores = _lexicon_scores(["nothing here", "a deserter ran away"])
    assert scores.explain(0, "desertion") == "0.60: similarity 0.60 to examples like 'd'"
    assert scores.explain(1, "desertion") == ("0.80: similarity 0.60 to examples like 'd'; "
                                              "words 'deserter', 'ran away' add 0.20")


def test_without_texts_or_lexicon_the_score_is_the_similarity():
    lens = make_lens("x", "d", ["e"])
    scores = score_paragraphs(np.array([[1, 0]], np.float32), np.array([True]), LensConfig((lens,)),
                              {"x": np.array([[1, 0]], np.float32)}, texts=["deserter"])
    assert scores.scores[0, 0] == pytest.approx(1.0) and scores.words(0, "x") == ()


def test_lexicon_round_trips_through_the_file(tmp_path):
    lens_config = parse_lenses({"lenses": [{"name": "a", "definition": "x", "lexicon": ["\\bdesert\\w*"],
                                            "lexicon_weight": 0.2}]})
    save_lenses(tmp_path / "lenses.yaml", lens_config)
    again = load_lenses(tmp_path / "lenses.yaml")
    assert again == lens_config and again.get("a").words_in("Deserters fled") == ("Deserters",)


def test_shipped_lexicons_find_the_wordings_of_their_theme():
    lens_config = load_lenses(config.lenses_file())
    found = {name: lens_config.get(name).words_in for name in lens_config.names}
    assert found["executions"]("If anyone runs away, just shoot them.")
    assert found["executions"]("Barrier detachments opened fire on their own comrades.")
    assert found["desertion"]("Thousands went AWOL or deserted their units.")
    assert found["desertion"]("Die Zahl der Deserteure steigt.")
    assert found["morale"]("The men refused to fight and recorded a video appeal.")
    assert not found["executions"]("The market reopened on Monday after the storm.")
    assert not found["desertion"]("The desert heat was hard on the engines.")


# Wordings real reports of new stories used that earlier lexicons missed, in our words: round 9
# (refuseniks held in basements, AWOL court counts, a defector killed with a sledgehammer), round 10
# (surrender told without the word, fleeing to avoid the war, tied to trees, fired on from behind)
# and round 11 (conditions soldiers flee, strikes, a serviceman's asylum, killing one's own wounded).
@pytest.mark.parametrize("lens, text, found", [
    ("morale", "The refuseniks say they were held in a basement for weeks.", True),
    ("morale", "He says it is not his war and that he wanted to leave the war in spring.", True),
    ("morale", "Dozens of men who refused to continue the assault were locked in a pit.", True),
    ("morale", "An anti-war account by a former paratrooper calls the invasion senseless.", True),
    ("desertion", "He defected to the Ukrainian side in September.", True),
    ("desertion", "Courts opened 700 cases of absence without leave in March.", True),
    ("executions", "The defector was killed with a sledgehammer on camera.", True),
    ("executions", "He was murdered for defecting, his former comrades say.", True),
    ("desertion", "The factory fixed the defects in the new trucks.", False),
    ("morale", "The museum keeps old wine in its cellars.", False),
    # round 10
    ("morale", "The recruit said he did not want to fight and left for Georgia.", True),
    ("morale", "He didn’t want to fight, so volunteers helped him cross the border.", True),
    ("morale", "Two men were found taped to a birch tree in their underwear.", True),
    ("morale", "He threw down his rifle and raised his hands before the drone.", True),
    ("desertion", "The fugitive conscript was seized by military police in a cafe.", True),
    ("desertion", "He faces prison for leaving his military unit in the autumn.", True),
    ("desertion", "After he attempted to defect, he was handed back in an exchange.", True),
    ("executions", "His own men opened fire on his back as he crawled towards the trench.", True),
    ("executions", "He was tied to a tree and left for the drones.", True),
    ("executions", "The governor said the wildfire raised fears in the villages.", False),
    ("executions", "Volunteers tied ribbons to the trees by the memorial.", False),
    # round 11
    ("morale", "He says he fled his unit because the conditions there were unbearable.", True),
    ("morale", "Hazing remains common in the barracks, the conscript's lawyer says.", True),
    ("morale", "About 200 mobilised men went on strike over unpaid bonuses.", True),
    ("morale", "He told the court he refused to kill people in a war against his conscience.", True),
    ("desertion", "The sergeant crossed the border and asked for political asylum.", True),
    ("desertion", "He abandoned his military unit near the border in January.", True),
    ("executions", "Officers finished off their own wounded rather than carry them out.", True),
    ("executions", "Wounded men were shot by the commander instead of being evacuated.", True),
    ("desertion", "The minister asked for asylum reform in parliament.", False),
    ("executions", "Medics carried the wounded to the hospital.", False),
    # ordinary war and civilian news none of the lenses' wordings may take for theirs (a review's cases)
    ("morale", "Russian troops carried out a missile strike on the port.", False),
    ("morale", "Troops dispersed the protesters outside the ministry.", False),
    ("desertion", "Millions of Ukrainians fled the war in the first weeks.", False),
    ("morale", "Volunteers tied ribbons to the trees by the memorial.", False),
    ("morale", "MPs raised their hands to vote for the budget.", False),
    ("morale", "Refugees live in poor conditions on the border.", False),
    ("morale", "Ukraine did not fight back at first, the report says.", False),
    ("desertion", "Border officers detained three asylum seekers at the crossing.", False),
    ("desertion", "The suspect handed himself in to the police on Monday.", False),
    ("desertion", "Russia is going to great lengths to find soldiers who fled the war.", True),
    ("desertion", "A Russian soldier who deserted is seeking political asylum in Georgia.", True),
    # the lexicon's wordings in the corpus's other languages (a set-26 reviewer: one UK MoD update was
    # tagged desertion only in German; Italian, Polish, Ukrainian past tense missing)
    ("desertion", "Ogni settimana cento soldati vengono condannati per diserzione.", True),
    ("desertion", "I disertori rischiano fino a quindici anni di carcere.", True),
    ("desertion", "Sądy skazują co tydzień setki żołnierzy za dezercję.", True),
    ("desertion", "Los tribunales juzgan cada semana casos de deserción.", True),
    ("desertion", "Rintamalta on paennut satoja karkureita.", True),
    ("desertion", "З позицій вже втекли вісімнадцять військових.", True),
    ("desertion", "Родина втекла від обстрілів до Львова.", False),          # civilians fleeing: no desertion
    ("desertion", "Il disegno della città è cambiato.", False),
    ("desertion", "전선에서 북한군 18명이 탈영했다고 정보당국이 밝혔다.", True),          # Korean (set 32)
    ("executions", "정보당국은 포로들이 총살당했다고 밝혔다.", True),
    ("desertion", "前线有十八名逃兵越过边境。", True),
    # Finnish (any case ending, inside compounds) and Romanian (either form of ş/ș and ţ/ț, or none):
    # a s31 reviewer found executions on no Finnish or Romanian paragraph that says it outright
    ("executions", "Upseerit teloittivat kaksi sotilasta, jotka yrittivät vetäytyä.", True),
    ("executions", "Teloituksista kerrottiin vasta vuosia myöhemmin.", True),
    ("executions", "Rykmentin taakse sijoitettiin sulkuyksiköitä.", True),
    ("executions", "Komentajan kerrotaan ampuneen kaksi vetäytyvää sotilasta.", True),
    ("executions", "Ofiţerii au executat trei soldaţi care refuzau să atace.", True),
    ("executions", "Ofițerii au executat trei soldați care refuzau să atace.", True),
    ("executions", "Ofiterii au executat trei soldati care refuzau sa atace.", True),
    ("executions", "Martorii vorbesc despre un pluton de execuţie.", True),
    ("executions", "În spatele lor stăteau unităţi de blocare.", True),
    ("executions", "Doi militari au fost împușcați de propriii camarazi.", True),
    ("executions", "Ordinele au fost executate întocmai, a spus ministrul.", False),   # a executa: carry out
    ("executions", "Lucrările vor fi executate de o firmă locală.", False),
    # ordinary news a review's probe found labelled (session 31): a budget, a contract, bailiffs
    ("executions", "Execuția bugetară pe primele nouă luni arată un deficit.", False),
    ("executions", "Ministerul a anunțat execuția contractului pentru blindate.", False),
    ("executions", "Executorii judecătorești au pus sechestru pe conturile firmei.", False),
    ("executions", "Execuțiile sumare ale dezertorilor au continuat.", True),
    ("desertion", "Sotilaat lähtivät rintamalta lomalle jouluksi.", False),       # leave, not desertion
    ("morale", "Hän kieltäytyi kommentoimasta asiaa.", False),                   # declined to comment
    ("morale", "Valitukset hylättiin korkeimmassa hallinto-oikeudessa.", False),  # legal appeals
    ("desertion", "Rintamakarkureita on pidätetty satoja.", True),
    ("desertion", "Sotilaskarkuruus on lisääntynyt.", True),
    ("desertion", "Kaksi sotilasta karkasi yksiköstään viime viikolla.", True),
    ("desertion", "Zeci de militari și-au părăsit unitatea în ultima lună.", True),
    ("desertion", "Au fugit de pe front după două săptămâni.", True),
    ("morale", "Joukkojen taistelutahto on heikentynyt.", True),
    ("morale", "Sotilaat kieltäytyivät lähtemästä hyökkäykseen.", True),
    ("morale", "Meitä kohdellaan tykinruokana.", True),
    ("morale", "Hän ei välittänyt kylmästä.", False),           # välittää, not valittaa (complain)
    ("morale", "Moralul trupelor ruse este foarte scăzut.", True),
    ("morale", "Soldaţii refuză să lupte fără muniţie.", True),
    ("morale", "Suntem folosiţi pe post de carne de tun.", True),
    # Polish, Italian, Spanish, French and German beyond the word for deserter
    ("executions", "Dowódca kazał rozstrzelać dwóch żołnierzy.", True),
    ("executions", "Dietro la prima linea operano reparti di sbarramento.", True),
    ("executions", "Los desertores fueron fusilados al amanecer.", True),
    ("executions", "Des déserteurs auraient été fusillés par leurs officiers.", True),
    ("executions", "Die Soldaten wurden exekutiert.", True),
    ("morale", "Żołnierze odmawiają walki i skarżą się na dowódców.", True),
    ("morale", "I soldati si rifiutano di combattere.", True),
    ("desertion", "Plusieurs soldats ont déserté la brigade.", True),
    ("desertion", "Es gab viele Fälle unerlaubten Verlassens der Einheit.", True),
    ("desertion", "Las calles desérticas del centro.", False),

])
def test_shipped_lexicons_find_the_wordings_of_new_stories(lens, text, found):
    assert bool(load_lenses(config.lenses_file()).get(lens).words_in(text)) is found


@pytest.mark.parametrize("entry, text", [
    (r"\bshoot(?:s|ing)? them\b", "If anyone runs away, just SHOOT THEM."),
    (r"\bshot\b", "a snapshot, then a shot"),                  # the first candidate is inside a word
    (r"\b(?:fled|ran away) from the front\b", "Two men Fled From The Front."),
    (r"\bAWOL\b|\babsent without leave\b", "He went awol."),
    (r"\b-\d+\b", "a-1 and -2"),                                # \b before a non-word character
    (r"[]x]yz|\bdesert(?:er|ers)\b", "Deserters were caught."),
    (r"дезерт\w*|сбежа\w*", "Солдат СБЕЖАЛ с позиций."),
    (r"дезерт\w*", "No Cyrillic here at all."),
    (r"\bhell\b", "İstanbul: this is HELL."),                   # lower() changes the length here
    (r"\bmorale\b", "Immorale is not morale"),
])
def test_fast_lexicon_search_finds_what_a_case_insensitive_search_finds(entry, text):
    import re
    lens = make_lens("x", "d", lexicon=[entry])
    expected = re.search(entry, text, re.IGNORECASE)
    assert lens.words_in(text) == ((expected.group(0),) if expected else ())


@pytest.mark.parametrize("lens, text, found", [
    # set 34 (a reviewer): four French and two Arabic reports of Russian deserters in Kazakhstan had
    # no lens, their "déserteurs" missed by the entry written "deserteur"
    ("desertion", "Un déserteur russe a été enlevé près de la frontière.", "déserteur"),
    ("desertion", "LES DÉSERTIONS SE MULTIPLIENT DANS LA BRIGADE.", "DÉSERTIONS"),
    ("executions", "Les soldats ont exécuté deux prisonniers.", "exécuté"),
    # a dotted capital I lowers to two characters; the rest is read all the same (review, session 28)
    ("desertion", "Deux déserteurs russes sont arrivés à İstanbul.", "déserteurs"),
])
def test_lexicon_wordings_match_whatever_the_accents(lens, text, found):
    assert found in load_lenses(config.lenses_file()).get(lens).words_in(text)


def test_an_accented_entry_finds_the_unaccented_spelling_and_cyrillic_letters_stay_letters():
    assert make_lens("x", "d", lexicon=[r"\bdézertér\w*"]).words_in("Dva dezerteri utekli.") == ("dezerteri",)
    assert make_lens("x", "d", lexicon=[r"\bбой\w*"]).words_in("Он боится") == ()   # й is no и



# Finnish writes ä and ö as letters of their own (config/search.yaml own_letters): in a Finnish
# paragraph a lexicon keeps them, so the complaint valittaa is matched and välittää (to pass on,
# to care) is not; elsewhere accents are dropped as before. Sentences written for the tests.
@pytest.mark.parametrize("text, found", [
    ("Sotilas valitti puhelimessa, ettei juoksuhaudoissa ole ruokaa.", "valitti"),
    ("Mobilisoidut valittivat videolla, ettei heillä ole ammuksia.", "valittivat"),
    ("Kotiin soittanut sotamies ei halunnut valittaa äidilleen.", "valittaa"),
    ("Äidit valittelivat poikiensa kohtaloa.", "valittelivat"),
    ("Hän välitti viestin komentajalle.", None),                    # välittää: pass on
    ("Kukaan ei välitä haavoittuneista.", None),                    # välittää: care
    ("Joukot vetäytyivät välittömästi.", None),                     # immediately
    ("Syyttäjä valitti tuomiosta hovioikeuteen.", None),            # an appeal
    ("Hänet valittiin puheenjohtajaksi, ja valittu ehdokas kiitti.", None),   # valita: choose
    ("Valitettavasti kukaan ei vastannut.", None),                  # unfortunately
])
def test_a_finnish_complaint_is_morale_and_the_words_it_reads_like_without_dots_are_not(text, found):
    words = load_lenses(config.lenses_file()).get("morale").words_in(text, "fi")
    assert (found in words) if found else words == ()


def test_a_language_keeps_its_own_letters_and_every_other_drops_the_accents():
    lens = make_lens("x", "d", lexicon=[r"\bvalitti\b", r"\bkieltäy\w*", r"\bkriegsmud\w*", r"\bdeserteur\w*"])
    assert lens.words_in("Hän välitti viestin.", "fi") == ()
    assert lens.words_in("Hän välitti viestin.", "fi-FI") == ()
    assert lens.words_in("Ta välitti sõnumi.", "et") == ()
    assert lens.words_in("Hän välitti viestin.", None) == ("välitti",)      # language unknown: as before
    assert lens.words_in("Sotilaat kieltäytyivät.", "fi") == ("kieltäytyivät",)
    assert lens.words_in("Die Truppe ist kriegsmüde.", "de") == ("kriegsmüde",)   # German umlauts fold
    assert lens.words_in("Un déserteur a fui.", "fr") == ("déserteur",)
    assert lens.words_in("VÄLITTI JA VALITTI", "fi") == ("VALITTI",)


def test_a_finnish_paragraph_is_scored_with_its_own_letters_and_a_french_one_without_accents():
    from newslens.topics.lenses import paragraph_languages
    lens_config = LensConfig((make_lens("morale", "soldiers complain", ["men complained"], threshold=0.5,
                                        lexicon=[r"\bvalitti\b|\bse plaignait\b"], lexicon_weight=0.2),))
    articles = pd.DataFrame({ArticleCol.ID: ["fi1", "fr1"], ArticleCol.LANGUAGE: ["fi", "fr"]})
    paragraphs = pd.DataFrame({ParagraphCol.ARTICLE_ID: ["fi1", "fi1", "fr1"],
                               ParagraphCol.TEXT: ["Sotilas valitti oloista.", "Upseeri välitti käskyn.",
                                                   "Le soldat se plaignait des conditions."]})
    texts = paragraphs[ParagraphCol.TEXT].tolist()
    scores = score_paragraphs(np.zeros((3, 4), np.float32), np.ones(3, bool), lens_config,
                              {"morale": np.ones((2, 4), np.float32) / 2}, texts=texts,
                              words_only=np.ones(3, bool),
                              text_languages=paragraph_languages(paragraphs, articles))
    assert assign_labels(scores, lens_config.thresholds()).tolist() == [["morale"], [], ["morale"]]


# --- paragraphs in languages the model does not cover: scored by words only -------------------

def test_only_known_languages_the_model_does_not_cover_are_scored_by_words_only():
    from newslens.topics.lenses import words_only_rows
    articles = pd.DataFrame({ArticleCol.ID: ["de1", "en1", "unknown1", "uk1"],
                             ArticleCol.LANGUAGE: ["de", "en", None, "uk"]})
    paragraphs = pd.DataFrame({ParagraphCol.ARTICLE_ID: ["de1", "en1", "unknown1", "uk1", "de1"]})
    assert words_only_rows(paragraphs, articles, "all-MiniLM-L6-v2").tolist() == [True, False, False, True, True]
    assert not words_only_rows(paragraphs, articles, "paraphrase-multilingual-MiniLM-L12-v2").any()


def test_a_german_report_is_labelled_by_its_wordings_under_the_shipped_lenses():
    """Under the English model a German paragraph's similarity to English examples means nothing:
    its lexicon wordings decide, so 'Deserteure ... erschießen' gets desertion and executions
    and a paragraph about the weather gets no lens."""
    from newslens.topics.lenses import WORDS_ONLY_SIMILARITY
    shipped = load_lenses(config.lenses_file())
    texts = ["Die Sperrtruppen sollen Deserteure aufhalten und sogar erschießen.",
             "Wegen der niedrigen Moral weigern sich die Soldaten, weiterzukämpfen.",
             "Das Wetter blieb die ganze Woche über trocken."]
    rng = np.random.default_rng(1)
    paragraphs = rng.normal(size=(3, 8)).astype(np.float32)
    phrase_vectors = {lens.name: rng.normal(size=(len(lens.phrasings()), 8)).astype(np.float32)
                      for lens in shipped.lenses}
    scores = score_paragraphs(paragraphs, np.ones(3, bool), shipped, phrase_vectors, texts=texts,
                              words_only=np.ones(3, bool))
    labels = assign_labels(scores, shipped.thresholds())
    assert set(labels[0]) == {"desertion", "executions"}
    assert labels[1] == ["morale"]
    assert labels[2] == []
    np.testing.assert_allclose(scores.similarity, WORDS_ONLY_SIMILARITY)
    assert scores.why(0, "executions") is None
    assert scores.explain(0, "executions").startswith(f"{scores.scores[0, 2]:.2f}: by words only")
    assert "'Sperrtruppen'" in scores.explain(0, "executions")
    assert scores.explain(2, "morale").endswith("no lexicon wording found")
    low = {name: 0.1 for name in shipped.names}           # a threshold slider pulled far down
    assert assign_labels(scores, low)[2] == [], "no wording, no label, whatever the threshold"
    assert assign_labels(scores, low)[1] == ["morale"]


def test_finnish_and_romanian_reports_of_executions_are_labelled_under_the_shipped_lenses():
    """Scored by words only (the English model does not read them), a Finnish and a Romanian
    paragraph that say commanders executed their own men get executions; a Romanian one where
    orders were 'executate' (carried out) and a Finnish one about the weather get no lens."""
    shipped = load_lenses(config.lenses_file())
    texts = ["Komentajat ovat teloittaneet omia sotilaitaan, jotka kieltäytyivät hyökkäämästä.",
             "Comandanţii ruşi execută soldaţii care refuză să înainteze.",
             "Ordinele au fost executate pe teren fără întârziere.",
             "Sää pysyi kuivana koko viikon."]
    rng = np.random.default_rng(2)
    paragraphs = rng.normal(size=(4, 8)).astype(np.float32)
    phrase_vectors = {lens.name: rng.normal(size=(len(lens.phrasings()), 8)).astype(np.float32)
                      for lens in shipped.lenses}
    scores = score_paragraphs(paragraphs, np.ones(4, bool), shipped, phrase_vectors, texts=texts,
                              words_only=np.ones(4, bool))
    labels = assign_labels(scores, shipped.thresholds())
    assert "executions" in labels[0] and "morale" in labels[0]
    assert "executions" in labels[1] and "morale" in labels[1]
    assert labels[2] == [] and labels[3] == []


def test_the_topic_table_says_a_german_paragraph_was_scored_by_words_only(tmp_path, monkeypatch):
    from newslens import languages
    from newslens.topics.lenses import WORDS_ONLY_NOTE
    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    make_snapshot(tmp_path, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."]),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind aus ihrer Einheit desertiert."], language="de"),
    ])
    snapshot = load_snapshot(tmp_path)
    lens_config = LensConfig((make_lens("desertion", "soldiers desert", ["men deserted their unit"],
                                        threshold=0.5, lexicon=[r"\bdesert\w*"], lexicon_weight=0.2),))
    scores = topics.score_snapshot(snapshot, lens_config, EMBEDDER)
    table = topics.topic_table(snapshot, scores, topics.topic_labels(scores, lens_config.thresholds()))
    by_article = table.set_index(ParagraphCol.ARTICLE_ID)
    assert by_article.loc["de1", topics.WHY] == {"desertion": WORDS_ONLY_NOTE}
    assert by_article.loc["de1", topics.TOPICS] == ["desertion"]
    assert by_article.loc["en1", topics.WHY]["desertion"] in lens_config.get("desertion").phrasings()


def test_words_only_rule_holds_for_the_shipped_lenses():
    """Every shipped lens labels a paragraph scored by words only when one wording is found and
    never without one: a refit that broke this would label German paragraphs at random."""
    from newslens import config as settings
    from newslens.topics.lenses import load_lenses, words_only_decides
    config = load_lenses(settings.lenses_file())
    thresholds = config.thresholds()
    for lens in config.lenses:
        if lens.lexicon:
            assert words_only_decides(lens.lexicon_weight, thresholds[lens.name]), lens.name
    assert not words_only_decides(0.2, 0.39)    # no wording would still reach it
    assert not words_only_decides(0.1, 0.55)    # one wording would not


def test_the_topics_page_notice_counts_paragraphs_scored_by_words_only(tmp_path, monkeypatch):
    """A researcher sees how many paragraphs in view got lenses by wordings only, per language,
    and how to fix it; a filter that leaves only covered languages drops the notice."""
    from newslens import languages
    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    make_snapshot(tmp_path, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."]),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind aus ihrer Einheit desertiert.",
                                          "Die Kommandeure drohten mit Erschiessung."], language="de"),
        ArticleSpec("uk1", "Vechir", ["Солдати залишили позиції без наказу."], language="uk"),
    ])
    snapshot = load_snapshot(tmp_path)
    lens_config = LensConfig((make_lens("desertion", "soldiers desert", ["men deserted their unit"],
                                        threshold=0.5, lexicon=[r"\bdesert\w*"], lexicon_weight=0.2),))
    scores = topics.score_snapshot(snapshot, lens_config, EMBEDDER)
    rows = topics.content_rows(snapshot)
    notice = topics.words_only_notice(snapshot, scores, rows)
    assert notice.startswith("3 of these paragraphs")
    assert "(de: 2, uk: 1)" in notice and "--model" in notice
    english = rows[snapshot.paragraphs[ParagraphCol.ARTICLE_ID].iloc[rows].to_numpy() == "en1"]
    assert topics.words_only_notice(snapshot, scores, english) is None
    # A lens added in the app has no lexicon: the notice says it never labels these paragraphs.
    added = lens_config.with_lens(make_lens("complaints", "soldiers complain", ["soldiers complain to their families"]))
    notice = topics.words_only_notice(snapshot, scores, rows, added)
    assert "complaints has no lexicon wording that reaches its threshold" in notice
    assert "desertion" not in notice.split("found.")[1]
    assert "desertion has" in topics.words_only_notice(snapshot, scores, rows, lens_config, {"desertion": 0.7})


# --- paragraphs the model compares by meaning, in another language than the examples ----------

def test_cross_language_rows_are_the_known_languages_other_than_the_examples():
    from newslens.topics.lenses import cross_language_rows
    articles = pd.DataFrame({ArticleCol.ID: ["de1", "en1", "unknown1", "uk1", "gb1"],
                             ArticleCol.LANGUAGE: ["de", "en", None, "uk", "en-GB"]})
    paragraphs = pd.DataFrame({ParagraphCol.ARTICLE_ID: ["de1", "en1", "unknown1", "uk1", "gb1"]})
    assert cross_language_rows(paragraphs, articles, "en").tolist() == [True, False, False, True, False]
    assert cross_language_rows(paragraphs, articles, "de").tolist() == [False, True, False, True, True]


def _cross_scores(similarity: float, texts: list[str]):
    """Paragraphs at a chosen cosine to a desertion lens (threshold 0.5, weight 0.2), flagged as
    written in another language than the examples."""
    lens = make_lens("desertion", "d", ["e"], threshold=0.5, lexicon=[r"\bdesert\w*"], lexicon_weight=0.2)
    vector = np.array([[similarity, np.sqrt(1 - similarity ** 2)]], np.float32)
    paragraphs = np.tile(vector, (len(texts), 1))
    cross = np.ones(len(texts), bool)
    return score_paragraphs(paragraphs, np.ones(len(texts), bool), LensConfig((lens,)),
                            {"desertion": np.array([[1, 0]], np.float32)}, texts=texts, cross_language=cross)


def test_a_cross_language_paragraph_with_one_wording_reaches_the_lens_as_by_words_only():
    """Cross-language similarity runs low: a German paragraph at 0.30 naming deserters would need
    two wordings to reach 0.5; with the floor one is enough, as under the English model."""
    from newslens.topics.lenses import WORDS_ONLY_SIMILARITY
    scores = _cross_scores(0.30, ["Die Deserteure wurden gefasst.", "Das Wetter war trocken."])
    assert scores.scores[0, 0] == pytest.approx(WORDS_ONLY_SIMILARITY + 0.2)
    assert scores.similarity[0, 0] == pytest.approx(0.30, abs=1e-6)      # the meaning part is kept
    labels = assign_labels(scores, {"desertion": 0.5})
    assert labels.tolist() == [["desertion"], []]
    assert scores.explain(0, "desertion") == (
        "0.60: similarity 0.30 to examples like 'd', raised to 0.40 (another language than the "
        "examples: at least the words-only base); words 'Deserteure' add 0.20")


def test_a_cross_language_paragraph_keeps_its_meaning_when_it_is_higher():
    scores = _cross_scores(0.55, ["Die Soldaten verließen nachts ihre Stellungen."])
    assert scores.scores[0, 0] == pytest.approx(0.55, abs=1e-6)
    assert assign_labels(scores, {"desertion": 0.5}).tolist() == [["desertion"]]
    assert "raised" not in scores.explain(0, "desertion")


def test_a_lowered_threshold_does_not_give_every_cross_language_paragraph_the_lens():
    scores = _cross_scores(0.30, ["Das Wetter war trocken.", "Die Deserteure wurden gefasst."])
    assert assign_labels(scores, {"desertion": 0.35}).tolist() == [[], ["desertion"]]
    assert assign_labels(scores, {"desertion": 0.25}).tolist() == [["desertion"], ["desertion"]]


@pytest.mark.parametrize("value", ["English", "", 5, "e"])
def test_a_bad_examples_language_is_refused_with_the_file_and_key_named(tmp_path, value):
    path = tmp_path / "lenses.yaml"
    path.write_text(yaml.safe_dump({**GOOD, "examples_language": value}), encoding="utf-8")
    with pytest.raises(LensError, match=rf"lens file {path}: examples_language must be a language code"):
        load_lenses(path)


def test_examples_language_round_trips_and_defaults_to_english(tmp_path):
    assert parse_lenses(GOOD).examples_language == "en"
    lens_config = parse_lenses({**GOOD, "examples_language": "de"})
    save_lenses(tmp_path / "lenses.yaml", lens_config)
    assert load_lenses(tmp_path / "lenses.yaml").examples_language == "de"
    assert load_lenses(config.lenses_file()).examples_language == "en"
