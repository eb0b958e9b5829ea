"""Corpus knowledge in config/*.yaml: read once, and a bad value names its file and key."""
from __future__ import annotations

import re
import shutil

import pytest

from newslens import config, knowledge
from newslens.compare import claims


@pytest.fixture
def config_copy(tmp_path, monkeypatch):
    """A writable copy of config/ that the loaders read instead (caches cleared around the test)."""
    target = tmp_path / "config"
    shutil.copytree(config.PROJECT_ROOT / "config", target)
    monkeypatch.setenv("NEWSLENS_CONFIG", str(target))
    _clear()
    yield target
    _clear()


def _clear() -> None:
    for fn in vars(knowledge).values():
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()


def test_the_shipped_files_load_and_drive_the_claims():
    assert set(knowledge.strong_hedges()) <= set(knowledge.hedge_patterns())
    assert [h.family for h in claims.extract_hedges("The video, which could not be independently verified, "
                                                     "allegedly shows the order.")] == \
        ["not independently verified", "alleged"]
    assert claims.extract_citations("GUR published the call.")[0].source == "HUR (Ukraine's military intelligence)"
    assert knowledge.known_outlets()["kyivindependent.com"] == "The Kyiv Independent"


def test_the_claim_words_come_from_claims_yaml():
    """Qualifiers, units, titles and the words that are not counted are config, and drive extraction."""
    assert knowledge.claim_qualifiers()["more than"] == knowledge.claim_qualifiers()["over"] == ">"
    assert knowledge.claim_units()["square miles"] == ("area", "mi²", 2.589988)
    assert "General" in knowledge.official_titles() and "russian" in knowledge.not_counted_words()
    area = [q for q in claims.extract_quantities("It covered more than 60 square miles.") if q.dimension == "area"]
    assert [(q.qualifier, q.unit, q.low) for q in area] == [("more than", "mi²", 60.0)]
    assert [c.source for c in claims.extract_citations("Colonel Petrenko Ivan said so.")] == ["Petrenko Ivan"]
    assert "allegedly" in knowledge.topic_stopwords()


def _all_claim_words() -> None:
    knowledge.claim_qualifiers(), knowledge.claim_units(), knowledge.official_titles(), knowledge.not_counted_words()
    knowledge.claim_scale_words(), knowledge.number_words(), knowledge.year_words(), knowledge.ordinal_endings()
    knowledge.before_unit_words(), knowledge.figure_unit_words(), knowledge.ago_words("uk"), knowledge.age_of_years()
    knowledge.ago_unit_languages(), knowledge.year_time_units()


