"""Two collectors into one corpus at once: each one's metadata rows and log lines survive."""
from __future__ import annotations

import csv
import json
import threading
import time

import pytest

from pipeline.collect import store as store_module
from pipeline.collect.store import LogEntry, RawStore
from pipeline.lock import CollectLocked, collect_lock


def _slow_writes(monkeypatch):
    """Widen the read-merge-write window of metadata.csv so an unlocked race would lose rows."""
    real = store_module.write_atomic_text

    def slow(path, text):
        time.sleep(0.3)
        real(path, text)

    monkeypatch.setattr(store_module, "write_atomic_text", slow)


def test_two_collectors_flushing_at_once_keep_every_row_and_log_line(tmp_path, monkeypatch):
    _slow_writes(monkeypatch)
    raw = tmp_path / "raw"
    stores = [RawStore(raw), RawStore(raw)]
    for n, store in enumerate(stores):
        rel = f"text/run{n}/article_{n}.txt"
        store.write_file(rel, f"Article {n} text, written by collector {n}.")
        store.add_row(rel, {"outlet": f"Outlet {n}", "title": f"Title {n}"})
        store.log(LogEntry(f"key-{n}", f"source-{n}", "collected", file=rel))
    threads = [threading.Thread(target=s.flush) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(raw / "metadata.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["outlet"] for r in rows) == ["Outlet 0", "Outlet 1"]
    log = [json.loads(line) for line in (raw / ".collect" / "log.jsonl").read_text().splitlines()]
    assert sorted(e["key"] for e in log) == ["key-0", "key-1"]
    # a new run sees both as already collected
    assert set(RawStore(raw).collected) == {"key-0", "key-1"}


def test_a_collector_kept_waiting_too_long_says_so(tmp_path):
    raw = tmp_path / "raw"
    store = RawStore(raw)
    store.add_row("text/a.txt", {"outlet": "Outlet"})
    with collect_lock(raw / ".collect"):
        with pytest.raises(CollectLocked, match="another collector .*pid \\d+.* run it again"):
            with collect_lock(raw / ".collect", wait=0.3):
                pass
    store.flush()                       # released: the rows are written
    assert "Outlet" in (raw / "metadata.csv").read_text()
