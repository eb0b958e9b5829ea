"""Lexicon entries a researcher types: plain wordings made into patterns, and patterns that could hang.

A lens's lexicon is a list of regular expressions (``newslens.topics.lenses``). In the app a
researcher types wordings, one per line ("barrier troops", "заградотряд*"), and ``phrase_pattern``
writes each as a pattern that finds it as written: whole words, any spacing between them, either
apostrophe, and a ``*`` ending a word for any ending (the stems a lexicon of Russian or Finnish needs).
``phrase_of`` reads such a pattern back, so editing a lens shows the words, not their escapes.

Every paragraph of the corpus is searched with every entry, and Python's ``re`` cannot be stopped
once it runs, so a pattern whose matching can take exponential or high polynomial time (``(a+)+$``
on "aaaa…!", ``x.*y.*z`` on a long paragraph) would hang the app for every reader of a shared server.
``unsafe_reason`` refuses the shapes that do so, by reading the pattern's structure (the same answer
on any machine and any load, before any text is searched): repetition of a part that can match one
text in several ways (``(a+)+``, ``(a|aa)+``), a group repeated without a small bound, repeats one
after another that can take the same characters, so that a paragraph can be split between them in
more ways than one unbounded repeat has stops (``\\w+\\w*``, ``x\\w*y\\w*z\\w*!``, ``x.{0,5000}y.{0,5000}z``),
and a long repeat run from almost every letter (``\\w+!``, ``[a-z].*x``). One ``.*`` between written
words is kept (``\\bsoldiers\\b.*\\bshot\\b``: about 0.2 s on a 20,000-character paragraph of nothing
but "soldiers", under 0.01 s on 20,000 characters of real reporting), so a lens file written with it
still loads; a gap of a few words is better written ``(?:\\w+ ){0,4}``.
The structure is read with ``re._parser``, the parser ``re`` compiles with (private; it was
``sre_parse`` before Python 3.11).
"""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from re import _constants as sre
from re import _parser as sre_parse

from newslens.sentences import APOSTROPHE, APOSTROPHES

# A repeat bounded by at most this many turns may hold a repeat ("(?:\w+ ){0,8}": a gap of words).
NESTED_REPEAT_LIMIT = 10
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)          # possessive repeats never backtrack: not listed
_UNBOUNDED = sre.MAXREPEAT

# Letters of scripts whose words are not separated by spaces (Chinese, Japanese) or take endings
# without one (Korean particles: 탈영 in 탈영했다): no word boundary is required beside them.
_RUN_ON = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ANY_ENDING = r"\w*"
_GAP = r"\s+"
_BOUNDARY = r"\b"


def phrase_pattern(phrase: str) -> str:
    """The pattern finding ``phrase`` as typed: its words whole, case and accents aside (the lexicon's
    matching), any spacing between words, either apostrophe; a ``*`` ending a word is any ending."""
    words = phrase.split()
    body = _GAP.join(_word_pattern(word) for word in words)
    if not words:
        return ""
    first, last = words[0][0], words[-1][-1]
    start = _BOUNDARY if _is_word_char(first) and not _RUN_ON.match(first) else ""
    end = _BOUNDARY if _is_word_char(last) and not _RUN_ON.match(last) else ""
    return start + body + end


def _word_pattern(word: str) -> str:
    # Only a single * ending a word is "any ending": "f*ck" (a censored word) and "**bold**" are as typed.
    any_ending = len(word) > 1 and word[-1] == "*" and _is_word_char(word[-2])
    out = [APOSTROPHE if ch in APOSTROPHES else re.escape(ch) for ch in (word[:-1] if any_ending else word)]
    return "".join(out) + (_ANY_ENDING if any_ending else "")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_PIECE = re.compile("|".join(map(re.escape, (_ANY_ENDING, _GAP, APOSTROPHE))) + r"|\\.|.", re.DOTALL)


def phrase_of(pattern: str) -> str | None:
    """The wording ``phrase_pattern`` made ``pattern`` from, or None when it is a pattern of its own."""
    body = pattern.removeprefix(_BOUNDARY)
    body = body[:-2] if body.endswith(_BOUNDARY) and not body.endswith("\\" + _BOUNDARY) else body
    pieces = {_ANY_ENDING: "*", _GAP: " ", APOSTROPHE: "'"}
    phrase = "".join(pieces.get(p, p[1:] if p.startswith("\\") else p) for p in _PIECE.findall(body))
    return phrase if phrase.strip() and phrase_pattern(phrase) == pattern else None


