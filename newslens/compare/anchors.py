"""A translation's paragraphs paired by what survives translating: names and numbers, in order.

A model that reads only English sees no meaning in a German or Polish rendering of an English
report, and the two share no words beyond their names and figures: the word alignment put none of
the 163 translated reworks labelled on real sets 24-34 at 70% reuse. What a translation keeps is
its names, its numbers and its order. So where two articles are in two languages the model does
not both read (``compare_articles``):

1. each paragraph's names (spelling-independent keys, any script) and numbers are weighed by how
   rare they are in the rest of the corpus (the snapshot's word index: "Zelensky" sits in many
   paragraphs) and in their language at large (wordfreq: "Ministerium", "Putin" are everyday);
2. paragraph pairs sharing at least ``anchor_pair_weight`` of that are anchors, taken in order (a
   monotone alignment, as a translation keeps the order);
3. each stretch before, between and after the anchors is paired by paragraph lengths, as Gale and
   Church aligned translated sentences (nltk's implementation), when the stretch's two sides are
   of lengths a translation would give (``anchor_gap_length_ratio``).

Fewer than ``anchor_min_pairs`` anchors, or less weight than ``anchor_min_weight`` in all, or
figures that mostly disagree (``anchor_number_agreement``: a later step of one case names the same
people with other numbers): the two are not taken for a translation and nothing is paired. Tuned on
real sets 24-30, measured on 31, 32 and 34 held out and on set 35 unseen (README, "Translations
compared by names and numbers"). The pairs are placed, not read: a lead for the reader to check.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from newslens import knowledge
from newslens.compare import claims as cl
from newslens.compare import everyday_words
from newslens.compare import evidence as ev
from newslens.knowledge import threshold
from newslens.schema import ManifestKey
from newslens.search.lexical import BM25Index, load_lexical, tokenize

MIN_NAME_LETTERS = threshold("compare", "anchor_name_letters", kind=int, low=2)
PAIR_WEIGHT = threshold("compare", "anchor_pair_weight")
# Compare's pairs rest on converging specifics: an anchor there shares this many distinct names and numbers.
PAIR_SPECIFICS = threshold("compare", "anchor_pair_specifics", kind=int, low=1)
WHOLE_COVERAGE = threshold("compare", "anchor_whole_coverage", high=1.0)
MIN_PAIRS = threshold("compare", "anchor_min_pairs", kind=int, low=1)
MIN_WEIGHT = threshold("compare", "anchor_min_weight")
GAP_RATIO = threshold("compare", "anchor_gap_length_ratio", low=1.0)
NUMBER_AGREEMENT = threshold("compare", "anchor_number_agreement", high=1.0)
RARE_SHARE = threshold("compare", "anchor_rare_share", high=1.0)
COMMON_SHARE = threshold("compare", "anchor_common_share", high=1.0)
DISTINCT_ZIPF = threshold("compare", "anchor_distinct_zipf", high=8.0)
EVERYDAY_ZIPF = threshold("compare", "anchor_everyday_zipf", high=8.0)
# below an anchor's bar a moved pair could be any leftover pair, sharing nothing (the assignment pairs all)
MOVED_WEIGHT = threshold("compare", "anchor_moved_weight", low=PAIR_WEIGHT)
# Every setting above, as story grouping's stored key reads them (a grouping rests on the pairing too).
SETTINGS = {"name_letters": MIN_NAME_LETTERS, "pair_weight": PAIR_WEIGHT, "min_pairs": MIN_PAIRS,
            "min_weight": MIN_WEIGHT, "gap_ratio": GAP_RATIO, "number_agreement": NUMBER_AGREEMENT,
            "rare_share": RARE_SHARE, "common_share": COMMON_SHARE, "distinct_zipf": DISTINCT_ZIPF,
            "everyday_zipf": EVERYDAY_ZIPF,
            "moved_weight": MOVED_WEIGHT}
# A longer stretch between anchors is not paired by lengths: Gale-Church is quadratic in it, and
# no article rendered paragraph by paragraph runs that long without a shared name.
MAX_STRETCH = 300
_TIE = 1e-9       # what an anchor at the bar gains over skipping it (``_anchors``)


class AnchoredPair(NamedTuple):
    """Rows of A and of B paired; ``shared``: the names and numbers they share (as A writes them),
    empty where the pair was placed by position and length between anchors."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    shared: tuple[str, ...] = ()
    moved: bool = False       # out of the translation's order (``_moved``): the rendering moved it


