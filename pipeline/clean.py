"""Cleaning scraped article text: split it into blocks and say what each block is.

Scraped pages carry furniture: navigation labels, "read also" teasers, related-article cards
inserted mid-body, the headline printed again, captions printed twice, bylines, author bios,
"key points" boxes, correction and AI-use notices. Furniture is never deleted: every block is
kept with a kind (``newslens.schema.Kind``) and, for furniture, a reason, so the reader can still
show it while search, topics and comparison only see content kinds.

The rules are general, in four families, applied in this order:

1. *patterns* a line matches on its own, phrased across outlets and languages ("Also read",
   "READ MORE: ...", "Sign up for our newsletter", "Photo: Reuters", "Updated at 14:02",
   "Correction: ...", "by Jane Doe", UI labels such as "Search icon");
2. *context*: what follows a marker (teaser titles after "Also read", title + one summary
   paragraph after "Related"/"Other topics of interest"; bullets after "KEY POINTS" are the
   outlet's summary, kept), a caption followed by the same caption plus a photo credit, an author
   bio at the tail (name / role / "X is a reporter..."), an author box anywhere (a name line with
   a role line below it);
3. *position and repetition*: short labels and a name line above the first body paragraph
   (the page header), the headline printed again there, a paragraph that repeats an earlier kept one;
4. *shape* for what is left: a short line without final punctuation is a heading, a paragraph
   that is mostly quotation is a quote, the rest is body.

When no rule is sure, a block stays content: losing body text is worse than keeping a stray label.

Key-points boxes are article text, not furniture: their bullets are the outlet's own summary of
its body, in its own words (what a researcher comparing wordings wants), so they are kept with the
kind ``summary``: searched and shown in the reader, marked as the outlet's summary, but left out
of topics, stories and Compare, where they would weigh their theme twice. The box's label
("KEY POINTS") is its heading.
"""
from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Final

from newslens.links import links_only
from newslens.schema import DatePrecision, Kind
from newslens.sentences import opens_speech, without_closers
from pipeline.headline import cut_copy_prefix, is_cut_teaser, is_glued_menu, reading_time_suffix
from pipeline.rules import FURNITURE_MAX_CHARS, MARKER_END, Rules, load_rules, place_key

CREDIT_REASON: Final = "editor or photo credit"   # the reason config/furniture.yaml gives credits


class Reason:
    """Why a block is furniture (the ``reason`` column). Content blocks have ``""``."""

    NAVIGATION: Final = "navigation label"
    SKIP_LINK: Final = "skip link"     # config/furniture.yaml's kinds.skip_link: never the headline
    READ_ALSO: Final = "read-also teaser"
    RELATED: Final = "related-article block"
    REPEATED_HEADLINE: Final = "repeated headline"
    DUPLICATE: Final = "duplicate paragraph"
    CAPTION: Final = "photo caption"
    DUPLICATE_CAPTION: Final = "duplicate caption"
    BYLINE: Final = "byline"
    AUTHOR_BIO: Final = "author bio"
    CORRECTION: Final = "correction notice"
    AI_DISCLAIMER: Final = "AI-use disclaimer"
    SHARE: Final = "share prompt"
    DATE_LINE: Final = "date line"
    COPYRIGHT: Final = "copyright notice"
    ADVERTISEMENT: Final = "advertisement"
    SEPARATOR: Final = "separator"
    PAGE_HEADER: Final = "page header (above the headline)"
    NAME_LABEL: Final = "name label (a photo's subject)"
    SIGNATURE: Final = "signature"
    PULL_QUOTE: Final = "pull quote (repeats the body)"
    IMAGE: Final = "image markup"
    LINK_ALONE: Final = "link alone (no text)"
    APPEAL: Final = "reader appeal"
    DATELINE: Final = "dateline (the place it was filed from)"


@dataclass
class Block:
    text: str
    kind: str      # a newslens.schema.Kind value
    reason: str    # "" for content; otherwise why it is furniture (a Reason value)


# --------------------------------------------------------------------------------------------
# Splitting
# --------------------------------------------------------------------------------------------

# Zero-width characters, soft hyphens and control characters (terminal escapes, stray NULs) carry
# no text; tabs and newlines are whitespace and handled as such.
_INVISIBLE = dict.fromkeys([*map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\x7f"),
                            *(c for c in range(32) if chr(c) not in "\t\n\r\x0b\x0c")], None)
_SPACES = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_MD_QUOTE = re.compile(r"^>\s?")
# Bullets: typographic ones, and Markdown's "-", "*", "+" when followed by a space. En and em
# dashes are not bullets: Russian and Ukrainian typography opens quoted speech with them.
_BULLET = re.compile(r"^[•●▪■◦‣∙·*+\-]\s+(?=\S)")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(?=\S)")
_OPENERS = "\"'“‘«„([*_"


def _clean_line(line: str) -> str:
    return _SPACES.sub(" ", without_data_payloads(line.translate(_INVISIBLE))).strip()


def _is_marker_line(line: str) -> bool:
    return bool(_MD_HEADING.match(line) or _MD_QUOTE.match(line) or _BULLET.match(line)
                or _NUMBERED.match(line))


def _final_char(text: str) -> str:
    stripped = without_closers(text, also="*_")     # Markdown emphasis closes a line too
    return stripped[-1:] if stripped else ""


def _ends_sentence(text: str) -> bool:
    return _final_char(text) in (".", "!", "?", "…", ":", ";")


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """A chunk of fixed-width lines (e-mail or Markdown wrapping) that form one paragraph."""
    if len(lines) < 3 or any(_is_marker_line(line) or is_image_markup(line) for line in lines):
        return False
    width = max(len(line) for line in lines)
    body = lines[:-1]
    if not 50 <= width <= 120 or any(len(line) < 0.65 * width for line in body):
        return False
    open_ended = sum(not _ends_sentence(line) for line in body)
    return open_ended * 3 >= 2 * len(body)


BYLINE_NAME_MAX_WORDS = 6


