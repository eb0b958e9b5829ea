"""Claims extracted from text and matched across outlets: quotes, quantities, hedges, citations."""
from __future__ import annotations

from datetime import date

import pytest

from newslens.compare import claims as cl


# --- quotes -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("\u201cIf anyone runs away, shoot them,\u201d he said.", ["If anyone runs away, shoot them,"]),
    ('"There is no way to retreat," he said. "If anyone runs away, shoot them."',
     ["There is no way to retreat,", "If anyone runs away, shoot them."]),
    ("\u00abStand your ground, all of you\u00bb, the order read.", ["Stand your ground, all of you"]),
    ("He said \u2018we will not go back there\u2019 twice.", ["we will not go back there"]),
    # Apostrophes are not quote marks; one- and two-word scare quotes are not quotes.
    ("Ukraine\u2019s intelligence says I\u2019ll never \u2018retreat\u2019 and the \"meat assaults\" go on.", []),
    ("\u201eNobody leaves this trench alive\u201c, wrote the soldier.", ["Nobody leaves this trench alive"]),
    # Straight single quotes, as aggregators retype a wire's double quotes: apostrophes inside a word
    # stay inside; a plural possessive, a decade and a one-word scare quote open none.
    ("'We were told nobody goes back,' the private said. 'They don't care.' Then he hung up.",
     ["We were told nobody goes back,", "They don't care."]),
    ("The soldiers' wives wrote that 'the men haven't been paid since June' to the governor.",
     ["the men haven't been paid since June"]),
    ("In the '90s the regiment's veterans' pensions were 'frozen', the officers' union said.", []),
    ("Він сказав: 'м'ясо кидають у штурм без підготовки' вчора.", ["м'ясо кидають у штурм без підготовки"]),
    # an elision opens no quote (config/claims.yaml leading_elisions), in English, Italian, Dutch
    ("Tell 'em the soldiers' wives are waiting at the gate.", []),
    ("'Twas the officers' decision, the sergeant said.", []),
    ("La 'ndrangheta ha investito un po' di soldi nel porto.", []),
    ("'s Avonds kwamen de soldaten' vrouwen naar de kazerne.", []),
    # a plural possessive inside a quote closed after its punctuation
    ("'The soldiers' wives are angry and tired,' she said.", ["The soldiers' wives are angry and tired,"]),
])
def test_extract_quotes(text, expected):
    assert [q.text for q in cl.extract_quotes(text, "p")] == expected


def test_censored_words_are_recorded_and_ignored_for_matching():
    kept = cl.extract_quotes("\u201cI'll say it again, you f*kers: if anyone runs away, just shoot them.\u201d", "b1")[0]
    dropped = cl.extract_quotes("\u201cI\u2019ll say it again: if anyone runs away, just shoot them.\u201d", "a1")[0]
    assert kept.censored == ("f*kers",)
    match = cl.match_quote_pair(dropped, kept)
    assert match is not None and match.score >= 90
    assert match.only_in_b == ("you f*kers",) and match.only_in_a == ()


@pytest.mark.parametrize("a, b, kind", [
    ("No one is retreating anywhere, everyone stands", "No one is retreating anywhere, everyone stands", "same"),
    ("If anyone runs away, shoot them.",
     "There is no way to retreat, no way! If anyone runs away, shoot them. I will say it again.", "part"),
    ("We were sent to the slaughter like cattle by our commanders",
     "We were sent to slaughter like cattle by the commanders", "altered"),
])
def test_quote_match_kinds(a, b, kind):
    match = cl.match_quote_pair(cl.Quote(a, "a", 0, len(a)), cl.Quote(b, "b", 0, len(b)))
    assert match is not None and match.kind == kind


def test_unrelated_quotes_do_not_match():
    a = cl.Quote("We have had no food for three days", "a", 0, 10)
    b = cl.Quote("The regiment refused the suicidal orders", "b", 0, 10)
    assert cl.match_quote_pair(a, b) is None
    assert cl.match_quotes([a], [b]) == []


def test_quote_words_used_without_quote_marks_are_found():
    q = cl.Quote("if anyone runs away, just shoot them", "a", 0, 10)
    assert cl.quoted_words_in_text(q, "He told them that if anyone runs away, just shoot them, witnesses say.")
    assert not cl.quoted_words_in_text(q, "The commander ordered troops to open fire on deserters.")


# --- quantities ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("Around 160 square kilometres of territory", "~ 160 km²"),
    ("liberated 160 square kilometers (60 square miles) of territory", "160 km²"),
    ("can now face three to ten years in jail", "3-10 years"),
    ("prison terms for desertion to 3-10 years", "3-10 years"),
    ("between 3 and 10 years", "3-10 years"),
    ("more than 50,000 Russian troops have deserted", "> 50,000 troops"),
    ("seven villages are back under control", "7 villages"),
    ("twenty-five soldiers refused", "25 soldiers"),
    ("about 1.5 million people", "~ 1,500,000 people"),
    ("prices rose from $5 to $10", "5-10 USD"),
    ("losses of 15% in a week", "15 %"),
    ("released on September 25", "25 Sep"),
    ("released by HUR on Sept. 25", "25 Sep"),
    ("since February 2022", "Feb 2022"),
    ("an appeal on 2 July 2023", "2 Jul 2023"),
    # thousands grouped by a space, as Russian pages print them (scraped as a plain space or NBSP)
    ("в военные суды поступили 5 024 уголовных дела", "5,024 уголовных"),
    ("poursuivis : 12\u00a0300 soldats", "12,300 soldats"),
])
def test_quantity_normalisation(text, label):
    labels = [q.label for q in cl.extract_quantities(text)]
    assert label in labels, labels


def test_a_year_before_a_count_stays_two_numbers():
    labels = [q.label for q in cl.extract_quantities("In 2023 150 soldiers were convicted.")]
    assert "150 soldiers" in labels and not any("2,023" in x or "2023150" in x for x in labels), labels
    # a count before a calibre, and a decimal comma, are not thousands groups
    labels = [q.label for q in cl.extract_quantities("They fired 30 152-mm shells.")]
    assert not any("30,152" in x for x in labels), labels
    assert not any(q.low > 10_000 for q in cl.extract_quantities("Рост составил 1 234,5 процента."))


@pytest.mark.parametrize("text", [
    "No one is retreating anywhere; if anyone runs away, shoot them.",
    "The 1428th regiment recorded an appeal.",
    "It was one of the worst days.",
])
def test_no_false_quantities(text):
    assert cl.extract_quantities(text) == []


def test_conversion_in_brackets_is_folded_into_the_quantity():
    (q,) = cl.extract_quantities("liberated 160 square kilometers (60 square miles) of territory")
    assert q.alt == ("60 square miles",) and q.dimension == "area"


def _match(a_text: str, b_text: str) -> list[cl.QuantityMatch]:
    return cl.compare_quantities(cl.extract_quantities(a_text, "a"), cl.extract_quantities(b_text, "b"),
                                 aligned={("a", "b")})


@pytest.mark.parametrize("a_text, b_text, status", [
    ("liberated 160 square kilometers (60 square miles)", "160 square kilometres were recaptured", cl.SAME),
    ("prison terms of 3-10 years", "face three to ten years in jail", cl.SAME),
    ("released on Sept. 25", "released on September 25, 2025", cl.SAME),
    ("160 square kilometres", "60 square miles", cl.SAME),            # a unit conversion, rounded
    ("50,000 soldiers deserted", "more than 50,000 soldiers deserted", cl.QUALIFIER_DIFFERS),
    ("160 square kilometres", "250 square kilometres", cl.DIFFERENT),
    ("terms of 3-10 years", "terms of 5-15 years", cl.DIFFERENT),
    ("on Sept. 18", "in September 2022", cl.ONLY_A),                  # different precision, not the same date
])
def test_compare_quantities(a_text, b_text, status):
    statuses = [m.status for m in _match(a_text, b_text)]
    assert statuses[0] == status, statuses


@pytest.mark.parametrize("a_text, b_text, language", [
    # a figure and its percent in one word, in any case and gender, or glued to the digits
    ("The commander demanded 100% obedience.", "Командир требовал стопроцентного подчинения.", "ru"),
    ("The commander demanded 100% obedience.", "Это был стопроцентный провал штурма.", "ru"),
    ("The commander demanded 100% obedience.", "Командир вимагав стовідсоткового виконання наказу.", "uk"),
    ("The commander demanded 100% obedience.", "Командир требовал 100-процентного подчинения.", "ru"),
    ("The commander demanded 100% obedience.", "The commander demanded hundred-percent obedience.", "en"),
    # the noun after a figure was a count of "процентов"
    ("Losses reached 30 percent of the battalion.", "Потери достигли 30 процентов личного состава.", "ru"),
    ("Losses reached 30 percent of the battalion.", "Втрати сягнули 30 відсотків особового складу.", "uk"),
])
def test_percent_words_of_other_languages_are_the_same_figure(a_text, b_text, language):
    """A reviewer saw "стопроцентного" beside "100%" compared as a figure only one report gives."""
    (b,) = cl.extract_quantities(b_text, "b", language)
    assert b.dimension == "percent" and b.label.endswith("%")
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a"), [b], aligned={("a", "b")})
    assert [m.status for m in matches] == [cl.SAME]


def test_a_figure_unit_word_after_a_number_is_the_number_s():
    (q,) = cl.extract_quantities("He demanded two hundred-percent effort.", "a")
    assert q.label == "200 %"
    assert cl.extract_quantities("Он получил проценты по вкладу.", "a", "ru") == []


def test_quantity_only_in_one_article():
    matches = _match("seven villages were retaken", "The call was released on Sept. 25")
    assert sorted(m.status for m in matches) == [cl.ONLY_A, cl.ONLY_B]


def test_different_values_outside_aligned_paragraphs_are_not_paired():
    matches = cl.compare_quantities(cl.extract_quantities("160 square kilometres", "a"),
                                    cl.extract_quantities("250 square kilometres", "b"), aligned=set())
    assert sorted(m.status for m in matches) == [cl.ONLY_A, cl.ONLY_B]


# --- hedges and citations -----------------------------------------------------------------

@pytest.mark.parametrize("text, family", [
    ("the commander allegedly shouts", "alleged"),
    ("an alleged intercepted phone call", "alleged"),
    ("a commander reportedly tells his soldiers", "reportedly"),
    ("The Kyiv Independent could not independently verify the authenticity of the audio.", "not independently verified"),
    ("The authenticity of the audio has not been independently confirmed.", "not independently verified"),
    ("Orders of this kind remain unverified", "not independently verified"),
    ("Whether or not this call is genuine, the story fits a pattern", "not independently verified"),
    ("an intercepted call suggests", "suggests / appears"),
    ("according to President Volodymyr Zelensky", "according to"),
])
def test_hedge_families(text, family):
    assert family in {h.family for h in cl.extract_hedges(text)}


def test_plain_statement_has_no_hedges():
    assert cl.extract_hedges("A Russian commander ordered his soldiers to open fire on comrades.") == []


@pytest.mark.parametrize("text, source, kind", [
    ("Ukraine\u2019s military intelligence (HUR) says it intercepted a call", "HUR (Ukraine's military intelligence)", "intelligence service"),
    ("a call released by Ukraine's military intelligence", "HUR (Ukraine's military intelligence)", "intelligence service"),
    ("the SBU published the recording", "SBU (Security Service of Ukraine)", "intelligence service"),
    ("according to an investigation by the independent Russian media outlet Important Stories",
     "Important Stories", "outlet"),
    ("President Volodymyr Zelensky said on Sept. 18", "Volodymyr Zelensky", "official"),
    ("citing a report from Commander-in-Chief Oleksandr Syrskyi", "Oleksandr Syrskyi", "official"),
    ("according to Mediazona, the count is higher", "Mediazona", "outlet"),
])
def test_citations(text, source, kind):
    citations = cl.extract_citations(text)
    assert (source, kind) in {(c.source, c.kind) for c in citations}, citations


def test_investigation_by_names_the_outlet_not_an_adjective():
    sources = {c.source for c in cl.extract_citations(
        "according to an investigation by the independent Russian media outlet Important Stories.")}
    assert sources == {"Important Stories"}


def test_people_merge_under_full_name():
    claims = cl.extract_claims([("p1", "President Volodymyr Zelensky spoke."), ("p2", "Spokesperson Zelensky added.")])
    assert {c.source for c in claims.citations} == {"Volodymyr Zelensky"}


# --- issue 10: wordings of real reports (texts written for the test) -----------------------

@pytest.mark.parametrize("text, family", [
    ("The footage supposedly shows a commander on the line.", "alleged"),
    ("A purportedly intercepted call was posted on Sunday.", "alleged"),
    ("The recording is yet to be independently verified.", "not independently verified"),
    ("The audio has not been verified by the paper.", "not independently verified"),
    ("The agency could not confirm the authenticity of the clip.", "not independently verified"),
    ("The clip, which could not be verified, spread on Telegram.", "not independently verified"),
    # English contractions, with either apostrophe (a real rework wrote "hasn't been independently verified")
    ("The site says the clip's origin hasn't been independently verified.", "not independently verified"),
    ("The recording hasn’t been verified yet.", "not independently verified"),
    ("Newsweek couldn't independently verify the footage.", "not independently verified"),
    ("The claims can’t be independently confirmed.", "not independently verified"),
    ("The video wasn't independently verified.", "not independently verified"),
    ("Die Echtheit des Videos konnte nicht unabhängig bestätigt werden.", "not independently verified"),
    ("Ob der Clip echt ist, lässt sich derzeit nicht zweifelsfrei belegen.", "not independently verified"),
    ("Publicația nu a putut verifica în mod independent înregistrarea.", "not independently verified"),
    ("El diario no ha podido verificar el audio de forma independiente.", "not independently verified"),
    ("Il giornale non ha potuto verificare la registrazione.", "not independently verified"),
    ("Le journal n'a pas pu vérifier l'enregistrement de manière indépendante.", "not independently verified"),
    ("Redakcji nie udało się niezależnie zweryfikować nagrania.", "not independently verified"),
    ("Tallenteen aitoutta ei ole voitu itsenäisesti varmistaa.", "not independently verified"),
    # a Czech rework keeps its English source's disclaimer in its own words (set 34): not a dropped hedge
    ("Pravost nahrávky nelze nezávisle ověřit.", "not independently verified"),
    ("Redakcii sa nepodarilo nezávisle overiť pravosť videa.", "not independently verified"),
    ("Редакция не может независимо проверить подлинность записи.", "not independently verified"),
    ("Видання не може незалежно перевірити автентичність запису.", "not independently verified"),
    ("Записът не може да бъде независимо проверен.", "not independently verified"),
    ("Russian forces have probably started using blocking units.", "probably / likely"),
    ("Der Kommandeur soll mutmaßlich Schüsse befohlen haben.", "alleged"),
    # German reportative "sollen" with a perfect infinitive, and "scheinen ... zu"
    ("Der Kommandeur soll an der Grenze festgenommen worden sein.", "reportedly"),
    ("Die Deserteure seien in einem Keller festgehalten und verhört worden.", "reportedly"),
    ("Nach Angaben des Ministeriums wurden zwölf Männer festgenommen.", "according to"),
    ("Podle HUR oba muži sloužili u průzkumného praporu.", "according to"),
    ("Selon le renseignement ukrainien, le soldat a été abattu.", "according to"),
    ("Според украинското разузнаване войникът е бил застрелян.", "according to"),
    ("Tiedustelun mukaan sotilas ammuttiin.", "according to"),
    ("A statement alleging that the battalion had fled was read out on television.", "claims"),
    ("Zwei Offiziere sollen den Befehl zum Rückzug verweigert haben.", "reportedly"),
    ("Die Aufnahme scheint die Angaben der Behörde zu bestätigen.", "suggests / appears"),
    ("Der Sprecher scheint über die Lage gut informiert zu sein.", "suggests / appears"),
    # ten words between (a rework stating it with "scheint" was flagged as dropping it, set 40)
    ("Starkes Trinken scheint auch vorher schon ein Problem in den Einheiten der Armee gewesen zu sein.",
     "suggests / appears"),
    ("Un apel presupus interceptat a fost publicat.", "alleged"),
    ("The army may be ready to shoot soldiers who retreat, the ministry said.", "may / might"),
    ("Commanders might have authorised the use of force against deserters.", "may / might"),
    ("Die Armee könnte bereit sein, auf Deserteure zu schießen.", "may / might"),
    # a rumour is what is said, not established (set 40's rework worded a report's "there were reports" so)
    ("Notably, there were rumours this week of an attempt to save stray goats from hungry conscripts.", "reportedly"),
    ("The deputy commander is rumored to have fled with the unit's pay.", "reportedly"),
    ("There have been persistent rumours that the colonel shot two conscripts.", "reportedly"),
    ("Rumours have it that the colonel shot two conscripts.", "reportedly"),
    ("According to rumours, the colonel shot two conscripts.", "reportedly"),
    ("Rumors are circulating that the conscripts are so tired they want to be wounded.", "reportedly"),
    ("A mother has heard rumors that the conscripts are so tired they want to be wounded.", "reportedly"),
    ("Rumour has it that the colonel shot two conscripts.", "reportedly"),
    ("Rumours are swirling that the colonel shot two conscripts.", "reportedly"),
    ("It is rumoured that the colonel shot two conscripts.", "reportedly"),
])
def test_hedge_wordings_of_real_reports(text, family):
    assert family in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "The colonel shot two conscripts, putting an end to rumours of a truce.",
    "The ministry dismissed rumours of a mutiny in the brigade.",
    "Rumours of a cover-up are false, the brigade said.",
    "There were no rumours of a mutiny in the brigade.",
    "The ministry denied rumours circulating that the brigade had mutinied.",
    "The ministry, dismissing rumours circulated about a mutiny, said the brigade held.",
])
def test_a_rumour_the_sentence_mentions_or_dismisses_hedges_nothing_it_states(text):
    assert "reportedly" not in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "Он не может подтвердить своё алиби.",                 # "cannot confirm his alibi": no "independently"
    "Він не може підтвердити своє алібі.",
])
def test_cannot_confirm_without_independently_is_no_hedge_in_russian_or_ukrainian(text):
    assert "not independently verified" not in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "Podle mě je to jen propaganda.", "Podľa mňa je to propaganda.", "Selon moi, c'est de la propagande.",
    "Според мен това е пропаганда.", "Hän otti kiväärinsä mukaan.", "Aikuiset mukaan lukien kaikki lähtivät.",
    "Vojáci dezertovali podle plánu.", "La reconstruction d'après-guerre a commencé.",
])
def test_the_writers_own_view_a_plan_or_along_is_no_attribution(text):
    assert "according to" not in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text, attributes", [
    ("Про це повідомляє Державне бюро розслідувань.", True),      # the present (set 35), not only "повідомив"
    ("Як повідомлено, двоє військових повернулися до частини.", True),
    ("Повідомлення про це надійшло вранці.", False),             # the noun "a message" attributes nothing
    ("Бюро просить повідомляти про такі випадки.", False),       # the infinitive: "asks people to report"
    ("Son mari a été trompé par un recruteur, auquel elle dit avoir versé 8 000 dollars.", True),
    ("Le soi-disant recruteur a disparu.", False),
])
def test_reporting_verbs_in_the_present(text, attributes):
    assert cl.attributes(text, cl.extract_hedges(text)) is attributes


@pytest.mark.parametrize("text", [
    "The call was recorded in May 2023 near Bakhmut.",
    "Officials met on 5 May; journalists may not enter the base.",   # permission, not certainty
])
def test_may_as_a_month_or_a_permission_is_no_hedge(text):
    assert cl.extract_hedges(text) == []


@pytest.mark.parametrize("text", [
    "Das neue Gesetz soll den Soldaten helfen.",          # an intent, not a report
    "Die Sonne scheint über dem Lager.",                  # "shines"
    "Er soll morgen vor Gericht erscheinen.",             # a plan
    "Niemand darf gehen, es sei denn, er ist verwundet worden.",   # "unless"
    "Das soll ein Zeichen an alle Soldaten sein.",                 # a purpose
    "Künftig soll das Filmen in den Kasernen verboten sein.",      # a plan
    "Die Brigade soll bis Jahresende wieder einsatzbereit sein.",
])
def test_german_sollen_and_scheinen_as_plain_verbs_are_no_hedge(text):
    assert cl.extract_hedges(text) == []


