"""Raw files -> source documents: decoded text plus metadata, each value marked with where it came from.

Reads ``.txt``, ``.md`` and ``.html`` files under a raw folder (sorted, so builds are deterministic).
Metadata comes, per field, from (highest first):

1. the sidecar table ``metadata.csv`` in the raw folder (GIVEN),
2. a YAML front-matter block at the top of a .txt/.md file (GIVEN),
3. the HTML page's own metadata, read by trafilatura (EXTRACTED),
4. rules over the top of the text and the url (INFERRED).

The sidecar wins over front matter because it is where a curator corrects metadata without
touching the raw files (front matter is often written by a scraper). A disagreement is reported as
a warning. Files that are not articles are quarantined with a one-line reason; the same text under
two names is kept once, the duplicate recorded.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable, Union

import pandas as pd
from anyascii import anyascii

from newslens import config
from newslens.schema import ArticleCol, DatePrecision, Provenance
from pipeline.corrections import CORRECTIONS_NAME
from pipeline.judgements import JUDGEMENTS_NAME
from pipeline.user_yaml import load_user_yaml
from pipeline.confine import confined, link_refusal
from pipeline.date_screen import screen_date
from pipeline.decode import NotText, decode_bytes, decode_character_references, repair_mojibake
from newslens.knowledge import IngestSettings, ingest_settings
from pipeline.metadata import (
    DateInfo,
    date_with_window,
    detect_language,
    domain_from_url,
    domain_of_outlet,
    PRINTED_DATE,
    byline_author,
    byline_in_text,
    outlet_for_domain,
    parse_date,
    person_author,
    read_top_of_text,
    strip_site_suffix,
    title_from_url,
)
from pipeline.headline import letter_script, text_script
from pipeline.near_duplicates import NearDuplicateIndex
from pipeline.sidecar import (
    SIDECAR_FILE_COLUMN,
    SIDECAR_NAME,
    SidecarError,
    load_sidecar_table,
    normalise_file_name,
)

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
# The metadata fields a sidecar column or a front-matter key may set (ArticleCol names).
GIVEN_FIELDS = (ArticleCol.OUTLET, ArticleCol.DOMAIN, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
                ArticleCol.LANGUAGE, ArticleCol.PUBLISHED, ArticleCol.DATE_START, ArticleCol.DATE_END,
                ArticleCol.DATE_NOTE, ArticleCol.ORIGINAL_SOURCE)
METADATA_FIELDS = (ArticleCol.OUTLET, ArticleCol.DOMAIN, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
                   ArticleCol.LANGUAGE, ArticleCol.PUBLISHED, ArticleCol.DATE_PRECISION, ArticleCol.DATE_START,
                   ArticleCol.DATE_END, ArticleCol.DATE_RAW, ArticleCol.DATE_NOTE, ArticleCol.ORIGINAL_SOURCE,
                   ArticleCol.PUBLISHED_AT)
_DATE_FIELDS = (ArticleCol.PUBLISHED, ArticleCol.DATE_START, ArticleCol.DATE_END, ArticleCol.DATE_NOTE)
# Other names scrapers and static-site tools use in front matter (trafilatura writes
# date/sitename/hostname).
FIELD_ALIASES = {"date": ArticleCol.PUBLISHED, "published_at": ArticleCol.PUBLISHED,
                 "published_earliest": ArticleCol.DATE_START, "published_latest": ArticleCol.DATE_END,
                 "sitename": ArticleCol.OUTLET, "site": ArticleCol.OUTLET, "site_name": ArticleCol.OUTLET,
                 "publisher": ArticleCol.OUTLET, "hostname": ArticleCol.DOMAIN, "link": ArticleCol.URL,
                 "canonical": ArticleCol.URL, "lang": ArticleCol.LANGUAGE, "authors": ArticleCol.AUTHOR,
                 "headline": ArticleCol.TITLE}
_LANGUAGE_NAMES = {"english": "en", "russian": "ru", "ukrainian": "uk", "german": "de", "romanian": "ro",
                   "french": "fr", "polish": "pl", "spanish": "es", "italian": "it", "belarusian": "be"}
HTML_MIN_WORDS = 10
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_RUNS_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
# Unicode categories that draw nothing: format (zero-width space, joiners, BOM), controls, separators.
_INVISIBLE = {"Cf", "Cc", "Zs", "Zl", "Zp", "Co", "Cn"}


@dataclass
class SourceDocument:
    article_id: str        # stable: from the file's path relative to raw_dir
    source_file: str       # posix path relative to raw_dir
    source_format: str     # "txt" | "md" | "html"
    encoding: str          # e.g. "utf-8", "utf-8-sig", "cp1251", "koi8-r", "latin-1"
    text: str              # the article text as scraped (front matter removed; HTML: extracted text)
    metadata: dict         # ArticleCol name -> value (None where unknown; dates as Timestamp/NaT)
    provenance: dict       # ArticleCol name -> Provenance value, for every value that says something
    warnings: list[str]
    content_hash: str      # sha256 of the whitespace-normalised text
    title_note: str | None = None   # when the title was inferred: which line won, and why


@dataclass
class IngestResult:
    documents: list[SourceDocument]
    quarantined: list[dict]   # {"file": rel path, "reason": one clear line}
    duplicates: list[dict]    # {"file": rel path, "duplicate_of": rel path}
    warnings: list[dict]      # {"file": rel path, "message": ...}


class Quarantine(Exception):
    """This file is not an article we can use; the message is the one-line reason."""


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode and whitespace normalised: the same article, scraped twice
    with different line breaks or a BOM, hashes the same."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _is_ignored(rel: Path) -> bool:
    if any(part.startswith(".") for part in rel.parts):
        return True
    if len(rel.parts) == 1 and rel.name in (SIDECAR_NAME, CORRECTIONS_NAME, JUDGEMENTS_NAME):
        return True
    return rel.stem.upper() == "README"


def discover_files(raw_dir: Path, *, allow_outside: bool = False,
                   linked_folders: list[Path] | None = None) -> list[Path]:
    """Every candidate file under raw_dir, relative, in sorted order (hidden, README and the
    sidecar left out).

    Links to folders are not followed (they are appended to ``linked_folders`` when given, to be
    reported) unless ``allow_outside``; then each real folder is walked once, so a link loop ends.
    """
    found: list[Path] = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(raw_dir, followlinks=allow_outside):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        base = Path(folder).relative_to(raw_dir)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if not allow_outside:
            links = [d for d in dirs if (Path(folder) / d).is_symlink()]
            if linked_folders is not None:
                linked_folders.extend(base / d for d in links)
            dirs[:] = [d for d in dirs if d not in links]
        found.extend(base / name for name in names)
    return sorted((p for p in found if not _is_ignored(p)), key=lambda p: p.as_posix())


def ascii_name(text: str, fill: str = "_", *, runs: bool = False) -> str:
    """``text`` as a name safe in a file system, a URL and a terminal, and still readable (article
    ids, collected files' names): letters of other scripts transliterated first ("Фролов_допрос" ->
    "Frolov_dopros", "știre" -> "stire", "士兵" -> "ShiBing"), then each character (with ``runs``,
    each run of characters) still outside [A-Za-z0-9_.-] becomes ``fill``. ASCII is kept as it is."""
    # the apostrophe anyascii writes for a soft or hard sign ("Доповідь" -> "Dopovid'") is dropped:
    # as a fill it cut words ("ob_yavlenie"); an apostrophe typed in the name still becomes a fill
    latin = _NOT_ASCII.sub(lambda m: anyascii(m.group()).replace("'", ""), text)
    return (_RUNS_NOT_IN_NAME if runs else _NOT_IN_NAME).sub(fill, latin)


_CHANGED_ID_CHARS = 80   # the readable part of an id made from a name that had to be changed


def article_ids(files: list[Path]) -> dict[Path, str]:
    """A stable, unique, filesystem-safe id per file.

    Root files keep their stem ("000_786adddaa2322f99"); files in subfolders get the folder as a
    prefix ("telegram__0001"). A name in another script is transliterated ("Фролов_допрос.html" ->
    "Frolov_dopros_dfbca33e"), other characters outside [A-Za-z0-9_.-] replaced, and whenever the
    name was changed a short hash of the path is added, so that two names never collapse into one;
    remaining clashes (a.txt and a.html) get the extension.
    """
    def base(rel: Path) -> str:
        raw = "__".join([*rel.parent.parts, rel.stem])
        safe = ascii_name(raw)
        if safe != raw or not safe.strip("_.-"):
            # a transliterated name may run long (a Chinese title: three letters a character); the hash
            # keeps it unique, so its readable part is cut
            safe = f"{safe[:_CHANGED_ID_CHARS]}_{hashlib.sha1(rel.as_posix().encode()).hexdigest()[:8]}"
        return safe

    ids = {rel: base(rel) for rel in files}
    counts: dict[str, int] = {}
    for value in ids.values():
        counts[value] = counts.get(value, 0) + 1
    for rel, value in ids.items():
        if counts[value] > 1:
            ids[rel] = f"{value}{ascii_name(rel.suffix.lower())}"
    taken: set[str] = set()
    for rel in files:
        value = ids[rel]
        if value in taken:
            value = f"{value}-{hashlib.sha1(rel.as_posix().encode()).hexdigest()[:8]}"
            ids[rel] = value
        taken.add(value)
    return ids


# ---------------------------------------------------------------------------------------------
# Given metadata: sidecar and front matter
# ---------------------------------------------------------------------------------------------


def _clean_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if v is not None and str(v).strip()]
        return ", ".join(items) or None
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() or None
    return value


def normalise_fields(raw: dict, where: str) -> tuple[dict, list[str], list[str]]:
    """Map keys to ArticleCol names: ``(fields, unknown keys, decoding notes)``. HTML character
    references in a value ("Soldiers&#8217; appeal", from a scraper's export) are decoded as in the
    text; each note names the field."""
    fields: dict = {}
    unknown: list[str] = []
    decoded_notes: list[str] = []
    for key, value in raw.items():
        name = str(key).strip().lower()
        name = FIELD_ALIASES.get(name, name)
        if name not in GIVEN_FIELDS:
            unknown.append(str(key))
            continue
        value = _clean_value(value)
        if isinstance(value, str):
            value, decoded = decode_character_references(value)
            decoded_notes += [f"{name}: {w}" for w in decoded]
        if value is not None:
            fields[name] = value
    return fields, sorted(unknown), decoded_notes


def _unknown_fields_warning(where: str, unknown: list[str]) -> list[str]:
    return [f"{where}: ignored unknown field(s) {', '.join(unknown)}"] if unknown else []


def load_sidecar(raw_dir: Path) -> tuple[dict[str, dict], list[dict], dict[str, str]]:
    """Rows of ``metadata.csv`` keyed by file path (posix, relative to raw_dir), warnings, and the
    files whose row is malformed (file -> reason quoting the line: they are quarantined).

    Raises SidecarError when a malformed row names no file (see ``pipeline.sidecar``)."""
    path = raw_dir / SIDECAR_NAME
    if path.is_symlink() or path.exists() and not confined(raw_dir, path):
        return {}, [{"file": SIDECAR_NAME, "message": "metadata table ignored: it is a link "
                     "(the raw folder is read only through real files in it)"}], {}
    try:
        parsed = load_sidecar_table(raw_dir)
    except (NotText, OSError) as exc:
        return {}, [{"file": SIDECAR_NAME, "message": f"metadata table ignored: not a readable CSV file ({exc})"}], {}
    if parsed is None:
        return {}, [], {}
    if SIDECAR_FILE_COLUMN not in parsed.header:
        return {}, [{"file": SIDECAR_NAME,
                     "message": f"metadata table ignored: it has no '{SIDECAR_FILE_COLUMN}' column"}], {}
    table: dict[str, dict] = {}
    warnings: list[dict] = [{"file": SIDECAR_NAME, "message": w} for w in parsed.warnings]
    unknown_reported = False
    for number, row in parsed.rows:
        name = normalise_file_name(row.pop(SIDECAR_FILE_COLUMN, "") or "")
        if not name:
            warnings.append({"file": SIDECAR_NAME, "message": f"line {number}: no file name; row ignored"})
            continue
        fields, unknown, decoded = normalise_fields(row, SIDECAR_NAME)
        if unknown and not unknown_reported:       # the same columns on every row: said once
            warnings += [{"file": SIDECAR_NAME, "message": w} for w in _unknown_fields_warning(SIDECAR_NAME, unknown)]
            unknown_reported = True
        warnings += [{"file": SIDECAR_NAME, "message": f"line {number} ({name}): {w}"} for w in decoded]
        if name in table:
            warnings.append({"file": SIDECAR_NAME,
                             "message": f"line {number}: second row for {name}; its non-empty cells win"})
            table[name].update(fields)
        else:
            table[name] = fields
    for name in table:
        if not (raw_dir / name).is_file():
            warnings.append({"file": SIDECAR_NAME, "message": f"row for {name}, which is not in the raw folder"})
    return table, warnings, dict(parsed.malformed)


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front-matter fields, body). Raises Quarantine when a block is there but is not YAML."""
    if not re.match(r"\A---[ \t]*\r?\n", text):
        return {}, text
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        block, body = YAMLHandler().split(text)
    except ValueError:
        return {}, text   # an opening rule with no closing one: a separator line, not front matter
    try:
        fields = load_user_yaml(block)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise Quarantine(f"front matter is not valid YAML ({problem})") from exc
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise Quarantine("front matter is not a mapping of field: value")
    return fields, body


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


@dataclass
class HtmlArticle:
    text: str
    fields: dict                 # ArticleCol name -> value from the page's own metadata
    date: DateInfo | None
    page_title: str | None = None   # the <title> element as written (site name and all)


_SITE_NAME_META = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']?(?:og:site_name|site_name|sitename|application-name)["']?"""
    r"""[^>]*>""", re.IGNORECASE)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _story_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


def _same_story(title: str, h1_text: str) -> bool:
    """The page's <h1> is a headline for the same story as its metadata title: a sentence-long
    line sharing most of its words with the title (a site logo or a section name in the <h1> is
    short and shares none)."""
    if len(h1_text.split()) < 4 or re.findall(r"\w+", h1_text.casefold()) == re.findall(r"\w+", title.casefold()):
        return False    # the same words: the title is the cleaner copy ("Zugverkehr : Im ICE" in the <h1>)
    title_words, h1_words = re.findall(r"\w+", title.casefold()), re.findall(r"\w+", h1_text.casefold())
    if any(h1_words[i:i + len(title_words)] == title_words for i in range(len(h1_words) - len(title_words) + 1)):
        return False    # the title plus a kicker or a screen-reader note ("opens in new window"): keep the title
    ours, theirs = _story_words(h1_text), _story_words(title)
    return bool(ours and theirs) and len(ours & theirs) >= 0.6 * min(len(ours), len(theirs))
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_META_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _meta_site_name(html: str) -> str | None:
    """The site name a page declares in a meta tag trafilatura does not read (name="sitename")."""
    for tag in _SITE_NAME_META.finditer(html[:200_000]):
        m = _META_CONTENT.search(tag.group(0))
        value = html_lib.unescape(m.group(1) or m.group(2) or "").strip() if m else ""
        if value:
            return " ".join(value.split())
    return None


_PUBLISHED_TIME_META = re.compile(
    r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|datePublished|"""
    r"""og:published_time|pubdate)["']?[^>]*>""", re.IGNORECASE)


