"""CSV / JSONL / Parquet exports (Media Cloud, GDELT, a spreadsheet of links) -> items.

A row with text becomes an article as it is; a row with only a url is fetched. Column names are
detected from the names common exports use, and each can be set explicitly. A row that cannot be
used is reported with its number (data rows counted from 1, the header not counted), never
dropped silently.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from newslens.schema import ArticleCol
from pipeline.collect.items import FAILED, Item, Outcome, Plan, SourceError
from pipeline.collect.store import short_hash
from pipeline.collect.urls import normalise_url
from pipeline.decode import NotText, decode_bytes
from pipeline.sidecar import table_delimiter

EXPORT_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
# Candidate column names, compared lower-cased with spaces and dashes as underscores.
COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "article_url", "sourceurl", "source_url", "documentidentifier", "permalink", "href",
            "canonical_url"),
    "text": ("text", "content", "body", "full_text", "article_text", "maintext", "story_text", "raw_text"),
    "title": ("title", "headline", "name_of_article"),
    "date": ("publish_date", "published", "publication_date", "date", "pubdate", "published_at", "pub_date",
             "seendate", "sqldate", "datetime", "timestamp"),
    "outlet": ("media_name", "outlet", "media", "source", "source_name", "sourcecommonname", "publisher",
               "site_name", "sitename", "newspaper"),
    "domain": ("domain", "media_url", "hostname", "source_domain", "website"),
    "language": ("language", "lang", "language_code"),
    "author": ("author", "authors", "byline", "creator"),
}
FIELD_OF_ROLE = {"url": ArticleCol.URL, "title": ArticleCol.TITLE, "date": ArticleCol.PUBLISHED,
                 "outlet": ArticleCol.OUTLET, "domain": ArticleCol.DOMAIN, "language": ArticleCol.LANGUAGE,
                 "author": ArticleCol.AUTHOR}
MIN_TEXT_WORDS = 5


@dataclass
class ColumnMap:
    """Which column plays which role; ``None`` = absent."""
    roles: dict[str, str | None]

    def describe(self) -> str:
        found = [f"{role}={column!r}" for role, column in self.roles.items() if column]
        return ", ".join(found) or "no known columns"


def column_key(name: str) -> str:
    """A column name as the candidates are written: lower-cased, spaces and dashes as underscores."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def detect_columns(columns: list[str], overrides: dict[str, str] | None = None) -> ColumnMap:
    """Map roles to columns; an override naming a missing column is an error (said plainly)."""
    by_norm = {column_key(c): c for c in columns}
    roles: dict[str, str | None] = {}
    for role, candidates in COLUMN_CANDIDATES.items():
        wanted = (overrides or {}).get(role)
        if wanted:
            if wanted not in columns and column_key(wanted) not in by_norm:
                raise SourceError(f"--{role}-column {wanted!r} is not a column; the columns are: "
                                  f"{', '.join(map(str, columns))}")
            roles[role] = wanted if wanted in columns else by_norm[column_key(wanted)]
            continue
        roles[role] = next((by_norm[c] for c in candidates if c in by_norm), None)
    return ColumnMap(roles)


def read_export(path: Path) -> pd.DataFrame:
    """The export as a frame of strings (or None), whatever its format."""
    kind = EXPORT_SUFFIXES.get(path.suffix.lower())
    try:
        if kind == "parquet":
            frame = pd.read_parquet(path)
        elif kind == "jsonl":
            text = decode_bytes(path.read_bytes()).text.lstrip("\ufeff")
            records = []
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    records.append({})
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError:
                    value = {"__bad_line__": f"line {number} is not JSON"}
                records.append(value if isinstance(value, dict) else {"__bad_line__": f"line {number} is not an object"})
            frame = pd.DataFrame.from_records(records)
        elif kind == "csv":
            text = decode_bytes(path.read_bytes()).text.lstrip("\ufeff")
            sep = "\t" if path.suffix.lower() == ".tsv" else table_delimiter(text)
            from io import StringIO
            frame = pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        else:
            raise SourceError(f"{path.name}: not a CSV, JSONL or Parquet export")
    except (NotText, ValueError, OSError, pd.errors.ParserError) as exc:
        raise SourceError(f"{path.name}: could not be read as {kind} ({' '.join(str(exc).split())[:160]})") from exc
    return frame


def _cell(row: pd.Series, column: str | None) -> str | None:
    if not column:
        return None
    value = row.get(column)
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(UTC).tz_localize(None)
        return stamp.isoformat()
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    text = str(value).strip()
    return text or None


def export_date(value: str | None) -> str | None:
    """A date as exports write it, made readable for the build: GDELT's 20220511 / 20220511T120000Z
    become ISO; anything else is passed on as given (the build validates it and keeps it raw)."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})Z?)?", value.strip())
    if m:
        day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return f"{day}T{m.group(4)}:{m.group(5)}:{m.group(6)}Z" if m.group(4) else day
    return value


def plan_export(path: Path, overrides: dict[str, str] | None = None) -> Plan:
    """One item per usable row; one FAILED outcome per row that cannot be used."""
    frame = read_export(path)
    if frame.empty:
        raise SourceError(f"{path.name}: the export has no rows")
    columns = detect_columns([str(c) for c in frame.columns if c != "__bad_line__"], overrides)
    roles = columns.roles
    if not roles["url"] and not roles["text"]:
        raise SourceError(f"{path.name}: no url or text column found among {', '.join(map(str, frame.columns))}; "
                          "name one with --url-column or --text-column")
    plan = Plan(descriptions=[f"{path.name}: export of {len(frame)} rows ({columns.describe()})"])
    unit = "line" if path.suffix.lower() in (".jsonl", ".ndjson") else "row"
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        where = f"{path.name} {unit} {number}"
        bad = row.get("__bad_line__") if "__bad_line__" in frame.columns else None
        if isinstance(bad, str):
            plan.problems.append(Outcome(where, FAILED, "unusable row", f"{where}: {bad.split(' ', 2)[-1]}"))
            continue
        text = _cell(row, roles["text"])
        url = _cell(row, roles["url"])
        fields = {FIELD_OF_ROLE[r]: _cell(row, c) for r, c in roles.items() if r in FIELD_OF_ROLE and c}
        fields[ArticleCol.PUBLISHED] = export_date(fields.get(ArticleCol.PUBLISHED))
        norm = normalise_url(url) if url else None
        if url and norm is None:
            if not text:
                plan.problems.append(Outcome(where, FAILED, "unusable row",
                                             f"{where}: {url[:80]!r} is not a web address, and the row has no text"))
                continue
            fields[ArticleCol.URL] = None
        if text and len(text.split()) >= MIN_TEXT_WORDS:
            # without a url, the text itself identifies the row (another export of the same name is new)
            key = norm or f"text:{short_hash(text)}"
            stem = (fields.get(ArticleCol.TITLE) or f"{path.stem}-{number}")
            plan.items.append(Item(key, where, "export", f"text/{path.stem}", stem, url=norm, text=text,
                                   fields=fields))
        elif norm:
            fields[ArticleCol.URL] = None    # the final url after redirects is written instead
            plan.items.append(Item(norm, where, "web", "", "", url=norm, fields=fields, expand_feeds=False))
        elif text:
            plan.problems.append(Outcome(where, FAILED, "unusable row",
                                         f"{where}: text of {len(text.split())} word(s) is too short and there is no url"))
        else:
            plan.problems.append(Outcome(where, FAILED, "unusable row", f"{where}: no url and no text"))
    return plan