# German reportative "sollen" with a present infinitive (session 36): an English "reportedly" restated
# as "Die Soldaten sollen sich weigern, ..." was flagged as dropping the hedge. Sentences written here.
@pytest.mark.parametrize("text", [
    "Die Soldaten sollen sich weigern, an die Front zurückzukehren.",
    "Im Video soll ein Offizier der Brigade zu sehen sein.",
    "Bei den Festgenommenen soll es sich um Deserteure aus Belgorod handeln.",
    "Die Einheit soll rund 300 Mann umfassen.",
    "Die Aufnahme soll aus einem Lager bei Donezk stammen – das Datum ist unklar.",
    "Der Truppe sollen auch Scharfschützen zur Verfügung stehen.",
    # the perfect with "sein", and with more words before it than the perfect's own pattern reads
    "Nach dem Angriff sollen 40 Männer der 3. Kompanie geflohen sein.",
    "Der Kommandeur soll im Gespräch mit seiner Frau und zwei Kameraden die hohen Verluste der Brigade "
    "in den Wäldern bei Kreminna beklagt haben.",
    # the perfect at the end of a subordinate clause
    "Wo die Erschießung stattgefunden haben soll, ist unklar.",
    "Der Sender zeigt Mitschnitte, die vom Geheimdienst abgefangen worden sein sollen.",
])
def test_german_reportative_sollen_with_a_present_infinitive_is_a_hedge(text):
    assert "reportedly" in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "Die Soldaten sollen an die Front geschickt werden.",              # a passive: to be sent
    "Das soll verhindert werden.",
    "Man soll den Meldungen aus dem Ministerium nicht glauben.",       # "one should"
    "Dort soll man sich beim Kommissariat melden.",
    "Ein Verweigerer soll kein Auto mehr fahren dürfen.",              # a second modal: a rule
    "Die Rekruten sollen nicht für den Einsatz in Frage kommen.",      # a norm
    "Wer den Bescheid ignoriert, soll ab Januar eine Strafe zahlen.",  # a plan from a date
    "Die Kommandos sollen den Rückzug der Truppen verhindern.",        # a purpose
    "Die neue Hotline soll russischen Soldaten helfen, sich zu ergeben.",
    "Sollten die Männer fliehen, droht ihnen Haft.",                   # a condition
    "Die Männer sollten einen Vertrag unterschreiben.",                # "sollte": were to
    "Sie fragen, wie sie sich ergeben sollen.",
    "Die Sperrtruppen, die Deserteure aufhalten sollen, stehen hinter der Front.",
    "Die Brigade soll bald wieder 300 Mann umfassen.",                 # a time to come
])
def test_german_deontic_sollen_is_no_hedge(text):
    assert "reportedly" not in {h.family for h in cl.extract_hedges(text)}


def test_a_translation_keeping_reportedly_as_present_sollen_drops_no_hedge():
    from newslens.compare.alignment import AlignedPair, hedge_flags

    english = "Around 300 soldiers of the 155th brigade reportedly refuse to return to Vuhledar."
    german = "Rund 300 Soldaten der 155. Brigade sollen sich weigern, nach Wuhledar zurückzukehren."
    flat = "Rund 300 Soldaten der 155. Brigade weigern sich, nach Wuhledar zurückzukehren."
    for restated, dropped in ((german, False), (flat, True)):
        pair = AlignedPair((0,), (0,), 0.9, english, restated, ("a0",), ("b0",))
        flags = hedge_flags([pair], cl.extract_hedges(english, "a0"), cl.extract_hedges(restated, "b0"),
                            languages_ab=("en", "de"))
        assert bool([f for f in flags if f.dropped_by == "B"]) is dropped, flags


def test_hedge_families_come_from_the_config():
    from newslens import knowledge
    assert "alleged" in knowledge.strong_hedges() and "according to" not in knowledge.strong_hedges()
    assert knowledge.article_level_hedges() == ("not independently verified",)
    assert cl.ARTICLE_LEVEL_HEDGES == knowledge.article_level_hedges()


@pytest.mark.parametrize("a, b, status", [
    ("more than 50 soldiers deserted", "over 50 soldiers deserted", cl.SAME),
    ("about 100 men were left", "around 100 men were left", cl.SAME),
    ("about 100 men were left", "more than 100 men were left", cl.QUALIFIER_DIFFERS),
])
def test_equivalent_qualifiers_are_no_difference(a, b, status):
    (match,) = cl.compare_quantities(cl.extract_quantities(a, "a"), cl.extract_quantities(b, "b"), {("a", "b")})
    assert match.status == status


@pytest.mark.parametrize("text", ["He said '120' people had fled.", "He said \u201c120\u201d people had fled.",
                                  "He said \u2018120\u2019 people had fled."])
def test_number_written_in_quotes_is_found(text):
    (q,) = cl.extract_quantities(text, "p")
    assert q.low == 120 and q.unit == "people"


def test_apostrophe_inside_a_word_is_not_an_opening_quote():
    assert cl.extract_quantities("rock'n'roll 90s", "p") == []


# --- the same claim, sentence by sentence (issue 10) -----------------------------------------

def test_sentences_carry_their_own_hedges_and_claim_words():
    text = ("Commanders may be ready to shoot soldiers who retreat, the ministry said. "
            "\u201cThe units probably started work in May,\u201d it added. Officials met on Friday.")
    sentences = cl.split_claims(text, "p1")
    assert [s.hedged for s in sentences] == [True, True, False]
    assert [h.text for h in sentences[0].hedges] == ["may be"]
    assert "probab" not in sentences[1].words          # the hedge word is not part of the claim


@pytest.mark.parametrize("a, b, same", [
    # One claim, reworded: shared stems ("shoot"/"shooting", "deserters"/"deserting").
    ("The army may be ready to shoot its deserting soldiers, according to the ministry.",
     "The army is shooting deserters among its soldiers, according to a ministry report.", True),
    # One story, another claim.
    ("The army may be ready to shoot its deserting soldiers, according to the ministry.",
     "The foreign ministers met in Berlin to discuss energy prices on Thursday.", False),
])
def test_claim_overlap_tells_a_restatement_from_another_claim(a, b, same):
    overlap = cl.claim_overlap(cl.claim_words(a), cl.claim_words(b))
    assert (overlap >= cl.CLAIM_OVERLAP) is same, overlap


# A scraped text that kept the page's inline links, in the shape of a real one (an English wire
# story whose .txt export carried '<a href="..." target="_blank">' around a phrase).
LINKED = ('Eleven volunteers were killed at the range, the ministry said, days after Moscow\'s '
          '<a href="https://www.example-news.com/world/europe/2022/10/04/mobilisation-chaos/" target="_blank">'
          'chaotic mobilisation</a> began. Footage: https://t.me/some_channel/2810. A survivor said: '
          '"they opened fire on us while we were eating, see www.example.org/page"')


def test_links_and_tags_in_a_text_are_not_numbers_or_quotes():
    claims = cl.extract_claims([("p1", LINKED)])
    assert [q.text for q in claims.quotes] == ["they opened fire on us while we were eating, see www.example.org/page"]
    assert {q.text for q in claims.quantities} == {"Eleven"}      # none of 2022, 10, 04, 2810 is reported
    # offsets still point into the original text
    (quote,) = claims.quotes
    assert LINKED[quote.start:quote.end] == quote.text


def test_story_evidence_reads_no_numbers_or_days_from_links():
    import numpy as np
    import pandas as pd

    from newslens.compare import evidence as evi
    assert len(cl.without_links(LINKED)) == len(LINKED)              # offsets kept
    assert "#2810" in evi.numbers_in(LINKED)                         # what a link's digits gave before
    facts = [evi.ArticleFacts("x", np.array([0]), pd.NaT, pd.NaT, False, None, "x", "en")]
    evi.prepare(facts, np.array([LINKED]), np.array(["p1"]), np.zeros((1, 8), dtype=np.float32), evi.load_story_rules())
    (article,) = facts
    assert article.numbers == {"#11"}
    assert not any(t.startswith("%") for t in article.specifics)      # no day read from "/2022/10/04/"
    assert "~t.me/some_channel/2810" in article.specifics             # the link itself is evidence
    assert evi.links_in(LINKED) == {"~example-news.com/world/europe/2022/10/04/mobilisation-chaos",
                                    "~t.me/some_channel/2810", "~example.org/page"}


# Hedges as the sixteenth real set's reports word them (sentences written for the test).
@pytest.mark.parametrize("text, family", [
    ("Imaginile pe care i le-ar fi arătat fiul ei au fost publicate.", "reportedly"),          # ro conditional
    ("Ifølge en samtale som skal ha blitt fanget opp, nekter soldatene.", "reportedly"),        # no reportative
    ("Russiske medier hevder at byen snart faller.", "claims"),                                 # no
    ("Russian media is claiming the town will fall within days.", "claims"),
    ("Judecând după tonul furios, unitatea nu a reușit să avanseze.", "suggests / appears"),    # ro inference
    # ... and as the seventeenth's do
    ("Vojnik je navodno ispričao supruzi da su ih zapovjednici ostavili.", "alleged"),          # hr
    ("Kariai tikriausiai pabėgo dėl prastų sąlygų, teigia partizanai.", "probably / likely"),  # lt
    ("The video shows what appeared to be a mobilised soldier pleading for help.", "suggests / appears"),
    # ... and as the eighteenth's do
    ("Das Gericht sprach den Mann den Angaben nach wegen Fahnenflucht schuldig.", "reportedly"),  # de
    ("He is supposed to have deserted twice before the trial.", "alleged"),
    # ... and as the nineteenth's do
    ("Dua prajurit yang diduga menolak bertempur ditahan polisi militer.", "alleged"),               # id
    ("Kejadian itu tampaknya dimaksudkan sebagai peringatan bagi yang lain.", "suggests / appears"),  # id
    ("There have been reports that the whole company has been disbanded.", "reportedly"),
    ("The deserter is reported to have been shot after his unit fell back.", "reportedly"),
    ("Pretekstem do ataku miała być obietnica odznaczenia dla dowódcy.", "reportedly"),            # pl
    ("The commander asserts that no one was left behind at the positions.", "claims"),
    ("There has been a report that the whole company was disbanded.", "reportedly"),
    # ... and as the twentieth's do
    ("Two soldiers accused of desertion were tied to a tree.", "alleged"),
    ("A video that claimed to show the execution spread on Telegram.", "claims"),
    ("Командир утверждает, что никто не остался на позициях.", "claims"),                           # ru
    ("Według żołnierzy dowódca wysłał ich do szturmu bez wsparcia.", "according to"),              # pl
    # ... and as the twenty-first's do
    ("El piloto supuestamente recibió documentos falsos en España.", "alleged"),                   # es
    ("Los supuestos asesinos huyeron en un coche que luego quemaron.", "alleged"),                  # es
    ("These figures have not been currently verified by any other source.", "not independently verified"),
    ("Le journal n'a pas été en mesure de vérifier ces informations.", "not independently verified"),  # fr
    ("El cuerpo probablemente fue trasladado a otra ciudad.", "probably / likely"),                # es
    ("Los agresores pueden haber viajado desde otro país.", "may / might"),                        # es
    ("O piloto pode ter sido seguido durante meses.", "may / might"),                              # pt
    ("Al parecer, el hombre vivía con otro nombre en Alicante.", "suggests / appears"),            # es
    ("El soldado al parecer desertó de su unidad.", "suggests / appears"),                          # es
    ("Fue detenido por supuestos vínculos con el servicio ucraniano.", "alleged"),                  # es
    ("Se afirma que el coronel murió en un hospital.", "reportedly"),                               # es
    ("En el informe se afirmó que el coronel murió.", "reportedly"),                                # es
    ("The death has not so far been confirmed.", "not independently verified"),
    ("L'AFP n'est pas en mesure de confirmer ces informations.", "not independently verified"),     # fr
    ("The pilot alleged that his crew had been killed after landing.", "claims"),
    ("The deserter claims he was beaten by his commander.", "claims"),
    ("Asylum lawyers say the man claims to have fled his unit in March.", "claims"),
    # ... and as the twenty-second's do
    ("El coronel murió en un hospital de Bielorrusia, se afirma.", "reportedly"),                 # es
    # ... and as the twenty-fourth's Italian and Romanian translations word "accused of"
    ("I tribunali hanno ricevuto 310 processi contro soldati accusati di aver lasciato l'unità.", "alleged"),  # it
    ("Instanțele au primit 310 dosare împotriva unor soldați acuzați că și-au părăsit unitatea.", "alleged"),  # ro
    ("Sądy otrzymały 310 spraw żołnierzy oskarżonych o dezercję.", "alleged"),                    # pl
    ("Los tribunales recibieron 310 causas contra soldados acusados de abandonar su unidad.", "alleged"),  # es
    ("Trois soldats accusés de désertion ont été jugés à huis clos.", "alleged"),                 # fr
    ("Il soldato è stato accusato di diserzione.", "alleged"),                                    # it, passive
    # ... and as the twenty-fifth's translations keep them (its flags, checked by hand, were these
    # hedges kept in words the families did not know)
    ("Il comandante, secondo quanto riferito, ha lasciato la sua unità.", "reportedly"),          # it
    ("Si dice che l'autista sia fuggito verso il confine.", "reportedly"),                        # it
    ("Secondo il quotidiano, il plotone ha rifiutato l'ordine.", "according to"),                # it
    ("Secondo Kyiv i due ufficiali sono stati arrestati.", "according to"),                      # it
    ("Ten szturm był prawdopodobnie najkrwawszy w tym roku.", "probably / likely"),              # pl
    ("Oficer rzekomo sprzedawał przepustki.", "alleged"),                                         # pl
    ("Podobno cały pluton odmówił wyjazdu.", "reportedly"),                                       # pl
    ("El recluta alega que lo obligaron a firmar.", "claims"),                                    # es
    ("El desertor afirma que no cobró en tres meses.", "claims"),                                 # es
    ("El recluta alegó que lo habían golpeado.", "claims"),                                      # es
    ("Secondo un rapporto interno, il plotone si è ritirato.", "according to"),                    # it
    ("The real number of runaways could be far higher.", "may / might"),
    ("The unit could have been sent back without rest.", "may / might"),
    ("Szeregowy mógł zostać przeniesiony do innej jednostki.", "may / might"),                   # pl
    # the twenty-seventh set (seen): hedges the keeping reports wrote in their own language
    ("Es scheint, dass die Kompanie sich selbst aufgelöst hat.", "suggests / appears"),           # de
    ("Penyebabnya kemungkinan besar adalah tidak adanya rotasi.", "probably / likely"),           # id
    ("По данным следствия, выплаты получали сами командиры.", "according to"),                   # ru
    ("Згідно з вироком, він отримав сім років колонії.", "according to"),                        # uk
    ("Згідно із заявою відомства, він зник з частини.", "according to"),                           # uk
    ("Wie es scheint, hat die Kompanie sich selbst aufgelöst.", "suggests / appears"),           # de
    ("Besar kemungkinan penyebabnya adalah tidak adanya rotasi.", "probably / likely"),          # id
    # the thirty-second set (seen): "maybe" set off by a comma, as the Russian rework wrote "Можливо"
    ("Может быть, даже десяти процентов нет, сказал министр.", "probably / likely"),              # ru
    ("Він каже: може бути, їх там і тисячі не було.", "probably / likely"),                      # uk
])
def test_hedges_worded_as_real_reports_word_them(text, family):
    assert family in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "The soldier ridicules the claims of state television.",                 # a noun, not a hedge
    "Командир пригрозил им о возможной уголовной ответственности.",          # "possible liability"
    "Каждый из них может быть призван в течение года.",                       # "can be called up": a modal
    "Такого не может быть, заявил представитель министерства.",               # "that cannot be"
    "Срок службы может быть, как и прежде, увеличен до двух лет.",             # a modal, then an aside
    "The recruits were supposed to be used to guard the depots, not to storm trenches.",   # an intent
    "The attack was reported to the police the same evening.",
    "The army asserted control over the town after the retreat.",
    "Госдума утверждает бюджет на следующий год.",                            # "approves"
    "Miała nadzieję być w domu przed świętami.",                              # "hoped to be"
    "The video underscores last week's claim by defence officials.",         # the noun, with its source
    "It repeats a claim by officials in Washington.",
    "Por supuesto, el Gobierno lo negó todo.",                                # "of course"
    "Sólo en el supuesto de que se confirme su identidad habrá juicio.",      # "in the event that"
    "He is not currently confirmed for the role.",                           # not yet appointed
    "It was not until Friday that his identity was verified.",
    "Es improbable que regrese a Rusia.",                                     # "improbable": a judgement
    "Il n'est pas en mesure de confirmer sa venue.",                          # cannot confirm he will come
    "L'armée n'a pas été en mesure de repousser l'attaque.",                  # unable to repel
    "Ucrania se afirma como potencia agrícola.",                              # "establishes itself"
    "No puede haber sido él.",                                                # "it cannot have been him"
    "En el supuesto caso de que se confirme, habrá juicio.",                  # "in the event that"
    "No puede haber paz sin justicia.",                                       # "there can be no peace"
    "Al parecer del tribunal, la ley es clara.",                              # "in the court's opinion"
    "El Gobierno se afirma en su postura.",                                   # "stands firm"
    # the twenty-third set (seen): an AP rework's "asylum claims" was flagged as a dropped hedge
    "Overall asylum claims from Russians have grown since the invasion, but few succeed.",
    "Claims of abuse in the unit reached the ombudsman in March.",
    "Such complaints rose sharply, and claims have piled up in the regional courts.",
    # an accuser's active verb is a claim, and the French noun "l'accusé" is the defendant
    "La procura lo ha accusato di diserzione.",
    "Le parquet l'a accusé de désertion.",
    "Kievul a acuzat că soldații au fost executați.",
    "L'accusé de 24 ans a été condamné à trois ans.",
    "Nous avons reçu l'accusé de réception du tribunal.",
    # the twenty-fifth: a possessive before the noun, an intercept "could be heard", the Italian ordinal
    "Refugees must lodge their claims where they first arrive.",
    "A man could be heard shouting at the recruits.",
    "Il secondo soldato ha risposto dopo un minuto.",
    "In secondo luogo, la paga non è mai arrivata.",
    # the twenty-seventh: "scheinen" of the sun or of light, "kemungkinan" alone (a possibility),
    # "по данным" before a plural noun ("on these questions")
    "Die Sonne scheint über dem Lager, als die Kolonne ankommt.",
    "Es scheint so hell, dass niemand im Zelt schlafen kann.",
    "Ada kemungkinan untuk kembali ke rumah.",
    "Переговоры по данным вопросам продолжатся в понедельник.",
])
def test_a_claim_as_a_noun_a_possible_outcome_or_an_intent_is_no_hedge(text):
    assert cl.extract_hedges(text) == []


def test_a_german_ordinal_date_does_not_end_the_sentence_its_hedge_is_in():
    """"am 17. September ..., die angeblich ... zeigt" is one sentence: its hedge covers its claim
    (split at "17." the claim read as stated without a hedge, and a drop was flagged)."""
    from newslens.sentences import sentences

    text = ("Der Geheimdienst veröffentlichte am 17. September eine Aufnahme, die angeblich einen Soldaten "
            "zeigt. Die Zahl der Verletzten stieg auf 12. Das Ministerium schwieg.")
    assert sentences(text) == [
        "Der Geheimdienst veröffentlichte am 17. September eine Aufnahme, die angeblich einen Soldaten zeigt.",
        "Die Zahl der Verletzten stieg auf 12.", "Das Ministerium schwieg."]


def test_a_german_ordinal_after_an_article_does_not_end_the_sentence():
    """"der 83. Brigade" is one sentence (split there, a translation's restatement of a hedged claim
    lost its brigade number, session 21); a number ending a sentence still ends it."""
    from newslens.sentences import sentences

    text = ("Offiziere der 83. Brigade erschossen zum 2. Mal Deserteure. Die Einheit verlor 40. Danach "
            "kam der Winter. He was born in 1983. The army said so. I am 25. I do not want to die.")
    assert sentences(text) == [
        "Offiziere der 83. Brigade erschossen zum 2. Mal Deserteure.", "Die Einheit verlor 40.",
        "Danach kam der Winter.", "He was born in 1983.", "The army said so.", "I am 25.",
        "I do not want to die."]


def test_a_full_stop_glued_to_the_next_sentence_ends_it():
    """Scraped pages glue sentences ("to fight.And some"): the twenty-sixth set's hedged sentence
    was read as one with its neighbour, so its claim was sought in the other report whole. Not
    "U.S.Army", "e.g.The" or a domain."""
    from newslens.sentences import sentences

    assert sentences("Few recruits want to fight.And some are said to run. Others wait.") == [
        "Few recruits want to fight.", "And some are said to run.", "Others wait."]
    for text in ("The U.S.Army denied it.", "See e.g.The report from Monday.", "Read it on kyivpost.com today.",
                 # dotted names this field cites, an abbreviation in brackets or in another language
                 "According to Sibir.Realii, the recruits were beaten.", "Как сообщает Газета.Ru, солдаты ушли.",
                 "The officer (Gen.Zaluzhny) denied it.", "Танк стоял на ул.Ленина всю ночь."):
        assert sentences(text) == [text]


