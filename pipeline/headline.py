"""Choosing an article's headline among the first lines of a scraped page, by evidence.

A scraped page starts with whatever the site prints above the article: a slogan, a section
banner, a live-TV link, a notification prompt, a header clock. "The first short line" is then
often furniture. Each candidate line is scored instead (weights in config/furniture.yaml):

- agreement with the url's slug (the strongest evidence: sites build slugs from headlines),
- repetition (headlines are printed twice: as the page title and as the article's h1),
- position (first line of the page; right next to the byline or date line; before the body),
- shape (a few words, not a full sentence, not a label, not a truncated breadcrumb),
- script (a line in another script than the body is a widget in the site's language).

The winner and its evidence are recorded, so the reader and the CLI can say why. When no line is
convincing the url's words are used, and when there are none the headline stays unknown.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from rapidfuzz.distance import Levenshtein

from newslens.sentences import without_closers
from newslens.spelling import script
from pipeline.rules import Rules, load_rules

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SLUG_SPLIT = re.compile(r"[-_+/.]+")
_LEADING_NUMBER = re.compile(r"^\d{6,}\b")
# A hash's run of hex digits ("...meets with.com2Fcc2Feb2F69ab66882e0c50f91..."): an image's file name or an
# encoded link the scrape glued to a line, which no headline prints.
# (matched from the start of a run only, the digit-and-letter test in code: a lookahead at every
# position made a 20,000-character line take seconds)
_HEX_RUN = re.compile(r"(?<![0-9a-f])[0-9a-f]{16,}", re.IGNORECASE)


def has_code_run(text: str) -> bool:
    """A run of 16 or more hex characters mixing digits and letters (a hash, not a number)."""
    return any(any(c.isdigit() for c in m.group()) and any(c.isalpha() for c in m.group())
               for m in _HEX_RUN.finditer(text))
_TRAILING_SECTIONS = re.compile(r"(?:\s+\|\s+[^|]{1,20}){1,3}$")
_LIST_OR_DIALOGUE = re.compile(r"^(?:[•▪◦●·*>]|[-–—](?=\s))")
_LIST_NUMBER = re.compile(r"^(\d{1,2})[.)]\s")
_FIGURE = re.compile(r"\d[\d.,\u00a0\u202f]*")     # a number as printed: "60.000", "1,500"



@dataclass
class Candidate:
    index: int
    text: str
    score: float
    evidence: list[str]


@dataclass
class HeadlineChoice:
    title: str | None
    note: str                     # which line won and why, or why none did
    candidates: list[Candidate]
    lead: str = ""                # the article's lead the lines were read against (article_lead)


def fold(text: str, rules: Rules | None = None) -> str:
    """Lower-case ASCII-ish form for comparing a line with a slug (accents off, Cyrillic transliterated)."""
    rules = rules or load_rules()
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(rules.transliteration.get(c, c) for c in text)


# A page file's extension ends the slug, not a word of it (".shtml" is the Corriere's, ".cms" the
# Times of India's).
_FILE_EXTENSION = re.compile(r"\.(?:s?html?|phtml|php\d?|aspx?|jsp|cfm|cms)$", re.IGNORECASE)


# A path segment that is a day ("/2023/", "/20230507/", "/2023-05-07/"): what stands before it names
# the site's section or the publication ("/usa/dayton-daily-news/20230507/<id>", "/world-news/2023/05/07/").
_DATE_SEGMENT = re.compile(r"(?:19|20)\d\d(?:[-_.]?(?:0[1-9]|1[0-2])(?:[-_.]?(?:0[1-9]|[12]\d|3[01]))?)?")
SECTION_MAX_WORDS = 3   # a section's or a publication's name in a url is this short ("dayton-daily-news")


def _url_path_segments(url: str | None) -> list[str]:
    if not url:
        return []
    try:
        path = unquote(urlsplit(url if "://" in url else "https://" + url).path)
    except ValueError:
        return []
    # a comma parts a segment too: an id glued to the slug ("...-przy-granic,nId,6051501") or before
    # it ("7,114881,28983448,ukraina-przygotowala-...") must not take the slug's word next to it
    return [_FILE_EXTENSION.sub("", part) for segment in path.split("/") for part in segment.split(",")]


def _segment_words(segment: str) -> list[str]:
    return [w for w in _SLUG_SPLIT.split(segment) if w and not any(c.isdigit() for c in w)]


def _is_section_segment(segments: list[str], n: int) -> bool:
    """Segment ``n`` names a section or the publication, not the article: a few words with the day
    after them in the path (the article's own words come after its day, or have no day after them)."""
    return (0 < len(_segment_words(segments[n])) <= SECTION_MAX_WORDS
            and any(_DATE_SEGMENT.fullmatch(later) for later in segments[n + 1:]))


def slug_segment(url: str | None, numbers: bool = False) -> tuple[list[str], bool]:
    """The words of a url's most worded path segment, as written ("/news/russian-troops-flee-1234/amp"
    -> Russian, troops, flee), and whether every word of it could be read: sites build that segment
    from the headline and put numeric ids, "amp" or the section around it. Words holding digits are
    ids and are left out; a word with other marks ("don't") is left out too, and says the words
    cannot stand for the headline as they are. Of two segments with as many words, the later wins
    (the section comes first). With ``numbers``, a number of up to four digits between two words is
    the headline's ("sentences-22-year-old-to-13-years" -> ..., 22, year, old, to, 13, years): only
    numbers before the first word or after the last are ids."""
    segments = _url_path_segments(url)
    best: tuple[list[str], bool] = ([], True)
    for index, segment in enumerate(segments):
        if _is_section_segment(segments, index):
            continue
        tokens = [w for w in _SLUG_SPLIT.split(segment) if w]
        worded = [n for n, w in enumerate(tokens) if not any(c.isdigit() for c in w)]
        inside = range(worded[0], worded[-1] + 1) if worded else range(0)
        parts = [w for n, w in enumerate(tokens)
                 if not any(c.isdigit() for c in w) or (numbers and n in inside and w.isdigit() and len(w) <= 4)]
        words = [w for w in parts if re.fullmatch(r"[^\W\d_]+", w) or (numbers and w.isdigit())]
        if words and sum(not w.isdigit() for w in words) >= sum(not w.isdigit() for w in best[0]):
            best = (words, len(words) == len(parts))
    return best


def url_section_names(url: str | None, rules: Rules | None = None) -> list[str]:
    """The url's worded path segments that are not its slug, folded ("usa", "dayton daily news"):
    the site's sections and the publication's name, which a page prints above the headline."""
    segments = _url_path_segments(url)
    slug = slug_segment(url)[0]
    return [" ".join(_WORD.findall(fold(" ".join(words), rules))) for n, segment in enumerate(segments)
            if (words := _segment_words(segment)) and (words != slug or _is_section_segment(segments, n))]


def names_url_section(line: str, sections: list[str], rules: Rules | None = None) -> bool:
    """The line is one of the url's section or publication names word for word ("Dayton Daily News"
    over ".../dayton-daily-news/20230507/..."): a label above the article, never its headline."""
    return " ".join(_WORD.findall(fold(line, rules))) in sections


def slug_words(url: str | None) -> list[str]:
    """The url's slug (``slug_segment``) in lower case, when it has three words or more."""
    best = [w.casefold() for w in slug_segment(url)[0]]
    return best if len(best) >= 3 else []


# A German slug spells an umlaut with its e ("uebers-meer" for "übers Meer"), which folding drops.
_UMLAUT_SPELLING = re.compile(r"([aou])e")


def _word_match(a: str, b: str) -> bool:
    if a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4]):
        return True
    a, b = _UMLAUT_SPELLING.sub(r"\1", a), _UMLAUT_SPELLING.sub(r"\1", b)
    return a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])


