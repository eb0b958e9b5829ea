"""Writing into a raw folder: article files, their rows in ``metadata.csv`` and the collection log.

Layout written by the collector (documented in data/raw/README.md)::

    web/<domain>/<slug>_<hash>.html       the page as fetched (UTF-8 with a BOM), extracted at build time
    text/<source>/<name>_<hash>.txt       text given by an export (CSV/JSONL/Parquet) or an uploaded file
    telegram/<channel>/<post id>.txt      one Telegram post
    metadata.csv                          one row per file: only values *given* by the source
    .collect/log.jsonl                    every source tried: status, reason, when (hidden: never ingested)

A page is kept as its HTML, not as extracted text beside it, so the build extracts it (and every
later build re-extracts it with the current rules) and it is never ingested twice. The page is
stored decoded with the charset the server and the page declared, as UTF-8 with a byte-order mark:
the build's decoder gives a BOM precedence over any ``<meta charset>``, so it reads the page exactly
as it was decoded here.

Every write is atomic (temporary file, then rename), and ``metadata.csv`` is rewritten with the
old rows first: a run that fails halfway leaves what was already in the folder as it was.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newslens.fsutil import atomic_write, write_atomic_text
from newslens.schema import ArticleCol
from pipeline.decode import decode_bytes
from pipeline.ingest import SIDECAR_FILE_COLUMN, SIDECAR_NAME, ascii_name
from pipeline.lock import collect_lock
from pipeline.sidecar import table_delimiter

LOG_DIR = ".collect"
LOG_NAME = "log.jsonl"
SIDECAR_COLUMNS = [SIDECAR_FILE_COLUMN, ArticleCol.OUTLET, ArticleCol.DOMAIN, ArticleCol.URL, ArticleCol.TITLE,
                   ArticleCol.AUTHOR, ArticleCol.LANGUAGE, ArticleCol.PUBLISHED, ArticleCol.DATE_START,
                   ArticleCol.DATE_END, ArticleCol.DATE_NOTE, ArticleCol.ORIGINAL_SOURCE]


def safe_name(text: str, limit: int = 60) -> str:
    """A file-name-safe, readable fragment ("russian-commander-orders...", "Frolov-dopros" for
    "Фролов допрос": a title or file name in another script was "item"); the article id is made of it."""
    name = ascii_name(text, "-", runs=True).strip("-._")[:limit].strip("-._")
    return name or "item"


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class LogEntry:
    key: str                 # what identifies the item across runs (normalised url, or source#row)
    source: str              # what the user gave (url, file name)
    status: str              # "collected" | "failed" | "skipped"
    reason: str | None = None
    file: str | None = None  # raw file written, relative to the raw folder
    url: str | None = None   # final url after redirects
    at: str = ""


class RawStore:
    """One raw folder being added to. Rows and log lines are buffered and flushed together."""

    def __init__(self, raw_dir: Path):
        self.raw_dir = Path(raw_dir)
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, dict] = {}
        self._log_lines: list[str] = []
        self.collected = self._load_collected()

    # -- log ----------------------------------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.raw_dir / LOG_DIR / LOG_NAME

    def _load_collected(self) -> dict[str, dict]:
        """Keys collected in earlier runs whose file is still there (last entry per key wins)."""
        done: dict[str, dict] = {}
        if not self.log_path.is_file():
            return done
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue   # a line cut by a crash: the rest of the log still counts
            key = entry.get("key") if isinstance(entry, dict) else None
            if not key:
                continue
            if entry.get("status") == "collected" and entry.get("file") and (self.raw_dir / entry["file"]).is_file():
                done[key] = entry
            elif entry.get("status") == "collected":
                done.pop(key, None)
        return done

    def log(self, entry: LogEntry) -> None:
        entry.at = entry.at or now_utc()
        self._log_lines.append(json.dumps(entry.__dict__, ensure_ascii=False))
        if entry.status == "collected":
            self.collected[entry.key] = entry.__dict__

    # -- files --------------------------------------------------------------------------------
    def unique_path(self, folder: str, stem: str, suffix: str, key: str) -> str:
        """A relative path for a new item; the same key always gets the same path (refresh overwrites)."""
        previous = self.collected.get(key)
        if previous and previous.get("file"):
            return previous["file"]
        return f"{folder}/{safe_name(stem)}_{short_hash(key)}{suffix}"

    def write_file(self, rel: str, data: bytes | str) -> None:
        path = self.raw_dir / rel
        if isinstance(data, str):
            write_atomic_text(path, data)
        else:
            with atomic_write(path, "wb") as fh:
                fh.write(data)

    def add_row(self, rel: str, fields: dict) -> None:
        # The build reads metadata.csv one line per row (a cell may not span lines), so a title or
        # note with line breaks (a Telegram post's first lines, a feed summary) is folded to one line.
        self._rows[rel] = {k: ("" if v is None else " ".join(str(v).split()))
                           for k, v in fields.items() if k in SIDECAR_COLUMNS}

    # -- flush --------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the buffered metadata rows (merged into metadata.csv) and log lines, under the raw
        folder's collect lock: another collector into the same folder merges after this one."""
        if not (self._rows or self._log_lines):
            return
        with collect_lock(self.log_path.parent):
            if self._rows:
                self._merge_sidecar()
                self._rows = {}
            if self._log_lines:
                with open(self.log_path, "a", encoding="utf-8") as fh:
                    fh.write("\n".join(self._log_lines) + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                self._log_lines = []

    def _merge_sidecar(self) -> None:
        path = self.raw_dir / SIDECAR_NAME
        header: list[str] = []
        rows: list[dict] = []
        delimiter = ","
        if path.is_file():
            # Read it the way the build reads it (a spreadsheet may have saved it in cp1251).
            text = decode_bytes(path.read_bytes()).text.lstrip("\ufeff")
            delimiter = table_delimiter(text)
            # universal line ends: a table saved with CR alone (Excel for Mac) stopped the collector
            reader = csv.DictReader(io.StringIO(text, newline=None), delimiter=delimiter)
            header = [h for h in (reader.fieldnames or []) if h is not None]
            rows = [dict(r) for r in reader]
        for column in SIDECAR_COLUMNS:
            if column not in [h.strip().lower() for h in header]:
                header.append(column)
        file_col = next(h for h in header if h.strip().lower() == SIDECAR_FILE_COLUMN)
        by_file = {(r.get(file_col) or "").strip(): r for r in rows}
        for rel, fields in self._rows.items():
            row = by_file.get(rel)
            if row is None:
                row = {file_col: rel}
                rows.append(row)
                by_file[rel] = row
            lookup = {h.strip().lower(): h for h in header}
            for name, value in fields.items():
                row[lookup[name]] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({h: row.get(h) or "" for h in header})
        write_atomic_text(path, out.getvalue())