@pytest.mark.parametrize("text, family", [
    # the journalist's conditional in French: what is reported, not confirmed (the
    # twenty-sixth set: a French translation keeps its source's "supuestamente" so)
    ("Le conscrit aurait tiré sur deux camarades avant de s'enfuir.", "reportedly"),
    ("Trois recrues seraient mortes pendant l'exercice.", "reportedly"),
    # German "scheinen ... zu" with a long subject between
    ("Nach dem Angriff scheinen die Männer der dritten Kompanie seiner Brigade völlig erschöpft zu sein.",
     "suggests / appears"),
])
def test_reported_conditionals_and_long_seem_clauses_are_hedges(text, family):
    assert family in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    "Il aurait fallu évacuer la base plus tôt.",           # "it would have been necessary"
    "Elle aurait pu rester à Moscou.",                     # "she could have stayed"
    "Il comando sapeva che le due compagnie sarebbero fuggite.",   # it: the future in the past
    "Il serait temps de rentrer.",                         # "it would be time"
    "Ce serait plus simple ainsi.",                        # a plain conditional, not a participle
    "Il serait important de partir avant l'hiver.",
    "Il n'aurait jamais pu rester.",
    "Il aurait été possible d'évacuer la base.",
    "The wounded could be evacuated only at night.",       # what could be done, not a doubt
    "They could have been rescued with one more truck.",   # a reproach
    "Nie mógł zostać w domu na święta.",                   # pl "he could not stay at home"
    "Ogni secondo il rischio aumenta.",                    # it "every second"
    "Come si dice, la guerra è persa.",                    # it "as they say"
])
def test_a_modal_conditional_is_no_hedge(text):
    assert cl.extract_hedges(text) == []


@pytest.mark.parametrize("a_text, b_text, status", [
    ("более 200 военных", "свыше 200 военных", cl.SAME),              # both "more than"
    ("mehr als 200 Soldaten", "über 200 Soldaten", cl.SAME),
    ("около 200 военных", "200 военных", cl.QUALIFIER_DIFFERS),
    ("ponad 10 tys. żołnierzy", "10 tys. żołnierzy", cl.QUALIFIER_DIFFERS),
])
def test_qualifiers_of_other_languages(a_text, b_text, status):
    (match,) = cl.compare_quantities(cl.extract_quantities(a_text, "a"), cl.extract_quantities(b_text, "b"), [("a", "b")])
    assert match.status == status


@pytest.mark.parametrize("a_text, b_text, status", [
    ("больше 4100 военных", "4160 военных", cl.CONSISTENT),   # 4,160 is more than 4,100
    ("more than 2,900 soldiers", "2,930 soldiers", cl.CONSISTENT),
    ("не более 200 человек", "свыше 200 человек", cl.QUALIFIER_DIFFERS),   # "at most" is not "more than"
    ("more than 2,900 soldiers", "29,000 soldiers", cl.DIFFERENT),   # far past the bound: another figure
    ("more than 2,900 soldiers", "2,800 soldiers", cl.DIFFERENT),    # on the wrong side of it
    ("up to 300 soldiers", "280 soldiers", cl.CONSISTENT),
])
def test_a_figure_inside_the_other_reports_bound_is_no_difference(a_text, b_text, status):
    (match,) = cl.compare_quantities(cl.extract_quantities(a_text, "a"), cl.extract_quantities(b_text, "b"), [("a", "b")])
    assert match.status == status


def test_a_qualifier_is_a_whole_word():
    """"fast" (German "nearly") inside "breakfast" is no qualifier, and the number is still read."""
    assert [(q.qualifier, q.low) for q in cl.extract_quantities("At breakfast 3 eggs were served")] == [("", 3.0)]


def test_scale_words_of_other_languages_and_rounded_figures():
    """A Russian rework rounds an outlet's exact count to "порядка 2,5 тыс." (about 2.5 thousand): read
    as 2,500, a figure that agrees with what it rounds, and never as a "2" (nor "1,8 км" as 1 and 8)."""
    exact = cl.extract_quantities("как минимум 2 461 контрактник", "a", "ru")
    rounded = cl.extract_quantities("порядка 2,5 тыс. контрактников", "b", "ru")
    assert [(q.low, q.rounding) for q in exact + rounded] == [(2461, 0), (2500, 50)]
    (match,) = cl.compare_quantities(exact, rounded, [("a", "b")])
    assert match.status == cl.QUALIFIER_DIFFERS and match.note == "A says 'как минимум' (>=), B says 'порядка' (~); B rounds it"
    plain = cl.extract_quantities("2,5 тыс. контрактников", "b", "ru")
    assert [(m.status, m.note) for m in cl.compare_quantities(cl.extract_quantities("2 461 контрактник", "a", "ru"), plain,
                                                               [("a", "b")])] == [(cl.SAME, "B rounds it")]
    assert [q.low for q in cl.extract_quantities("2,5 млн рублей; rund 3 Mio. Euro; 10 tys. żołnierzy")] == \
        [2_500_000, 3_000_000, 10_000]
    assert [q.low for q in cl.extract_quantities("около 1,8 км от линии фронта")] == [1.8]   # a decimal comma
    assert cl.extract_quantities("in 1,8765 of them") == []            # neither a decimal nor thousands: no number
    # negated qualifiers mean the opposite of the word they negate; a bare low end takes the range's scale
    assert [(q.qualifier, q.label) for q in cl.extract_quantities("не более 200 человек; не менее 300 человек")] == \
        [("не более", "<= 200 человек"), ("не менее", ">= 300 человек")]
    assert [(q.low, q.high) for q in cl.extract_quantities("1-2 тыс. военных и 1 500 тыс. рублей")] == \
        [(1000, 2000), (1_500_000, 1_500_000)]
    # a whole scaled figure rounds at most 5% ("1 миллион" is not 1,400,000), and "2,01 тыс." is exactly 2,010
    million = cl.extract_quantities("1 миллион рублей", "b")
    assert cl.compare_quantities(cl.extract_quantities("1 400 000 рублей", "a"), million, [("a", "b")])[0].status == cl.DIFFERENT
    assert cl.extract_quantities("2,01 тыс. солдат")[0].low == 2010
    # a rounded figure still differs from a value it does not round
    far = cl.extract_quantities("порядка 2,6 тыс. контрактников", "b", "ru")
    assert cl.compare_quantities(exact, far, [("a", "b")])[0].status == cl.DIFFERENT
    # English scales round too: "1.5 million" is 1,512,000, not 1,600,000
    million = cl.extract_quantities("1.5 million people", "b")
    assert cl.compare_quantities(cl.extract_quantities("1,512,000 people", "a"), million, [("a", "b")])[0].status == cl.SAME
    assert cl.compare_quantities(cl.extract_quantities("1,600,000 people", "a"), million, [("a", "b")])[0].status == cl.DIFFERENT


def test_a_dot_groups_thousands_where_the_language_does():
    """"rund 5.000 Euro" in a German report is the 5,000 euros of its English source, not 5; in English
    (or a language not known) "7.5" stays a decimal."""
    german = cl.extract_quantities("Die Familie erhielt rund 5.000 Euro.", "a", "de")
    english = cl.extract_quantities("The family received about 5,000 euros.", "b", "en")
    assert [q.low for q in german] == [5000]
    assert [m.status for m in cl.compare_quantities(german, english, [("a", "b")])] == [cl.SAME]
    assert [q.low for q in cl.extract_quantities("10.025 soldados desertaron", "p", "es")] == [10025]
    assert [q.low for q in cl.extract_quantities("rund 5.000 Euro", "p", None)] == [5]
    assert [q.low for q in cl.extract_quantities("a 7.5 km march", "p", "de")] == [7.5]


def test_units_and_currencies_in_russian_and_ukrainian():
    """"33 млн рублей" is money, "7 км" a length, "5 лет" a duration; "2024 года" (of the year) is a year."""
    read = [(q.dimension, q.low) for q in cl.extract_quantities(
        "Где 33 млн рублей? В 7 км от фронта; срок 5 лет; штраф 1,8 тыс. гривень; в 2024 года.")]
    assert read == [("money:RUB", 33_000_000), ("length", 7), ("duration", 5), ("money:UAH", 1800), ("date", 20240000)]


# --- the twenty-eighth set (seen): a hedge kept in other words ---------------------------------
# Its false hedge-drop flags kept the hedge as "reports surfaced about the possible execution",
# "according to media reports" and Spanish "bajo la sospecha de"; these and their relatives in
# the languages the families cover (sentences written for them).

@pytest.mark.parametrize("text, family", [
    # "possible" on a reported act (an execution, a killing, a war crime): not yet established
    ("Footage surfaced of the possible execution of four prisoners near the river.", "alleged"),
    ("The prosecutors opened a case into a possible war crime at the checkpoint.", "alleged"),
    ("Die Staatsanwaltschaft prüft eine mögliche Hinrichtung von Gefangenen.", "alleged"),          # de
    ("La fiscalía investiga la posible ejecución de cuatro prisioneros.", "alleged"),              # es
    ("A promotoria investiga a possível execução de quatro prisioneiros.", "alleged"),            # pt
    ("Le parquet enquête sur une possible exécution de prisonniers.", "alleged"),                  # fr
    ("La procura indaga su una possibile esecuzione di prigionieri.", "alleged"),                 # it
    ("Прокуратура расследует возможный расстрел четырёх пленных.", "alleged"),                    # ru
    ("Прокуратура розслідує можливий розстріл чотирьох полонених.", "alleged"),                   # uk
    # suspicion: an accusation, not a finding
    ("Nine men suspected of recruiting for the army were detained.", "alleged"),
    ("The driver was held on suspicion of helping two deserters.", "alleged"),
    ("Police detained a suspected deserter at the station.", "alleged"),
    ("Seis hombres fueron detenidos bajo la sospecha de reclutar soldados.", "alleged"),         # es
    ("Seis hombres fueron detenidos bajo sospecha de reclutar soldados.", "alleged"),            # es
    ("Un soldado sospechoso de desertar fue detenido.", "alleged"),                               # es
    ("Seis homens foram detidos sob suspeita de recrutar soldados.", "alleged"),                  # pt
    ("Six hommes soupçonnés de recruter des soldats ont été arrêtés.", "alleged"),               # fr
    ("Sei uomini sospettati di reclutare soldati sono stati arrestati.", "alleged"),             # it
    ("Der Fahrer steht im Verdacht, zwei Deserteure versteckt zu haben.", "alleged"),             # de
    ("Ein Soldat steht unter Verdacht, seine Kameraden erschossen zu haben.", "alleged"),        # de
    ("Шестерых мужчин задержали по подозрению в вербовке.", "alleged"),                           # ru
    ("Солдат подозревается в убийстве двух сослуживцев.", "alleged"),                             # ru
    ("Шістьох чоловіків затримали за підозрою у вербуванні.", "alleged"),                         # uk
    ("Sześciu mężczyzn podejrzanych o werbunek zatrzymano.", "alleged"),                          # pl
    ("Șase bărbați suspectați de recrutare au fost reținuți.", "alleged"),                        # ro
    ("Zes mannen op verdenking van werving zijn aangehouden.", "alleged"),                        # nl
    ("Задържан е заподозреният в убийството войник.", "alleged"),                                 # bg
    # a charge or a check for involvement (set 28, a reviewer's false "dropped" flags)
    ("Рядовому, которому вменяется убийство учительницы, удалось бежать.", "alleged"),             # ru
    ("Следователи проверяют беглеца на причастность к еще одному убийству.", "alleged"),         # ru
    ("Обвиняемый в убийстве солдат сбежал из-под стражи.", "alleged"),                            # ru
    ("Обвинуваченого у вбивстві солдата затримали.", "alleged"),                                  # uk
    ("Слідчі перевіряють його на причетність до підпалу.", "alleged"),                            # uk
    ("Police say they are investigating allegations that the men were beaten.", "alleged"),
    # "according to (media) reports": what is reported
    ("According to media reports, the battalion left its positions overnight.", "reportedly"),
    ("According to unconfirmed reports, the battalion left its positions.", "reportedly"),
    ("Medienberichten zufolge hat das Bataillon seine Stellungen verlassen.", "reportedly"),       # de
    ("Laut Medienberichten hat das Bataillon seine Stellungen verlassen.", "reportedly"),         # de
    ("Según algunos reportes, el batallón abandonó sus posiciones.", "reportedly"),               # es
    ("Según medios locales, el batallón abandonó sus posiciones.", "reportedly"),                 # es
    ("Según medios de comunicación, el batallón abandonó sus posiciones.", "reportedly"),         # es, "media"
    # guards (these held before too): the forms the narrowed patterns keep
    ("According to Ukrainian media reports, the battalion left its positions.", "reportedly"),
    ("Прокуратура расследует возможную казнь пленных.", "alleged"),                               # ru
    ("Прокуратура розслідує можливу страту полонених.", "alleged"),                               # uk
    ("Двое подозреваемых в поджоге задержаны.", "alleged"),                                       # ru, participle
    ("Two men were suspected in the killing of a sergeant.", "alleged"),                          # passive
    ("Two soldiers suspected in the killing of a sergeant were detained.", "alleged"),
    ("They are armed [and are] suspected in a series of grave crimes.", "alleged"),             # an editor's bracket
    ("Two officers suspected in the beating were detained.", "alleged"),                      # any noun before it
])
def test_hedges_kept_in_other_words_of_the_twenty_eighth(text, family):
    assert family in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text", [
    # "possible" of what can be done, or of a future outcome, is no hedge on a claim
    "The wounded were to be evacuated as soon as possible.",
    "It is possible to leave the unit only with a permit.",
    "Commanders did everything possible to keep the men at the front.",
    "The maximum possible punishment is ten years.",
    "He saw no options for a possible victory.",
    "The prisoners are held in cells to protect them from possible airstrikes.",
    "Die Flucht war nur nachts möglich.",                                     # de
    "Hicieron todo lo posible por volver.",                                   # es
    "Командир пригрозил им о возможной уголовной ответственности.",          # ru, "possible liability"
    # the suspicion someone holds (an active verb), the noun "suspect", the adjective "suspicious"
    "Police suspected that the man had fled to Belarus.",
    "The officers suspected nothing until the roll call.",
    "The suspect was detained after a day on the run.",
    "The return is fraught with suspicion and shame.",
    "Командование подозревает саботаж на катерах.",                          # ru, active, no "в"
    "Следователи подозревают его в дезертирстве.",                           # ru, someone suspects: a claim
    "Слідчі підозрюють його у дезертирстві.",                                # uk
    "Ein schrecklicher Verdacht bestätigte sich.",                             # de, the noun
    "Partizanii semnalează o explozie suspectă de îmbolnăviri.",               # ro, "suspicious"
    # "according to" a named report (a source) and the noun "reports"
    "According to these reports, the battalion left its positions.",
    "According to reports by the ministry, the battalion left its positions.",
    "Según imágenes y reportes de fuentes ucranianas, el batallón se retiró.",   # es, a source
    "Según informaciones del diario local, el batallón se retiró.",             # es, a source
    "The ministry denied the reports on Monday.",
    "Reports of the mutiny were denied by the ministry.",
    # whole words after "possible": strategies, treasury bonds are no reported act
    "Аналітики обговорюють можливі стратегії відступу.",                       # uk, "possible strategies"
    "Минфин обсуждает выпуск возможных казначейских облигаций.",               # ru, "treasury"
    # the active first person "we suspect ... of" is someone's claim, as "подозревают в" is
    "Мы подозреваем в поджоге местных чиновников.",                            # ru
    "Прокуратура обвиняет его в дезертирстве.",                                # ru, an accuser's active verb
    "The allegations were confirmed by the court on Friday.",                   # a finding
    # "suspected in <a time> that": the police's suspicion, not an accusation
    "The police suspected in March that the man had fled to Belarus.",
    "Some soldiers suspected in advance that the order was a trap.",
    "Many people suspected in 2022 that the war would drag on.",
    "The men suspected in March that they would be sent back.",
    # "according to <outlet> reports" names its source
    "According to Reuters reports, the battalion left its positions.",
    "According to CNN reports, the battalion left its positions.",
])
def test_possible_and_suspicion_outside_a_claim_are_no_hedge(text):
    families = {h.family for h in cl.extract_hedges(text)}
    assert not families & {"alleged", "reportedly"}, families


@pytest.mark.parametrize("a_text, b_text", [
    # a range in the corpus's other languages is the English one, not two figures only in it
    ("only men aged 25 to 60 are mobilised", "mobilizacji podlegają tylko mężczyźni w wieku od 25 do 60"),
    ("only men aged 25 to 60 are mobilised", "мобилизации подлежат мужчины от 25 до 60"),
    ("only men aged 25 to 60 are mobilised", "nur Männer zwischen 25 und 60 werden eingezogen"),
    # "between" a few words before the first number still opens the range
    ("all men between the ages of 18 and 60 must register", "all men aged 18 to 60 must register"),
])
def test_a_range_in_any_corpus_language_is_one_figure(a_text, b_text):
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a"), cl.extract_quantities(b_text, "b"), [("a", "b")])
    assert [m.status for m in matches] == [cl.SAME]


def test_and_joins_a_range_only_after_between_and_two_counts_stay_two():
    # "killed 3 and wounded 10": two figures, each found (they used to be dropped together)
    assert [(q.low, q.high) for q in cl.extract_quantities("they killed 3 and wounded 10 soldiers", "a")] == \
        [(3.0, 3.0), (10.0, 10.0)]
    # "до" right after a count is no range without a second number ("200 человек до конца года")
    assert [(q.low, q.high) for q in cl.extract_quantities("вернулись 200 человек до конца года", "a")] == [(200.0, 200.0)]


@pytest.mark.parametrize("a_text, b_text, b_language", [
    ("The deadline expires on August 30, 2025.", "Термін спливає 30 серпня 2025 року.", "uk"),
    ("The deadline expires on August 30.", "Срок истекает 30 августа.", "ru"),
    ("The deadline expires on 30 August 2025.", "Die Frist läuft am 30. August 2025 ab.", "de"),
    ("The war began on 24 February 2022.", "La guerra empezó el 24 de febrero de 2022.", "es"),
])
def test_a_day_written_in_the_text_s_own_language_is_the_english_date(a_text, b_text, b_language):
    """A translation's "30 серпня" is the English "August 30", not a count of 30 only in it."""
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a", "en"), cl.extract_quantities(b_text, "b", b_language),
                                    [("a", "b")])
    assert [m.status for m in matches] == [cl.SAME]


def test_a_year_after_a_local_day_is_read_only_where_a_year_ends_the_phrase():
    # "am 5. März 2000 Soldaten": the 5th of March, and 2000 soldiers are no year
    (day,) = [q for q in cl.extract_quantities("Am 5. März 2000 Soldaten verließen die Stadt.", "a", "de")
              if q.dimension == "date"]
    assert day.low == 305


@pytest.mark.parametrize("language", ["de", "de-AT", "DE"])
def test_compare_and_grouping_read_one_local_day_under_any_spelling_of_the_language(language):
    """Compare's figures and story grouping's days read a local day by one rule (``days_written``):
    a regional code is its language, and a month name serves one date."""
    from newslens.compare import evidence as ev
    text = "Am 30. März 14 Soldaten flohen; am 2. Mai kehrten sie zurück."
    assert ev.dates_in(text, language) == {"%03-30", "%05-02"}
    assert sorted(q.low for q in cl.extract_quantities(text, "p", language) if q.dimension == "date") == [330, 502]


@pytest.mark.parametrize("text, day", [
    ("According to the prosecutor, on July 10th, a video appeared online.", "%07-10"),
    ("The men left their unit on the 3rd of March.", "%03-03"),
    ("He was detained on 21st December near the border.", "%12-21"),
])
def test_an_english_ordinal_day_is_a_day_for_grouping_as_for_compare(text, day):
    """Story grouping read "July 10" but not "July 10th", which Compare's figures read: a report of
    the next step of a case retelling the first by its ordinal day was not seen as later."""
    from newslens.compare import evidence as ev
    assert ev.dates_in(text, "en") == {day}
    assert [q.dimension for q in cl.extract_quantities(text, "p", "en")].count("date") == 1


@pytest.mark.parametrize("text", [
    "Commanders fear the 3rd may be the last company they can still send forward.",
    "In May 3rd Assault Brigade lost 40 men near the river.",
])
def test_an_ordinal_beside_a_month_word_that_is_no_date_is_not_read_as_one(text):
    """"the 3rd may be": a verb; "May 3rd Assault Brigade": a unit's name after the month."""
    from newslens.compare import evidence as ev
    assert ev.dates_in(text, "en") == set()
    assert [q for q in cl.extract_quantities(text, "p", "en") if q.dimension == "date"] == []


