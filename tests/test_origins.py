"""The build's original source read from a report's text: never the report's own outlet."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.schema import ArticleCol, Kind, ParagraphCol
from pipeline.origins import with_cited_origins


@pytest.mark.parametrize("domain, outlet, cited", [
    ("pravda.com.ua", "Ukrainska Pravda", "Pravda"),     # a site on a two-level suffix: its name is "pravda"
    ("ibtimes.co.uk", "International Business Times UK", "IBTimes"),
])
def test_a_report_naming_its_own_site_is_not_its_own_origin(domain, outlet, cited):
    """The site's name was read as the label before the last dot ("com" of pravda.com.ua, "co" of
    ibtimes.co.uk), so a report signing with its short name could be its own original source."""
    articles = pd.DataFrame([{ArticleCol.ID: "a1", ArticleCol.DOMAIN: domain, ArticleCol.OUTLET: outlet,
                              ArticleCol.ORIGINAL_SOURCE: None, ArticleCol.PROVENANCE: "{}"}])
    paragraphs = pd.DataFrame([{ParagraphCol.ARTICLE_ID: "a1", ParagraphCol.POSITION: 0, ParagraphCol.PART: 0,
                                ParagraphCol.KIND: Kind.BODY,
                                ParagraphCol.TEXT: f"Soldiers of the brigade refused to advance, according to the newspaper {cited}."}])
    out = with_cited_origins(articles, paragraphs)
    assert pd.isna(out.loc[0, ArticleCol.ORIGINAL_SOURCE])
