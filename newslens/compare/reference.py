"""Which report of a detected story Compare aligns the others to when the researcher has not said.

A story's reports are earliest first, so its first is the natural reference: the report the others
rework. When fewer than two are dated the order of publication is not known and the first is only
the first id (a real set opened on an untitled page of a wire copy while three titled reworks stood
beside it): the reference is then the story's core, the report the others are closest to.

Kept out of ``stories.py`` and ``alignment.py``: their source keys the stories a snapshot stores
(``story_store.code_files``), and a rule of the page is no reason to regroup every snapshot.
"""
from __future__ import annotations

from typing import Callable

from newslens.compare.alignment import article_side
from newslens.compare.stories import Story
from newslens.store import Snapshot


def order_known(story: Story) -> bool:
    """Two or more of its reports are dated: the page gives an order of publication, not "not known"
    (``dates.publication_order`` names a first reporter exactly then)."""
    return story.first_reporter is not None


def default_reference(story: Story, members: list[str], content_words: Callable[[str], int]) -> str:
    """The reference among ``members`` (the story's reports shown, in its order): the earliest when
    the order of publication is known; else its core, the member whose links in the story record to
    the other members are the most confident in sum (a pair never judged counts nothing), then the
    one of more content words (``content_words``, asked only on a tie), then the smaller id."""
    if order_known(story) or len(members) < 2:
        return members[0]
    strength = dict.fromkeys(members, 0.0)
    for link in story.links:
        if link.a in strength and link.b in strength and link.a != link.b:
            strength[link.a] += link.confidence
            strength[link.b] += link.confidence
    best = max(round(s, 3) for s in strength.values())       # confidences are stored to 3 decimals
    tied = [a for a in members if round(strength[a], 3) == best]
    return tied[0] if len(tied) == 1 else min(tied, key=lambda a: (-content_words(a), a))


def content_words(snapshot: Snapshot, article_id: str) -> int:
    """The words of the paragraphs Compare aligns (``alignment.article_side``), counted as its
    reuse shares count them."""
    side = article_side(snapshot, article_id)
    return side.words(tuple(range(len(side.texts))))
