"""Runs of Add articles kept on disk until they end, so a server stop does not lose them.

A run waits in line in the server's memory (``newslens.jobs``); its links, the corpus' copies of its
uploads and its choices are written here, one JSON file a run in ``<corpora dir>/.queue/``, when it
is started, marked when it begins running and removed when it ends however. On the next start a
run still marked waiting is started again in the order they were asked for; one that was running
when the server stopped is not (it may be what stopped it) but listed, with what to add again.
A file this version cannot run (another version's format, a kind it does not know, a field missing)
is neither run nor guessed at: it is listed as not readable (``unreadable``) until set aside.
"""
from __future__ import annotations

import json
import logging
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newslens.corpora import corpus_slug
from newslens.fsutil import write_atomic_text

log = logging.getLogger(__name__)

QUEUE_FOLDER = ".queue"        # a dot folder: never listed as a corpus
SET_ASIDE = "unreadable"       # inside it: files set aside from the list (never read again)
FORMAT = 1                     # of a run's file; the first files had no "format": the same one
QUEUED, RUNNING = "queued", "running"
COLLECT, REBUILD = "collect", "rebuild"


def queue_dir(corpora: Path) -> Path:
    return Path(corpora) / QUEUE_FOLDER


def new_request(kind: str, corpus: str, model: str, *, links: list[str] = (), files: list[Path] = (),
                telegram_username: str | None = None, with_sample: bool = False,
                owner: str | None = None) -> dict[str, Any]:
    """What a run needs to be started again in another server process (plain JSON values); ``owner``
    who asked for it, where people sign in (kept so a resumed run is still only theirs to cancel)."""
    return {"format": FORMAT, "id": uuid.uuid4().hex, "kind": kind, "corpus": corpus, "model": model,
            "links": list(links), "files": [str(f) for f in files], "telegram_username": telegram_username,
            "with_sample": bool(with_sample), "owner": owner, "asked": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "state": QUEUED}


def _path(corpora: Path, request_id: str) -> Path:
    return queue_dir(corpora) / f"{request_id}.json"


def save(corpora: Path, request: dict[str, Any]) -> None:
    write_atomic_text(_path(corpora, request["id"]), json.dumps(request, ensure_ascii=False, indent=1))


def mark_running(corpora: Path, request: dict[str, Any]) -> None:
    save(corpora, {**request, "state": RUNNING})


def remove(corpora: Path, request_id: str) -> None:
    _path(corpora, request_id).unlink(missing_ok=True)


def problem(request: Any, request_id: str) -> str | None:
    """Why this version cannot run ``request`` (read from ``<request_id>.json``), or None. A kind it
    does not know is never taken for a rebuild; a field missing never breaks the page listing it."""
    if not isinstance(request, dict) or request.get("id") != request_id:
        return "not a queued run"
    if request.get("format", FORMAT) != FORMAT:
        return f"written in format {request.get('format')!r} by another version of NewsLens (this one reads {FORMAT})"
    if request.get("kind") not in (COLLECT, REBUILD):
        return f"a kind of run this version does not know ({request.get('kind')!r})"
    if request.get("state") not in (QUEUED, RUNNING):
        return f"a state this version does not know ({request.get('state')!r})"
    for key in ("corpus", "model", "asked"):
        if not isinstance(request.get(key), str) or not request[key]:
            return f"no {key} given"
    try:
        if corpus_slug(request["corpus"]) != request["corpus"]:
            raise ValueError
    except ValueError:
        return f"names no corpus folder ({request['corpus']!r})"
    for key in ("links", "files"):
        if not isinstance(request.get(key), list) or not all(isinstance(x, str) for x in request[key]):
            return f"its {key} are not a list of texts"
    if not isinstance(request.get("telegram_username"), (str, type(None))) or \
            not isinstance(request.get("with_sample"), bool):
        return "its options are not readable"
    owner = request.get("owner")      # None: no one's (no sign-in); "" or a non-text would mean anyone's, or crash
    if owner is not None and (not isinstance(owner, str) or not owner.strip()):
        return "who started it is not readable"
    return None


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the run, None) or (None, why it cannot be run)."""
    try:
        request = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"not readable ({type(exc).__name__})"
    why = problem(request, path.stem)
    return (None, why) if why else (request, None)


def _files(corpora: Path) -> list[Path]:
    folder = queue_dir(corpora)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def load(corpora: Path) -> list[dict[str, Any]]:
    """Every run kept that this version can run, oldest request first; the others are logged and
    left alone (``unreadable``)."""
    requests = []
    for path in _files(corpora):
        request, why = _read(path)
        if why:
            log.warning("queued run %s not read: %s", path, why)
            continue
        requests.append(request)
    return sorted(requests, key=lambda r: (r["asked"], r["id"]))


def unreadable(corpora: Path) -> list[tuple[str, str]]:
    """``(file name, why)`` of each kept run this version cannot run."""
    return [(path.name, why) for path in _files(corpora) if (why := _read(path)[1])]


def set_aside(corpora: Path, name: str) -> None:
    """Move a file ``unreadable`` listed out of the list (kept in ``.queue/unreadable/``: another
    version may still want it)."""
    path = queue_dir(corpora) / Path(name).name
    aside = queue_dir(corpora) / SET_ASIDE
    aside.mkdir(exist_ok=True)
    if path.is_file():
        shutil.move(str(path), str(aside / path.name))
