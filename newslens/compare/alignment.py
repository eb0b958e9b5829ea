"""Two outlets' versions of one story, side by side: paragraph alignment, word diff, reuse score.

Paragraphs are aligned by meaning while keeping each article's order: a Needleman-Wunsch style
dynamic programme over the cosine similarities of the snapshot's own paragraph embeddings (no
model is loaded), where a pair earns ``similarity - threshold`` and a gap costs nothing, so only
pairs above the threshold are ever aligned. One paragraph may match two consecutive paragraphs of
the other article (an outlet that splits a quote in two). Claims (quotes, numbers, hedges,
citations) are extracted by ``newslens.claims`` and matched using the alignment.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from newslens.compare import anchors
from newslens.compare import claims as cl
from newslens.compare import evidence as ev
from newslens import knowledge, languages, store
from newslens.embedder import HASHING_PREFIX, HashingEmbedder, normalise_rows
from newslens.knowledge import threshold
from newslens.spelling import fold_letters
from newslens.languages import cross_language_shift
from newslens.dates import DATE, DATE_ISO, article_dates, iso_date_text
from newslens.outlets import outlet_label
from newslens.safe import label_text, escape_text
from newslens.schema import ArticleCol, Kind, ParagraphCol, TitleSource, cell_text, shown_title, title_record, title_source
from newslens.store import Snapshot
from newslens.stemming import stem_text

# Pairs below this cosine similarity are not aligned. With MiniLM, the sample corpus's reworded
# passages of one story score 0.58-0.94 while passages of different stories on the same theme
# (desertion, executions) reach 0.5-0.55; the hashing embedder only sees shared words, so
# reworded text scores lower there.
DEFAULT_THRESHOLD = threshold("compare", "align_threshold", high=1.0)
HASHING_THRESHOLD = threshold("compare", "hashing_align_threshold", high=1.0)
MERGE_PENALTY = threshold("compare", "merge_penalty", high=1.0)
# Out-of-order pairs (moved) need this much more than the threshold (the hashing embedder only
# sees shared words, "the", "said", so it needs a wider margin), and a leftover paragraph joins an
# aligned pair elsewhere (split/merge) only when this much closer: a looser rule would pair every
# loosely related paragraph.
MOVE_MARGIN = threshold("compare", "move_margin", high=1.0)
HASHING_MOVE_MARGIN = threshold("compare", "hashing_move_margin", high=1.0)
SPLIT_MARGIN = threshold("compare", "split_margin", high=1.0)
PRINTED_IN_MIN_WORDS = threshold("compare", "printed_in_min_words", int, low=1)
PRINTED_IN_SCORE = threshold("compare", "printed_in_score", high=100.0)
# Two quotes in aligned paragraphs at least this close, of comparable length, render one
# utterance (another translation, a paraphrase) even when their words differ.
QUOTE_MEANING_SIMILARITY = threshold("compare", "quote_meaning_similarity", high=1.0)
# Reuse counts an aligned pair as the same text/claim only when it is this close; a looser aligned
# pair (one theme, loosely similar) counts only when the two articles also share an anchor passage
# this close (then it is a reworded part of a rework). Calibrated on the real evaluation set:
# hand-aligned pairs of reworks 0.57-0.99 with an anchor >= 0.89 in every rework; aligned pairs of
# different stories on one theme 0.56-0.75 and no anchor (README, "Quality on real reporting").
REUSE_SIMILARITY = threshold("compare", "reuse_similarity", high=1.0)
REUSE_ANCHOR = threshold("compare", "reuse_anchor_similarity", high=1.0)
# A rework also shows itself by what it copies: a run of this many words, word for word outside
# quotation marks, in one aligned pair anchors the comparison whatever the model's similarity (a
# model that scores close paraphrases low, as the 4-bit e5 does at about 0.7, still sees the copy).
# Quoted words do not count: independent reports of one statement quote the same words. Decided on
# the labelled reworks and unrelated pairs of sets 14-26 (README, "Reuse anchored by copied words").
REUSE_ANCHOR_WORDS = threshold("compare", "reuse_anchor_copied_words", kind=int, low=3)
HASHING_REUSE_SIMILARITY = threshold("compare", "hashing_reuse_similarity", high=1.0)
HASHING_REUSE_ANCHOR = threshold("compare", "hashing_reuse_anchor_similarity", high=1.0)
# Across languages a hedged claim is known in the other report by its numbers and names (hedge drops).
HEDGE_CLAIM_SPECIFICS = threshold("compare", "hedge_claim_specifics", kind=int, low=1)
HEDGE_NAME_ZIPF = threshold("compare", "hedge_claim_name_zipf", high=8.0)
# A hedged sentence beside the restatement says the part of the claim it leaves out by this share of its words (hedge_flags).
HEDGE_NEARBY_SHARE = threshold("compare", "hedge_nearby_share", high=1.0)
# Two articles in a language the model does not compare by meaning are aligned by shared words and
# word pairs (hashed, ``words_dimensions``) together with the model's similarity (``words_model_share``
# of the cosine), at their own bars: the model's vectors alone of, say, two Russian texts share word
# pieces whatever they say (unrelated pairs read 41-51% reuse), words alone miss a reworded rework
# (README, "Compare by words").
WORDS_DIM = threshold("compare", "words_dimensions", kind=int, low=64)
WORDS_MODEL_SHARE = threshold("compare", "words_model_share", high=1.0)
WORDS_THRESHOLD = threshold("compare", "words_align_threshold", high=1.0)
WORDS_MOVE_MARGIN = threshold("compare", "words_move_margin", high=1.0)
WORDS_REUSE_SIMILARITY = threshold("compare", "words_reuse_similarity", high=1.0)
WORDS_REUSE_ANCHOR = threshold("compare", "words_reuse_anchor_similarity", high=1.0)
BY_WORDS, BY_MEANING = "shared words", "meaning"
BY_NAMES = "shared names and numbers, in order"
# How one aligned pair was made (``AlignedPair.paired_by``).
PAIRED_BY_SIMILARITY, PAIRED_BY_NAMES, PAIRED_BY_POSITION = "similarity", "names and numbers", "position"


def default_threshold(model_name: str, by_words: bool = False) -> float:
    if by_words:
        return WORDS_THRESHOLD
    return HASHING_THRESHOLD if model_name.startswith(HASHING_PREFIX) else DEFAULT_THRESHOLD


def reuse_thresholds(model_name: str, by_words: bool = False) -> tuple[float, float]:
    """(similarity that counts as reuse on its own, anchor similarity that lets looser pairs count)."""
    if by_words:
        return WORDS_REUSE_SIMILARITY, WORDS_REUSE_ANCHOR
    if model_name.startswith(HASHING_PREFIX):
        return HASHING_REUSE_SIMILARITY, HASHING_REUSE_ANCHOR
    return REUSE_SIMILARITY, REUSE_ANCHOR


def move_margin(model_name: str, by_words: bool = False) -> float:
    if by_words:
        return WORDS_MOVE_MARGIN
    return HASHING_MOVE_MARGIN if model_name.startswith(HASHING_PREFIX) else MOVE_MARGIN


class CompareError(ValueError):
    """An article cannot be compared (unknown id, no content); the message says which."""


# --- alignment ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One row of an alignment: rows of A and rows of B (either may be empty) and their similarity.
    ``moved``: the pair is out of the other article's order (a rework that reorders paragraphs)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float | None
    moved: bool = False


def align(emb_a: np.ndarray, emb_b: np.ndarray, threshold: float = DEFAULT_THRESHOLD,
          merge_penalty: float = MERGE_PENALTY, allow_merges: bool = True,
          find_moved: bool = True, moved_margin: float = MOVE_MARGIN) -> list[Step]:
    """Align two articles' paragraphs: in order first, then the ones a rework moved.

    The in-order alignment (``align_in_order``) is what a reader expects when both follow the same
    sequence. Reworks also reorder: the paragraphs it left unaligned on both sides are then paired
    by an optimal assignment over their similarity matrix (``moved``), and a leftover paragraph
    close to an already aligned one joins it (a paragraph split in two, or two merged, at another
    place). Moved pairs are shown where A has them and count in the reuse score.
    """
    steps = align_in_order(emb_a, emb_b, threshold, merge_penalty, allow_merges)
    if not find_moved:
        return steps
    return _add_moved(steps, np.asarray(emb_a, dtype=np.float32), np.asarray(emb_b, dtype=np.float32), threshold,
                      moved_margin)


def _add_moved(steps: list[Step], emb_a: np.ndarray, emb_b: np.ndarray, threshold: float,
               margin: float) -> list[Step]:
    only_a = [s.a[0] for s in steps if s.a and not s.b]
    only_b = [s.b[0] for s in steps if s.b and not s.a]
    if not only_a or not only_b:
        return steps
    sim = emb_a @ emb_b.T
    sub = sim[np.ix_(only_a, only_b)]
    rows, cols = linear_sum_assignment(-sub)
    # Out of order needs more certainty than in order: a looser pair is likely two different things.
    moved = {only_a[r]: only_b[c] for r, c in zip(rows, cols) if sub[r, c] >= threshold + margin}
    taken_b = set(moved.values())
    out: list[Step] = []
    for step in steps:
        if step.a and not step.b and step.a[0] in moved:
            i, j = step.a[0], moved[step.a[0]]
            out.append(Step((i,), (j,), float(sim[i, j]), moved=True))
        elif step.b and not step.a and step.b[0] in taken_b:
            continue
        else:
            out.append(step)
    # A leftover paragraph very close to one already aligned elsewhere: a split or merge there.
    aligned_b = {j: n for n, s in enumerate(out) for j in s.b if s.a}
    merged: dict[int, list[int]] = {}
    for n, step in enumerate(out):
        if step.a and not step.b:
            i = step.a[0]
            j = int(np.argmax(sim[i]))
            if sim[i, j] >= threshold + SPLIT_MARGIN and j in aligned_b:
                merged.setdefault(aligned_b[j], []).append(n)
    if not merged:
        return out
    drop = {n for ns in merged.values() for n in ns}
    result = []
    for n, step in enumerate(out):
        if n in drop:
            continue
        if n in merged:
            rows_a = tuple(sorted(set(step.a) | {out[k].a[0] for k in merged[n]}))
            joined = normalise_rows(emb_a[list(rows_a)].sum(axis=0, keepdims=True))[0]
            similarity = float(max(joined @ emb_b[j] for j in step.b))
            contiguous = rows_a[-1] - rows_a[0] == len(rows_a) - 1
            step = Step(rows_a, step.b, similarity, moved=step.moved or not contiguous)
        result.append(step)
    return result


def join_printed(steps: list[Step], a_texts: list[str], b_texts: list[str], emb_a: np.ndarray,
                 emb_b: np.ndarray) -> list[Step]:
    """A paragraph left unaligned whose words the other article prints inside a paragraph of an
    aligned pair (``cl.words_printed_in``) joins that pair. A rework that merges three or more
    paragraphs into one (a wire's quote, its "he added" and the next statement) leaves each short
    paragraph too far in meaning from the long merged one for any similarity bar, though every word
    of it is there; the joined pair is marked moved when its rows are no longer consecutive."""
    aligned = [n for n, s in enumerate(steps) if s.a and s.b]
    if not aligned:
        return steps
    joins: dict[int, tuple[set[int], set[int]]] = {}
    drop = set()
    for n, step in enumerate(steps):
        if step.a and step.b:
            continue
        on_a = bool(step.a)
        row = (step.a if on_a else step.b)[0]
        text = (a_texts if on_a else b_texts)[row]
        if len(_DIFF_WORD.findall(text)) < PRINTED_IN_MIN_WORDS:
            continue
        # the pair printing it best, the nearest of equals (a sentence two merged paragraphs repeat
        # joins the one beside it)
        scores = [(cl.printed_score(text, "\n".join((b_texts if on_a else a_texts)[r]
                                                     for r in (steps[m].b if on_a else steps[m].a))), -abs(m - n), m)
                  for m in aligned]
        best = max(scores, default=None)
        if best is not None and best[0] >= PRINTED_IN_SCORE:
            rows_a, rows_b = joins.setdefault(best[2], (set(), set()))
            (rows_a if on_a else rows_b).add(row)
            drop.add(n)
    if not joins:
        return steps
    out = []
    for n, step in enumerate(steps):
        if n in drop:
            continue
        if n in joins:
            rows_a = tuple(sorted(set(step.a) | joins[n][0]))
            rows_b = tuple(sorted(set(step.b) | joins[n][1]))
            joined_a = normalise_rows(emb_a[list(rows_a)].sum(axis=0, keepdims=True))[0]
            joined_b = normalise_rows(emb_b[list(rows_b)].sum(axis=0, keepdims=True))[0]
            apart = any(rows[-1] - rows[0] != len(rows) - 1 for rows in (rows_a, rows_b))
            step = Step(rows_a, rows_b, float(joined_a @ joined_b), moved=step.moved or apart)
        out.append(step)
    return out


def _block(emb: np.ndarray, rows: tuple[int, ...]) -> np.ndarray:
    """The normalised sum of ``rows``' vectors: a passage of several paragraphs as one."""
    return normalise_rows(emb[list(rows)].sum(axis=0, keepdims=True))[0]


def join_contained(steps: list[Step], emb_a: np.ndarray, emb_b: np.ndarray, threshold: float) -> list[Step]:
    """A paragraph left unaligned that is as close to an aligned pair's other side as the alignment's
    bar joins that pair: across languages, where ``join_printed`` finds no printed words. A report that
    merges several of the other's paragraphs into one long one aligns in order with one or two of them;
    each other one is a part of the long one's meaning, as close to it as an aligned pair, yet left
    "only in B" (review s32: NRC's first paragraph says what three of the Telegraph's do). Closest
    first, each to the pair it is closest to; marked moved when the joined rows are no longer
    consecutive. The pair's similarity is the joined passages', never above the pair's own."""
    emb_a, emb_b = np.asarray(emb_a, dtype=np.float32), np.asarray(emb_b, dtype=np.float32)
    steps = list(steps)
    while True:
        aligned = [m for m, s in enumerate(steps) if s.a and s.b]
        best = None
        for on_a, own, other in ((True, emb_a, emb_b), (False, emb_b, emb_a)):
            left = [n for n, s in enumerate(steps) if (s.a if on_a else s.b) and not (s.b if on_a else s.a)]
            if not left or not aligned:
                continue
            rows = [(steps[n].a if on_a else steps[n].b)[0] for n in left]
            blocks = np.stack([_block(other, steps[m].b if on_a else steps[m].a) for m in aligned])
            close = own[rows] @ blocks.T                    # each leftover against each pair's other side
            i, k = np.unravel_index(int(np.argmax(close)), close.shape)
            if close[i, k] >= threshold and (best is None or close[i, k] > best[0]):
                best = (float(close[i, k]), left[i], aligned[k], on_a)
        if best is None:
            return steps
        _, n, m, on_a = best
        pair, row = steps[m], (steps[n].a or steps[n].b)[0]
        rows_a = tuple(sorted(pair.a + (row,))) if on_a else pair.a
        rows_b = pair.b if on_a else tuple(sorted(pair.b + (row,)))
        apart = any(rows[-1] - rows[0] != len(rows) - 1 for rows in (rows_a, rows_b))
        # never closer than the pair the alignment found: a join says where a paragraph's meaning is, it
        # does not make two reports on one theme read as reuse (tagesschau vs NRC, set 27: 0% -> 69%)
        joined = float(_block(emb_a, rows_a) @ _block(emb_b, rows_b))
        steps[m] = Step(rows_a, rows_b, min(joined, pair.similarity if pair.similarity is not None else joined),
                        moved=pair.moved or apart)
        del steps[n]


def align_in_order(emb_a: np.ndarray, emb_b: np.ndarray, threshold: float = DEFAULT_THRESHOLD,
                   merge_penalty: float = MERGE_PENALTY, allow_merges: bool = True) -> list[Step]:
    """Monotonic alignment of two sequences of L2-normalised embeddings.

    Maximises the sum of ``similarity - threshold`` over aligned paragraphs. A 1:2 or 2:1 merge is
    allowed when both halves align on their own; it scores the similarity to the (normalised) sum
    of the two embeddings once per merged paragraph, less ``merge_penalty``.
    """
    emb_a = np.asarray(emb_a, dtype=np.float32)
    emb_b = np.asarray(emb_b, dtype=np.float32)
    n, m = len(emb_a), len(emb_b)
    sim = emb_a @ emb_b.T if n and m else np.zeros((n, m), dtype=np.float32)
    merge_ab = merge_ba = None
    if allow_merges and n and m > 1:
        merge_b = normalise_rows(emb_b[:-1] + emb_b[1:])        # B rows j, j+1
        merge_ab = emb_a @ merge_b.T                            # (n, m-1)
    if allow_merges and m and n > 1:
        merge_a = normalise_rows(emb_a[:-1] + emb_a[1:])
        merge_ba = merge_a @ emb_b.T                            # (n-1, m)
    score = np.zeros((n + 1, m + 1), dtype=np.float64)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 stop, 1 diag, 2 up (A gap), 3 left (B gap), 4 a:bb, 5 aa:b
    move[1:, 0] = 2
    move[0, 1:] = 3
    floor = threshold  # each half of a merge must align on its own
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, how = score[i - 1, j], 2
            if score[i, j - 1] > best:
                best, how = score[i, j - 1], 3
            diag = score[i - 1, j - 1] + sim[i - 1, j - 1] - threshold
            if diag > best:
                best, how = diag, 1
            if merge_ab is not None and j >= 2 and min(sim[i - 1, j - 2], sim[i - 1, j - 1]) >= floor:
                val = score[i - 1, j - 2] + 2 * (merge_ab[i - 1, j - 2] - threshold) - merge_penalty
                if val > best:
                    best, how = val, 4
            if merge_ba is not None and i >= 2 and min(sim[i - 2, j - 1], sim[i - 1, j - 1]) >= floor:
                val = score[i - 2, j - 1] + 2 * (merge_ba[i - 2, j - 1] - threshold) - merge_penalty
                if val > best:
                    best, how = val, 5
            score[i, j], move[i, j] = best, how
    steps: list[Step] = []
    i, j = n, m
    while i > 0 or j > 0:
        how = move[i, j]
        if how == 1:
            steps.append(Step((i - 1,), (j - 1,), float(sim[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif how == 4:
            steps.append(Step((i - 1,), (j - 2, j - 1), float(merge_ab[i - 1, j - 2])))
            i, j = i - 1, j - 2
        elif how == 5:
            steps.append(Step((i - 2, i - 1), (j - 1,), float(merge_ba[i - 2, j - 1])))
            i, j = i - 2, j - 1
        elif how == 2:
            steps.append(Step((i - 1,), (), None))
            i -= 1
        else:
            steps.append(Step((), (j - 1,), None))
            j -= 1
    steps.reverse()
    return steps


# --- word diff ----------------------------------------------------------------------------

_DIFF_WORD = re.compile(r"[\w$€£%]+(?:[''\u2019.,*-][\w*]+)*", re.UNICODE)
# Inline styles, so the same markup works in st.markdown and in a standalone HTML export.
STYLE = {
    "del": "background:#fbd5d2;color:#7a1616;border-radius:3px;padding:0 2px",
    "ins": "background:#cdeccf;color:#114d17;text-decoration:none;border-radius:3px;padding:0 2px",
    "chg": "background:#fde9a9;color:#5c4400;border-radius:3px;padding:0 2px",
}
_TAGS = {"del": "del", "ins": "ins", "chg": "mark"}


@dataclass(frozen=True)
class WordDiff:
    """Character spans of each side that differ: ("del"|"chg", start, end) for A, ("ins"|"chg", ...) for B."""

    a_spans: tuple[tuple[str, int, int], ...]
    b_spans: tuple[tuple[str, int, int], ...]
    verbatim_a: int   # words of A kept verbatim in B
    words_a: int
    verbatim_b: int
    words_b: int


def _word_key(word: str) -> str:
    return fold_letters(word.lower().replace("\u2019", "'"))


def word_diff(a_text: str, b_text: str) -> WordDiff:
    """Word-level diff (punctuation ignored, case-insensitive) as character spans of each text."""
    wa, wb = list(_DIFF_WORD.finditer(a_text)), list(_DIFF_WORD.finditer(b_text))
    sm = difflib.SequenceMatcher(a=[_word_key(w.group()) for w in wa], b=[_word_key(w.group()) for w in wb],
                                 autojunk=False)
    a_spans, b_spans, same = [], [], 0
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            same += i2 - i1
            continue
        if i2 > i1:
            a_spans.append(("chg" if tag == "replace" else "del", wa[i1].start(), wa[i2 - 1].end()))
        if j2 > j1:
            b_spans.append(("chg" if tag == "replace" else "ins", wb[j1].start(), wb[j2 - 1].end()))
    return WordDiff(tuple(a_spans), tuple(b_spans), same, len(wa), same, len(wb))


def render_marked(text: str, spans: tuple[tuple[str, int, int], ...]) -> str:
    """Escape ``text`` piecewise and wrap each span in its diff tag; never emits raw article text."""
    out, pos = [], 0
    for kind, start, end in sorted(spans, key=lambda s: s[1]):
        if start < pos:
            continue
        out.append(escape_text(text[pos:start]))
        tag = _TAGS[kind]
        out.append(f'<{tag} class="nl-{kind}" style="{STYLE[kind]}">{escape_text(text[start:end])}</{tag}>')
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)


# --- the comparison -----------------------------------------------------------------------

@dataclass
class ArticleSide:
    article_id: str
    outlet: str
    title: str
    published: str | None
    date_text: str          # "2025-09-25", or "on or after 2025-09-25", or "date unknown"
    paragraph_ids: list[str]
    texts: list[str]
    embeddings: np.ndarray
    language: str | None = None
    reader_date: str = "date unknown"   # as the Reader says it: "29 May 2024" (``dates.describe_date``)
    date_iso: str | None = None         # ``dates.iso_date``: date_text, None when undated
    title_source: str = TitleSource.HEADLINE   # where the title comes from (``schema.title_source``)
    days: tuple[int, int] | None = None  # publication days, first and last (ordinals), None unless both known

    @property
    def label(self) -> str:
        return f"{self.outlet} ({self.date_text})"

    @property
    def display_title(self) -> str:
        """The title as a heading shows it (``schema.shown_title``): plain text, escape it."""
        return shown_title(self.title, self.title_source)

    def words(self, rows: tuple[int, ...]) -> int:
        return sum(len(_DIFF_WORD.findall(self.texts[r])) for r in rows)


@dataclass
class AlignedPair:
    """One row of the side-by-side view. ``a_rows``/``b_rows`` index the sides' paragraph lists."""

    a_rows: tuple[int, ...]
    b_rows: tuple[int, ...]
    similarity: float | None
    a_text: str | None
    b_text: str | None
    a_ids: tuple[str, ...]
    b_ids: tuple[str, ...]
    diff: WordDiff | None = None
    moved: bool = False       # aligned out of order: the rework moved (or split/merged) this passage
    # A translation the model cannot read (``anchors``): paired by the names and numbers in ``shared``,
    # or by position and length between such pairs; otherwise by similarity.
    paired_by: str = PAIRED_BY_SIMILARITY
    shared: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.a_rows and self.b_rows:
            return "aligned"
        return "only in A" if self.a_rows else "only in B"


@dataclass
class HedgeFlag:
    """A hedge one side keeps and the other drops. ``dropped_by`` is "A" or "B".

    ``other_sentence``: the sentence of the other report that states the hedged claim without a
    hedge, when its aligned passage hedges elsewhere (so the drop is found sentence by sentence).
    """

    dropped_by: str
    family: str
    kept_text: str             # the hedge words as the keeping side wrote them
    kept_paragraph_id: str
    other_paragraph_ids: tuple[str, ...]   # the aligned paragraph that lacks it; empty: article-level
    other_uses_elsewhere: bool
    other_sentence: str = ""

    @property
    def message(self) -> str:
        keeper = "A" if self.dropped_by == "B" else "B"
        where = ("in the aligned passage" if self.other_paragraph_ids else "anywhere in the article")
        tail = " (it uses it elsewhere)" if self.other_uses_elsewhere else ""
        family = "" if self.kept_text.lower() == self.family else f" ({self.family})"
        stated = f", which states it as \"{_clip(self.other_sentence)}\"" if self.other_sentence else ""
        return f"{self.dropped_by} drops the hedge '{self.kept_text}'{family} that {keeper} keeps, {where}{stated}{tail}"


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class Reuse:
    """How much of each article the other covers.

    ``a_in_b``: share of A's words in paragraphs aligned to B that render the same text or claim
    (meaning reused, maybe reworded; loosely similar paragraphs on one theme are not reuse);
    ``verbatim_a``: share of A's words that appear word for word in the aligned B paragraph.
    """

    a_in_b: float
    b_in_a: float
    verbatim_a: float
    verbatim_b: float
    mean_similarity: float | None
    moved: int = 0            # aligned passages that are out of order (counted in the shares above)
    loose: int = 0            # aligned passages only loosely similar, not counted as reuse
    # pairs counted above that the model did not compare by meaning (a translation, ``anchors``):
    # matched by shared names and numbers, or placed by order and length between such pairs
    by_specifics: int = 0
    by_order: int = 0

    def unread_text(self) -> str:
        """'not compared by meaning: 2 pairs by specifics, 3 placed by order' ('' when every pair was)."""
        if not self.by_specifics and not self.by_order:
            return ""
        placed = f", {self.by_order} placed by order between them" if self.by_order else ""
        return (f"not compared by meaning: {self.by_specifics} pair{'s' if self.by_specifics != 1 else ''} "
                f"by specifics{placed}")

    @property
    def loose_note(self) -> str:
        """What the shares leave out, said beside them: a "0%" over five aligned rows read as "nothing
        shared" (review s31, fi11 vs ro09: five loose pairs across languages)."""
        return (f"{self.loose} aligned pair{'s' if self.loose != 1 else ''} not counted"
                if self.loose else "")

    def summary(self) -> str:
        moved = (f"; {self.moved} passage{'s' if self.moved != 1 else ''} moved to another place"
                 if self.moved else "")
        if self.loose:
            moved += (f"; {self.loose} aligned passage{'s are' if self.loose != 1 else ' is'} not counted as "
                      f"reuse (the reuse rule: the side by side's caption)")
        if self.unread_text():
            moved += f"; {self.unread_text()}"
        return (f"{self.a_in_b:.0%} of A is aligned to B ({self.verbatim_a:.0%} word for word); "
                f"{self.b_in_a:.0%} of B is aligned to A ({self.verbatim_b:.0%} word for word){moved}")


@dataclass
class Comparison:
    a: ArticleSide
    b: ArticleSide
    threshold: float
    model_name: str
    pairs: list[AlignedPair]
    claims_a: cl.ClaimSet
    claims_b: cl.ClaimSet
    quote_matches: list[cl.QuoteMatch]
    quantities: list[cl.QuantityMatch]
    hedge_flags: list[HedgeFlag]
    reuse: Reuse
    notes: list[str] = field(default_factory=list)
    # The reuse rule's two bars as this comparison applied them (a multilingual model's shift taken
    # off across languages): what the view's strong / close / loose badges must say too.
    reuse_bars: tuple[float, float] = (REUSE_SIMILARITY, REUSE_ANCHOR)
    by_words: bool = False    # aligned by shared words: the model does not compare a side's language
    by_names: bool = False    # two languages the model does not both read, paired by names and numbers (anchors)
    # the aligned pairs counted as reuse (``reused_pairs``), by their rows of A: the view says which are not
    reused_rows: frozenset[tuple[int, ...]] = frozenset()

    @property
    def aligned_by(self) -> str:
        return BY_NAMES if self.by_names else BY_WORDS if self.by_words else BY_MEANING

    def aligned_ids(self) -> set[tuple[str, str]]:
        return {(x, y) for p in self.pairs for x in p.a_ids for y in p.b_ids}


def resolve_article_id(snapshot: Snapshot, key: str) -> str:
    """``store.resolve_article_id``, its error as a ``CompareError`` (what compare's callers catch)."""
    try:
        return store.resolve_article_id(snapshot, key)
    except store.UnknownArticle as exc:
        raise CompareError(str(exc)) from None


def reading_order(paragraphs: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """``rows`` of ``paragraphs`` (one article's) in the order the article prints them."""
    order = np.argsort(paragraphs[ParagraphCol.POSITION].to_numpy()[rows] * 1000
                       + paragraphs[ParagraphCol.PART].to_numpy()[rows], kind="stable")
    return rows[order]


def article_side(snapshot: Snapshot, article_id: str) -> ArticleSide:
    """An article's content paragraphs (no headings, captions or furniture) with their embeddings."""
    articles = snapshot.articles
    row = articles[articles[ArticleCol.ID] == article_id]
    if row.empty:
        raise CompareError(f"no article {article_id!r} in snapshot {snapshot.snapshot_id}")
    meta = row.iloc[0]
    paragraphs = snapshot.paragraphs
    mask = ((paragraphs[ParagraphCol.ARTICLE_ID] == article_id)
            & paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)).to_numpy()
    rows = reading_order(paragraphs, np.flatnonzero(mask))
    published = meta[ArticleCol.PUBLISHED]
    published = None if published is None or pd.isna(published) else str(published)
    said = article_dates(row).iloc[0]
    first, last = meta[ArticleCol.DATE_START], meta[ArticleCol.DATE_END]
    known = not (first is None or last is None or pd.isna(first) or pd.isna(last))
    return ArticleSide(
        article_id=article_id,
        outlet=outlet_label(meta[ArticleCol.OUTLET], meta[ArticleCol.DOMAIN]),
        title=cell_text(meta[ArticleCol.TITLE]) or "",     # a NaN title is no title, not "nan"
        published=published,
        date_text=iso_date_text(published, meta[ArticleCol.DATE_START], meta[ArticleCol.DATE_END]),
        paragraph_ids=paragraphs[ParagraphCol.ID].to_numpy()[rows].astype(str).tolist(),
        # str per text, never numpy's astype(str): its copy is fixed-width (rows x the longest text)
        texts=[str(t) for t in paragraphs[ParagraphCol.TEXT].to_numpy()[rows].tolist()],
        embeddings=np.asarray(snapshot.embeddings[rows], dtype=np.float32),
        language=cell_text(meta[ArticleCol.LANGUAGE]),
        reader_date=said[DATE], date_iso=said[DATE_ISO], title_source=title_source(meta[ArticleCol.TITLE_NOTE]),
        days=(pd.Timestamp(first).toordinal(), pd.Timestamp(last).toordinal()) if known else None,
    )


def unmarked(a_text: str, b_text: str) -> WordDiff:
    """Two passages in two languages: no word is "kept" or "changed" between them (a name or a
    cognate, German "Soldat" and Romanian "soldat", read as copied word for word; set 28's review)."""
    return WordDiff((), (), 0, len(_DIFF_WORD.findall(a_text)), 0, len(_DIFF_WORD.findall(b_text)))


def _pair_from_step(step: Step, a: ArticleSide, b: ArticleSide) -> AlignedPair:
    a_text = "\n".join(a.texts[r] for r in step.a) if step.a else None
    b_text = "\n".join(b.texts[r] for r in step.b) if step.b else None
    across = bool(a.language and b.language) and not languages.same_language(a.language, b.language)
    diff = None if a_text is None or b_text is None else unmarked(a_text, b_text) if across \
        else word_diff(a_text, b_text)
    return AlignedPair(step.a, step.b, None if step.similarity is None else round(step.similarity, 3),
                       a_text, b_text, tuple(a.paragraph_ids[r] for r in step.a),
                       tuple(b.paragraph_ids[r] for r in step.b), diff, step.moved)


# A quote the quote patterns leave (a German quote closed with a straight mark, a quote running on
# into the next paragraph, never closed): from its opening mark to the first mark that can close it,
# or to the paragraph's end.
_OPEN_QUOTE = re.compile(r'(?<![\w"])["\u201c\u201e\u00ab]')
_CLOSERS = {'"': '"', "\u201c": "\u201d\u201c", "\u201e": "\u201c\u201d\"", "\u00ab": "\u00bb"}


def _unquoted(text: str) -> list[str]:
    """``text`` cut at each quote the quote patterns did not take (see ``_OPEN_QUOTE``)."""
    pieces, pos, start = [], 0, 0
    while (m := _OPEN_QUOTE.search(text, start)) is not None:
        close = min((i for i in (text.find(c, m.end()) for c in _CLOSERS[m.group()]) if i >= 0), default=len(text))
        if close < len(text) and len(_DIFF_WORD.findall(text[m.end():close])) < cl.MIN_QUOTE_WORDS:
            start = close + 1          # a scare-quoted word ("services") is text, as for extract_quotes
            continue
        pieces.append(text[pos:m.start()])
        pos = start = close + 1
    return pieces + [text[pos:]]


def copied_run(a_text: str, b_text: str) -> int:
    """The longest run of words two passages share word for word outside quotation marks (case and
    punctuation ignored; a quote is cut out, so a run never spans one)."""
    def words(text: str, side: str) -> list[str]:
        out, pos = [], 0
        for q in cl.extract_quotes(text):      # in reading order, without overlaps
            out += [_word_key(w.group()) for w in _DIFF_WORD.finditer(text[pos:q.start])] + [f"\0{side}{q.start}"]
            pos = q.end
        for n, piece in enumerate(_unquoted(text[pos:])):
            out += ([f"\0{side}q{n}"] if n else []) + [_word_key(w.group()) for w in _DIFF_WORD.finditer(piece)]
        return out
    a_words, b_words = words(a_text, "a"), words(b_text, "b")
    # the longest match alone (get_matching_blocks recurses and is cubic on repetitive text)
    sm = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
    return sm.find_longest_match(0, len(a_words), 0, len(b_words)).size


def reused_pairs(pairs: list[AlignedPair], min_similarity: float, anchor: float) -> list[AlignedPair]:
    """The aligned pairs that count as reuse: close pairs, and looser ones where the two articles
    share an anchor passage (a rework rewords some passages around ones it keeps): one this close,
    or one that copies ``REUSE_ANCHOR_WORDS`` words running."""
    aligned = [p for p in pairs if p.status == "aligned"]
    sims = [p.similarity for p in aligned if p.similarity is not None]
    close = [p for p in aligned if p.similarity is None or p.similarity >= min_similarity]
    # Two articles of several paragraphs sharing one close paragraph pair and nothing else (nothing as
    # close as an anchor, nothing copied) share a theme or a fact, not a text: two reports of different
    # executions open alike. A one-paragraph post and its re-report keep their pair.
    lone = len(close) == 1 and close[0].similarity is not None and _several_paragraphs(pairs)
    anchored = bool(sims) and max(sims) >= anchor
    if not anchored and (len(close) < len(aligned) or lone):
        anchored = any(copied_run(p.a_text or "", p.b_text or "") >= REUSE_ANCHOR_WORDS for p in aligned)
    if anchored:
        return aligned
    return [] if lone else close


def reuse_rule_text(bars: tuple[float, float]) -> str:
    """The reuse rule (``reused_pairs``) in words, at the bars a comparison applied: said once here for
    the side-by-side caption, the tiles, the chart's stamp and the export (review s32: the caption said
    close pairs count while a close pair was marked "alone: no reuse")."""
    close, strong = bars
    return (f"an aligned pair counts as reuse from {close:.2f} (close); once one reaches {strong:.2f} (strong) "
            f"or copies {REUSE_ANCHOR_WORDS} words running, every aligned pair counts (loose, counted); a close "
            f"pair alone between articles of several paragraphs is a shared theme (alone: not counted)")


def uncounted_text(comparison: "Comparison", *, brief: bool = False) -> str:
    """Why both shares are 0% though paragraphs were aligned ('' otherwise): a flat 0% on a slide reads
    as "nothing in common" (review s32: a Dutch report and its English re-report, two pairs aligned).
    ``brief``: without the advice, for a chart's subtitle."""
    r = comparison.reuse
    if r.a_in_b or r.b_in_a or not r.loose:
        return ""
    close = [p for p in comparison.pairs if p.status == "aligned" and p.similarity is not None
             and p.similarity >= comparison.reuse_bars[0]]
    across = bool(comparison.a.language and comparison.b.language
                  and not languages.same_language(comparison.a.language, comparison.b.language))
    why = ("its one close pair alone reads as a shared theme" if len(close) == 1 else
           f"none reaches {comparison.reuse_bars[0]:.2f}{' across languages' if across else ''}")
    advice = ("; the bars are lowered across languages, yet a translated re-report can read lower still: "
              "check the side by side" if across and not brief else "")
    return (f"0% carried: {r.loose} paragraph pair{'s are' if r.loose != 1 else ' is'} aligned, none counted as "
            f"reuse: {why}{advice}")


def _several_paragraphs(pairs: list[AlignedPair]) -> bool:
    """Both articles of an alignment hold two paragraphs or more."""
    return min(len({r for p in pairs for r in p.a_rows}), len({r for p in pairs for r in p.b_rows})) >= 2


def compute_reuse(pairs: list[AlignedPair], a: ArticleSide, b: ArticleSide, reused: list[AlignedPair]) -> Reuse:
    """Reuse of ``a`` and ``b`` from their aligned ``pairs``, of which ``reused`` (``reused_pairs``) count."""
    total_a, total_b = a.words(tuple(range(len(a.texts)))), b.words(tuple(range(len(b.texts))))
    aligned = reused
    loose = sum(p.status == "aligned" for p in pairs) - len(aligned)
    in_a = sum(a.words(p.a_rows) for p in aligned)
    in_b = sum(b.words(p.b_rows) for p in aligned)
    same_a = sum(p.diff.verbatim_a for p in aligned if p.diff)
    same_b = sum(p.diff.verbatim_b for p in aligned if p.diff)
    sims = [p.similarity for p in aligned if p.similarity is not None]
    share = lambda x, total: round(x / total, 3) if total else 0.0
    return Reuse(share(in_a, total_a), share(in_b, total_b), share(same_a, total_a), share(same_b, total_b),
                 round(float(np.mean(sims)), 3) if sims else None, sum(p.moved for p in aligned), loose,
                 sum(p.paired_by == PAIRED_BY_NAMES for p in aligned),
                 sum(p.paired_by == PAIRED_BY_POSITION for p in aligned))


def _pair_texts(pairs: list[AlignedPair]) -> dict[str, str]:
    """Paragraph id -> text, read back from the pairs (a merged side joins its paragraphs by lines)."""
    out: dict[str, str] = {}
    for p in pairs:
        for ids, text in ((p.a_ids, p.a_text), (p.b_ids, p.b_text)):
            parts = (text or "").split("\n")
            if ids and len(parts) == len(ids):
                out.update(zip(ids, parts))
    return out


def _own_sentence(h: cl.Hedge, texts: dict[str, str]) -> cl.Sentence | None:
    """The sentence of its paragraph that the hedge ``h`` stands in."""
    if h.paragraph_id not in texts:
        return None
    return next((s for s in cl.split_claims(texts[h.paragraph_id], h.paragraph_id) if s.start <= h.start < s.end), None)


def _on_its_sentence_claim(h: cl.Hedge, texts: dict[str, str]) -> bool:
    """A whole-report disclaimer ``h`` written as a concessive clause after a claim someone makes in
    its own sentence ("The brigade asserted that ..., although the BBC has not verified this"): it
    hedges that claim, not the report. The clause opens with a concessive word (config/hedges.yaml
    ``article_level_clause``), at least ``compare.article_level_clause_words`` words into the sentence,
    and runs to the disclaimer without a break (a bracket is none); the words before it attribute a claim (a reporting
    verb, ``claims.attributes``, or a claim verb, ``claims.ONWARD_FAMILIES``). Not "X has contacted the ministry but could not
    verify the video": no one's claim before it, the outlet's own disclaimer."""
    own, clause = _own_sentence(h, texts), cl.ARTICLE_LEVEL_CLAUSE
    if own is None or clause is None:
        return False
    before = texts[h.paragraph_id][own.start:h.start]
    opening = next(reversed(list(clause.finditer(before))), None)   # the last: the disclaimer's clause
    # (a bracket inside the clause is no break: "although the claim (made on Telegram) could not be ...")
    if opening is None or any(mark in re.sub(r"\([^()]*\)", "", before[opening.end():]) for mark in ",;:\u2013\u2014"):
        return False
    claim = before[:opening.start()].rstrip()
    said = cl.extract_hedges(claim)
    return (len(claim.split()) >= cl.ARTICLE_LEVEL_CLAUSE_WORDS
            and (cl.attributes(claim, said) or any(h.family in cl.ONWARD_FAMILIES for h in said)))


def _restatement(h: cl.Hedge, texts: dict[str, str], their_sentences: list[cl.Sentence]) -> cl.Sentence | None:
    """The other passage's sentence closest to the claim ``h`` hedges (claim words shared, at least
    ``compare.hedge_claim_overlap``), or None when it does not restate that claim."""
    own = _own_sentence(h, texts)
    if own is None:
        return None
    scored = [(cl.claim_overlap(own.words, s.words), s) for s in their_sentences]
    scored = [(v, s) for v, s in scored if v >= cl.CLAIM_OVERLAP]
    return max(scored, key=lambda vs: vs[0])[1] if scored else None


def _specific_restatement(h: cl.Hedge, texts: dict[str, str], their_sentences: list[cl.Sentence],
                          own_language: str | None, their_language: str | None) -> cl.Sentence | None:
    """Across languages, where claim words cannot be compared: the other passage's sentence sharing
    the most of the numbers and names of the sentence ``h`` hedges, when it shares at least
    ``compare.hedge_claim_specifics`` of them (all, where the sentence has fewer); None when the
    hedged sentence has none (nothing tells whether the other passage makes that claim)."""
    own = _own_sentence(h, texts)
    if own is None:
        return None
    rules = knowledge.story_rules()
    mine = ev.claim_specifics(own.text, own_language, rules, HEDGE_NAME_ZIPF)
    if not mine:
        return None
    need = min(HEDGE_CLAIM_SPECIFICS, len(mine))
    scored = [(ev.claim_specifics_shared(mine, ev.claim_specifics(s.text, their_language, rules, HEDGE_NAME_ZIPF),
                                         rules), s)
              for s in their_sentences]
    scored = [(v, s) for v, s in scored if v >= need]
    return max(scored, key=lambda vs: vs[0])[1] if scored else None


def _neighbours(sentence: cl.Sentence, sentences: list[cl.Sentence]) -> list[cl.Sentence]:
    """The sentences just before and after ``sentence`` in its paragraph."""
    i = next(k for k, s in enumerate(sentences) if s is sentence)
    return [s for s in sentences[max(i - 1, 0):i + 2] if s is not sentence and s.paragraph_id == sentence.paragraph_id]


def _says_part_of(words: frozenset[str], hedged: cl.Sentence, restatement: cl.Sentence) -> bool:
    """Whether a sentence of claim ``words`` beside ``restatement`` says the part of the ``hedged``
    sentence that the restatement leaves out (a claim split in two: "... hungry soldiers accused of
    looting shops and begging for food" / "They have been accused of robbing shops and begging for
    food"): at least ``compare.hedge_nearby_share`` of its words are the hedged sentence's, as much of
    those are words the restatement lacks, and one of those is no name. Another claim about the same
    brigade near the same town ("The 155th brigade reportedly lost half its men near Vuhledar") shares
    only words the restatement says already. One of no claim words of its own ("This could not be
    verified.") speaks of the sentence beside it."""
    if not words:
        return True
    shared = words & hedged.words
    part = shared - restatement.words
    return (len(shared) >= HEDGE_NEARBY_SHARE * len(words) and len(part) >= HEDGE_NEARBY_SHARE * len(shared)
            and bool(part - cl.claim_names(hedged.text)))


def _adds_specifics(hedged: cl.Sentence, beside: cl.Sentence, restatement: cl.Sentence,
                    own_language: str | None, their_language: str | None) -> bool:
    """Across languages: whether ``beside`` holds one of the ``hedged`` sentence's numbers and names
    that ``restatement`` lacks (the part split off), not only those it says already (another claim
    about the same brigade and town)."""
    rules = knowledge.story_rules()
    specifics = lambda s, language: ev.claim_specifics(s.text, language, rules, HEDGE_NAME_ZIPF)
    theirs = specifics(restatement, their_language)
    lacked = {t for t in specifics(hedged, own_language) if not ev.claim_specifics_shared({t}, theirs, rules)}
    return ev.claim_specifics_shared(lacked, specifics(beside, their_language), rules) > 0


def hedge_flags(pairs: list[AlignedPair], hedges_a: list[cl.Hedge], hedges_b: list[cl.Hedge],
                texts: dict[str, str] | None = None, same_language: bool | None = None,
                languages_ab: tuple[str | None, str | None] = (None, None), read_passages: bool = True) -> list[HedgeFlag]:
    """Hedges (alleged, reportedly, unverified...) one side keeps for a claim the other side states
    without any hedge; and whole-report disclaimers (``article_level`` in config/hedges.yaml) the
    other report never makes. Families and patterns live in config/hedges.yaml.

    Where the other passage carries no hedge at all, the passage (the same claim: ``pairs`` are the
    reused ones) drops it. Where it hedges somewhere, the check goes sentence by sentence: the
    hedged sentence is dropped when the other passage's closest restatement of it (claim words
    shared, ``compare.hedge_claim_overlap``) carries no hedge. So a one-paragraph lead that
    states as fact what the other report hedges is found even when the same paragraph also quotes
    the hedged statement; a hedge kept on the same sentence is no drop. With ``same_language`` (the
    two reports in one language, where claim words can be compared) a passage without any hedge
    drops only the hedges on claims it restates: a reworded passage that leaves the hedged sentence
    out makes no claim to compare (``same_language`` not given: one language unless ``languages_ab``
    says two). Across languages (``languages_ab``: A's and B's) it drops those
    whose claim it restates by numbers and names (``_specific_restatement``): a translation cut off
    before the hedged sentence, or one that keeps the claim as someone's in words the attribution
    patterns miss, is no drop unless it restates that claim's specifics without a hedge. Without
    ``read_passages`` (a translation's pairs, placed by names and lengths, not read) only the
    whole-report disclaimers are compared."""
    texts = {**_pair_texts(pairs), **(texts or {})}
    flags: list[HedgeFlag] = []
    if same_language is None:     # not said: one language unless both are known and differ
        same_language = None in languages_ab or languages.same_language(*languages_ab)

    def scan(keep: list[cl.Hedge], other: list[cl.Hedge], dropped_by: str, keep_ids, other_ids,
             own_language: str | None, their_language: str | None) -> None:
        other_families = {h.family for h in other}
        by_para: dict[str, list[cl.Hedge]] = {}
        for h in other:
            by_para.setdefault(h.paragraph_id, []).append(h)
        flagged: set[str] = set()
        seen: set[tuple[str, str]] = set()

        def restated(h: cl.Hedge, their_sentences: list[cl.Sentence]) -> cl.Sentence | None:
            # in one language by claim words, across two by numbers and names
            if same_language:
                return _restatement(h, texts, their_sentences)
            return _specific_restatement(h, texts, their_sentences, own_language, their_language)

        def kept_nearby(h: cl.Hedge, best: cl.Sentence, their_sentences: list[cl.Sentence]) -> bool:
            # a rework moves a hedge to the sentence before or after the claim, or splits the claim in two:
            # the hedged sentence beside it says the part of the claim that ``best`` leaves out
            own = _own_sentence(h, texts)
            return own is not None and any(
                s.keeps(h.family) and (_says_part_of(s.words, own, best) if same_language else
                                       restated(h, [s]) is not None
                                       and _adds_specifics(own, s, best, own_language, their_language))
                for s in _neighbours(best, their_sentences))

        def flagged_here(mine) -> set[str]:
            return {family for pid, family in seen if pid in mine}

        def flag(h: cl.Hedge, theirs, sentence: str = "") -> None:
            flags.append(HedgeFlag(dropped_by, h.family, h.text, h.paragraph_id, tuple(theirs),
                                   h.family in other_families, sentence))
            flagged.add(h.family)
            seen.add((h.paragraph_id, h.family))

        for pair in pairs if read_passages else []:
            mine, theirs = keep_ids(pair), other_ids(pair)
            if not mine or not theirs:
                continue
            kept = [h for h in keep if h.paragraph_id in mine and h.family in cl.STRONG_HEDGES]
            if not kept:
                continue
            # A hedge on the source ("claims", "reportedly") is kept by an attribution ("..., X said"):
            # where the other passage attributes, those are compared claim by claim.
            attributed = any(cl.attributes(texts.get(pid, ""), by_para.get(pid, [])) for pid in theirs)
            deferred = [h for h in kept if attributed and h.family in cl.ATTRIBUTION_COVERS]
            their_sentences = [s for pid in theirs for s in cl.split_claims(texts.get(pid, ""), pid)]
            if not any(h.family in cl.STRONG_HEDGES for pid in theirs for h in by_para.get(pid, [])):
                for h in kept:
                    if h.family in flagged_here(mine) or h in deferred:
                        continue
                    best = restated(h, their_sentences)
                    if best is not None:
                        flag(h, (best.paragraph_id,), best.text)
                if not deferred:
                    continue
                kept = deferred
            # The other passage hedges (or attributes) somewhere: compare claim by claim.
            for h in kept:
                if h.family in flagged_here(mine):
                    continue
                best = restated(h, their_sentences)
                if best is not None and not best.keeps(h.family) and not kept_nearby(h, best, their_sentences):
                    flag(h, (best.paragraph_id,), best.text)
        # A disclaimer about the whole report (article-level family) is dropped when the other
        # report, telling the same story (some passage aligned), never says it anywhere.
        if not any(p.a_ids and p.b_ids for p in pairs):
            return
        for h in keep:
            if (h.family in cl.ARTICLE_LEVEL_HEDGES and h.family not in other_families
                    and h.family not in flagged and not _on_its_sentence_claim(h, texts)):
                flags.append(HedgeFlag(dropped_by, h.family, h.text, h.paragraph_id, (), False))
                flagged.add(h.family)

    scan(hedges_a, hedges_b, "B", lambda p: p.a_ids, lambda p: p.b_ids, *languages_ab)
    scan(hedges_b, hedges_a, "A", lambda p: p.b_ids, lambda p: p.a_ids, *languages_ab[::-1])
    # Article-level drops first: "B never says it could not be verified" matters most.
    return sorted(flags, key=lambda f: (bool(f.other_paragraph_ids), f.dropped_by))


def compare_articles(snapshot: Snapshot, a_id: str, b_id: str, *, threshold: float | None = None,
                     allow_merges: bool = True) -> Comparison:
    """Align, diff and extract what changed between article ``a_id`` and article ``b_id``."""
    a = article_side(snapshot, resolve_article_id(snapshot, a_id))
    b = article_side(snapshot, resolve_article_id(snapshot, b_id))
    given = default_threshold(snapshot.model_name) if threshold is None else float(threshold)
    notes = []
    uncovered = words_only_languages(snapshot.model_name, a, b)
    by_words = bool(uncovered)
    # Two languages the model does not both read: a translation is paired by its names and numbers.
    translation = (anchors.compare_translation(a.texts, b.texts, a.language, b.language, anchors.corpus_rarity(snapshot))
                   if by_words and a.language and b.language
                   and not languages.same_language(a.language, b.language) else [])
    if translation:
        notes.append(translation_note(snapshot.model_name, uncovered, translation))
    elif by_words:
        notes.append(f"{snapshot.model_name} does not compare {', '.join(uncovered)} by meaning: paragraphs were "
                     f"aligned by the words they share, its similarity counting for {WORDS_MODEL_SHARE:.0%}, so a "
                     f"translation or a rewording in other words may not be found (a rework that rewords reads lower than it is). To "
                     f"compare them by meaning, {languages.fix_hint()}.")
    if by_words:
        # The model's vectors of a language it does not cover are not meaning: align by words, at
        # the word bars; a threshold the caller moved moves the word bar in proportion (never <= 0).
        stems_in = words_language(a.language, b.language)
        a, b = words_side(a, stems_in), words_side(b, stems_in)
        shift = 0.0
        threshold = given * default_threshold(snapshot.model_name, by_words=True) / default_threshold(snapshot.model_name)
    else:
        # A multilingual model scores a translation lower than a same-language rewording that says
        # as much: every similarity bar of this comparison is lowered by its cross-language shift,
        # the one given too (the app's slider always passes one, starting at the model's default).
        shift = cross_language_shift(snapshot.model_name, a.language, b.language)
        threshold = given - shift
    reuse_bars = tuple(bar - shift for bar in reuse_thresholds(snapshot.model_name, by_words))
    for side in (a, b):
        if not side.texts:
            notes.append(f"{side.article_id} has no content paragraphs to compare")
    if translation:
        pairs = translation_pairs(translation, a, b)
    else:
        steps = align(a.embeddings, b.embeddings, threshold, allow_merges=allow_merges,
                      moved_margin=move_margin(snapshot.model_name, by_words))
        if allow_merges:
            steps = join_printed(steps, a.texts, b.texts, np.asarray(a.embeddings, dtype=np.float32),
                                 np.asarray(b.embeddings, dtype=np.float32))
            if not by_words and not languages.same_language(a.language, b.language):
                steps = join_contained(steps, a.embeddings, b.embeddings, threshold)
        pairs = [_pair_from_step(s, a, b) for s in steps]
    claims_a = cl.extract_claims(zip(a.paragraph_ids, a.texts), a.language)
    claims_b = cl.extract_claims(zip(b.paragraph_ids, b.texts), b.language)
    aligned = {(x, y) for p in pairs for x in p.a_ids for y in p.b_ids}
    quote_matches = cl.match_quotes(claims_a.quotes, claims_b.quotes)
    reused = reused_pairs(pairs, *reuse_bars)     # once: it reads copied words, for flags and reuse alike
    if not by_words:      # shared words say nothing of two quotes' meaning
        quote_matches += quotes_by_meaning(pairs, claims_a.quotes, claims_b.quotes, quote_matches,
                                           QUOTE_MEANING_SIMILARITY - shift)
    return Comparison(
        a=a, b=b, threshold=threshold, model_name=snapshot.model_name, pairs=pairs,
        claims_a=claims_a, claims_b=claims_b,
        quote_matches=quote_matches,
        quantities=cl.compare_quantities(claims_a.quantities, claims_b.quantities, aligned,
                                         dict(zip(a.paragraph_ids + b.paragraph_ids, a.texts + b.texts)), (a.days, b.days)),
        # A hedge is dropped only where the other report makes the same claim: a loosely similar
        # paragraph on the same theme (not reuse) is another claim. A translation's pairs are placed
        # by names and lengths, not read: on real sets 24-27 most hedges they "dropped" were not; a
        # disclaimer one of the two never makes is still found.
        hedge_flags=hedge_flags(reused,
                                claims_a.hedges, claims_b.hedges,
                                dict(zip(a.paragraph_ids + b.paragraph_ids, a.texts + b.texts)),
                                same_language=languages.same_language(a.language, b.language),
                                languages_ab=(a.language, b.language), read_passages=not translation),
        reuse=compute_reuse(pairs, a, b, reused), notes=notes, reuse_bars=reuse_bars,
        by_words=by_words, by_names=bool(translation), reused_rows=frozenset(p.a_rows for p in reused))


def translation_note(model_name: str, uncovered: list[str], found: list[anchors.AnchoredPair]) -> str:
    """What a comparison paired as a translation says of how (``anchors``), and how to do better."""
    moved = sum(p.moved for p in found)
    named = sum(bool(p.shared) for p in found) - moved
    placed = len(found) - named - moved
    return (f"{model_name} does not compare {', '.join(uncovered)} by meaning, and the two articles are in "
            f"different languages: they were paired as a translation, {named} paragraph pair"
            f"{'s' if named != 1 else ''} by the names and numbers they share, in order"
            + (f", {moved} by the names and numbers of a paragraph moved to another place" if moved else "")
            + (f", and {placed} more by their order and length around those" if placed else "")
            + ". Read the pairs to check them (a report that only shares names with the other is not "
            "paired at all); hedges are compared only where one report never makes a disclaimer the other makes. "
            f"To compare by meaning, {languages.fix_hint()}.")


def translation_pairs(found: list[anchors.AnchoredPair], a: ArticleSide, b: ArticleSide) -> list[AlignedPair]:
    """The side-by-side rows of a translation (``anchors.align_translation``): its in-order pairs,
    each moved pair where A prints it (``moved``), and every paragraph left over as only in A or
    only in B, where it stands."""
    moved = {p.a[0]: p for p in found if p.moved}
    moved_b = {j for p in moved.values() for j in p.b}
    steps: list[tuple[Step, anchors.AnchoredPair | None]] = []
    next_a = next_b = 0

    def leftovers(end_a: int, end_b: int) -> list[tuple[Step, anchors.AnchoredPair | None]]:
        out = [(Step(p.a, p.b, None, moved=True), p) if (p := moved.get(i)) else (Step((i,), (), None), None)
               for i in range(next_a, end_a)]
        return out + [(Step((), (j,), None), None) for j in range(next_b, end_b) if j not in moved_b]

    for found_pair in (p for p in found if not p.moved):
        steps += leftovers(found_pair.a[0], found_pair.b[0])
        steps.append((Step(found_pair.a, found_pair.b, None), found_pair))
        # a pair placed by lengths around a moved paragraph spans it: the moved one follows it
        steps += [(Step(moved[i].a, moved[i].b, None, moved=True), moved[i])
                  for i in range(found_pair.a[0] + 1, found_pair.a[-1]) if i in moved]
        next_a, next_b = found_pair.a[-1] + 1, found_pair.b[-1] + 1
    steps += leftovers(len(a.texts), len(b.texts))
    out = []
    for step, found_pair in steps:
        pair = _pair_from_step(step, a, b)
        if found_pair is not None:
            pair = replace(pair, paired_by=PAIRED_BY_NAMES if found_pair.shared else PAIRED_BY_POSITION,
                           shared=found_pair.shared)
        out.append(pair)
    return out


def words_only_languages(model_name: str, a: ArticleSide, b: ArticleSide) -> list[str]:
    """The languages of the two sides that ``model_name`` does not compare by meaning, as the
    stories and search notices count them (an unknown language among them: one cannot tell)."""
    outside = languages.uncovered_counts((a.language, b.language), languages.model_languages(model_name))
    return [f"{languages.UNKNOWN} language" if lang == languages.UNKNOWN else lang for lang in outside]


def words_language(first: str | None, second: str | None) -> str | None:
    """The one language both sides' words are read in as stems: theirs when they agree, the known
    one's when the other's is unknown, none (words as written) when they differ: a copy stemmed in
    two languages (or in one and not the other) would share few words."""
    if first and second:
        return first if languages.same_language(first, second) else None
    return first or second


def words_side(side: ArticleSide, language: str | None = None, model_share: float = WORDS_MODEL_SHARE) -> ArticleSide:
    """The side with its paragraphs as hashed words and word pairs beside the model's vectors, weighted
    so that the cosine of two such rows is ``model_share`` x the model's cosine + the rest x the words'.
    Words are read as their stems in ``language`` (``words_language`` of the two sides;
    ``newslens.stemming``): a rework in an inflected language rewords "раненые" as "ранены"
    (README, "Compare by words")."""
    words = HashingEmbedder(WORDS_DIM).encode([stem_text(t, language) for t in side.texts])
    model = np.asarray(side.embeddings, dtype=np.float32)
    return replace(side, embeddings=np.hstack([np.sqrt(model_share) * model,
                                               np.sqrt(1.0 - model_share) * words]).astype(np.float32))


def quotes_by_meaning(pairs: list[AlignedPair], quotes_a: list[cl.Quote], quotes_b: list[cl.Quote],
                      found: list[cl.QuoteMatch], min_similarity: float = QUOTE_MEANING_SIMILARITY) -> list[cl.QuoteMatch]:
    """Quotes the word matcher missed that sit, in order, in closely aligned paragraphs."""
    matched_a = {id(m.a) for m in found}
    matched_b = {id(m.b) for m in found}
    out = []
    for pair in pairs:
        if not (pair.a_ids and pair.b_ids) or (pair.similarity or 0.0) < min_similarity:
            continue
        left = [q for q in quotes_a if q.paragraph_id in pair.a_ids and id(q) not in matched_a
                and len(q.normalised.split()) >= cl.MIN_MATCH_WORDS]
        right = [q for q in quotes_b if q.paragraph_id in pair.b_ids and id(q) not in matched_b
                 and len(q.normalised.split()) >= cl.MIN_MATCH_WORDS]
        for qa, qb in zip(left, right):
            wa, wb = len(qa.normalised.split()), len(qb.normalised.split())
            if max(wa, wb) <= 2 * min(wa, wb):
                out.append(cl.QuoteMatch(qa, qb, round(100 * float(pair.similarity or 0.0), 1), "same meaning"))
    return out


def compare_with_reference(snapshot: Snapshot, reference_id: str, other_ids: list[str], *,
                           threshold: float | None = None) -> list[Comparison]:
    """More than two articles: each other article aligned to the one reference."""
    return [compare_articles(snapshot, reference_id, other, threshold=threshold)
            for other in other_ids if other != reference_id]


# --- summaries shared by the page, the export and the CLI ---------------------------------

def threshold_text(threshold: float, comparisons: list[Comparison]) -> str:
    """'alignment threshold 0.55', with the lowered bar of pairs in two languages when a
    multilingual model's shift applied ('(0.40 across languages)') and the bar of pairs aligned by
    shared words ('(0.35 by shared words)'): a screenshot's stamp must say at what similarity the
    shown paragraphs were aligned; a translation paired by names and numbers ignores it, and says so."""
    lowered = sorted({round(c.threshold, 2) for c in comparisons
                      if not c.by_words and round(c.threshold, 2) != round(threshold, 2)})
    words = sorted({round(c.threshold, 2) for c in comparisons if c.by_words and not c.by_names})
    notes = ([f"{', '.join(f'{t:.2f}' for t in lowered)} across languages"] if lowered else []) + \
            ([f"{', '.join(f'{t:.2f}' for t in words)} by {BY_WORDS}"] if words else []) + \
            ([f"a translation paired by {BY_NAMES}"] if any(c.by_names for c in comparisons) else [])
    return f"alignment threshold {threshold:.2f}" + (f" ({'; '.join(notes)})" if notes else "")


def reuse_bars_text(comparisons: list[Comparison]) -> str:
    """'reuse from 0.72 (0.57 across languages)': the close bar reuse counted from (``reuse_rule_text``),
    as ``threshold_text`` says the alignment's, for a chart's stamp: a pair aligned at 0.40 across
    languages is not yet reuse (review s32). '' for a translation paired by names (no bar)."""
    shown = [c for c in comparisons if not c.by_names]
    base = sorted({round(reuse_thresholds(c.model_name, c.by_words)[0], 2) for c in shown})
    lowered = sorted({round(c.reuse_bars[0], 2) for c in shown} - set(base))
    if not base:
        return ""
    return (f"reuse from {', '.join(f'{b:.2f}' for b in base)}"
            + (f" ({', '.join(f'{b:.2f}' for b in lowered)} across languages)" if lowered else ""))


def quote_rows(comparison: Comparison) -> list[dict]:
    """One row per quote of either article: its matches in the other, or which side alone carries it."""
    rows = []
    for side, quotes, other_texts in (("A", comparison.claims_a.quotes, comparison.b.texts),
                                      ("B", comparison.claims_b.quotes, comparison.a.texts)):
        for q in quotes:
            if side == "A":
                matches = [m for m in comparison.quote_matches if m.a is q]
                partners = [(m.b, m, m.only_in_a, m.only_in_b) for m in matches]
            else:
                matches = [m for m in comparison.quote_matches if m.b is q]
                partners = [(m.a, m, m.only_in_b, m.only_in_a) for m in matches]
            # the pieces of one utterance running over paragraphs (``Quote.whole``) match as one:
            # listed once, whole, where its first piece stands
            partners = list({other.whole or id(other): (other, m, mine, theirs)
                             for other, m, mine, theirs in reversed(partners)}.values())[::-1]
            unquoted = not partners and any(cl.quoted_words_in_text(q, t) for t in other_texts)
            rows.append({
                "side": side, "text": q.text, "paragraph_id": q.paragraph_id, "censored": list(q.censored),
                "status": ("matched" if partners else
                           "other side uses the words without quote marks" if unquoted else f"only in {side}"),
                "matches": [{"text": other.said, "paragraph_id": other.paragraph_id, "score": m.score,
                             "kind": m.kind, "words_only_here": list(mine), "words_only_there": list(theirs)}
                            for other, m, mine, theirs in partners],
            })
    return rows


def _quantity_dict(q: cl.Quantity | None) -> dict | None:
    if q is None:
        return None
    return {"text": q.text, "normalised": q.label, "dimension": q.dimension, "qualifier": q.qualifier or None,
            "conversions": list(q.alt), "paragraph_id": q.paragraph_id}


def quantity_rows(comparison: Comparison) -> list[dict]:
    order = {cl.DIFFERENT: 0, cl.QUALIFIER_DIFFERS: 1, cl.POSSIBLE: 2, cl.CONSISTENT: 3, cl.ONLY_A: 4, cl.ONLY_B: 5,
             cl.SAME: 6}
    matches = sorted(comparison.quantities, key=lambda m: order[m.status])
    return [{"status": m.status, "a": _quantity_dict(m.a), "b": _quantity_dict(m.b), "note": m.note}
            for m in matches]


def citation_rows(comparison: Comparison) -> list[dict]:
    """Each cited source with who cites it ("both", "A", "B") and how each side words it."""
    sources: dict[str, dict] = {}
    for side, claims in (("A", comparison.claims_a), ("B", comparison.claims_b)):
        for c in claims.citations:
            # one official however each side spells them ("Sergei Shoigu", "Сергей Шойгу"): named as the
            # Latin-script side names them, else at their longest
            key = "official:" + cl.person_key(c.source) if c.kind == "official" else c.source
            entry = sources.setdefault(key, {"source": c.source, "kind": c.kind, "A": [], "B": []})
            if (c.source.isascii(), len(c.source)) > (entry["source"].isascii(), len(entry["source"])):
                entry["source"] = c.source
            if c.text not in entry[side]:
                entry[side].append(c.text)
    rows = []
    for entry in sources.values():
        cited_by = "both" if entry["A"] and entry["B"] else "A" if entry["A"] else "B"
        rows.append({"source": entry["source"], "kind": entry["kind"], "cited_by": cited_by,
                     "a_wording": entry["A"], "b_wording": entry["B"]})
    return sorted(rows, key=lambda r: ({"both": 0, "A": 1, "B": 2}[r["cited_by"]], r["source"]))


def hedge_summary(comparison: Comparison) -> dict:
    def listing(hedges: list[cl.Hedge]) -> list[dict]:
        return [{"family": h.family, "text": h.text, "paragraph_id": h.paragraph_id} for h in hedges]

    return {
        "a": listing(comparison.claims_a.hedges), "b": listing(comparison.claims_b.hedges),
        "flags": [{"dropped_by": f.dropped_by, "family": f.family, "kept_text": f.kept_text,
                   "kept_paragraph_id": f.kept_paragraph_id, "other_paragraph_ids": list(f.other_paragraph_ids),
                   "other_uses_elsewhere": f.other_uses_elsewhere, "other_sentence": f.other_sentence,
                   "message": f.message}
                  for f in comparison.hedge_flags],
    }


@dataclass(frozen=True)
class Counts:
    """The headline numbers of one comparison (the compare page's metrics)."""

    hedges_dropped: int        # hedges one article keeps and the other drops
    number_differences: int    # the same claim with a different value or qualifier
    quotes_in_one_only: int    # quoted passages the other article does not carry
    numbers_in_one_only: int   # figures one article states and the other states no equal of ("only in A/B")
    numbers_consistent: int = 0  # a figure inside the other's bound ("more than 2,900" and 2,930): no disagreement
    possible_differences: int = 0  # one unit word, one claim, other values, in paragraphs not aligned: to check


def comparison_counts(comparison: Comparison) -> Counts:
    matched = [(m.a, m.b) for m in comparison.quote_matches]
    quotes = comparison.claims_a.quotes + comparison.claims_b.quotes
    return Counts(
        hedges_dropped=len(comparison.hedge_flags),
        # "about 200" and "200" differ in what they claim; "more than 2,900" and 2,930 agree, and a
        # tile that counted them said "1 figure disagrees" of two that agree (set 31's review)
        number_differences=sum(1 for m in comparison.quantities if m.status in (cl.DIFFERENT, cl.QUALIFIER_DIFFERS)),
        quotes_in_one_only=sum(1 for q in quotes if not any(a is q or b is q for a, b in matched)),
        numbers_in_one_only=sum(1 for m in comparison.quantities if m.status in (cl.ONLY_A, cl.ONLY_B)),
        numbers_consistent=sum(1 for m in comparison.quantities if m.status == cl.CONSISTENT),
        possible_differences=sum(1 for m in comparison.quantities if m.status == cl.POSSIBLE),
    )


def comparison_dict(comparison: Comparison) -> dict:
    """The comparison as plain JSON-able data (the CLI's ``--json``)."""
    def side(s: ArticleSide) -> dict:
        # "date" as every command says it (it was the ISO form here: set 34's review), "date_iso" that form
        return {"article_id": s.article_id, "outlet": s.outlet, **title_record(s.title, s.title_source),
                "published": s.published,
                "date": s.reader_date, "date_iso": s.date_iso, "content_paragraphs": len(s.texts)}

    reuse = comparison.reuse
    return {
        "a": side(comparison.a), "b": side(comparison.b),
        # a translation paired by names used no similarity bar: none is claimed for it
        "model": comparison.model_name, "threshold": None if comparison.by_names else comparison.threshold,
        "aligned_by": comparison.aligned_by,
        "pairs": [{"a": p.a_ids[0] if p.a_ids else None, "b": p.b_ids[0] if p.b_ids else None,
                   "a_ids": list(p.a_ids), "b_ids": list(p.b_ids), "a_text": p.a_text, "b_text": p.b_text,
                   "similarity": p.similarity, "status": p.status, "moved": p.moved,
                   "counted_as_reuse": p.status == "aligned" and p.a_rows in comparison.reused_rows,
                   "paired_by": p.paired_by if p.status == "aligned" else None, "shared": list(p.shared)}
                  for p in comparison.pairs],
        "quotes": {"a": [r for r in quote_rows(comparison) if r["side"] == "A"],
                   "b": [r for r in quote_rows(comparison) if r["side"] == "B"]},
        "numbers": quantity_rows(comparison),
        "hedges": hedge_summary(comparison),
        "citations": citation_rows(comparison),
        "reuse": {"a_in_b": reuse.a_in_b, "b_in_a": reuse.b_in_a, "verbatim_a": reuse.verbatim_a,
                  "verbatim_b": reuse.verbatim_b, "mean_similarity": reuse.mean_similarity, "moved": reuse.moved, "loose": reuse.loose,
                  "by_specifics": reuse.by_specifics, "by_order": reuse.by_order,
                  "summary": reuse.summary(), "bars": {"close": round(comparison.reuse_bars[0], 3),
                                                       "strong": round(comparison.reuse_bars[1], 3)}},
        "notes": comparison.notes,
    }


def reuse_figure(comparison: Comparison, stamp_line: str | None = None, *, large: bool = False):
    """Stacked bars per article: words kept word for word, reworded (aligned), and not in the other."""
    import plotly.graph_objects as go

    from newslens import figures

    r = comparison.reuse
    labels = [f"A: {label_text(comparison.a.outlet)}", f"B: {label_text(comparison.b.outlet)}"]
    verbatim = [r.verbatim_a, r.verbatim_b]
    reworded = [max(r.a_in_b - r.verbatim_a, 0.0), max(r.b_in_a - r.verbatim_b, 0.0)]
    missing = [max(1.0 - r.a_in_b, 0.0), max(1.0 - r.b_in_a, 0.0)]
    fig = go.Figure()
    for name, values, colour in (("word for word", verbatim, "#1b7f3b"), ("reworded", reworded, "#7cc48f"),
                                 ("not carried by the other", missing, "#d9d9d9")):
        fig.add_trace(go.Bar(
            y=labels, x=values, name=name, orientation="h", marker_color=colour,
            text=[f"{v:.0%}" if v >= 0.06 else "" for v in values], textposition="inside",
            insidetextanchor="middle", hovertemplate="%{y}<br>" + name + ": %{x:.0%}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title_text="share of the article's words")
    fig.update_yaxes(autorange="reversed", title_text="", showgrid=False)
    # a flat 0% over aligned pairs says why on the slide itself (review s32)
    why = textwrap.wrap(uncounted_text(comparison, brief=True), 90)
    subtitle = "\n".join([f"{comparison.a.outlet} vs {comparison.b.outlet}: paragraphs aligned by {comparison.aligned_by}",
                          *why])
    return figures.slide_layout(
        fig, "How much of each article the other carries", stamp_line,
        subtitle=subtitle,     # each line of the note taller, so the bars keep their room
        large=large, height=(380 if not large else 420) + 24 * len(why), legend_title="")   # tall enough for its 3-entry legend unscrolled