def _meta_published_time(html: str) -> str | None:
    """The publication timestamp a page declares in its head ("2025-10-03T14:30:00+03:00")."""
    for tag in _PUBLISHED_TIME_META.finditer(html[:200_000]):
        m = _META_CONTENT.search(tag.group(0))
        value = html_lib.unescape(m.group(1) or m.group(2) or "").strip() if m else ""
        if value:
            return value
    return None


def _with_exact_time(info: DateInfo | None, html: str, today: date | None) -> DateInfo | None:
    """The extracted day, with the exact moment when the page's published_time meta states it with
    its zone and falls on that same day (trafilatura gives the day only)."""
    stamp = _meta_published_time(html) if info is not None and info.published else None
    if stamp:
        timed = parse_date(stamp, today=today)
        if timed.at and timed.published == info.published:
            info.at = timed.at
    return info


# libxml2 stops building the tree at 256 levels (2048 with its "huge" option) and drops the rest
# of the page without an exception: a deeply nested page would become a silent partial article.
_DEPTH_ERROR = "Excessive depth"
# Wrapper elements that carry no text structure of their own; removed when a page is nested too
# deep even for the huge parser (the text inside them stays).
_WRAPPER_TAGS = re.compile(
    r"</?(?:div|span|section|article|main|aside|font|center|b|i|u|em|strong|small|big|blockquote)\b[^>]*>",
    re.IGNORECASE)


