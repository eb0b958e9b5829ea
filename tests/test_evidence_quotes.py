"""Shared quotes as story evidence: one utterance quoted whole by one report and in pieces by another.

Agency reworks often split an official statement around "the ministry wrote": the pieces are one
shared utterance, as long as what they cover, not as long as the longest piece (texts written for
the test, in the shape of two German renderings of one intelligence update).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from newslens import knowledge
from newslens.compare import claims as cl
from newslens.compare import evidence as evi

WHOLE = ("\u201eWegen der schlechten Moral und der fehlenden Bereitschaft zu k\u00e4mpfen haben die russischen "
         "Truppen vermutlich begonnen, Sperreinheiten hinter der Front aufzustellen\u201c, hei\u00dft es im Bericht.")
PIECES = ("Die Truppen h\u00e4tten \u201ewegen der schlechten Moral und der fehlenden Bereitschaft zu k\u00e4mpfen\u201c "
          "gehandelt, schreibt das Ministerium: Sie h\u00e4tten \u201evermutlich begonnen, Sperreinheiten hinter der "
          "Front aufzustellen\u201c.")


def _facts(aid: str, *paragraphs: str) -> evi.ArticleFacts:
    f = evi.ArticleFacts(aid, np.zeros(0, dtype=int), pd.NaT, pd.NaT, False, None, aid, "de")
    f.quotes = [q for n, text in enumerate(paragraphs) for q in cl.extract_quotes(text, f"{aid}-{n}")]
    return f


def _shared(x: evi.ArticleFacts, y: evi.ArticleFacts) -> tuple[int, int, int]:
    words, count, _, pieces = evi._shared_quotes(x, y, np.zeros((0, 4), dtype=np.float32),
                                                 knowledge.story_rules(), by_meaning=False)
    return words, count, pieces


def test_an_utterance_quoted_in_two_pieces_counts_as_long_as_both_pieces():
    whole, pieces = _facts("whole", WHOLE), _facts("pieces", PIECES)
    assert len(pieces.quotes) == 2
    first, second = (len(q.normalised.split()) for q in pieces.quotes)
    assert _shared(whole, pieces)[0] == first + second         # not only the longer piece
    assert _shared(pieces, whole)[0] == first + second         # whichever side comes first
    assert _shared(whole, pieces)[2] == 2
    ev = evi.pair_evidence(whole, pieces, embeddings=np.zeros((0, 4), dtype=np.float32), weights={},
                           rules=knowledge.story_rules(), model_name="x", languages={"en"})
    assert ev.longest_quote_words == first + second and ev.to_dict()["longest_quote_pieces"] == 2


def test_a_piece_repeated_or_two_different_quotes_do_not_add_up():
    whole = _facts("whole", WHOLE)
    # the same piece printed twice (lead and body) is one piece
    once = _facts("once", PIECES.split(": Sie")[0] + ".")
    twice = _facts("twice", PIECES.split(": Sie")[0] + ".", PIECES.split(": Sie")[0] + ".")
    assert _shared(whole, twice)[0] == _shared(whole, once)[0] > 0
    # two different shared quotes are two pieces of evidence, not one longer quote
    other = "\u201eDie Generäle wollen die Stellungen um jeden Preis bis zum letzten Mann halten\u201c, hieß es."
    both, both_too = _facts("a", WHOLE, other), _facts("b", WHOLE, other)
    longest = max(len(q.normalised.split()) for q in both.quotes)
    words, count, pieces = _shared(both, both_too)
    assert (words, count, pieces) == (longest, 2, 1)


def test_pieces_shorter_than_a_quote_that_counts_add_nothing():
    """A generic fragment ("already did this.") is not evidence whole, nor as a piece of a longer quote."""
    whole = _facts("whole", WHOLE)
    short_piece = ("Die Truppen h\u00e4tten \u201ewegen der schlechten Moral\u201c gehandelt, schreibt das Ministerium: "
                   "Sie h\u00e4tten \u201evermutlich begonnen, Sperreinheiten hinter der Front aufzustellen\u201c.")
    only_long = _facts("long", "Sie h\u00e4tten \u201evermutlich begonnen, Sperreinheiten hinter der Front aufzustellen\u201c.")
    assert _shared(whole, _facts("short", short_piece))[::2] == (_shared(whole, only_long)[0], 1)


def _quote_evidence(x: evi.ArticleFacts, y: evi.ArticleFacts, rarity: evi.PassageRarity | None) -> float:
    return evi.pair_evidence(x, y, embeddings=np.zeros((0, 4), dtype=np.float32), weights={},
                             rules=knowledge.story_rules(), model_name="x", languages={"en"}, rarity=rarity).quotes


def test_a_pair_scores_the_same_either_way_round_and_a_common_rendering_counts():
    """One statement in two renderings, one of them carried by many articles of the corpus (an
    official wording every outlet prints): the pair's quote evidence is read on the more common
    rendering, whichever article comes first (it used to depend on the order)."""
    reworded = WHOLE.replace("vermutlich", "wohl").replace("hinter der Front", "an der Front")
    a, b = _facts("a", WHOLE), _facts("b", reworded)
    runs = evi.shingle_hashes([q.text for q in a.quotes], 4)
    common = evi.PassageRarity(runs, np.full(len(runs), 0.2))
    assert _quote_evidence(a, b, common) == _quote_evidence(b, a, common)
    assert _quote_evidence(a, b, common) < _quote_evidence(a, b, None)


# One intercepted call as two outlets rendered it: an English report and a German one that
# translated the Russian words itself (written for the test, in the shape of the sixteenth real set's
# Daily Beast / Business Insider pair), and a second English report quoting another call.
_CALL_EN = ("\u201cI am telling you seriously, do you know how many wounded we have here, they just keep "
            "coming and we have nowhere to run,\u201d the soldier tells his father.")
_CALL_DE = ("\u201eIch sage dir im Ernst, wei\u00dft du, wie viele Verwundete wir hier haben? Sie r\u00fccken "
            "immer weiter vor, wir k\u00f6nnen nirgendwohin fliehen\u201c, sagt der Soldat zu seinem Vater.")
_OTHER_CALL_EN = ("\u201cNobody gets water until the hill is ours, and whoever complains goes first into the "
                  "next assault,\u201d the commander tells his platoon leaders.")


def _quote_pair(x: evi.ArticleFacts, y: evi.ArticleFacts) -> evi.Evidence:
    return evi.pair_evidence(x, y, embeddings=np.zeros((0, 4), dtype=np.float32), weights={},
                             rules=knowledge.story_rules(), model_name="multilingual-e5-small", languages=None)


def _in(language: str, aid: str, text: str) -> evi.ArticleFacts:
    f = _facts(aid, text)
    f.language = language
    return f


def test_a_call_translated_by_two_outlets_into_two_languages_is_not_kept_apart_by_its_quotes():
    """Across languages "no shared quote" says little (each outlet translated the call itself), so
    it does not raise what the pair needs; two reports in one language quoting different calls do."""
    english, german = _in("en", "en", _CALL_EN), _in("de", "de", _CALL_DE)
    across = _quote_pair(english, german)
    assert across.meaning_compared and across.shared_quotes == 0
    assert not across.quotes_apart
    assert _quote_pair(english, _in("en", "other", _OTHER_CALL_EN)).quotes_apart
    # an article whose language is unknown is read as before: the model reads both
    assert _quote_pair(english, _in(None, "unknown", _OTHER_CALL_EN)).quotes_apart


# A soldier's account quoted at length by two Russian outlets, in their own edits (texts written for
# the test, in the shape of set 41's reports of one interview): one prints it in one paragraph, the
# other in a paragraph long enough that the build stores it in two parts, the quote cut between them.
ONE_PARAGRAPH = ("\u00abОсколок попал в бедро, кровь не останавливалась. Пролежал в блиндаже четыре или пять суток, "
                 "всё начало чернеть... Взял нож и сам отрезал ногу, больше выхода не было. Потом меня нашли "
                 "наши\u00bb, \u2013 рассказал боец.")
FIRST_PART = ("\u00abКаску надел, и тут прилетело. Осколок попал мне в бедро, кровь не останавливалась. Пролежал "
              "где-то четыре или пять суток в блиндаже. Пить было нечего, рация молчала, я")
SECOND_PART = ("экономил каждый глоток. У меня всё начало чернеть. Взял нож, ну и сам отрезал ногу. Больше выхода не "
               "было. Потрясло меня жёстко, адреналин, что ли. Страшно было очень\u00bb, \u2014 вспоминал военный.")


def _prepared(*articles: tuple[str, list[str]]) -> list[evi.ArticleFacts]:
    """Facts filled in by ``evidence.prepare`` as grouping fills them: each article's rows in order."""
    texts, ids, facts = [], [], []
    for aid, paragraphs in articles:
        rows = np.arange(len(texts), len(texts) + len(paragraphs))
        texts += paragraphs
        ids += [f"{aid}-{n}" for n in range(len(paragraphs))]
        facts.append(evi.ArticleFacts(aid, rows, pd.NaT, pd.NaT, False, None, aid, "ru"))
    evi.prepare(facts, np.array(texts, dtype=object), np.array(ids, dtype=object),
                np.zeros((len(texts), 4), dtype=np.float32), knowledge.story_rules())
    return facts


