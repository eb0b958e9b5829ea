"""A shared server (issue 14): optional sign-in with an allowlist, and a read-only mode."""
from __future__ import annotations

import html
import threading

import pytest
from streamlit.testing.v1 import AppTest

from newslens.ui.access import (
    UNIDENTIFIED,
    AccessRules,
    access_rules,
    is_allowed,
    may_stop,
    stop_refused_text,
)
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


# --- a secrets file the server cannot read: refuse everyone, never turn sign-in off ----------------

BROKEN = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
client_id = "id"
client_secret = "secret"
server_metadata_url = "https://idp.example/.well-known/openid-configuration"

[newslens_access]
require_login = true
allowed_emails = ["analyst@example.org"
"""     # the closing bracket of a list forgotten while adding someone


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """The one place this test's server looks for secrets (nothing there until the test writes it),
    read by Streamlit's own ``st.secrets`` as on a server. Nothing read before the test is kept, nor
    anything it reads after it (Streamlit's sign-in reads the same object); no file watcher is left."""
    from streamlit import config
    from streamlit.runtime.secrets import Secrets, secrets_singleton

    path = tmp_path / "project" / ".streamlit" / "secrets.toml"
    path.parent.mkdir(parents=True)
    before = config.get_option("secrets.files")
    monkeypatch.setattr(Secrets, "_maybe_install_file_watchers", lambda self: None)
    config.set_option("secrets.files", [str(path)])
    secrets_singleton._reset()
    yield path
    config.set_option("secrets.files", before)
    secrets_singleton._reset()


def test_a_secrets_file_that_cannot_be_read_shows_a_refusal_not_the_corpus(data_dir, secrets_file):
    secrets_file.write_text(BROKEN, encoding="utf-8")
    for page in ("timeline", "articles"):
        at = run_app(data_dir, page=page)
        assert not at.exception and not corpus_visible(at)
        text = visible_text(at)
        assert "secrets.toml cannot be read" in text and "ask the administrator" in text
        assert str(secrets_file.parent) not in text and "line" not in text.lower()   # no path, no parser message
        assert not at.button                        # not even a sign-in: no one gets in
    # and no build is anyone's to cancel, nor recorded as no one's
    at = AppTest.from_function(_who_starts, default_timeout=30)
    at.user = ANALYST
    at.run()
    assert (at.session_state["owner"], at.session_state["may_stop_unowned"]) == (UNIDENTIFIED, False)


def test_the_same_file_mended_asks_for_sign_in(data_dir, secrets_file):
    """(So the refusal above is the typo's, not a file this test failed to put where it is read.)"""
    secrets_file.write_text(BROKEN.replace('"analyst@example.org"\n', '"analyst@example.org"]\n'),
                            encoding="utf-8")
    at = run_app(data_dir, page="timeline")
    assert not corpus_visible(at) and [b.label for b in at.button] == ["Sign in"]


def test_a_newslens_access_that_is_no_table_is_refused_too(data_dir, secrets_file):
    secrets_file.write_text("newslens_access = true\n", encoding="utf-8")
    at = run_app(data_dir, page="timeline")
    assert not at.exception and not corpus_visible(at)
    assert "secrets.toml cannot be read" in visible_text(at)


def test_no_secrets_file_at_all_keeps_the_app_open(data_dir, secrets_file):
    assert not secrets_file.exists()
    assert corpus_visible(run_app(data_dir, page="timeline"))


def test_which_secrets_places_mean_no_secrets_at_all(tmp_path):
    from newslens.ui.access import no_secrets_file

    missing, there, folder = tmp_path / "a" / "secrets.toml", tmp_path / "secrets.toml", tmp_path / "k8s"
    there.write_text("[", encoding="utf-8")
    folder.mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "gone.toml")
    assert no_secrets_file([str(missing)]) and no_secrets_file([])
    assert not no_secrets_file([str(missing), str(there)])            # one file there is enough
    assert not no_secrets_file([str(folder)])                          # a folder of secrets (Kubernetes)
    assert not no_secrets_file([str(tmp_path / "dangling.toml")])      # a link to secrets that are gone
    assert not no_secrets_file([str(tmp_path / "not-mounted")])        # no .toml: Streamlit refuses it


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

# chief is let in by address, boss only by the team's domain (so only with a verified address)
TEAM = {**ACCESS, "allowed_emails": ["Analyst@Example.org", "Chief@Example.org"],
        "admins": ["Chief@Example.org", "boss@team.example"]}
ANALYST = {"is_logged_in": True, "email": "analyst@example.org"}
COLLEAGUE = {"is_logged_in": True, "email": "someone@team.example"}


@pytest.mark.parametrize("owner, email, verified, may", [
    ("analyst@example.org", "analyst@example.org", True, True),       # its starter
    ("analyst@example.org", "ANALYST@example.org", True, True),
    ("analyst@example.org", "someone@team.example", True, False),     # another user
    ("analyst@example.org", "chief@example.org", True, True),         # an administrator
    ("analyst@example.org", "chief@example.org", False, True),        # listed by address: as at the gate
    ("analyst@example.org", "boss@team.example", True, True),
    ("analyst@example.org", "boss@team.example", False, False),       # unverified at a listed domain: the
    ("someone@team.example", "someone@team.example", False, False),   # gate would not let them in either
    ("analyst@example.org", None, True, False),                       # the visitor's address not read
    (None, "someone@team.example", True, True),                       # no one asked for it (first start)
    (None, None, True, False),
    (None, "intruder@evil.example", True, False),
    (UNIDENTIFIED, "chief@example.org", True, True),                  # its starter could not be read:
    (UNIDENTIFIED, "someone@team.example", True, False),              # only an administrator
])
def test_who_may_cancel_a_build(owner, email, verified, may):
    assert may_stop(owner, email, access_rules(TEAM), verified=verified) is may


@pytest.mark.parametrize("owner", ["analyst@example.org", None, UNIDENTIFIED])
def test_without_sign_in_anyone_may_cancel_any_build(owner):
    assert may_stop(owner, None, access_rules({**TEAM, "require_login": False}))


@pytest.fixture
def registry(monkeypatch):
    """The server's registry, one of this test's own: a build of another test cannot be in line
    before this test's, nor this test's outlive it."""
    from newslens.jobs import JobRegistry
    from newslens.ui import jobs

    fresh = JobRegistry(limit=1)
    monkeypatch.setattr(jobs, "registry", lambda: fresh)
    yield fresh
    for job in fresh.jobs():
        fresh.cancel(job)
        job.wait(10)


def _started(job):
    for _ in range(500):
        if job.started:
            return job
        job.wait(0.01)
    raise AssertionError(f"{job.what} never started")


@pytest.fixture
def owned_build(registry, tmp_path):
    """A build analyst started, running (not in line) until the test ends."""
    release = threading.Event()
    job = registry.start(str(tmp_path / "owned"), "add", "'Owned by analyst'", lambda job: release.wait(30),
                         bars={}, owner="analyst@example.org")
    yield _started(job)
    release.set()
    job.wait(10)


def _signed_in(page, user, rules=TEAM):
    at = AppTest.from_function(page, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.secrets["newslens_access"] = rules
    at.user = user
    return at


def _cancel_panel():
    from newslens.ui import jobs
    [job] = [j for j in jobs.registry().jobs() if j.what == "'Owned by analyst'" and not j.finished]
    jobs.render_cancel(job)


@pytest.mark.parametrize("email, button", [("analyst@example.org", True), ("chief@example.org", True),
                                           ("someone@team.example", False)])
def test_only_its_starter_or_an_administrator_sees_a_builds_cancel_button(owned_build, email, button):
    at = _signed_in(_cancel_panel, {"is_logged_in": True, "email": email}).run()
    assert not at.exception
    assert [b.label for b in at.button] == (["Cancel this build"] if button else [])
    said = html.unescape(" ".join(c.value for c in at.caption))
    assert ("Started by analyst: only they or an administrator can cancel it" in said) is not button
    assert "example" not in said       # the starter's name, not their address, before every visitor
    if button:
        at.button[0].click().run()
        assert owned_build.cancelled      # (its work stops at its next step)
    else:
        assert not owned_build.cancelled


def _cancel_without_asking():
    """What a click drawn on a page before the visitor changed comes to: ``jobs.cancel`` called."""
    from newslens.ui import jobs
    [job] = [j for j in jobs.registry().jobs() if j.what == "'Owned by analyst'"]
    jobs.cancel(job)


@pytest.mark.parametrize("email, cancelled", [("someone@team.example", False), ("analyst@example.org", True),
                                              ("chief@example.org", True)])
def test_the_server_refuses_a_cancel_by_anyone_else_without_a_button(owned_build, email, cancelled):
    at = _signed_in(_cancel_without_asking, {"is_logged_in": True, "email": email}).run()
    assert not at.exception
    assert owned_build.cancelled is cancelled


def _who_starts():
    import streamlit as st
    from newslens.ui import access
    st.session_state["owner"] = access.build_owner()
    st.session_state["may_stop_unowned"] = access.may_stop_build(None)


class _UnreadableUser:
    """``st.user`` failing to be read (a provider or Streamlit problem mid-session)."""

    def __getattr__(self, name):
        raise RuntimeError("no user info")

    def get(self, key, default=None):
        raise RuntimeError("no user info")


def test_a_starter_who_cannot_be_read_is_recorded_as_unidentified_not_as_no_one(monkeypatch):
    import streamlit

    at = _signed_in(_who_starts, ANALYST).run()
    assert (at.session_state["owner"], at.session_state["may_stop_unowned"]) == ("analyst@example.org", True)
    monkeypatch.setattr(streamlit, "user", _UnreadableUser())
    at.run()
    assert not at.exception
    # not None, which anyone may cancel: only an administrator may; and this visitor may stop nothing
    assert (at.session_state["owner"], at.session_state["may_stop_unowned"]) == (UNIDENTIFIED, False)
    assert stop_refused_text(UNIDENTIFIED) == ("Started by someone the server could not identify: only an "
                                               "administrator can cancel it.")


def test_without_sign_in_a_build_has_no_starter():
    at = AppTest.from_function(_who_starts, default_timeout=30).run()
    assert (at.session_state["owner"], at.session_state["may_stop_unowned"]) == (None, True)


# Each way the UI starts a build records who asked for it (and the automatic first start: no one).
# A build running elsewhere keeps each in line, so none of them does any work.

@pytest.fixture
def busy(registry, tmp_path):
    gate = threading.Event()
    _started(registry.start(str(tmp_path / "elsewhere"), "snapshot", "'Alpha'", lambda job: gate.wait(30),
                            bars={}))
    yield registry
    gate.set()


def _new_build(registry):
    [job] = [j for j in registry.jobs() if j.what != "'Alpha'" and not j.finished]
    assert not job.started
    return job


def _app(data, page, user, env):
    return gated(data, page, user, env={**env, "NEWSLENS_MODEL": "hashing-64"})


def test_collect_and_build_is_its_starters(busy, data_dir, tmp_path):
    at = _app(data_dir, "add_articles", ANALYST, {"NEWSLENS_CORPORA": str(tmp_path / "corpora")})
    at.text_input(key="nl_add_name").input("Beta")
    at.text_area(key="nl_add_links").input("https://example.org/news/a.html").run()
    at.button(key="nl_add_run").click().run()
    assert not at.exception
    assert _new_build(busy).owner == "analyst@example.org"


def test_a_rebuild_with_another_model_is_its_starters(busy, data_dir, tmp_path):
    from newslens.corpora import corpus_at
    from newslens.embedder import HashingEmbedder
    from newslens.ui import model_choice
    from pipeline.build import build_snapshot
    from tests.test_background_build import _write_raw

    corpus = corpus_at(tmp_path / "corpora", "Beta")
    build_snapshot(_write_raw(corpus.raw), corpus.processed, "hashing-64", embedder=HashingEmbedder(64))
    at = gated(data_dir, "add_articles", ANALYST, env={"NEWSLENS_CORPORA": str(tmp_path / "corpora"),
                                                        "NEWSLENS_MODEL": "hashing-32"})
    at.radio(key="nl_add_target").set_value("an existing corpus").run()
    at.selectbox(key="nl_add_existing").set_value("Beta").run()
    at.radio(key=model_choice.KEY_MODEL).set_value("hashing-32").run()
    at.button(key="nl_add_rebuild").click().run()
    assert not at.exception
    assert _new_build(busy).owner == "analyst@example.org"


def test_the_first_start_is_no_ones_and_building_it_again_is_its_starters(busy, tmp_path):
    """The sample build a first start begins by itself is not the build of whoever opened the page
    first: any signed-in user may cancel it. "Build it now" after that is the clicker's."""
    from tests.test_background_build import _write_raw

    env = {"NEWSLENS_RAW": str(_write_raw(tmp_path / "raw")), "NEWSLENS_CORPORA": str(tmp_path / "corpora")}
    first = _app(tmp_path / "data", "timeline", ANALYST, env)
    assert not first.exception and first.title[0].value == "Welcome to NewsLens"
    assert _new_build(busy).owner is None
    other = _app(tmp_path / "data", "timeline", COLLEAGUE, env)
    [cancel] = [b for b in other.button if b.label == "Cancel: take it out of the line"]
    cancel.click().run()
    assert "nl_first_build" in [b.key for b in other.button]         # "Build it now"
    other.button(key="nl_first_build").click().run()
    assert _new_build(busy).owner == "someone@team.example"


def test_the_rebuild_button_of_a_damaged_folder_is_its_starters(busy, tmp_path):
    from tests.test_background_build import _write_raw

    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    make_snapshot(data, SMALL_CORPUS, raw_dir=str(raw))
    (data / "CURRENT").write_text("gone\n", encoding="utf-8")
    at = _app(data, "timeline", ANALYST, {"NEWSLENS_RAW": str(raw), "NEWSLENS_CORPORA": str(tmp_path / "corpora")})
    at.button(key="nl_rebuild").click().run()
    assert not at.exception
    assert _new_build(busy).owner == "analyst@example.org"
