"""The only Streamlit code of ``newslens``, one module per concern.

- ``loading``: the cached snapshot and model, the first-run build of the sample corpus, error screens.
- ``sidebar``: the shared filters, their URL state, and extra sidebar controls views register.
- ``presentation``: presentation (slide) mode and the page-controls container it hides.
- ``render``: figures (with their stamp and image export), selections, untrusted paragraph text.
- ``navigation``: the page list and switching between views (open an article in the reader).
- ``topic_state``: the session's lenses, topic labels for every page and the sidebar topic filter.

Pages stay thin: ``snapshot = loading.get_snapshot()``, ``filters = sidebar.current_filters()``,
call pure functions in ``newslens``, render with ``render.render_figure`` / ``render.render_paragraph_text``.
"""
from newslens.ui import topic_state  # noqa: F401  registers the sidebar topic filter and the timeline's topic split