def _parse_tree(html: str, *, huge: bool):
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=huge, collect_ids=False, remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except Exception as exc:  # lxml raises several types on hostile markup
        raise Quarantine(f"HTML could not be parsed ({type(exc).__name__})") from exc
    too_deep = any(_DEPTH_ERROR in str(entry.message) for entry in parser.error_log)
    return tree, too_deep


def html_tree_within_depth(html: str):
    """The page itself when the parser reads all of it; else a tree parsed without the depth limit
    or, deeper still, with wrapper tags flattened. Raises Quarantine when no way reads all of it."""
    _, too_deep = _parse_tree(html, huge=False)
    if not too_deep:
        return html
    tree, too_deep = _parse_tree(html, huge=True)
    if not too_deep:
        return tree
    tree, too_deep = _parse_tree(_WRAPPER_TAGS.sub("\n", html), huge=True)
    if not too_deep:
        return tree
    raise Quarantine("HTML nested deeper than the parser can read (over 2048 levels even without "
                     "wrapper tags); not published as a partial article")


_SCRIPTS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BYLINE_ELEMENT = re.compile(r"<(\w+)[^>]*\b(?:class|itemprop|rel)\s*=\s*[\"'][^\"']*\b(?:author|byline)[^\"']*[\"'][^>]*>(.*?)</\1\s*>",
                             re.IGNORECASE | re.DOTALL)
