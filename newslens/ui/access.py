"""Who may use a shared NewsLens: optional sign-in with Streamlit's ``st.login`` (OpenID Connect)
and an allowlist, both in ``.streamlit/secrets.toml`` (see README, "Running it for a team").

Off unless ``[newslens_access] require_login = true``. When on, the gate runs before anything of
the corpus is loaded or shown, and it fails closed: a missing ``[auth]`` block, an unverified
address or one not on the list gets a short message, never the data. So does a secrets file that
is there but cannot be read (a typo must not turn sign-in off); no secrets file at all means no
sign-in.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from newslens.safe import escape_text

log = logging.getLogger(__name__)

SECRETS_SECTION = "newslens_access"
SECRETS_UNREADABLE = "The server's secrets.toml cannot be read, so nothing is shown: ask the administrator."


@dataclass(frozen=True)
class AccessRules:
    require_login: bool = False
    allowed_emails: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    admins: frozenset[str] = frozenset()      # may cancel anyone's build (others only their own)


def access_rules(section: Mapping[str, Any] | None) -> AccessRules:
    """The rules of a ``[newslens_access]`` table (lower-cased addresses and domains)."""
    section = section or {}

    def names(key: str) -> frozenset[str]:
        value = section.get(key) or []
        values = [value] if isinstance(value, str) else list(value)
        return frozenset(str(v).strip().lower().lstrip("@") for v in values if str(v).strip())

    return AccessRules(bool(section.get("require_login", False)), names("allowed_emails"), names("allowed_domains"),
                       names("admins"))


def is_allowed(email: str | None, rules: AccessRules, *, verified: bool = True) -> bool:
    """A signed-in address may enter when it is listed, or verified and at a listed domain."""
    if not email:
        return False
    address = email.strip().lower()
    if address in rules.allowed_emails:
        return True
    domain = address.rpartition("@")[2]
    return verified and bool(domain) and domain in rules.allowed_domains


class SecretsUnreadable(Exception):
    """A secrets file is there but cannot be read, or a table NewsLens reads in it is not a table."""


def no_secrets_file(places: Iterable[str]) -> bool:
    """Whether nothing is at any place Streamlit looks for secrets (its ``secrets.files``: the user's
    ``~/.streamlit/secrets.toml``, the project's and the app folder's ``.streamlit/secrets.toml``,
    unless the server names others). Streamlit raises one error both for that and for a file it
    cannot parse; only this case means "no sign-in". Anything there (a file, a folder of secrets, a
    broken link) or a named place that is no .toml file (Streamlit refuses it) means the server has
    secrets, so reading failing must refuse everyone."""
    return all(str(place).endswith(".toml") and not os.path.lexists(place) for place in places)


def _secrets_section(name: str) -> Mapping[str, Any] | None:
    """The ``[name]`` table of the secrets, None when there is none (or no secrets file at all);
    raises ``SecretsUnreadable`` when they are there but cannot be read."""
    try:
        section = st.secrets.get(name)
    except Exception as exc:  # noqa: BLE001 - told apart below, never taken for "no sign-in" blindly
        if no_secrets_file(st.get_option("secrets.files")):
            return None
        log.error("The secrets cannot be read, so NewsLens lets no one in: %s", exc)   # the server's log only
        raise SecretsUnreadable from exc
    if section is not None and not isinstance(section, Mapping):
        log.error("The secrets' [%s] is not a table, so NewsLens lets no one in", name)
        raise SecretsUnreadable
    return section


def _rules() -> AccessRules | None:
    """This server's rules; None when its secrets cannot be read (then no one is let in or may cancel)."""
    try:
        return access_rules(_secrets_section(SECRETS_SECTION))
    except SecretsUnreadable:
        return None


# The starter recorded where people sign in but the visitor's address could not be read: no address
# is it, so only an administrator may cancel that build (never "anyone", as an unknown starter was).
UNIDENTIFIED = "(unidentified)"