# --- the twenty-eighth set (seen): years, numbers in words and qualifiers of other languages ---
# Compare listed "1947", "February 2022", "six" and "ten" as only in an English report although its
# Ukrainian, Russian or Romanian translation says them in its own words (sentences written for them).

@pytest.mark.parametrize("b_text, b_language", [
    ("Підрозділ створили у 1947 році, а розпустили після вторгнення у лютому 2022 року.", "uk"),
    ("Подразделение создали в 1947 году и распустили после вторжения в феврале 2022 года.", "ru"),
    ("Jednostkę utworzono w 1947 roku i rozwiązano po inwazji w lutym 2022 roku.", "pl"),
    ("Unitatea a fost creată în 1947 și desființată după invazia din februarie 2022.", "ro"),
    ("A unidade foi criada em 1947 e dissolvida após a invasão de fevereiro de 2022.", "pt"),
    ("Die Einheit wurde 1947 gegründet und nach dem Einmarsch im Februar 2022 aufgelöst.", "de"),
])
def test_a_year_and_a_month_of_a_year_in_any_corpus_language_are_the_english_ones(b_text, b_language):
    english = cl.extract_quantities("The unit was formed in 1947 and disbanded after the invasion of February 2022.",
                                    "a", "en")
    other = cl.extract_quantities(b_text, "b", b_language)
    statuses = [m.status for m in cl.compare_quantities(english, other, [("a", "b")])]
    # German prints the year alone ("1947 gegründet"): no word says it is a year, so it is read as none
    assert statuses == ([cl.SAME] * 2 if b_language != "de" else [cl.SAME, cl.ONLY_A]), statuses


@pytest.mark.parametrize("text, language", [
    ("He fought in the Korean War (1950-53) as a young man.", "en"),
    ("The 2022-2023 season was the hardest for the brigade.", "en"),
    ("Служив у 1990-2000 роки на флоті.", "uk"),
])
def test_a_range_of_years_is_no_count(text, language):
    assert [q for q in cl.extract_quantities(text, "p", language) if q.dimension == "count"] == []


def test_a_word_before_a_number_makes_it_a_year_only_where_it_can_mean_in():
    """"в 2000 году" is a year; "с 2000 солдатами" ("with") and "в 2000 км" (a distance) are none."""
    read = cl.extract_quantities("В 2000 году он пришёл с 2000 солдатами в город в 2000 км от фронта.", "p", "ru")
    assert [q.label for q in read] == ["2000", "2,000 km"]


@pytest.mark.parametrize("a_text, b_text, b_language", [
    ("Police detained ten people in the capital.", "Полиция задержала десять человек в столице.", "ru"),
    ("Six soldiers were killed at the front.", "На фронті загинули шестеро солдатів.", "uk"),
    ("The video shows two defenders being shot.", "На відео видно, як розстрілюють двох захисників.", "uk"),
    ("They signed an agreement between the three countries.", "Вони підписали угоду між трьома країнами.", "uk"),
    ("Two soldiers were captured near the river.", "Nad rzeką schwytano dwóch żołnierzy.", "pl"),
    ("Three soldiers survived the attack.", "Drei Soldaten überlebten den Angriff.", "de"),
    ("Two soldiers were captured near the river.", "Doi soldați au fost capturați lângă râu.", "ro"),
    ("Seven prisoners were exchanged.", "Fueron canjeados siete prisioneros.", "es"),
])
def test_a_number_in_words_of_the_text_s_own_language_is_the_english_one(a_text, b_text, b_language):
    """"десять человек", "шестеро солдатів", "між трьома країнами": a translation's number in its own
    words is the English one, not a figure only the English report gives."""
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a", "en"), cl.extract_quantities(b_text, "b", b_language),
                                    [("a", "b")])
    assert [m.status for m in matches] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Власти обещали поддержать семью погибшего.", "ru"),       # "семью": a family, not 7
    ("Сім'я загиблого звернулася до суду.", "uk"),              # "сім'я": a family
    ("Их было шесть.", "ru"),                                   # a bare number word counts nothing
    ("He was the one of six who left.", "de"),                  # another language's words are not read
])
def test_a_number_word_is_read_only_where_it_counts_something(text, language):
    assert [q.label for q in cl.extract_quantities(text, "p", language) if q.dimension == "count"] == \
        (["6 who"] if language == "de" else [])


def test_a_dozen_keeps_its_qualifier():
    """"over a dozen" is more than 12, as "more than 12" is (it was read as a plain 12)."""
    (q,) = cl.extract_quantities("They found the bodies of over a dozen soldiers.", "a", "en")
    assert (q.qualifier, q.low) == ("over", 12)
    (match,) = cl.compare_quantities([q], cl.extract_quantities("more than 12 soldiers died", "b", "en"), [("a", "b")])
    assert match.status == cl.SAME


@pytest.mark.parametrize("a_text, b_text, b_language", [
    ("They charged up to $9,000 per person.", "Они брали до 9 тысяч долларов с человека.", "ru"),
    ("Up to 200 soldiers refused.", "Відмовилися до 200 військових.", "uk"),
    ("More than 18,000 soldiers deserted.", "Дезертирували більш ніж 18 тисяч військових.", "uk"),
    ("At least 17 people were detained.", "Ao menos 17 pessoas foram detidas.", "pt"),
    ("Up to 200 soldiers refused.", "Hasta 200 soldados se negaron.", "es"),
    ("Up to 200 soldiers refused.", "Jusqu’à 200 soldats ont refusé.", "fr"),
    ("Courts convicted close to 90 soldiers a week.", "I tribunali condannavano quasi 90 soldati a settimana.", "it"),
])
def test_a_qualifier_of_another_language_is_the_english_one(a_text, b_text, b_language):
    """"до 9 тысяч долларов" is "up to $9,000" (it was read as a bare 9,000, "qualifier differs")."""
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a", "en"), cl.extract_quantities(b_text, "b", b_language),
                                    [("a", "b")])
    assert [m.status for m in matches] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Раненые из 1441-го полка поступили в госпиталь.", "ru"),
    ("Бійці 47-ї бригади та 3-я рота відійшли.", "uk"),
    ("В 1990-х годах полк стоял под Москвой.", "ru"),
])
def test_an_ordinal_of_another_language_is_a_name_not_a_count(text, language):
    """"1441-го полка" is the 1441st regiment, no count of 1,441 (as the English "1441st" is none)."""
    assert cl.extract_quantities(text, "p", language) == []


@pytest.mark.parametrize("text, language", [
    ("Un ofițer al Brigăzii 118 de Apărare Teritorială a relatat atacul.", "ro"),
    ("Un ufficiale della brigata 118 ha raccontato l'attacco.", "it"),
    ("Un officier de la brigade 118 a raconté l’attaque.", "fr"),
    ("Ein Offizier der 118. Brigade schilderte den Angriff.", "de"),
    ("Oficer 118. Brygady opisał atak.", "pl"),
    ("Żołnierze z 2 batalionu 118 pułku opisali atak.", "pl"),     # as "2. batalionu 118. pułku" is
    ("Un oficial de la 118.ª brigada relató el ataque.", "es"),
    ("An officer of the 118th Territorial Defence Brigade described the attack.", "en"),
])
def test_a_units_number_is_its_name_in_any_language(text, language):
    """"Brigăzii 129" is the 129th brigade, as the English "129th Brigade" is: neither a count (the
    Romanian was read as one and listed "129 only in B" against its English original, review 30a)."""
    assert cl.extract_quantities(text, "p", language) == []


def test_a_count_beside_a_unit_is_still_a_count():
    assert [q.label for q in cl.extract_quantities("The brigade lost 300 men in a week.", "p", "en")] == ["300 men"]
    assert [q.label for q in cl.extract_quantities("Brigada a pierdut 300 de oameni.", "p", "ro")] == ["300 oameni"]
    assert [q.label for q in cl.extract_quantities("Wysłano tam 3 bataliony.", "p", "pl")] == ["3 bataliony"]


def test_a_romanian_age_and_year_are_the_english_ones():
    """"în vârstă de 32 de ani" is "32-year-old" (it was a count of 32 "de"), "în 2022" the English "in 2022"."""
    english = cl.extract_quantities("The 32-year-old soldier defected in 2022.", "a", "en")
    romanian = cl.extract_quantities("Soldatul, în vârstă de 32 de ani, a dezertat în 2022.", "b", "ro")
    assert [m.status for m in cl.compare_quantities(english, romanian, [("a", "b")])] == [cl.SAME, cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Os presos foram apresentados na quinta-feira (7) por funcionários do governo.", "pt"),
    ("Las autoridades lo anunciaron el jueves (7) en la televisión.", "es"),
    ("Officials said on Thursday (7) that the men were held.", "en"),
])
def test_a_day_in_brackets_after_a_weekday_is_no_count(text, language):
    """"na quinta-feira (7) funcionários": the 7th, the day of the announcement, not 7 officials."""
    assert cl.extract_quantities(text, "p", language) == []


@pytest.mark.parametrize("text, language, labels", [
    ("Cel puțin 27 de militari au murit, iar 34 de răniți au fost duși la spital.", "ro",
     [">= 27 militari", "34 răniți"]),                       # Romanian's "de" is no noun
    ("Dwóch żołnierzy zginęło pod Kurskiem.", "pl", ["2 żołnierzy"]),   # not the verb "zginęło"
    ("Погибли 27 военных и 34 мирных жителя.", "ru", ["27 военных", "34 мирных"]),
])
def test_a_count_names_the_word_it_counts_in_any_alphabet(text, language, labels):
    assert [q.label for q in cl.extract_quantities(text, "p", language) if q.dimension == "count"] == labels


@pytest.mark.parametrize("a_text, b_text, language", [
    ("Cel puțin 27 de militari au murit în atac.", "Alți 34 de răniți au fost duși la spital.", "ro"),
    ("Погибли 27 военных.", "Ранены 34 мирных жителя.", "ru"),
])
def test_counts_of_different_things_in_another_language_are_no_difference(a_text, b_text, language):
    """27 dead soldiers and 34 wounded civilians in two aligned paragraphs are two facts, not one
    figure the reports disagree on (both were read as counts of "de", or of nothing, and "differ")."""
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a", language),
                                    cl.extract_quantities(b_text, "b", language), [("a", "b")])
    assert cl.DIFFERENT not in [m.status for m in matches]
    assert sorted(m.status for m in matches) == sorted([cl.ONLY_A, cl.ONLY_B])


@pytest.mark.parametrize("text, language, labels", [
    # an elided article or conjunction opens another phrase; "suite" and "après" are prepositions (review 30a:
    # "60 l’hiver", "400 000 suite")
    ("Il fait -45 °C et 60 l’hiver ; 300 000 Russes suite à la mobilisation sont partis.", "fr",
     ["-45 °C", "60", "300,000"]),
    ("Ils étaient 300 000 en 2022 après la mobilisation, 300 qu’il a comptés.", "fr", ["300,000", "2022", "300"]),
    ("Erano 60 l'anno scorso e 300 dell'esercito.", "it", ["60", "300"]),
    ("La ville compte 2 millions d’habitants.", "fr", ["2,000,000 habitants"]),    # "d’" is "de": read past
])
def test_an_elided_article_or_a_preposition_is_no_counted_noun(text, language, labels):
    assert [q.label for q in cl.extract_quantities(text, "p", language)] == labels


def test_counts_of_one_noun_in_two_forms_can_differ():
    """A count's noun is compared by its stem in the text's language:
    one noun in two grammatical forms is one thing counted, so the figures disagree."""
    a = cl.extract_quantities("В бою погибли 27 военнослужащих.", "a", "ru")
    b = cl.extract_quantities("В бою погиб 31 военнослужащий.", "b", "ru")
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.DIFFERENT]


def _compared(a_paragraphs, a_language, b_paragraphs, b_language, aligned):
    quantities = [[q for pid, text in paragraphs for q in cl.extract_quantities(text, pid, language)]
                  for paragraphs, language in ((a_paragraphs, a_language), (b_paragraphs, b_language))]
    return [(m.status, m.a and f"{m.a.paragraph_id}: {m.a.text}", m.b and f"{m.b.paragraph_id}: {m.b.text}")
            for m in cl.compare_quantities(*quantities, aligned)]


def test_equal_figures_pair_where_the_qualifiers_agree():
    """A translation renders "At least 27 soldiers" and "27 dead" word for word, while the original's
    summary line states a third, bare 27 in the passage aligned to "Cel puțin 27" (the translation moved
    it). Pairing each figure in turn with its best partner crossed them: two false "qualifier differs"
    and "27 dead" only in A (review 30a). Every equal figure of the translation now reads "same"."""
    english = [("s", "A lawmaker said 27 Russian soldiers died under their own guns."),
               ("p1", "At least 27 Russian soldiers were killed by their own artillery, a lawmaker said."),
               ("p2", '"It left 27 dead and 40 wounded," he said.')]
    romanian = [("r1", "Cel puțin 27 de militari ruși au fost uciși de propria artilerie, a spus un deputat."),
                ("r2", "„Au rezultat 27 de morți și 40 de răniți”, a spus el.")]
    rows = _compared(english, "en", romanian, "ro", {("s", "r1"), ("p2", "r2")})
    assert rows == [(cl.SAME, "p1: At least 27", "r1: Cel puțin 27"), (cl.SAME, "p2: 27", "r2: 27"),
                    (cl.SAME, "p2: 40", "r2: 40"), (cl.ONLY_A, "s: 27", None)]


def test_equal_figures_of_one_noun_pair_before_the_qualifier_is_weighed():
    """In one language the counted nouns say which figure is which: a re-report that moves "at least"
    from the soldiers to the dead changed both claims, and both show, not two crossed "same" rows."""
    a = [("a", "At least 12 soldiers and 12 civilians were killed.")]
    b = [("b", "12 soldiers and at least 12 civilians were killed.")]
    rows = _compared(a, "en", b, "en", {("a", "b")})
    assert [status for status, *_ in rows] == [cl.QUALIFIER_DIFFERS, cl.QUALIFIER_DIFFERS]


def test_a_temperature_below_zero_keeps_its_sign_however_it_is_typed():
    """"-45 °C à -55 °C" was not read at all and "− 45 °C et − 55 °C" (U+2212 and a space) became counts of
    45 and of 55 "l’hiver", each "only in B" (review 30a): both are now -45 °C and -55 °C, the same figures."""
    a = cl.extract_quantities("Dans sa ville, il fait de -45 °C à -55 °C en hiver.", "a", "fr")
    b = cl.extract_quantities("Dans sa ville, il fait entre \u2212 45\u00a0°C et \u2212 55\u00a0°C l’hiver.", "b", "fr")
    assert [q.label for q in a] == [q.label for q in b] == ["-45 °C", "-55 °C"]
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.SAME, cl.SAME]
    assert [q.label for q in cl.extract_quantities("It was \u221245°C at night and -30 to -25 °C by day.", "p", "en")] == \
        ["-45 °C", "-30 to -25 °C"]


def test_a_dash_before_a_count_is_no_sign():
    assert [q.label for q in cl.extract_quantities("Su-25 jets hit Kyiv - 40 soldiers died.", "p", "en")] == ["40 soldiers"]


def test_a_range_written_with_a_minus_sign_is_the_range():
    """A retyped report prints the range with U+2212 ("в 10−20 раз"): the same range as "10–20",
    not a 10 and a 20 the other report "differs" on."""
    a = cl.extract_quantities("Это в 10–20 раз меньше, чем до войны.", "a", "ru")
    b = cl.extract_quantities("Это в 10\u221220 раз меньше, чем до войны.", "b", "ru")
    assert [q.label for q in b] == [q.label for q in a] == ["10-20 раз"]
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.SAME]


# --- numbers glued to the word after them (Korean, Chinese, Japanese) ------------------------

def test_korean_numbers_glued_to_counters_scales_and_about_are_read():
    """A Korean report prints "최소 200여명" (at least some 200 people), "2천여명" (over 2,000), "1만2천여명"
    (over 12,000), "3명" (3 people): a number glued to a letter was skipped, so the report had no figures."""
    text = ("정보당국은 최소 200여명이 숨지고 부상자는 2천여명에 이른다고 밝혔다. 전선에 배치된 1만2천여명 가운데 "
            "3명이 붙잡혔고, 1500여 명이 이동했다.")
    assert [(q.label, q.qualifier) for q in cl.extract_quantities(text, "p", "ko")] == [
        (">= 200 people", "최소"), ("> 2,000 people", "여"), ("> 12,000 people", "여"), ("3 people", ""),
        ("> 1,500 people", "여")]


def test_a_korean_count_matches_its_translation():
    korean = cl.extract_quantities("부상자는 2천여명에 달하고, 포로 3명이 확인됐다.", "a", "ko")
    english = cl.extract_quantities("more than 2,000 were wounded and three soldiers were captured.", "b", "en")
    assert [m.status for m in cl.compare_quantities(korean, english, [("a", "b")])] == [cl.SAME, cl.SAME]


def test_korean_dates_are_dates_and_a_day_alone_is_no_count():
    """"10월 3일" is 3 October; "지난 15일" (the 15th) and "8~13일" (the 8th to 13th) are days without their
    month, left out (as a day in brackets after a weekday is), not counts of 15 or 8; "1차" (first) is none."""
    quantities = cl.extract_quantities("지난 15일 발표에 따르면 8~13일 1차 이송을 마쳤고, 10월 3일과 1990년 이후", "p", "ko")
    assert [(q.dimension, q.label) for q in quantities] == [("date", "3 Oct"), ("date", "1990")]
    english = cl.extract_quantities("on October 3", "b", "en")
    assert cl.compare_quantities(quantities[:1], english, [("p", "b")])[0].status == cl.SAME


def test_chinese_and_japanese_glued_numbers_fall_out_of_the_same_rule():
    quantities = cl.extract_quantities("约有300名士兵和1.2万人撤离, 北朝鮮兵18人を, 自2019年以来", "p", "zh")
    assert [q.label for q in quantities] == ["300 people", "12,000 people", "18 people", "2019"]


def test_a_decimal_comma_before_a_glued_scale_is_a_decimal():
    """"1,8万" is 18,000 as "1.8万" is (it was no figure: the comma read as a thousands group); "1,800万" is
    18 million."""
    assert [q.label for q in cl.extract_quantities("约1,8万人撤离，另有1,800万人受影响", "p", "zh")] == [
        "~ 18,000 people", "18,000,000 people"]


@pytest.mark.parametrize("text, figures", [
    ("Прокуратура відкрила 18 тисяч справ", [("18 тисяч", 18_000)]),
    ("ушли 1,8 тыс. человек", [("1,8 тыс.", 1_800)]),
    ("rund 29,8 Tausend Verfahren und 1,2 Millionen Menschen", [("29,8 Tausend", 29_800), ("1,2 Millionen", 1_200_000)]),
    ("a deschis 18 mii de dosare", [("18 mii", 18_000)]),
    ("some 1.2 million people and 20k troops", [("1.2 million", 1_200_000), ("20k", 20_000)]),
    ("более пяти тысяч человек, two hundred thousand troops", [("пяти тысяч", 5_000), ("two hundred thousand", 200_000)]),
    ("登记了1万8000起，约1,8万名", [("1万8000", 18_000), ("1,8万", 18_000)]),
    ("사건 1만 8천건, 1만1천여명", [("1만 8천", 18_000), ("1만1천", 11_000)]),
    # parts of a longer figure, or no scale: nothing (not 5,000; not 2 million nor 300,000; not 10,000)
    ("двадцать пять тысяч солдат", []),
    ("2 млн 300 тыс. рублей, five thousand two hundred", []),
    ("병력 1만 8000명", []),
    ("a 5 m wall", []),
])
def test_scaled_figures_are_read_where_a_text_prints_them(text, figures):
    """What search matches a typed figure by: each figure printed with a scale, with its value."""
    assert [(text[start:end], value) for start, end, value in cl.scaled_figures(text)] == figures


def test_a_number_word_with_a_scale_word_is_the_scaled_figure():
    """"Более шести тысяч" is more than 6,000 (it was "> 6" against "более 6 тыс.", a false difference)."""
    words = cl.extract_quantities("Более шести тысяч заключенных вышли на свободу.", "a", "ru")
    digits = cl.extract_quantities("Более 6 тыс. заключенных вышли на свободу.", "b", "ru")
    assert [q.label for q in words] == ["> 6,000 заключенных"]
    assert [m.status for m in cl.compare_quantities(words, digits, [("a", "b")])] == [cl.SAME]


def test_an_exchange_format_is_no_count():
    """"в формате «500 на 500»" is a swap's format, not a count the other report's "500 ранены" matches;
    the same format in another language is the same figure."""
    swap = cl.extract_quantities("Обмен прошел в формате «500 на 500».", "a", "ru")
    wounded = cl.extract_quantities("Еще 500 военных получили ранения.", "b", "ru")
    assert [q.label for q in swap] == ["500 for 500"]
    assert sorted(m.status for m in cl.compare_quantities(swap, wounded, [("a", "b")])) == [cl.ONLY_A, cl.ONLY_B]
    english = cl.extract_quantities("It was a 500-for-500 swap.", "b", "en")
    assert [m.status for m in cl.compare_quantities(swap, english, [("a", "b")])] == [cl.SAME]


