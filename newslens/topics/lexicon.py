"""Lexicon entries a researcher types: plain wordings made into patterns, and patterns that could hang.

A lens's lexicon is a list of regular expressions (``newslens.topics.lenses``). In the app a
researcher types wordings, one per line ("barrier troops", "заградотряд*"), and ``phrase_pattern``
writes each as a pattern that finds it as written: whole words, any spacing between them, either
apostrophe, and a ``*`` ending a word for any ending (the stems a lexicon of Russian or Finnish needs).
``phrase_of`` reads such a pattern back, so editing a lens shows the words, not their escapes.

Every paragraph of the corpus is searched with every entry, and Python's ``re`` cannot be stopped
once it runs, so a pattern whose matching can take exponential or high polynomial time (``(a+)+$``
on "aaaa…!", ``.*x.*y`` on a long paragraph) would hang the app for every reader of a shared server.
``unsafe_reason`` refuses the shapes that do so, by reading the pattern's structure (the same answer
on any machine and any load, before any text is searched): repetition of a part that can match one
text in several ways (``(a+)+``, ``(a|aa)+``), a group repeated without a small bound, a repeat that
can run across words without end (``.*``), two unbounded repeats in a row that can match the same
characters (``\\w+\\w*``), and a match that starts with an unbounded repeat (``\\w+!``: run from every
letter). The shipped lexicons use none of them: a gap of a few words is written ``(?:\\w+ ){0,4}``.
The structure is read with ``re._parser``, the parser ``re`` compiles with (private; it was
``sre_parse`` before Python 3.11).
"""
from __future__ import annotations

import functools
import re
import sys
from re import _constants as sre
from re import _parser as sre_parse

# A repeat bounded by at most this many turns may hold a repeat ("(?:\w+ ){0,8}": a gap of words).
NESTED_REPEAT_LIMIT = 10
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)          # possessive repeats never backtrack: not listed
_UNBOUNDED = sre.MAXREPEAT

# Letters of scripts whose words are not separated by spaces (Chinese, Japanese) or take endings
# without one (Korean particles: 탈영 in 탈영했다): no word boundary is required beside them.
_RUN_ON = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_APOSTROPHES = "'\u2019\u02bc"
_APOSTROPHE = "['\u2019\u02bc]"
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
    out = [_APOSTROPHE if ch in _APOSTROPHES else re.escape(ch) for ch in (word[:-1] if any_ending else word)]
    return "".join(out) + (_ANY_ENDING if any_ending else "")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_PIECE = re.compile("|".join(map(re.escape, (_ANY_ENDING, _GAP, _APOSTROPHE))) + r"|\\.|.", re.DOTALL)


def phrase_of(pattern: str) -> str | None:
    """The wording ``phrase_pattern`` made ``pattern`` from, or None when it is a pattern of its own."""
    body = pattern.removeprefix(_BOUNDARY)
    body = body[:-2] if body.endswith(_BOUNDARY) and not body.endswith("\\" + _BOUNDARY) else body
    pieces = {_ANY_ENDING: "*", _GAP: " ", _APOSTROPHE: "'"}
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
    return _sequence_problem(parsed, 1) or (LEADING if _leads_with_repeat(parsed) else None)


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


def _sequence_problem(items, turns: float) -> str | None:
    """The first problem in a sequence of parsed items; ``turns`` is how often the enclosing repeats
    may run the sequence."""
    loose: list[tuple] = []      # unbounded repeats since the last character required: their first characters
    for op, av in items:
        problem = None
        if op in _REPEATS and av[1] > 1:
            low, high, body = av
            unbounded = high == _UNBOUNDED
            first = _first_char(body) or _ANY
            if unbounded and _one_char(body) is not None and _overlap(first, _WORD) and _overlap(first, _SPACE):
                return SPANS
            if unbounded and any(_overlap(before, first) for before in loose):
                return NEIGHBOURS
            if _varies(body):
                if _ambiguous(body):
                    return NESTED
                if unbounded or turns * high > NESTED_REPEAT_LIMIT:
                    return UNBOUNDED_GROUP
                problem = _sequence_problem(body, turns * high)
            if unbounded:
                loose.append(first)
        elif op in _REPEATS:                  # x? (?:...)?: optional, nothing repeats
            problem = _sequence_problem(av[2], turns)
        elif op == sre.BRANCH:
            problem = next((p for p in (_sequence_problem(b, turns) for b in av[1]) if p), None)
            loose = []
        elif _inner(op, av) is not None:      # a group, a lookaround
            problem = _sequence_problem(_inner(op, av), turns)
            loose = loose if op in (sre.ASSERT, sre.ASSERT_NOT) else []
        elif op != sre.AT:                    # (a boundary or anchor consumes nothing)
            loose = []
        if problem:
            return problem
    return None


_ANY = (sre.ANY, None)
_WORD = (sre.CATEGORY, sre.CATEGORY_WORD)
_SPACE = (sre.CATEGORY, sre.CATEGORY_SPACE)


LEADING = ("it starts with a repeat (such as \\w+), which is run from every letter of a paragraph: "
           "start with the word's own letters, e.g. \\bdesert\\w*")
NESTED = ("it repeats a part that can match the same text in more than one way (a repeat in a repeat, or "
          "alternatives), which can be tried in exponentially many ways: repeat only parts that end in "
          "a character they cannot start with, e.g. (?:\\w+ ){0,4}")
UNBOUNDED_GROUP = (f"it repeats a group more than {NESTED_REPEAT_LIMIT} times: bound it, e.g. (?:\\w+ ){{0,4}} "
                   "for up to four words")
SPANS = ("it has a repeat that can run across words without end (such as .* or [^,]+), slow on every long "
         "paragraph: bound it, e.g. (?:\\w+ ){0,4} for up to four words")
NEIGHBOURS = ("it has two repeats in a row that can match the same characters (such as \\w+\\w* or "
              "(?:\\w+ ){0,4}(?:\\w+ ){0,4}): write one")


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