def lexicon_entries(text: str, as_patterns: bool) -> list[str]:
    """The lexicon typed in a box, one entry per line: patterns as written, or wordings made patterns."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines if as_patterns else [phrase_pattern(line) for line in lines]


def lexicon_text(lexicon: tuple[str, ...] | list[str]) -> tuple[str, bool]:
    """A lexicon as the box shows it, and whether it must be read as patterns: wordings when every
    entry was made from one, else the patterns themselves."""
    phrases = [phrase_of(entry) for entry in lexicon]
    if all(p is not None for p in phrases):
        return "\n".join(p for p in phrases if p is not None), False
    return "\n".join(lexicon), True


# --- patterns that could hang ---------------------------------------------------------------

def unsafe_reason(pattern: str) -> str | None:
    """Why matching ``pattern`` could take far too long on some paragraph, or None.

    ``pattern`` must compile (the caller says so first)."""
    parsed = sre_parse.parse(pattern)
    walk = _Walk(selective=_starts_selectively(parsed), leading=_leads_with_repeat(parsed))
    return walk.sequence(parsed, 1) or (LEADING if walk.leading else None)


def _leads_with_repeat(items) -> bool:
    """Whether a match can start with an unbounded repeat: a search tries every position of the
    paragraph and runs the repeat to the end of the run from each (quadratic in a Chinese paragraph,
    one run of letters)."""
    for op, av in items:
        if op == sre.AT:
            continue
        if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
            if av[1] == _UNBOUNDED or _leads_with_repeat(av[2]):
                return True
            if av[0] == 0:
                continue                        # optional: the match may start with what follows
            return False
        if op == sre.BRANCH:
            return any(_leads_with_repeat(branch) for branch in av[1])
        if op == sre.SUBPATTERN:
            return _leads_with_repeat(av[3])
        return False
    return False


def _starts_selectively(items) -> bool:
    """Whether every match starts with a written character ("soldiers", "x", (?:fled|ran)): a search
    tries a long repeat after it only where that character stands, not from every letter."""
    for i, (op, av) in enumerate(items):
        if op == sre.AT:
            continue
        if op == sre.LITERAL:
            return True
        if op == sre.SUBPATTERN:
            return _starts_selectively([*av[3], *items[i + 1:]])
        if op == sre.BRANCH:
            return all(_starts_selectively([*branch, *items[i + 1:]]) for branch in av[1])
        if op in _REPEATS:                   # (optional: the match may start with what follows too)
            return _starts_selectively(av[2]) and (av[0] > 0 or _starts_selectively(items[i + 1:]))
        return False
    return False


# Boundaries right after a repeat hold where it stops (\w* runs to one): they never send the search back.
_NEVER_FAILS = {sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY, sre.AT_UNI_BOUNDARY, sre.AT_UNI_NON_BOUNDARY,
                sre.AT_LOC_BOUNDARY, sre.AT_LOC_NON_BOUNDARY}


@dataclass
class _Walk:
    """One reading of a pattern from left to right, as the search runs it.

    A repeat that can stop at many places ("soldiers.*shot": every "shot" after "soldiers") makes the
    search try what follows from each of them; two such repeats that can take the same characters
    (x.*y.*z) multiply their stops, a third multiplies again. Each repeat still able to take the
    next characters is kept as ``loose``: the characters it takes, and in how many ways the text
    from the match's start up to its end can be split (``ways``: its stops times those of the loose
    repeat before it that takes the same characters; an unbounded repeat stops anywhere in a long
    paragraph). More than ``MAX_WAYS`` (two .*, or .{0,5000} twice) is refused,
    but only once something that can fail follows: a repeat ending the pattern (\\bdesert\\w*) is
    run once and never tried again; nor can a run of word characters followed by \\b stop but at its
    end (\\brefus\\w*\\b.*\\bfight)."""
    selective: bool              # every match starts with a written character (_starts_selectively)
    leading: bool                # a match can start with an unbounded repeat (_leads_with_repeat)
    loose: list[tuple[tuple, int]] = field(default_factory=list)

    def sequence(self, items, turns: float) -> str | None:
        """The first problem in a sequence of parsed items; ``turns`` is how often the enclosing
        repeats may run the sequence."""
        for op, av in items:
            problem = self._item(op, av, turns)
            if problem:
                return problem
        return None

    def _item(self, op, av, turns: float) -> str | None:
        if op == sre.AT:
            if av in _WORD_EDGES:    # a run of word characters stops at its end only: one way
                self.loose = [(chars, ways) for chars, ways in self.loose if not _within(chars, _WORD)]
            return None if av in _NEVER_FAILS else self._follows(None)
        if op in _REPEATS and av[1] > 1:
            return self._repeat(av, turns)
        if op in _REPEATS:                    # x? (?:...)?: optional, nothing repeats
            before = list(self.loose)
            problem = self.sequence(av[2], turns)
            self.loose = _union(before, self.loose)
            return problem
        if op == sre.BRANCH:
            return self._branch(av[1], turns)
        if op == sre.SUBPATTERN or op == sre.ATOMIC_GROUP:
            return self.sequence(_inner(op, av), turns)
        if op in (sre.ASSERT, sre.ASSERT_NOT):   # consumes nothing here: read on its own
            problem = self._follows(None)
            inside = _Walk(self.selective, False)
            return problem or inside.sequence(av[1], turns)
        one = _one_char([(op, av)])
        if one is None and op == sre.POSSESSIVE_REPEAT:    # never gives back: one run of its characters
            one = _one_char(av[2])
            if one is not None and av[0] == 0:
                return self._follows(None)
        return self._follows(one)

    def _follows(self, one: tuple | None) -> str | None:
        """Something that can fail follows the loose repeats (``one``: the one character it takes,
        None when unknown): a problem counts now, and repeats that cannot take ``one`` stop here."""
        if any(ways > MAX_WAYS for _, ways in self.loose):
            return CHAIN
        if not self.selective and any(ways >= LONG_REPEAT for _, ways in self.loose):
            return LEADING if self.leading else UNANCHORED
        if one is not None:
            self.loose = [(chars, ways) for chars, ways in self.loose if _overlap(chars, one)]
        return None

    def _repeat(self, av, turns: float) -> str | None:
        low, high, body = av
        first = _first_char(body) or _ANY
        stops = LONG_PARAGRAPH if high == _UNBOUNDED else min(high - low + 1, LONG_PARAGRAPH)
        problem = self._follows(None if low == 0 else first)  # (what it takes, were it required once)
        if problem:
            return problem
        if _varies(body):
            if _ambiguous(body):
                return NESTED
            if high == _UNBOUNDED or turns * high > NESTED_REPEAT_LIMIT:
                return UNBOUNDED_GROUP
            before = list(self.loose)
            # twice round: what the group leaves loose at its end meets its own start the next turn
            problem = self.sequence(body, turns * high) or self.sequence(body, turns * high)
            if problem:
                return problem
            self.loose = _union(before, self.loose) if low == 0 else self.loose
        ways = stops * max((w for chars, w in self.loose if _overlap(chars, first)), default=1)
        self.loose = [*self.loose, (first, min(ways, MAX_WAYS + 1))]
        return None

    def _branch(self, branches, turns: float) -> str | None:
        before, after = self.loose, []
        for branch in branches:
            self.loose = list(before)
            problem = self.sequence(branch, turns)
            if problem:
                return problem
            after = _union(after, self.loose)
        self.loose = after
        return None


def _within(a: tuple, b: tuple) -> bool:
    """Whether every character one-character item ``a`` matches, ``b`` matches too."""
    key = repr(a), repr(b)
    if key not in _WITHIN:
        runs = _charset(a)
        _WITHIN[key] = list(_common(runs, _charset(b))) == runs
    return _WITHIN[key]


_WITHIN: dict[tuple[str, str], bool] = {}


def _union(a: list, b: list) -> list:
    return [*a, *(item for item in b if item not in a)]


_ANY = (sre.ANY, None)
_WORD = (sre.CATEGORY, sre.CATEGORY_WORD)
_WORD_EDGES = {sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY, sre.AT_LOC_BOUNDARY}

# An unbounded repeat may run over a whole paragraph; a long real one has about this many characters.
LONG_PARAGRAPH = 20_000
# The ways one start may split a paragraph: one unbounded repeat, times a gap of words bounded as
# NESTED_REPEAT_LIMIT allows ("\bsoldiers\b.*\bshot (?:\w+ ){0,8}dead"). Two unbounded repeats, or
# .{0,5000} twice, take more.
MAX_WAYS = LONG_PARAGRAPH * (NESTED_REPEAT_LIMIT + 1)
# A repeat that may stop at this many places or more is long: run from every letter of a paragraph
# (a match not starting with a written character), it would take a paragraph's length times as much.
LONG_REPEAT = 100

LEADING = ("it starts with a repeat (such as \\w+), which is run from every letter of a paragraph: "
           "start with the word's own letters, e.g. \\bdesert\\w*")
UNANCHORED = ("it has a long repeat (such as .* or [^,]+) after a start that matches almost anywhere (such "
              "as [a-z] or \\w), so it is run from most letters of a paragraph: start with a word's own "
              "letters, e.g. \\bsoldiers\\b.*\\bshot\\b")
NESTED = ("it repeats a part that can match the same text in more than one way (a repeat in a repeat, or "
          "alternatives), which can be tried in exponentially many ways: repeat only parts that end in "
          "a character they cannot start with, e.g. (?:\\w+ ){0,4}")
UNBOUNDED_GROUP = (f"it repeats a group more than {NESTED_REPEAT_LIMIT} times: bound it, e.g. (?:\\w+ ){{0,4}} "
                   "for up to four words")
CHAIN = ("it has two repeats in a row that can match the same characters (such as \\w+\\w*, x.*y.*z or "
         "x.{0,5000}y.{0,5000}z), so a long paragraph can be split between them in too many ways: keep "
         "one, end a word's repeat with \\b (\\brefus\\w*\\b.*\\bfight), or bound them, e.g. "
         "(?:\\w+ ){0,4} for up to four words")


def _varies(items) -> bool:
    """Whether a parsed part holds a repeat or alternatives (more than one way to go through it)."""
    for op, av in items:
        if op in _REPEATS and av[1] > 1:
            return True
        if op == sre.BRANCH:
            return True
        inner = _inner(op, av)
        if inner is not None and _varies(inner):
            return True
    return False


def _inner(op, av):
    return (av[3] if op == sre.SUBPATTERN else av[1] if op in (sre.ASSERT, sre.ASSERT_NOT)
            else av if op == sre.ATOMIC_GROUP else av[2] if op in _REPEATS else None)


def _flat(items) -> list | None:
    """A repeated part as a flat list of one-character items and repeats of them (groups opened), or
    None when it holds anything else (alternatives, repeated groups, lookarounds)."""
    out = []
    for op, av in items:
        if op == sre.SUBPATTERN:
            inner = _flat(av[3])
            if inner is None:
                return None
            out.extend(inner)
        elif op == sre.AT or _one_char([(op, av)]) is not None:
            out.append((op, av))
        elif op in _REPEATS and _one_char(av[2]) is not None:
            out.append((op, av))
        else:
            return None
    return out


def _ambiguous(body) -> bool:
    """Whether a repeated part can match one text in more than one way: a repeat in it is not followed,
    going round (the part runs again after itself), by a required character the repeat cannot match."""
    flat = _flat(body)
    if flat is None:
        return True
    for i, (op, av) in enumerate(flat):
        if op not in _REPEATS or av[1] <= 1:
            continue
        mine = _one_char(av[2])
        for k in range(1, len(flat) + 1):
            next_op, next_av = flat[(i + k) % len(flat)]
            if k == len(flat):
                return True                          # round to itself with nothing required between
            if next_op == sre.AT or (next_op in _REPEATS and next_av[0] == 0):
                if next_op in _REPEATS and _overlap(mine, _one_char(next_av[2])):
                    return True
                continue
            required = _one_char(next_av[2]) if next_op in _REPEATS else (next_op, next_av)
            if _overlap(mine, required):
                return True
            break
    return False


def _first_char(items) -> tuple | None:
    """The one-character item a part starts with (``\\w`` of ``\\w+ ``), or None when unknown."""
    for op, av in items:
        if op == sre.AT:
            continue
        if (one := _one_char([(op, av)])) is not None:
            return one
        if op == sre.SUBPATTERN:
            return _first_char(av[3])
        if op in _REPEATS and av[0] > 0:
            return _first_char(av[2])
        return None
    return None


def _one_char(items) -> tuple | None:
    """The item of a part that matches exactly one character (``.``, ``\\w``, ``[^,]``, ``x``, and ``(.)``:
    a group of one such item is that item), or None."""
    if len(items) == 1 and items[0][0] == sre.SUBPATTERN:
        return _one_char(items[0][1][3])
    if len(items) == 1 and items[0][0] in (sre.ANY, sre.IN, sre.LITERAL, sre.NOT_LITERAL, sre.CATEGORY):
        return items[0]
    return None


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two one-character items can match the same character, case aside (the lexicon's
    matching): computed from their ranges, literals and categories, not tried on samples."""
    key = repr(a), repr(b)                         # (a parsed item holds lists: not hashable)
    if key not in _OVERLAPS:
        _OVERLAPS[key] = next(_common(_charset(a), _charset(b)), None) is not None
    return _OVERLAPS[key]


