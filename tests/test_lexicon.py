"""Lexicon entries a researcher types: wordings found as typed, and patterns that could hang refused."""
from __future__ import annotations

import pytest

from newslens.topics.lenses import LensError, load_lenses, make_lens
from newslens.topics.lexicon import (lexicon_entries, lexicon_text, phrase_of, phrase_pattern, plain_entries,
                                     read_only_limits, unsafe_reason)
from newslens import config


def found(wordings: str, text: str, as_patterns: bool = False) -> tuple[str, ...]:
    lens = make_lens("x", "d", lexicon=lexicon_entries(wordings, as_patterns), lexicon_weight=0.15)
    return lens.words_in(text)


@pytest.mark.parametrize("wording, text, expected", [
    ("barrier troops", "Behind them stood Barrier  Troops with machine guns.", ("Barrier  Troops",)),
    ("barrier troops", "The barrier troopships sailed.", ()),                      # whole words
    ("barrier troops", "barrier\ntroops were posted", ("barrier\ntroops",)),
    ("desert*", "Two soldiers deserted on Monday.", ("deserted",)),                 # * is any ending
    ("desert", "Two soldiers deserted on Monday.", ()),
    ("заградотряд*", "Бойцы говорят о заградотрядах за линией фронта.", ("заградотрядах",)),
    ("탈영", "그는 지난달 부대에서 탈영했다.", ("탈영",)),                              # endings join Korean words
    ("逃兵", "据报道，多名逃兵被抓获。", ("逃兵",)),                                   # no spaces in Chinese
    ("didn't want", "He said he didn\u2019t want to go back.", ("didn\u2019t want",)),  # either apostrophe
    ("déserteur", "Un deserteur a été arrêté.", ("deserteur",)),                   # accents aside
    ("(a+)+$", "a pattern (a+)+$ printed in a paragraph, and aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", ("(a+)+$",)),
    ("$math$", "the $math$ markup", ("$math$",)),
    ("<b>shot</b>", "a <b>shot</b> in bold; a shot in plain text", ("<b>shot</b>",)),
    ("**shot**", "it was a **shot** there, shots", ("**shot**",)),
    ("f*ck", "he said f*ck, then fuck", ("f*ck",)),                              # a censored word, as typed
])
def test_a_typed_wording_is_found_as_written_and_nothing_else(wording, text, expected):
    assert found(wording, text) == expected


def test_lines_are_read_as_patterns_only_when_asked():
    assert found(r"\bdesert\w*", "He deserted.") == ()
    assert found(r"\bdesert\w*", "He deserted.", as_patterns=True) == ("deserted",)


@pytest.mark.parametrize("wording", ["barrier troops", "заградотряд*", "didn't want", "$math$", "(a+)+$",
                                     "탈영", "a\\b", "x.y"])
def test_a_wording_reads_back_from_its_pattern(wording):
    assert phrase_of(phrase_pattern(wording)) == wording


def test_a_lexicon_shows_as_wordings_when_every_entry_is_one_and_else_as_patterns():
    assert lexicon_text([phrase_pattern("barrier troops"), phrase_pattern("desert*")]) == (
        "barrier troops\ndesert*", False)
    assert lexicon_text([phrase_pattern("barrier troops"), r"\bdesert(?:er|ion)s?\b"]) == (
        "\\bbarrier\\s+troops\\b\n\\bdesert(?:er|ion)s?\\b", True)