def _compared_words(line: str, slug: list[str], rules: Rules | None) -> tuple[set[str], set[str]]:
    """The line's words and the slug's that are compared: three letters or more, no numbers."""
    return ({w for w in _WORD.findall(fold(line, rules)) if len(w) >= 3 and not w.isdigit()},
            {s for s in slug if len(s) >= 3})


def slug_agreement(line: str, slug: list[str], rules: Rules | None = None) -> float:
    """Share of the shorter side's words found on the other side (0..1). A line counts as the
    shorter side for at least ``SLUG_SHORT_LINE_SHARE`` of the slug's words: one word of a long
    slug ("Nepal", a section tag over "nepal-tells-russia-stop-recruiting-...") is not its headline
    in full, while a slug cut short of a long headline is all of it."""
    if not slug:
        return 0.0
    words, wanted = _compared_words(line, slug, rules)
    if not words or not wanted:
        return 0.0
    hits = sum(any(_word_match(w, s) for w in words) for s in wanted)
    return hits / max(min(len(words), len(wanted)), math.ceil(SLUG_SHORT_LINE_SHARE * len(wanted)))


HEADLINE_MAX_WORDS = 30     # a longer line is never a headline
WORDED_SLUG_MIN_WORDS = 5   # a slug of this many words was built from a headline ("russian-troops-flee-...")
SLUG_WEAK_AGREEMENT = 0.35  # below this share the url's words and a line's words disagree
SLUG_SHORT_LINE_SHARE = 0.5  # a line shorter than the slug is read against at least this share of it


