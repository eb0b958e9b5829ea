"""A researcher's verdicts on story grouping, kept in the raw folder so they survive every rebuild.

Story grouping is precision-first but not perfect: on real sets its wrong pairs join events the
labellers call related (the next step of one case, a claim and its rebuttal), and it misses most
re-reports across languages. A researcher who reads two reports knows better. The Compare page and
``python -m newslens judge`` save the verdict to ``<raw>/story_judgements.yaml``; every view applies
it to the stories it reads (``newslens.compare.judgements``), at once, with no rebuild:

```yaml
judgements:
  - a: 2023/first-report.txt       # the two articles' files, relative to the raw folder
    b: 2023/other-report.html
    verdict: different             # same (one event: one story) | different (never one story)
    by: anna                       # optional: who said so (the signed-in name on a team server)
    at: "2026-12-07"               # optional: when
    note: optional, why
```

A verdict names articles by their files, as ``corrections.yaml`` does: an article id is made from
the file's name and could change with the rules that make it. One that names a file the snapshot
does not hold is reported, never silently dropped; a malformed file is reported and ignored.
"""
from __future__ import annotations

import fcntl
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from newslens.fsutil import write_atomic_text
from pipeline.user_yaml import text_dates_loader

JUDGEMENTS_NAME = "story_judgements.yaml"
SAME = "same"
DIFFERENT = "different"
VERDICTS = (SAME, DIFFERENT)
# A researcher's file, read on every page run: bounded before it is parsed, each value a short text
# (a 524-byte file of nested YAML aliases expanded past 2 GB in review).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_FIELD_CHARS = {"a": 1024, "b": 1024, "verdict": 20, "by": 200, "at": 40, "note": 1000}


@dataclass(frozen=True)
class Judgement:
    a: str          # article files, relative to the raw folder; a < b (one pair, one key)
    b: str
    verdict: str
    by: str = ""
    at: str = ""
    note: str = ""

    @classmethod
    def of(cls, a: str, b: str, verdict: str, by: str = "", at: str = "", note: str = "") -> Judgement:
        if verdict not in VERDICTS:
            raise ValueError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        a, b = a.strip(), b.strip()
        if not a or not b or a == b:
            raise ValueError("a verdict needs two different articles")
        first, second = sorted((a, b))
        return cls(first, second, verdict, by.strip(), at.strip(), note.strip())

    @property
    def pair(self) -> tuple[str, str]:
        return self.a, self.b

    def record(self) -> dict:
        return {"a": self.a, "b": self.b, "verdict": self.verdict,
                **{k: v for k, v in (("by", self.by), ("at", self.at), ("note", self.note)) if v}}


def judgements_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / JUDGEMENTS_NAME


def parse_text(text: str, name: str = JUDGEMENTS_NAME, *, large: bool = False) -> tuple[dict, list]:
    """The mapping and its list of entries a verdicts file's text holds; ValueError when it cannot be
    read as such (too large unless ``large``, not YAML, YAML aliases: a few hundred bytes of nested
    aliases expand past gigabytes, so the events are scanned for one before anything is built). Read
    with PyYAML's C parser where it is installed (its pure-Python one took 2 s on a 2 MB file)."""
    if not large and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ValueError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        loader = text_dates_loader()
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=loader)):
            raise yaml.YAMLError("aliases are not allowed")
        data = yaml.load(text, Loader=loader) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{name} could not be read ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{name} is not a mapping")
    entries = data.get("judgements") or []
    if not isinstance(entries, list):
        raise ValueError(f"{name}: 'judgements' is not a list")
    if len(entries) > MAX_ENTRIES and not large:
        raise ValueError(f"{name} holds more than {MAX_ENTRIES:,} verdicts")
    return data, entries


def _entries(path: Path, *, large: bool = False) -> tuple[dict, list]:
    """``parse_text`` of the file (both empty when there is none), so nothing is written over a file
    the researcher must fix; ``large``: read one over the limits too (to forget verdicts in it). A
    link is refused: the raw folder is a boundary nothing in it may lead out of."""
    if path.is_symlink():
        raise ValueError(f"{path.name} is a link; it is not read (the raw folder is a boundary)")
    if not path.is_file():
        return {}, []
    try:
        if path.stat().st_size > MAX_FILE_BYTES and not large:
            raise ValueError(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name} could not be read ({type(exc).__name__})") from None
    return parse_text(text, path.name, large=large)


