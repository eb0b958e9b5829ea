"""A shared server (issue 14): optional sign-in with an allowlist, and a read-only mode."""
from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from newslens.ui.access import AccessRules, access_rules, is_allowed, may_stop
from tests.apptest_utils import app_test, run_app, visible_text
from tests.factories import SMALL_CORPUS, make_snapshot

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "id", "client_secret": "secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ACCESS = {"require_login": True, "allowed_emails": ["Analyst@Example.org"], "allowed_domains": ["team.example"]}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("access")
    make_snapshot(data, SMALL_CORPUS)
    return data


@pytest.mark.parametrize("email, verified, allowed", [
    ("analyst@example.org", True, True), ("ANALYST@example.org", False, True),
    ("someone@team.example", True, True), ("someone@team.example", False, False),
    ("someone@example.org", True, False), ("someone@evil-team.example", True, False),
    ("team.example@evil.example", True, False), (None, True, False), ("", True, False),
])
def test_the_allowlist(email, verified, allowed):
    assert is_allowed(email, access_rules(ACCESS), verified=verified) is allowed


def test_no_access_section_means_no_login():
    assert access_rules(None) == AccessRules()


def corpus_visible(at) -> bool:
    """Anything of the corpus on screen: charts, tables, article text, outlet names."""
    text = visible_text(at)
    return bool(at.get("plotly_chart") or at.dataframe or "Outlet A" in text or "commander" in text)


def gated(data_dir, page, user, **kwargs):
    at = app_test(data_dir, page=page, **kwargs)
    at.secrets["auth"] = AUTH
    at.secrets["newslens_access"] = ACCESS
    at.user = user
    return at.run()


@pytest.mark.parametrize("page", ["timeline", "search", "articles"])
def test_nothing_is_shown_before_sign_in(data_dir, page):
    at = gated(data_dir, page, {"is_logged_in": False})
    assert not at.exception
    assert not corpus_visible(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_a_signed_in_user_not_on_the_list_is_refused(data_dir):
    at = gated(data_dir, "timeline", {"is_logged_in": True, "email": "intruder@example.org"})
    assert not corpus_visible(at)
    assert "intruder&#64;\u2060example&#46;org is not on this NewsLens" in visible_text(at)
    assert [b.label for b in at.button] == ["Sign out"]


def test_a_listed_user_gets_the_app(data_dir):
    at = gated(data_dir, "timeline", {"is_logged_in": True, "email": "analyst@example.org"})
    assert not at.exception
    assert corpus_visible(at)


def test_login_required_without_a_provider_fails_closed(data_dir):
    at = app_test(data_dir, page="timeline")
    at.secrets["newslens_access"] = ACCESS
    at.run()
    assert not corpus_visible(at)
    assert "no identity provider is configured" in visible_text(at)


def test_without_login_settings_the_app_opens_as_before(data_dir):
    assert corpus_visible(run_app(data_dir, page="timeline"))


def test_read_only_mode_hides_saving_lenses(data_dir):
    writable = run_app(data_dir, page="topics", timeout=180)
    assert any(b.key == "topics_save" for b in writable.button)
    at = run_app(data_dir, page="topics", env={"NEWSLENS_READ_ONLY": "1"}, timeout=180)
    assert not at.exception
    assert not any(b.key == "topics_save" for b in at.button)
    assert "Read-only mode" in visible_text(at)


def test_read_only_mode_never_builds_and_shows_no_server_paths(tmp_path):
    at = run_app(tmp_path / "empty-data", page="timeline", env={"NEWSLENS_READ_ONLY": "1"})
    assert not at.exception
    text = visible_text(at)
    assert "Ask the administrator" in text and str(tmp_path) not in text
    assert not any(b.key == "nl_rebuild" for b in at.button)
    assert not (tmp_path / "empty-data").exists()


def test_read_only_mode_has_no_add_articles_page(data_dir):
    writable = run_app(data_dir, page="add_articles", timeout=120)
    assert any(u.key == "nl_add_links" for u in writable.text_area)
    at = run_app(data_dir, page="add_articles", env={"NEWSLENS_READ_ONLY": "1"}, timeout=120)
    assert not at.exception
    assert not any(u.key == "nl_add_links" for u in at.text_area)



# --- who may cancel a build on a server where people sign in -------------------------------------

TEAM = {**ACCESS, "admins": ["Chief@Example.org"]}


@pytest.mark.parametrize("owner, email, require_login, may", [
    ("analyst@example.org", "analyst@example.org", True, True),       # its starter
    ("analyst@example.org", "ANALYST@example.org", True, True),
    ("analyst@example.org", "someone@team.example", True, False),     # another user
    ("analyst@example.org", "chief@example.org", True, True),         # an administrator
    ("analyst@example.org", None, True, False),
    (None, "someone@team.example", True, True),                       # started before sign-in was on
    ("analyst@example.org", None, False, True),                       # no sign-in: one anonymous user
])
def test_who_may_cancel_a_build(owner, email, require_login, may):
    assert may_stop(owner, email, access_rules({**TEAM, "require_login": require_login})) is may


def _cancel_panel():
    from newslens.ui import jobs
    [job] = [j for j in jobs.registry().jobs() if j.what == "'Owned by analyst'" and not j.finished]
    jobs.render_cancel(job)


@pytest.fixture
def owned_build(tmp_path):
    from newslens.ui import jobs
    release = threading.Event()
    job = jobs.registry().start(str(tmp_path / "owned"), "add", "'Owned by analyst'",
                                lambda job: release.wait(30), bars={}, owner="analyst@example.org")
    yield job
    release.set()
    job.wait(10)


@pytest.mark.parametrize("email, button", [("analyst@example.org", True), ("chief@example.org", True),
                                           ("someone@team.example", False)])
def test_only_its_starter_or_an_administrator_sees_a_builds_cancel_button(owned_build, email, button):
    at = AppTest.from_function(_cancel_panel, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.secrets["newslens_access"] = TEAM
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == (["Cancel this build"] if button else [])
    said = " ".join(c.value for c in at.caption)
    assert ("Started by analyst" in said and "only they or an administrator can cancel it" in said) is not button
    if button:
        at.button[0].click().run()
        assert owned_build.cancelled      # (its work stops at its next step)
    else:
        assert not owned_build.cancelled
