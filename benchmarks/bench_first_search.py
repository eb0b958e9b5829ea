"""The first search after the app starts: from the search page being shown to the results.

A fresh ``streamlit run app.py`` per data folder (no warm-up run), Debian's Chromium through
Playwright: open the search page, and as soon as the search box is visible (the page is shown),
type a query and press Enter; time until the first hit is drawn. The model loads in a background
thread started by app.py, so this measures whether that warm-up is done before a user searches.

    python -m benchmarks.bench_first_search DATA_DIR [DATA_DIR ...]   # folders built by the pipeline
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newslens.store import load_snapshot  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, start_server  # noqa: E402

QUERY = "soldiers hurting themselves to be sent home"
SECOND_QUERY = "commanders ordering troops to shoot those who retreat"


def first_search(data_dir: Path, browser) -> tuple[float, float, float]:
    """Seconds from navigation to the page shown, from the page shown to the first search's hits,
    and for a second search (model warm: what the page itself costs)."""
    server = start_server(data_dir)
    try:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.set_default_timeout(60_000)
        start = time.perf_counter()
        page.goto(f"{server.url}/search", wait_until="domcontentloaded")
        box = page.get_by_role("textbox", name="Search the corpus")
        box.wait_for(state="visible")
        shown = time.perf_counter()
        box.fill(QUERY)
        box.press("Enter")
        try:
            page.locator(".nl-hit").first.wait_for(state="visible")
        except Exception:
            print(page.locator('[data-testid="stMain"]').inner_text()[:1500], server.log()[-3000:], sep="\n---\n",
                  file=sys.stderr)
            raise
        done = time.perf_counter()
        page.wait_for_function("""() => document.querySelector('[data-testid="stApp"]')
            ?.getAttribute('data-test-script-state') === 'notRunning'""")
        first_hit = page.locator(".nl-hit").first.inner_text()
        again = time.perf_counter()
        box.fill(SECOND_QUERY)
        box.press("Enter")
        page.wait_for_function("(old) => { const hit = document.querySelector('.nl-hit'); "
                               "return hit && hit.innerText !== old; }", arg=first_hit)
        second = time.perf_counter() - again
        page.context.close()
        return shown - start, done - shown, second
    finally:
        server.stop()
        server.log_path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dirs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)\n")
    print("| snapshot setup | page shown after | first search answered after the page was shown | a second search |")
    print("| --- | ---: | ---: | ---: |")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for data_dir in args.data_dirs:
                label = load_snapshot(data_dir).embed_setup.label
                for _ in range(args.runs):
                    shown, answered, second = first_search(data_dir, browser)
                    print(f"| {label} | {shown:.1f} s | {answered:.2f} s | {second:.2f} s |", flush=True)
        finally:
            browser.close()
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