_SHORT_BLOCK = re.compile(r"<(p|span|div|li|address|strong|em)\b[^>]*>([^<>]{4,80})</\1\s*>", re.IGNORECASE)
H1_DATE_WINDOW = 300        # visible characters on either side of the <h1> where a printed date is looked for
H1_TIMESTAMP_WINDOW = 1000  # ... and where a printed timestamp (date and time) is
_TIME_AFTER = re.compile(r",?\s*(?:um\s+|at\s+|-\s*)?\d{1,2}[:.]\d{2}\b")


def _visible(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAGS.sub(" ", _SCRIPTS.sub(" ", fragment))).split())


def html_byline(html: str) -> str | None:
    """The author a page prints in its byline ("Von Markus Balser, Berlin", "Author: Julia Hitz (eg)"),
    read when the page's author metadata names only the publisher: first an element marked as the
    author or byline, then any short block that is a byline on its own."""
    body = _SCRIPTS.sub(" ", html[:1_000_000])
    for m in _BYLINE_ELEMENT.finditer(body):
        # The byline's first pieces of text ("Von", "Markus Balser", ", Berlin"), up to where an
        # author box repeats the name ("Markus Balser kam 2001 zur ...").
        pieces: list[str] = []
        author = None
        for piece in (_visible(p) for p in _TAGS.split(m.group(2))):
            if not piece:
                continue
            if piece in pieces or len(pieces) >= 4:
                break
            pieces.append(piece)
            found = byline_author(" ".join(pieces)) if len(" ".join(pieces)) <= 120 else None
            if found is None and author is not None:
                break
            author = found or author
        if author:
            return author
    for m in _SHORT_BLOCK.finditer(body):
        author = byline_author(_visible(m.group(2)))
        if author:
            return author
    return None


_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_PUBLISHED_TIME = re.compile(r"""\b(?:property|name|itemprop)\s*=\s*["'](?:og:)?(?:article:published_time|datePublished)["']""",
                             re.IGNORECASE)


def published_time_meta(html: str, *, today: date | None = None) -> DateInfo | None:
    """The day the page declares as its publication (``article:published_time``, ``datePublished``)."""
    for tag in _META_TAG.finditer(html[:300_000]):
        if _PUBLISHED_TIME.search(tag.group(0)):
            content = _META_CONTENT.search(tag.group(0))
            value = (content.group(1) or content.group(2) or "") if content else ""
            info = parse_date(value[:10], today=today) if value else None
            if info is not None and info.published and info.precision == DatePrecision.DAY:
                return info
    return None


