"""Hand-written re-report pairs shared by the compare, stories, CLI and page tests.

ORIGINAL and REWORK are one story in the shapes re-reports take: REWORK rewords a passage, drops
the censored insult from the quote, drops the hedges ("alleged", "reportedly", "could not
independently verify"), converts "160 square kilometers (60 square miles)" and "3-10 years".
"""
from __future__ import annotations

from newslens.schema import Kind
from tests.factories import ArticleSpec

ORIGINAL = ArticleSpec("wire-1", "Wire Service", [
    ("Commander orders troops to shoot retreating soldiers", Kind.HEADING),
    "A Russian commander ordered his soldiers to open fire on comrades attempting to retreat, according to "
    "an alleged intercepted phone call released by Ukraine's military intelligence (HUR) on Sept. 25.",
    "\"I'll say it again, you f*kers: if anyone runs away, just shoot them,\" the commander can be heard saying.",
    "The Wire Service could not independently verify the authenticity of the audio.",
    "Ukraine had reportedly liberated 160 square kilometers (60 square miles) of territory in the area.",
    "Putin increased prison terms for desertion and surrender to 3-10 years.",
], published="2025-09-25", original_source="HUR", title="Commander told troops to shoot retreating soldiers")

REWORK = ArticleSpec("rework-1", "Rework Daily", [
    "A Russian commander ordered his soldiers to open fire on comrades attempting to retreat, according to "
    "an intercepted phone call released by Ukraine's military intelligence (HUR) on September 25.",
    "The words echo Stalin-era orders and highlight the desperation facing Moscow's exhausted army.",
    "\u201cI\u2019ll say it again: if anyone runs away, just shoot them,\u201d the commander can be heard saying.",
    ("Also read: more war news", Kind.BOILERPLATE),
    "Ukraine had liberated 160 square kilometres of territory in the area.",
    "Putin increased prison terms for desertion and surrender to three to ten years.",
], published="2025-09-26", original_source="HUR", title="Commander orders troops to shoot their own")

UNRELATED = ArticleSpec("other-1", "Other Paper", [
    "Soldiers discussed shooting each other in the leg so they would be sent home to hospital.",
    "A mother begged her son on the phone to surrender, the security service said.",
], published="2022-03-18", original_source="SBU")

HOSTILE = ArticleSpec("hostile-1", "Hostile Outlet", [
    "A Russian commander ordered his soldiers to open fire <script>alert(1)</script> on comrades, $5 to $10 **now**.",
], published="2025-09-27")
