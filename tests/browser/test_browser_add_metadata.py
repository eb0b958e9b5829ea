"""End-to-end: a researcher uploads the pages their scraper saved together with the metadata.csv it
wrote; the preview says which files the table describes (and which row names a file not uploaded,
said again after the run as not used), and the built corpus shows each article under the outlet and date the table gives, nothing fetched.

Screenshots: tests/artifacts/add_metadata_preview.png, add_metadata_timeline.png.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCRIPT_TIMEOUT_MS

pytestmark = pytest.mark.browser

PAGE = ("<html><head><title>Home | Live TV | Newsletter</title></head><body><nav>Home News Live TV</nav>"
        "<article><h1>{title}</h1><p>{lead}</p><p>{more}</p></article></body></html>")
ARTICLES = {
    "Intercepted call (1).html": ("Soldier says commander threatens to shoot anyone who retreats",
                                  "In a call the intelligence service published, a soldier tells his mother that "
                                  "the commander promised to shoot anyone who leaves the trench without orders.",
                                  "The service said the call was recorded near the river crossing last week."),
    "wives-appeal.html": ("Wives of mobilised men record a video appeal to the governor",
                          "Twenty women in the regional capital asked the governor to bring their husbands home "
                          "after a year at the front without rotation.",
                          "The governor's office said it had passed the appeal to the defence ministry."),
}
TABLE = ("file,url,outlet,published\n"
         "Intercepted call (1).html,https://kyiv.example.org/call,Kyiv Example Daily,2025-02-03\n"
         "wives-appeal.html,https://bucharest.example.ro/apel,Ziarul Exemplu,2025-02-06\n"
         "never-uploaded.html,https://elsewhere.example.com/x,Elsewhere,2025-01-01\n")


def test_upload_pages_with_their_metadata_table(open_app, tiny_data_dir, tmp_path):
    folder = tmp_path / "scrape"
    folder.mkdir()
    for name, (title, lead, more) in ARTICLES.items():
        (folder / name).write_text(PAGE.format(title=title, lead=lead, more=more), encoding="utf-8")
    (folder / "metadata.csv").write_text(TABLE, encoding="utf-8")
    app = open_app(tiny_data_dir, env={"NEWSLENS_CORPORA": str(tmp_path / "corpora"),
                                       "NEWSLENS_MODEL": "hashing-64"})
    page = app.goto("add_articles")
    page.get_by_label("Name of the new corpus").fill("My scrape")
    page.get_by_label("Name of the new corpus").press("Enter")
    app.wait_until_idle()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(p) for p in sorted(folder.iterdir())])
    page.get_by_text("What will be collected").wait_for()
    app.wait_until_idle()
    text = app.main_text()
    assert "2 article files" in text and "links to fetch" not in text      # the table's urls are not fetched
    assert "metadata.csv: metadata for 2 of the article files given with it" in text
    assert "1 row(s) for files not given with it (never-uploaded.html)" in text
    app.screenshot("add_metadata_preview")

    page.get_by_role("button", name="Collect and build").click()
    page.wait_for_url(re.compile(r"/timeline"), timeout=SCRIPT_TIMEOUT_MS)
    page.get_by_text("is built: its articles are shown below").wait_for()
    app.wait_until_idle()
    text = app.main_text()
    assert "2 article(s) from 2 outlet(s)" in text
    assert "never-uploaded.html: no file of that name was given or collected before" in text
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    assert chart.get_by_text("Kyiv Example Daily").count() >= 1 and chart.get_by_text("Ziarul Exemplu").count() >= 1
    app.screenshot("add_metadata_timeline")
    assert app.dialogs == []