_OVERLAPS: dict[tuple[str, str], bool] = {}


def _charset(item: tuple) -> list[tuple[int, int]]:
    """The code points a one-character item matches in either case, as sorted disjoint runs."""
    key = repr(item)
    if key not in _CHARSETS:
        _CHARSETS[key] = _charset_of(item)
    return _CHARSETS[key]


_CHARSETS: dict[str, list[tuple[int, int]]] = {}


def _charset_of(item: tuple) -> list[tuple[int, int]]:
    op, av = item
    if op == sre.ANY:
        return _complement([(ord("\n"), ord("\n"))])
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        runs = _folded([(av, av)])
        return runs if op == sre.LITERAL else _complement(runs)
    if op == sre.CATEGORY:
        return _category(av)
    negate, written, categories = False, [], []
    for sub_op, sub_av in av:                      # a character class
        if sub_op == sre.NEGATE:
            negate = True
        elif sub_op == sre.LITERAL:
            written.append((sub_av, sub_av))
        elif sub_op == sre.RANGE:
            written.append(sub_av)
        elif sub_op == sre.CATEGORY:
            categories.extend(_category(sub_av))
        else:
            categories.append((0, sys.maxunicode))     # anything else: assume it may match anything
    # (categories hold both cases already; [^a-z] ignoring case leaves out A-Z too)
    runs = _merged(_folded(written) + categories)
    return _complement(runs) if negate else runs