SLUG_SPELLED_AGREEMENT = 0.9   # a line carrying this share of a worded slug's words spells it out...
SLUG_SPELLED_LINE_SHARE = 0.75  # ...when this share of its own words are the slug's
SLUG_CARRIED_SHARE = 0.75       # a line below the body's first carrying this share of the slug's words is its headline


def spells_slug(line: str, slug: list[str], rules: Rules | None = None) -> bool:
    """A line of headline length carrying nearly every word of the url's worded slug, and made mostly
    of them: the headline the slug was built from, even when it reads like a sentence ("Draftees
    appeal to Putin for help: 'Command told us we are expendable.'"), not a first paragraph that
    contains the slug's few words among many of its own."""
    if len(slug) < WORDED_SLUG_MIN_WORDS or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    if slug_agreement(line, slug, rules) < SLUG_SPELLED_AGREEMENT:
        return False
    words, wanted = _compared_words(line, slug, rules)
    own = sum(any(_word_match(w, s) for s in wanted) for w in words)
    return bool(words) and own / len(words) >= SLUG_SPELLED_LINE_SHARE


def opens_with_slug(line: str, slug: list[str], rules: Rules | None = None) -> bool:
    """The url's worded slug spells this line's first words in order, and the line does not end with a
    full stop: a slug cut from the start of a long headline ("convorbiri-interceptate-soldati-rusi-
    blocati-pe" over a headline of seventeen words in three sentences ending in an exclamation, set
    34), which reads like a sentence yet is the headline."""
    if len(slug) < WORDED_SLUG_MIN_WORDS or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    words = [w for w in _WORD.findall(fold(line, rules)) if not w.isdigit()]   # (slugs drop numbers too)
    if len(words) <= len(slug) or not all(_word_match(w, s) for w, s in zip(words, slug)):
        return False
    # ...and ends as a headline does (an exclamation, a question, a quotation, no stop at all), not with
    # the full stop of a lead or of a standfirst glued to the headline ("... through Belarus Russian
    # soldiers have been stealing Ukrainian goods since the start of the war.", set 31)
    tail = without_closers(line)
    return not (tail.endswith(".") and not tail.endswith("..."))


def _is_slug_headline(line: str, slug: list[str], rules: Rules | None) -> bool:
    """A line spelling the url's worded slug and carrying most of it: the headline the slug was made
    from, even below a line read as the body's first (a membership appeal, a section's blurb), not a
    subheading that shares a few of a long slug's words."""
    return (spells_slug(line, slug, rules)
            and _share_found(" ".join(slug), line, rules) >= SLUG_CARRIED_SHARE)


def is_long_off_slug(line: str, slug: list[str], rules: Rules | None = None, lead: str | None = None) -> bool:
    """A long top line whose words are not the url's, on a page whose url spells out a headline:
    a summary opening a page that prints no headline, not that headline (sites build their slugs
    from their headlines; a long line sharing little with one is another text). Not when the
    article's ``lead`` shares no word with the slug either: the slug is then in another language
    (an English edition's url transliterating the Ukrainian headline) and says nothing of any line."""
    rules = rules or load_rules()
    return (len(line.split()) > rules.headline_long_words and len(slug) >= WORDED_SLUG_MIN_WORDS
            and slug_agreement(line, slug, rules) < SLUG_WEAK_AGREEMENT
            and (not lead or slug_agreement(lead, slug, rules) > 0))