# --- attribution in the corpus's other languages, and a possessive after a name ------------------

@pytest.mark.parametrize("text", [
    "Потери противника, по версии министра, составили около 20 тыс. человек.",       # ru
    "Втрати, за версією слідства, становлять понад 300 осіб.",                       # uk
    "На думку експерта, армія втратила половину складу.",                            # uk
    "Nach eigener Darstellung hat die Armee 300 Soldaten verloren.",                # de
])
def test_in_someones_version_is_attribution(text):
    assert "according to" in {h.family for h in cl.extract_hedges(text)}


def test_a_sentence_going_on_from_an_attributed_one_keeps_the_sources_claim():
    """"По версии министра, потери составили около 20 тыс. Из них погибли 9 100": the dead are the minister's
    figure too, so the report does not drop the other's "утверждает, что" (claims) on them; a sentence after
    an unattributed one still does."""
    from newslens.compare.alignment import AlignedPair, hedge_flags
    kept = "Министр утверждает, что из них погибли 9 100 человек, ранены 10 900 человек."
    attributed = "Потери противника, по версии министра, составили около 20 тыс. человек. Из них погибли 9 100 человек, ранены 10 900 человек."
    stated = "Потери противника составили около 20 тыс. человек. Из них погибли 9 100 человек, ранены 10 900 человек."
    for a_text, flagged in ((attributed, False), (stated, True)):
        pair = AlignedPair((0,), (0,), 0.9, a_text, kept, ("a",), ("b",))
        flags = hedge_flags([pair], cl.extract_hedges(a_text, "a"), cl.extract_hedges(kept, "b"), languages_ab=("ru", "ru"))
        assert any(f.family == "claims" and f.dropped_by == "A" for f in flags) is flagged, flags


def test_a_possessive_folds_into_the_name_it_follows():
    """"President Vladimir Putin's decree" cites Vladimir Putin, the one source another report names as
    "President Vladimir Putin" (listed as two sources, "Vladimir Putin" and "Vladimir Putin's")."""
    claims = cl.extract_claims([("p1", "The decree was signed under President Vladimir Putin\u2019s orders.")])
    assert {c.source for c in claims.citations} == {"Vladimir Putin"}
    assert {c.source for c in cl.extract_citations("according to Colonel Ivan Petrenko's staff")} == {"Ivan Petrenko"}



def test_a_quote_split_across_paragraphs_is_found_in_each_part():
    """A 900-character «...» quote the pipeline split into two paragraphs (set 26: Compare said "Neither
    article quotes anyone directly" beside it): each paragraph's part is a quote, marked where it stands."""
    first = "Командир сказал: «Мы отступили из села без приказа, потому что патронов не было уже двое суток."
    second = "Никто из штаба не отвечал на связь, и мы решили уходить сами»,— рассказал он корреспонденту."
    claims = cl.extract_claims([("p1", first), ("p2", second), ("p3", "Штаб от комментариев отказался.")], "ru")
    parts = [(q.paragraph_id, q.text) for q in claims.quotes]
    assert parts == [("p1", first[first.index("«") + 1:]), ("p2", second[:second.index("»")])]
    assert all(claims_text[q.start:q.end].strip() == q.text
               for q in claims.quotes for claims_text in [first if q.paragraph_id == "p1" else second])


def test_a_quote_never_closed_is_no_quote():
    claims = cl.extract_claims([("p1", "Командир сказал: «Мы отступили из села без приказа и без патронов."),
                                ("p2", "Штаб от комментариев отказался, сообщил источник в бригаде.")], "ru")
    assert claims.quotes == []


def test_quotes_reopened_per_paragraph_or_reversed_guillemets_are_read_as_before():
    """English reopens a quote at each paragraph it runs on to; Danish and German print »...«: neither
    is a quote left open for the next paragraph to close."""
    english = [("p1", "“We had no water for three days, and the officers had left us."),
               ("p2", "“Nobody answered the radio,” the soldier said.")]
    assert cl.spanning_quotes(english) == {}
    danish = [("p1", "»Vi trak os tilbage uden ordre,« sagde soldaten til avisen om natten ved fronten."),
              ("p2", "Kommandøren afviste det, og han kaldte »det hele for løgn« i et interview.")]
    assert cl.spanning_quotes(danish) == {}


@pytest.mark.parametrize("text, expected", [
    # Russian wire copy quotes a name inside a quote with the same straight marks (set 31's review:
    # the quote came out in three pieces, cut at the inner marks)
    ('"Рекордное число заявок пришло в проект "Найти своих" за март, более 900 обращений", - сказано в сообщении.',
     ['Рекордное число заявок пришло в проект "Найти своих" за март, более 900 обращений']),
    # ...and one ending on the nested quote, its two closing marks side by side
    ('"Из 40 регионов семьи обратились в проект "Найти своих", из 12 - в проект "Вернуть домой"", - отметили там.',
     ['Из 40 регионов семьи обратились в проект "Найти своих", из 12 - в проект "Вернуть домой"']),
    # Ukrainian with curly marks, the same nesting
    ("\u201cДо проєкту \u201cЗнайти своїх\u201d звернулися родини з 40 регіонів за місяць\u201d, - сказано там.",
     ["До проєкту \u201cЗнайти своїх\u201d звернулися родини з 40 регіонів за місяць"]),
    # two quotes side by side are still two
    ('Он сказал "нас никто не кормит" и добавил "мы уйдем без приказа" вчера.',
     ["нас никто не кормит", "мы уйдем без приказа"]),
])
def test_a_quote_holding_a_quote_in_the_same_marks_is_one_quote(text, expected):
    assert [q.text for q in cl.extract_quotes(text, "p")] == expected


@pytest.mark.parametrize("first, second, head, tail", [
    # a quote opened with a nested name in it, closed in the next paragraph (straight and curly)
    ('"Рекордное число заявок пришло в проект "Найти своих" за март.',
     'Это на треть больше, чем в феврале", - сказано в сообщении.',
     'Рекордное число заявок пришло в проект "Найти своих" за март.', "Это на треть больше, чем в феврале"),
    ("\u201cРекордна кількість заявок надійшла до проєкту \u201cЗнайти своїх\u201d за березень.",
     "Це на третину більше, ніж у лютому\u201d, - сказано в повідомленні.",
     "Рекордна кількість заявок надійшла до проєкту \u201cЗнайти своїх\u201d за березень.",
     "Це на третину більше, ніж у лютому"),
    # a guillemet quote whose closing paragraph names a project in guillemets before it closes
    ("Сообщается: «Семьи военных обращаются к нам каждый день",
     "и просят помочь через проект «Найти своих» хоть что-то узнать», – сказано в сообщении.",
     "Семьи военных обращаются к нам каждый день", "и просят помочь через проект «Найти своих» хоть что-то узнать"),
])
def test_a_quote_running_over_two_paragraphs_with_a_quote_nested_in_it_is_found(first, second, head, tail):
    """Set 31's review: a quote opened in one paragraph and closed in the next was not extracted at all
    where a quote in the same marks stood inside it."""
    claims = cl.extract_claims([("p1", first), ("p2", second), ("p3", "Штаб от комментариев отказался.")], "ru")
    assert [(q.paragraph_id, q.text) for q in claims.quotes] == [("p1", head), ("p2", tail)]


def test_a_known_source_is_no_titled_person():
    """"the General Staff" was also cited as an official named "Staff" (set 32)."""
    cited = cl.extract_citations("Ukraine's General Staff said 1,200 Russian soldiers were killed, General Oleksandr Syrskyi added.")
    assert sorted((c.source, c.kind) for c in cited) == [("General Staff of Ukraine's Armed Forces", "official body"),
                                                          ("Oleksandr Syrskyi", "official")]


@pytest.mark.parametrize("a_text, b_text, language", [
    ("При обстреле погибли 500 человек, включая детей.", "При обстреле погибли 700 человек, сообщили власти.", "ru"),
    ("500 personnes ont été tuées dans l'attaque.", "700 personnes sont mortes dans l'attaque.", "fr"),
    ("Sono morte 500 persone nell'attacco.", "Sono morte 700 persone nell'attacco.", "it"),
    ("Beim Angriff starben 500 Menschen.", "Beim Angriff starben 700 Menschen.", "de"),
])
def test_counts_of_the_commonest_nouns_still_disagree(a_text, b_text, language):
    """A reviewer's probe: a generic stop-word list holds "человек", "personnes", "persone", so the count
    named the word after it and 500 dead against 700 dead read as two one-sided figures, not a difference."""
    matches = cl.compare_quantities(cl.extract_quantities(a_text, "a", language),
                                    cl.extract_quantities(b_text, "b", language), [("a", "b")])
    assert [m.status for m in matches] == [cl.DIFFERENT]


@pytest.mark.parametrize("text, cited", [
    ("Об этом заявил министр обороны России Сергей Шойгу на совещании.", ["Сергей Шойгу"]),
    ("Губернатор Белгородской области Вячеслав Гладков сообщил о взрывах.", ["Вячеслав Гладков"]),
    ("Президент Казахстана Касым-Жомарт Токаев подписал указ.", ["Касым-Жомарт Токаев"]),
    ("Командующий Северной группой войск заявил о продвижении.", []),          # a place is no person
    ("Совет обсудил пакет новых мер Евросоюза против России.", []),            # "мер": measures
])
def test_a_cyrillic_title_cites_a_first_name_and_surname_only(text, cited):
    """A reviewer's probes: the genitive after a title ("Белгородской", "Северной", "Евросоюза") was cited
    as an official, and a hyphenated first name was cut ("Касым-")."""
    assert [c.source for c in cl.extract_citations(text) if c.kind == "official"] == cited


def test_a_german_quote_split_across_paragraphs_after_a_closed_one():
    """A reviewer's probe: 'sprach von „Verrat“. Dann sagte er: „Wir ...' read the “ closing „Verrat“ as
    an English quote left open, and the German quote split by the pipeline was lost."""
    first = "Der Kommandeur sprach von „Verrat“. Dann sagte er: „Wir haben die Stellung ohne Befehl verlassen,"
    second = "weil seit zwei Tagen keine Munition mehr kam“, so der Soldat im Telefonat."
    found = cl.spanning_quotes([("p1", first), ("p2", second)])
    assert [q.text for q in found["p1"]] == ["Wir haben die Stellung ohne Befehl verlassen,"]
    assert [q.text for q in found["p2"]] == ["weil seit zwei Tagen keine Munition mehr kam"]


def test_an_idiom_with_na_dumku_is_no_attribution():
    """'Йому спало на думку' (it occurred to him) is no source, as 'на думку експерта' is."""
    assert "according to" not in {h.family for h in cl.extract_hedges("Йому спало на думку, що армія втратила половину складу.")}


def test_chinese_and_japanese_qualifiers_glued_before_a_number():
    """A reviewer's probe: "至少1万人" (at least 10,000) was an exact figure, a false "qualifier differs"
    against the Korean "최소 1만명"."""
    assert [(q.label, q.qualifier) for q in cl.extract_quantities("至少1万人死亡，超过1000人受伤。", "p", "zh")] == [
        (">= 10,000 people", "至少"), ("> 1,000 people", "超过")]
    korean = cl.extract_quantities("최소 1만명이 숨졌다.", "a", "ko")
    assert [m.status for m in cl.compare_quantities(korean, cl.extract_quantities("至少1万人死亡。", "b", "zh"),
                                                    [("a", "b")])] == [cl.SAME]


def test_straight_quoted_and_cjk_quotes_are_found():
    """A set-35 reviewer's probe: an English quote in straight quotes split across two paragraphs was
    found in none (its German, Russian and Ukrainian renderings were, so Compare said "only in B"), and
    every Chinese “...” and Japanese 「...」 quote was one "word", under every bar."""
    english = cl.spanning_quotes([("p1", '"We have photos and videos of the dead. Almost all carry Russian passports.'),
                                  ("p2", 'So that they are not recognised, the Russians burn their faces," he told reporters.')])
    assert [q.text for q in english["p1"]] == ["We have photos and videos of the dead. Almost all carry Russian passports."]
    assert [q.text for q in english["p2"]] == ["So that they are not recognised, the Russians burn their faces,"]
    assert [q.text for q in cl.extract_quotes("他对记者说：“我们有被打死的士兵的照片和视频。”")] == ["我们有被打死的士兵的照片和视频。"]
    assert [q.text for q in cl.extract_quotes("記者団に「死亡した兵士の写真と動画がある」と語った。")] == ["死亡した兵士の写真と動画がある"]
    assert cl.extract_quotes("他说：“好的。”") == []          # two characters: one word, no quote


def test_the_mark_closing_a_spanning_quote_opens_none():
    """Set 31's interfax: the straight quote mark that closed a quote begun in the paragraph before was
    read as opening one, and ', - сказано в сообщении.' became a quote."""
    paragraphs = [("p1", '"Рекордное количество запросов поступило в проект в январе этого года.'),
                  ("p2", 'Такое количество заявок является рекордным", - сказано в сообщении.'),
                  ("p3", "За все время работы в проект поступило более 60 тысяч запросов.")]
    found = cl.spanning_quotes(paragraphs)
    assert sorted(found) == ["p1", "p2"]
    assert [q.text for q in found["p2"]] == ["Такое количество заявок является рекордным"]


def test_russias_general_staff_and_german_titles():
    """A set-35 reviewer: Politico's "General Staff of the Russian Armed Forces" was cited as Ukraine's
    General Staff, and "Präsident Wolodymyr Selenskyj" was no source, so Zelensky read "not cited"."""
    assert [c.source for c in cl.extract_citations("Valery Gerasimov, chief of the General Staff of the Russian "
                                                   "Armed Forces, spoke.") if c.kind == "official body"] == \
        ["General Staff of Russia's Armed Forces"]
    german = cl.extract_citations("Präsident Wolodymyr Selenskyj sagte am Donnerstag, die Zahl sei höher.")
    assert [c.source for c in german] == ["Wolodymyr Selenskyj"]
    assert cl.person_key("Wolodymyr Selenskyj") == cl.person_key("Volodymyr Zelensky") == cl.person_key("Володимир Зеленський")


@pytest.mark.parametrize("text, family", [
    ("이 수치는 독립적으로 확인되지 않았다.", "not independently verified"),
    ("この数字は独自に確認されていない。", "not independently verified"),
    ("这一数字无法得到独立核实。", "not independently verified"),
    ("정보당국에 따르면 병사들이 숨졌다.", "according to"),
    ("Russland soll jedem Soldaten rund 2000 Dollar im Monat gezahlt haben.", "reportedly"),
])
def test_hedges_of_korean_japanese_chinese_and_a_long_german_reportative(text, family):
    """A set-35 reviewer's probe: faithful Korean, Japanese and Chinese translations were flagged as
    dropping "could not be independently verified", and German "soll ... gezahlt haben" as dropping
    "allegedly" (seven words stood between "soll" and its participle)."""
    assert family in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text, language, read", [
    ("По меньшей мере, 3 388 из них погибли.", "ru", (">= 3,388", "по меньшей мере")),     # a comma after it
    ("1만2000명 넘게 파병됐다.", "ko", ("> 12,000 people", "넘게")),                          # after the counter
    ("少なくとも3000人が死亡した。", "ja", (">= 3,000 people", "少なくとも")),
    ("1万2000人を超えて派遣された。", "ja", ("> 12,000 people", "を超えて")),
    ("至少有3000名士兵阵亡。", "zh", (">= 3,000 people", "至少有")),
])
def test_qualifiers_a_set_35_reviewer_found_unread(text, language, read):
    (q,) = [q for q in cl.extract_quantities(text, "p", language) if q.dimension == "count"]
    assert (q.label.split(" погибли")[0], q.qualifier) == read


@pytest.mark.parametrize("first, second, head, tail", [
    # German quotes closed with ” (as many sites type them) and Japanese 『』 across two paragraphs
    ("Der Soldat sagte im Telefonat: „Wir haben die Stellung ohne Befehl verlassen,",
     "weil seit zwei Tagen keine Munition mehr kam”, so der Bericht.",
     "Wir haben die Stellung ohne Befehl verlassen,", "weil seit zwei Tagen keine Munition mehr kam"),
    ("兵士は電話で『命令なしに陣地を離れた。", "二日間弾薬が届かなかったからだ』と語った。",
     "命令なしに陣地を離れた。", "二日間弾薬が届かなかったからだ"),
])
def test_every_paired_quote_mark_spans_paragraphs(first, second, head, tail):
    """Quote marks were listed twice, once for quotes within a paragraph and once for quotes split
    across paragraphs, and the second list lacked 『』 and German „...” (found within a paragraph,
    lost when the pipeline split it)."""
    found = cl.spanning_quotes([("p1", first), ("p2", second)])
    assert [q.text for q in found.get("p1", [])] == [head]
    assert [q.text for q in found.get("p2", [])] == [tail]


@pytest.mark.parametrize("text, hedged", [
    ("Presupusul dezertor a fost reținut la graniță.", True),
    ("Soldații au fost victimele unei pretinse execuții.", True),
    ("Potrivit lui, forțele ruse au presupus că sunt atacate de ucraineni.", False),
    ("Comandantul a pretins că nu a dat niciun ordin.", False),
    ("S-a presupus că soldații au fugit de pe poziții.", True),     # impersonal: it was supposed
])
def test_romanian_alleged_is_the_adjective_not_the_verb(text, hedged):
    """A scripting reviewer (set 34): Adevarul's "au presupus că" (they assumed), a translation of
    Insider's "assumed", was read as "alleged", so Insider was flagged for dropping a hedge it never had."""
    assert ("alleged" in {h.family for h in cl.extract_hedges(text)}) is hedged


@pytest.mark.parametrize("text, labels", [
    ("They built a 5 m wall along the road.", []),                  # metres, not millions
    ("A 1.5 m wide gap opened in the trench.", []),
    ("The deal was worth $5m last year.", ["5,000,000 USD"]),        # glued: millions
    ("The army lost 1.5m men, the report said.", ["1,500,000 men"]),
    ("It cost 20k.", ["20,000"]),
])
def test_a_one_letter_scale_counts_only_glued_to_its_digits(text, labels):
    """A helper's probe: "a 5 m wall" read as 5 million, so a search or Compare row said millions."""
    assert [q.label for q in cl.extract_quantities(text, "p", "en")] == labels


@pytest.mark.parametrize("text, source", [
    ("Минобороны России признало гибель 63 военнослужащих при ударе.", "Russia's Ministry of Defence"),
    ("Russia's Defense Ministry said the strike killed 63 servicemen.", "Russia's Ministry of Defence"),
    ("Про обмін повідомив Координаційний штаб з питань поводження з військовополоненими.",
     "Coordination Headquarters for the Treatment of POWs (Ukraine)"),
    ("Об этом сообщил Координационный штаб по вопросам обращения с военнопленными.",
     "Coordination Headquarters for the Treatment of POWs (Ukraine)"),
    ("Russia's defence ministry said the strike killed 63 servicemen.", "Russia's Ministry of Defence"),
    ("Міноборони України оприлюднило відео з полоненими.", "Ukraine's Ministry of Defence"),
])
def test_ministries_and_the_pow_headquarters_are_cited_sources(text, source):
    """A set-31 reviewer: Compare said "No cited sources" on the Russian ministry's own releases and
    on the Ukrainian POW headquarters' statements, the sources those reports are about."""
    assert source in {c.source for c in cl.extract_citations(text)}


def test_a_bare_ministry_or_headquarters_names_no_country_and_cites_none():
    assert cl.extract_citations("Минобороны сообщило о новых потерях.") == []
    assert cl.extract_citations("Координационный штаб сообщил о гуманитарном коридоре.") == []


@pytest.mark.parametrize("text", ["Утверждается, что погибли 63 человека.", "Стверджується, що загинули 63 особи.",
                                  "Как утверждается, погибли 63 человека."])
def test_the_impersonal_it_is_claimed_is_a_hedge(text):
    assert "reportedly" in {h.family for h in cl.extract_hedges(text)}


@pytest.mark.parametrize("text, hedged", [
    ("The real number of dead is believed to be far higher.", True),
    ("Two of the men are thought to have fled across the border.", True),
    ("The unit was widely believed to have been sent to the assault without training.", True),
    ("The commander is understood to have ordered the shooting.", True),
    ("We believed him when he said the unit was gone.", False),
    ("The soldiers believed in the order they had been given.", False),
])
def test_the_passive_of_belief_is_a_hedge(text, hedged):
    """Set 37: "The real number is believed to be higher." was read as stating the toll unhedged, and
    Compare flagged the report as dropping the other's "suggests"."""
    assert ("reportedly" in {h.family for h in cl.extract_hedges(text)}) is hedged


