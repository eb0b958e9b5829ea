"""Paragraph rows: splitting past the model's limit, stable ids, and the corpus furniture pass."""
from __future__ import annotations

import hashlib
import random
import re

import pandas as pd
import pytest

from newslens.embedder import HashingEmbedder
from newslens.schema import ArticleCol, Kind, ParagraphCol
from pipeline.clean import Reason
from pipeline.paragraphs import (
    REPEATED_ACROSS_ARTICLES, build_paragraphs, mark_corpus_furniture, paragraph_columns, paragraph_id,
    paragraphs_frame, split_long_text,
)

count_words = HashingEmbedder().count_tokens


def count_subwords(text: str) -> int:
    """Like a WordPiece tokenizer: long words cost several tokens, plus [CLS] and [SEP]."""
    return 2 + sum(1 + len(word) // 6 for word in re.findall(r"\w+|[^\w\s]", text))


def random_text(seed: int, sentences: int) -> str:
    rng = random.Random(seed)
    vocab = ("soldiers commander retreat shoot intercepted call regiment Donetsk Bakhmut desertion "
             "morale officers refused orders artillery convoy Telegram appeal mobilised front").split()
    out = []
    for _ in range(sentences):
        words = [rng.choice(vocab) for _ in range(rng.randint(4, 30))]
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", "!", "?"]))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# split_long_text
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed, sentences, counter, max_tokens", [
    (1, 40, count_words, 50),
    (2, 40, count_words, 12),          # many sentences longer than the limit: split on words
    (3, 60, count_subwords, 64),
    (4, 5, count_subwords, 8),
    (5, 200, count_subwords, 256),
    (6, 3, count_words, 1),            # one word per part
])
def test_split_long_text_never_exceeds_and_never_loses(seed, sentences, counter, max_tokens) -> None:
    text = random_text(seed, sentences)
    parts = split_long_text(text, counter, max_tokens)
    assert all(counter(part) <= max_tokens for part in parts)
    assert " ".join(parts) == text                       # in order, nothing dropped or added
    assert all(part and part == part.strip() for part in parts)


def test_split_long_text_ends_parts_at_sentences_when_they_fit() -> None:
    sentences = ["President Zelensky said on Sept. 18 that seven settlements had been retaken.",
                 "U.S. officials saw indications that Russian officers refused orders.",
                 "“If anyone runs away, shoot them,” the commander said.",
                 "Gen. Syrskyi did not comment on the call."]
    text = " ".join(sentences)
    longest = max(count_words(s) for s in sentences)
    assert split_long_text(text, count_words, longest) == sentences


@pytest.mark.parametrize("text, max_tokens, expected", [
    ("Short paragraph.", 256, ["Short paragraph."]),
    ("", 10, [""]),
    # one sentence of 30 equal words with a limit of 20: 15 + 15, not 20 + a stub of 10
    (" ".join(["word"] * 30), 20, [" ".join(["word"] * 15)] * 2),
])
def test_split_long_text_table(text: str, max_tokens: int, expected: list[str]) -> None:
    assert split_long_text(text, count_words, max_tokens) == expected


@pytest.mark.parametrize("blob, counter, max_tokens", [
    ("https://example.com/" + "x" * 500, len, 100),
    ("-".join(["ab"] * 5000), count_subwords, 64),     # a scraped run of symbols with no spaces
    ("\u0416" * 3000, len, 256),                       # non-Latin characters
])
def test_split_long_text_splits_a_giant_word_by_characters(blob: str, counter, max_tokens: int) -> None:
    parts = split_long_text(f"See {blob} now.", counter, max_tokens)
    assert all(counter(p) <= max_tokens for p in parts)
    assert "".join(parts).replace(" ", "") == f"See{blob}now."


def test_split_long_text_rejects_impossible_limits() -> None:
    with pytest.raises(ValueError):
        split_long_text("Some text here.", count_words, 0)
    with pytest.raises(ValueError):      # even one character costs 3 tokens ([CLS] x [SEP])
        split_long_text("Some text here that is long.", lambda t: 2 + len(t), 2)


@pytest.mark.model
def test_split_long_text_with_the_real_tokenizer(real_embedder) -> None:
    text = random_text(7, 120)
    assert real_embedder.count_tokens(text) > real_embedder.max_tokens
    parts = split_long_text(text, real_embedder.count_tokens, real_embedder.max_tokens)
    assert len(parts) > 1
    assert all(real_embedder.count_tokens(p) <= real_embedder.max_tokens for p in parts)
    assert " ".join(parts) == text


# ---------------------------------------------------------------------------------------------
# paragraph ids
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, same", [
    (("art-1", "Same text.", 0), ("art-1", "Same text.", 0), True),
    (("art-1", "Same text.", 0), ("art-1", "Same  text.\n", 0), True),       # spacing does not count
    (("art-1", "Same text.", 0), ("art-1", "Same text.", 1), False),         # second copy in the article
    (("art-1", "Same text.", 0), ("art-2", "Same text.", 0), False),         # another article
    (("art-1", "Same text.", 0), ("art-1", "Same text!", 0), False),         # an edit is a new paragraph
])
def test_paragraph_id(a, b, same: bool) -> None:
    assert (paragraph_id(*a) == paragraph_id(*b)) is same
    assert re.fullmatch(r"[0-9a-f]{16}", paragraph_id(*a))