@pytest.mark.parametrize("file, old, new, message", [
    ("hedges.yaml", "- \\ballegedly\\b", "- '\\ballegedly(\\b'", "hedges.yaml: families.alleged[0] is not a valid regular expression"),
    ("hedges.yaml", "strong:\n- alleged", "strong:\n- allegd", "hedges.yaml: strong names unknown families ['allegd']"),
    ("hedges.yaml", "  covers: [claims, reportedly]", "  covers: [claims, rumour]",
     "hedges.yaml: attribution.covers names unknown families ['rumour']"),
    ("hedges.yaml", "  - '\\b(?:said|says", "  - '(\\b(?:said|says", "hedges.yaml: attribution.verbs[0] is not a valid regular"),
    ("sources.yaml", "    kind: think tank", "    kind: ''", "sources.yaml: sources.Institute for the Study of War.kind"),
    ("outlets.yaml", "  dagens.com: Dagens", "  Dagens.com: Dagens", "outlets.yaml: outlets key 'Dagens.com'"),
    ("thresholds.yaml", "  max_days: 14", "  max_days: two weeks", "thresholds.yaml: stories.max_days must be an integer"),
    ("thresholds.yaml", "  min_share: 0.3", "  min_share: 3", "thresholds.yaml: stories.min_share must be between 0.0 and 1.0"),
    ("thresholds.yaml", "  min_share: 0.3", "  min_shares: 0.3", "thresholds.yaml: stories.min_share is missing"),
    ("outlets.yaml", "outlets:", "outlets: [", "outlets.yaml: not valid YAML"),
    ("claims.yaml", '  more than: ">"', '  more than: "more"', "claims.yaml: qualifiers.more than must be one of"),
    ("claims.yaml", "unit: ha, factor: 0.01", "unit: ha, factor: -1", "claims.yaml: units[2].factor must be a positive"),
    ("claims.yaml", "names: [miles, mile]", "names: [miles, km]", "claims.yaml: units[4].names repeats 'km'"),
    ("claims.yaml", '  стопроцентн: [100, "%"]', '  стопроцентн: [100, "percents"]',
     "claims.yaml: figure_unit_words.стопроцентн must be [a number, a unit name of units]"),
    ("claims.yaml", "процент*, відсот*]", "про*цент, відсот*]", "a '*' may only end a stem"),
    ("claims.yaml", "dimension: length, unit: m,", "dimension: length, unit: '',", "claims.yaml: units[5].unit must be"),
    ("claims.yaml", "- Sergeant", "- ''", "claims.yaml: titles must be a non-empty list"),
    ("claims.yaml", "not_counted: [of,", "not_countd: [of,", "claims.yaml: missing key 'not_counted'"),
    ("claims.yaml", "  тыс: 1000", "  тыс.: 1000", "claims.yaml: scale_words key 'тыс.' must be a word without"),
    ("claims.yaml", "  mio: 1000000", "  mio: 1", "claims.yaml: scale_words.mio must be a number above 1"),
    ("claims.yaml", "  es: {dos: 2,", "  es: {dos: 2, six: 7,", "claims.yaml: number_words.es.six is 7, but 6 in another"),
    ("claims.yaml", "  es: {dos: 2,", "  es: {dos: two,", "claims.yaml: number_words.es.dos must be an integer"),
    ("claims.yaml", "year_after: [год,", "year_after: [7,", "claims.yaml: year_after must be a non-empty list"),
    ("claims.yaml", "four_digits: [год, года]}", "four_digits: [год, года, km]}",
     "claims.yaml: year_time_units.four_digits names words units does not list as years: km"),
    ("claims.yaml", "year_time_units: {decade: [годах],", "year_time_units: {decade: [],",
     "claims.yaml: year_time_units.decade must be a non-empty list"),
    ("claims.yaml", "year_time_units: {decade: [годах],", "year_time_units: {decade: [в],",
     "claims.yaml: year_time_units.decade names words units does not list as years: в"),
    ("claims.yaml", "decade_before: [в, во]", "decade_before: []",
     "claims.yaml: year_time_units.decade_before must be a non-empty list"),
    ("claims.yaml", "ordinal_endings: [го,", "ordinal_ending: [го,", "claims.yaml: missing key 'ordinal_endings'"),
    ("claims.yaml", "  en: {after: [ago]}", "  enn: {after: [ago]}", "claims.yaml: ago_words must list English's"),
    ("claims.yaml", "ago_words_unknown_language: [ru,", "ago_words_unknown_language: [xx, ru,",
     "claims.yaml: ago_words_unknown_language names languages ago_words does not list: xx"),
    ("claims.yaml", "  en: {after: [ago]}", "  en: [ago]",
     "claims.yaml: ago_words must map language codes to after, before, not_before, not_after, present, present_next,"),
    ("claims.yaml", "not_before_comma: {тому: [хто]}", "not_before_comma: {вчора: [хто]}",
     "claims.yaml: ago_words.uk.not_before_comma follows words that are none of its after or before words: вчора"),
    ("claims.yaml", "not_before: [parte]", "not_before: parte",
     "claims.yaml: ago_words.it.not_before must list words or map words to lists of words"),
    ("claims.yaml", "not_before: {тому: [що,", "not_before: {тому: [7,",
     "claims.yaml: ago_words.uk.not_before.тому must be a non-empty list"),
    ("claims.yaml", "before_source: [per, secondo, su, sul], dative: [a],", "before_source: [per, secondo, su, sul], dative: [],",
     "claims.yaml: age_of_years.it.dative must be a non-empty list"),
    ("claims.yaml", "before_source: [selon, pour, sur], dative: [à],", "before_source: [selon, pour, sur],",
     "claims.yaml: age_of_years.fr must give dative and dative_after together"),
    ("claims.yaml", "before_source: [según, para, sobre]}", "before_source: [según, para, sobre], dative_between: [ayer]}",
     "claims.yaml: age_of_years.es gives dative_between without dative"),
    ("claims.yaml", "before_source: [según, para, sobre]}", "before_source: [según, para, sobre], dative_subjects: [él]}",
     "claims.yaml: age_of_years.es gives dative_subjects without dative"),
    ("claims.yaml", "       dative_after_subject: [demande, demandes, offre, offres]}", "}",
     "claims.yaml: age_of_years.fr must give dative_subjects and dative_after_subject together"),
    ("claims.yaml", "only_in: {uk: [років,", "only_in: {xx: [років,",
     "claims.yaml: units[6].only_in names a language ago_words does not list: xx"),
    ("claims.yaml", "only_in: {uk: [років,", "only_in: {uk: [7, років,", "claims.yaml: units[6].only_in.uk must be a non-empty"),
    ("claims.yaml", "only_in: {uk: [днів, дні]}", "only_in: {uk: [днів, дні, роки]}",
     "claims.yaml: units[9].names repeats 'роки', already a unit above"),
    ("claims.yaml", "only_in: {uk: [днів, дні]}", "only_in: [днів, дні]",
     "claims.yaml: units[9].only_in must map language codes to unit spellings"),
    ("topics.yaml", "stopwords: [said,", "stopwords: [7,", "topics.yaml: stopwords must be a non-empty list"),
    ("stories.yaml", "  score: 1.2 ", "  score: high ", "stories.yaml: 'link.score' must be a number, not 'high'"),
    ("stories.yaml", "  min_kinds: 2 ", "  min_kinds: 2.5 ", "stories.yaml: 'link.min_kinds' must be an integer"),
    ("stories.yaml", "  kind_floor: 0.25", "  kind_flor: 0.25", "stories.yaml: missing key 'link.kind_floor'"),
    ("stories.yaml", "  language_mean_min_articles: 3 ", "  language_mean_min_articles: 2.5 ",
     "stories.yaml: 'meaning.language_mean_min_articles' must be an integer"),
    ("stories.yaml", "  generic: [the,", "  generic: the_list\n  unused: [the,", "stories.yaml: 'specifics.generic' must be a list"),
    ("stories.yaml", "  late_factor: 2.0", "  late_factor: 0.5", "stories.yaml: 'link.late_factor' must be between 1"),
    ("stories.yaml", "  apart_words: 8", "  apart_words: 0", "stories.yaml: 'quotes.apart_words' must be between 1"),
    ("stories.yaml", "  apart_words: 8", "  apart_word: 8", "stories.yaml: missing key 'quotes.apart_words'"),
    ("stories.yaml", "  one_name_letters: 5", "  one_name_letters: 2",
     "stories.yaml: 'specifics.one_name_letters' must be between 4"),
    ("stories.yaml", "  full_name_words: 2", "  full_name_words: 0",
     "stories.yaml: 'specifics.full_name_words' must be between 1"),
    ("stories.yaml", "  [who, which,", "  [who, \"who or\", which,",
     "stories.yaml: 'steps_relative_words' must list single words"),
    ("stories.yaml", "steps_relative_words:", "step_relative_words:", "stories.yaml: missing key 'steps_relative_words'"),
    ("stories.yaml", "steps_denied:", "step_denied:", "stories.yaml: missing key 'steps_denied'"),
    ("stories.yaml", "steps_other_senses:", "step_other_senses:", "stories.yaml: missing key 'steps_other_senses'"),
    ("stories.yaml", '  - "(?<!\\\\w)(?:wurde|wird)', '  - "(?<!\\\\w)((?:wurde|wird)', "stories.yaml: 'steps_other_senses': "),
    ("stories.yaml", "  [that]", "  [that, \"that is\"]", "stories.yaml: 'steps_relative_closed' must list single words"),
    ("stories.yaml", "  [sei, seien,", "  [sei, 3,", "stories.yaml: 'steps_reported_speech' must list single words"),
    ("stories.yaml", "  [said, says,", "  [said, \"said that\", says,",
     "stories.yaml: 'steps_speech_verbs' must list single words"),
    ("stories.yaml", "steps_speech_verbs:", "step_speech_verbs:", "stories.yaml: missing key 'steps_speech_verbs'"),
    ("stories.yaml", "  [that, que]", "  [that, \"so that\", que]", "stories.yaml: 'steps_speech_openers' must list single words"),
    ("stories.yaml", "steps_speech_openers:", "step_speech_openers:", "stories.yaml: missing key 'steps_speech_openers'"),
    ("stories.yaml", '  - "aged\\\\s+', '  - "(aged\\\\s+', "stories.yaml: 'steps_speech_appositions': "),
    ("stories.yaml", "  [told]", "  [told, \"told that\"]", "stories.yaml: 'steps_speech_told' must list single words"),
    ("stories.yaml", '  - "(?<!\\\\w)nie\\\\s+', '  - "(?<!\\\\w)nie\\\\s+(', "stories.yaml: 'steps_denied': "),
    # fragments (a piece of pattern written once, named as {{name}}): an unknown name, a cycle, one not text
    ("stories.yaml", "wird)\\\\s+{{de_bare_case_exposed}}", "wird)\\\\s+{{de_bare_case_exposd}}",
     "stories.yaml: steps_other_senses[0] uses an unknown fragment {{de_bare_case_exposd}}"),
    ("stories.yaml", 'de_conjunctions: "und|', 'de_conjunctions: "{{de_clause_word}}|',
     "stories.yaml: fragments.de_conjunctions refers back to itself "
     "(de_conjunctions -> de_clause_word -> de_not_conjunction -> de_conjunctions)"),
    ("stories.yaml", 'de_case_nouns: "(?:', 'de_case_nouns: 7\n  unused: "(?:',
     "stories.yaml: fragments.de_case_nouns must be text (a piece of a regular expression), not 7"),
    ("hedges.yaml", "{{sollen_intent_verbs}}", "{{sollen_intent_verb}}",
     "hedges.yaml: families.reportedly[6] uses an unknown fragment {{sollen_intent_verb}}"),
    ("hedges.yaml", "  sollen_seen: 'zu", "  sollen_seen: [zu]\n  unused: 'zu",
     "hedges.yaml: fragments.sollen_seen must be text (a piece of a regular expression), not ['zu']"),
    ("hedges.yaml", "{{sollen_word}} ){0,20}", "{{sollen_word} ){0,20}",
     "hedges.yaml: families.reportedly[6] has '{{' that opens no fragment name"),
    ("claims.yaml", "(?:бригади|", "(?:{{brigades}}|", "claims.yaml: unit_name_after[0] uses an unknown fragment {{brigades}}"),
    ("search.yaml", "  en: english", "  en: englsh", "search.yaml: stemmers.en: unknown stemmer 'englsh'"),
    ("search.yaml", "stemmers:", "stemmer:", "search.yaml: missing key 'stemmers'"),
    ("search.yaml", "lemmatized: [uk,", "lemmatized: [xx,", "search.yaml: lemmatized names languages simplemma does not know: ['xx']"),
    ("search.yaml", "  ru: {ы: и,", "  ru: {ыы: и,", "search.yaml: east_slavic_letters.ru: 'ыы': 'и' must map one lower-case letter"),
    ("search.yaml", "  tr: [ç,", "  tr: [Ç,", "search.yaml: own_letters.tr: 'Ç' must be one lower-case letter"),
    ("search.yaml", "  pl: [lat,", "  pl: [3,", "search.yaml: content_words: 'pl' must be a language code with a list of words"),
])
def test_a_bad_value_is_refused_naming_file_and_key(config_copy, file, old, new, message):
    path = config_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    load = {"hedges.yaml": lambda: (knowledge.strong_hedges(), knowledge.attribution_rules()), "sources.yaml": knowledge.known_sources,
            "outlets.yaml": knowledge.known_outlets, "topics.yaml": knowledge.topic_stopwords,
            "claims.yaml": _all_claim_words, "stories.yaml": knowledge.story_rules,
            "search.yaml": lambda: (knowledge.word_stemmers(), knowledge.word_lemmatized(),
                                   knowledge.east_slavic_letters(), knowledge.own_letters(),
                                   knowledge.search_content_words())}.get(file)
    with pytest.raises(knowledge.ConfigError) as err:
        if load is not None:
            load()
        else:
            knowledge.threshold("stories", "min_share" if "share" in old else "max_days",
                                float if "share" in old else int, high=1.0 if "share" in old else None)
    assert message in str(err.value) and str(config_copy) in str(err.value)