def is_off_slug_label(line: str, slug: list[str], rules: Rules | None = None, lead: str | None = None) -> bool:
    """A short line (``headline.label_max_words``) sharing no word with a url slug that spells out a
    headline, while the article's ``lead``
    shares some: on a page that prints no convincing headline, a section label or rubric ("War in
    Ukraine" over ".../deserters-describe-the-conditions-..."; adevarul.ro, session 31), not the
    headline the slug was built from, whose words the url then gives better. Not when the lead shares
    none either (the slug is in another language and says nothing of any line)."""
    rules = rules or load_rules()
    return (len(line.split()) <= rules.headline_label_max_words and len(slug) >= WORDED_SLUG_MIN_WORDS
            and bool(lead) and slug_agreement(line, slug, rules) == 0 and slug_agreement(lead, slug, rules) > 0)


def _share_found(words_of: str, found_in: str, rules: Rules | None) -> float:
    """Share of the words of ``words_of`` (four letters or more, no numbers) found in ``found_in``.
    (Unlike ``slug_agreement``, always over the first text's words: how much of a line the lead
    tells, how much of the slug a line carries.)"""
    words = {w for w in _WORD.findall(fold(words_of, rules)) if len(w) >= 4 and not w.isdigit()}
    if not words:
        return 0.0
    others = {w for w in _WORD.findall(fold(found_in, rules)) if len(w) >= 4}
    return sum(any(_word_match(w, o) for o in others) for w in words) / len(words)


def is_stray_line(line: str, slug: list[str], lead: str, rules: Rules | None = None) -> bool:
    """A top line that neither the url's worded slug nor the article's lead shares words with, while
    the lead tells what the slug says: a line printed above the article (an embedded video's title,
    a blog's motto, another article's teaser, "Read Time: 1 Minute"), not its headline. A headline
    whose slug was written apart from it still shares the lead's words ("ТАСС: Бойцы бригады ...
    отказываются идти в бой" over a lead saying just that), and stays."""
    rules = rules or load_rules()
    bar = rules.headline_stray_line
    if len(_compared_words("", slug, rules)[1]) < bar["slug_min_words"] or not lead:
        return False
    # (shares of the shorter side's words, as slug_agreement reads them; a slug's little words
    # "the", "who" count too, which only makes the rule miss)
    return (slug_agreement(line, slug, rules) < bar["line_slug_max"]
            and slug_agreement(lead, slug, rules) >= bar["lead_slug_min"]
            and _share_found(line, lead, rules) < bar["line_lead_max"])


def article_lead(lines: list[str], kinds: list[str | None], first_body: int, rules: Rules | None = None) -> str:
    """The article's lead: the body's first two lines of sentence length (not furniture, a date or a
    byline), what a stray line above the article does not tell."""
    rules = rules or load_rules()
    least = rules.headline_stray_line["lead_min_words"]
    return " ".join([line for line, kind in zip(lines[first_body:], kinds[first_body:])
                     if kind is None and len(line.split()) >= least][:2])


# Scripts written together as one language's letters: Japanese mixes kana with kanji.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK"}


def _letter_script(char: str) -> str:
    """A letter's script (``newslens.spelling.script``), a full- or half-width form as its letters'
    ("FULLWIDTH LATIN ..." is Latin), kana as kanji (``_SCRIPT_GROUPS``)."""
    name = script(char)
    if name in ("FULLWIDTH", "HALFWIDTH"):
        name = unicodedata.name(char, "? ?").split(" ")[1]
    return _SCRIPT_GROUPS.get(name, name)


