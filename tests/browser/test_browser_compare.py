"""End-to-end: the compare page in headless Chromium against `streamlit run`.

The showcase is the sample corpus's Kyiv Independent (001) and Dagens (000) reports of one
intercepted call, with the real model; screenshots go to tests/artifacts/compare*.png.
"""
from __future__ import annotations

import pytest

from tests.compare_cases import HOSTILE, ORIGINAL, REWORK, UNRELATED
from tests.factories import make_snapshot

pytestmark = pytest.mark.browser
SLOW_MACHINE_MS = 300_000   # a fresh server's first compare run on a shared, loaded machine


def goto(app, params):
    """``app.goto("compare", params)`` with a longer wait: story detection runs on first open."""
    from urllib.parse import urlencode

    app.page.goto(f"{app.server.url}/compare?{urlencode(params)}", wait_until="commit", timeout=SLOW_MACHINE_MS)
    app.wait_until_idle(timeout_ms=SLOW_MACHINE_MS)
    return app.page


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("compare_browser")
    make_snapshot(data_dir, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    return data_dir


@pytest.mark.model
def test_sample_kyiv_independent_vs_dagens(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    goto(app, {"articles": "001,000"})
    main = app.main_text()
    assert "Compare outlet wordings" in main
    assert "The Kyiv Independent" in main and "Dagens" in main
    assert "only in B" in main and "Important Stories" in main
    page = app.page
    assert page.locator('[data-testid="stMain"] del.nl-del').count() > 0
    assert page.locator('[data-testid="stMain"] mark.nl-chg').count() > 0
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() > 0
    app.screenshot("compare")
    assert app.dialogs == []

    goto(app, {"articles": "001,000", "present": "1"})
    assert "Story" not in app.main_text().split("Compare outlet wordings")[1][:200]   # controls hidden
    app.screenshot("compare_presentation", full_page=False)


def test_hostile_text_renders_literally(open_app, cases_dir):
    app = open_app(cases_dir)
    goto(app, {"articles": "hostile-1,wire-1"})
    main = app.page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert "<script>alert(1)</script>" in text and "$5 to $10 **now**" in text
    assert main.locator("script").count() == 0
    assert main.locator(".katex").count() == 0
    assert main.locator("strong", has_text="now").count() == 0
    assert app.dialogs == []
    app.screenshot("compare_hostile")


def test_story_and_download(open_app, cases_dir):
    app = open_app(cases_dir)
    goto(app, {})
    main = app.main_text()
    assert "Wire Service" in main and "Rework Daily" in main and "Order of publication" in main
    with app.page.expect_download() as info:
        app.page.get_by_role("button", name="Download this comparison").first.click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "Rework Daily" in html


def test_a_verdict_takes_a_report_out_of_its_story(open_app, tmp_path):
    """Compare's "Correct the grouping": a report taken out of the opening story in the browser is saved
    next to the raw articles, and the page then compares the two by hand, with no story left."""
    import yaml

    raw = tmp_path / "raw"
    raw.mkdir()
    make_snapshot(tmp_path / "data", [ORIGINAL, REWORK, UNRELATED, HOSTILE], raw_dir=str(raw))
    app = open_app(tmp_path / "data")
    page = goto(app, {})
    assert "Story (1 detected)" in app.main_text()
    page.get_by_text("Correct the grouping").click()
    app.wait_until_idle()
    box = page.get_by_role("combobox", name="Reports that tell a different event")
    box.click()
    page.wait_for_timeout(1000)
    if not page.get_by_role("option").count():      # (then the keyboard opens the list: a click may only focus it)
        box.press("ArrowDown")
    page.get_by_role("option").filter(has_text="Rework Daily").first.click()
    page.keyboard.press("Escape")
    app.wait_until_idle()
    page.get_by_role("button", name="Take them out of this story").click()
    page.get_by_text("Saved: 1 report taken out of this story.").wait_for()    # (the rerun may not have begun yet)
    app.wait_until_idle()
    main = app.main_text()
    assert "Saved: 1 report taken out of this story." in main and "Story (0 detected)" in main, main[:1500]
    saved = yaml.safe_load((raw / "story_judgements.yaml").read_text(encoding="utf-8"))["judgements"]
    assert [(e["a"], e["b"], e["verdict"]) for e in saved] == [("rework-1.txt", "wire-1.txt", "different")]
    assert app.dialogs == []
    app.screenshot("compare_verdict")


def test_a_report_kept_apart_is_joined_with_one_click(open_app, tmp_path):
    """The panel lists the report the grouping kept apart from the opening story (too little evidence
    to link); "Join" saves a "same" verdict and the story shown then holds it."""
    import yaml

    raw = tmp_path / "raw"
    raw.mkdir()
    make_snapshot(tmp_path / "data", [ORIGINAL, REWORK, UNRELATED, HOSTILE], raw_dir=str(raw))
    app = open_app(tmp_path / "data")
    page = goto(app, {})
    page.get_by_text("Correct the grouping").click()
    app.wait_until_idle()
    assert "Kept apart by the grouping, closest first." in app.main_text()
    page.get_by_role("button", name="Join").first.click()
    page.get_by_text("Saved: Hostile Outlet").wait_for()    # (the rerun may not have begun yet)
    app.wait_until_idle()
    saved = yaml.safe_load((raw / "story_judgements.yaml").read_text(encoding="utf-8"))["judgements"]
    assert [(e["a"], e["b"], e["verdict"]) for e in saved] == [("hostile-1.txt", "rework-1.txt", "same")]
    main = app.main_text()
    assert "joined to this story" in main and "Hostile Outlet: +2 days" in main, main[:1500]
    assert app.dialogs == []
    app.screenshot("compare_join")