@pytest.mark.parametrize("pattern, why", [
    (r"(a+)+$", "more than one way"),               # the classic: exponential on "aaaa...!"
    (r"(a|aa)+b", "more than one way"),             # alternatives that overlap
    (r"(\s*,\s*)*z", "more than one way"),
    (r"\bx(?:\w+ ?){0,4}y", "more than one way"),   # a gap of words without a required space
    (r"\bx(?:\w+ ){0,20}y", "more than 10 times"),
    (r"\bx\w+\s*\w+y", "two repeats in a row"),
    (r"\w+!", "starts with a repeat"),              # quadratic in a Chinese paragraph
    # classes compared on what they hold, not on sample characters; case aside both ways
    (r"q[b-z]*[b-z]*[b-z]*[b-z]*!", "two repeats in a row"),
    (r"q[а-е]*[а-е]*!", "two repeats in a row"),
    (r"q[2-9]*[2-9]*!", "two repeats in a row"),
    (r"q[A-Z]*[A-Z]*[A-Z]*!", "two repeats in a row"),
    (r"q[B-Z]*[b-z]*!", "two repeats in a row"),
    (r"q(?:b|c)*(?:b|c)*(?:b|c)*!", "two repeats in a row"),
    (r"q[^\W\d]*\w*!", "two repeats in a row"),
    (r"xyz(.)*y(.)*z(.)*w", "two repeats in a row"),     # a group of one character is that character
    # polynomial, and hours on one long paragraph: repeats whose stops multiply, bounded or not
    (r"xyz.{0,5000}y.{0,5000}z", "two repeats in a row"),
    (r"x\w*y\w*z\w*!", "two repeats in a row"),
    (r"xyz.*y.*z", "two repeats in a row"),
    (r"\bsoldiers\b.*\bshot\b.*\bdead\b", "two repeats in a row"),
    (r"\bsoldiers\b.*-.*\B", "two repeats in a row"),   # \B can fail: 2.5 s on "soldiers-a-a-a..."
    (r"(?:x.{0,50}y){0,3}z", "more than one way"),
    # a long repeat run from most places: 1.1 s on 20,000 characters; 95 s on a million real paragraphs
    (r"[a-z].*qz", "fewer than three written letters"),
    (r"e.*q", "fewer than three written letters"),
    (r"\bo.*x", "fewer than three written letters"),       # (the search drops a leading \b: lenses._Entry)
    # each alternative is tried from every place its start stands: their long repeats add up
    (r"\bthe\b.*\bshot\b|\band\b.*\bshot\b", "alternatives together"),
    (r"\b(?:was|had|her)\b.*\bshot\b", "alternatives together"),
    (r"aaa.*\bshot\b", "alternatives together"),         # "aaa" stands at every place of "aaaa..."
    (r"[^,]oldiers.*\bshot", "fewer than three written letters"),      # no class of a few letters
    (r"[a-z]xy.*\bshot", "fewer than three written letters"),
    (r"[a-c]bc.*\bshot", "alternatives together"),          # "cbcbcb...": a start at every other place
    # the search runs each top-level alternative on its own, though re's parser joins them into one
    (r"\bsoldiers\b.*\bshot\b|\bsoldiers\b.*\bdead\b|\bsoldiers\b.*\bkilled\b", "alternatives together"),
])
def test_a_pattern_that_could_hang_is_refused_with_a_reason(pattern, why):
    with pytest.raises(LensError, match="could take too long to search") as refused:
        make_lens("x", "d", lexicon=[pattern])
    assert why in str(refused.value)


@pytest.mark.parametrize("pattern", [
    r"\bdesert\w*", r"\bx(?:\w+ ){0,8}y", r"\bshot (?:\w+ ){0,3}in the back\b", r"탈영|逃兵",
    r"\b(?:fled|escaped) (?:from )?(?:the |a )?(?:front|unit)\b", r"\bx\w++\w+",
    r"\bx[a-f]*[g-z]+y", r"\bq\d+[a-z]*!", r"\bq[A-F]*[g-z]*!",
    r"\bei\w* (?:\w+ ){0,1}halu\w*",     # a short word before repeats that stop at a space (a word each)
    # one long repeat after written letters; a word's repeat ended by \b stops at the word's end only
    r"\bsoldiers\b.*\bshot\b", r"\bshot\b[^,]+\bdead\b", r"\brefus\w*\b.*\bfight\w*",
    r"\bshot\b.{0,100}\bdead\b.{0,100}\bfront", r"\b(?:conscientious )?objectors?\b.*\bfront\b",
    r"\bthe\b.*\bshot\b", r"\b(?:soldier|troop)s?\b.*\bexecuted\b",
    # a start may be a class of a few letters written out: either script, an accent, either case
    r"[dд]ezert\w*\b.*\bshot", r"(?:e|é)xecut\w*\b.*\bdesert", r"[Ss]oldiers.*shot", r"(?:ö|o)ver.*shot",
    r"\bsoldiers\b.*\b(?:shot|dead|killed)\b",       # the same, joined: one search
])
def test_ordinary_patterns_are_accepted(pattern):
    assert unsafe_reason(pattern) is None


@pytest.mark.parametrize("depth", [30, 600])
def test_a_deeply_nested_pattern_is_refused_not_a_crash(depth):
    with pytest.raises(LensError, match="nested too deeply"):
        make_lens("x", "d", lexicon=["x" + "(?:" * depth + "a" + ")" * depth])


def test_a_huge_repeat_count_is_an_invalid_pattern_not_a_crash():
    with pytest.raises(LensError, match="not a valid regular expression"):
        make_lens("x", "d", lexicon=[r"\bxa{99999999999}"])


def test_the_shipped_lens_file_passes_the_check():
    assert load_lenses(config.PROJECT_ROOT / "config" / "lenses.yaml").lenses


def test_accepted_patterns_find_what_they_should_on_a_hostile_paragraph():
    """What the check lets through is searched on paragraphs shaped like those that hang the refused
    shapes: long runs of one letter, a long Chinese paragraph (one run of word characters). How long
    it takes is measured by benchmarks/bench_lexicon_worst.py, not here: the check's verdict is the
    same on any machine, a time limit is not (the shapes' verdicts are the tests above)."""
    lens = make_lens("x", "d", lexicon=[r"\bx(?:\w+ ){0,8}y", r"\bdesert\w*", r"\bab\w* c\w*",
                                        phrase_pattern("a* a* a*"), r"\bx(?:ab){0,10}y"])
    assert lens.words_in(("a" * 60 + "! ") * 60) == ()
    assert lens.words_in("a " * 2_000) == ("a a a",)
    assert lens.words_in("x" + "aaaa " * 800) == ("aaaa aaaa aaaa",)
    assert lens.words_in("逃兵据报道" * 800) == ()


