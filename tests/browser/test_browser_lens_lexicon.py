"""End-to-end: the add-a-lens form with a lexicon, in headless Chromium (the factory corpus).

Screenshots: tests/artifacts/topics_lens_lexicon*.png.
"""
from __future__ import annotations

import pytest

from tests.conftest import HASHING_LENS_FILE

pytestmark = pytest.mark.browser

LEXICON = "barrier troops\nзаградотряд*\nSperrtruppen\n탈영\n<b>desert*</b> $math$ **x**"


def test_the_lens_form_takes_a_lexicon_and_refuses_a_hanging_pattern_keeping_it(open_app, tiny_data_dir,
                                                                                tmp_path_factory):
    lens_file = tmp_path_factory.mktemp("lexicon_lenses") / "lenses.yaml"
    lens_file.write_text(HASHING_LENS_FILE, encoding="utf-8")
    app = open_app(tiny_data_dir, {"NEWSLENS_LENSES": str(lens_file)})
    app.goto("topics")
    page = app.page
    page.get_by_text("Add your own lens, edit or remove one").click()
    page.get_by_role("textbox", name="Name", exact=True).fill("barrier troops")
    page.get_by_role("textbox", name="Definition", exact=True).fill("Units behind the front that shoot their own soldiers who retreat.")
    page.get_by_role("textbox", name="Lexicon: words or phrases").fill(LEXICON)
    app.screenshot("topics_lens_lexicon")
    assert page.get_by_role("textbox", name="Lexicon: words or phrases").input_value() == LEXICON

    page.get_by_text("The lines are regular expressions").click()
    page.get_by_role("textbox", name="Lexicon: words or phrases").fill("\\bbarrier troops\\b\n(a+)+$")
    page.get_by_role("button", name="Add lens for this session").click()
    page.get_by_text("could take too long to search").wait_for(timeout=60_000)
    app.wait_until_idle()
    app.screenshot("topics_lens_lexicon_refused")
    assert page.get_by_role("textbox", name="Lexicon: words or phrases").input_value() == "\\bbarrier troops\\b\n(a+)+$"
    assert app.dialogs == []