def letter_script(text: str, limit: int = 5000) -> str | None:
    """The script most letters of ``text`` (its first ``limit`` characters) are written in: "LATIN",
    "CYRILLIC", "ARABIC", "HANGUL", "CJK", "GREEK"...; None without letters."""
    counts = Counter(_letter_script(c) for c in text[:limit] if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


_RUNNING_TEXT_WORDS = 8     # a punctuated line of this many words is running text, not a menu's
_SENTENCE_MARK = re.compile(r"[.,;:!?\u3002\u3001\uff0c]")


def text_script(text: str) -> str | None:
    """The script of a page's running text (``letter_script`` of its punctuated lines of
    ``_RUNNING_TEXT_WORDS`` words or more: a long English menu over a Russian report, unpunctuated,
    does not make it Latin), else of all of it. (Chinese and Japanese lines, without spaces, count
    by their marks alone.)"""
    running = "\n".join(line for line in text.splitlines() if _SENTENCE_MARK.search(line) and (
        len(line.split()) >= _RUNNING_TEXT_WORDS or letter_script(line) == "CJK"))
    return letter_script(running) or letter_script(text)


def script_of(text: str) -> str | None:
    """"cyrillic" or "latin" by majority of letters, or None."""
    cyr = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    lat = sum(1 for c in text if c.isascii() and c.isalpha())
    if cyr + lat < 3:
        return None
    return "cyrillic" if cyr > lat else "latin"



def _is_sentence(line: str) -> bool:
    words = line.split()
    return len(words) >= 12 and without_closers(line).endswith((".", "!", "…"))


_GLUED_COPY = re.compile(r"(.{12,}) ?\1")     # "TitleTitle", "Title Title": a headline and its og:title


def tidy_headline(line: str) -> str:
    """The headline without the section trail some sites print after it ("... | World | News"),
    printed once where a page glued two copies of it ("TitleTitle": a headline and its og:title)."""
    line = line.strip()
    if (doubled := _GLUED_COPY.fullmatch(line)) is not None:
        line = doubled.group(1)
    trail = _TRAILING_SECTIONS.search(line)
    if trail and len(line[:trail.start()].split()) >= 4:
        parts = [p.strip() for p in trail.group().split("|") if p.strip()]
        if all(len(p.split()) <= 2 for p in parts):
            return line[:trail.start()].strip()
    return line.strip()


@lru_cache(maxsize=4)
def reading_time_prefix(reading_time: str) -> re.Pattern[str]:
    """A reading time glued before a line ("/ Lesedauer: ca. 2min Ukraine-Krieg ..."), with its
    separators; ``reading_time`` is the furniture file's expression (``Rules.reading_time``)."""
    return re.compile(rf"^[/|•·\s]*{reading_time}\s*[|•·/]?\s*", re.IGNORECASE)


@lru_cache(maxsize=4)
def reading_time_suffix(reading_time: str) -> re.Pattern[str]:
    """A reading time closing a line ("by Jane Doe February 22, 2024 1:39 AM 2 min read")."""
    return re.compile(rf"(?<!\s)\s*(?:[|•·]\s*)?{reading_time}\s*$", re.IGNORECASE)   # linear on runs of spaces


def trim_kicker(text: str, slug: list[str], rules: Rules | None = None) -> str:
    """The headline without a reading-time label or a section kicker glued in front of it
    ("/ Lesedauer: ca. 2min Ukraine-Krieg Russische Reservisten fordern ..."): a kicker of up to
    three words is cut only when none of them is in the url's slug and every word after it is."""
    rules = rules or load_rules()
    text = reading_time_prefix(rules.reading_time).sub("", text, count=1).strip() or text
    if not slug:
        return text
    text = _unglued_kicker(text, slug, rules)
    words = text.split()
    if words and _FIGURE.fullmatch(words[0]):
        return text     # a figure opens the headline ("60.000 Einwohner ..."): slugs drop numbers ("G7" is a word)
    wanted = [s for s in slug if len(s) >= 3]
    for cut in (1, 2, 3):
        head, rest = words[:cut], words[cut:]
        if len(rest) < 4 or not rest[0][:1].isupper():
            continue
        # a head word the slug spells in its place, however short ("In Nepal, ..." from "in-nepal-..."), is
        # the headline's own; a short word found elsewhere in the slug is not ("In Pictures Soldiers ... in ...")
        # (a long one also when the slug misspells it by a letter: "coldat-..." for "Солдат ...", a
        # Latin c typed for a Cyrillic С, set 31)
        if any(slug_agreement(w, slug, rules) > 0 or (i < len(slug) and _spelt_in_place(fold(w, rules), slug[i]))
               for i, w in enumerate(head)):
            return text
        # (a number is never a slug word: slug_words drops them, as _compared_words does)
        rest_words = [w for w in _WORD.findall(fold(" ".join(rest), rules)) if len(w) >= 3 and not w.isdigit()]
        if rest_words and all(any(_word_match(w, s) for s in wanted) for w in rest_words) and \
                sum(any(_word_match(w, s) for w in rest_words) for s in wanted) >= 0.8 * len(wanted):
            return " ".join(rest)
    return text


# A kicker the scrape glued to the headline without a space ("Guerre en UkraineDésertions massives
# ...", set 32): a lower-case letter, then a capital opening a lower-case word (any alphabet).
_KICKER_MAX_WORDS = 4


def _glue_points(text: str):
    """Where a lower-case letter runs into a capital followed by a lower-case one."""
    for i in range(1, len(text) - 1):
        if text[i - 1].islower() and text[i].isupper() and text[i + 1].islower():
            yield i


def is_glued_menu(line: str) -> bool:
    """Menu items the scrape ran together ("BulletinПоследни новиниСвят"): two glue points or more
    and every word glued. A headline naming "YouTube" and "TikTok" has plain words of its own
    ("YouTube bans TikTok")."""
    words = line.split()
    glued = [sum(1 for _ in _glue_points(word)) for word in words]
    return sum(glued) >= 2 and all(glued)


def _unglued_kicker(text: str, slug: list[str], rules: Rules) -> str:
    """The headline after a kicker glued to it: cut where a word of up to ``_KICKER_MAX_WORDS`` from
    the start runs into a capitalised one, when the url's slug spells the two as separate words in a
    row ("...-ukraine-desertions-..."; a name like "YouTube" is one word there) and at least four
    words follow."""
    for point in _glue_points(text):
        head, rest = text[:point], text[point:]
        head_words = head.split()
        if not head_words or len(head_words) > _KICKER_MAX_WORDS or len(rest.split()) < 4:
            break
        left, right = fold(head_words[-1], rules), fold(rest.split()[0], rules)
        left, right = _WORD.findall(left)[-1:] or [""], _WORD.findall(right)[:1] or [""]
        if any(_word_match(left[0], a) and _word_match(right[0], b) for a, b in zip(slug, slug[1:])):
            return rest
    return text


def _spelt_in_place(word: str, slug_word: str) -> bool:
    """``word`` (folded) is the slug's word in its place: the same, or for words of five letters or
    more, one letter off."""
    word = word.strip(".,:;!?\"'«»“”")
    return word == slug_word or (len(word) >= 5 and Levenshtein.distance(word, slug_word, score_cutoff=1) <= 1)


def _glued_copy(line: str, other: str) -> bool:
    """``other`` is ``line`` again with words glued straight onto its end ("... en IrpinVadim
    GhirdaAgencia AP"): a photo caption printed a second time with its credits, not a headline
    printed twice (a headline's second copy is followed by a space or a separator, if anything)."""
    line, other = line.strip(), other.strip()
    return len(other) > len(line) and other.startswith(line) and other[len(line)].isalnum()


CUT_TEASER_MIN_WORDS = 6   # a shorter cut line ("— Well...", "And then...") is speech trailing off, not a teaser


def is_cut_teaser(line: str, other: str) -> bool:
    """``line`` is cut short ("...") and ``other`` is a paragraph that opens with it: a teaser of the
    article's first paragraph printed above the headline, never the headline (nor its second copy)."""
    line, other = line.strip(), other.strip()
    return (line.endswith(("...", "…")) and len(line.split()) >= CUT_TEASER_MIN_WORDS and _is_sentence(other)
            and len(other) > len(line) and other.startswith(line.rstrip(".… ")))


_KEY_SEPARATORS = " :|–—-"


def _cut_copy(lines: list[str], cut: int, whole: int, first_body: int) -> bool:
    """Line ``cut`` ends in "..." and line ``whole`` is a headline-shaped top line above the body: the
    only case where a line ending with another's beginning is read as its breadcrumb's cut copy (a
    kicker glued to a cut headline over the lead would otherwise make the lead the headline)."""
    return (lines[cut].rstrip().endswith(("...", "…")) and whole < first_body
            and not _is_sentence(lines[whole]))


CUT_COPY_MIN_CHARS = 20   # a cut copy carries at least this much of the headline's beginning


def cut_copy_prefix(whole: str, headline: str) -> str | None:
    """What stands before the headline's beginning when the key ``whole`` (a line cut short, its
    "..." gone) ends with the first CUT_COPY_MIN_CHARS characters or more of the key ``headline``
    ("Homepage War <headline's first words>"); None when it does not. The one reading of a
    breadcrumb's cut copy, for choosing the headline and for cleaning the text."""
    if len(headline) < CUT_COPY_MIN_CHARS:
        return None
    start = whole.rfind(headline[:CUT_COPY_MIN_CHARS])
    if start <= 0 or not headline.startswith(whole[start:]):
        return None
    return whole[:start]


def _breadcrumb_glued(whole: str, part: str, bare_keys: set[str], cut: bool = False) -> bool:
    """Line key ``whole`` is line key ``part`` with a breadcrumb glued before it ("Start Deutschland —
    in German <headline>" over "<headline>"). A kicker the page also prints on its own line is no
    breadcrumb: "<kicker>: <headline>" over "<kicker>" and "<headline>" is the whole headline
    (``bare_keys``: every top line's key without separators at its ends). A line ``cut`` short
    (ending in "...") may end with the headline's beginning only."""
    if len(part) < 20 or len(whole) <= 20:
        return False
    if whole.endswith(part) and len(whole) > len(part):
        prefix = whole[:-len(part)]
    elif cut and (cut_prefix := cut_copy_prefix(whole, part)) is not None:
        prefix = cut_prefix
    else:
        return False
    prefix = prefix.rstrip(" \"'“”„«»")
    # "Zelensky: <quote>", "Live: <headline>": a speaker or a label with a colon belongs to the headline.
    return not prefix.endswith(":") and prefix.strip(_KEY_SEPARATORS) not in bare_keys


def is_repeated_word(line: str) -> bool:
    """One word printed three times or more and nothing else: a text-size control ("Аа Аа Аа Аа Аа",
    "A A A") or a rating's stars, never a headline (a Bulgarian page's headline lost to its widget)."""
    words = line.casefold().split()
    return len(words) >= 3 and len(set(words)) == 1


def in_numbered_list(lines: list[str], i: int) -> bool:
    """Line ``i`` is an item of a numbered list: "3. ..." next to "2. ..." or "4. ..." (a page's
    skip links or menu printed as a list), never the headline, however headline-shaped ("2. Weltkrieg:
    ..." alone is a headline's own number)."""
    number = _LIST_NUMBER.match(lines[i])
    if number is None:
        return False
    n = int(number.group(1))
    return any(0 <= j < len(lines) and (other := _LIST_NUMBER.match(lines[j])) is not None
               and int(other.group(1)) == n + j - i for j in (i - 1, i + 1))


def _what_is_above(i: int, reasons: list[str | None] | None) -> str:
    """The lines above a first line, as its note names them: a section label (a one-word line, a
    navigation label, a rubric), or the furniture cleaning knows by name ("a cookie banner" is a
    browser notice, not a section label)."""
    from pipeline.clean import Reason   # (clean imports this module: imported when a note is written)
    above = (reasons or [None] * i)[:i]
    named = list(dict.fromkeys(r for r in above if r and r != Reason.NAVIGATION))
    labels = any(not r or r == Reason.NAVIGATION for r in above)
    if not named:
        return "a section label"
    furniture = f"page furniture: {', '.join(named)}"
    return f"a section label and {furniture}" if labels else furniture


def choose_headline(lines: list[str], kinds: list[str | None], url: str | None, body_script: str | None,
                    first_body: int, *, rules: Rules | None = None,
                    reasons: list[str | None] | None = None, offset: int = 0) -> HeadlineChoice:
    """Pick the headline among ``lines`` (top lines of the page; ``kinds[i]`` is "date", "byline",
    "prompt" (furniture that is never the headline), "furniture" or None for a candidate; ``first_body``
    is the index of the first body line; ``reasons[i]``, if given, why a furniture line is furniture,
    named in the note: "first line below page furniture: browser notice"; ``offset``, how many lines of
    the page stand above ``lines``, for the note's line numbers)."""
    rules = rules or load_rules()
    w = rules.headline_weights
    slug = slug_words(url)
    lead = article_lead(lines, kinds, first_body, rules)
    keys = [fold(line, rules).strip(" .!?\"'“”„«»") for line in lines]
    bare_keys = {k.strip(_KEY_SEPARATORS) for k in keys}
    listed = {i for i in range(len(lines)) if in_numbered_list(lines, i)}
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if kinds[i] not in (None, "furniture") or i > first_body + 6:
            continue
        if _LIST_OR_DIALOGUE.match(line) or i in listed or is_repeated_word(line):
            continue    # a list item, a line of dialogue, a widget: never the article's headline
        text = trim_kicker(tidy_headline(line), slug, rules)
        words = text.split()
        if not words or len(words) > 40 or keys[i] in seen:
            continue
        seen.add(keys[i])
        score, evidence = 0.0, []
        agreement = slug_agreement(text, slug, rules)
        if agreement >= 0.6:
            score += w["slug_strong"]
            evidence.append(f"{agreement:.0%} of its words are the url's")
            if spells_slug(text, slug, rules):
                score += w["slug_spelled"]
                evidence.append("spells the url's words")
        elif agreement >= SLUG_WEAK_AGREEMENT:
            score += w["slug_weak"]
            evidence.append(f"some words ({agreement:.0%}) in the url")
        elif is_long_off_slug(text, slug, rules, lead):
            score += w["long_off_slug"]
            evidence.append("long, and few of its words are the url's (a summary)")
        if is_stray_line(text, slug, lead, rules):
            score += w["stray_line"]
            evidence.append("shares few words with the url or the lead, which agree (a stray line)")
        repeats = sum(1 for j, k in enumerate(keys) if j != i and k and (k == keys[i] or (
            len(keys[i]) >= 20 and (k.startswith(keys[i]) or keys[i].startswith(k) and len(k) >= 20
                                    or _breadcrumb_glued(k, keys[i], bare_keys, _cut_copy(lines, j, i, first_body)))))
            and (abs(j - i) <= 2 or not _is_sentence(lines[j]))    # a standfirst echoed by the body is no title
            and not _glued_copy(line, lines[j]) and not _glued_copy(lines[j], line)
            and not is_cut_teaser(lines[j], line))    # a teaser cut from the lede does not make it a title
        if repeats:
            score += w["repeated"]
            evidence.append("printed again on the page")
        if any(j != i and _breadcrumb_glued(keys[i], k, bare_keys, _cut_copy(lines, i, j, first_body))
               for j, k in enumerate(keys)):
            score += w["glued_prefix"]
            evidence.append("another line with words glued before it")
        if i == 0 or (i < first_body and all(kinds[j] in ("furniture", "prompt") or len(lines[j].split()) == 1
                                             or j in listed for j in range(i))):
            score += w["first_line"]
            evidence.append("first line" if i == 0 else f"first line below {_what_is_above(i, reasons)}")
        meta = [j for j in (i + 1, i + 2, i - 1) if 0 <= j < len(lines) and kinds[j] in ("date", "byline")]
        if meta and meta[0] > i:
            score += w["next_to_meta"]
            evidence.append("above the byline or date")
        elif meta:
            # Below the byline or date: the headline itself when nothing came before (a date
            # first, then the title); otherwise a caption or standfirst under the article's head.
            earlier = any(kinds[j] is None and len(lines[j].split()) >= 3 for j in range(meta[0]))
            score += w["below_meta"] if earlier else w["next_to_meta"]
            evidence.append("below the byline or date" if earlier else "right after the date or byline")
        if 4 <= len(words) <= 25:
            score += w["sentence_shape"]
        if i >= first_body and not repeats and not _is_slug_headline(text, slug, rules):
            continue    # the body itself, or a line below it printed once: a subheading, a quote
        if i > first_body:
            score += w["after_body"]
            evidence.append("below the first paragraph")
        if kinds[i] == "furniture":
            score += w["furniture_phrase"]
            evidence.append("phrased like page furniture")
        if len(words) <= 2:
            score += w["too_short"]
        if without_closers(text).endswith((".", ";", ",")) and not text.endswith("..."):
            score += w["full_stop"]
        if text[:1].islower():
            score += w["lowercase"]
        if text.endswith(("...", "…")):
            score += w["truncated"]
        if _LEADING_NUMBER.match(text):
            score += w["leading_number"]
            evidence.append("starts with a long number")
        if has_code_run(text):
            score += w["code_run"]
            evidence.append("carries a code (a file name or an encoded link)")
        line_script = script_of(text)
        if body_script and line_script and line_script != body_script:
            score += w["other_script"]
            evidence.append(f"{line_script} text on a {body_script} page")
        candidates.append(Candidate(i, text, score, evidence))
    ranked = sorted(candidates, key=lambda c: (-c.score, c.index))
    if ranked and ranked[0].score >= rules.headline_min_score:
        best = ranked[0]
        why = "; ".join(best.evidence) or "headline-shaped line near the top"
        return HeadlineChoice(best.text, f"line {best.index + 1 + offset} of the page ({why}; score {best.score:g})",
                              ranked, lead)
    if ranked:
        return HeadlineChoice(None, f"no line was convincing (best: line {ranked[0].index + 1 + offset}, "
                                    f"score {ranked[0].score:g})", ranked, lead)
    return HeadlineChoice(None, "no headline-shaped line at the top of the page", ranked, lead)