# ---------------------------------------------------------------------------------------------
# build_paragraphs
# ---------------------------------------------------------------------------------------------

ARTICLE = """Search icon
Russian commander orders troops to shoot
by Jane Doe

A commander told his soldiers to open fire on comrades who retreat, an intercepted call suggests.

“If anyone runs away, shoot them,” he said.

Also read

Analysts say orders like this reflect an army stretched to breaking point.
"""


def test_build_paragraphs_rows() -> None:
    frame = build_paragraphs("a1", ARTICLE, title="Russian commander orders troops to shoot")
    assert list(frame.columns) == list(ParagraphCol.ALL)
    assert frame[ParagraphCol.POSITION].tolist() == list(range(len(frame)))
    assert set(frame[ParagraphCol.PART]) == {0}
    assert frame[ParagraphCol.KIND].tolist() == [
        Kind.BOILERPLATE, Kind.BOILERPLATE, Kind.BOILERPLATE, Kind.BODY, Kind.QUOTE, Kind.BOILERPLATE, Kind.BODY]
    assert frame[ParagraphCol.REASON].tolist()[:3] == [Reason.NAVIGATION, Reason.REPEATED_HEADLINE, Reason.BYLINE]
    assert (frame.loc[frame[ParagraphCol.KIND].isin(Kind.CONTENT), ParagraphCol.REASON] == "").all()
    for _, row in frame.iterrows():
        assert row[ParagraphCol.CONTENT_HASH] == hashlib.sha256(row[ParagraphCol.TEXT].encode()).hexdigest()
        assert row[ParagraphCol.ARTICLE_ID] == "a1"
    assert frame[ParagraphCol.ID].is_unique
    assert frame[ParagraphCol.POSITION].dtype == "int64" and frame[ParagraphCol.PART].dtype == "int64"


def test_ids_survive_edits_around_them() -> None:
    before = build_paragraphs("a1", ARTICLE)
    edited = ARTICLE.replace("A commander told", "A new first paragraph was added.\n\nA commander told")
    edited = edited.replace("stretched to breaking point", "stretched thin")
    after = build_paragraphs("a1", edited)
    kept = before[before[ParagraphCol.TEXT].isin(set(after[ParagraphCol.TEXT]))]
    assert len(kept) == len(before) - 1
    ids_after = dict(zip(after[ParagraphCol.TEXT], after[ParagraphCol.ID]))
    assert all(ids_after[t] == i for t, i in zip(kept[ParagraphCol.TEXT], kept[ParagraphCol.ID]))
    # a rebuild of the same text gives the same ids
    assert build_paragraphs("a1", ARTICLE)[ParagraphCol.ID].tolist() == before[ParagraphCol.ID].tolist()


def test_identical_paragraphs_get_distinct_ids() -> None:
    frame = build_paragraphs("a1", "Also read\n\nSome body text here.\n\nAlso read\n\nAlso read")
    assert frame[ParagraphCol.ID].is_unique
    assert len(frame) == 4


def test_long_paragraph_becomes_consecutive_parts() -> None:
    long_text = random_text(11, 30)
    text = f"Short opening paragraph of the article.\n\n{long_text}\n\nShort closing paragraph."
    frame = build_paragraphs("a1", text, count_tokens=count_words, max_tokens=40)
    middle = frame[frame[ParagraphCol.POSITION] == 1]
    assert len(middle) > 1
    assert middle[ParagraphCol.PART].tolist() == list(range(len(middle)))
    assert " ".join(middle[ParagraphCol.TEXT]) == long_text
    assert all(count_words(t) <= 40 for t in frame[ParagraphCol.TEXT])
    assert frame[ParagraphCol.POSITION].tolist() == [0] + [1] * len(middle) + [2]
    assert frame[ParagraphCol.ID].is_unique
    # without a counter nothing is split
    assert len(build_paragraphs("a1", text)) == 3


def test_one_frame_for_many_articles_equals_the_frames_per_article() -> None:
    texts = {"a1": ARTICLE, "a2": "", "a3": random_text(3, 20)}
    one = paragraphs_frame(paragraph_columns(a, t, count_tokens=count_words, max_tokens=30) for a, t in texts.items())
    each = pd.concat([build_paragraphs(a, t, count_tokens=count_words, max_tokens=30) for a, t in texts.items()],
                     ignore_index=True)
    pd.testing.assert_frame_equal(one, each)
    assert paragraphs_frame([]).empty and list(paragraphs_frame([]).columns) == list(ParagraphCol.ALL)


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_article_gives_an_empty_frame_with_the_columns(text: str) -> None:
    frame = build_paragraphs("a1", text)
    assert frame.empty and list(frame.columns) == list(ParagraphCol.ALL)


