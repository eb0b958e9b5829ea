"""Runs of Add articles kept on disk until they end, so a server stop does not lose them.

A run waits in line in the server's memory (``newslens.jobs``); its links, the corpus' copies of its
uploads and its choices are written here, one JSON file a run in ``<corpora dir>/.queue/``, when it
is started, marked when it begins running and removed when it ends however. On the next start a
run still marked waiting is started again in the order they were asked for; one that was running
when the server stopped is not (it may be what stopped it) but listed, with what to add again.
"""
from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newslens.fsutil import write_atomic_text

log = logging.getLogger(__name__)

QUEUE_FOLDER = ".queue"        # a dot folder: never listed as a corpus
QUEUED, RUNNING = "queued", "running"
COLLECT, REBUILD = "collect", "rebuild"


def queue_dir(corpora: Path) -> Path:
    return Path(corpora) / QUEUE_FOLDER


def new_request(kind: str, corpus: str, model: str, *, links: list[str] = (), files: list[Path] = (),
                telegram_username: str | None = None, with_sample: bool = False) -> dict[str, Any]:
    """What a run needs to be started again in another server process (plain JSON values)."""
    return {"id": uuid.uuid4().hex, "kind": kind, "corpus": corpus, "model": model, "links": list(links),
            "files": [str(f) for f in files], "telegram_username": telegram_username,
            "with_sample": bool(with_sample), "asked": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "state": QUEUED}


def _path(corpora: Path, request_id: str) -> Path:
    return queue_dir(corpora) / f"{request_id}.json"


def save(corpora: Path, request: dict[str, Any]) -> None:
    write_atomic_text(_path(corpora, request["id"]), json.dumps(request, ensure_ascii=False, indent=1))


def mark_running(corpora: Path, request: dict[str, Any]) -> None:
    save(corpora, {**request, "state": RUNNING})


def remove(corpora: Path, request_id: str) -> None:
    _path(corpora, request_id).unlink(missing_ok=True)


def load(corpora: Path) -> list[dict[str, Any]]:
    """Every run kept, oldest request first; a file that cannot be read is logged and left alone."""
    folder = queue_dir(corpora)
    if not folder.is_dir():
        return []
    requests = []
    for path in folder.glob("*.json"):
        try:
            request = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(request, dict) or request.get("id") != path.stem:
                raise ValueError("not a queued run")
        except (OSError, ValueError) as exc:
            log.warning("queued run %s not read: %s", path, exc)
            continue
        requests.append(request)
    return sorted(requests, key=lambda r: (str(r.get("asked", "")), r["id"]))