def test_a_pattern_names_a_fragment_written_once_and_matches_as_if_written_out(config_copy):
    """A top-level ``fragments`` mapping (name -> a piece of pattern) is pasted where a pattern writes
    ``{{name}}``, a fragment inside another too: the hedge matches what the written-out pattern does."""
    path = config_copy / "hedges.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fragments:\n", "fragments:\n  heard: 'gerüchteweise|vom hörensagen'\n"
                                 "  rumour: '\\b(?:{{heard}}|dem hörensagen nach)\\b'\n", 1)
                    .replace("families:\n", "families:\n  rumour:\n  - '{{rumour}}'\n", 1), encoding="utf-8")
    pattern = knowledge.hedge_patterns()["rumour"]      # (claims reads the families once, at import)
    written_out = re.compile(r"\b(?:gerüchteweise|vom hörensagen|dem hörensagen nach)\b", re.IGNORECASE)
    assert pattern.pattern == r"(?:\b(?:(?:gerüchteweise|vom hörensagen)|dem hörensagen nach)\b)"   # each one group
    for sentence, found in [("Der Soldat ist gerüchteweise geflohen.", "gerüchteweise"),
                            ("Vom Hörensagen kennt er den Offizier.", "Vom Hörensagen"),
                            ("Dem Hörensagen nach wurde er erschossen.", "Dem Hörensagen nach"),
                            ("Er hat es selbst gesehen.", None)]:
        match = pattern.search(sentence)
        assert (match and match.group()) == found == ((m := written_out.search(sentence)) and m.group())