@dataclass(frozen=True)
class CorpusRarity:
    """How many of the corpus's searchable paragraphs hold each indexed word (from its stored index)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    paragraphs: int

    def holders(self, term: str) -> float | None:
        """Paragraphs holding the index term ``term``, read back from the index's BM25 idf
        (``log1p((N - df + 0.5) / (df + 0.5))``); None for a term the index does not hold."""
        index = self.vocabulary.get(term)
        if index is None:
            return None
        odds = math.expm1(float(self.idf[index]))
        return max(0.0, (self.paragraphs + 0.5 - 0.5 * odds) / (odds + 1.0))

    def rarest(self, form: str, own: dict[str, int] | None = None) -> float | None:
        """How many paragraphs hold the rarest index term of ``form``, less ``own`` (term -> the
        compared articles' paragraphs holding it): a hyphenated name ("Nowa-Kachowka") is as rare as
        its rarer part, not as its first. None: no term of it indexed."""
        own = own or {}
        found = [max(0.0, held - own.get(term, 0)) for term in tokenize(form)
                 if (held := self.holders(term)) is not None]
        return min(found) if found else None


def rarity_of(index: BM25Index) -> CorpusRarity | None:
    """The word rarity a word index holds, or None where it holds too few paragraphs to tell rare
    from common (fewer than 1 / ``anchor_rare_share``: there a name only the two articles print would
    not weigh fully): then only the language at large weighs a name."""
    if int(index.size) * RARE_SHARE < 1:
        return None
    return CorpusRarity(index.vocabulary, index.idf, int(index.size))


@functools.lru_cache(maxsize=4)
def _stored_rarity(folder: str, version: Any, rows: int, key: str) -> CorpusRarity | None:
    """Read once per stored index (``key`` names its content: a rebuilt snapshot is read anew)."""
    found = load_lexical(Path(folder), {"version": version, "rows": rows}, rows)
    return None if found is None else rarity_of(found[0])


def corpus_rarity(snapshot) -> CorpusRarity | None:
    """The snapshot's word rarity from its stored word index (``rarity_of``), or None where it stores
    none (an old snapshot, or one being built: the build hands its index to grouping itself)."""
    info = snapshot.manifest.get(ManifestKey.LEXICAL_INDEX)
    if not isinstance(info, dict) or not isinstance(info.get("rows"), int) or info["rows"] * RARE_SHARE < 1:
        return None
    return _stored_rarity(str(snapshot.path), info.get("version"), info["rows"], str(info.get("key")))


# A year as a page prints it: four digits alone, not a count written with a separator ("2,000").
_PRINTED_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d]|[.,]\d)")


def figures_in(text: str, language: str | None) -> set[str]:
    """A paragraph's numbers (``evidence.numbers_in``), less the years it prints: every report of a
    war prints "2022" and "2024", while "2,000" soldiers is a figure (its token "#2000" looks like one)."""
    years = {"#" + y for y in _PRINTED_YEAR.findall(text)}
    return {n for n in ev.numbers_in(text, language)
            if not (n in years and cl.YEAR.fullmatch(n[1:]) and not _written_as_count(text, n[1:]))}


def _written_as_count(text: str, digits: str) -> bool:
    """The page also prints these digits as a count with a separator ("2,000", "2.000", "2 000")."""
    return re.search(rf"(?<!\d){digits[0]}[,.\s\u00a0\u202f]{digits[1:]}(?!\d)", text) is not None


def paragraph_specifics(text: str, language: str | None) -> dict[str, str]:
    """A paragraph's figures (``figures_in``, as "#digits") and names (``evidence.name_key``), each
    with the form the page prints."""
    forms: dict[str, str] = {}
    ev.names_in(text, MIN_NAME_LETTERS, forms=forms)
    out = {token: token[1:] for token in figures_in(text, language)}
    out.update(forms)
    return out


def _matches(mine: list[str], theirs: list[str], rules) -> dict[str, list[str]]:
    """Each token of ``mine`` with the tokens of ``theirs`` that are the same name or number: equal
    keys; for names also a declined form or a close spelling (the story grouping's own bars,
    config/stories.yaml ``specifics``). Names are compared in bulk: a casualty list of thousands
    of names must not cost millions of Python calls."""
    stem = rules.get("specifics", "one_name_letters")
    shortest, close = rules.get("specifics", "fuzzy_min_letters"), rules.get("specifics", "fuzzy_similarity")
    known = set(theirs)
    out: dict[str, list[str]] = {t: [t] if t in known else [] for t in mine}
    names_a = [t for t in mine if not t.startswith("#")]
    names_b = [t for t in theirs if not t.startswith("#")]
    by_start: dict[str, list[str]] = {}
    for b in names_b:
        by_start.setdefault(b[:stem], []).append(b)
    for a in names_a:
        out[a] += [b for b in by_start.get(a[:stem], []) if b != a and ev._same_stem(a, b, stem)]
    long_a = [a for a in names_a if len(a) >= shortest]
    long_b = [b for b in names_b if len(b) >= shortest]
    if long_a and long_b:
        for n, m in zip(*np.nonzero(ev.close_spellings(long_a, long_b, close))):
            a, b = long_a[n], long_b[m]
            if abs(len(a) - len(b)) <= 2 and b not in out[a]:
                out[a].append(b)
    return out


def _rarity_share(holders: float, paragraphs: int) -> float:
    """1 for a word at most ``anchor_rare_share`` of the other paragraphs hold, 0 from
    ``anchor_common_share``, log-linear between."""
    share = (holders + 1.0) / max(1, paragraphs)
    if share <= RARE_SHARE:
        return 1.0
    if share >= COMMON_SHARE:
        return 0.0
    return math.log(COMMON_SHARE / share) / math.log(COMMON_SHARE / RARE_SHARE)


class _Weigher:
    """The weight of a printed form as an anchor, read once per form: its rarity in its language
    at large and in the corpus's paragraphs other than the two articles' own."""

    def __init__(self, rarity: CorpusRarity | None, own_terms: list[set[str]]):
        self.rarity, self.own_terms = rarity, own_terms
        self.cache: dict[tuple[str, str, str | None], float] = {}

    def __call__(self, token: str, form: str, language: str | None) -> float:
        key = (token, form, language)
        if key not in self.cache:
            weight = 1.0
            if not token.startswith("#"):
                weight = everyday_words.everyday_rarity(everyday_words.zipf(form.lower(), language),
                                                        DISTINCT_ZIPF, EVERYDAY_ZIPF)
            if self.rarity is not None and weight > 0:
                # the two articles' own paragraphs holding each term are not the rest of the corpus
                own = {term: sum(term in terms for terms in self.own_terms) for term in tokenize(form)}
                held = self.rarity.rarest(form, own)
                if held is not None:
                    weight = min(weight, _rarity_share(held, self.rarity.paragraphs))
            self.cache[key] = weight
        return self.cache[key]


def anchor_weights(texts_a: list[str], texts_b: list[str], language_a: str | None, language_b: str | None,
                   rarity: CorpusRarity | None = None) -> tuple[np.ndarray, list[list[list[str]]]]:
    """``(weights, shared)``: the anchor weight of every paragraph pair (n x m) and the forms each
    pair shares. A shared name counts its lower weight of the two sides, divided by the most
    paragraphs of one side that hold it (a name in every paragraph places none)."""
    spec_a = [paragraph_specifics(t, language_a) for t in texts_a]
    spec_b = [paragraph_specifics(t, language_b) for t in texts_b]
    n, m = len(spec_a), len(spec_b)
    weights = np.zeros((n, m), dtype=np.float64)
    shared: list[list[list[str]]] = [[[] for _ in range(m)] for _ in range(n)]
    if not n or not m:
        return weights, shared
    matches = _matches(sorted({t for s in spec_a for t in s}), sorted({t for s in spec_b for t in s}),
                       knowledge.story_rules())
    held_a = {t: sum(t in s for s in spec_a) for t in matches}
    held_b: dict[str, int] = {}
    for s in spec_b:
        for u in s:
            held_b[u] = held_b.get(u, 0) + 1
    weigh = _Weigher(rarity, [set(tokenize(t)) for t in texts_a + texts_b] if rarity is not None else [])
    for i, mine in enumerate(spec_a):
        for token, form in mine.items():
            partners = matches[token]
            own = weigh(token, form, language_a) if partners else 0.0
            if own <= 0:
                continue
            spread = max(held_a[token], max(held_b[u] for u in partners))
            for j, theirs in enumerate(spec_b):
                found = [u for u in partners if u in theirs]
                if found:
                    w = min(own, max(weigh(u, theirs[u], language_b) for u in found)) / spread
                    if w > 0:
                        weights[i, j] += w
                        shared[i][j].append(form)
    return weights, shared


def _anchors(weights: np.ndarray) -> list[tuple[int, int]]:
    """The in-order paragraph pairs of most weight, each at least ``anchor_pair_weight`` (a pair
    adds its weight less that bar: a weak pair does not displace two strong ones)."""
    n, m = weights.shape
    score = np.zeros((n + 1, m + 1))
    move = np.zeros((n + 1, m + 1), dtype=np.int8)     # 1 pair, 2 skip a row of A, 3 skip a row of B
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, how = score[i - 1, j], 2
            if score[i, j - 1] > best:
                best, how = score[i, j - 1], 3
            w = weights[i - 1, j - 1]
            # a pair at the bar is an anchor: it gains a hair more than a skip, so ties go its way
            if w >= PAIR_WEIGHT and score[i - 1, j - 1] + w - PAIR_WEIGHT + _TIE > best:
                best, how = score[i - 1, j - 1] + w - PAIR_WEIGHT + _TIE, 1
            score[i, j], move[i, j] = best, how
    out, i, j = [], n, m
    while i > 0 and j > 0:
        if move[i, j] == 1:
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move[i, j] == 2:
            i -= 1
        else:
            j -= 1
    return out[::-1]


def _beads(links: list[tuple[int, int]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Gale-Church links (a one-to-two bead is two links sharing a row) as groups of rows."""
    groups: list[tuple[set[int], set[int]]] = []
    for i, j in links:
        if groups and (i in groups[-1][0] or j in groups[-1][1]):
            groups[-1][0].add(i)
            groups[-1][1].add(j)
        else:
            groups.append(({i}, {j}))
    return [(tuple(sorted(a)), tuple(sorted(b))) for a, b in groups]


def _fill(rows_a: list[int], rows_b: list[int], len_a: list[int], len_b: list[int],
          ratio: float) -> list[AnchoredPair]:
    """One stretch between anchors paired by lengths, when its two sides' lengths agree."""
    if not rows_a or not rows_b or max(len(rows_a), len(rows_b)) > MAX_STRETCH:
        return []
    total = sum(len_a[i] for i in rows_a) / ratio / max(1, sum(len_b[j] for j in rows_b))
    if not 1 / GAP_RATIO <= total <= GAP_RATIO:
        return []
    try:      # imported on first use (1 s): only translations need it
        from nltk.translate import gale_church
    except ImportError as exc:
        raise ImportError("comparing a translation needs the 'nltk' package (pip install -r requirements.txt)") from exc
    try:
        links = gale_church.align_blocks([max(1, round(len_a[i] / ratio)) for i in rows_a],
                                         [max(1, len_b[j]) for j in rows_b])
    except ValueError:          # nltk's own bound on a stretch (newer versions), should ours be raised
        return []
    return [AnchoredPair(tuple(rows_a[i] for i in a), tuple(rows_b[j] for j in b)) for a, b in _beads(links)]


def figures_agree(texts_a: list[str], texts_b: list[str], language_a: str | None, language_b: str | None) -> bool:
    """Whether two articles' figures (numbers of two or more digits, not years) can be one text's:
    where both print some, at least ``anchor_number_agreement`` of the fewer are in the other. A
    translation keeps its figures; two reports of one case's steps or of one man's two sentences
    share names, not figures."""
    def figures(texts: list[str], language: str | None) -> set[str]:
        return {n for t in texts for n in figures_in(t, language)}

    mine, theirs = figures(texts_a, language_a), figures(texts_b, language_b)
    if not mine or not theirs:
        return True
    return len(mine & theirs) >= NUMBER_AGREEMENT * min(len(mine), len(theirs))


def translation_coverage(texts_a: list[str], texts_b: list[str], found: list[AnchoredPair]) -> float:
    """How much of both texts a translation pairing places: the lower of the two shares of
    characters in paired paragraphs (0 when nothing is paired)."""
    def share(texts: list[str], rows: set[int]) -> float:
        return sum(len(texts[i]) for i in rows) / max(1, sum(map(len, texts)))
    if not found:
        return 0.0
    return min(share(texts_a, {i for p in found for i in p.a}), share(texts_b, {j for p in found for j in p.b}))


def _converging(forms: list[str], min_shared: int) -> bool:
    """A pair's shared names and numbers (``anchor_weights``) place it: ``min_shared`` distinct ones, or
    a figure (``figures_in``: no year): one place or one man's name is what two reports of one event
    share, a figure such as "8 548" or "22%" is what a rendering keeps."""
    return len(set(forms)) >= min_shared or any(form.isdigit() for form in forms)


def align_translation(texts_a: list[str], texts_b: list[str], language_a: str | None, language_b: str | None,
                      rarity: CorpusRarity | None = None, min_shared: int = 1) -> list[AnchoredPair]:
    """The paragraph pairs of A and B taken as translations of each other (in A's order), or none
    when too few names and numbers place them (module docstring). ``min_shared``: the distinct names
    and numbers a pair must share to anchor (or move) unless one is a figure (``_converging``),
    Compare's ``PAIR_SPECIFICS``: a pair the reader is shown must rest on more than one name (story
    grouping reads the coverage with 1)."""
    if not figures_agree(texts_a, texts_b, language_a, language_b):
        return []
    weights, shared = anchor_weights(texts_a, texts_b, language_a, language_b, rarity)
    if min_shared > 1:
        few = np.array([[not _converging(forms, min_shared) for forms in row] for row in shared],
                       dtype=bool).reshape(weights.shape)
        weights = np.where(few, 0.0, weights)
    anchors = _anchors(weights)
    if len(anchors) < MIN_PAIRS or sum(weights[i, j] for i, j in anchors) < MIN_WEIGHT:
        return []
    len_a, len_b = [len(t) for t in texts_a], [len(t) for t in texts_b]
    # How much longer A writes the same passage (German runs longer than English): the anchors' lengths.
    ratio = sum(len_a[i] for i, _ in anchors) / max(1, sum(len_b[j] for _, j in anchors)) or 1.0
    # the shared names in the order A prints them
    pairs = [AnchoredPair((i,), (j,), tuple(sorted(dict.fromkeys(shared[i][j]), key=texts_a[i].find)))
             for i, j in anchors]
    # moved pairs first: a stretch paired by lengths must not swallow a paragraph that went elsewhere
    pairs += _moved(weights, shared, pairs, texts_a)
    taken_a, taken_b = {i for p in pairs for i in p.a}, {j for p in pairs for j in p.b}
    bounds = [(-1, -1)] + anchors + [(len(texts_a), len(texts_b))]
    for (i1, j1), (i2, j2) in zip(bounds, bounds[1:]):
        pairs += _fill([i for i in range(i1 + 1, i2) if i not in taken_a], [j for j in range(j1 + 1, j2) if j not in taken_b],
                       len_a, len_b, ratio)
    return sorted(pairs, key=lambda p: (p.a[0], p.b[0]))


def compare_translation(texts_a: list[str], texts_b: list[str], language_a: str | None, language_b: str | None,
                        rarity: CorpusRarity | None = None) -> list[AnchoredPair]:
    """Compare's reading of a translation: pairs on converging specifics (``PAIR_SPECIFICS``); failing
    that, pairs on one shared name each only where they and the lengths between them place nearly
    all of both texts (``WHOLE_COVERAGE``): a whole rendering, not two reports sharing two names."""
    found = align_translation(texts_a, texts_b, language_a, language_b, rarity, min_shared=PAIR_SPECIFICS)
    if found:
        return found
    loose = align_translation(texts_a, texts_b, language_a, language_b, rarity)
    return loose if translation_coverage(texts_a, texts_b, loose) >= WHOLE_COVERAGE else []


def _moved(weights: np.ndarray, shared: list[list[list[str]]], pairs: list[AnchoredPair],
           texts_a: list[str]) -> list[AnchoredPair]:
    """Paragraphs the in-order anchors left on both sides that share at least ``anchor_moved_weight``
    of names and numbers, one to one (the most weight in all): a rendering that moved a paragraph
    (a disclaimer to the end, a quote to the top) keeps its names. Only inside a text already taken
    for a translation: the bar is an anchor's, the order no longer vouches for the pair."""
    left_a = sorted(set(range(weights.shape[0])) - {i for p in pairs for i in p.a})
    left_b = sorted(set(range(weights.shape[1])) - {j for p in pairs for j in p.b})
    if not left_a or not left_b:
        return []
    sub = weights[np.ix_(left_a, left_b)]
    if sub.max() < MOVED_WEIGHT:
        return []
    from scipy.optimize import linear_sum_assignment
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return [AnchoredPair((left_a[r],), (left_b[c],),
                         tuple(sorted(dict.fromkeys(shared[left_a[r]][left_b[c]]), key=texts_a[left_a[r]].find)),
                         moved=True)
            for r, c in zip(rows, cols) if sub[r, c] >= MOVED_WEIGHT]
