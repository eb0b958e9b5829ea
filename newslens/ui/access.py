"""Who may use a shared NewsLens: optional sign-in with Streamlit's ``st.login`` (OpenID Connect)
and an allowlist, both in ``.streamlit/secrets.toml`` (see README, "Running it for a team").

Off unless ``[newslens_access] require_login = true``. When on, the gate runs before anything of
the corpus is loaded or shown, and it fails closed: a missing ``[auth]`` block, an unverified
address or one not on the list gets a short message, never the data.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from newslens.safe import escape_text

SECRETS_SECTION = "newslens_access"


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


def _secrets_section(name: str) -> Mapping[str, Any] | None:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all (Streamlit raises its own not-found error)
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
    else their address, or ``UNIDENTIFIED`` when it cannot be read."""
    if not access_rules(_secrets_section(SECRETS_SECTION)).require_login:
        return None
    email, _ = _visitor()
    return email if email else UNIDENTIFIED


def may_stop_build(owner: str | None) -> bool:
    """``may_stop`` for this session's visitor (one whose address cannot be read may stop nothing)."""
    email, verified = _visitor()
    return may_stop(owner, email, access_rules(_secrets_section(SECRETS_SECTION)), verified=verified)


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
    rules = access_rules(_secrets_section(SECRETS_SECTION))
    if not rules.require_login:
        return True
    if _secrets_section("auth") is None:
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