def test_a_quote_cut_between_a_paragraphs_parts_is_shared_with_the_same_quote_printed_whole():
    """Set 41: the default model's input limit stored a Russian report's long paragraph in two parts,
    the soldier's quote cut between them; neither part held a quote, and grouping found no shared
    quote with the report printing it whole (Compare said "only in A", "only in B")."""
    whole, split = _prepared(("whole", [ONE_PARAGRAPH]), ("split", [FIRST_PART, SECOND_PART]))
    whole_quote = f"{FIRST_PART[1:]} {SECOND_PART.split(chr(187))[0]}"
    assert len(split.quotes) == 2 and {q.said for q in split.quotes} == {whole_quote}
    ev = evi.pair_evidence(whole, split, embeddings=np.zeros((3, 4), dtype=np.float32), weights={},
                           rules=knowledge.story_rules(), model_name="x", languages={"ru"})
    assert ev.longest_quote_words >= knowledge.story_rules().get("quotes", "min_words")
    assert ev.quotes > 0 and not ev.quotes_apart
    # each piece alone is too far from the whole quote to match it: the pieces are matched as one
    for piece in split.quotes:
        assert cl.match_quote_pair(whole.quotes[0], cl.Quote(piece.text, piece.paragraph_id, 0, 0)) is None


def test_two_different_accounts_cut_the_same_way_share_no_quote():
    """Reading the pieces whole does not make any two long quotes one: another soldier's account,
    also stored in two parts, shares nothing with the first."""
    other_first = ("\u00abНас бросили без связи и без еды, командир уехал ещё в понедельник. Мы три дня ждали приказа "
                   "и сидели в подвале школы, а потом")
    other_second = "сами пошли пешком к своим через поле\u00bb, \u2014 сказал мобилизованный."
    whole, other = _prepared(("whole", [ONE_PARAGRAPH]), ("other", [other_first, other_second]))
    ev = evi.pair_evidence(whole, other, embeddings=np.zeros((3, 4), dtype=np.float32), weights={},
                           rules=knowledge.story_rules(), model_name="x", languages={"ru"})
    assert ev.longest_quote_words == 0 and ev.quotes == 0
