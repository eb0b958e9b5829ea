"""Choosing the embedding model in the app: the picker on Add articles, and the offer to rebuild a
corpus with the multilingual model next to every words-only notice (Topics, Search, Compare); the
notices' boxes, whose rebuild hints a slide leaves out.

The notices' text comes from the read side with the shell command (``languages.fix_hint``); in the
app the hint must be something this user can do here: a button that opens Add articles with the
corpus and the multilingual model chosen, or, for a folder built from the shell, the command with
that folder's own paths.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newslens import config, languages, model_choice
from newslens.embedder import MULTILINGUAL_MODEL
from newslens.safe import escape_text
from newslens.store import BUILD_HINT, multilingual_fix, recorded_build
from newslens.ui import corpus as ui_corpus
from newslens.ui import presentation

KEY_MODEL = "nl_add_model"
_KEY_MODEL_FOR = "nl_add_model_for"     # the corpus the picker's value was chosen for
KEY_REQUEST = "nl_add_model_request"     # a rebuild asked for on another page: {corpus, model}
ADD_PAGE = "pages/add_articles.py"


def shell_hint(raw: Path, data: Path) -> str:
    """The fix hint as a command for the folders shown (plain ``fix_hint()`` when they are the defaults)."""
    return multilingual_fix(raw, data)


def _shown_raw_dir() -> Path:
    """The raw folder the snapshot shown was built from (its manifest), else the app's: with
    $NEWSLENS_DATA on a corpus of one's own, the app's default raw folder is the bundled sample's, and
    a hint naming it rebuilt the sample into the user's data folder (a reviewer, session 30)."""
    recorded, _model = recorded_build(ui_corpus.data_dir())
    return recorded if recorded is not None else ui_corpus.raw_dir()


def app_hint() -> str:
    """What the user can do in the app to compare every article by meaning."""
    corpus = ui_corpus.active_corpus()
    if corpus is None or config.read_only():
        return shell_hint(_shown_raw_dir(), ui_corpus.data_dir())
    return (f"rebuild {corpus.name} with the multilingual model (the button below; "
            f"{model_choice.option(MULTILINGUAL_MODEL).cost})")


def with_app_hint(notice: str) -> str:
    """``notice`` with the bare shell fix (``languages.fix_hint()``) replaced by what this app can do
    for the corpus shown (``app_hint``): the command with its folders, or the rebuild here."""
    return notice.replace(languages.fix_hint(), app_hint())


def without_hint(notice: str, hint: str) -> str:
    """``notice`` without the sentence that holds ``hint`` ("... by words only. To compare them by
    meaning, rebuild ...: python -m pipeline build ...." -> "... by words only.")."""
    at = notice.find(hint)
    if at < 0:
        return notice
    start = notice.rfind(". ", 0, at)
    return notice[:start + 1] if start >= 0 else notice[:at].rstrip(" :,")


def hint_sentence(notice: str, hint: str) -> str:
    """The sentence of ``notice`` that holds ``hint`` (what ``without_hint`` leaves out), "" if none."""
    at = notice.find(hint)
    if at < 0:
        return ""
    return notice[notice.rfind(". ", 0, at) + 1:].strip()


def render_stored_stories_notices(notices: list[str], caption: bool = False) -> None:
    """The stories' snapshot notices (grouped now, not as the snapshot stores them): the fact in a
    box (a caption: ``caption``), the rebuild that stores them in an expander under it, as a command
    to copy. None on a slide: it is about the build, not the corpus, and the command names this
    machine's folders (review, session 32)."""
    if presentation.presentation_mode():
        return
    for notice in notices:
        fact = escape_text(without_hint(notice, BUILD_HINT))
        if caption:
            st.caption(fact)
        else:
            st.info(fact, icon=":material/history:")
        rebuild = hint_sentence(notice, BUILD_HINT)
        if rebuild:
            with st.expander("How to store the stories grouped now", icon=":material/terminal:"):
                text, _, command = rebuild.partition(BUILD_HINT)
                st.caption(escape_text(text.rstrip(" :") + "."))
                st.code(BUILD_HINT + command, language="bash", wrap_lines=True)


def render_notices(notices: list[str], key: str, icon: str = ":material/translate:") -> None:
    """Notices as info boxes; a words-only notice's fix hint made actionable here, followed (once)
    by the button that rebuilds the corpus shown with the multilingual model."""
    if not notices:
        return
    shell = languages.fix_hint()
    present = presentation.presentation_mode()
    for notice in notices:
        # a slide states the fact, not how to rebuild (a command, a button) it
        fact = without_hint(without_hint(notice, shell), BUILD_HINT)
        st.info(escape_text(fact if present else with_app_hint(notice)), icon=icon)
    corpus = ui_corpus.active_corpus()
    if not present and any(shell in n for n in notices) and corpus is not None and not config.read_only():
        if st.button(escape_text(f"Rebuild {corpus.name} with the multilingual model"), key=key, icon=":material/translate:",
                     help=model_choice.option(MULTILINGUAL_MODEL).describe()):
            request_rebuild(corpus.name)


def request_rebuild(corpus_name: str) -> None:
    """Open Add articles with this corpus and the multilingual model chosen (nothing is built yet)."""
    st.session_state[KEY_REQUEST] = {"corpus": corpus_name, "model": MULTILINGUAL_MODEL}
    st.switch_page(ADD_PAGE)


def take_request() -> dict | None:
    """The rebuild asked for on another page, once (Add articles applies it before its widgets)."""
    return st.session_state.pop(KEY_REQUEST, None)


def choose_model(corpus_name: str, model: str) -> None:
    """Preselect ``model`` for that corpus (before the picker is drawn)."""
    st.session_state[KEY_MODEL] = model
    st.session_state[_KEY_MODEL_FOR] = corpus_name


def render_model_picker(corpus_name: str | None, current: model_choice.CorpusModel | None) -> str:
    """The model radio, each choice with what it covers and costs; the multilingual one preselected
    when the corpus has articles its model compares by words only. Returns the model name."""
    default = config.default_model()
    names = [o.name for o in model_choice.options(default, current.model_name if current else "")]
    suggested = model_choice.suggested(current.model_name, current.article_languages) if current else default
    # Another built corpus gets its own suggestion; the user's pick is kept while they stay on one
    # corpus (or type the name of a new one, which has nothing to suggest from).
    built_for = corpus_name if current is not None and corpus_name else ""
    if st.session_state.get(KEY_MODEL) not in names or st.session_state.get(_KEY_MODEL_FOR) != built_for:
        choose_model(built_for, suggested)
    chosen = st.radio("Model", names, key=KEY_MODEL, format_func=lambda n: escape_text(model_choice.option(n).title),
                      captions=[escape_text(model_choice.option(n).describe()) for n in names],
                      help="The embedding model compares paragraphs by meaning (search, stories, topics, "
                           "compare). Articles in a language it does not cover are compared by their words only.")
    if current is None:
        st.caption("Articles not all in English? Choose the multilingual model: the English one compares "
                   "other languages by their words only.")
    else:
        outside = current.not_covered()
        said = []
        if outside:
            said.append(f"This corpus is built with {current.model_name}, which compares "
                        f"{languages.languages_text(outside)} by words only; the multilingual model compares "
                        "them by meaning.")
        if chosen != current.model_name:
            # what the switch costs, said with the suggestion too: adding three pages under the
            # preselected model re-embedded a reviewer's whole corpus without a word (session 30)
            said.append(current.rebuild_text(chosen) + f" Choose {current.model_name} to add articles "
                        "without embedding the others again.")
        if said:
            st.caption(escape_text(" ".join(said)))
    return chosen