@pytest.mark.parametrize("text, labels", [
    ("18 февраля 2026, 14:42 — Новости Донбасса", ["18 Feb 2026"]),
    ("At 10:55 the convoy left with 40 trucks.", ["40 trucks"]),
    ("Опубліковано 08:50:12, загинули 12 військових.", ["12 військових"]),
])
def test_a_time_of_day_is_no_figure(text, labels):
    """A reviewer (set 30): a dateline's "14:42" gave the figures 14 and 42, "only in B"."""
    assert [q.label for q in cl.extract_quantities(text, "p", "ru")] == labels


@pytest.mark.parametrize("text, language, labels", [
    ("Бійці 74 мотострілкової бригади здалися в полон.", "uk", []),          # the brigade's name
    ("Бойцы 74 отдельной мотострелковой бригады сдались.", "ru", []),
    ("У 237 гвардейского десантно-штурмового полка большие потери.", "ru", []),
    ("Сформировано 5 мотострелковых бригад.", "ru", ["5 мотострелковых"]),    # a count agrees in the plural
    ("Погибли 74 военнослужащих бригады.", "ru", ["74 военнослужащих"]),
])
def test_a_russian_or_ukrainian_units_number_is_its_name(text, language, labels):
    """A reviewer (set 30): Pravda's "74th Guard Motor Rifle Brigade" is a name, t1.ua's "74
    мотострілкова бригада" was a figure, so Compare said "74 only in B"."""
    assert [q.label for q in cl.extract_quantities(text, "p", language)] == labels


@pytest.mark.parametrize("text, language, figure", [
    ("W batalionie 300 żołnierzy odmówiło walki.", "pl", 300.0),
    ("Im Bataillon 400 Soldaten verweigerten den Befehl.", "de", 400.0),
    ("În brigadă 300 de soldați au fugit.", "ro", 300.0),
    ("They lost 300. Brigade commanders said the rest fled.", "en", 300.0),
])
def test_a_count_after_a_units_word_is_still_a_count(text, language, figure):
    """A reviewer of the unit-name rule: a count following a unit's word ("in the battalion 300
    soldiers") vanished from Compare, read as the unit's name."""
    assert figure in {q.low for q in cl.extract_quantities(text, "p", language)}


@pytest.mark.parametrize("text, language", [
    ("It was minus 20 °C at night.", "en"),
    ("Ночью было минус 20 градусов Цельсия.", "ru"),
])
def test_minus_written_as_a_word_keeps_the_sign(text, language):
    """A reviewer of the diff: "minus 20 °C" read as +20 °C, a false difference against "-20 °C"."""
    words = cl.extract_quantities(text, "a", language)
    assert [q.label for q in words] == ["-20 °C"]
    sign = cl.extract_quantities("It was -20 °C at night.", "b", "en")
    assert [m.status for m in cl.compare_quantities(words, sign, [("a", "b")])] == [cl.SAME]
    assert [q.label for q in cl.extract_quantities("Only minus 20 soldiers were left.", "p", "en")] == ["20 soldiers"]


@pytest.mark.parametrize("text, language, label", [
    ("Treizeci și patru de persoane au fost ucise.", "ro", "34 persoane"),      # not 30 and 4
    ("Treizeci şi patru de persoane au fost ucise.", "ro", "34 persoane"),      # "şi" with a cedilla
    ("Istuimme juoksuhaudassa neljätoista päivää.", "fi", "14 days"),
    ("Kaatui kolmekymmentäneljä sotilasta.", "fi", "34 sotilasta"),             # glued, as Finnish writes it
    ("Погибли тридцать четыре человека.", "ru", "34 человека"),
    ("Murieron treinta y cuatro soldados.", "es", "34 soldados"),
    ("Ils étaient trente-quatre soldats.", "fr", "34 soldats"),
    ("Am stat 14 zile în tranșee.", "ro", "14 days"),
    # "one" as the units only after a tens word (a review: "douăzeci și unu" read as 20)
    ("Au murit douăzeci și unu de soldați.", "ro", "21 soldați"),
    ("Погибли двадцать один военный.", "ru", "21 военный"),
    ("Murieron treinta y un soldados.", "es", "31 soldados"),
    ("Kaatui kaksikymmentäyksi sotilasta.", "fi", "21 sotilasta"),
])
def test_tens_and_units_in_words_are_one_number(text, language, label):
    assert [q.label for q in cl.extract_quantities(text, "p", language)] == [label]


@pytest.mark.parametrize("text, language", [("Un soldat a fugit de pe front.", "ro"), ("Один из них сбежал.", "ru"),
                                            ("Murió un soldado.", "es")])
def test_one_alone_is_an_article_or_a_pronoun_not_a_figure(text, language):
    assert cl.extract_quantities(text, "p", language) == []


def test_a_finnish_count_in_words_is_the_other_reports_figure():
    (match,) = cl.compare_quantities(cl.extract_quantities("Olimme tulen alla neljätoista päivää.", "a", "fi"),
                                     cl.extract_quantities("Am fost sub foc 14 zile.", "b", "ro"), [("a", "b")])
    assert match.status == cl.SAME


@pytest.mark.parametrize("text, said", [
    # Finnish prints direct speech after a dash, the speaker after a comma
    ("– Istuimme juoksuhaudassa kolme päivää ilman ruokaa, hän kertoi.", ["Istuimme juoksuhaudassa kolme päivää ilman ruokaa"]),
    ("– Meitä käskettiin hyökkäämään uudelleen joka aamu.", ["Meitä käskettiin hyökkäämään uudelleen joka aamu."]),
    # Russian: the attribution between dashes, the speech going on after it
    ("— Мы сидели в окопе три дня без еды, — рассказал он. — Потом нас снова отправили на позиции.",
     ["Мы сидели в окопе три дня без еды", "Потом нас снова отправили на позиции."]),
])
def test_speech_after_a_dash_is_a_quote(text, said):
    claims = cl.extract_claims([("p", text)], "fi")
    assert [q.text for q in claims.quotes] == said
    assert all(text[q.start:q.end] == q.text for q in claims.quotes)


@pytest.mark.parametrize("language", ["en", "de", None])
def test_a_list_item_opening_with_a_dash_is_no_speech_where_the_language_prints_none(language):
    """A reviewer of the diff: an English or German list item "– ..." was read as a quote in Compare."""
    item = "– Troops withdrew from the two villages north of the river on Tuesday."
    assert cl.extract_claims([("p", item)], language).quotes == []
    assert [q.text for q in cl.extract_claims([("p", "– Vetäydyimme kahdesta kylästä joen pohjoispuolelta tiistaina.")],
                                              "fi").quotes] == ["Vetäydyimme kahdesta kylästä joen pohjoispuolelta tiistaina."]


def test_a_dash_inside_a_paragraph_opens_no_speech():
    assert cl.extract_claims([("p", "Sotilaat – noin kolmekymmentä miestä – palasivat kylään illalla.")], "fi").quotes == []


# --- a report's original source ------------------------------------------------------------------

@pytest.mark.parametrize("text, source", [
    # the Telegraph's wording of the MoD's daily update, which Compare listed as no source at all
    ("According to British intelligence, the commanders probably posted units behind the line.",
     "UK Ministry of Defence"),
    ("Britain's defence ministry said on Sunday that discipline kept slipping.", "UK Ministry of Defence"),
    ("Британская разведка сообщила о новых потерях.", "UK Ministry of Defence"),
    # one outlet cited in Bulgarian and in Romanian (the Frolov story found no common source)
    ("Според руския вестник „Комерсант“ десетки войници са се простреляли.", "Kommersant"),
    ("Ofițerul a fost arestat în luna iunie, potrivit Kommersant.", "Kommersant"),
])
def test_real_wordings_of_a_cited_source_are_recognised(text, source):
    assert source in {c.source for c in cl.extract_citations(text)}
    assert cl.cited_origin([text])[0] == source


@pytest.mark.parametrize("text, origin", [
    ("Two officers were detained, citing Kommersant, the agency wrote.", "Kommersant"),
    ("Про це повідомляє РБК-Україна з посиланням на Yonhap.", "Yonhap"),            # who the relay cites
    ("Dozens fled the unit, according to the newspaper Vedomosti.", "Vedomosti"),    # an outlet word names one
    ("Die Soldaten seien geflohen, berichtet die Wochenzeitung „Serkalo Nedeli“.", "Serkalo Nedeli"),
    ("Об этом сообщает газета «Вечерняя Казань».", "Вечерняя Казань"),
    ("Sotilaat pakenivat, Kommersant kertoo.", "Kommersant"),
    ("HUR:n mukaan sotilaat pakenivat rintamalta.", "HUR (Ukraine's military intelligence)"),
    ("Zwei Männer wurden festgenommen, meldete die Nachrichtenagentur Interfax unter Berufung auf Retter.",
     "Interfax"),
    ("The SBU detained two men, the Telegram channel ASTRA reported.", "ASTRA"),   # not Telegram, the platform
])
def test_the_original_source_is_the_one_the_report_attributes_to(text, origin):
    assert cl.cited_origin([text])[0] == origin


@pytest.mark.parametrize("text", [
    "According to Ivanov, the unit fled the village.",                 # a person is no outlet
    "The militia said on its Telegram channel on March 16 that 25 men surrendered.",
    "Kommersant was founded in 1909 and is owned by a metals tycoon.",  # named, not cited
    "Mediazona has counted the dead since the first week.",
])
def test_a_name_not_cited_as_a_source_is_no_origin(text):
    assert cl.cited_origin([text]) is None


def test_a_report_citing_its_own_outlet_has_no_origin_from_it():
    """A site signing its report ("Wie Ukrinform berichtet" on ukrinform.de) cites itself: the
    source it names after that is the origin."""
    texts = ["Wie Ukrinform berichtet, meldet dies der Telegram-Kanal Atesh.", "Ukrinform berichtet weiter."]
    assert cl.cited_origin(texts, own=("ukrinform.de", "ukrinform"))[0] == "Atesh"
    assert cl.cited_origin(["Das meldet Ukrinform."], own=("Ukrinform",)) is None


def test_the_source_cited_most_often_is_the_origin():
    texts = ["Kommersant reported that 35 men took part.", "The court, Mediazona reported, met in June.",
             "The scheme paid each man 3 million roubles, Kommersant wrote."]
    assert cl.cited_origin(texts) == ("Kommersant", "outlet")


def test_who_quotes_a_source_relays_it_and_is_not_its_origin():
    """A Romanian re-report of the Frolov story: an investigation "published by Kommersant and quoted
    by Mediafax" is Kommersant's; "quoted by" names the relay."""
    texts = ["Potrivit unei anchete publicate de Kommersant și citate de Mediafax, ofițerul a pus la punct o schemă."]
    assert cl.cited_origin(texts)[0] == "Kommersant"
    assert cl.cited_origin(["Ofițerul a fost arestat, potrivit Kommersant, citat de Mediafax."])[0] == "Kommersant"


def test_a_long_unpunctuated_page_is_read_in_time(monkeypatch):
    """Each named source tries only the attributions next to it (review s32: every cue of the page
    was tried for every name, 131 s on 15k characters of a page without punctuation). Counted in
    gap readings, not seconds: the count grows with the names, not with names times cues."""
    read = []
    gap_words = cl._gap_words
    monkeypatch.setattr(cl, "_gap_words", lambda gap, most: read.append(gap) or gap_words(gap, most))
    names = 300
    text = "the newspaper Zorya " * names + "and then " * 10 + "wrote " * names + "the newspaper Vidlik wrote"
    assert cl.attributed_sources(text) == [("Vidlik", "outlet")]      # the names too far from "wrote" cite nothing
    assert len(read) < 3 * (names + 1)
    assert cl.attributed_sources("Soldiers fled, the newspaper Vidlik wrote. The newspaper Zorya said so, "
                                 "according to the newspaper Vidlik.") == [("Vidlik", "outlet"), ("Vidlik", "outlet")]


def test_a_body_presenting_the_quotes_is_the_origin():
    """vchaspik.ua (set 27) signs "повідомляє Час Пік", its own name; the quotes are the Center for
    Strategic Communications' ("... наводить головні цитати")."""
    texts = ["Полонені дали пресконференцію, повідомляє Час Пік.",
             "Центр стратегічних комунікацій та інформаційної безпеки наводить головні цитати з їхніх слів:"]
    assert cl.cited_origin(texts, own=("Час Пік",))[0] == "Center for Strategic Communications (Ukraine)"


# A Dutch report against its English re-report (the shape of a review's NRC / Telegraph pair, own words)
_NL_REPORT = [("a1", "Jonge mannen van 19 tot 26 jaar die de dienst weigeren mogen voorlopig blijven. De dienst "
                     "beslist de komende vier maanden niet over hun aanvragen."),
              ("a2", "Het gaat om 19 tot 26-jarigen, zei de staatssecretaris.")]
_EN_REPORT = [("b1", "Decisions on the applications of men aged 19 to 26 years are paused for the next four months.")]


def test_a_dutch_range_of_years_and_months_in_words_are_the_english_figures():
    """"19 tot 26 jaar" and "vier maanden" are the English "19 to 26 years" and "four months": both the
    same, none only in one article, and the Dutch range said twice is listed once."""
    a = [q for pid, text in _NL_REPORT for q in cl.extract_quantities(text, pid, "nl")]
    b = [q for pid, text in _EN_REPORT for q in cl.extract_quantities(text, pid, "en")]
    matches = cl.compare_quantities(a, b, [("a1", "b1")])
    assert sorted((m.status, m.a.label) for m in matches) == [(cl.SAME, "19-26 years"), (cl.SAME, "4 months")]


@pytest.mark.parametrize("text, language", [
    ("mannen van 19 tot 26 jaar", "nl"),
    ("mannen tussen 19 en 26 jaar", "nl"),
    ("bărbați între 19 și 26 de ani", "ro"),
    ("barbati intre 19 si 26 de ani", "ro"),
    ("men from 19 to 26 years", "en"),
    ("мужчины от 19 до 26 лет", "ru"),
])
def test_a_range_before_a_unit_is_one_range_of_that_unit(text, language):
    assert [(q.dimension, q.low, q.high, q.unit) for q in cl.extract_quantities(text, "p", language)] == \
        [("duration", 19.0, 26.0, "years")]


def test_a_figure_said_twice_in_one_article_only_is_listed_once():
    a = cl.extract_quantities("They waited 11 days. After 11 days the order came.", "a", "en")
    b = cl.extract_quantities("The order came.", "b", "en")
    assert [(m.status, m.a.label) for m in cl.compare_quantities(a, b, [("a", "b")])] == [(cl.ONLY_A, "11 days")]


def test_two_counts_of_one_number_but_different_things_are_both_listed():
    a = cl.extract_quantities("3 soldiers fled. 3 tanks were lost.", "a", "en")
    b = cl.extract_quantities("3 soldiers fled.", "b", "en")
    assert sorted(m.status for m in cl.compare_quantities(a, b, [("a", "b")])) == [cl.ONLY_A, cl.SAME]


def test_an_age_in_years_and_a_period_in_months_do_not_disagree():
    """Aligned paragraphs, one giving the conscripts' ages, the other when a minister spoke: two facts,
    not one figure the reports disagree on."""
    a = cl.extract_quantities("Dienstplichtigen in de leeftijd van 19 tot 26 jaar mogen voorlopig blijven.", "a", "nl")
    b = cl.extract_quantities("Vier maanden geleden zei de minister dat dienstplichtigen mogen blijven.", "b", "nl")
    assert sorted(m.status for m in cl.compare_quantities(a, b, [("a", "b")])) == [cl.ONLY_A, cl.ONLY_B]
    # the same unit still disagrees
    c = cl.extract_quantities("Conscripts aged 19 to 30 years may stay.", "c", "en")
    assert [m.status for m in cl.compare_quantities(a, c, [("a", "c")])] == [cl.DIFFERENT]


@pytest.mark.parametrize("a_text, a_language, b_text, b_language", [
    ("Drie maanden geleden zei de minister het al.", "nl", "The minister said so three months ago.", "en"),
    ("Acum 5 ani a spus-o ministrul.", "ro", "The minister said so 5 years ago.", "en"),
])
def test_a_time_back_is_one_in_any_language_and_no_period(a_text, a_language, b_text, b_language):
    a = cl.extract_quantities(a_text, "a", a_language)
    assert [m.status for m in cl.compare_quantities(a, cl.extract_quantities(b_text, "b", b_language), [("a", "b")])] == [cl.SAME]
    assert a[0].label.endswith(" ago")
    # "for four months" is a period, not the same kind of figure: no disagreement with "three months ago"
    period = cl.extract_quantities("The moratorium holds for four months.", "c", "en")
    assert sorted(m.status for m in cl.compare_quantities(a, period, [("a", "c")])) == [cl.ONLY_A, cl.ONLY_B]


@pytest.mark.parametrize("b_text, status", [
    ("He served for 18 months before he deserted.", cl.DIFFERENT),
    ("He served for 24 months before he deserted.", cl.SAME),
])
def test_periods_in_two_units_compare(b_text, status):
    """"2 years" and "18 months" of one man's service, in aligned paragraphs, are one figure the reports
    disagree on, not two figures each only in one report."""
    a = cl.extract_quantities("He served for 2 years before he deserted.", "a", "en")
    b = cl.extract_quantities(b_text, "b", "en")
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [status]


@pytest.mark.parametrize("age_text, language", [
    ("A 20-year-old conscript deserted.", "en"),
    ("The conscript, 20 years old, deserted.", "en"),
    ("Een 20-jarige dienstplichtige deserteerde.", "nl"),
    ("Un recrut în vârstă de 20 de ani a dezertat.", "ro"),
    ("Призывник в возрасте 20 лет дезертировал.", "ru"),
])
def test_an_age_is_no_period_of_another_unit(age_text, language):
    """A deserter's age against how long he served (aligned): two facts, not a disagreement; the age
    says so ("20 years old")."""
    age = cl.extract_quantities(age_text, "a", language)
    period = cl.extract_quantities("He had served for 18 months.", "b", "en")
    assert [q.label for q in age] == ["20 years old"]
    assert sorted(m.status for m in cl.compare_quantities(age, period, [("a", "b")])) == [cl.ONLY_A, cl.ONLY_B]
    # two ages still disagree, and an age a report does not mark as one still equals it
    other = cl.extract_quantities("The deserter was aged 26 years.", "c", "en")
    assert [m.status for m in cl.compare_quantities(age, other, [("a", "c")])] == [cl.DIFFERENT]
    unsaid = cl.extract_quantities("De deserteur van 20 jaar vluchtte.", "d", "nl")
    assert [m.status for m in cl.compare_quantities(age, unsaid, [("a", "d")])] == [cl.SAME]


def _days(iso: str) -> tuple[int, int]:
    day = date.fromisoformat(iso).toordinal()
    return day, day


@pytest.mark.parametrize("a_day, b_day, status", [
    # re-reported seven weeks later: both point to early October
    ("2026-01-10", "2026-03-01", cl.SAME),
    # the same day: two months apart, a disagreement
    ("2026-01-10", "2026-01-10", cl.DIFFERENT),
])
def test_a_time_back_is_counted_from_each_reports_day(a_day, b_day, status):
    a = cl.extract_quantities("He deserted 3 months ago, his mother said.", "a", "en")
    b = cl.extract_quantities("He deserted 5 months ago, his mother said.", "b", "en")
    (match,) = cl.compare_quantities(a, b, [("a", "b")], published=(_days(a_day), _days(b_day)))
    assert match.status == status and "counted back from each report's date" in match.note