_LETTERS = "letters"                               # (the runs of letters: the characters with a case)
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}
_NOT_CATEGORIES = {sre.CATEGORY_NOT_DIGIT: sre.CATEGORY_DIGIT, sre.CATEGORY_NOT_SPACE: sre.CATEGORY_SPACE,
                   sre.CATEGORY_NOT_WORD: sre.CATEGORY_WORD}


@functools.cache
def _category_runs() -> dict:
    """The code points of \\d, \\s, \\w and letters, as runs: read once from every character (0.1 s)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    found = {**_CATEGORIES, _LETTERS: r"[^\W\d_]"}
    return {key: [(m.start(), m.end() - 1) for m in re.finditer(f"{part}+", every)] for key, part in found.items()}


def _category(category) -> list[tuple[int, int]]:
    if category in _NOT_CATEGORIES:
        return _complement(_category_runs()[_NOT_CATEGORIES[category]])
    return _category_runs().get(category, [(0, sys.maxunicode)])   # (other categories: anything)


def _folded(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``runs`` with the other case of their letters added (categories hold both cases already)."""
    extra = []
    for lo, hi in _common(_merged(runs), _category_runs()[_LETTERS]):
        for code in range(lo, hi + 1):
            ch = chr(code)
            extra.extend((ord(c), ord(c)) for c in (ch.lower(), ch.upper()) if len(c) == 1)
    return _merged(runs + extra)


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(runs):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _complement(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, start = [], 0
    for lo, hi in _merged(runs):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    return out + ([(start, sys.maxunicode)] if start <= sys.maxunicode else [])


def _common(a: list[tuple[int, int]], b: list[tuple[int, int]]):
    """The runs common to two sorted lists of disjoint runs, in order."""
    i, j = 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            yield lo, hi
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1


def default_weight() -> float:
    """The lexicon weight a lens typed in the app starts with (config/thresholds.yaml ``topics``)."""
    from newslens.knowledge import threshold
    from newslens.topics.lenses import MAX_LEXICON_WEIGHT

    return threshold("topics", "lexicon_weight", float, 0.0, MAX_LEXICON_WEIGHT)
