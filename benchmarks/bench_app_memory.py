"""The app's memory as the operating system sees it: a real ``streamlit run`` server after a user
visited every page, split into what the kernel can drop and what it cannot.

One server process serves a snapshot (``--data``, e.g. one kept by ``bench_pages --keep``, or a
synthetic one built here with ``--size``). Debian's Chromium (Playwright) opens every page of
``bench_pages.PAGES`` in one tab, one session, each with its typical view (the search page runs a
query, the reader opens a re-reported article), waiting until the script has finished and the
charts are drawn. After each page, and at the end, the server's ``/proc/<pid>/smaps`` is read:

- RSS: resident pages, shared ones counted in full; PSS: shared pages split between the
  processes mapping them; USS: pages only this process maps (private clean + dirty), which
  includes the pages of a memory-mapped file no other process has open;
- anonymous: the Python heap, numpy arrays, pandas frames, caches: what the app really needs,
  since this machine has no swap (the kernel cannot drop it);
- file-backed: memory-mapped files (the snapshot's float16 vectors, the ANN and lexical indexes,
  shared libraries). Clean file pages are the page cache: counted in RSS once touched, shared with
  every other process reading the same file, and dropped by the kernel under memory pressure
  (read again from disk when next touched). The snapshot's own files are given separately.
- peak: the kernel's high-water mark of RSS (``VmHWM``) over the server's life.

    python -m benchmarks.bench_app_memory --data /work/scratch/bench-1m/1000000
    python -m benchmarks.bench_app_memory --size 100000

The synthetic snapshots use the hashing embedder (model name ``hashing-384``), so the query model
is not loaded; ``bench_memory.py`` measures what loading all-MiniLM-L6-v2 adds.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GB = 1024 ** 3
BUDGET_GB = 8.0


def smaps(pid: int, data_dir: Path) -> dict[str, float]:
    """Bytes by kind from ``/proc/<pid>/smaps`` (all mappings), and ``VmHWM``."""
    totals = dict.fromkeys(["rss", "pss", "uss", "anon", "file", "file_clean", "snapshot_files", "swap"], 0.0)
    data_prefix = str(data_dir.resolve())
    path = ""
    header = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")
    fields: dict[str, int] = {}

    def close() -> None:
        if not fields:
            return
        rss = fields.get("Rss", 0)
        anon = fields.get("Anonymous", 0)
        totals["rss"] += rss
        totals["pss"] += fields.get("Pss", 0)
        totals["uss"] += fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        totals["anon"] += anon
        totals["swap"] += fields.get("Swap", 0)
        if path.startswith("/") and anon == 0:
            totals["file"] += rss
            totals["file_clean"] += fields.get("Private_Clean", 0) + fields.get("Shared_Clean", 0)
            if path.startswith(data_prefix):
                totals["snapshot_files"] += rss
        elif anon != rss:        # e.g. a file mapping with copy-on-write pages: the rest is file-backed
            totals["file"] += rss - anon
            totals["file_clean"] += fields.get("Private_Clean", 0) + fields.get("Shared_Clean", 0)

    with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if header.match(line):
                close()
                parts = line.split(None, 5)
                path = parts[5].strip() if len(parts) > 5 else ""
                fields = {}
            else:
                key, _, value = line.partition(":")
                value = value.strip()
                if value.endswith(" kB"):
                    fields[key] = int(value[:-3]) * 1024
        close()
    with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                totals["peak_rss"] = int(line.split()[1]) * 1024
    return totals


def visit_every_page(data_dir: Path) -> dict:
    """Serve ``data_dir``, open every page in one browser session, measure after each."""
    from playwright.sync_api import sync_playwright

    from benchmarks.bench_pages import PAGES
    from newslens.store import load_snapshot
    from newslens.ui import navigation
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, AppPage, start_server

    snapshot = load_snapshot(data_dir)
    member = json.loads(snapshot.stories["article_ids"].iloc[0])[0] if len(snapshot.stories) else \
        snapshot.articles["article_id"].iloc[0]
    counts = {"articles": len(snapshot.articles), "paragraphs": len(snapshot.paragraphs)}
    del snapshot
    server = start_server(data_dir)
    steps = []
    try:
        pid = server.process.pid       # start_new_session: the server is the group leader itself
        steps.append({"after": "server started", "seconds": 0.0, **smaps(pid, data_dir)})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(1_800_000)
            context.set_default_navigation_timeout(1_800_000)
            tab = AppPage(server, context.new_page())
            for page, params in PAGES.items():
                params = {navigation.QP_ARTICLE: member} if page == "articles" else params
                started = time.perf_counter()
                tab.goto(page, params)
                seconds = time.perf_counter() - started
                problems = tab.page.locator('[data-testid="stException"]').count()
                steps.append({"after": page, "seconds": seconds, "exceptions": problems, **smaps(pid, data_dir)})
                print(json.dumps(steps[-1]), file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.stop()
        server.log_path.unlink(missing_ok=True)
    return {**counts, "steps": steps}


def _build(size: int, into: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_pages", "--generate", str(into), "--sizes", str(size)],
                         capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    if out.returncode != 0:
        raise SystemExit(f"building the {size:,}-paragraph snapshot failed:\n{out.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="a data folder with a published snapshot")
    source.add_argument("--size", type=int, help="build a synthetic snapshot of this many paragraphs first")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="bench-app-memory-") as tmp:
        data_dir = args.data
        if data_dir is None:
            data_dir = Path(tmp)
            _build(args.size, data_dir)
        result = visit_every_page(data_dir)
    load.append(os.getloadavg()[0])
    print(f"{result['paragraphs']:,} paragraphs ({result['articles']:,} articles); load {load[0]:.1f}-{load[1]:.1f}. "
          "GB; file-backed pages are clean page cache the kernel can drop (no swap here: anonymous cannot be).")
    print("\n| after | page s | RSS | PSS | USS | anonymous | file-backed (clean) | of which snapshot files | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for step in result["steps"]:
        print(f"| {step['after']} | {step['seconds']:.1f} | {step['rss'] / GB:.2f} | {step['pss'] / GB:.2f} | "
              f"{step['uss'] / GB:.2f} | {step['anon'] / GB:.2f} | {step['file'] / GB:.2f} "
              f"({step['file_clean'] / GB:.2f}) | {step['snapshot_files'] / GB:.2f} | {step['peak_rss'] / GB:.2f} |")
    last = result["steps"][-1]
    errors = [s["after"] for s in result["steps"] if s.get("exceptions")]
    if errors:
        print(f"\npages showing an exception: {', '.join(errors)}")
    fits = last["peak_rss"] / GB <= BUDGET_GB
    print(f"\npeak RSS {last['peak_rss'] / GB:.2f} GB, anonymous at the end {last['anon'] / GB:.2f} GB: "
          f"{'within' if fits else 'ABOVE'} the {BUDGET_GB:.0f} GB budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