def test_a_story_rule_read_elsewhere_has_its_fragments_pasted_too():
    """``parse_story_rules`` on a mapping not read by the loader (a copy, a test's) pastes its fragments:
    a step pattern naming one reads the lead the written-out pattern would."""
    import copy

    from newslens.compare import evidence

    lead = "Private Ivanov vanished from his unit near Bakhmut in May."
    raw = copy.deepcopy(knowledge.story_rules().raw)
    assert evidence.lead_steps(lead, knowledge.parse_story_rules(raw)) == frozenset()
    raw["fragments"] = {"gone": "vanished|disappeared", "left": r"\b(?:{{gone}})\s+from\s+his\s+unit\b"}
    raw["steps"]["fled"] = [*raw["steps"]["fled"], "{{left}}"]
    rules = knowledge.parse_story_rules(raw)
    assert rules.get("steps", "fled")[-1] == r"(?:\b(?:(?:vanished|disappeared))\s+from\s+his\s+unit\b)"
    assert "fragments" not in rules.raw
    assert evidence.lead_steps(lead, rules) == evidence.lead_steps(lead.replace("vanished", "disappeared"), rules) \
        == frozenset({"fled"})


def test_a_bare_alternation_fragment_stays_one_group():
    """A fragment written as a bare ``a|b`` is pasted as one group: ``\\bx {{words}} y\\b`` needs x and y
    around either word, not "x a" or "b y" alone (review, session 37)."""
    data = knowledge.expand_fragments({"fragments": {"words": "desert|flee"}, "rule": r"\bto {{words}} now\b"}, "test")
    pattern = re.compile(data["rule"])
    assert pattern.search("they want to flee now") and pattern.search("they want to desert now")
    assert not pattern.search("they want to desert") and not pattern.search("flee now")


