"""A metadata table given beside the article files it describes: ``metadata.csv`` uploaded on Add
articles with the pages it names, or passed to ``python -m pipeline collect`` with them.

It is the build's own table (a ``file`` column plus any of url, title, outlet, published...), read
by the same strict parser (:mod:`pipeline.sidecar`) and the same field names and aliases as the
build's (:func:`pipeline.ingest.normalise_fields`). Its rows become the given metadata of the
files collected with it; it is never read as an export of links to fetch (before, every url in it
was fetched again). A file is named by the name the user knows ("My report.html"), matched
through the name an upload is stored under (:func:`pipeline.collect.uploads.upload_name`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.collect.exports import COLUMN_CANDIDATES, column_key
from pipeline.collect.items import FAILED, SKIPPED, Item, Outcome, Plan
from pipeline.collect.uploads import upload_name
from pipeline.decode import NotText, decode_bytes, repair_mojibake
from pipeline.sidecar import (SIDECAR_FILE_COLUMN, SIDECAR_NAME, SidecarError, normalise_file_name, header_line,
                              parse_sidecar_text, table_delimiter)

TABLE_SUFFIXES = {".csv", ".tsv"}
_NAMES_SHOWN = 5


@dataclass
class GivenTable:
    name: str                                                     # as the user knows it
    rows: dict[str, dict] = field(default_factory=dict)           # upload name -> fields (ArticleCol names)
    cells: dict[str, set[str]] = field(default_factory=dict)      # upload name -> the file cells naming it
    problems: list[str] = field(default_factory=list)             # malformed or nameless rows, said plainly
    unknown_columns: list[str] = field(default_factory=list)


# What scrapers call the column naming each saved file ("filename" was read as an export of links,
# and every url in it fetched again); the build's own table calls it "file".
FILE_COLUMNS = (SIDECAR_FILE_COLUMN, "filename", "file_name", "filepath", "file_path")


def _as_table(text: str) -> str | None:
    """``text`` with its file column named ``file`` when it is a metadata table: a header with a file
    column (``FILE_COLUMNS``) and no column of article text (an export that carries the articles
    themselves is planned as one, whatever else it holds); None otherwise."""
    text = text.lstrip("\ufeff")
    first = header_line(text)
    delimiter = table_delimiter(first)
    cells = first.split(delimiter)
    names = [column_key(cell.strip().strip('"')) for cell in cells]
    if set(names) & set(COLUMN_CANDIDATES["text"]):
        return None
    at = next((names.index(c) for c in FILE_COLUMNS if c in names), None)
    if at is None:
        return None
    cells[at] = SIDECAR_FILE_COLUMN
    return delimiter.join(cells) + text[len(first):]


def read_given_table(path: Path, display_name: str | None = None) -> GivenTable | None:
    """The table when ``path`` is a metadata table (a CSV whose header names a file column,
    ``FILE_COLUMNS``); None when it is anything else (an export of articles or links is planned as
    before)."""
    name = display_name or path.name
    if path.suffix.lower() not in TABLE_SUFFIXES or not path.is_file():
        return None
    try:
        decoded = decode_bytes(path.read_bytes())
    except (NotText, OSError):
        return None                      # planned as an export, which says what is wrong with it
    text, _ = repair_mojibake(decoded.text)
    text = _as_table(text)
    if text is None:
        return None
    from pipeline.ingest import normalise_fields

    table = GivenTable(name)
    try:
        parsed = parse_sidecar_text(text)
    except SidecarError as exc:
        table.problems.append(_said(name, str(exc)))
        return table
    table.problems += [_said(name, f"{reason}; {file} is collected without this row")
                       for file, reason in parsed.malformed.items()]
    for number, row in parsed.rows:
        cell = normalise_file_name(row.pop(SIDECAR_FILE_COLUMN, "") or "")
        if not cell:
            table.problems.append(f"{name} line {number}: no file name; row ignored")
            continue
        fields, unknown, _ = normalise_fields(row, name)
        table.unknown_columns = sorted(set(table.unknown_columns) | set(unknown))
        # later rows for one file: their non-empty cells win, as in the build
        table.rows.setdefault(upload_name(cell), {}).update(fields)
        table.cells.setdefault(upload_name(cell), set()).add(cell)
    return table


def attach(plan: Plan, tables: list[GivenTable]) -> Plan:
    """Give each article file of ``plan`` its row of the tables; say what matched, what did not."""
    files: dict[str, list[Item]] = {}
    for item in plan.items:
        if item.kind == "file":
            files.setdefault(upload_name(Path(item.source).name), []).append(item)
    for table in tables:
        matched, missing, ambiguous, clashes = 0, [], [], []
        for key, fields in table.rows.items():
            items = files.get(key, [])
            if len(table.cells.get(key, ())) > 1:
                # "My report (1).txt" and "My report 1.txt" are stored under one name: whose row is it?
                clashes.append(" and ".join(f"'{c}'" for c in sorted(table.cells[key])))
                continue
            if len(items) > 1:
                ambiguous.append(key)         # two different files of one name: whose row is it?
                continue
            if not items:
                missing.append(key)
                continue
            items[0].fields.update({k: v for k, v in fields.items() if v not in (None, "")})
            matched += 1
        columns = sorted({k for f in table.rows.values() for k in f})
        plan.descriptions.append(f"{table.name}: metadata for {matched} of the article files given with it"
                                 + (f" ({', '.join(columns)})" if columns else ""))
        for problem in table.problems:
            plan.problems.append(Outcome(table.name, FAILED, "metadata row unusable", problem))
        if missing:
            # a table given after its files: its rows go to the files collected before under those
            # names (``run.Collector.give``), and a row that finds none is said there
            plan.given += [(table.name, key, table.rows[key]) for key in missing]
            plan.descriptions.append(f"{table.name}: {len(missing)} row(s) for files not given with it ("
                                     f"{_names(missing)}): for files collected before under those names")
        if ambiguous:
            plan.problems.append(Outcome(table.name, SKIPPED, "metadata row ambiguous",
                                         f"{table.name}: two files given are stored as {_names(ambiguous)} (their names differ "
                                         "only in spaces or punctuation, or are the same); neither takes the row "
                                         "(rename one)"))
        for clash in clashes:
            plan.problems.append(Outcome(table.name, SKIPPED, "metadata row ambiguous",
                                         f"{table.name}: rows for {clash} name files stored under one name "
                                         "(they differ only in spaces or punctuation); neither row is used "
                                         "(rename one file and its row)"))
        if table.unknown_columns:
            plan.descriptions.append(f"{table.name}: ignored unknown column(s) {', '.join(table.unknown_columns)}")
    return plan


def _said(name: str, reason: str) -> str:
    """The parser's reason ("metadata.csv line 3 is malformed ...") naming the table given."""
    return reason.replace(SIDECAR_NAME, name, 1) if reason.startswith(SIDECAR_NAME) else f"{name}: {reason}"


def _names(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:_NAMES_SHOWN])
    return shown + (f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else "")