@pytest.mark.parametrize("published", [(None, None), (_days("2026-01-10"), None), (None, _days("2026-01-10"))])
def test_a_time_back_of_an_undated_report_never_disagrees(published):
    """Undated, "3 months ago" may be any day: another report's "5 months ago" is no sure difference."""
    a = cl.extract_quantities("He deserted 3 months ago, his mother said.", "a", "en")
    b = cl.extract_quantities("He deserted 5 months ago, his mother said.", "b", "en")
    assert sorted(m.status for m in cl.compare_quantities(a, b, [("a", "b")], published=published)) == [cl.ONLY_A, cl.ONLY_B]
    # the same words still agree, and a repeat is listed once
    again = cl.extract_quantities("He deserted 3 months ago. 3 months ago, his mother said, he called.", "c", "en")
    assert [m.status for m in cl.compare_quantities(a, again, [("a", "c")], published=published)] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Männer von 18 bis 27 Jahre werden nun einberufen.", "de"),
    ("Männer zwischen 18 und 27 Jahren werden nun einberufen.", "de"),
    ("Les hommes de 18 à 27 ans sont désormais appelés.", "fr"),
    ("Mężczyźni od 18 do 27 lat są teraz powoływani.", "pl"),
    ("Los hombres de 18 a 27 años son ahora llamados.", "es"),
    ("Gli uomini dai 18 ai 27 anni sono ora chiamati.", "it"),
    ("Чоловіки від 18 до 27 років тепер призиваються.", "uk"),
    ("Мужчины от 18 до 27 лет теперь призываются.", "ru"),
])
def test_a_range_of_years_reads_alike_in_every_language(text, language):
    """"18 bis 27 Jahre" is one range of years, as the English "18 to 27 years" is: the two reports state the
    same figure (it read as a count of "Jahre" in German, French, Polish, Spanish and Italian), listed once."""
    english = cl.extract_quantities("Men aged 18 to 27 years are now called up.", "a", "en")
    other = cl.extract_quantities(text, "b", language)
    assert [q.label.replace(" old", "") for q in other] == ["18-27 years"]
    assert [m.status for m in cl.compare_quantities(english, other, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Ein 27-jähriger Soldat ist desertiert.", "de"),
    ("Der Soldat, 27 Jahre alt, ist desertiert.", "de"),
    ("Ein 27 Jahre alter Soldat ist desertiert.", "de"),
    ("27-летний солдат дезертировал.", "ru"),
    ("27-річний солдат дезертирував.", "uk"),
    ("27-letni żołnierz zdezerterował.", "pl"),
    ("Un soldat de 27 ans a déserté.", "fr"),
    ("Un soldado de 27 años desertó.", "es"),
    ("Un soldato di 27 anni ha disertato.", "it"),
    ("Um soldado de 27 anos desertou.", "pt"),
])
def test_an_age_written_as_its_language_writes_it_is_an_age(text, language):
    """"ein 27-jähriger Soldat" against "a 27-year-old soldier": the same age (it read as a count of
    "jähriger"), and an age, so the period another report gives is no disagreement with it."""
    english = cl.extract_quantities("A 27-year-old soldier has deserted.", "a", "en")
    other = cl.extract_quantities(text, "b", language)
    assert [q.label for q in other] == ["27 years old"]
    assert [m.status for m in cl.compare_quantities(english, other, [("a", "b")])] == [cl.SAME]
    period = cl.extract_quantities("He had served for 2 years.", "c", "en")
    assert sorted(m.status for m in cl.compare_quantities(other, period, [("b", "c")])) == [cl.ONLY_A, cl.ONLY_B]


@pytest.mark.parametrize("text, language", [
    ("Ivan Petrov, 41 ans, a refusé de retourner au front.", "fr"),
    ("Ivan Petrov, de 41 años, se negó a volver al frente.", "es"),
    ("Ivan Petrov, de 41 anos, recusou-se a voltar à frente.", "pt"),
    ("Ivan Petrov, 41 anni, ha rifiutato di tornare al fronte.", "it"),
    ("Ivan Petrov, 41 de ani, a refuzat să se întoarcă pe front.", "ro"),
    ("Le soldat a dit non, explique sa femme Olga Petrova, 41 ans.", "fr"),
    ("Entrevistamos a Petrov, de 41 años, en Kiev.", "es"),
    ("La mère de Petrov, 41 ans, a parlé.", "fr"),
    # after a preposition of source or purpose, a comma after the unit: the witness's age (review 34b, item 1)
    ("Pour Petrov, 41 ans, la guerre est finie.", "fr"),
    ("Selon Petrov, 41 ans, son unité a fui.", "fr"),
    ("Según Petrov, de 41 años, su unidad huyó.", "es"),
    ("Para Petrov, de 41 años, la guerra terminó.", "es"),
    ("Segundo Petrov, de 41 anos, a unidade fugiu.", "pt"),
    ("Per Petrov, 41 anni, la guerra è finita.", "it"),
    ("Pentru Petrov, 41 de ani, războiul s-a terminat.", "ro"),
    # Italian "a", French "à" after a word bring in the person spoken to, no place (session 35)
    ("Ha detto a Petrov, 41 anni, di tornare al fronte.", "it"),
    ("Il comandante ha scritto a Petrov, 41 anni, una lettera.", "it"),
    ("Le commandant a écrit à Petrov, 41 ans, une lettre.", "fr"),
    ("Il a dit à Petrov, 41 ans, de rentrer.", "fr"),
    ("Il comandante disse a Petrov, 41 anni, di restare.", "it"),
    # ...a short adverb between (session 35's second review), a verb that is also a noun after its auxiliary
    ("Ha detto ieri a Petrov, 41 anni, di tornare al fronte.", "it"),
    ("Il comandante ha spiegato personalmente a Petrov, 41 anni, la missione.", "it"),
    ("Il a dit hier à Petrov, 41 ans, de rentrer.", "fr"),
    ("Le commandant a écrit personnellement à Petrov, 41 ans, une lettre.", "fr"),
    ("Il comandante ha dato a Petrov, 41 anni, un fucile.", "it"),
    ("Il a demandé hier à Petrov, 41 ans, de rester.", "fr"),
    # ...a verb that is also a noun after a subject pronoun or an auxiliary, as its verb (session 36)
    ("Il demande à Petrov, 41 ans, de rester.", "fr"),
    ("Elle offre aussi à Petrov, 41 ans, un abri.", "fr"),
    ("On demande à Petrov, 41 ans, de rester.", "fr"),
    ("J'offre à Petrov, 41 ans, un abri.", "fr"),
    ("Il comandante aveva mandato a Petrov, 41 anni, una lettera.", "it"),
    ("I soldati avevano dato a Petrov, 41 anni, un fucile.", "it"),
])
def test_a_number_of_years_set_apart_after_a_name_is_the_age(text, language):
    """"Ivan Petrov, 41 ans, a refusé": his age, which another report gives as "Ivan Petrov, 41," (it read a period
    of 41 years, so each figure stood in one report only)."""
    other = cl.extract_quantities(text, "a", language)
    assert [q.label for q in other] == ["41 years old"]
    english = cl.extract_quantities("Ivan Petrov, 41, refused to return to the front.", "b", "en")
    assert [m.status for m in cl.compare_quantities(other, english, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("En Ukraine, 3 ans de guerre ont changé l'armée.", "fr"),
    ("En Ukraine, 3 ans après, rien n'a changé.", "fr"),
    ("Para Moscú, 3 años es poco.", "es"),
    ("Selon Moscou, 3 ans suffisent.", "fr"),
])
def test_a_number_of_years_after_a_comma_that_goes_on_is_no_age(text, language):
    """After a comma but going on ("3 ans de guerre", "3 ans après"), a number of years is a period."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == ["3 years"]


@pytest.mark.parametrize("text, language", [
    ("En Crimée, 3 ans.", "fr"),
    ("À Kherson, 3 ans. Rien n'a changé.", "fr"),
    ("Guerre en Ukraine, 3 ans : le bilan.", "fr"),
    ("Según Moscú, 3 años.", "es"),
    ("Em Kherson, 3 anos.", "pt"),
    ("A Kharkiv, 3 anni, niente è cambiato.", "it"),
    ("Poi, a Kharkiv, 3 anni.", "it"),
    ("À Kherson, 3 ans, rien n'a changé.", "fr"),
    ("În Crimeea, 3 ani.", "ro"),
    ("Selon Moscou, 3 ans.", "fr"),
    ("Per Mosca, 3 anni: non di più.", "it"),
    ("Potrivit Moscovei, 3 ani.", "ro"),
    # Italian "a", French "à" bring in a person only after a verb of saying, writing or giving (session 35's review)
    ("Dopo la guerra a Kharkiv, 3 anni, niente.", "it"),
    ("È tornato a Kharkiv, 3 anni, poi è ripartito.", "it"),
    ("Il vit à Paris, 3 ans, puis il est parti.", "fr"),
    # ...nor after a noun a listed verb is spelt as, nor past another word than a short adverb (its second review)
    ("Dopo il mandato a Kharkiv, 3 anni, niente.", "it"),
    ("Il dato a Kharkiv, 3 anni, è chiaro.", "it"),
    ("La demande à Paris, 3 ans, reste sans réponse.", "fr"),
    ("L'offre à Paris, 3 ans, reste valable.", "fr"),
    ("Ha inviato truppe a Kharkiv, 3 anni, poi le ha ritirate.", "it"),
    ("Ha detto la guerra a Kharkiv, 3 anni, niente.", "it"),
    # ...and such a noun after a determiner or a preposition, or another verb after a subject pronoun (session 36)
    ("Sa demande à Paris, 3 ans, reste sans réponse.", "fr"),
    ("Une offre à Kyiv, 3 ans, reste valable.", "fr"),
    ("Il vit à Kyiv, 3 ans, puis il est parti.", "fr"),
    ("Il a vécu à Kyiv, 3 ans, puis il est parti.", "fr"),
    ("Il mandato a Kharkiv, 3 anni, è finito.", "it"),
])
def test_a_number_of_years_set_apart_after_a_place_is_no_age(text, language):
    """"En Crimée, 3 ans.", "Según Moscú, 3 años.": a capitalised word after a preposition of place or source is a
    place or a source, no person whose age follows (it read "3 years old", which another report's "3 years" of war
    could never match): a period."""
    assert [(q.label, q.dimension) for q in cl.extract_quantities(text, "a", language)] == [("3 years", "duration")]


@pytest.mark.parametrize("text, language", [
    ("Il a été condamné à une peine de 10 ans.", "fr"),
    ("Il a été condamné à 10 ans de prison.", "fr"),
    ("Fue condenado a una pena de 10 años de cárcel.", "es"),
    ("È stato condannato a 10 anni di carcere.", "it"),
    ("A luptat timp de 10 ani.", "ro"),
    ("Er diente 10 Jahre in der Armee.", "de"),
])
def test_a_period_after_de_is_no_age(text, language):
    """A prison term or a time served is a period: it still disagrees with another report's period."""
    (q,) = cl.extract_quantities(text, "a", language)
    assert q.label == "10 years"
    other = cl.extract_quantities("He was sentenced to 12 years.", "b", "en")
    assert [m.status for m in cl.compare_quantities([q], other, [("a", "b")])] == [cl.DIFFERENT]


@pytest.mark.parametrize("text, language", [
    ("Суд приговорил его к 8-летнему сроку заключения.", "ru"),
    ("Er wurde zu einer 8-jährigen Haftstrafe verurteilt.", "de"),
    ("Sąd wydał 8-letni wyrok więzienia.", "pl"),
    ("Суд призначив йому 8-річне ув'язнення.", "uk"),
])
def test_an_age_s_adjective_before_a_prison_term_is_the_term(text, language):
    """"к 8-летнему сроку", "zu einer 8-jährigen Haftstrafe": a prison term of 8 years, no age, so another report's
    "10 years" disagrees with it and its "8 years" is the same."""
    (q,) = cl.extract_quantities(text, "a", language)
    assert q.label == "8 years"
    ten = cl.extract_quantities("He was sentenced to 10 years in prison.", "b", "en")
    assert [m.status for m in cl.compare_quantities([q], ten, [("a", "b")])] == [cl.DIFFERENT]


@pytest.mark.parametrize("text, language", [
    ("За 3 летних месяца дезертировали 500 солдат.", "ru"),
    ("Przez 3 letnie miesiące zdezerterowało 500 żołnierzy.", "pl"),
])
def test_summer_after_a_number_is_no_age(text, language):
    """"3 летних месяца" are three summer months ("летний", Polish "letni": summer): no age of 3; an age's word is
    glued to its number ("27-летний")."""
    assert all(q.dimension != cl.AGE for q in cl.extract_quantities(text, "a", language))