def join_lone_byline_marker(lines: list[str]) -> list[str]:
    """A byline printed over two lines, the marker above the name, as one line ("par Jane Doe"); so
    too an author's photo label over the name ("Toimittajan kuva" / "Jane Doe")."""
    lone_marker = load_rules().lone_byline_marker     # (config/furniture.yaml's byline_markers)
    out: list[str] = []
    for line in lines:
        if out and ((lone_marker.match(out[-1]) and len(line.split()) <= BYLINE_NAME_MAX_WORDS
                     and not _ends_sentence(line))
                    or (author_box_names(out[-1]) is None and author_box_names(f"{out[-1]} {line}") == line)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _merge_lines(lines: list[str]) -> list[str]:
    if _looks_hard_wrapped(lines):
        return [" ".join(lines)]
    out: list[str] = []
    for line in join_lone_byline_marker(lines):
        if out and _MD_QUOTE.match(line) and _MD_QUOTE.match(out[-1]):
            out[-1] = f"{out[-1]} {_MD_QUOTE.sub('', line, count=1).strip()}".strip()
        elif (out and line[0].islower() and not _ends_sentence(out[-1])
              and not _MD_HEADING.match(out[-1]) and not is_image_markup(out[-1]) and _pattern_rule(line) is None):
            out[-1] = f"{out[-1]} {line}"   # a wrapped line: continues the previous sentence
        else:
            out.append(line)
    return out


def split_blocks(text: str) -> list[str]:
    """Split article text into blocks (paragraphs or lines), in order, none empty.

    Paragraphs may be separated by blank lines or by single newlines (scrapers do both, sometimes
    in one file); hard-wrapped lines that continue a sentence are joined back. Whitespace runs
    become one space and bullets lose their indentation; Markdown markers (#, >, -) stay for
    ``classify_blocks`` to read. Image markup glued to text stands on a line of its own, a data:
    URI without its payload, and a Markdown image broken over lines is one line again.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0c", "\n\n")
    blocks: list[str] = []
    chunk: list[str] = []
    for raw in text.split("\n") + [""]:
        line = _clean_line(raw)
        if line:
            chunk.extend(unglued_images(line))
        elif chunk:
            blocks.extend(_merge_lines(chunk))
            chunk = []
    return _joined_broken_images(blocks)


IMAGE_BREAK_MAX_LINES = 3   # a Markdown image's alt text broken over at most this many more lines


def _joined_broken_images(blocks: list[str]) -> list[str]:
    """A Markdown image whose long alt text the scrape broke over lines ("![<sentence> Солдат-срочник"
    / "Оказался ... | Источник: Name / SITE](https://...jpg)") as the one line of markup it is: each
    half read as a paragraph, mid-sentence, and ranked as a search hit."""
    out: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.startswith(("![", "[![")) and not is_image_markup(block):
            for j in range(i + 1, min(len(blocks), i + 1 + IMAGE_BREAK_MAX_LINES)):
                joined = " ".join(blocks[i:j + 1])
                if is_image_markup(joined):
                    block, i = joined, j
                    break
        out.append(block)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                             "„": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)


def normalise(text: str) -> str:
    """Comparison key: case, quote style, dashes, spacing and final punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).casefold()
    return _SPACES.sub(" ", text).strip(" .,:;!?\"'()[]-|")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _starts_like_title(text: str) -> bool:
    stripped = text.lstrip(_OPENERS + " ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def is_headline_shaped(text: str) -> bool:
    """A short line that does not end a sentence: a heading, a title or a label."""
    words = _words(text)
    if not 1 <= len(words) <= 20 or len(text) > 160 or not _starts_like_title(text):
        return False
    final = _final_char(text)
    if final == "?":
        return len(words) <= 14 and text[0] not in _OPENERS
    return final not in (".", "!", "…", ":", ";", ",")


def _is_body_shaped(text: str) -> bool:
    return len(_words(text)) >= 6 and _ends_sentence(text)


_PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"'}
_CLOSING = {"”", "»", "›"}


_QUOTE_MARK = re.compile("[“”«»„‹›\"]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside double quotation marks (curly, guillemets, straight, nested).

    A closing mark with no opener (a quotation carried over from the previous paragraph) makes
    everything before it quoted; an opener never closed (the convention for multi-paragraph
    quotes) makes everything after it quoted.
    """
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    start = 0
    seen_mark = False
    for match in _QUOTE_MARK.finditer(text):
        ch, at = match.group(), match.start()
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, at))
        elif ch in _PAIRS:
            if not stack:
                start = at + 1
            stack.append(_PAIRS[ch])
            seen_mark = True
        elif ch in _CLOSING and not stack and not seen_mark:
            spans.append((0, at))
            seen_mark = True
    if stack:
        spans.append((start, len(text)))
    return spans


def quoted_share(text: str) -> float:
    """Share of the characters that stand inside double quotation marks."""
    return sum(b - a for a, b in _quoted_spans(text)) / len(text) if text else 0.0


def is_quotation(text: str) -> bool:
    """Mostly quotation: over 60% quoted, or a quotation with a short attribution ("..., he said").

    A paragraph opening with a dash is direct speech in Finnish, Russian and Ukrainian typography.
    """
    if opens_speech(text):
        return True
    spans = _quoted_spans(text) if text else []
    if not spans:
        return False
    if sum(b - a for a, b in spans) / len(text) >= 0.6:
        return True
    outside, last = [], 0
    for a, b in spans:
        outside.append(text[last:a])
        last = b
    outside.append(text[last:])
    return text.lstrip()[:1] in _PAIRS and len(_words(" ".join(outside))) <= 10


# --------------------------------------------------------------------------------------------
# Pattern rules: one line on its own
# --------------------------------------------------------------------------------------------

def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.UNICODE)


# Teaser markers ("Also read", "Related", "Czytaj także: ...") are phrases in every corpus
# language: data in config/furniture.yaml (``teaser_markers``), compiled once by pipeline.rules.


_UI_STRONG = {
    "search", "icon", "menu", "login", "logout", "signin", "subscribe", "share", "skip",
    "advertisement", "advert", "logo", "button", "toggle", "print", "whatsapp", "facebook",
    "twitter", "linkedin", "telegram", "reddit", "pinterest", "comments", "loading", "sponsored",
    "newsletter", "cookies", "navigation", "hamburger", "close", "expand", "collapse", "ad",
}
_UI_WEAK = {
    "home", "news", "log", "sign", "in", "out", "up", "to", "content", "main", "open", "email",
    "e-mail", "copy", "link", "back", "top", "next", "previous", "prev", "more", "comment", "the",
    "this", "article", "page", "x", "video", "play", "listen", "audio", "on", "show", "hide", "all",
    "and", "or", "of", "image", "images", "photo", "gallery", "view", "full", "screen", "site",
}
_ADVERT = _rx(r"^(?:advertisement|advert|ad|sponsored(?:\s+content)?|paid\s+content|partner\s+content"
              r"|scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?|continue\s+reading(?:\s+below)?|реклама)"
              rf"{MARKER_END}")
_SEPARATOR = re.compile(r"^[\W_]{1,40}$")
_SHARE = _rx(
    r"^(?:share\s+(?:this|the)\s+(?:article|story|post|page)|share\s+(?:on|via|to)\s+\w+|share$"
    r"|tweet$|sign\s+up\s+(?:for|to|now|here|today)|subscribe(?:\s+(?:to|for|now|today|here))?\b"
    r"|(?:our|the|free|daily|weekly)\s+newsletter|newsletter\b|follow\s+us\b|follow\s+[\w .'’-]{1,40}\s+on\s+\w+"
    r"|join\s+(?:us|our)\b|click\s+here|tap\s+here|download\s+(?:our|the)\s+app|get\s+(?:the\s+latest|our)\b"
    r"|support\s+(?:our|independent|us)\s+(?:journalism|work|reporting|newsroom|on)\b|become\s+a\s+(?:member|patron|subscriber|supporter)"
    r"|donate\b|we\s+(?:need|rely\s+on)\s+your\s+(?:help|support)|like\s+us\s+on|enjoyed\s+this\s+article"
    r"|(?:підпишіться|подпишитесь|подписывайтесь|підписуйтесь)(?:\s+на\b|\W*$))"   # "... на канал", not "... под обращением" (sign)
)
_CORRECTION = _rx(
    r"^(?:corrections?|clarifications?)\s*[:\-–—(]|^(?:correction|clarification)$"
    r"|^to\s+(?:suggest|report|submit)\s+an?\s+(?:correction|clarification|mistake|error|typo)"
    r"|^(?:you\s+can\s+also\s+)?(?:highlight|select)\s+the\s+text\s+and\s+press"
    r"|^if\s+you\s+(?:spot|see|notice|found|find|have\s+found)\s+an?\s+(?:error|mistake|typo|inaccuracy)"
    r"|^(?:found|spotted|see)\s+an?\s+(?:error|mistake|typo)"
    r"|^an\s+earlier\s+version\s+of\s+this\s+(?:article|story|report|piece)"
    r"|^(?:this|the)\s+(?:article|story|report|piece)\s+(?:has\s+been|was)\s+(?:updated|corrected|amended)"
    r"|^editor'?s\s+note\s*:\s*(?:this|an\s+earlier)"
)
_CTRL_ENTER = _rx(r"ctrl\s*\+\s*enter")
_AI_MENTION = _rx(r"\b(?:AI|A\.I\.|artificial\s+intelligence|machine\s+translation|automatically\s+translated)\b")
_AI_ABOUT_THIS = _rx(r"\b(?:this\s+(?:article|story|text|content|piece|summary|report)"
                     r"|in\s+(?:the\s+)?(?:preparation|production|writing|making))\b")
_COPYRIGHT = _rx(r"^(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b")
_AGENCY_TRAILER = _rx(r"^\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\s+.+$")

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_WEEKDAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_DATE_TOKEN = _rx(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:19|20)\d\d|\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?(?:am|pm)?"
    # an abbreviation with its full stop ("Updated Dec. 12, 2023 at 10:15 p.m.")
    rf"|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}(?:t[\d:.]+z?)?|(?:{_MONTHS})\.?|{_WEEKDAYS}|am|pm|a\.m\.?|p\.m\.?"
    r"|utc|gmt|cet|cest|eet|eest|bst|est|edt|pst|pdt|msk|kyiv|moscow|local|time|at|of|the"   # "on" and other label words: config date_labels
    r"|\+\d{1,2}(?::?\d\d)?)$"
)
_DATE_ANCHOR = _rx(rf"\b(?:{_MONTHS})\b|\d{{1,2}}[:.]\d{{2}}|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\b(?:19|20)\d\d\b")


@lru_cache(maxsize=4)
def _credit_patterns(credit: str, agencies: str, platforms: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A caption's opening ("Photo: ...", "Иллюстрация / ...") and a credit closing a line, built on
    the credit words, agencies and social platforms of config/furniture.yaml (alternations)."""
    # One part of a chain of credits: up to four words, each an agency or capitalised ("Scanpix",
    # "IVAN SOKOLOV", "picturedesk.com"); no colon, no sentence ("Max: where soldiers post now").
    word = rf"(?:(?:{agencies})|(?-i:[A-ZА-ЯЁІЇЄҐ0-9][\w.'’&-]*))"
    # Atomic: a word that is both an agency and capitalised ("AP") must not be tried both ways, or a
    # line of repeated agency names backtracks for seconds ("Reuters / AP AP AP ... x").
    part = rf"(?>{word}(?:\s+{word}){{0,3}})"
    # A dash only with space around it (or a long dash): "Bild-Zeitung berichtet" is a sentence.
    prefix = _rx(rf"^(?:(?:{credit})s?|picture|pictured|credit|screenshot|video\s+still|file\s+photo)"
                 rf"\s*(?:by\b|[:/|]|\s[-–—]\s|[–—])")
    suffix = re.compile(
        rf"(?:\((?:{credit}|picture|credit|source)s?\s*(?:by\b|:|/)[^()]{{2,80}}\)"
        rf"|\b(?:{credit}|credit)s?\s*:\s*[^.!?:]{{2,60}}"
        rf"|\b(?:{agencies})\s*(?:/|via\b|\|)\s*[^.!?/:]{{2,60}}"    # no colon: "AFP / AP: three wires, ..." is a subheading
        rf"|[\w.'’-]+(?:\s+[\w.'’-]+){{0,3}}\s*/\s*(?:{agencies})"
        # a chain of credits, an agency then more credits ("Name / RIA Novosti / Sputnik / Scanpix"); a
        # social platform opens none ("Telegram / VK / Max: ..." is a subheading)
        rf"|(?:^|/|\s)\s*(?!(?:{platforms})\b)(?:{agencies})(?:\s*/\s*{part}){{1,4}}"
        rf"|©\s*[^©]{{2,60}}|\bcopyright\s+[^.!?]{{2,60}}|(?<!\w)(?:{credit})\s*:\s*[^.!?]{{2,40}}"
        rf"|(?<=[.!?])\s+(?:{agencies})"
        rf"|\((?:{agencies})(?:\s+photos?)?\)|\((?:[\w .'’-]{{2,40}}/){{1,3}}[\w .'’-]{{2,40}}\))\)?$",
        re.IGNORECASE,
    )
    return prefix, suffix


@lru_cache(maxsize=4)
def _agency_pattern(agencies: str) -> re.Pattern[str]:
    return _rx(rf"^(?:{agencies})$")


def agency_match(text: str) -> re.Match[str] | None:
    """``text`` as a whole is a wire or photo agency of config/furniture.yaml ("REUTERS", "AP Photo")."""
    return _agency_pattern(load_rules().credit_agencies).match(text)


def _is_credit_word(word: str, rules: Rules) -> bool:
    """A word of a photo credit: an agency, a capitalised name, "via", "Photo"... (``caption_credit_words``)"""
    return word[0].isupper() or word.casefold() in rules.caption_credit_words or bool(agency_match(word))


_BIO = re.compile(
    r"^(?:(?P<name>[A-ZА-ЯЁІЇЄҐ][\w.'’-]+(?:\s+[A-ZА-ЯЁІЇЄҐ][\w.'’-]+){0,3})|(?:The|Our)\s+authors?)\s+"
    r"(?:is|was|are|has\s+been|has|covers|writes|reports|joined|works)\b")
_BIO_LABEL = _rx(r"^(?:about\s+the\s+authors?|the\s+author|author(?:'s)?\s+bio(?:graphy)?)\s*:?$")
_JOURNALISM = _rx(r"\b(?:editor|reporter|journalist|correspondent|writer|columnist|contributor|producer"
                  r"|covers|reporting|newsroom|journalism|author\s+of|freelance|based\s+in|anchor|blogger"
                  r"|staff\s+writer|intern)\b")


def _is_ui_label(words: list[str]) -> bool:
    lowered = [w.casefold() for w in words]
    return (0 < len(lowered) <= 5 and all(w in _UI_STRONG or w in _UI_WEAK for w in lowered)
            and any(w in _UI_STRONG for w in lowered))


_MONTH_NAMES = _MONTHS    # English month names and abbreviations (other languages: dateparser)
# A written date inside a short line: "Vienna, September 7, 2022" (a dateline with its place).
DATELINE = re.compile(rf"\b(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
                      rf"|\d{{1,2}}\.?\s+(?:{_MONTH_NAMES})\.?,?\s+(?:19|20)\d\d)\b", re.IGNORECASE)


_FOREIGN_DATE_LINE_WORDS = 8    # the most words of a date line read by the date parser
_COUNT = re.compile(r"\d[\d\s.,]*")   # a count printed after a day (views, comments), alone in its part
# What separates the parts of a date line ("입력 | 2024-10-18 18:51", "Updated • 3 March 2024"):
# cleaning and pipeline.metadata read each part apart
DATE_PART_SEPARATOR = re.compile(r"\s+[|•·]\s+")


YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")   # a year as a date line writes it (pipeline.metadata reads it too)


def _is_date_line(text: str, rules: Rules, *, language: str | None = None) -> bool:
    # the reading time printed after a full date, glued or not ("Aktualisiert am 25.07.2023Lesedauer: 2 Min.";
    # a time of day alone before it, "11:27 AM 2 min read", is a byline's tail, not a date line)
    # ... and an update's label and time after the publication's ("2026-01-27 17:54 Last Updated At:18:00")
    dated = rules.update_tail.sub("", reading_time_suffix(rules.reading_time).sub("", text)).strip()
    text = dated if dated and YEAR.search(dated) else text
    credit, _, rest = text.partition(" ")
    if rest[:1].isdigit() and YEAR.search(rest) and agency_match(credit):
        text = rest     # a wire agency's credit before its day ("dpa 08.11.2024 - 15:49 Uhr", set 33)
    if len(text) > 60 or not _DATE_ANCHOR.search(text):
        return False
    if len(text.split()) <= 6 and DATELINE.search(text) and not _ends_sentence(text):
        return True
    tokens = [t for t in re.split(r"[\s,|•·]+", text.strip("()[] ")) if t]
    tokens = [t.strip(":()") for t in tokens]
    labels = rules.date_label_words      # "Updated", "обновлено", "Stand" (config date_labels)
    if 0 < len(tokens) <= 10 and all(_DATE_TOKEN.match(t) or t.lower() in labels for t in tokens if t):
        return True
    # A day written in another language ("21 марта 2022, 22:33", "Понеділок, 14 березня 2022, 16:53",
    # "3 Luglio 2023 - 14.43", "입력 | 2024-10-18 18:51"), the whole line read by the date parser: it
    # was shown as the article's heading (sets 24-32). Each part between bars a day or a date label;
    # a heading with a date in it ("Мобилизация 21 сентября 2022") or a year alone stays a heading
    if len(tokens) > _FOREIGN_DATE_LINE_WORDS or _ends_sentence(text):
        return False
    from pipeline.metadata import parse_date   # (metadata imports this module)
    parts = [part for part in DATE_PART_SEPARATOR.split(text.strip()) if part.strip()]
    days = [part for part in parts if part.strip(" :").lower() not in labels]
    counter = [part.strip() for part in days[1:]]
    views = re.compile(rules.view_count, re.IGNORECASE) if counter else None
    if (counter and any(_COUNT.fullmatch(part) or views.fullmatch(part) for part in counter)
            and all(_COUNT.fullmatch(part) or views.fullmatch(part) or len(part.split()) == 1 for part in counter)
            and parse_date(days[0], language=language).precision == DatePrecision.DAY):
        # the day, then a view counter and its word ("22 май 2023, 17:46 • 18311 | прочитания", set 38; "05
        # август 2024, 16:55 часа • 1715 прочитания", config view_count, set 43); not a chronology's line
        # ("24 лютого 2022 · Початок вторгнення": words, no count; "... · 300 загиблих": no view count)
        return True
    return bool(days) and all(parse_date(part, language=language).precision == DatePrecision.DAY for part in days)


def _is_date_then_source(text: str, *, language: str | None = None) -> bool:
    """A dateline of the date and time, then its source after a dash or in square brackets ("24 августа
    2024, 13:40 [ «Outlet» ]"), as pipeline.metadata reads the page's date from it: a Heading of set 31."""
    if len(text) > 120 or not YEAR.search(text):
        return False
    from pipeline.metadata import date_before_source   # (metadata imports this module)
    return date_before_source(text, language=language) is not None


_BYLINE_PARTS_CHARS = 200    # a byline line of parts is short; a longer line between bars is text


def _byline_parts(text: str, rules: Rules, *, language: str | None = None) -> bool | None:
    """A byline line of parts between bars or bullets, each a byline ("By Anna Smith", "By teleSUR")
    or a wire agency ("Reuters"), a date or labelled date ("Created at 2024-09-22 16:05:09"), or a
    reading time, and one of them a whole day: "By teleSUR | Created at ... | Updated at ..." was the
    first paragraph of its article (set 34). True: it names someone (a byline); False: dates only
    ("24 Sep 2024 | updated: 27 September 2024 10:01", a date line); None: not such a line. Its date
    is read by ``metadata._labelled_date_parts``, its author by ``byline_author``."""
    if len(text) > _BYLINE_PARTS_CHARS:
        return None
    parts = [part.strip() for part in DATE_PART_SEPARATOR.split(text) if part.strip()]
    if len(parts) < 2:
        return None
    reading_time = re.compile(rf"^{rules.reading_time}$", re.IGNORECASE)
    dated = named = False
    for part in parts:
        if _is_labelled_date(part, rules, language=language):
            dated = True
        elif _is_date_line(part, rules, language=language):
            # a time or a year alone may sit among the parts; only a whole day dates the line
            dated = dated or _is_whole_day(part, language=language)
        elif _is_byline(part, rules) or _is_outlet_byline(part, rules) or agency_match(part):
            named = True
        elif not reading_time.match(part):
            return None
    return named if dated else None


def _is_dated_byline(text: str, *, anywhere: bool = False, language: str | None = None) -> bool:
    """A byline line carrying the day, maybe its time and furniture ("Von Name 01.11.2025 - 01:48 Uhr
    Lesedauer: 3 Min.", "June 19, 2022 12:02 pmby Name"), as pipeline.metadata reads the page's date
    and author from it (``dated_byline``): a German portal's was the article's first paragraph.
    ``anywhere``: only one opened by "By" (``by_bylines``), a byline by its shape wherever it stands;
    the other markers open headings too ("De Ziua Eroilor, 25 mai 2023 12:00"), read in the head only."""
    if len(text) > _BYLINE_PARTS_CHARS or not YEAR.search(text):
        return False
    from pipeline.metadata import dated_byline   # (metadata imports this module)
    dated = dated_byline(text, language=language)
    return dated is not None and (not anywhere or load_rules().by_byline.match(dated.byline) is not None)


# A name, a dash, a whole day ("VALENTYNA ROMANENKO - TUESDAY, 21 JUNE 2022, 10:55", Ukrainska
# Pravda's byline line): two to four words, each opening with a capital.
_NAME_DASH_DATE = re.compile(r"^(?P<name>[^\W\d_][^\W\d_'’.-]*(?:\s+[^\W\d_][^\W\d_'’.-]*){1,3})\s+[-–—]\s+(?P<date>.{6,60})$")


def _is_name_dash_date(text: str, rules: Rules, *, language: str | None = None) -> bool:
    """A byline line of a name and the day, joined by a dash (``_NAME_DASH_DATE``)."""
    found = _NAME_DASH_DATE.match(text)
    return bool(found) and all(w[0].isupper() for w in found["name"].split()) \
        and _is_date_line(found["date"], rules, language=language) and _is_whole_day(found["date"], language=language)


_LABELLED_DATE_WORDS = 8      # the most words of one labelled date part ("Updated at 2024-09-30 07:29:10 1 week ago")
_OUTLET_BYLINE_WORDS = 8      # the most words of an outlet's name after "By" ("The New York Times (World News)")


def _is_labelled_date(part: str, rules: Rules, *, language: str | None = None) -> bool:
    """A short part opening with a date label and a whole day, maybe with a relative time after it
    ("Created at 2024-09-22 16:05:09", "Updated at 2024-09-30 07:29:10 1 week ago"): its words
    from the first on, shortened from the end until the date parser reads a day."""
    words = part.split()
    if len(words) > _LABELLED_DATE_WORDS or not rules.date_label_prefix.match(part):
        return False
    return any(_is_whole_day(" ".join(words[:end]), language=language) for end in range(len(words), 1, -1))


def _is_whole_day(part: str, *, language: str | None = None) -> bool:
    from pipeline.metadata import parse_date   # (metadata imports this module)
    return parse_date(part, language=language).precision == DatePrecision.DAY


def _is_outlet_byline(text: str, rules: Rules) -> bool:
    """"By" and a name of a few words, its first with a capital wherever it is ("By teleSUR", "By The
    New York Times (World News)"), not a sentence: "By the numbers", "By region" are headings."""
    match = rules.by_byline.match(text)
    if not match or _ends_sentence(text):
        return False
    words = match.group("names").split()
    return len(words) <= _OUTLET_BYLINE_WORDS and any(c.isupper() for c in words[0])


def author_box_names(text: str, rules: Rules | None = None) -> str | None:
    """The name an author box prints: after the author's photo label ("Фото автора: Jane Doe", config
    ``author_photo_labels``), once when the page prints it twice (the alt text, then the name), or
    before the link to the author's other articles ("Jane Doe | Всі новини автора", config
    ``author_page_links``): the page's byline; None when the line is no such box or names no one."""
    rules = rules or load_rules()
    found = rules.author_photo.match(text) or rules.author_link.match(text)
    if not found:
        return None
    words = found.group("names").split()
    half = len(words) // 2
    names = " ".join(words[:half] if half and words[:half] == words[half:] else words)
    return names if _is_name_shaped(names) else None


def _is_byline(text: str, rules: Rules | None = None) -> bool:
    rules = rules or load_rules()
    if _AGENCY_TRAILER.match(text) and len(_words(text)) <= 30:
        return True
    if author_box_names(text, rules) is not None:
        return True
    match = rules.by_byline.match(text)
    if not match:
        return False
    names = [w for w in re.split(r"[\s,&|]+", match.group("names")) if w]
    if not 1 <= len(names) <= 10:
        return False
    return all(w[0].isupper() or w.casefold() in rules.byline_name_particles for w in names)


# the notice over a page's read-aloud version ("This audio is created with AI assistance"), only as
# the whole line: a sentence about a video made with AI is the story, not a notice
_AI_AUDIO_NOTICE = _rx(r"^this\s+audio\s+(?:is|was)\s+(?:created|generated|produced|made)\s+(?:with|by|using)\s+"
                       r"(?:the\s+help\s+of\s+)?(?:AI|A\.I\.|artificial\s+intelligence)(?:\s+assistance)?\W*$")


def _is_ai_disclaimer(text: str) -> bool:
    return (len(_words(text)) <= 60 and bool(_AI_MENTION.search(text))
            and (bool(_AI_ABOUT_THIS.search(text)) or bool(_AI_AUDIO_NOTICE.match(text.strip()))))


_PICTURED = re.compile(r"\b(?:pictured|im\s+bild|на\s+фото|pe\s+foto|kuvassa)\s*:\s"
                       r"|,\s+(?:left|right|centre|center)\s*,|\((?:left|right|centre|center)\)", re.IGNORECASE)


def opens_with_credit(text: str, rules: Rules | None = None) -> bool:
    """A photo credit by its opening ("Фото: ...", "Photo by ...", "Illustration / ...")."""
    rules = rules or load_rules()
    prefix, _suffix = _credit_patterns(rules.credit_words, rules.credit_agencies, rules.social_platforms)
    return bool(prefix.match(text)) and len(_words(text)) <= 60


def _is_caption_pattern(text: str, rules: Rules) -> bool:
    if opens_with_credit(text, rules):
        return True
    _prefix, suffix = _credit_patterns(rules.credit_words, rules.credit_agencies, rules.social_platforms)
    if _PICTURED.search(text) and len(_words(text)) <= 80:
        return True
    return not _ends_sentence(text) and len(_words(text)) <= 60 and bool(suffix.search(text))


# Furniture lines are short (the longest, a correction or AI notice, is about 60 words): longer
# blocks skip the pattern rules, which also bounds the regexes' work on giant paragraphs.
_MAX_FURNITURE_CHARS = 800


# An image left as markup in a scraped text, alone on its line: a markdown image ("![alt](src)",
# linked or not), an HTML image tag (some stores write "<image>...</image>"), a bare data: URI.
# Its alt text, when any, describes a photo: no sentence of the article.
_ALT = r"(?:[^\[\]\n]|\[[^\[\]\n]*\])*"        # alt text, with one level of brackets ("[AFP]")
# a markdown link target: the address (one level of brackets in it) and an optional "title"
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
# (the tokens that are image markup wherever they stand, glued to text too)
_GLUED_IMAGE_TOKEN = (rf"(?:!\[{_ALT}\]{_TARGET}|\[!\[{_ALT}\]{_TARGET}\]{_TARGET}"
                      r"|<(?:img|image|source)\b[^<>]*>(?:[^<>]*</image>)?"
                      r"|<figcaption\b[^<>]*>[^<>]*</figcaption>|</?(?:picture|figure)\b[^<>]*>"
                      r"|data:[\w.+-]+/[\w.+-]+[;,][^\s\"'<>()\[\]]*)")
_IMAGE_TOKEN = (rf"(?:{_GLUED_IMAGE_TOKEN}|data:image/[\w.+-]+[;,]\S*"
                # a site-relative image path left of a markdown image whose opening the scraper cut
                # ("/2023/09/12/portrait-6500.png)", set 32): a file name, no words; alone on its line
                # only (inside a line it may be a link's path)
                # (atomic: "/a.png/a.png/..." splits into tokens in 2^n ways and hung a reviewer's probe)
                r"|(?>/[\w./%-]+\.(?:png|jpe?g|gif|webp|avif|svg))\)?)")
_IMAGE_MARKUP = re.compile(rf"{_IMAGE_TOKEN}(?:\s*{_IMAGE_TOKEN})*", re.IGNORECASE)
_GLUED_IMAGE = re.compile(_GLUED_IMAGE_TOKEN, re.IGNORECASE)
# A data: URI's payload (base64 or escaped bytes): an image's bytes, no text; cut to its type at
# reading, so megabytes of it never reach a paragraph, its embedding or its search index.
_DATA_URI_PAYLOAD = re.compile(r"(\bdata:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+(?:=[\w.+-]+)?)*,)[^\s\"'<>()\[\]]{16,}",
                               re.IGNORECASE)
DATA_URI_CUT = "…"   # what stands for a data: URI's payload in the text


def without_data_payloads(line: str) -> str:
    """``line`` with every data: URI's payload cut ("data:image/png;base64,…")."""
    return _DATA_URI_PAYLOAD.sub(rf"\1{DATA_URI_CUT}", line) if "data:" in line.casefold() else line


def unglued_images(line: str) -> list[str]:
    """A line holding image markup glued to text ("<image>...</image>Soldiers were ...", "... the
    recruits.![alt](src)") as separate lines: the images before the text, the text without them, the
    images after or inside it. Image markup is furniture wherever it stands (``is_image_markup``);
    glued to a paragraph it made the paragraph a topic's words ("image, alt") and a quote. A line
    without such markup, or of markup only, is returned as it is."""
    found = list(_GLUED_IMAGE.finditer(line)) if ("<" in line or "![" in line or "data:" in line.casefold()) else []
    if not found or is_image_markup(line):
        return [line]
    text = _SPACES.sub(" ", _GLUED_IMAGE.sub(" ", line)).strip()
    leading, end = 0, 0       # the images with nothing but spaces before them
    while leading < len(found) and not line[end:found[leading].start()].strip():
        end = found[leading].end()
        leading += 1
    before, after = found[:leading], found[leading:]
    return [part for part in (" ".join(m.group() for m in before), text, " ".join(m.group() for m in after)) if part]


def is_image_markup(line: str) -> bool:
    """The line is image markup and nothing else (``_IMAGE_TOKEN``)."""
    line = line.strip()
    return line[:1] in "![<dD/" and line != "" and _IMAGE_MARKUP.fullmatch(line) is not None


def _pattern_rule(text: str, *, language: str | None = None) -> tuple[str, str] | None:
    """Kind and reason of a line that is furniture on its own, or None. ``language``: the page's, which
    settles a slash date reading both ways as the header reader does (``metadata.day_and_month``)."""
    if is_image_markup(text):       # before the length bound: a data: URI runs to any length
        return Kind.CAPTION, Reason.IMAGE
    if links_only(text):            # (so is a link's query string): no sentence to search or score;
        return Kind.BOILERPLATE, Reason.LINK_ALONE   # story evidence still reads it (compare.stories)
    rules = load_rules()
    if _is_menu_line(text, rules):  # (a menu runs past the bound too)
        return Kind.BOILERPLATE, Reason.NAVIGATION
    if _is_date_row(text, rules, language=language):   # (so does a ticker's row of stamps)
        return Kind.BOILERPLATE, Reason.DATE_LINE
    if len(text) > _MAX_FURNITURE_CHARS:
        return None
    words = _words(text)
    short = len(words) <= 30
    if not words:
        return Kind.BOILERPLATE, Reason.SEPARATOR
    if _ADVERT.match(text):
        return Kind.BOILERPLATE, Reason.ADVERTISEMENT
    if short and _SHARE.match(text):
        return Kind.BOILERPLATE, Reason.SHARE
    if _is_ui_label(words):
        return Kind.BOILERPLATE, Reason.NAVIGATION
    if rules.read_also_marker.match(text) or (short and rules.inline_teaser.match(text)):
        return Kind.BOILERPLATE, Reason.READ_ALSO
    if rules.related_marker.match(text):
        return Kind.BOILERPLATE, Reason.RELATED
    if len(words) <= 60 and (_CORRECTION.match(text) or _CTRL_ENTER.search(text)):
        return Kind.BOILERPLATE, Reason.CORRECTION
    if _is_ai_disclaimer(text):
        return Kind.BOILERPLATE, Reason.AI_DISCLAIMER
    if short and _COPYRIGHT.search(text):
        return Kind.BOILERPLATE, Reason.COPYRIGHT
    if _is_byline(text, rules):
        return Kind.BOILERPLATE, Reason.BYLINE
    if _is_date_line(text, rules, language=language) or _is_date_then_source(text, language=language):
        return Kind.BOILERPLATE, Reason.DATE_LINE
    if (parts := _byline_parts(text, rules, language=language)) is not None:
        return Kind.BOILERPLATE, Reason.BYLINE if parts else Reason.DATE_LINE
    if _is_name_dash_date(text, rules, language=language):
        return Kind.BOILERPLATE, Reason.BYLINE
    if _is_dated_byline(text, anywhere=True, language=language):
        return Kind.BOILERPLATE, Reason.BYLINE
    if _is_caption_pattern(text, rules):
        return Kind.CAPTION, Reason.CAPTION
    if short and is_said_twice(text):
        return Kind.CAPTION, Reason.DUPLICATE_CAPTION
    return None


# Sentence punctuation: a menu printed as one line has none (an apostrophe or a hyphen inside a word is no mark).
_SENTENCE_MARK = re.compile(r"[.,;:!?…\"“”„«»()]")


def _is_menu_line(text: str, rules: Rules) -> bool:
    """A site's menu printed as one line (config ``menu_line``): many words, nearly all capitalised
    ("Live All stories Best of YouTube Exclusive Politics War ... Newsroom"), not one sentence mark."""
    if text.count(" ") + 1 < rules.menu_min_words or _SENTENCE_MARK.search(text):
        return False          # (most lines: no split)
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < rules.menu_min_words:
        return False
    return sum(w[0].isupper() for w in words) >= rules.menu_capitalised * len(words)


# A day as a ticker stamps its entries ("24 июля 2024, 12:39", "24. Juli 2024", "July 24, 2024", "24.07.2024 12:39").
_STAMPED_DAY = re.compile(r"(?<!\w)(?:\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+(?:19|20)\d\d|[^\W\d_]{3,12}\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
                          r"|\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d)(?:,?\s+\d{1,2}[:.]\d{2})?(?!\w)")


def _is_date_row(text: str, rules: Rules, *, language: str | None = None) -> bool:
    """A news ticker printed as one line (config ``date_row``): a short label and the stamps of its
    entries, days with their times, nothing else ("Главные события 24 июля 2024, 12:39 24 июля 2024,
    13:39 ..."): the page's widget, not its first paragraph."""
    if len(YEAR.findall(text)) < rules.date_row_min_days or _ends_sentence(text):
        return False          # (most lines: no regex work)
    days = _STAMPED_DAY.findall(text)
    if len(days) < rules.date_row_min_days:
        return False
    label = _STAMPED_DAY.sub(" ", text).split()
    return len(label) <= rules.date_row_label_words and _is_whole_day(days[0], language=language)


def is_said_twice(text: str) -> bool:
    """One phrase of two words or more printed twice as one line ("Prisoners of war. Prisoners of
    war"): an image's alt text and its caption (or a logo's alt text and title) run together. Not a
    cry or a question said twice ("Glory to Ukraine! Glory to Ukraine!", an order repeated in an
    intercepted call): speech, which stays content."""
    if text.rstrip().endswith(("!", "?")):
        return False
    words = [w.strip(".,;:\u2026").casefold() for w in text.split()]
    half = len(words) // 2
    return half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def furniture_reason(text: str) -> str | None:
    """Why a line is furniture on its own (code rules, then config/furniture.yaml), or None."""
    found = _pattern_rule(text)
    if found is not None:
        return found[1]
    return load_rules().furniture_reason(text)


def _config_rule(text: str) -> tuple[str, str] | None:
    reason = load_rules().furniture_reason(text)
    if reason is None:
        return None
    return (Kind.CAPTION if reason == CREDIT_REASON else Kind.BOILERPLATE), reason


def is_transcript_line(text: str) -> bool:
    """A line of a dialogue: a speaker label, or speech after a colon, or a *stage direction*.

    Such lines are content even when short ("(R): Not much. So-so. *explosions*"), never headings.
    """
    rules = load_rules()
    return bool(rules.speaker_label.match(text) and (text.lstrip()[:1] == "(" or _QUOTE_MARK.search(text)
                                                      or _ends_sentence(text) or text.rstrip().endswith(("?", "!"))
                                                      or rules.stage_direction.search(text))
                or _SPEECH_AFTER_COLON.search(text) or rules.stage_direction.search(text))


_SPEECH_AFTER_COLON = re.compile("[:：]\\s*[“\"«„‘]")


# --------------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------------

@dataclass
class _Item:
    text: str
    hint: str | None            # kind from Markdown / bullet markup, if any
    kind: str | None = None     # decided furniture kind (None: not decided yet)
    reason: str = ""

    def mark(self, kind: str, reason: str) -> None:
        self.kind, self.reason = kind, reason

    @property
    def open(self) -> bool:
        return self.kind is None


def _parse_markup(raw: str) -> _Item:
    if _MD_HEADING.match(raw):
        return _Item(_MD_HEADING.sub("", raw, count=1).rstrip("# ").strip() or raw, Kind.HEADING)
    if _MD_QUOTE.match(raw):
        return _Item(_MD_QUOTE.sub("", raw, count=1).strip() or raw, Kind.QUOTE)
    if _BULLET.match(raw):
        return _Item(_BULLET.sub("", raw, count=1), Kind.LIST_ITEM)
    if _NUMBERED.match(raw):
        return _Item(raw, Kind.LIST_ITEM)   # the number is part of what the reader sees
    return _Item(raw, None)


def _mark_key_points(items: list[_Item]) -> None:
    for i, item in enumerate(items):
        if not (item.open and load_rules().key_points_label.match(item.text)):
            continue
        box = []
        for follower in items[i + 1:i + 13]:
            if not follower.open:
                break
            if follower.hint == Kind.LIST_ITEM or (not _ends_sentence(follower.text)
                                                   and len(_words(follower.text)) <= 30):
                box.append(follower)
            else:
                break
        if box:   # a "Summary" label with nothing list-like after it is left alone
            item.mark(Kind.HEADING, "")
            for member in box:
                member.mark(Kind.SUMMARY, "")


def _is_card_summary(item: _Item) -> bool:
    return item.open and item.hint is None and _is_body_shaped(item.text) and len(_words(item.text)) <= 60


def _mark_teasers(items: list[_Item]) -> None:
    """Titles after a read-also marker; title (+ summary) cards after a related-articles marker.

    A card's summary is a sentence, which body text is too, so it is taken only when the card
    structure is certain: its title is printed twice (widgets print it as image alt and as link:
    title / "Other topics of interest" / title / summary), another card follows it, or the cards
    before it in the block had summaries too.
    """
    for i, item in enumerate(items):
        if item.kind != Kind.BOILERPLATE or item.reason not in (Reason.READ_ALSO, Reason.RELATED):
            continue
        rules = load_rules()
        marker = (rules.read_also_marker.match(item.text) or rules.related_marker.match(item.text)
                  or len(_words(item.text)) <= 3)
        if not marker:
            continue   # an inline teaser carries its own title
        before = items[i - 1] if i > 0 and items[i - 1].open else None
        before_key = normalise(before.text) if before and is_headline_shaped(before.text) else None
        titles: set[str] = set()
        with_summaries = False   # an earlier card of this block had a summary: so will the next
        j = i + 1
        # a bulleted list of titles ends with its last bullet: the line after it is the page's own
        # (a subheading), however headline-shaped
        bulleted = j < len(items) and items[j].hint == Kind.LIST_ITEM
        while j < len(items) and _is_teaser_title(items[j]) and (not bulleted or items[j].hint == Kind.LIST_ITEM):
            key = normalise(items[j].text)
            repeated = key in titles or key == before_key
            items[j].mark(Kind.BOILERPLATE, item.reason)
            titles.add(key)
            j += 1
            if item.reason != Reason.RELATED or j >= len(items) or not _is_card_summary(items[j]):
                continue
            next_is_card = j + 1 < len(items) and _is_teaser_title(items[j + 1])
            if repeated or next_is_card or with_summaries:
                items[j].mark(Kind.BOILERPLATE, item.reason)
                with_summaries = True
                j += 1
        if before is not None and before_key in titles:
            before.mark(Kind.BOILERPLATE, item.reason)


def _is_teaser_title(item: _Item) -> bool:
    return item.open and item.hint != Kind.QUOTE and is_headline_shaped(item.text)


def _mark_caption_pairs(items: list[_Item]) -> None:
    """A caption printed twice, the second time with the photo credit appended."""
    rules = load_rules()
    for first, second in zip(items, items[1:]):
        if not first.open and first.kind != Kind.CAPTION:
            continue
        prefix = first.text.rstrip(" .")
        if len(prefix) < 15 or not second.text.startswith(prefix):
            continue
        remainder = [w for w in (t.strip("()[],:;|/") for t in second.text[len(prefix):].split()) if w]
        if 1 <= len(remainder) <= 8 and all(_is_credit_word(w, rules) for w in remainder):
            first.mark(Kind.CAPTION, Reason.CAPTION)
            second.mark(Kind.CAPTION, Reason.DUPLICATE_CAPTION)


def _mark_caption_twins(items: list[_Item]) -> None:
    """An image's alt text cut short, printed right before its full caption ("... podczas oblężenia
    twierd" / "... twierdzy w Przemyślu, 1915 r."): the cut copy is a caption printed twice, and the
    full one is a caption when a photo credit follows it."""
    for i, (first, second) in enumerate(pairwise(items)):
        a, b = normalise(first.text), normalise(second.text)
        if len(a) < 30 or a == b or not b.startswith(a[:-1]) or first.hint == Kind.QUOTE:
            continue
        if not first.open:
            continue
        first.mark(Kind.CAPTION, Reason.DUPLICATE_CAPTION)
        after = items[i + 2] if i + 2 < len(items) else None
        if second.open and after is not None and after.kind == Kind.CAPTION:
            second.mark(Kind.CAPTION, Reason.CAPTION)


def _mark_viewer_captions(items: list[_Item]) -> None:
    """A caption printed twice in a row, once with the image viewer's button label glued after it
    ("34-year-old Ivan S. Fullscreen" / "34-year-old Ivan S.", config ``image_viewer_labels``): the
    labelled copy is the caption's twin, the other the caption."""
    label = load_rules().image_viewer_label
    for first, second in pairwise(items):
        for labelled, plain in ((first, second), (second, first)):
            cut = label.search(labelled.text)
            if (cut and labelled.open and plain.open and plain.hint is None and normalise(plain.text)
                    and normalise(labelled.text[:cut.start()]) == normalise(plain.text)):
                labelled.mark(Kind.CAPTION, Reason.DUPLICATE_CAPTION)
                plain.mark(Kind.CAPTION, Reason.CAPTION)


def _mark_cut_teasers(items: list[_Item]) -> None:
    """A paragraph cut short ("...") above a headline-shaped line, with the paragraph right below
    that opening with it: the site's teaser of its own lead (a description printed above the
    headline), which the lead says again in full. (Right above its paragraph, a cut copy is a
    caption's twin.)"""
    for i, item in enumerate(items[:-2]):
        heading, lead = items[i + 1], items[i + 2]
        if (item.open and item.hint != Kind.QUOTE and lead.open and is_headline_shaped(heading.text)
                and is_cut_teaser(item.text, lead.text)):
            item.mark(Kind.BOILERPLATE, Reason.DUPLICATE)


def _mark_credited_captions(items: list[_Item]) -> None:
    """A wire-photo caption ("Soldiers patrol ... in Mariupol on May 18, 2022.") followed by its
    credit line ("Photo by NAME/AFP via Getty Images"): the dated caption goes with the credit."""
    rules = load_rules()
    for before, credit in pairwise(items):
        lone_agency = bool(agency_match(credit.text.strip(" ()")))
        # the line after must be a credit by its own shape; a caption known only from its context
        # (one printed twice) says nothing of the line above it, a standfirst under the headline
        credit_line = credit.kind == Kind.CAPTION and credit.reason == Reason.CAPTION and _is_caption_pattern(credit.text, rules)
        if not (before.open and (credit_line or lone_agency)):
            continue
        first_sentence = re.split(r"(?<=[.!?])\s", before.text, maxsplit=1)[0]
        if len(_words(before.text)) <= 60 and (DATELINE.search(first_sentence) or not _ends_sentence(before.text)):
            before.mark(Kind.CAPTION, Reason.CAPTION)
            if lone_agency:
                credit.mark(Kind.CAPTION, Reason.CAPTION)


def _mark_caption_copies(items: list[_Item]) -> None:
    """A line printed twice in a row whose second copy is a credited caption: an image's alt text and
    its caption, both captions (read after the header: the headline repeated as the alt text is the
    headline's copy)."""
    for first, second in pairwise(items):
        if (first.open and second.kind == Kind.CAPTION and second.reason == Reason.CAPTION
                and normalise(first.text) == normalise(second.text)):
            first.mark(Kind.CAPTION, Reason.CAPTION)


LABEL_VALUE_MAX_WORDS = 3


def _mark_label_values(items: list[_Item]) -> None:
    """A furniture label ending with a colon takes its value printed on the next line with it
    ("Audio Format:" / "other", "Broadcast on:" / the date): a word or three, no sentence."""
    for label, value in pairwise(items):
        if (label.kind == Kind.BOILERPLATE and label.text.rstrip().endswith(":") and value.open
                and value.hint is None and len(_words(value.text)) <= LABEL_VALUE_MAX_WORDS
                and not _ends_sentence(value.text)):
            value.mark(Kind.BOILERPLATE, label.reason)


def _mark_link_labels(items: list[_Item]) -> None:
    """A label of a word or three ending with a colon right above a link alone ("Audio:" /
    "https://..."): the link's label, no more text than the link. Not a speaker's line ("Putin
    said:" over the post it introduces is the report's text)."""
    speech_verb = load_rules().speech_verb
    for label, link in pairwise(items):
        if (label.open and label.hint is None and link.reason == Reason.LINK_ALONE and label.text.rstrip().endswith(":")
                and len(_words(label.text)) <= LABEL_VALUE_MAX_WORDS and not speech_verb.search(label.text)):
            label.mark(Kind.BOILERPLATE, Reason.LINK_ALONE)


def _mark_appeals(items: list[_Item]) -> None:
    """A reader appeal (config ``appeal``): its opener ("Dear readers,") and the lines after it while
    each speaks in the outlet's voice ("our work", "your support") or is furniture already, at most
    ``max_lines`` of them, when they ask for something (support, a donation, or a line of the config's
    call to action); otherwise the opener alone."""
    rules = load_rules()
    for i, item in enumerate(items):
        words = item.text.split()
        if not (len(words) <= rules.max_words and rules.appeal_opener.match(" ".join(words)[:FURNITURE_MAX_CHARS])):
            continue
        item.mark(Kind.BOILERPLATE, Reason.APPEAL)
        run = []
        for follower in items[i + 1:i + 1 + rules.appeal_max_lines]:
            if follower.open and not _in_outlet_voice(follower.text, rules):
                break
            run.append(follower)
        # (a line the call-to-action phrases know asks already: "We are facing unprecedented challenges")
        asking = {k.reason for k in rules.kinds if k.name == "call_to_action"}
        if any(rules.appeal_asks.search(f.text) or (not f.open and f.reason in asking) for f in run):
            for follower in run:
                if follower.open:
                    follower.mark(Kind.BOILERPLATE, Reason.APPEAL)


def _mark_offer_boxes(items: list[_Item]) -> None:
    """A paywall's offer box (config ``offer_box``): the short lines between two calls to action are
    its offers ("<Product> PLUS:", ": Neu"). When such a box stands below the report's text and runs to
    its last call to action, a few short lines after it to the page's end are its teasers of other
    articles (the report was cut at the paywall)."""
    rules = load_rules()
    asking = {k.reason for k in rules.kinds if k.name == "call_to_action"}
    calls = [i for i, item in enumerate(items) if item.reason in asking]
    box_start = None      # the first call to action of the box of offers the calls end with
    for a, b in pairwise(calls):
        between = items[a + 1:b]
        if len(between) > rules.offer_box_lines or any(
                item.open and len(_words(item.text)) > rules.offer_box_item_words for item in between):
            box_start = None
            continue
        offers = [item for item in between if item.open]
        for item in offers:
            item.mark(Kind.BOILERPLATE, items[a].reason)
        if offers and box_start is None:
            box_start = a
    # (calls to action over a page's top, "Since ..., we have disabled all ads" and two more, end no
    # report: what follows them is the report)
    if box_start is None or not any(item.open and _is_body_shaped(item.text) for item in items[:box_start]):
        return
    tail = items[calls[-1] + 1:]
    if len(tail) <= rules.offer_tail_lines and all(
            not item.open or len(_words(item.text)) <= rules.offer_tail_words for item in tail):
        for item in tail:
            if item.open:
                item.mark(Kind.BOILERPLATE, Reason.RELATED)


def _in_outlet_voice(text: str, rules: Rules) -> bool:
    """A word of ``appeal.voice`` in ``text``, not written in capitals ("US" is the country)."""
    return any(len(w) == 1 or not w.isupper() for w in (m.group(0) for m in rules.appeal_voice.finditer(text)))


def _mark_breadcrumbs(items: list[_Item]) -> None:
    """A numbered or bulleted trail that starts at the site's home ("1. Startseite", "2. Politik"), or at
    a skip link ("1. Main content", "2. Search", "3. Account")."""
    for i, item in enumerate(items):
        if item.reason not in (Reason.NAVIGATION, Reason.SKIP_LINK) or item.hint != Kind.LIST_ITEM:
            continue
        for follower in items[i + 1:i + 6]:
            if not (follower.open and follower.hint == Kind.LIST_ITEM and len(_words(follower.text)) <= 3):
                break
            follower.mark(Kind.BOILERPLATE, Reason.NAVIGATION)


def is_dateline_place(text: str) -> bool:
    """A place that opens wire datelines (config ``headline.dateline_places``; "ST. PETERSBURG" as
    "st petersburg"): neither a byline's author nor the page's headline."""
    return place_key(text) in load_rules().headline_dateline_places


_DATELINE_END = (":", "-", "–", "—")


def _mark_dateline_places(items: list[_Item]) -> None:
    """A dateline's place printed alone on its line over the paragraph it opens ("KYIV —", "Kyiv:"):
    where the report was filed, not a heading of the article."""
    for place, paragraph in pairwise(items):
        text = place.text.rstrip()
        if (place.open and place.hint is None and text.endswith(_DATELINE_END)
                and is_dateline_place(text.rstrip("".join(_DATELINE_END) + " "))
                and paragraph.open and _is_body_shaped(paragraph.text)):
            place.mark(Kind.BOILERPLATE, Reason.DATELINE)


def _mark_dated_bylines(items: list[_Item], language: str | None = None) -> None:
    """A dated byline opened by another word than "By" ("Von t-online , wan 01.11.2025 - 01:48 Uhr"),
    above the first paragraph, as pipeline.metadata reads it there; the line itself is no paragraph.
    Further down, such a line is the article's unless it names the author (``_mark_printed_bylines``)."""
    for item in items[:_HEADER_LINES]:
        if not item.open:
            continue
        if item.hint is None and _is_dated_byline(item.text, language=language):
            item.mark(Kind.BOILERPLATE, Reason.BYLINE)
        elif item.hint == Kind.QUOTE or (item.hint is None and _is_body_shaped(item.text)):
            return


_HEADER_LINES = 12   # the most lines a page's head holds above its first paragraph


def _header_end(items: list[_Item]) -> int:
    """Index of the first body paragraph: what comes before it is the page header."""
    for i, item in enumerate(items[:_HEADER_LINES]):
        twin = i + 1 < len(items) and normalise(items[i + 1].text) == normalise(item.text)
        if twin or (i and normalise(items[i - 1].text) == normalise(item.text)):
            continue   # printed twice in a row: an image caption or a title, not the first paragraph
        if item.open and (item.hint == Kind.QUOTE or (item.hint is None and _is_body_shaped(item.text))):
            return i
    return min(len(items), _HEADER_LINES)


def _is_name_shaped(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 4 and not _ends_sentence(text) and not is_glued_menu(text)   # "LiigaMM-ralliJääkiekko..."
            and all(w[0].isupper() and re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)
            and not any(w.casefold() in _UI_STRONG | _UI_WEAK | _SECTION_WORDS for w in words))


_SECTION_WORDS = {
    "world", "europe", "ukraine", "russia", "war", "politics", "business", "opinion", "sport",
    "sports", "live", "latest", "analysis", "culture", "economy", "investigations", "features",
    "international", "national", "local", "breaking", "update", "updates", "military", "defense",
    "defence", "security", "conflict", "key", "points", "news", "of", "in", "and",
}


def _is_headline_copy(key: str, title_key: str, text: str) -> bool:
    """The headline printed again, maybe with a trail the title lost ("... | World | News", a date)."""
    if not title_key or len(_words(text)) > 40:
        return False
    return key == title_key or (len(title_key) >= 20 and key.startswith(title_key)
                                and len(key) - len(title_key) <= 60) or (
        # a short label or kicker in front ("VIDEO | headline", "Krieg im Osten headline"); a line
        # ending with a full stop is a lead sentence using the headline's words, not a copy
        len(title_key) >= 20 and key.endswith(title_key) and len(key[:-len(title_key)].split()) <= 5
        and not text.rstrip().endswith(".")) or (
        len(key) >= 20 and title_key.startswith(key.rstrip(" :.…")) and len(key) >= 0.35 * len(title_key)) or (
        _cut_copy(key, title_key, text)) or _breadcrumb_cut_copy(key, title_key, text)


BREADCRUMB_MAX_WORDS = 5   # words of a breadcrumb trail before a copy of the headline ("Homepage War")


def _breadcrumb_cut_copy(key: str, title_key: str, text: str) -> bool:
    """A breadcrumb trail ending with the headline's first words, cut short ("Homepage War <the
    headline's first words>..."), read as pipeline.headline reads it when choosing the headline."""
    if not text.rstrip().endswith(("...", "…")):
        return False
    body = key.rstrip(" :.…")
    prefix = cut_copy_prefix(body, title_key)
    return (prefix is not None and len(prefix.split()) <= BREADCRUMB_MAX_WORDS
            and len(body) - len(prefix) >= 0.35 * len(title_key))


CUT_COPY_MIN_WORDS = 5


def _cut_copy(key: str, title_key: str, text: str) -> bool:
    """The headline's first words again without its punctuation, cut off mid-phrase ("Impossible
    to flee in Ukraine Russian soldiers responsible for"): an image title or a link's text."""
    line_words, title_words = _words(key), _words(title_key)
    return (CUT_COPY_MIN_WORDS <= len(line_words) < len(title_words)
            and len(line_words) >= 0.35 * len(title_words)
            and title_words[:len(line_words)] == line_words and not _ends_sentence(text))


STANDFIRST_MIN_WORDS = 8   # a line this long right below the headline is its standfirst, not a subheading
STANDFIRST_FURNITURE_GAP = 2   # at most this many furniture lines between the headline and its standfirst


def _headline_below_menu(items: list[_Item], title_key: str) -> int | None:
    """The headline printed once below a site's menu (a skip link, sections, editors, phone numbers:
    mtvuutiset.fi's headline stood on line 48, session 31), within ``headline.menu_max_lines`` blocks
    and with no paragraph of the article above it: what stands above it is the site's."""
    for i, item in enumerate(items[:load_rules().headline_menu_max_lines]):
        if _is_headline_copy(normalise(item.text), title_key, item.text):
            return i
        if item.open and item.hint is None and _is_body_shaped(item.text):
            return None
    return None


def _mark_header(items: list[_Item], title: str | None, author: str | None, language: str | None = None) -> None:
    end = _header_end(items)
    title_key = normalise(title) if title else ""
    author_key = normalise(author) if author else ""
    copies = [i for i, item in enumerate(items[:20]) if _is_headline_copy(normalise(item.text), title_key, item.text)]
    # The page's own headline: in the header, or printed twice (title + h1) anywhere near the top,
    # or below a site's menu that holds no paragraph.
    headline_at = copies[0] if copies and (copies[0] < max(end, 1) or len(copies) > 1) else (
        _headline_below_menu(items, title_key))
    for i, item in enumerate(items[:max(end, 1, (headline_at or 0) + 1)]):
        if not item.open:
            continue
        key = normalise(item.text)
        if _is_headline_copy(key, title_key, item.text):
            item.mark(Kind.BOILERPLATE, Reason.REPEATED_HEADLINE)
            # the line right below the headline, longer than a subheading: the standfirst (content);
            # furniture between them (an archive banner, a byline, a date) does not part them
            below = next((later for later in items[i + 1:i + 1 + STANDFIRST_FURNITURE_GAP + 1] if later.open), None)
            if (below is not None and below.hint is None and len(_words(below.text)) >= STANDFIRST_MIN_WORDS
                    and not _is_headline_copy(normalise(below.text), title_key, below.text)
                    and not (title_key and title_key in normalise(below.text))   # "VIDEO | headline", a breadcrumb
                    and _pattern_rule(below.text, language=language) is None and _config_rule(below.text) is None):
                below.hint = Kind.BODY
            # the same headline printed again right below (page title + h1)
            for j, twin in enumerate(items[i + 1:i + 6]):
                if (twin.open and _is_headline_copy(normalise(twin.text), title_key, twin.text)
                        and (j == 0 or not _ends_sentence(twin.text) or twin.text.endswith(":"))):
                    twin.mark(Kind.BOILERPLATE, Reason.REPEATED_HEADLINE)
        elif i < end and ((author_key and _is_authors_byline(item.text, author_key))
                          or (item.hint is None and _is_name_shaped(item.text))):
            item.mark(Kind.BOILERPLATE, Reason.BYLINE)
        elif (i < end and item.hint is None and len(_words(item.text)) <= 3 and len(item.text) <= 40
              and not _ends_sentence(item.text)):
            item.mark(Kind.BOILERPLATE, Reason.NAVIGATION)
        elif (headline_at is not None and i < headline_at and i + 1 < len(items)
              and normalise(items[i + 1].text) == key):
            # printed twice in a row above the headline: an image's alt text and caption, at any length
            item.mark(Kind.CAPTION, Reason.CAPTION)
        elif (headline_at is not None and i < headline_at and item.hint != Kind.QUOTE
              and len(_words(item.text)) < 20):
            # What a page prints above its own headline is the site's: banners, slogans, clocks.
            item.mark(Kind.BOILERPLATE, Reason.PAGE_HEADER)
        elif (headline_at is not None and i < headline_at and item.hint is None
              and _content_kind(item) == Kind.HEADING):
            # A sentence-long line above the headline is its standfirst (some pages print it over
            # the <h1>): no subheading stands above the article it divides.
            item.hint = Kind.BODY


AUTHOR_ROLE_MAX_WORDS = 15   # "Political correspondent for Russia and the CIS in Moscow."


AUTHOR_ROLE_LEAD_WORDS = 2    # at most this many words before the role ("Senior defence correspondent")


def is_author_role(text: str) -> bool:
    """A short line that starts with a journalist's role, as an author box prints under the name
    ("Political correspondent for ..."); a sentence that only mentions an editor is not one."""
    if len(_words(text)) > AUTHOR_ROLE_MAX_WORDS:
        return False
    match = load_rules().author_role.search(text)
    return match is not None and len(text[:match.start()].split()) <= AUTHOR_ROLE_LEAD_WORDS


ROLE_LINE_MAX_WORDS = 12     # a role line standing alone is short: "Redakteur in der Wirtschaft."


def _mark_author_box(items: list[_Item]) -> None:
    """A name line with the author's role right below it, anywhere in the page: an author box
    (name, role, maybe a follow button), not a photo's subject and not body text. A role line
    alone ("Redakteur in der Wirtschaft.", its name left out by the extractor) is the bio too."""
    for name, role in pairwise(items):
        if (name.open and role.open and name.hint is None and _is_name_shaped(name.text)
                and is_author_role(role.text)):
            name.mark(Kind.BOILERPLATE, Reason.BYLINE)
            role.mark(Kind.BOILERPLATE, Reason.AUTHOR_BIO)
    role_line = load_rules().author_role_line

    def alone(item: _Item) -> bool:
        return (item.open and item.hint is None and len(_words(item.text)) <= ROLE_LINE_MAX_WORDS
                and not _QUOTE_MARK.search(item.text) and bool(role_line.match(item.text)))

    for i, item in enumerate(items):
        # next to another role line or to a byline: a short sentence that happens to start with
        # "Reporter in ..." among body paragraphs is left alone
        neighbours = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
        if alone(item) and any(alone(n) or n.reason in (Reason.BYLINE, Reason.AUTHOR_BIO) for n in neighbours):
            item.mark(Kind.BOILERPLATE, Reason.AUTHOR_BIO)


def _mark_lone_names(items: list[_Item], author: str | None) -> None:
    """A lone name line below the header: a signature at the very end, else a photo's subject."""
    author_key = normalise(author) if author else ""
    end = _header_end(items)
    for i in range(end + 1, len(items)):
        item = items[i]
        if not (item.open and item.hint is None and _is_name_shaped(item.text)):
            continue
        tail = items[i + 1:]
        if len(tail) <= 1 and all(len(_words(t.text)) <= 2 and not _ends_sentence(t.text) for t in tail):
            item.mark(Kind.BOILERPLATE, Reason.SIGNATURE)     # a letter or column signed at its end
            for t in tail:
                if t.open:
                    t.mark(Kind.BOILERPLATE, Reason.SIGNATURE)
        elif author_key and normalise(item.text) == author_key:
            item.mark(Kind.BOILERPLATE, Reason.BYLINE)
        else:
            item.mark(Kind.CAPTION, Reason.NAME_LABEL)        # a lone name mid-article: a photo's subject


def _mark_printed_bylines(items: list[_Item], author: str | None) -> None:
    """The byline naming the article's author ("par Rédaction en ligne", "Von Jana Example"),
    wherever it is printed (below a standfirst too): the author is in the metadata, not content."""
    author_key = normalise(author) if author else ""
    if not author_key:
        return
    marked = load_rules().marked_byline    # a byline opened by a marker word (config ``byline_markers``)
    for item in items:
        match = marked.match(item.text) if item.open and item.hint is None else None
        if match and _names_the_author(match.group("names"), author_key):
            item.mark(Kind.BOILERPLATE, Reason.BYLINE)


def _is_authors_byline(text: str, author_key: str) -> bool:
    """The author's name alone or after a byline word in any language ("By", "di", "Von", "par")."""
    if normalise(text) in (author_key, f"by {author_key}"):
        return True
    match = load_rules().marked_byline.match(text)
    return bool(match) and _names_the_author(match.group("names"), author_key)


BYLINE_TAIL_WORDS = 10   # a byline's date, time and reading time after the name ("• 28 October 2022 • 3:04")


def _names_the_author(names: str, author_key: str) -> bool:
    """A byline's names are the author's, alone or followed by its date and time (a tail of a few
    words with a number in it: "by Jane Doe February 22, 2024 1:39 AM 2 min read")."""
    key = normalise(names)
    if key == author_key:
        return True
    tail = key[len(author_key):]
    return (key.startswith(author_key + " ") and any(c.isdigit() for c in tail)
            and len(tail.split()) <= BYLINE_TAIL_WORDS)


def _mark_author_bio(items: list[_Item], author: str | None) -> None:
    """Name / role / "X is a reporter at ..." at the tail of the article."""
    author_key = normalise(author) if author else ""
    for i in range(len(items) - 1, max(-1, len(items) - 8), -1):
        item = items[i]
        if not item.open:
            continue
        match = _BIO.match(item.text)
        if not (match and _JOURNALISM.search(item.text) and len(_words(item.text)) <= 150):
            if _is_body_shaped(item.text):
                return   # body text after any bio candidate: this is not the tail
            continue
        item.mark(Kind.BOILERPLATE, Reason.AUTHOR_BIO)
        for j in range(i - 1, max(-1, i - 4), -1):
            before = items[j]
            short_label = (len(_words(before.text)) <= 5 and not _ends_sentence(before.text)
                           or bool(_BIO_LABEL.match(before.text)))
            if before.open and (short_label or (author_key and normalise(before.text) == author_key)):
                before.mark(Kind.BOILERPLATE, Reason.AUTHOR_BIO)
            else:
                break
        return


def _mark_duplicates(items: list[_Item]) -> None:
    """A repeat of an earlier kept block (content, heading or caption) adds nothing."""
    kept: dict[str, str | None] = {}
    for item in items:
        if not (item.open or item.kind == Kind.CAPTION):
            continue
        key = normalise(item.text)
        if not key:
            continue
        if key in kept:
            if kept[key] == Kind.CAPTION or item.kind == Kind.CAPTION:
                item.mark(Kind.CAPTION, Reason.DUPLICATE_CAPTION)
            else:
                item.mark(Kind.BOILERPLATE, Reason.DUPLICATE)
        else:
            kept[key] = item.kind


PULL_QUOTE_WORDS = (6, 30)     # a pull quote is a sentence or two
PULL_QUOTE_ORDER = 0.8         # of its words stand in its source's order: it shortens a passage, a recap rewords it
PULL_QUOTE_SOURCE_RATIO = 1.5  # its source paragraph has at least this many times its distinct words
PULL_QUOTE_WINDOW = 40         # paragraphs looked back at: pages print pull quotes near, or gathered after, the body


def _in_order_share(words: list[str], source: list[str]) -> float:
    """Share of ``words`` found in ``source`` in the same order (longest common subsequence)."""
    row = [0] * (len(source) + 1)
    for word in words:
        diagonal = 0
        for j, other in enumerate(source, 1):
            diagonal, row[j] = row[j], diagonal + 1 if word == other else max(row[j], row[j - 1])
    return row[-1] / len(words) if words else 0.0


def _mark_pull_quotes(items: list[_Item]) -> None:
    """A short paragraph every word of which stands, mostly in the same order, in one earlier,
    longer paragraph: a pull quote, the body's own sentence shortened and set apart in large type
    ("Relotius legt ein Fake-Profil an. Es stützt seine Version." after "Am Dienstag legt Relotius auf
    Facebook ein Fake-Profil ... an ... Es stützt seine Geschichte."). A copy of a part of one is a
    duplicate. A paragraph that adds a word, rewords the passage, or attributes speech ("..., the
    soldier told his wife"; a recap "The soldiers said ...") is body text: a quote after the lead
    that paraphrased it is the story's evidence."""
    speech_verb = load_rules().speech_verb
    earlier: deque[tuple[set[str], list[str], str]] = deque(maxlen=PULL_QUOTE_WINDOW)   # bounds the work
    for item in items:
        if not item.open:
            continue
        words = [w.casefold() for w in _words(item.text)]
        distinct = set(words)
        source = None
        if PULL_QUOTE_WORDS[0] <= len(words) <= PULL_QUOTE_WORDS[1]:
            source = next((text for source_set, source_words, text in earlier
                           if len(source_set) >= PULL_QUOTE_SOURCE_RATIO * len(distinct)
                           and (normalise(item.text) in normalise(text)
                                or (distinct <= source_set and not speech_verb.search(item.text)
                                    and _in_order_share(words, source_words) >= PULL_QUOTE_ORDER))), None)
        if source is None:
            earlier.append((distinct, words, item.text))
        elif normalise(item.text) in normalise(source):
            item.mark(Kind.BOILERPLATE, Reason.DUPLICATE)    # a part of an earlier paragraph, word for word
        else:
            item.mark(Kind.BOILERPLATE, Reason.PULL_QUOTE)


# A headline-shaped line holding a sentence end inside it ("... aus eigener Erfahrung. Seit 2008
# verzichtet der") is body text cut short (a paragraph split at a link), not a subheading.
_INNER_SENTENCE = re.compile(r"\w[.!?]\s+(?-i:[A-ZÀ-ÞА-ЯІЇЄҐ])\w")


def _restore_unpunctuated_sentences(items: list[_Item], kinds: list[str]) -> None:
    """A heading-shaped line of sentence length (config ``unpunctuated_sentence``; a question may be
    shorter) standing between two paragraphs of body text, or
    after body text at the end of the article, is a sentence that lost its full stop (a paragraph printed without it, or cut at a link), not a
    subheading: losing it from search is worse than keeping a long subheading."""
    rules = load_rules()
    text_kinds = (Kind.BODY, Kind.QUOTE)
    content = [i for i, kind in enumerate(kinds) if kind in (*text_kinds, Kind.HEADING, Kind.LIST_ITEM)]
    last = content[-1] if content else -1
    for i in range(1, len(items)):
        if (items[i].open and items[i].hint is None and kinds[i] == Kind.HEADING
                and len(_words(items[i].text)) >= (rules.question_min_words if _final_char(items[i].text) == "?"
                                                   else rules.sentence_min_words)
                and kinds[i - 1] in text_kinds
                # ... or ending the text after body text: a last sentence the scrape cut (set 26: 'He added
                # that this is "an echo of the internal strife in the Russia' read as a bold heading)
                and (i == last or (i + 1 < len(items) and kinds[i + 1] in text_kinds))):
            kinds[i] = Kind.BODY


def _content_kind(item: _Item) -> str:
    if item.hint is not None:
        return item.hint
    if is_transcript_line(item.text):
        return Kind.QUOTE if is_quotation(item.text) else Kind.BODY
    if len(_words(item.text)) >= 10 and quoted_share(item.text) >= 0.9:
        return Kind.QUOTE     # a quoted standfirst is what someone said, not a subheading
    if is_headline_shaped(item.text) and not _INNER_SENTENCE.search(item.text):
        return Kind.HEADING
    if is_quotation(item.text):
        return Kind.QUOTE
    return Kind.BODY


def classify_blocks(blocks: list[str], *, title: str | None = None,
                    author: str | None = None, language: str | None = None) -> list[Block]:
    """Give every block a kind, and furniture a reason; the text is kept (markup stripped).

    ``title`` and ``author`` (from the article's metadata, if known) let the headline printed
    again and the author's name line be recognised; the rules work without them. ``language`` (the
    article's, given or detected) settles a slash date reading both ways, as the header reader does:
    "06/12/2023 - 10:04" on a Spanish page is a date line, not a heading.
    """
    title = title if isinstance(title, str) and title.strip() else None     # NaN, NaT: unknown
    author = author if isinstance(author, str) and author.strip() else None
    language = language if isinstance(language, str) and language.strip() else None
    items = [_parse_markup(raw) for raw in blocks]
    for item in items:
        found = _pattern_rule(item.text, language=language) or _config_rule(item.text)
        if found:
            item.mark(*found)
    _mark_dated_bylines(items, language)
    _mark_key_points(items)
    _mark_teasers(items)
    _mark_caption_pairs(items)
    _mark_caption_twins(items)
    _mark_viewer_captions(items)
    _mark_cut_teasers(items)
    _mark_credited_captions(items)
    _mark_breadcrumbs(items)
    _mark_appeals(items)
    _mark_offer_boxes(items)
    _mark_label_values(items)
    _mark_link_labels(items)
    _mark_dateline_places(items)
    _mark_header(items, title, author, language)
    _mark_caption_copies(items)
    _mark_author_bio(items, author)
    _mark_author_box(items)
    _mark_lone_names(items, author)
    _mark_printed_bylines(items, author)
    _mark_duplicates(items)
    _mark_pull_quotes(items)
    kinds = [item.kind or _content_kind(item) for item in items]
    _restore_unpunctuated_sentences(items, kinds)
    return [Block(item.text, kind, item.reason) for item, kind in zip(items, kinds, strict=True)]
