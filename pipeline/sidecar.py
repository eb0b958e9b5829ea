"""The curator's metadata table (``metadata.csv``), parsed strictly, one physical line at a time.

A metadata cell never holds a line break, so every line of the table is one row. Parsing line by
line means one malformed row (an unclosed quote, a stray quote inside a cell, too many cells)
can only ever spoil itself: with a plain ``csv.reader`` an unclosed quote silently swallows every
later row into one cell. A malformed row is never merged or guessed at: the file it names is
quarantined with the line quoted, and when the line does not even say which file it is for, the
build stops (publishing that file with metadata that may be wrong is worse than not publishing).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.decode import decode_bytes, repair_mojibake

SIDECAR_NAME = "metadata.csv"
SIDECAR_FILE_COLUMN = "file"
_QUOTE_CHARS = 120


class SidecarError(Exception):
    """The table has a row that belongs to no identifiable file; the build must not publish."""


@dataclass
class SidecarTable:
    header: list[str] = field(default_factory=list)   # lower-cased, stripped column names
    rows: list[tuple[int, dict]] = field(default_factory=list)   # (line number, {column: cell})
    malformed: dict[str, str] = field(default_factory=dict)       # file name -> reason (line quoted)
    warnings: list[str] = field(default_factory=list)


def normalise_file_name(value: str) -> str:
    """The file cell as a posix path relative to the raw folder ("./sub\\a.txt" -> "sub/a.txt")."""
    return value.strip().replace("\\", "/").lstrip("./")


def _quoted(line: str) -> str:
    text = line if len(line) <= _QUOTE_CHARS else line[:_QUOTE_CHARS] + "…"
    return repr(text)


def header_line(text: str) -> str:
    """The first line of a table's text as the build reads it: ended by CR too, as Excel for Mac
    saves CSV (cut at the first line feed, the table was its header line)."""
    first = text.lstrip("\ufeff").partition("\n")[0]
    return first.splitlines()[0] if first else ""


def table_delimiter(text: str) -> str:
    """The delimiter of a CSV table, whichever of comma, semicolon and tab its header line holds most
    (a comma when none): spreadsheets save CSV in the machine's code page and, in much of Europe,
    with semicolons. The header alone decides: a title's commas are no delimiters."""
    return max(",;\t", key=header_line(text).count)


def _parse_line(line: str, delimiter: str) -> list[str]:
    """The cells of one line; raises csv.Error when the line is not one well-formed CSV record."""
    # A well-formed line has its quotes in pairs; an odd count is a quote left open.
    if line.count('"') % 2:
        raise csv.Error("unclosed quote")
    reader = csv.reader([line], delimiter=delimiter, strict=True)
    return next(reader, [])


def _file_cell_guess(line: str, delimiter: str, index: int) -> str:
    """The file cell of a malformed line, read naively (no quoting rules)."""
    parts = line.split(delimiter)
    return normalise_file_name(parts[index].strip().strip('"')) if index < len(parts) else ""


def parse_sidecar_text(text: str) -> SidecarTable:
    """Parse the table's text. Raises SidecarError for a malformed row naming no known file."""
    lines = text.lstrip("\ufeff").splitlines()
    table = SidecarTable()
    if not lines:
        return table
    delimiter = table_delimiter(lines[0])
    try:
        table.header = [h.strip().lower() for h in _parse_line(lines[0], delimiter)]
    except csv.Error as exc:
        raise SidecarError(f"{SIDECAR_NAME} line 1 (the header) is malformed ({exc}): {_quoted(lines[0])}") from None
    if SIDECAR_FILE_COLUMN not in table.header:
        return table
    file_index = table.header.index(SIDECAR_FILE_COLUMN)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        problem = None
        try:
            cells = _parse_line(line, delimiter)
        except csv.Error as exc:
            problem = str(exc)
            cells = []
        if problem is None and len(cells) > len(table.header):
            extra = cells[len(table.header):]
            if any(c.strip() for c in extra):
                problem = f"{len(cells)} cells for {len(table.header)} columns"
        if problem is not None:
            name = _file_cell_guess(line, delimiter, file_index)
            reason = f"{SIDECAR_NAME} line {number} is malformed ({problem}): {_quoted(line)}"
            if not name:
                raise SidecarError(f"{reason}; it names no file, so no article's metadata can be trusted"
                                   " - fix the line and build again")
            table.malformed[name] = reason
            continue
        table.rows.append((number, dict(zip(table.header, cells))))
    return table


def load_sidecar_table(raw_dir: Path) -> SidecarTable | None:
    """The parsed table, or None when there is none. Raises NotText / OSError / SidecarError."""
    path = raw_dir / SIDECAR_NAME
    if not path.is_file():
        return None
    decoded = decode_bytes(path.read_bytes())
    text, repairs = repair_mojibake(decoded.text)
    table = parse_sidecar_text(text)
    table.warnings += decoded.warnings + repairs
    return table

