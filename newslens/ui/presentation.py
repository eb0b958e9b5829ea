"""Presentation mode: slide-ready output for screenshots (no sidebar, larger type, stamped charts)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import streamlit as st

KEY_PRESENT = "nl_present"
QP_PRESENT = "present"

_CONTROLS_PREFIX = "nl-controls"

# What public options cover, they do: the page controls sit in ``st.container(key=...)`` and are
# hidden through the stable ``st-key-<key>`` class Streamlit gives such a container; the chart
# toolbar shows on hover only through Plotly's ``displayModeBar="hover"`` (render.render_figure).
# Streamlit 1.67 has no public option to hide the sidebar, header, toolbar and top decoration for
# one session while the sidebar's widgets keep running (they hold the filters):
# ``set_page_config(initial_sidebar_state="collapsed")`` leaves the expand arrow and the header,
# ``client.toolbarMode`` is server-wide, ``st.navigation(position="hidden")`` (used in presentation
# mode) hides only the page menu. Those few elements are therefore addressed by their
# ``data-testid``; the browser tests (tests/browser/test_browser_app.py) catch a rename.
_PRESENTATION_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [class*="st-key-{_CONTROLS_PREFIX}"] {{
  display: none !important;
}}
html {{ font-size: 19px; }}
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {{
  padding-top: 1.5rem !important; max-width: 1500px;
}}
.stApp {{ background: #ffffff; color: #1a1a1a; }}
</style>
"""


def presentation_mode() -> bool:
    """True when the user asked for slide-ready output (sidebar toggle or ``?present=1``)."""
    if KEY_PRESENT not in st.session_state and QP_PRESENT in st.query_params:
        return st.query_params.get(QP_PRESENT) in {"1", "true", "yes", "on"}
    return bool(st.session_state.get(KEY_PRESENT, False))


def _exit_presentation() -> None:
    st.session_state[KEY_PRESENT] = False


def apply_presentation_style() -> None:
    """Inject the presentation CSS when the mode is on (call once per run, from app.py)."""
    if presentation_mode():
        st.html(_PRESENTATION_CSS)


def render_presentation_exit() -> None:
    """A discreet way back from presentation mode (the sidebar is hidden there)."""
    if presentation_mode():
        st.button("Exit presentation mode", key="nl_exit_present", on_click=_exit_presentation,
                  type="tertiary", icon=":material/close:")


@contextmanager
def controls(name: str) -> Iterator[Any]:
    """A container for a page's controls: shown normally, hidden (but still active) in presentation mode."""
    with st.container(key=f"{_CONTROLS_PREFIX}-{name}") as box:
        yield box
