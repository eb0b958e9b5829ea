"""Which article the reader opens: last pick, a jump from another view, a shared link (applied once)."""
from __future__ import annotations

from newslens.reader import url_state as us

KNOWN = {"a1", "a2", "a3"}


def apply(state, jump=None, url=None, paragraph=None):
    return us.apply_links(state, known=KNOWN, jump=jump, url_article=url, url_paragraph=paragraph)


def test_returning_to_the_reader_shows_the_article_shown_last():
    state = {us.KEY_LAST: "a2"}
    assert apply(state) is None and state[us.KEY_ARTICLE] == "a2"


def test_a_jump_from_another_view_opens_its_article_and_paragraph():
    state = {us.KEY_LAST: "a2"}
    apply(state, jump=("a3", "p7"), url="a3", paragraph="p7")
    assert (state[us.KEY_ARTICLE], state[us.KEY_PARAGRAPH]) == ("a3", "p7")


def test_a_shared_link_is_applied_once_so_a_later_pick_wins():
    state = {}
    apply(state, url="a1", paragraph="p1")
    assert (state[us.KEY_ARTICLE], state[us.KEY_PARAGRAPH]) == ("a1", "p1")
    state[us.KEY_ARTICLE], state[us.KEY_PARAGRAPH] = "a2", None   # the chooser's widget, changed by the user
    apply(state, url="a1", paragraph="p1")              # a rerun that still carries the old ?article=
    assert (state[us.KEY_ARTICLE], state[us.KEY_PARAGRAPH]) == ("a2", None)


def test_a_link_to_a_missing_article_is_reported_and_changes_nothing():
    state = {us.KEY_ARTICLE: "a2"}
    assert apply(state, url="gone") == "gone"
    assert state[us.KEY_ARTICLE] == "a2"
    assert apply(state, url="gone") is None             # said once, not on every rerun


def test_opening_from_the_reader_marks_the_link_as_seen():
    state = {}
    us.open_article(state, "a3", "p2")
    apply(state, url="a3", paragraph=None)             # the URL the reader itself just wrote
    assert (state[us.KEY_ARTICLE], state[us.KEY_PARAGRAPH]) == ("a3", "p2")


def _texts(article_id):
    return ["one", "two", "one"], [f"{article_id}-p0", f"{article_id}-p1", f"{article_id}-p2"]


def test_a_renamed_articles_old_link_finds_it_and_its_paragraph_by_the_path_hash():
    from pipeline.paragraphs import paragraph_ids
    old = "_____________dfbca33e"
    old_third = paragraph_ids(old, ["one", "two", "one"])[2]       # the second "one": occurrence counts
    assert us.renamed_link(old, old_third, ids=["a1", "Frolov_dopros_dfbca33e"], paragraph_texts=_texts) == \
        ("Frolov_dopros_dfbca33e", "Frolov_dopros_dfbca33e-p2")
    assert us.renamed_link(old, None, ids=["Frolov_dopros_dfbca33e"], paragraph_texts=_texts) == \
        ("Frolov_dopros_dfbca33e", None)


def test_a_link_is_not_redirected_on_a_guess():
    ids = ["Frolov_dopros_dfbca33e", "other_dfbca33e", "plain_name"]
    assert us.renamed_link("_____________dfbca33e", None, ids=ids, paragraph_texts=_texts) is None   # two could be meant
    assert us.renamed_link("plain_gone", None, ids=ids, paragraph_texts=_texts) is None              # no path hash
    assert us.renamed_link("x_0123abcd", "p", ids=["y_0123abcd"], paragraph_texts=_texts) == ("y_0123abcd", None)  # paragraph not found
