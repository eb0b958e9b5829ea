"""Files a user uploads in the app: checked by extension and by content, size-capped, stored as
data under a safe name, never executed. Each becomes an ordinary SOURCE for :mod:`run`."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from pipeline.collect.items import SourceError
from pipeline.decode import NotText, binary_kind, decode_bytes

UPLOAD_TYPES = ("txt", "md", "html", "htm", "csv", "tsv", "jsonl", "ndjson", "json", "parquet", "xml", "rss")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Letters and digits of any script stay (a Cyrillic "Доповідь.txt" was stored as "upload.txt", and a
# metadata table naming another Cyrillic file matched it); separators and the rest become "-".
STEM_BYTES = 180
_SAFE = re.compile(r"[^\w.-]+")


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The file's extension when its content fits it; SourceError with a plain reason otherwise."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise SourceError(f"{name}: .{suffix or '?'} files are not accepted; use one of "
                          + ", ".join(f".{t}" for t in UPLOAD_TYPES))
    if len(data) > max_bytes:
        raise SourceError(f"{name}: {len(data):,} bytes is over the {max_bytes // 2**20} MB upload limit")
    if not data.strip():
        raise SourceError(f"{name}: the file is empty")
    if suffix == "parquet":
        if not (data[:4] == b"PAR1" and data[-4:] == b"PAR1"):
            raise SourceError(f"{name}: not a Parquet file (its content does not match the extension)")
        return suffix
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"{name}: a {kind}, not a .{suffix} file")
    try:
        text = decode_bytes(data).text
    except NotText as exc:
        raise SourceError(f"{name}: {exc}") from exc
    if suffix == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{name}: not valid JSON (line {exc.lineno})") from exc
        if not isinstance(value, dict) or not ("messages" in value or "chats" in value):
            raise SourceError(f"{name}: JSON, but not a Telegram Desktop export (result.json with 'messages')")
    return suffix


def upload_name(name: str) -> str:
    """The safe name an upload is stored under ("My report (1).HTML" -> "My-report-1.html"); a
    metadata table given with the uploads names its files by the names the user knows, and is
    matched through this too."""
    path = Path(unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1])
    stem = _SAFE.sub("-", path.stem).strip("-.") or "upload"
    # cut to what a file system keeps (255 bytes a name) with room to spare, in bytes: a scraper's
    # "...-part-1.html" and "...-part-2.html" cut at 60 letters were one name
    stem = stem.encode("utf-8")[:STEM_BYTES].decode("utf-8", "ignore")
    return f"{stem}{path.suffix.lower()}"


def store_upload(name: str, data: bytes, folder: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> Path:
    """Check an upload and write it as ``folder/<content hash>/<safe name>``: the name the user
    knows shows in messages, and two different files of the same name never overwrite each other."""
    check_upload(name, data, max_bytes)
    path = folder / hashlib.sha1(data).hexdigest()[:12] / upload_name(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
