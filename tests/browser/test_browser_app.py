"""End-to-end: the app frame, timeline and reader in headless Chromium against `streamlit run`.

Screenshots land in tests/artifacts/ (frame, timeline, timeline_presentation, reader,
reader_hostile, reader_jump, first_start_in_a_process) - look at them before a release.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

HOSTILE = "Prices rose from $5 to $10 **fast** :red[x] <script>alert(1)</script>"


def test_frame_shows_corpus_glance_and_navigation(open_app, tiny_data_dir):
    app = open_app(tiny_data_dir)
    app.goto("")
    sidebar = app.sidebar_text()
    assert "Articles: 4" in sidebar and "Outlets: 3" in sidebar and "hashing-64" in sidebar
    for page in ("Timeline", "Reader"):
        assert app.page.locator('[data-testid="stSidebarNav"]').get_by_text(page, exact=True).is_visible()
    assert "Timeline of reports" in app.main_text()
    app.screenshot("frame")
    assert app.dialogs == []


def test_timeline_on_the_sample_corpus(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("timeline")
    text = app.main_text()
    assert "Timeline of reports" in text and "Who reported first" in text
    assert app.page.locator('[data-testid="stPlotlyChart"]').count() == 3
    # The modebar offers the PNG export on every chart.
    assert app.page.locator('.modebar-btn[data-title^="Download plot as a"]').count() == 3
    app.screenshot("timeline")
    assert app.dialogs == []


def test_presentation_mode_hides_the_sidebar_and_stamps_charts(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("timeline", {"present": "1"})
    assert not app.page.locator('[data-testid="stSidebar"]').is_visible()
    assert not app.page.get_by_text("Count per").is_visible()          # controls hidden
    stamps = app.page.locator('[data-testid="stPlotlyChart"] .annotation-text', has_text="Corpus: sample corpus")
    assert stamps.count() == 3
    app.screenshot("timeline_presentation")


def test_clicking_a_mark_opens_the_article_in_the_reader(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("timeline")
    chart = app.page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".scatterlayer .trace .points path").first.click(force=True)
    app.page.wait_for_url(re.compile(r"/articles\?.*article="), timeout=60_000)
    app.wait_until_idle()
    assert "Article reader" in app.main_text()


def test_reader_on_the_sample_corpus_and_jump_to_a_similar_paragraph(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("articles", {"article": "000_786adddaa2322f99"})
    text = app.main_text()
    assert "Article reader" in text and "Dagens" in text and "similarity" in text
    app.screenshot("reader")
    app.page.get_by_role("button", name="Open in reader").first.click()
    app.page.wait_for_url(re.compile(r"paragraph="), timeout=60_000)
    app.wait_until_idle()
    focus = app.page.locator(".nl-focus")
    assert focus.count() == 1 and focus.is_visible()
    app.screenshot("reader_jump", full_page=False)


def test_hostile_article_text_renders_literally(open_app, tiny_data_dir):
    app = open_app(tiny_data_dir)
    app.goto("articles", {"article": "a3"})
    paragraph = app.page.locator(".nl-paragraph", has_text="Prices rose")
    assert HOSTILE in paragraph.inner_text()
    assert paragraph.locator("strong, em, script, .katex, code, span[style]").count() == 0
    assert app.page.locator('[data-testid="stMain"] .katex').count() == 0
    assert app.page.locator('[data-testid="stMain"] script:not([src])', has_text="alert(1)").count() == 0
    app.page.wait_for_timeout(500)
    assert app.dialogs == []
    app.screenshot("reader_hostile")


def test_shared_link_on_a_fresh_server_opens_inside_the_app_frame(browser, tiny_data_dir):
    """The first request a new server ever gets is a deep link with filters (a shared URL)."""
    from tests.browser.conftest import SCRIPT_TIMEOUT_MS, VIEWPORT, AppPage, start_server

    server = start_server(tiny_data_dir)     # no warm-up: this is the process's first run
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(SCRIPT_TIMEOUT_MS)
    context.set_default_navigation_timeout(SCRIPT_TIMEOUT_MS)
    try:
        app = AppPage(server, context.new_page())
        app.goto("articles", {"article": "a3", "outlet": "Outlet C"})
        assert "Soldiers talk of self-inflicted wounds" in app.main_text()
        sidebar = app.sidebar_text()
        assert "Articles: 4" in sidebar and "Outlet C" in sidebar     # the frame ran, the filter applied
    finally:
        context.close()
        server.stop()
        server.log_path.unlink(missing_ok=True)


def test_a_first_start_builds_the_sample_in_a_process_of_its_own(browser, tmp_path):
    """The suite runs builds in the server's thread (tests/conftest.py); a user's server runs them in a
    process of their own (session 34). A fresh data folder on a server left at that setting: the first
    start's bar with its Cancel button, then the Timeline of the sample, and no build process behind."""
    import subprocess
    from tests.browser.conftest import SCRIPT_TIMEOUT_MS, VIEWPORT, AppPage, start_server

    data = tmp_path / "processed"
    server = start_server(data, env={"NEWSLENS_BUILD_PROCESS": "child"})
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(SCRIPT_TIMEOUT_MS)
    try:
        app = AppPage(server, context.new_page())
        app.page.goto(server.url, wait_until="domcontentloaded")
        app.page.get_by_role("button", name="Cancel this build").wait_for()

        def children() -> str:
            return subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True).stdout.strip()
        seen = ""
        for _ in range(50):                 # the build's own interpreter, while the bar is up
            seen = seen or children()
            if seen or app.page.get_by_text("Timeline of reports").count():
                break
            app.page.wait_for_timeout(100)
        assert seen, "no build process seen while the first start's bar was up"
        app.page.get_by_text("Timeline of reports").wait_for(timeout=180_000)
        app.wait_until_idle()
        assert "Articles: 5" in app.sidebar_text()
        app.screenshot("first_start_in_a_process")
        assert (data / "CURRENT").is_file()
        assert children() == ""             # the build's process ended with its build
    finally:
        context.close()
        server.stop()
        server.log_path.unlink(missing_ok=True)