def may_stop(owner: str | None, email: str | None, rules: AccessRules, *, verified: bool = True) -> bool:
    """Whether ``email`` may cancel a build ``owner`` started. Anyone where no one signs in (one
    anonymous user). Where people do, only an address the gate lets in (``is_allowed``, so an
    unverified one only where it is listed by itself), and then: anyone for a build no one asked
    for (the automatic first start, or one started before sign-in was on), else its starter or an
    administrator (``admins``)."""
    if not rules.require_login:
        return True
    if not is_allowed(email, rules, verified=verified):
        return False
    address = str(email).strip().lower()
    return not owner or address == owner.strip().lower() or address in rules.admins


def _visitor() -> tuple[str | None, bool]:
    """The signed-in visitor's address (None when it cannot be read) and whether it is verified."""
    try:
        if not st.user.is_logged_in:
            return None, False
        return st.user.get("email"), _verified()
    except Exception:  # noqa: BLE001 - fail closed (``build_owner``, ``may_stop``), never open
        return None, False


def _verified() -> bool:
    """A provider that says nothing of it is taken at its word; only an explicit False is unverified."""
    return st.user.get("email_verified", True) is not False


def build_owner() -> str | None:
    """Who a build started now at this visitor's request belongs to: None where no one signs in;
    else their address, or ``UNIDENTIFIED`` when it (or the secrets) cannot be read."""
    rules = _rules()
    if rules is not None and not rules.require_login:
        return None
    email, _ = _visitor()
    return email if email and rules is not None else UNIDENTIFIED


def may_stop_build(owner: str | None) -> bool:
    """``may_stop`` for this session's visitor (one whose address, or the secrets, cannot be read may
    stop nothing)."""
    rules = _rules()
    if rules is None:
        return False
    email, verified = _visitor()
    return may_stop(owner, email, rules, verified=verified)


def starter_name(owner: str) -> str:
    """A build's starter as every visitor sees it: the name part of the address only (enough for a
    team to know whom to ask; the whole address is not put before everyone who opens the page)."""
    return owner.partition("@")[0] or owner


def stop_refused_text(owner: str | None) -> str:
    """What this visitor sees in place of a build's Cancel button (plain text: escape it)."""
    if owner == UNIDENTIFIED:
        return "Started by someone the server could not identify: only an administrator can cancel it."
    if not owner:
        return "Your sign-in could not be read, so you cannot cancel it: reload the page or sign in again."
    return f"Started by {starter_name(owner)}: only they or an administrator can cancel it."


def render_gate() -> bool:
    """True when this visitor may see the app; otherwise show sign-in or a refusal and return False."""
    try:
        rules = access_rules(_secrets_section(SECRETS_SECTION))
        auth = _secrets_section("auth") if rules.require_login else None
    except SecretsUnreadable:     # no path, no parser message: those are in the server's log
        st.title("NewsLens")
        st.error(SECRETS_UNREADABLE, icon=":material/lock:")
        return False
    if not rules.require_login:
        return True
    if auth is None:
        st.title("NewsLens")
        st.error("Sign-in is required, but no identity provider is configured (the `[auth]` block of "
                 "`.streamlit/secrets.toml`). Ask the administrator.", icon=":material/lock:")
        return False
    if not st.user.is_logged_in:
        st.title("NewsLens")
        st.write("This NewsLens is shared by a team. Sign in to continue.")
        st.button("Sign in", key="nl_login", icon=":material/login:", on_click=st.login)
        return False
    email = st.user.get("email")
    if not is_allowed(email, rules, verified=_verified()):
        st.title("NewsLens")
        st.error(f"The account {escape_text(str(email or 'without an e-mail address'))} is not on this "
                 "NewsLens's list of users. Ask the administrator to add it.", icon=":material/block:")
        st.button("Sign out", key="nl_logout", icon=":material/logout:", on_click=st.logout)
        return False
    with st.sidebar:
        st.caption(f"Signed in as {escape_text(str(email))}")
        st.button("Sign out", key="nl_logout", icon=":material/logout:", on_click=st.logout, type="tertiary")
    return True
