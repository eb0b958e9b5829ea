"""Sentence boundaries, one rule for the pipeline (splitting long paragraphs) and the read side
(comparing claims sentence by sentence). A full stop after an abbreviation or an initial ("Sept.
25", "U.S. officials", "J. Smith") ends nothing; a sentence ends before a capital or a digit.
"""
from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence ("Sept. 25", "U.S. officials").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm st jr sr vs etc e.g i.e u.s u.k u.n "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos approx inc ltd co corp gov sen rep rev "
    "fig p pp vol ed eds est dept univ cf al "
    # the same in the corpus's other languages ("ул. Ленина", "ст. 337", "tzw. Państwo")
    "ул пер пос обл им ст ч тыс млн руб вул ul tzw np św".split())
# German writes a day as an ordinal and capitalises the month ("am 17. September"): a full stop
# after a day number before one of these ends nothing. (Other languages that write "17." put the
# month in lower case, which never starts a sentence here.)
_DAY_BEFORE_MONTH = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.\s+(?:januar|jänner|februar|feber|märz|april|mai|juni|"
                               r"juli|august|september|oktober|november|dezember|jan|feb|mär|apr|jun|jul|aug|"
                               r"sep|sept|okt|nov|dez)\b", re.IGNORECASE)
# ...and writes any ordinal so after an article ("der 83. Brigade", "zum 3. Mal"): a full stop after
# a number that follows one of these ends nothing.
# (Not "am" or "die", English words too: "I am 25. I ..." ends a sentence; "am 17. September" is the
# date rule's.)
_ORDINAL_AFTER_ARTICLE = re.compile(r"(?<!\w)(?:der|das|des|dem|den|zur|zum|im|vom|beim)\s+\d{1,3}$")
# What may close a sentence after its full stop: quotes and brackets ("Shoot them.”", "(... them.)")
CLOSERS = "\"'\u201d\u2019\u00bb)]"
_SENTENCE_END = re.compile(rf"[.!?…]+[{re.escape(CLOSERS)}]*(?=\s)")
# A full stop glued to the next sentence, as scraped pages often print it ("to fight.And some"): between
# two lower-case letters and a capitalised word ("war.However"), never "U.S.Army" or "e.g.The", nor
# inside a dotted name whose first part is capitalised too ("Sibir.Realii", "Газета.Ru").
_GLUED_END = re.compile(r"(?<=[^\W\d_]{2})[.!?](?=[^\W\d_]{2})")
_SPACE_RUN = re.compile(r"\s+")
_NEXT_STARTS = re.compile(r"\s+[\"'“‘«(\[]*(?=[^\W_])", re.UNICODE)


# What an apostrophe is, for every reader. A text writes one of APOSTROPHES inside a word ("Ukraine’s",
# "п'ять", and Ukrainian's modifier letter: "пʼять"). Outlets also print look-alikes in its place; search,
# which must find every spelling, reads those as apostrophes too (ANY_APOSTROPHE), while Compare and the
# lens lexicons, where "‘" opens a quotation and "′" follows feet and minutes, do not. (Between two
# letters on the 534 pages of rb/set26..: "'" 424, "’" 449, "ʼ" 4, a look-alike never.)
APOSTROPHES = "'\u2019\u02bc"
LOOKALIKE_APOSTROPHES = "\u2018\u201a\u2032\u00b4"
APOSTROPHE = f"[{APOSTROPHES}]"                                  # one, in a regular expression
ANY_APOSTROPHE = f"[{APOSTROPHES}{LOOKALIKE_APOSTROPHES}]"        # one, as search reads them


def apostrophes(text: str) -> str:
    """``text`` with its curly and modifier apostrophes straight, as config word lists write them."""
    for curly in APOSTROPHES[1:]:
        text = text.replace(curly, "'")
    return text


def opens_speech(text: str) -> bool:
    """Whether ``text`` opens with a dash and a space, as Finnish, Russian, Ukrainian... print direct
    speech (config/claims.yaml ``speech_dashes``)."""
    from newslens.knowledge import speech_dashes     # (knowledge imports this module)
    return text[:1] in speech_dashes() and text[1:2].isspace()


def without_closers(text: str, also: str = "") -> str:
    """``text`` without the closing quotes and brackets (``CLOSERS``, and ``also``) and spaces after
    its last word, where a full stop or a question mark shows whether it ends as a sentence."""
    return text.rstrip(CLOSERS + also + " ")


def _last_word(text: str, start: int, end: int, reach: int = 64) -> str:
    """The word right before ``end`` (not before ``start``), read from at most ``reach`` characters
    back: a text of glued or abbreviated full stops must not be re-read from its start at each one."""
    word = re.search(r"(\S+)$", text[max(start, end - reach):end])
    return word.group(1) if word else ""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; the whitespace between sentences belongs to none."""
    spans: list[tuple[int, int]] = []
    start = 0
    ends = sorted([*_SENTENCE_END.finditer(text), *_GLUED_END.finditer(text)], key=lambda m: m.start())
    for match in ends:
        if match.start() < start:
            continue
        if match.re is _GLUED_END:
            before, after = text[match.start() - 2:match.start()], text[match.end():match.end() + 2]
            if not (before.islower() and after[0].isupper() and after[1].islower()):
                continue
            token = _last_word(text, start, match.start()).lstrip("\"'“‘«([")
            if token[:1].islower() and token.casefold() not in _ABBREVIATIONS:
                spans.append((start, match.end()))
                start = match.end()
            continue
        nxt = _NEXT_STARTS.match(text, match.end())
        if not nxt or nxt.end() >= len(text):
            continue
        following = text[nxt.end()]
        if not (following.isupper() or following.isdigit()):
            continue
        token = _last_word(text, start, match.start()).lstrip("\"'“‘«([").casefold()
        if match.group().startswith(".") and (token in _ABBREVIATIONS or len(token) == 1):
            continue   # "Sept. 25", "J. Smith"
        if match.group() == "." and _DAY_BEFORE_MONTH.match(text, match.start() - len(token)):
            continue   # "am 17. September"
        if match.group() == "." and token.isdigit() and _ORDINAL_AFTER_ARTICLE.search(text, max(start, match.start() - 12),
                                                                                    match.start()):
            continue   # "der 83. Brigade"
        spans.append((start, match.end()))
        start = _SPACE_RUN.match(text, match.end()).end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order."""
    return [text[a:b] for a, b in sentence_spans(text)]