@pytest.mark.parametrize("path, params", [
    ("timeline", {"present": "1"}),          # a presentation link
    ("timeline", None),                      # a shared link
    ("", None),                              # the root forwards to /timeline
    ("", {"outlet": ["Outlet A", "Outlet C"], "present": "1"}),   # ...keeping the link's filters
])
def test_links_to_the_timeline_open_without_page_not_found(open_app, tiny_data_dir, path, params):
    app = open_app(tiny_data_dir)
    app.goto(path, params)
    app.page.wait_for_url(re.compile(r"/timeline(\?|$)"), timeout=60_000)
    app.wait_until_idle()
    app.page.wait_for_timeout(500)
    assert "Timeline of reports" in app.main_text()
    assert "Page not found" not in app.page.locator("body").inner_text()
    assert app.page.locator('[role="dialog"]').count() == 0
    if params:
        assert "present=1" in app.page.url
        # The link's filters survive the redirect, every value of a repeated parameter included.
        assert parse_qs(urlsplit(app.page.url).query).get("outlet", []) == params.get("outlet", []), app.page.url
        if "outlet" in params:
            assert "2 outlet(s)" in app.main_text()


def _boxes(chart, selector: str) -> list[dict]:
    return [b for b in (el.bounding_box() for el in chart.locator(selector).all()) if b]


def test_one_outlet_timeline_is_slide_ready(open_app, sample_data_dir):
    """Filtered to one outlet: axis titles clear the stamp, the stamp fits, the single-month bar is not a wall."""
    app = open_app(sample_data_dir)
    app.goto("timeline", {"outlet": "Dagens"})
    charts = app.page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() >= 2
    for i in range(charts.count()):
        chart = charts.nth(i)
        frame = chart.bounding_box()
        stamp_box = _boxes(chart, ".annotation-text:has-text('Corpus:')")
        assert stamp_box, f"chart {i} has no stamp"
        stamp_box = stamp_box[0]
        assert stamp_box["x"] + stamp_box["width"] <= frame["x"] + frame["width"] + 1, f"stamp clipped in chart {i}"
        assert stamp_box["y"] + stamp_box["height"] <= frame["y"] + frame["height"] + 1, f"stamp cut off in chart {i}"
        for title in _boxes(chart, ".g-xtitle text") + _boxes(chart, ".xtick text"):
            assert title["y"] + title["height"] <= stamp_box["y"] + 1, f"x axis overprints the stamp in chart {i}"
    volume = charts.filter(has_text="Articles per")
    plot = volume.locator(".nsewdrag").first.bounding_box()
    bars = _boxes(volume, ".barlayer .point path")
    assert bars and max(b["width"] for b in bars) < 0.5 * plot["width"]
    app.screenshot("timeline_one_outlet")


def test_topics_half_width_chart_keeps_its_whole_stamp(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("topics")
    charts = app.page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() >= 1
    app.screenshot("topics_stamps")
    for i in range(charts.count()):
        chart = charts.nth(i)
        frame = chart.bounding_box()
        for box in _boxes(chart, ".annotation-text:has-text('NewsLens')"):
            assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, f"stamp clipped in chart {i}"


@pytest.mark.parametrize("state", ["corrupt", "empty_raw"])
def test_error_and_first_run_screens_list_no_page_files(open_app, tmp_path, state):
    data = tmp_path / "data"
    env = {}
    if state == "corrupt":
        broken = data / "snapshots" / "20240101T000000Z"
        broken.mkdir(parents=True)
        (broken / "manifest.json").write_text("{not json", encoding="utf-8")
        (data / "CURRENT").write_text("20240101T000000Z", encoding="utf-8")
    else:                                        # first run whose build cannot start
        data.mkdir()
        (tmp_path / "raw").mkdir()
        env = {"NEWSLENS_RAW": str(tmp_path / "raw")}
    app = open_app(data, env)
    app.goto("")
    app.page.wait_for_timeout(500)
    assert "No usable snapshot" in app.main_text()
    assert app.page.locator('[data-testid="stSidebarNav"]').count() == 0
    body = app.page.locator("body").inner_text()
    for name in ("app", "articles", "compare", "search"):
        assert not re.search(rf"^\s*{name}\s*$", body, re.MULTILINE), f"raw page file {name!r} listed"
    app.screenshot(f"no_snapshot_{state}")


def test_presentation_charts_show_their_toolbar_only_under_the_pointer(open_app, tiny_data_dir):
    """A slide screenshot has no chart toolbar; pointing at a chart still offers the PNG export."""
    app = open_app(tiny_data_dir)
    app.goto("timeline")
    bar = app.page.locator('[data-testid="stPlotlyChart"] .modebar').first
    assert "modebar--hover" not in (bar.get_attribute("class") or "")      # normal mode: always there
    app.goto("timeline", {"present": "1"})
    chart = app.page.locator('[data-testid="stPlotlyChart"]').first
    group = chart.locator(".modebar-group").first
    app.page.mouse.move(0, 0)
    opacity = "([e, v]) => getComputedStyle(e).opacity === v"
    app.page.wait_for_function(opacity, arg=[group.element_handle(), "0"], timeout=5_000)
    chart.hover()
    app.page.wait_for_function(opacity, arg=[group.element_handle(), "1"], timeout=5_000)
    assert chart.locator('.modebar-btn[data-title^="Download plot as a"]').count() == 1