@pytest.mark.parametrize("text, language", [
    ("Це сталося 5 днів тому.", "uk"),
    ("Это случилось 5 дней назад.", "ru"),
    ("Это случилось 5 дней тому назад.", "ru"),
    ("Das geschah vor 5 Tagen.", "de"),
    ("Cela s'est passé il y a 5 jours.", "fr"),
    ("Ocurrió hace 5 días.", "es"),
    ("È successo 5 giorni fa.", "it"),
])
def test_days_ago_in_other_languages_are_a_time_back(text, language):
    """"5 днів тому" is the English "5 days ago" (it read as a count of "днів")."""
    english = cl.extract_quantities("It happened 5 days ago.", "a", "en")
    other = cl.extract_quantities(text, "b", language)
    assert [q.label for q in other] == ["5 days ago"]
    assert [m.status for m in cl.compare_quantities(english, other, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language, labels", [
    ("Он сбежал из части 4 года назад.", "ru", ["4 years ago"]),
    ("Он сбежал из части 4 года назад.", None, ["4 years ago"]),
    ("Он сбежал из части 2 года тому назад.", "ru", ["2 years ago"]),
    ("Он служил 3 года в штурмовом отряде.", "ru", ["3 years"]),
    ("Генерала приговорили к 5 годам колонии, его сослуживцу дали 4 года.", "ru", ["5 years", "4 years"]),
    ("Он служил 1 год и 21 год прожил в Омске.", "ru", ["1 years", "21 years"]),
    # ...a year before "года" is still the year
    ("Это случилось 24 февраля 2022 года.", "ru", ["24 Feb 2022"]),
    ("После 2022 года он не служил.", "ru", ["2022"]),
    ("С 2014 года он служит в армии.", "ru", ["2014"]),
    ("Зимой 1812 года армия отступила.", "ru", []),
])
def test_russian_goda_after_a_number_is_years(text, language, labels):
    """Russian counts 1, 2, 3 and 4 years in "год" and "года", also the words of a year ("2022 года"): after a number
    that is no year they are years, as "годам" is ("4 года назад" is "4 years ago", "к 5 годам колонии" 5 years; each
    read as a count of "года" or "годам", which no other report's "4 years ago" or "5 years" could match)."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == labels


@pytest.mark.parametrize("text, language, labels", [
    ("В 1990 годах он служил в Германии.", "ru", []),
    ("В 1990 годах он служил в Германии.", None, []),
    ("В 90 годах он служил в Германии.", "ru", []),
    ("В 20 годах XX века полк стоял в Омске.", "ru", []),
    ("В 80-90 годах полк стоял в Омске.", "ru", []),
    # ...a decade only after "в" and a round number: "о 5 годах колонии" is about 5 years of it (session 35's second
    # review)
    ("Речь шла о 5 годах колонии строгого режима.", "ru", ["5 years"]),
    ("Речь шла о 5 годах колонии строгого режима.", None, ["5 years"]),
    ("Суд говорил о 8 годах лишения свободы.", "ru", ["8 years"]),
    ("Речь шла о 10 годах колонии.", "ru", ["10 years"]),
    ("Речь шла о 20 годах колонии.", "ru", ["20 years"]),
    ("Речь шла о 5-7 годах колонии.", "ru", ["5-7 years"]),
    ("The monastery has a 1000 year history.", "en", ["1,000 years"]),
    ("The monastery has a 1000 year history.", None, ["1,000 years"]),
    ("Йому дали 1000 рік.", "uk", ["1,000 years"]),
    ("Йому дали 1000 рік.", None, ["1,000 years"]),
    ("Монастирю 1001 рік.", "uk", ["1,001 years"]),
])
def test_years_after_a_decade_or_four_digits(text, language, labels):
    """"в 90 годах", "в 1990 годах" are the 90s, a decade: no figure (they read 90 and 1,990 years), but not "о 5
    годах колонии" (5 years of it); four digits are a year only before Russian "год", "года" ("зимой 1812 года"), not
    before English "year" or Ukrainian "рік": "a 1000 year history" is a period of 1,000 years (session 35's review)."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == labels


def test_russian_years_ago_in_goda_is_the_english_years_ago():
    russian = cl.extract_quantities("Он сбежал из части 4 года назад.", "a", "ru")
    english = cl.extract_quantities("He fled his unit 4 years ago.", "b", "en")
    assert [m.status for m in cl.compare_quantities(russian, english, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("Lleva preso desde hace 3 años.", "es"),
    ("Hace 3 años que está preso.", "es"),
    ("Há 3 anos que está preso.", "pt"),
    ("Il y a 3 ans qu'il est en prison.", "fr"),
    ("Ei vor 3 ani de pace.", "ro"),
])
def test_an_ago_word_that_says_for_or_belongs_to_another_language_makes_a_period(text, language):
    """"desde hace 3 años", "hace 3 años que", "há 3 anos que" are "for 3 years", and the German "vor" read in a
    Romanian text ("vor": will, want) is no "ago": each a period of 3 years, the one another report's "jailed for
    3 years" gives."""
    other = cl.extract_quantities(text, "a", language)
    assert [q.label for q in other] == ["3 years"]
    english = cl.extract_quantities("He has been jailed for 3 years.", "b", "en")
    assert [m.status for m in cl.compare_quantities(other, english, [("a", "b")])] == [cl.SAME]


def test_italian_fa_parte_after_an_age_is_no_time_back():
    """"Un soldato di 20 anni fa parte dell'unità" (is part of the unit): an age of 20, not "20 years ago"."""
    other = cl.extract_quantities("Un soldato di 20 anni fa parte dell'unità.", "a", "it")
    english = cl.extract_quantities("A 20-year-old soldier is part of the unit.", "b", "en")
    assert [m.status for m in cl.compare_quantities(other, english, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language, labels", [
    ("Vojáci ve věku 18 a 27 let dezertovali.", "cs", ["18 let", "27 let"]),
    ("Zahynuli 3 a 5 vojakov bolo zranených.", "sk", ["3 vojakov", "5 vojakov"]),
    ("Uomini da 5 a 15 anni di servizio.", "it", ["5-15 years"]),
])
def test_a_as_a_range_word_only_where_the_language_reads_it_so(text, language, labels):
    """Czech and Slovak "a" is "and": "18 a 27" are two figures, not the range "18 to 27" another report gives;
    Italian (and Spanish, Portuguese) "da 5 a 15" is one."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == labels


@pytest.mark.parametrize("text, language", [
    ("Він воював 5 років тому що мусив.", "uk"),
    ("Він воював 5 років. Тому він утік.", "uk"),
    ("Він воював 5 років, тому він утік.", "uk"),
    ("Він воював 5 років у тому числі на фронті.", "uk"),
])
def test_tomu_as_because_or_therefore_makes_no_time_back(text, language):
    """Ukrainian "тому" is also "therefore", and "тому що" "because": right after a period it is "ago" unless
    "що" or "числі" follow ("воював 5 років тому що мусив" is the 5 years he fought, not 5 years ago), and in
    another clause it never is."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == ["5 years"]


@pytest.mark.parametrize("text, label", [
    ("Він утік з частини 3 роки назад, що підтвердили в ЗСУ.", "3 years ago"),
    ("Він утік з частини 3 роки тому назад, що підтвердили в ЗСУ.", "3 years ago"),
    ("Він утік з частини 3 роки тому, що підтвердили в ЗСУ.", "3 years ago"),
    ("Він утік з частини 2 тижні тому, що підтверджує командир.", "2 weeks ago"),
    ("Він утік з частини 3 роки назад, хто б що не казав.", "3 years ago"),
    ("Він утік з частини 3 роки назад що підтвердили в ЗСУ.", "3 years ago"),
    ("Командир заявив 3 роки тому, що частина втратила половину людей.", "3 years ago"),
    ("Суд дав 5 років тому, хто відмовився воювати.", "5 years"),
    ("Він воював 5 років тому що мусив.", "5 years"),
])
def test_what_cancels_tomu_follows_tomu_alone(text, label):
    """"тому, хто" (to the one who), "тому що" (because) are no "ago" after bare "тому" only: "назад" and "тому
    назад" are "ago" whatever follows, and "що" after a comma is "that" or "which" ("заявив 3 роки тому, що": said
    3 years ago that; it read a period in session 35's review)."""
    assert [q.label for q in cl.extract_quantities(text, "a", "uk")] == [label]


@pytest.mark.parametrize("text, language, labels", [
    ("Тому через 3 дні вони втекли.", "uk", ["3 days"]),
    ("Саме тому 3 солдати втекли.", "uk", ["3 солдати"]),
    ("Они вернулись назад через 3 дня.", "ru", ["3 days"]),
])
def test_an_ago_word_after_other_words_makes_no_time_back(text, language, labels):
    """"тому" opening a clause ("therefore") and "назад" after a verb ("вернулись назад": went back) say
    nothing of the period beside them."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == labels


@pytest.mark.parametrize("text, language, labels", [
    ("Суд дал 5 лет тому, кто отказался воевать.", "ru", ["5 years"]),
    ("Суд дал 5 лет тому назад.", "ru", ["5 years ago"]),
    ("Він дезертирував 5 років тому.", "uk", ["5 years ago"]),
    ("Суд дав 5 років тому, хто відмовився воювати.", "uk", ["5 years"]),
    ("Він дезертирував 5 років тому, коли почалася війна.", "uk", ["5 years ago"]),
    ("Dezerter uciekł 5 lat temu.", "pl", ["5 years ago"]),
])
def test_an_ago_word_is_read_in_its_own_language_only(text, language, labels):
    """Russian "дали 5 лет тому, кто" gives a term of 5 years "to the one who": "тому" is Ukrainian's "ago" (and
    Russian's only with "назад"), as "temu" is Polish's; in another language it makes no time back."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == labels


@pytest.mark.parametrize("text, language", [
    ("O desertor está preso há 3 anos numa colónia penal.", "pt"),
    ("O desertor vive na Geórgia há 3 anos.", "pt"),
    ("A mãe não vê o filho há 3 anos.", "pt"),
    ("El desertor está preso hace 3 años en una colonia penal.", "es"),
    ("El desertor vive en Georgia hace 3 años.", "es"),
    ("O desertor está detido há 3 anos.", "pt"),
    ("El desertor está detenido hace 3 años.", "es"),
    ("A guerra dura há 3 anos.", "pt"),
    # words ending as a past in -ou or -eu that are none: "ou" (or), "seu" (his), a name (session 35)
    ("O desertor está preso ou detido há 3 anos.", "pt"),
    ("O desertor vive com o seu irmão há 3 anos.", "pt"),
    ("O desertor vive em Moscou há 3 anos.", "pt"),
    ("O desertor mora com Tadeu Abreu há 3 anos.", "pt"),
])
def test_an_ago_word_after_a_present_verb_of_a_state_makes_a_period(text, language):
    """"está preso há 3 anos", "vive na Geórgia há 3 anos": held, living there for 3 years up to now, a period of 3
    years (it read "3 years ago"), the one another report's "has been held for 3 years" gives."""
    other = cl.extract_quantities(text, "a", language)
    assert [q.label for q in other] == ["3 years"]
    english = cl.extract_quantities("The deserter has been held for 3 years.", "b", "en")
    assert [m.status for m in cl.compare_quantities(other, english, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, language", [
    ("O desertor foi preso há 3 anos, disse a mãe.", "pt"),
    ("Há 3 anos, o desertor fugiu da unidade.", "pt"),
    ("O desertor está preso, e fugiu há 3 anos.", "pt"),
    ("El desertor fue detenido hace 3 años.", "es"),
    ("La madre dice que está segura de que su hijo murió hace 3 años en el frente.", "es"),
    ("Moscú sigue negando que lo detuvieran hace 3 años.", "es"),
    ("El piloto que vive en Kiev desertó hace 3 años.", "es"),
    ("Tras una dura batalla hace 3 años, la brigada se rindió.", "es"),
    ("A mãe tem dito que ele fugiu há 3 anos.", "pt"),
    ("O desertor que mora em Tbilisi foi detido há 3 anos.", "pt"),
    ("O piloto que vive em Madrid fugiu há 3 anos.", "pt"),
    # a preposition of an earlier event opens a phrase of its own (review 34b, item 6)
    ("El piloto vive en Kiev tras desertar hace 3 años.", "es"),
    ("El piloto vive allí después de desertar hace 3 años.", "es"),
    ("O piloto mora em Kiev após desertar há 3 anos.", "pt"),
    ("O piloto vive lá depois de fugir há 3 anos.", "pt"),
    # a regular Portuguese past in -ou or -eu between (session 35)
    ("O piloto vive em Kiev e desertou há 3 anos.", "pt"),
    ("A mãe vive lá e perdeu há 3 anos o filho.", "pt"),
    ("O piloto está aqui e chegou há 3 anos.", "pt"),
])
def test_an_ago_word_after_a_past_verb_is_still_a_time_back(text, language):
    """"foi preso há 3 anos" (was arrested 3 years ago): a present verb in another clause ("sigue negando que lo
    detuvieran hace", "que vive en Kiev desertó hace": a clause word or a past verb between), an adjective that is
    also such a verb ("una dura batalla hace"), a preposition of an earlier event ("vive en Kiev tras desertar hace",
    "após desertar há"), or a verb further back than ``compare.ago_verb_reach`` words, leaves it a time back."""
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == ["3 years ago"]


@pytest.mark.parametrize("text, language", [
    ("Il a déserté après une guerre de 3 ans.", "fr"),
    ("Desertó tras una guerra de 3 años.", "es"),
    ("Desertou depois de uma guerra de 3 anos.", "pt"),
    ("Ha disertato dopo una guerra di 3 anni.", "it"),
    ("A dezertat după un război de 3 ani.", "ro"),
    ("Il a déserté après un service de 3 ans.", "fr"),
])
def test_a_war_of_years_is_a_period_not_an_age(text, language):
    """"une guerre de 3 ans" is a war of 3 years (it read "3 years old", as "un soldat de 3 ans" would): a period,
    the one another report's "a three-year war" gives."""
    other = cl.extract_quantities(text, "a", language)
    assert [(q.label, q.dimension) for q in other] == [("3 years", "duration")]
    english = cl.extract_quantities("He deserted after a war of 3 years.", "b", "en")
    assert [m.status for m in cl.compare_quantities(other, english, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("text, labels", [
    ("Дезертир сбежал 5 лет назад.", ["5 years ago"]),
    ("De soldaat vluchtte 4 jaar geleden.", ["4 years ago"]),
    ("Żołnierz uciekł 4 lata temu.", ["4 years ago"]),
    ("Sotilas pakeni 4 päivää sitten.", ["4 days ago"]),
    ("Le soldat a fui il y a 4 ans.", ["4 years ago"]),
    ("El soldado huyó hace 4 años.", ["4 years ago"]),
    ("Суд дал 5 лет тому, кто отказался воевать.", ["5 years"]),
    # ...and Ukrainian "тому" after a unit only Ukrainian writes (session 35)
    ("Він утік з частини 3 роки тому.", ["3 years ago"]),
    ("Це сталося 5 днів тому.", ["5 days ago"]),
    ("Мобілізували його 2 місяці тому.", ["2 months ago"]),
    ("Він воював 5 років тому що мусив.", ["5 years"]),
    ("Суд дал 5 дней тому, кто опоздал.", ["5 days"]),
    # ...but not before a comma and "хто" (to the one who) (session 35's review); "що" after a comma is "that" or
    # "which" (its second review)
    ("Суд дав 5 років тому, хто відмовився воювати.", ["5 years"]),
    ("Суд дав 3 дні тому, хто запізнився.", ["3 days"]),
    ("Він утік з частини 3 роки тому, що підтвердили в ЗСУ.", ["3 years ago"]),
    ("Він утік з частини 3 роки тому, коли почалася війна.", ["3 years ago"]),
])
def test_a_text_of_unknown_language_reads_the_ago_words_no_other_language_has(text, labels):
    """An article whose language was not found (a short page, an export without one) still reads "5 лет назад",
    "4 jaar geleden", "il y a 4 ans" as a time back (it read a period of years, which another report's period then
    matched), but Ukrainian "тому" only after a unit no Russian text writes ("3 роки тому"; Russian "дал 5 лет тому,
    кто": to the one who)."""
    assert [q.label for q in cl.extract_quantities(text, "a", None)] == labels


@pytest.mark.parametrize("language", ["uk", "de", None])
def test_english_ago_is_read_in_every_text(language):
    """An English sentence quoted in another language's report ("…two months ago") is still a time back, as
    English number words are read in every text; a text of unknown language reads English's words."""
    text = "He wrote: \u201cI left my unit 2 months ago\u201d."
    assert [q.label for q in cl.extract_quantities(text, "a", language)] == ["2 months ago"]


@pytest.mark.parametrize("a_text, a_language, b_text, b_language", [
    ("Sergei Petrov, 33, was mobilised in the autumn.", "en", "33-летний Сергей Петров был мобилизован осенью.", "ru"),
    ("He came to Germany at the age of 10 with his family.", "en",
     "Er kam im Alter von zehn Jahren mit seiner Familie nach Deutschland.", "de"),
    ("Задържаният 37-годишен мъж отрича.", "bg", "The detained man, 37, denies it.", "en"),
    ("De gevangene Pavel (29) werd vrijgelaten.", "nl", "The 29-year-old prisoner Pavel was released.", "en"),
    ("Aged 41 and serving a long term, he signed up.", "en", "Er war im Alter von 41 Jahren eingezogen worden.", "de"),
])
def test_an_age_without_its_unit_is_the_age_another_report_writes_with_it(a_text, a_language, b_text, b_language):
    """A bare number after a name or "at the age of" is the age another language writes with its unit: one
    figure both state (as these ages were while the other languages' read as counts)."""
    a = cl.extract_quantities(a_text, "a", a_language)
    b = cl.extract_quantities(b_text, "b", b_language)
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.SAME]


@pytest.mark.parametrize("a_text, a_language, b_text, b_language", [
    ("A 27-year-old soldier was shot.", "en", "27 soldiers were shot.", "en"),
    ("Ein 27-jähriger Soldat wurde erschossen.", "de", "27 soldiers were shot.", "en"),
    ("Одним из них был 37-летний водитель.", "ru", "At least 16 were killed and 37 others wounded.", "en"),
])
def test_an_age_is_no_count_of_a_noun(a_text, a_language, b_text, b_language):
    """A number that counts a noun ("27 soldiers", "37 others") is no age of that number another report gives:
    the age is only in its own report."""
    a = cl.extract_quantities(a_text, "a", a_language)
    b = cl.extract_quantities(b_text, "b", b_language)
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")]) if m.a is not None] == [cl.ONLY_A]


def test_two_ages_a_year_apart_are_not_the_same():
    """"24-летнего" and "25-year-old": two ages in one unit read exactly (a few percent is the slack of a converted
    unit, not of one the two reports share)."""
    a = cl.extract_quantities("Неизвестные увезли 24-летнего жителя села.", "a", "ru")
    b = cl.extract_quantities("Unidentified men took a 25-year-old villager away.", "b", "en")
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.DIFFERENT]


def test_periods_far_apart_in_aligned_passages_are_two_facts():
    """A man's prison term and how long another served at the front, in passages the alignment paired: "a
    nine-year sentence" and "nach drei Monaten" are two facts, not a figure the reports disagree on (periods
    more than ``compare.period_ratio`` apart); "eight-year" against "sieben Jahren" still is one."""
    a = cl.extract_quantities("Aged 34 and serving a nine-year sentence, he joined the fighters.", "a", "en")
    b = cl.extract_quantities("Er starb nach drei Monaten im Krieg.", "b", "de")
    assert sorted(m.status for m in cl.compare_quantities(a, b, [("a", "b")])) == [cl.ONLY_A, cl.ONLY_A, cl.ONLY_B]
    a = cl.extract_quantities("A court cut his eight-year prison term.", "a", "en")
    b = cl.extract_quantities("Er wurde zu sieben Jahren Haft verurteilt.", "b", "de")
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")])] == [cl.DIFFERENT]


@pytest.mark.parametrize("a_text, b_text", [
    ("The deserter was jailed for 5 years.", "The deserter was jailed for 11 years."),
    ("The deserter was held for 6 months before trial.", "The deserter was held for 13 months before trial."),
])
def test_periods_far_apart_in_one_claim_disagree(a_text, b_text):
    """Two reports' prison terms in sentences making one claim are one figure they disagree on however far apart
    ("5 years" / "11 years"): in aligned passages "different", in others a possible disagreement."""
    a, b = cl.extract_quantities(a_text, "a", "en"), cl.extract_quantities(b_text, "b", "en")
    texts = {"a": a_text, "b": b_text}
    assert [m.status for m in cl.compare_quantities(a, b, [("a", "b")], texts)] == [cl.DIFFERENT]
    assert [m.status for m in cl.compare_quantities(a, b, [], texts)] == [cl.POSSIBLE]


def test_periods_far_apart_in_two_claims_stay_two_facts_with_their_sentences():
    """With the sentences given, as the page compares them: a prison term and a time at the front in paired
    passages of two languages make two claims, so they are still two facts."""
    a_text = "Aged 34 and serving a nine-year sentence, he joined the fighters."
    b_text = "Er starb nach drei Monaten im Krieg."
    a, b = cl.extract_quantities(a_text, "a", "en"), cl.extract_quantities(b_text, "b", "de")
    matches = cl.compare_quantities(a, b, [("a", "b")], {"a": a_text, "b": b_text})
    assert sorted(m.status for m in matches) == [cl.ONLY_A, cl.ONLY_A, cl.ONLY_B]


@pytest.mark.parametrize("text, language", [
    ("Він отримав п'ять з половиною років колонії.", "uk"),
    ("Он получил пять с половиной лет колонии.", "ru"),
    ("Foi condenado a cinco anos e meio de trabalhos forçados.", "pt"),
    ("Fue condenado a cinco años y medio de cárcel.", "es"),
    ("Il a été condamné à cinq ans et demi de prison.", "fr"),
    ("He was sentenced to five and a half years in a penal colony.", "en"),
])
def test_a_number_and_a_half_is_one_figure(text, language):
    """"cinco anos e meio" is the "5,5 anni" of another report (it read as 5 years, "different" from it)."""
    other = cl.extract_quantities("È stato condannato a 5,5 anni di carcere.", "b", "it")
    q = cl.extract_quantities(text, "a", language)
    assert [x.label for x in q] == ["5.5 years"]
    assert [m.status for m in cl.compare_quantities(q, other, [("a", "b")])] == [cl.SAME]


def test_a_short_quote_matches_the_same_words_printed_as_a_piece_of_a_longer_quote():
    """Review (session 38): a piece of a quote running over paragraphs was matched only by its whole
    utterance, so a short quote another report prints alone ("Больше выхода не было") matched nothing,
    and Compare said the other side used the words without quote marks."""
    longer = cl.extract_claims([("b0", "«Каску надел, и тут прилетело. Осколок попал мне в бедро, кровь не "
                                        "останавливалась. Пролежал четыре дня в блиндаже, рация молчала."),
                                ("b1", "Больше выхода не было», — вспоминал военный.")], "ru").quotes
    alone = cl.extract_claims([("a0", "Боец рассказал, как выжил. «Больше выхода не было», — сказал он.")], "ru").quotes
    assert [q.text for q in longer][-1] == "Больше выхода не было" and longer[-1].whole
    assert [(m.b.paragraph_id, m.kind) for m in cl.match_quotes(alone, longer)] == [("b1", "same")]


def test_a_short_quote_is_no_match_for_a_long_statement_that_scatters_its_words():
    """Review (session 38): a resident's eleven words were found, out of order, in a mayor's long
    statement (a bag-of-words score of 91), read as one shared quote in Compare and in grouping. A
    quote much shorter than the other matches only as a stretch of it."""
    mayor = cl.Quote("We have no water and no power in the east of the city, and the army came at night to take "
                     "the bridge. People are leaving by the hundreds, and we are asking everyone to stay calm and "
                     "wait for the buses", "b0", 0, 0)
    resident = cl.Quote("We are leaving the city at night, all of us.", "a0", 0, 0)
    assert cl.match_quote_pair(resident, mayor) is None
    # the same words as a stretch of the long statement still match, as a part of it
    stretch = cl.Quote("People are leaving by the hundreds, and we are asking everyone to stay calm", "a1", 0, 0)
    assert cl.match_quote_pair(stretch, mayor).kind == "part"
    # and two quotes of comparable length in another order still match as a bag of words
    reordered = cl.Quote("The army came at night to take the bridge, and we have no water and no power in the east "
                         "of the city. We are asking everyone to stay calm and wait for the buses; people are leaving "
                         "by the hundreds", "a2", 0, 0)
    assert cl.match_quote_pair(reordered, mayor) is not None


def test_a_russian_subjectless_suspect_clause_is_a_hedge_as_the_participle_is():
    """Set 42: "задержали 11 человек, которых подозревают в хищении" (whom [police] suspect of the theft:
    Russian's passive) was no hedge, and the report keeping it was flagged as dropping the other's
    "по подозрению в". An investigator's own active claim stays no hedge."""
    def families(text):
        return {h.family for h in cl.extract_hedges(text, "p")}
    assert "alleged" in families("В области задержали 11 человек, которых подозревают в хищении денег у бойцов.")
    assert "alleged" in families("Его подозревают в мошенничестве с выплатами раненым.")
    assert "alleged" in families("Поліція затримала чоловіка, якого підозрюють у шахрайстві з виплатами.")
    assert "alleged" not in families("Следователи подозревают бывшего командира в хищении выплат.")
    # review: "которые"/"які" are the ones who suspect, an accuser's active claim
    assert "alleged" not in families("Правозащитники, которые подозревают в пытках военную полицию, обратились в суд.")
    assert "alleged" not in families("Слідчі, які підозрюють у розкраданні командира, не називають імен.")
    assert "alleged" in families("Чоловіка, котрого підозрюють у шахрайстві, затримали.")


def test_a_disclaimer_clause_on_one_claim_is_dropped_only_where_that_claim_is_restated():
    """Set 42: "The brigade said the video was filmed with his consent, although the outlet has not
    verified this" hedges the consent claim, not the report; copies that leave the consent claim out
    were flagged as dropping a whole-report disclaimer "anywhere in the article". A copy restating the
    claim unhedged still drops it; a disclaimer standing as its own sentence still covers the report."""
    from newslens.compare.alignment import AlignedPair, hedge_flags

    lead = "A captured runner from abroad pleads on video not to be sent back to Russia."
    scoped = ("The brigade said the video was filmed with the runner's consent, although the outlet has not "
              "verified this.")
    own = "The outlet could not independently verify the video."
    restated = "The brigade said the video was filmed with the runner's consent."

    def flags(a_paragraphs, b_paragraphs):
        texts = {f"a{i}": t for i, t in enumerate(a_paragraphs)} | {f"b{i}": t for i, t in enumerate(b_paragraphs)}
        pairs = [AlignedPair((i,), (i,), 0.9, a_paragraphs[i], b_paragraphs[i], (f"a{i}",), (f"b{i}",))
                 for i in range(min(len(a_paragraphs), len(b_paragraphs)))]
        hedges_a = [h for pid, t in texts.items() if pid[0] == "a" for h in cl.extract_hedges(t, pid)]
        hedges_b = [h for pid, t in texts.items() if pid[0] == "b" for h in cl.extract_hedges(t, pid)]
        return [f for f in hedge_flags(pairs, hedges_a, hedges_b, texts, languages_ab=("en", "en"))
                if f.family == "not independently verified"]

    assert flags([lead, scoped], [lead]) == []                       # the claim left out: nothing dropped
    assert [f.dropped_by for f in flags([lead, scoped], [lead, restated])] == ["B"]   # restated unhedged
    assert [f.dropped_by for f in flags([lead, own], [lead])] == ["B"]                # the report's disclaimer
    # second review: no comma before the concessive word, or a bracket inside its clause, changes nothing
    for claim_only in ("The brigade said the video was filmed with his consent but this could not be independently verified.",
                       "The brigade said he consented, although the claim (made on Telegram) could not be independently verified."):
        assert flags([lead, claim_only], [lead]) == [], claim_only
    # review: the outlet's own disclaimer stays the report's, whatever connector its sentence holds
    for outlets in ("The outlet has contacted the ministry for comment but could not independently verify the video.",
                    "The outlet, which spoke to soldiers while they were on leave, could not independently verify it.",
                    "The ministry has yet to comment, and the video could not be independently verified.",
                    "A channel called 'Alive Though Wounded' posted the video, which the outlet could not verify."):
        assert [f.dropped_by for f in flags([lead, outlets], [lead])] == ["B"], outlets


def test_claiming_a_payment_or_responsibility_is_no_hedge_but_claiming_a_fact_is():
    """Set 42: "the widow claimed the payments owed for her husband's death" was read as the hedge
    "claimed", and a translation saying she applied for them was flagged as dropping it."""
    def families(text):
        return {h.family for h in cl.extract_hedges(text, "p")}
    assert "claims" not in families("Days after the funeral, the widow claimed the death payments of three million roubles.")
    assert "claims" not in families("She claimed her late husband's insurance within a week.")
    assert "claims" not in families("The war has claimed the lives of thousands of recruits.")
    assert "claims" in families("He claimed the payments were never made.")
    # second review: a coordinated verb or a count of lives ends the due too
    for due in ("The legion claimed responsibility and published a video.", "The strike claimed 50 lives.",
                "The widow claimed compensation under the 2022 decree.", "The legion claimed responsibility via Telegram."):
        assert "claims" not in families(due), due
    # review: a clause after the payment noun, or no payment at all, is a claim
    for claim in ("He claimed the payments owed to her were never made.", "She claimed that pensions are being cut.",
                  "The soldier claimed his bonus went to the commander.", "He claimed to live in Kyiv.",
                  "The commander claimed responsibility lay with the recruits."):
        assert "claims" in families(claim), claim
    assert "claims" in families("The brigade claimed the video was filmed with his consent.")