def test_a_range_with_accented_ends_reads_the_same_once_accents_are_dropped():
    """Matching folds accents away, and so did the pattern's range: [à-ÿ] became [a-y], which took
    "cafs" for "café"; "\\bx[z-ä]y" became "[z-a]" and was refused. A range now keeps its ends and
    gains what its letters become (à-ÿ: a, c, e, i, n, o, u, y), nothing between them."""
    assert found(r"\bcaf[à-ÿ]\b", "Two cafs, then a café.", as_patterns=True) == ("café",)
    assert found(r"\bcaf[à-ÿ]\b", "Un cafe au lait.", as_patterns=True) == ("cafe",)     # accents aside
    assert found(r"\bcaf[\u00e0-\u00ff]\b", "Two cafs, then a café.", as_patterns=True) == ("café",)
    assert found(r"\bx[z-ä]y\b", "xby, xzy, xäy", as_patterns=True) == ("xzy",)
    assert found(r"\bx[z-ä]y\b", "xby and xäy", as_patterns=True) == ("xäy",)
    assert found(r"\b[A-Z]\d{3}\b", "the K601 unit", as_patterns=True) == ("K601",)


def test_a_lens_file_with_one_dot_star_between_words_still_loads(tmp_path):
    """An analyst's lens file from before the check wrote a gap as .*: refused on load until edited.
    One such repeat after written words is kept (a paragraph of nothing but its first word, the
    worst case, is timed by benchmarks/bench_lexicon_worst.py: 0.2-0.4 s on 20,000 characters)."""
    path = tmp_path / "lenses.yaml"
    path.write_text("lenses:\n  - name: executions\n    definition: Soldiers shot by their own side.\n"
                    "    examples: [Commanders shot soldiers who retreated.]\n    lexicon_weight: 0.2\n"
                    "    lexicon: ['\\bsoldiers\\b.*\\bshot\\b', '\\bshot\\b[^,]+\\bdead\\b']\n", encoding="utf-8")
    lens = load_lenses(path).get("executions")
    assert lens.words_in("Two soldiers were later shot by their commander.") == (
        "soldiers were later shot",)
    assert lens.words_in(("soldiers " * 3000)[:20_000]) == ()
    assert lens.words_in("shot " * 4_000) == ()


# --- a read-only server: typed wordings only, within limits ---------------------------------

def test_on_a_read_only_server_a_typed_pattern_never_runs_as_a_pattern():
    """\\bthe\\b.*\\bqq\\b passes the shape check but runs from every "the": typed by a visitor it
    is never run; it is refused with the line named (searched as its own characters, it found nothing,
    unsaid), while a line that merely has pattern-like characters is the text itself."""
    slow = r"\bthe\b.*\bqq\b"
    assert unsafe_reason(slow) is None                       # (the check alone would keep it)
    with pytest.raises(LensError, match=r"line 2 .*looks like a regular expression.*desert\*"):
        plain_entries(f"desert*\n{slow}")
    lens = make_lens("x", "d", lexicon=plain_entries("desert*\nthe.*qq"), lexicon_weight=0.15)
    assert lens.lexicon == (r"\bdesert\w*", phrase_pattern("the.*qq"))
    assert lens.words_in("Then the soldiers deserted, qq.") == ("deserted",)


def test_on_a_read_only_server_wordings_are_found_as_the_lexicon_finds_typed_ones():
    typed = "desert*\nabsent without leave\nзаградотряд*\ndidn't want"
    assert plain_entries(typed) == lexicon_entries(typed, False)


def test_on_a_read_only_server_too_many_or_too_long_wordings_are_refused_saying_the_limit():
    most, longest = read_only_limits()
    assert plain_entries("\n".join(f"word{i}" for i in range(most)))      # the limit itself is taken
    with pytest.raises(LensError, match=f"the lexicon has {most + 1} wordings: .*read-only.* at most {most}"):
        plain_entries("\n".join(f"word{i}" for i in range(most + 1)))
    with pytest.raises(LensError, match=f"lexicon line 2 has {longest + 1} characters: .*at most {longest}"):
        plain_entries("desert*\n" + "a" * (longest + 1))


def test_on_a_read_only_server_the_lens_files_own_entries_of_the_edited_lens_stay_and_are_not_counted():
    most, _ = read_only_limits()
    own = (r"\bshot\b(?:\w+ ){0,4}\bretreat\w*", r"\bdesert\w*")   # a pattern, and a wording's pattern
    typed = "\n".join([own[0], "desert*", *(f"word{i}" for i in range(most))])
    assert plain_entries(typed, own)[:2] == list(own)
    with pytest.raises(LensError):
        plain_entries(typed)                   # the same lines in another lens: wordings, one too many