def date_next_to_h1(html: str, *, today: date | None = None) -> DateInfo | None:
    """The date printed right before or after the page's <h1> ("15. Mai 2019, 05:28 Uhr",
    "12.10.2015, 19:16 Uhr"): what a reader sees as the article's date, which the page's metadata
    sometimes contradicts (a modification date, a cache date). The nearest one to the headline wins."""
    h1 = _H1.search(html[:500_000])
    if not h1:
        return None
    before = _visible(html[max(0, h1.start() - 20_000):h1.start()])[-H1_TIMESTAMP_WINDOW:]
    after = _visible(html[h1.end():h1.end() + 20_000])[:H1_TIMESTAMP_WINDOW]
    found = [(len(before) - m.end(), m) for m in PRINTED_DATE.finditer(before)]
    found += [(m.start(), m) for m in PRINTED_DATE.finditer(after)]
    # Close to the headline any full date; further off only a timestamp (a date with its time).
    found = [(d, m.group(0)) for d, m in found
             if d <= H1_DATE_WINDOW or _TIME_AFTER.match(m.string, m.end())]
    for _distance, raw in sorted(found):
        info = parse_date(raw, today=today)
        if info.published and info.precision == DatePrecision.DAY:
            return info
    return None


def extract_html(html: str, url: str | None, *, today: date | None = None) -> HtmlArticle:
    """Main text (one paragraph or heading per line) and metadata of a page, via trafilatura."""
    import trafilatura

    source = html_tree_within_depth(html)
    try:
        doc = trafilatura.bare_extraction(
            source, url=url, with_metadata=True, include_comments=False, include_tables=True,
            deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # lxml and trafilatura raise many kinds of errors on hostile markup
        raise Quarantine(f"HTML could not be parsed ({type(exc).__name__})") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < HTML_MIN_WORDS:
        raise Quarantine("no article text found in the HTML page")
    fields = {
        ArticleCol.TITLE: _clean_value(doc.title),
        ArticleCol.AUTHOR: _clean_value(re.sub(r"\s*;\s*", ", ", doc.author)) if doc.author else None,
        ArticleCol.URL: _clean_value(doc.url),
        ArticleCol.DOMAIN: _clean_value(doc.hostname),
        ArticleCol.OUTLET: _clean_value(doc.sitename) or _meta_site_name(html),
    }
    # Without a site name in the page trafilatura falls back on the host name: that is no outlet
    # name, and the table of known outlets may have a better one.
    sitename = fields[ArticleCol.OUTLET]
    site_host = domain_from_url(str(sitename)) if sitename else None
    if site_host is not None and site_host in (domain_from_url(doc.hostname), domain_from_url(doc.url)):
        fields[ArticleCol.OUTLET] = None
    # An organisation in the author field (the publisher, its address) is no author.
    if fields[ArticleCol.AUTHOR]:
        fields[ArticleCol.AUTHOR] = person_author(fields[ArticleCol.AUTHOR], doc.hostname or domain_from_url(url))
    if not fields[ArticleCol.AUTHOR]:
        fields[ArticleCol.AUTHOR] = html_byline(html)
    date_info = parse_date(doc.date, today=today) if doc.date else None
    # What the page prints under its headline wins; then the page's declared publication time (a
    # revision date in other meta tags is not when the article appeared); then trafilatura's pick.
    printed, source = date_next_to_h1(html, today=today), "date printed next to the headline"
    if printed is None:
        printed, source = published_time_meta(html, today=today), "the page's article:published_time"
    if printed is not None and printed.published and (date_info is None or date_info.published != printed.published):
        note = f"the page's metadata says {date_info.published}" if date_info and date_info.published else None
        date_info = DateInfo(printed.published, printed.precision, printed.start, printed.end, printed.raw,
                             f"{source}; {note}" if note else source)
    date_info = _with_exact_time(date_info, html, today)
    m = _TITLE_TAG.search(html[:200_000])
    page_title = (" ".join(html_lib.unescape(m.group(1)).split()) or None) if m else None
    # The headline as the page prints it: og:title and <title> append the site, section and date
    # ("Headline | DW | 19.01.2020"); when the first <h1> starts such a title, the <h1> is the headline.
    h1 = _H1.search(html[:500_000])
    h1_text = " ".join(html_lib.unescape(_TAGS.sub(" ", h1.group(1))).split()) if h1 else ""
    title = fields[ArticleCol.TITLE]
    if title and len(h1_text.split()) >= 2 and len(title) > len(h1_text) and \
            " ".join(title.split()).casefold().startswith(h1_text.casefold()) and \
            re.match(r"\s*[|\-–—:·•]", title[len(h1_text):]):
        fields[ArticleCol.TITLE] = h1_text
    elif title and _same_story(title, h1_text):
        # og:title is often a rewrite for sharing ("Sweden drops Assange rape investigation");
        # the <h1> telling the same story in its own words is what the reader sees printed.
        fields[ArticleCol.TITLE] = h1_text
    return HtmlArticle(text, {k: v for k, v in fields.items() if v}, date_info, page_title)


# ---------------------------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------------------------


def _normalise_language(value: object) -> str | None:
    text = str(value).strip().lower().replace("_", "-")
    if text in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[text]
    code = text.split("-")[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


class _Builder:
    """Collects metadata values layer by layer; the first layer to set a field wins."""

    def __init__(self, earliest_year: int = IngestSettings.earliest_year) -> None:
        self.earliest_year = earliest_year
        self.metadata: dict = {name: None for name in METADATA_FIELDS}
        self.metadata[ArticleCol.DATE_PRECISION] = DatePrecision.UNKNOWN
        self.metadata[ArticleCol.DATE_START] = pd.NaT
        self.metadata[ArticleCol.DATE_END] = pd.NaT
        self.provenance: dict[str, str] = {}
        self.warnings: list[str] = []
        self.title_note: str | None = None    # which line won the headline, and why (when inferred)

    def has(self, name: str) -> bool:
        return name in self.provenance

    def offer(self, name: str, value: object, provenance: str) -> None:
        if value is None or self.has(name) or (not isinstance(value, str) and pd.isna(value)):
            return
        self.metadata[name] = value
        self.provenance[name] = provenance

    def offer_date(self, info: DateInfo | None, provenance: str) -> None:
        """Take a whole date (all date fields together) unless one was already taken."""
        if info is None or self.has(ArticleCol.DATE_PRECISION) or self.has(ArticleCol.DATE_RAW):
            return
        info = screen_date(info, self.earliest_year)
        self.warnings += info.warnings
        if not info.known and info.raw is None and info.note is None:
            return
        self.offer(ArticleCol.PUBLISHED, info.published, provenance)
        self.offer(ArticleCol.DATE_START, info.start, provenance)
        self.offer(ArticleCol.DATE_END, info.end, provenance)
        self.offer(ArticleCol.DATE_RAW, info.raw, provenance)
        self.offer(ArticleCol.DATE_NOTE, info.note, provenance)
        self.offer(ArticleCol.PUBLISHED_AT, info.at, provenance)
        if info.known:
            self.metadata[ArticleCol.DATE_PRECISION] = info.precision
            self.provenance[ArticleCol.DATE_PRECISION] = provenance


def _given_layer(builder: _Builder, front: dict, sidecar: dict, *, today: date | None) -> None:
    for name in set(front) & set(sidecar):
        if str(front[name]) != str(sidecar[name]):
            builder.warnings.append(f"front matter and {SIDECAR_NAME} disagree on {name}; {SIDECAR_NAME} used")
    given = {**front, **sidecar}
    if ArticleCol.LANGUAGE in given:
        code = _normalise_language(given[ArticleCol.LANGUAGE])
        if code is None:
            builder.warnings.append(f"language {given[ArticleCol.LANGUAGE]!r} is not a language code; ignored")
        given[ArticleCol.LANGUAGE] = code
    for name in (ArticleCol.OUTLET, ArticleCol.DOMAIN, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
                 ArticleCol.LANGUAGE, ArticleCol.ORIGINAL_SOURCE):
        value = given.get(name)
        builder.offer(name, str(value) if value is not None else None, Provenance.GIVEN)
    if any(given.get(name) is not None for name in _DATE_FIELDS):
        info = date_with_window(given.get(ArticleCol.PUBLISHED), given.get(ArticleCol.DATE_START),
                                given.get(ArticleCol.DATE_END), given.get(ArticleCol.DATE_NOTE), today=today)
        builder.offer_date(info, Provenance.GIVEN)


def _inferred_layer(builder: _Builder, text: str, *, today: date | None) -> None:
    """Rules run only for what is still missing: a fully described corpus costs nothing here."""
    has_date = builder.has(ArticleCol.DATE_PRECISION) or builder.has(ArticleCol.DATE_RAW)
    if not builder.has(ArticleCol.LANGUAGE):
        # (first: the page's language settles a slash date reading both ways, "06/12/2023" on a Spanish page)
        builder.offer(ArticleCol.LANGUAGE, detect_language(text), Provenance.INFERRED)
    if not (builder.has(ArticleCol.TITLE) and builder.has(ArticleCol.AUTHOR) and has_date):
        url = builder.metadata[ArticleCol.URL]
        top = read_top_of_text(text, url=url, today=today, language=builder.metadata[ArticleCol.LANGUAGE])
        url_title = None if top.title or builder.has(ArticleCol.TITLE) else title_from_url(url, text)
        if not builder.has(ArticleCol.TITLE):
            builder.title_note = top.title_note
            if url_title and letter_script(url_title) != text_script(text):
                # a transliterated slug over a page in other letters ("Vo vladimire mnogodetnyy ..."): its
                # first sentence, as the page prints it, stands in (pipeline.lead_titles; the url's words
                # when it has none)
                builder.title_note = f"{top.title_note}; {ArticleCol.URL_IN_OTHER_SCRIPT}"
                url_title = None
            elif url_title:
                builder.title_note = f"{top.title_note}; {ArticleCol.TITLE_FROM_URL}"
        builder.offer(ArticleCol.TITLE, top.title or url_title, Provenance.INFERRED)
        if not (builder.has(ArticleCol.DATE_PRECISION) or builder.has(ArticleCol.DATE_RAW)):
            builder.warnings += top.warnings
        builder.offer(ArticleCol.AUTHOR, top.author, Provenance.INFERRED)
        builder.offer_date(top.date, Provenance.INFERRED)
    url = builder.metadata[ArticleCol.URL]
    builder.offer(ArticleCol.DOMAIN, domain_of_outlet(domain_from_url(url)), Provenance.INFERRED)
    builder.offer(ArticleCol.OUTLET, outlet_for_domain(builder.metadata[ArticleCol.DOMAIN]), Provenance.INFERRED)


def _same_name(a: object, b: object) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _title_without_site(builder: _Builder, html: HtmlArticle, text: str, *, today: date | None) -> None:
    """Page titles carry the site's name ("Headline | Example News"): the outlet is its own field.

    When what is left is only the site's name (trafilatura keeps the first part of "Site - Headline"),
    the page's <title> is read again; failing that the title is left to the rules over the text.
    """
    outlet = builder.metadata[ArticleCol.OUTLET]
    for candidate in (builder.metadata[ArticleCol.TITLE], html.page_title):
        title = strip_site_suffix(candidate, outlet)
        if title and not (outlet and _same_name(title, outlet)):
            builder.metadata[ArticleCol.TITLE] = title
            return
    del builder.provenance[ArticleCol.TITLE]
    builder.metadata[ArticleCol.TITLE] = None
    top = read_top_of_text(text, url=builder.metadata[ArticleCol.URL], today=today,
                           language=builder.metadata[ArticleCol.LANGUAGE])
    builder.title_note = top.title_note
    builder.offer(ArticleCol.TITLE, top.title, Provenance.INFERRED)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _visible_words(text: str) -> tuple[int, bool]:
    """(number of words, whether any visible character is there at all): zero-width spaces, joiners
    and other format characters are not stripped by ``str.strip`` and count as nothing here."""
    visible = any(not c.isspace() and unicodedata.category(c) not in _INVISIBLE for c in text)
    return len(_WORDS.findall(text)), visible


def _check_enough_text(text: str, min_words: int) -> None:
    words, visible = _visible_words(text)
    if not visible:
        raise Quarantine("file holds only invisible characters (spaces, zero-width or format characters)")
    if words < min_words:
        raise Quarantine(f"only {words} word(s); fewer than {min_words} (min_words in config/ingest.yaml) "
                         "is not an article")


def read_document(raw_dir: Path, rel: Path, article_id: str, sidecar: dict, *,
                  max_bytes: int = config.MAX_RAW_FILE_BYTES, today: date | None = None,
                  allow_outside: bool = False, settings: IngestSettings | None = None) -> SourceDocument:
    """One raw file -> a SourceDocument. Raises Quarantine with a one-line reason."""
    settings = settings or IngestSettings()
    path = raw_dir / rel
    refusal = link_refusal(raw_dir, rel, allow_outside=allow_outside)
    if refusal:
        raise Quarantine(refusal)
    suffix = rel.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise Quarantine(f"unsupported file type {suffix or '(none)'!r}; expected .txt, .md or .html")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Quarantine(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        if size == 0:
            raise Quarantine("empty file")
        data = path.read_bytes()
    except OSError as exc:
        raise Quarantine(f"could not read the file ({exc.strerror or exc})") from exc
    try:
        decoded = decode_bytes(data, declared=_declared_charset(data) if fmt == "html" else None)
    except NotText as exc:
        raise Quarantine(str(exc)) from exc
    # Composed Unicode (NFC): a page saved with decomposed accents ("e" + U+0301, as macOS file names
    # and some scrapers write them) reads as its composed twin in lexicons, quotes and names.
    text = unicodedata.normalize("NFC", decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise Quarantine("file holds only whitespace")
    _check_enough_text(text, 1)
    text, mojibake_warnings = repair_mojibake(text)
    builder = _Builder(settings.earliest_year)
    builder.warnings += decoded.warnings + mojibake_warnings
    front: dict = {}
    html: HtmlArticle | None = None
    if fmt == "html":
        url_hint = sidecar.get(ArticleCol.URL)
        html = extract_html(text, str(url_hint) if url_hint else None, today=today)
        text = html.text
    else:
        raw_front, text = split_front_matter(text)
        front, unknown, references = normalise_fields(raw_front, "front matter")
        front_warnings = _unknown_fields_warning("front matter", unknown) + [f"front matter: {w}" for w in references]
        text, reference_warnings = decode_character_references(text)
        builder.warnings += front_warnings + reference_warnings
        if not text.strip():
            raise Quarantine("no article text after the front matter")
    _check_enough_text(text, settings.min_words)
    _given_layer(builder, front, sidecar, today=today)
    if html is not None:
        for name, value in html.fields.items():
            builder.offer(name, value, Provenance.EXTRACTED)
        builder.offer_date(html.date, Provenance.EXTRACTED)
    _inferred_layer(builder, text, today=today)
    if html is not None:
        builder.offer(ArticleCol.AUTHOR, byline_in_text(text), Provenance.INFERRED)
    if html is not None and builder.provenance.get(ArticleCol.TITLE) == Provenance.EXTRACTED:
        _title_without_site(builder, html, text, today=today)
    return SourceDocument(
        article_id=article_id, source_file=rel.as_posix(), source_format=fmt, encoding=decoded.encoding,
        text=text, metadata=builder.metadata, provenance=builder.provenance, warnings=builder.warnings,
        content_hash=content_hash(text),
        # (kept for an untitled page too: pipeline.lead_titles reads why no url words were taken)
        title_note=builder.title_note if builder.provenance.get(ArticleCol.TITLE) in (Provenance.INFERRED, None) else None)


@dataclass(frozen=True)
class ReadTask:
    """One raw file to read: everything ``read_task`` needs besides the folder, picklable, so an
    engine (``pipeline.engines``) may read the files in other processes or on other machines."""

    rel: str                    # posix path relative to raw_dir
    article_id: str
    sidecar: dict
    malformed: str | None = None   # why its metadata row was refused (then it is quarantined)


# A file's outcome: its document, or the one-line reason it is quarantined.
ReadOutcome = Union[SourceDocument, str]
Reader = Callable[[Callable[[ReadTask], ReadOutcome], list[ReadTask]], list[ReadOutcome]]


def read_task(task: ReadTask, raw_dir: Path, *, max_bytes: int = config.MAX_RAW_FILE_BYTES,
              today: date | None = None, allow_outside: bool = False,
              settings: IngestSettings | None = None) -> ReadOutcome:
    """Read one planned file; a Quarantine becomes its reason (a string), so outcomes travel as data."""
    try:
        if task.malformed is not None:
            raise Quarantine(f"its metadata row is malformed, so it was not published with wrong "
                             f"metadata: {task.malformed}")
        return read_document(raw_dir, Path(task.rel), task.article_id, task.sidecar, max_bytes=max_bytes,
                             today=today, allow_outside=allow_outside, settings=settings)
    except Quarantine as exc:
        return str(exc)


def _read_in_order(read_one: Callable[[ReadTask], ReadOutcome], tasks: list[ReadTask],
                   progress: Callable[[int, int], None] | None = None) -> list[ReadOutcome]:
    """Each task read here, one after the other, ``progress(done, total)`` after each (a first start's
    bar sat at "reading articles (0 of 1)" while hundreds of pages were read)."""
    out = []
    for task in tasks:
        out.append(read_one(task))
        if progress:
            progress(len(out), len(tasks))
    return out


def ingest_corpus(raw_dir: Path, *, max_bytes: int = config.MAX_RAW_FILE_BYTES,
                  today: date | None = None, allow_outside: bool = False,
                  settings: IngestSettings | None = None, reader: Reader | None = None,
                  progress: Callable[[int, int], None] | None = None) -> IngestResult:
    """Read every raw file; quarantine what is not an article, keep duplicates once.

    Never raises for a bad file: the reason goes into ``quarantined``; the build goes on. Raises
    SidecarError when the metadata table has a malformed row that names no file of the folder.
    ``reader(read_one, tasks)`` returns each task's outcome in task order (default: one after the
    other here; ``--engine ray`` reads on a Ray cluster). Duplicates are then decided here, in file
    order, whichever reader read the files.
    """
    raw_dir = Path(raw_dir)
    settings = settings or ingest_settings()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    linked_folders: list[Path] = []
    files = discover_files(raw_dir, allow_outside=allow_outside, linked_folders=linked_folders)
    ids = article_ids(files)
    sidecar, sidecar_warnings, malformed = load_sidecar(raw_dir)
    names = {rel.as_posix() for rel in files}
    unknown = sorted(set(malformed) - names)
    if unknown:
        raise SidecarError(f"{malformed[unknown[0]]}; it names {unknown[0]!r}, which is not in the raw "
                           "folder, so it may belong to another file - fix the line and build again")
    result = IngestResult([], [], [], list(sidecar_warnings))
    result.quarantined += [{"file": f"{rel.as_posix()}/", "reason": "symbolic link to a folder; not followed "
                            "(use --allow-outside-raw to follow linked folders)"} for rel in linked_folders]
    tasks = [ReadTask(rel.as_posix(), ids[rel], sidecar.get(rel.as_posix(), {}), malformed.get(rel.as_posix()))
             for rel in files]
    # Absolute: a reader may run it in another process or on another machine, with another cwd.
    read_one = partial(read_task, raw_dir=raw_dir.absolute(), max_bytes=max_bytes, today=today,
                       allow_outside=allow_outside, settings=settings)
    if progress:
        progress(0, len(tasks))
    # (another engine's reader reports nothing until it is done)
    outcomes = reader(read_one, tasks) if reader else _read_in_order(read_one, tasks, progress)
    if progress:
        progress(len(tasks), len(tasks))
    first_by_hash: dict[str, str] = {}
    near = NearDuplicateIndex(settings)
    for task, doc in zip(tasks, outcomes, strict=True):
        name = task.rel
        if isinstance(doc, str):
            result.quarantined.append({"file": name, "reason": doc})
            continue
        if doc.content_hash in first_by_hash:
            result.duplicates.append({"file": name, "duplicate_of": first_by_hash[doc.content_hash]})
            continue
        first_by_hash[doc.content_hash] = name
        if (canonical := near.canonical_of(name, doc.text)) is not None:
            result.duplicates.append({"file": name, "duplicate_of": canonical[0],
                                      "reason": f"near-duplicate: {canonical[1]} word(s) changed"})
            continue
        result.documents.append(doc)
        result.warnings += [{"file": name, "message": message} for message in doc.warnings]
    return result


def articles_frame(documents: list[SourceDocument]) -> pd.DataFrame:
    """One row per document with exactly ArticleCol.ALL columns (provenance and warnings as JSON)."""
    rows = []
    for doc in documents:
        row = {name: doc.metadata.get(name) for name in METADATA_FIELDS}
        row.update({
            ArticleCol.ID: doc.article_id, ArticleCol.SOURCE_FILE: doc.source_file,
            ArticleCol.SOURCE_FORMAT: doc.source_format, ArticleCol.ENCODING: doc.encoding,
            ArticleCol.CONTENT_HASH: doc.content_hash,
            ArticleCol.PROVENANCE: json.dumps(doc.provenance, sort_keys=True),
            ArticleCol.WARNINGS: json.dumps(doc.warnings, ensure_ascii=False),
            ArticleCol.TITLE_NOTE: doc.title_note,
        })
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(ArticleCol.ALL))
    for name in (ArticleCol.DATE_START, ArticleCol.DATE_END):
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    text_columns = [c for c in ArticleCol.ALL if c not in (ArticleCol.DATE_START, ArticleCol.DATE_END)]
    frame[text_columns] = frame[text_columns].astype(object).where(frame[text_columns].notna(), None)
    return frame
