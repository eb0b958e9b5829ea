"""End-to-end over a hostile corpus (issue 14): every page and the compare HTML export, checked in
the DOM of headless Chromium, not only for dialogs. Outlet names and titles carry <b>, <a href>,
<span style>, <img onerror>, $x$, **bold** and :red[x]; none may become an element or a style."""
from __future__ import annotations

import pytest

from tests.factories import make_snapshot
from tests.test_hostile_corpus import hostile_corpus

pytestmark = pytest.mark.browser
SLOW_MACHINE_MS = 300_000

# Elements that would exist only if article text had been parsed as HTML, Plotly markup,
# Markdown or LaTeX - in the page, in Plotly's SVG, or in an exported file.
FORBIDDEN_JS = """() => {
    const hits = [];
    const text = el => (el.textContent || '').trim();
    for (const a of document.querySelectorAll('a')) {
        const href = a.getAttribute('href') || a.getAttribute('xlink:href') || '';
        if (href.includes('evil.example')) hits.push('link to evil.example');
    }
    for (const el of document.querySelectorAll('[style]')) {
        if ((el.getAttribute('style') || '').replace(/\\s/g, '').includes('font-size:80px')) hits.push('80px span');
    }
    if (document.querySelector('img[src="x"]')) hits.push('img from text');
    if (document.querySelector('.katex, .MathJax, mjx-container')) hits.push('LaTeX');
    for (const el of document.querySelectorAll('b, strong, i, em')) {
        if (['Bold', 'bold', 'Star', 'it'].includes(text(el))) hits.push('<' + el.tagName + '>' + text(el));
    }
    for (const el of document.querySelectorAll('tspan')) {
        const style = (el.getAttribute('style') || '').replace(/\\s/g, '');
        if (['Bold', 'Star', 'it'].includes(text(el)) && /font-weight:bold|font-style:italic/.test(style)) {
            hits.push('plotly markup ' + text(el));
        }
    }
    for (const el of document.querySelectorAll('[data-testid="stMain"] span[class*="color"], [data-testid="stMain"] span[style*="color"]')) {
        if (['red', 'Red', 'Author'].includes(text(el))) hits.push('colour directive ' + text(el));
    }
    return hits;
}"""


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile_browser")
    make_snapshot(data_dir, hostile_corpus())
    return data_dir


def goto(app, page, params):
    from urllib.parse import urlencode

    query = f"?{urlencode(params)}" if params else ""
    app.page.goto(f"{app.server.url}/{page}{query}", wait_until="commit", timeout=SLOW_MACHINE_MS)
    app.wait_until_idle(timeout_ms=SLOW_MACHINE_MS)


@pytest.mark.parametrize("page, params", [
    ("timeline", {}),
    ("search", {"q": "commander ordered soldiers to shoot", "group": "false"}),
    ("topics", {}),
    ("compare", {"articles": "wire-1,rework-1"}),
    ("articles", {"article": "wire-1"}),
])
def test_no_element_is_created_from_article_text(open_app, hostile_dir, page, params):
    app = open_app(hostile_dir)
    goto(app, page, params)
    assert app.page.evaluate(FORBIDDEN_JS) == []
    # Hover labels are drawn on demand: hover every mark that has one, then check again.
    for point in app.page.locator('[data-testid="stPlotlyChart"] .point').all()[:12]:
        point.hover(force=True)
        assert app.page.evaluate(FORBIDDEN_JS) == []
    shown = app.page.locator('[data-testid="stMain"]').inner_text()
    assert any(payload in shown for payload in ("<b>Bold</b>", "**bold**", ":red[red]", "$x$"))
    assert app.dialogs == []
    app.screenshot(f"hostile_{page}")


def test_the_compare_html_export_holds_no_element_from_article_text(open_app, hostile_dir):
    app = open_app(hostile_dir)
    goto(app, "compare", {"articles": "wire-1,rework-1"})
    with app.page.expect_download() as info:
        app.page.get_by_role("button", name="Download this comparison").first.click()
    exported = open(info.value.path(), encoding="utf-8").read()
    assert "<script" not in exported and "evil.example/\">" not in exported
    app.page.set_content(exported)
    assert app.page.evaluate(FORBIDDEN_JS) == []
    assert "<b>Bold</b> News" in app.page.inner_text("body")
