"""Hand-written re-report pairs shared by the compare, stories, CLI and page tests.

ORIGINAL and REWORK are one story in the shapes re-reports take: REWORK rewords a passage, drops
the censored insult from the quote, drops the hedges ("alleged", "reportedly", "could not
independently verify"), converts "160 square kilometers (60 square miles)" and "3-10 years".
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from newslens.embedder import FP32, NUMPY, EmbedSetup, normalise_rows
from newslens.schema import Kind
from tests.factories import ArticleSpec, build_from_raw, front_matter

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



def build_with_copies(folder: Path, monkeypatch) -> Path:
    """A corpus the build keeps two copies of a report out of: a mirror site's word-for-word copy
    (with its own url) and a near copy with one word changed (review 30a, finding 7)."""
    from pipeline import build as build_mod

    mirror = dataclasses.replace(ORIGINAL, outlet="Mirror Site", url="https://mirror.test/copy")
    near = dataclasses.replace(ORIGINAL, paragraphs=[
        p.replace("ordered his soldiers", "told his soldiers") if isinstance(p, str) else p for p in ORIGINAL.paragraphs])
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    return build_from_raw(folder, [ORIGINAL, UNRELATED], extra_files={
        "zz_mirror_*site*.md": front_matter(mirror), "zz_near.md": front_matter(near)})


# An English report and a German rendering of it that adds an opening line and splits one paragraph
# in two (the shape of the real translated reworks of sets 24-34), and the default English model as a
# snapshot records it, whose vectors of German mean nothing (tests/test_compare_translation.py).
ENGLISH = [
    "Russian commanders in the Vuhledar sector are sending wounded men back to the assault lines, according to "
    "a statement by the 72nd Brigade published on Tuesday.",
    "Brigade spokesman Dmytro Halchenko said radio intercepts recorded an officer with the call sign Kedr "
    "ordering 14 injured soldiers to walk to the tree line near Pavlivka.",
    "Only three of them returned, Halchenko said, adding that the rest were hit by artillery while crossing "
    "open ground in daylight.",
    "The brigade also released a video in which a captured private describes being told he would be shot "
    "if he stayed in the trench.",
    "Ukraine's military intelligence agency said it had obtained similar recordings from the 155th Marine Brigade.",
    "The accounts could not be independently verified.",
    "Moscow has not commented on the reports.",
]
GERMAN = [
    "Ein Überblick über die Lage an der Front im Osten.",
    "Russische Kommandeure im Abschnitt Wuhledar schicken verwundete Soldaten zurück in die Angriffe, wie aus "
    "einer am Dienstag veröffentlichten Erklärung der 72. Brigade hervorgeht.",
    "Brigadesprecher Dmytro Haltschenko sagte, abgefangene Funksprüche hätten einen Offizier mit dem Rufnamen "
    "Kedr aufgezeichnet, der 14 verletzten Soldaten befahl, zum Waldstreifen bei Pawliwka zu gehen.",
    "Nur drei von ihnen seien zurückgekehrt.",
    "Die übrigen seien beim Überqueren des offenen Geländes bei Tageslicht von Artillerie getroffen worden, "
    "so Haltschenko.",
    "Die Brigade veröffentlichte zudem ein Video, in dem ein gefangener Gefreiter schildert, man habe ihm "
    "gesagt, er werde erschossen, wenn er im Graben bleibe.",
    "Der ukrainische Militärgeheimdienst erklärte, er habe ähnliche Aufnahmen von der 155. Marinebrigade erhalten.",
    "Die Angaben ließen sich nicht unabhängig überprüfen.",
    "Moskau äußerte sich nicht zu den Berichten.",
]


class EnglishOnlyModel:
    """The default English model as a snapshot records it: its vectors of German text mean nothing
    (each text its own random vector), so nothing here can be paired by similarity."""

    name, dim, setup = "all-MiniLM-L6-v2", 32, EmbedSetup(NUMPY, FP32)

    def __init__(self):
        self.rng = np.random.default_rng(1)

    def encode(self, texts):
        return normalise_rows(self.rng.normal(size=(len(texts), self.dim)).astype(np.float32))
