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
a long repeat run from almost every place (``\\w+!``, ``[a-z].*x``, ``e.*q``: a start of fewer than three
written letters), and long repeats run from too many places in all (each alternative of an entry is
tried from every place its start can stand, so their costs add up: ``\\bthe\\b.*\\bshot\\b`` alone is
kept, with ``|\\band\\b.*\\bshot\\b`` it is not). One ``.*`` between written words is kept
(``\\bsoldiers\\b.*\\bshot\\b``: 0.3-0.4 s on a 20,000-character paragraph of nothing but "soldiers",
0.8-0.9 s for ``\\bthe\\b.*\\bshot\\b`` on "the the the...", the most kept; under 0.01 s on 20,000
characters of real reporting), so a lens file written with it still loads; a gap of a few words is
better written ``(?:\\w+ ){0,4}``.
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


def read_only_limits() -> tuple[int, int]:
    """How many wordings a session lens on a read-only server may have, and how long each may be
    (config/thresholds.yaml ``topics``)."""
    from newslens.knowledge import threshold
    from newslens.topics.lenses import MAX_LEXICON

    return (threshold("topics", "read_only_wordings", int, 1, MAX_LEXICON),
            threshold("topics", "read_only_wording_chars", int, 1, 1000))


def plain_entries(text: str, kept: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The lexicon box of a read-only server: every line a wording, never a pattern of its own (the
    shape check cannot know how common a word is, and one visitor's slow entries would slow every
    reader), within ``read_only_limits``. An entry of ``kept`` (the lens file's own entries of the lens
    being edited, which the form shows as patterns or wordings) stays as it is and is not counted."""
    from newslens.topics.lenses import LensError

    most, longest = read_only_limits()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    entries = [line if line in kept else phrase_pattern(line) for line in lines]
    own = [(i, line) for i, (line, entry) in enumerate(zip(lines, entries), 1) if entry not in kept]
    for i, line in own:
        if "\\" in line:
            # a pasted pattern would be searched as its own characters and find nothing, unsaid
            raise LensError(f"lexicon line {i} ({line!r}) looks like a regular expression: on this shared server "
                            "(read-only mode) each line is a plain word or phrase; write the words themselves "
                            "(a * ending a word for any ending: desert*)")
        if len(line) > longest:
            raise LensError(f"lexicon line {i} has {len(line)} characters: on this shared server (read-only "
                            f"mode) a wording is a word or a short phrase of at most {longest}")
    if len(own) > most:
        raise LensError(f"the lexicon has {len(own)} wordings: on this shared server (read-only mode) a lens "
                        f"takes at most {most}; keep those that name the theme outright")
    return entries


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

    ``pattern`` must compile (the caller says so first). Each way a match can begin is read on its
    own (``_starts``), and what their long repeats cost is added up over the whole entry: the search
    tries every alternative from every place its written start stands (each top-level alternative
    in a search of its own, as ``lenses._Entry`` runs them)."""
    leading = _leads_with_repeat(sre_parse.parse(pattern))
    crowd: dict[str, list[list[tuple]]] = {}   # by first letters: groups of ways never run together
    cost = 0.0                                   # (of each group, its costliest way)
    # (each way is read separately: fewer of them in a long entry, so reading it stays quick)
    left = [max(1, min(MAX_STARTS, WALKED_CHARS // len(pattern)))]
    for part in _searched_apart(pattern):
        for run, rest, written in _starts(sre_parse.parse(part), (), left):
            walk = _Walk(written=written, leading=leading, required=list(run))
            problem = walk.sequence(rest, 1)
            if problem:
                return problem
            if walk.spanning < LONG_REPEAT:     # (a short gap costs what a written word does)
                continue
            way = (run, _ends_word(rest), walk.spanning / _spacing(run, rest))
            groups = crowd.setdefault(repr(run[:MIN_START]), [])
            # (the first few groups only: an entry of a thousand alternatives is read in well under a second)
            group = next((g for g in groups[:8] if all(_together_never(way, other) for other in g)), None)
            if group is None:
                groups.append([way])
                cost += way[2]
            else:
                cost += max(0.0, way[2] - max(other[2] for other in group))
                group.append(way)
            if cost > MAX_START_WAYS and not leading:
                return CROWDED
    return LEADING if leading else None


def _searched_apart(pattern: str) -> list[str]:
    """The top-level alternatives the search runs one by one (``lenses._entry``): re's parser would
    join "soldiers.*\\Bb|soldiers.*\\Bc" into one, searched once."""
    from newslens.topics.lenses import _alternatives

    parts = _alternatives(pattern)
    try:
        for part in parts:
            re.compile(part)
    except re.error:                  # (the search then runs the whole: lenses._entry)
        return [pattern]
    return parts


def _ends_word(rest) -> bool:
    return bool(rest) and rest[0][0] == sre.AT and rest[0][1] in _WORD_EDGES


def _together_never(a: tuple, b: tuple) -> bool:
    """Whether two ways to start (run, ended by \\b, cost) stand at the same places but never
    together ("soldier\\b" and "soldiers\\b"): only the costlier is paid there. Other ways add up,
    as their words do in real text ("\\bthe\\b" and "\\band\\b")."""
    (run_a, end_a, _), (run_b, end_b, _) = sorted((a, b), key=lambda way: len(way[0]))
    if len(run_a) < MIN_START or repr(run_a[:MIN_START]) != repr(run_b[:MIN_START]):
        return False
    if any(not _overlap(x, y) for x, y in zip(run_a, run_b)):
        return True
    return end_a and len(run_b) > len(run_a) and _within(run_b[len(run_a)], _WORD)


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


def _starts(items, run: tuple, left: list[int]):
    """Each way a match can begin: (the written characters it starts with, ``_written``, at most
    ``RUN_READ`` of them; the rest of the pattern after them; how many written characters every
    match starts with). Alternatives and an optional part before the run ends make a way each,
    while ``left`` (a count shared by the calls) allows; else the fewest letters they start with count."""
    for i, (op, av) in enumerate(items):
        if len(run) >= RUN_READ:
            yield run, items[i:], len(run)
            return
        if op == sre.AT and not run:
            continue                     # (a \b before the word: the search drops it, lenses._Entry)
        if _written(op, av):
            run = (*run, (op, av))
            continue
        rest = items[i + 1:]
        if op == sre.SUBPATTERN:
            yield from _starts([*av[3], *rest], run, left)
            return
        ways = av[1] if op == sre.BRANCH else [av[2], []] if op in _REPEATS and av[1] == 1 else []
        if ways and left[0] >= len(ways):
            left[0] -= len(ways) - 1
            for way in ways:
                yield from _starts([*way, *rest], run, left)
            return
        yield run, items[i:], len(run) + min((_written_start(way) for way in ways), default=0)
        return
    yield run, [], len(run)


def _written_start(items) -> int:
    """How many written characters a part starts with (groups opened, a \\b before them aside)."""
    count = 0
    for op, av in items:
        if op == sre.SUBPATTERN:
            return count + _written_start(av[3])
        if not _written(op, av) and (op != sre.AT or count):
            return count
        count += op != sre.AT
    return count


def _written(op, av) -> bool:
    """Whether a parsed item is a written character, which a match's start must hold: a literal, or
    a class of a few letters written out ([Ss], [dд], (?:e|é), which re makes a class; not [a-z], \\w)."""
    if op == sre.LITERAL:
        return True
    if op != sre.IN or any(sub_op not in (sre.LITERAL, sre.RANGE) for sub_op, _ in av):
        return False
    runs = _charset((op, av))                      # (both cases)
    if sum(hi - lo + 1 for lo, hi in runs) > 2 * WRITTEN_CLASS:
        return False
    return len({chr(code).lower() for lo, hi in runs for code in range(lo, hi + 1)}) <= WRITTEN_CLASS


def _spacing(run: tuple, rest) -> int:
    """How far apart the places where ``run`` stands must be at least, in any text: the smallest
    shift at which it can lie over itself ("soldiers": 7, "aaa": 1), or its length and one more when
    it is a word's letters ended by \\b ("ran\\b": "ran ran"). No run: every place (1)."""
    if not run:
        return 1
    if _ends_word(rest) and all(_within(c, _WORD) for c in run):
        return len(run) + 1
    return next((shift for shift in range(1, len(run))
                 if all(_overlap(run[j], run[j + shift]) for j in range(len(run) - shift))), len(run))


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
    written: int                 # how many written characters the match starts with (_starts)
    leading: bool                # a match can start with an unbounded repeat (_leads_with_repeat)
    # The characters every match holds so far. A repeat "spans" when it can take a space and each of
    # them: it can then run over the next places a match starts, and its ways are paid from each
    # (in a paragraph of words; one that stops at a space runs over one word, or stops sooner).
    required: list[tuple] = field(default_factory=list)
    # (what it takes, ways, whether it spans)
    loose: list[tuple[tuple, int, bool]] = field(default_factory=list)
    spanning: int = 0            # the most ways something that can fail meets, of spanning repeats

    def sequence(self, items, turns: float) -> str | None:
        """The first problem in a sequence of parsed items; ``turns`` is how often the enclosing
        repeats may run the sequence."""
        for op, av in items:
            problem = self._item(op, av, turns)
            if problem:
                return problem
            if (one := _one_char([(op, av)])) is not None:
                self.required.append(one)
        return None

    def _maybe(self, items, turns: float) -> str | None:
        """``sequence`` for a part a match may skip or take again: what it requires is not required."""
        held = len(self.required)
        problem = self.sequence(items, turns)
        del self.required[held:]
        return problem

    def _item(self, op, av, turns: float) -> str | None:
        if op == sre.AT:             # (\b after .* can fail too: ".*" stops at the end, "-" is no word)
            if av in _WORD_EDGES:    # a run of word characters stops at its end only: one way
                self.loose = [item for item in self.loose if not _within(item[0], _WORD)]
            return self._follows(None)
        if op in _REPEATS and av[1] > 1:
            return self._repeat(av, turns)
        if op in _REPEATS:                    # x? (?:...)?: optional, nothing repeats
            before = list(self.loose)
            problem = self._maybe(av[2], turns)
            self.loose = _union(before, self.loose)
            return problem
        if op == sre.BRANCH:
            return self._branch(av[1], turns)
        if op == sre.SUBPATTERN or op == sre.ATOMIC_GROUP:
            return self.sequence(_inner(op, av), turns)
        if op in (sre.ASSERT, sre.ASSERT_NOT):   # consumes nothing here: read on its own
            problem = self._follows(None)
            inside = _Walk(self.written, False, list(self.required))
            problem = problem or inside.sequence(av[1], turns)
            self.spanning += inside.spanning      # (run from the same places as what follows it)
            return problem
        one = _one_char([(op, av)])
        if one is None and op == sre.POSSESSIVE_REPEAT:    # never gives back: one run of its characters
            one = _one_char(av[2])
            if one is not None and av[0] == 0:
                return self._follows(None)
        return self._follows(one)

    def _follows(self, one: tuple | None) -> str | None:
        """Something that can fail follows the loose repeats (``one``: the one character it takes,
        None when unknown): a problem counts now, and repeats that cannot take ``one`` stop here."""
        if any(ways > MAX_WAYS for _, ways, _ in self.loose):
            return CHAIN
        if any(ways >= LONG_REPEAT and (self.written == 0 or spans and self.written < MIN_START)
               for _, ways, spans in self.loose):
            return LEADING if self.leading else UNANCHORED
        self.spanning = max([self.spanning, *(ways for _, ways, spans in self.loose if spans)])
        if one is not None:
            self.loose = [item for item in self.loose if _overlap(item[0], one)]
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
            problem = self._maybe(body, turns * high) or self._maybe(body, turns * high)
            if problem:
                return problem
            self.loose = _union(before, self.loose) if low == 0 else self.loose
        ways = stops * max((w for chars, w, _ in self.loose if _overlap(chars, first)), default=1)
        spans = _overlap(first, _SPACE) and all(_overlap(first, char) for char in self.required)
        self.loose = [*self.loose, (first, min(ways, MAX_WAYS + 1), spans)]
        return None

    def _branch(self, branches, turns: float) -> str | None:
        before, after = self.loose, []
        for branch in branches:
            self.loose = list(before)
            problem = self._maybe(branch, turns)
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
_SPACE = (sre.LITERAL, ord(" "))
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
# A match must start with this many written characters before a long repeat that spans (_Walk):
# one letter ("e.*q") stands at every tenth character of real text, and the repeat is run from each
# to the paragraph's end. One or two suffice before a repeat that stops at a space (\bei\w* ).
MIN_START = 3
# A class of at most this many letters, case aside, is written ([dд]ezert, (?:e|é)xecut, [eéèê]).
WRITTEN_CLASS = 4
# Starts read at most this many characters in ("soldiers"), and at most this many ways to start
# ((?:fled|ran)) are read apart, fewer in a long entry (WALKED_CHARS in all, about 0.3 s to read).
RUN_READ = 8
MAX_STARTS = 100
WALKED_CHARS = 40_000
# Per character of a paragraph, the ways of the long repeats run from the starts that can stand
# there, added up over an entry's alternatives (_together_never: "soldier\b" and "soldiers\b" once):
# one unbounded repeat after three letters that cannot lie over themselves (20,000 / 3), or after
# two words ("\b(?:soldier|troop)s?\b.*": 20,000 / 8 + 20,000 / 6); "\bsoldiers\b.*\bshot\b": 20,000 / 9.
MAX_START_WAYS = LONG_PARAGRAPH // 3

LEADING = ("it starts with a repeat (such as \\w+), which is run from every letter of a paragraph: "
           "start with the word's own letters, e.g. \\bdesert\\w*")
UNANCHORED = ("it has a long repeat (such as .* or [^,]+) after a start of fewer than three written letters "
              "(such as o, [a-z] or \\w; [Ss] or [dд] is one), so it is run from most places of a paragraph: "
              "start with a word's own letters, e.g. \\bsoldiers\\b.*\\bshot\\b")
NESTED = ("it repeats a part that can match the same text in more than one way (a repeat in a repeat, or "
          "alternatives), which can be tried in exponentially many ways: repeat only parts that end in "
          "a character they cannot start with, e.g. (?:\\w+ ){0,4}")
UNBOUNDED_GROUP = (f"it repeats a group more than {NESTED_REPEAT_LIMIT} times: bound it, e.g. (?:\\w+ ){{0,4}} "
                   "for up to four words")
CROWDED = ("its alternatives together run too many long repeats (such as .*) from too many places (every "
           "alternative is tried from every place its start stands): join alternatives that start alike, "
           "e.g. \\bsoldiers\\b.*\\b(?:shot|killed)\\b, start each with a longer word, or bound the repeats, "
           "e.g. (?:\\w+ ){0,4} for up to four words")
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