def snapshot_copy(raw_dir: Path | str) -> tuple[str, int] | None:
    """The verdicts file as a build carries it into the snapshot it writes, and its number of entries
    (None when the raw folder holds none); ValueError when it cannot be read (a link, too large, not
    YAML): the build warns and carries nothing. Read once, never through a link; each author's
    sign-in address cut to its name part, as every view shows it (a snapshot is shared further)."""
    path = judgements_path(raw_dir)
    try:
        # (non-blocking: a named pipe of that name would hang the build; only a regular file is read)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(f"{path.name} could not be read ({'a link' if path.is_symlink() else type(exc).__name__})") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise ValueError(f"{path.name} is not a regular file")
        raw = fh.read(MAX_FILE_BYTES + 1)
    data, entries = parse_text(raw.decode("utf-8"), path.name)
    if not entries:
        return None
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("by"), str):
            entry["by"] = entry["by"].partition("@")[0] or entry["by"]
    data["judgements"] = entries
    text = _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:      # (written anew it may grow past what its reader takes)
        raise ValueError(f"{path.name} would be larger than {MAX_FILE_BYTES // (1024 * 1024)} MB in the snapshot")
    return text, len(entries)


def _field(entry: dict, key: str) -> str:
    """One value of an entry: a short text (a number or a date YAML read is taken as its text)."""
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"'{key}' is not a text")
    text = str(value)
    if len(text) > MAX_FIELD_CHARS[key]:
        raise ValueError(f"'{key}' is longer than {MAX_FIELD_CHARS[key]} characters")
    return text


@contextmanager
def _locked(raw_dir: Path | str) -> Iterator[None]:
    """The verdicts file held for one read, change and write: two tabs saving at once each read
    the other's verdict (without it, 200 pairs of simultaneous saves lost 200 of 400 in review)."""
    lock = Path(raw_dir) / f".{JUDGEMENTS_NAME}.lock"
    # read-only and as the umask allows, so a colleague's account can lock it too; never through a link
    fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def load_judgements(raw_dir: Path | str) -> tuple[list[Judgement], list[str]]:
    """The verdicts in ``raw_dir`` (none when there is no file), the newest on a pair only, and a
    warning per entry that could not be read (or the whole file, when it cannot be)."""
    try:
        _, entries = _entries(judgements_path(raw_dir))
    except ValueError as exc:
        return [], [f"{exc}; no story judgement applied"]
    return judgements_of(entries)


def judgements_of(entries: list) -> tuple[list[Judgement], list[str]]:
    """The verdicts of a file's entries (``parse_text``), the newest on a pair only, and a warning per
    entry that cannot be read."""
    found: dict[tuple[str, str], Judgement] = {}
    warnings = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            warnings.append(f"{JUDGEMENTS_NAME}: entry {number} is not a mapping; ignored")
            continue
        try:
            judgement = Judgement.of(*(_field(entry, k) for k in ("a", "b", "verdict", "by", "at", "note")))
        except ValueError as exc:
            warnings.append(f"{JUDGEMENTS_NAME}: entry {number}: {exc}; ignored")
            continue
        found.pop(judgement.pair, None)        # the newest verdict on a pair wins, in its place
        found[judgement.pair] = judgement
    return list(found.values()), warnings


def _pair_of(entry: object) -> tuple[str, ...] | None:
    """The pair of files an entry is about, as ``Judgement.pair`` keys it (None: not a mapping)."""
    if not isinstance(entry, dict):
        return None
    return tuple(sorted(str(entry.get(k) or "").strip() for k in ("a", "b")))


_HEADER = ("# Story judgements: a researcher's verdict that two articles tell the same event (one story) or\n"
           "# different events (never one story). Every view applies them (see pipeline/judgements.py).\n")


def _write(path: Path, data: dict, entries: list, *, limited: bool = True) -> None:
    """Replace the file with ``entries``; ValueError, nothing written, past what its reader accepts
    (the app could write a file it then refused whole, its verdicts all dropped; second review)."""
    data["judgements"] = entries
    text = _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if limited and (len(entries) > MAX_ENTRIES or len(text.encode("utf-8")) > MAX_FILE_BYTES):
        raise ValueError(f"{path.name} would hold more than {MAX_ENTRIES:,} verdicts or "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB; forget some first")
    write_atomic_text(path, text)


def save_judgements(raw_dir: Path | str, judgements: list[Judgement]) -> Path:
    """Add the verdicts to ``<raw>/story_judgements.yaml`` in one atomic write, each replacing any
    earlier one on its pair. Entries the file holds on other pairs, readable or not, are kept."""
    path = judgements_path(raw_dir)
    with _locked(raw_dir):
        data, entries = _entries(path)
        pairs = {j.pair for j in judgements}
        kept = [e for e in entries if _pair_of(e) not in pairs]
        _write(path, data, kept + [j.record() for j in judgements])
    return path


def forget_judgements(raw_dir: Path | str, pairs: list[tuple[str, str]]) -> int:
    """Remove the verdicts on these pairs of files; how many entries went."""
    path = judgements_path(raw_dir)
    with _locked(raw_dir):
        data, entries = _entries(path, large=True)     # (forgetting is how a file over the limits gets back)
        wanted = {tuple(sorted((a.strip(), b.strip()))) for a, b in pairs}
        kept = [e for e in entries if _pair_of(e) not in wanted]
        if len(kept) != len(entries):
            _write(path, data, kept, limited=False)      # (it only shrinks)
    return len(entries) - len(kept)