def test_the_shipped_files_keep_no_fragment_unpasted():
    """Every ``{{name}}`` of the shipped files is pasted when they load, and ``fragments`` itself is no rule."""
    import json

    for name in ("stories.yaml", "hedges.yaml", "claims.yaml"):
        loaded = json.dumps(knowledge.file_settings(name), ensure_ascii=False)
        assert "{{" not in loaded and "fragments" not in knowledge.file_settings(name)
    assert "{{" in (config.PROJECT_ROOT / "config" / "stories.yaml").read_text(encoding="utf-8")


def test_a_missing_file_is_a_clear_error(config_copy):
    (config_copy / "sources.yaml").unlink()
    with pytest.raises(knowledge.ConfigError, match="sources.yaml: cannot read the file"):
        knowledge.known_sources()


def test_the_ingest_settings_follow_the_config_folder_and_their_own_override(config_copy, tmp_path, monkeypatch):
    """ingest.yaml is read by the one loader: from $NEWSLENS_CONFIG, or $NEWSLENS_INGEST_CONFIG."""
    monkeypatch.delenv("NEWSLENS_INGEST_CONFIG", raising=False)
    path = config_copy / "ingest.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_words: 5", "min_words: 40"), encoding="utf-8")
    assert knowledge.ingest_settings().min_words == 40
    own = tmp_path / "strict.yaml"
    own.write_text("min_words: 7\nearliest_year: 1990\nnear_duplicate: {max_changed_words: 2, "
                   "max_changed_share: 0.01, shingle_words: 4}\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_INGEST_CONFIG", str(own))
    assert knowledge.ingest_settings() == knowledge.IngestSettings(7, 1990, 2, 0.01, 4)


@pytest.mark.parametrize("content, message", [
    (b"min_words: 5\nearliest_year: 1995\nnear_duplicate: {max_changed_words: 5, max_changed_share: 0.03}\n",
     "key 'near_duplicate.shingle_words' is missing"),
    (b"min_words: [5\n", "not valid YAML"),
    (b"\xff\xfe min_words: 5\n", "not UTF-8 text"),
    (b"- min_words\n", "expected a mapping"),
])
def test_a_bad_ingest_file_names_the_file_and_the_key(config_copy, monkeypatch, content, message):
    monkeypatch.delenv("NEWSLENS_INGEST_CONFIG", raising=False)
    (config_copy / "ingest.yaml").write_bytes(content)
    with pytest.raises(knowledge.ConfigError, match=message) as info:
        knowledge.ingest_settings()
    assert str(info.value).startswith(str(config_copy / "ingest.yaml"))