# ---------------------------------------------------------------------------------------------
# mark_corpus_furniture
# ---------------------------------------------------------------------------------------------

def corpus(rows: list[tuple[str, str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rows: (article_id, domain, text) -> (paragraphs, articles); each text one body paragraph."""
    paragraphs = pd.concat([build_paragraphs(a, t) for a, _, t in rows], ignore_index=True)
    articles = pd.DataFrame({ArticleCol.ID: [a for a, _, _ in rows], ArticleCol.DOMAIN: [d for _, d, _ in rows]})
    return paragraphs, articles.drop_duplicates(ArticleCol.ID)


BODY = "Military police searched the village for deserters on Monday, residents said."


@pytest.mark.parametrize("line, placements, furniture", [
    # (line, [(article, domain)] it appears in, expected furniture?)
    ("Ukraine war latest", [("a", "x.com"), ("b", "x.com")], True),            # same outlet twice
    ("Ukraine war latest", [("a", "x.com"), ("b", "y.com")], False),           # two outlets: could be chance
    ("Ukraine war latest", [("a", "x.com"), ("b", "y.com"), ("c", "z.com")], True),   # three anywhere
    ("Ukraine war latest", [("a", "x.com"), ("a", "x.com")], False),           # twice in one article only
    ("Ukraine war latest", [("a", ""), ("b", "")], False),                     # unknown domain is no outlet
    # a quotation several outlets share when they re-report one call is content
    ("“Shoot them”", [("a", "x.com"), ("b", "x.com"), ("c", "y.com")], False),
    # sentences are never labels
    ("Putin increased prison terms for desertion.", [("a", "x.com"), ("b", "x.com"), ("c", "y.com")], False),
    # long lines are never labels
    ("Analysts at the institute describe the army as stretched to breaking point in the east",
     [("a", "x.com"), ("b", "x.com"), ("c", "y.com")], False),
])
def test_mark_corpus_furniture(line: str, placements, furniture: bool) -> None:
    rows = [(a, d, f"{BODY}\n\n{line}") for a, d in placements]
    rows += [("z", "other.org", BODY)]
    paragraphs, articles = corpus(rows)
    original = paragraphs.copy()
    marked = mark_corpus_furniture(paragraphs, articles)
    pd.testing.assert_frame_equal(paragraphs, original)          # input untouched
    hits = marked[marked[ParagraphCol.TEXT] == line]
    assert len(hits) >= 1
    if furniture:
        assert (hits[ParagraphCol.KIND] == Kind.BOILERPLATE).all()
        assert (hits[ParagraphCol.REASON] == REPEATED_ACROSS_ARTICLES).all()
    else:
        assert hits[ParagraphCol.KIND].isin(Kind.CONTENT + (Kind.HEADING,)).all()
    assert (marked.loc[marked[ParagraphCol.TEXT] == BODY, ParagraphCol.KIND] == Kind.BODY).all()
    assert marked[ParagraphCol.ID].tolist() == paragraphs[ParagraphCol.ID].tolist()


def test_mark_corpus_furniture_on_empty_input() -> None:
    empty = build_paragraphs("a", "")
    assert mark_corpus_furniture(empty, pd.DataFrame({ArticleCol.ID: [], ArticleCol.DOMAIN: []})).empty


APPEAL = ("Our newsroom depends on readers like you to keep reporting from the front line every "
          "single day of this war.")


@pytest.mark.parametrize("placement, outlets, furniture", [
    ("tail", ["x.com", "x.com", "x.com"], True),      # the same sign-off at the end of three articles of one outlet
    ("top", ["x.com", "x.com", "x.com"], True),       # the same banner blurb on top of them
    ("tail", ["x.com", "x.com", "y.com"], False),     # two of one outlet: could be one story told twice
    ("middle", ["x.com", "x.com", "x.com"], False),   # inside the body: the article's own text
])
def test_a_long_line_at_the_same_place_in_many_articles_of_one_outlet_is_furniture(placement, outlets, furniture):
    body = [BODY, "Residents said the search lasted until late in the evening and nobody was found.",
            "The regional governor did not answer questions about the operation.",
            "Relatives of the missing men gathered outside the enlistment office the next morning."]
    rows = []
    for n, domain in enumerate(outlets):
        paras = {"top": [APPEAL, *body], "tail": [*body, APPEAL], "middle": [*body[:2], APPEAL, *body[2:]]}[placement]
        unique = [p if p == APPEAL else p[:-1] + f" (case {n})." for p in paras]   # each article's own text
        rows.append((f"a{n}", domain, "\n\n".join(unique)))
    paragraphs, articles = corpus(rows)
    marked = mark_corpus_furniture(paragraphs, articles)
    hits = marked[marked[ParagraphCol.TEXT] == APPEAL]
    assert len(hits) == 3
    assert (hits[ParagraphCol.KIND] == Kind.BOILERPLATE).all() == furniture
    others = marked[marked[ParagraphCol.TEXT] != APPEAL]
    assert others[ParagraphCol.KIND].isin(Kind.CONTENT).all()
