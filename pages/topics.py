"""Topics: the named lenses (morale, desertion, executions...) and the clusters nobody named."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from newslens import config, languages
from newslens.embedder import ModelLoadError
from newslens.ui import loading, navigation, presentation, render, sidebar, topic_state
from newslens.ui import model_choice as ui_model
from newslens.topics import analysis as topics
from newslens.topics import lens_store
from newslens.topics.clusters import AGGLOMERATIVE_MAX, MAX_CLUSTERS, METHODS, ClusterParams, Clustering
from newslens.export import file_name, to_csv_bytes, to_json_bytes, with_inputs
from newslens.filters import paragraph_mask
from newslens.topics.lenses import MAX_LEXICON_WEIGHT, LensError, make_lens, save_lenses
from newslens.topics.lexicon import default_weight, lexicon_entries, lexicon_text, plain_entries, read_only_limits
from newslens.safe import escape_text
from newslens.schema import ArticleCol, ParagraphCol
from newslens.store import Snapshot
from newslens.figures import sample_points
from newslens.topics.figures import (NO_LENS, cluster_groups, cluster_sizes_figure, corpus_map_figure,
                                    selected_paragraphs, topic_share_figure)

snapshot = loading.get_snapshot()
if snapshot is None:
    st.stop()
filters = sidebar.current_filters()
large = presentation.presentation_mode()


@st.cache_resource(show_spinner="Clustering paragraphs…", max_entries=8)
def clustering_for(snapshot_id: str, k: int, method: str, _snapshot: Snapshot) -> Clustering:
    return topics.cluster_snapshot(_snapshot, ClusterParams(k=k, method=method))


@st.cache_resource(show_spinner=False, max_entries=8)
def cluster_languages_for(snapshot_id: str, k: int, method: str, _snapshot, _clustering):
    # once per clustering (as the clustering itself): it reads every content paragraph's language
    return topics.cluster_languages(_snapshot, _clustering)


@st.cache_resource(show_spinner="Projecting the corpus map…", max_entries=4)
def map_for(snapshot_id: str, _snapshot: Snapshot) -> pd.DataFrame:
    return topics.corpus_map(_snapshot)


BEST_LENS = "best lens"   # the map's colour by lens: a paragraph's first lens, or NO_LENS


@st.cache_resource(show_spinner="Preparing the topic table…", max_entries=4)
def table_for(snapshot_id: str, fingerprint: str, thresholds: tuple, k: int, method: str, _snapshot: Snapshot,
              _scores, _labels: pd.Series, _clustering: Clustering, _coords: pd.DataFrame,
              _lens_names: tuple[str, ...]) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """One row per content paragraph, and which rows carry which lens (``topics.group_members``).

    Shared read-only across reruns: a filtered view takes a copy, an unfiltered one is this table.
    What every rerun would otherwise recompute over all rows is here (1.5 s at 1M paragraphs).
    """
    table = topics.topic_table(_snapshot, _scores, _labels, _clustering)
    table[topics.X] = _coords[topics.X].to_numpy()
    table[topics.Y] = _coords[topics.Y].to_numpy()
    table["cluster_similarity"] = _clustering.similarity
    table[BEST_LENS] = [t[0] if t else NO_LENS for t in table[topics.TOPICS]]
    return table, topics.group_members(table[topics.TOPICS], _lens_names)


MAX_LEXICON_CHARS = 20_000    # the lexicon box: 80 entries of long patterns


def fill_lens_form(lens_config, name: str | None) -> None:
    """Put lens ``name`` into the add-a-lens form (before the form is drawn: a button's callback)."""
    if name is None:
        return
    lens = lens_config.get(name)
    lexicon, as_patterns = lexicon_text(lens.lexicon)
    st.session_state.update({
        "topics_new_name": lens.name, "topics_new_definition": lens.definition,
        "topics_new_examples": "\n".join(lens.examples), "topics_new_lexicon": lexicon,
        "topics_new_lexicon_regex": as_patterns,
        "topics_new_lexicon_weight": lens.lexicon_weight if lens.lexicon else default_weight(),
        "topics_new_threshold": lens_config.default_threshold if lens.threshold is None else lens.threshold,
    })


st.title("Topics")
lens_config, error = topic_state.session_lenses()
if lens_config is None:
    st.error(f"**The lens file cannot be used.** {escape_text(error or '')}", icon=":material/error:")
    st.caption(f"Fix the file ({escape_text(str(config.lenses_file()))}) and reload the page.")
    st.stop()
rows = topics.content_rows(snapshot)
if len(rows) == 0:
    st.info("This snapshot has no content paragraphs to label or cluster.", icon=":material/info:")
    st.stop()

# --- lenses: thresholds, the user's own lenses ------------------------------------------------
with presentation.controls("topics-lenses"):
    st.markdown("**Lens thresholds** - a paragraph gets a lens when its score reaches the threshold.")
    chosen = dict(st.session_state.get(topic_state.KEY_LENS_THRESHOLDS, {}))
    defaults = lens_config.thresholds()
    try:   # (scored once and cached: read again below, where a lens that cannot be scored is said)
        ceilings = topic_state.threshold_ceilings(snapshot, lens_config)
    except ModelLoadError:
        ceilings = {}
    columns = st.columns(min(len(lens_config.lenses), 4))
    for i, name in enumerate(lens_config.names):
        key = f"topics_thr::{name}"
        current = float(st.session_state.get(key, chosen.get(name, defaults[name])))
        top = ceilings.get(name, max(1.0, current))
        # Set on every run: a slider whose end moved (another snapshot, a refitted head) is a new
        # widget to Streamlit, which would otherwise start it at 0.0 and give every paragraph the lens.
        st.session_state[key] = min(current, top)
        chosen[name] = columns[i % len(columns)].slider(
            name, 0.0, top, step=0.01, key=key,
            help=f"Default {defaults[name]:.2f} (from the lens file)."
                 + (f" Scores here go up to about {top - 0.01:.2f} (a similarity plus lexicon wordings, or "
                    "the trained head's verdict): at the far right no paragraph has the lens." if top > 1.0 else ""))
    st.session_state[topic_state.KEY_LENS_THRESHOLDS] = chosen
    # said under the sliders, not only in their help: a slider shows no end, and a score of 1.065
    # read as beyond a 0-1 threshold (review s32)
    above = {name: ceilings[name] for name in lens_config.names if ceilings.get(name, 1.0) > 1.0}
    if above:
        st.caption(f"Scores of {', '.join(f'**{escape_text(n)}**' for n in above)} go above 1: a score adds the "
                   "lens's lexicon wordings to the similarity, or is a trained head's verdict past the threshold. "
                   + ("Their sliders reach" if len(above) > 1 else "Its slider reaches")
                   + " past the highest score (" + ", ".join(f"{escape_text(n)} to {t:.2f}" for n, t in above.items())
                   + "): at the far right no paragraph has the lens.")

    # (the form's starting numbers, set here so that filling it with a lens can set them too)
    st.session_state.setdefault("topics_new_lexicon_weight", default_weight())
    st.session_state.setdefault("topics_new_threshold", lens_config.default_threshold)
    with st.expander("Add your own lens, edit or remove one, or save them to the lens file"):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        editable = left.selectbox("Edit a lens", lens_config.names, key="topics_edit_name", index=None,
                                  placeholder="Choose a lens to fill the form with it")
        right.button("Fill the form", key="topics_edit", icon=":material/edit:", disabled=editable is None,
                     on_click=fill_lens_form, args=(lens_config, editable))
        read_only = config.read_only()    # a shared server: typed wordings only (lexicon.plain_entries)
        with st.form("topics_add_lens", clear_on_submit=False, border=False):
            name = st.text_input("Name", key="topics_new_name", placeholder="e.g. self-harm to escape service",
                                 help="A lens of the same name is replaced.")
            definition = st.text_area("Definition", key="topics_new_definition", height=80,
                                      placeholder="One sentence saying what the theme is.")
            examples = st.text_area("Example phrasings, one per line", key="topics_new_examples", height=120,
                                    placeholder="Soldiers shot themselves in the leg to be sent home.")
            lexicon_box = st.text_area(
                "Lexicon: words or phrases that name the theme, one per line, in any language",
                key="topics_new_lexicon", height=140, max_chars=MAX_LEXICON_CHARS,
                placeholder="barrier troops\nзаградотряд*\nSperrtruppen",
                help="Each one found in a paragraph adds the lexicon weight to its score (at most two count), "
                     "whatever its case or accents, so a paragraph in a language the examples do not reach "
                     "can still get the lens. Whole words as typed; a * ending a word for any ending "
                     "(desert* finds deserter and deserted).")
            left, right = st.columns(2)
            if read_only:
                as_patterns = False
                most_wordings, wording_chars = read_only_limits()
                left.caption(f"On this shared server each line is a plain word or phrase, not a regular "
                             f"expression: at most {most_wordings} lines of at most {wording_chars} characters, and "
                             f"{topic_state.read_only_lenses()} lenses added or changed per session. A lens from "
                             "the lens file keeps its own lines when you edit it.")
            else:
                as_patterns = left.checkbox(
                    "The lines are regular expressions", key="topics_new_lexicon_regex",
                    help="Python regular expressions, matched case-insensitively. A pattern that could take "
                         "too long to search, such as (a+)+ or two .* in a row, is refused with the reason.")
            weight = right.number_input("Lexicon weight", 0.0, MAX_LEXICON_WEIGHT, step=0.01,
                                        key="topics_new_lexicon_weight",
                                        help="Added to the score per lexicon entry found (at most two). "
                                             "The default is config/thresholds.yaml's topics.lexicon_weight.")
            threshold = st.slider("Threshold", 0.0, 1.0, step=0.01, key="topics_new_threshold")
            added = st.form_submit_button("Add lens for this session", icon=":material/add:")
        if added:
            try:
                entries = (plain_entries(lexicon_box, topic_state.file_lexicon(name)) if read_only
                           else lexicon_entries(lexicon_box, as_patterns))
                lens = make_lens(name, definition, examples, threshold, entries, weight if entries else None)
                st.session_state[topic_state.KEY_LENSES] = topic_state.with_session_lens(lens_config, lens)
            except LensError as exc:    # the form keeps what was typed: fix it and add again
                st.error(escape_text(str(exc)), icon=":material/error:")
            else:
                st.session_state.pop(f"topics_thr::{lens.name}", None)
                st.session_state[topic_state.KEY_LENS_THRESHOLDS] = {**chosen, lens.name: lens.threshold}
                st.rerun()
        left, right = st.columns(2)
        removable = left.selectbox("Lens", lens_config.names, key="topics_remove_name")
        if left.button("Remove from this session", key="topics_remove", icon=":material/delete:",
                       disabled=len(lens_config.lenses) < 2):
            st.session_state[topic_state.KEY_LENSES] = lens_config.without(removable)
            st.rerun()
        if config.read_only():
            right.caption("Read-only mode: lenses can be tried for this session, not saved to the lens file.")
        else:
            right.caption(f"Lens file: {escape_text(str(config.lenses_file()))}")
        if not config.read_only() and right.button("Save these lenses to the lens file", key="topics_save",
                                                   icon=":material/save:"):
            try:
                save_lenses(config.lenses_file(), lens_config)
            except (LensError, OSError) as exc:
                right.error(f"Not saved: {escape_text(str(exc))}", icon=":material/error:")
            else:
                right.success(f"Saved {len(lens_config.lenses)} lenses.", icon=":material/check:")

try:
    scores = topic_state.lens_scores(snapshot, lens_config)
except ModelLoadError as exc:      # a lens the snapshot has no scores of, and no model to score it with
    st.error(escape_text(str(exc)), icon=":material/error:")
    if lens_store.stored_names(snapshot, lens_config):   # else every lens needs the model: the error's fix
        st.caption("Remove that lens for this session (above) to see the others.")
    st.stop()
labels = topic_state.topic_labels(snapshot)

# --- clusters: parameters ---------------------------------------------------------------------
n_content = len(rows)
default_k = topics.default_params(snapshot).k
with presentation.controls("topics-clusters"):
    left, middle, right = st.columns([1, 1, 2])
    k = int(left.number_input("Clusters", min_value=1, max_value=min(MAX_CLUSTERS, n_content), value=min(default_k, n_content),
                              step=1, key="topics_k", help=f"Default {default_k} grows with the corpus (√(n/2))."))
    methods = [m for m in METHODS if m == "kmeans" or n_content <= AGGLOMERATIVE_MAX]
    method = middle.selectbox("Method", methods, key="topics_method",
                              help="k-means on normalised embeddings (cosine); agglomerative Ward for "
                                   f"corpora up to {AGGLOMERATIVE_MAX:,} paragraphs.")
    color_by = right.segmented_control("Colour and group by", ["lens", "cluster"], default="lens",
                                       key="topics_color") or "lens"
clustering = clustering_for(snapshot.snapshot_id, k, method, snapshot)
coords = map_for(snapshot.snapshot_id, snapshot)

table, all_lens_members = table_for(
    snapshot.snapshot_id, topic_state.scoring_key(snapshot, lens_config), tuple(sorted(topic_state.lens_thresholds(lens_config).items())),
    k, method, snapshot, scores, labels, clustering, coords, tuple(lens_config.names))
keep = paragraph_mask(snapshot.paragraphs, snapshot.articles, filters, labels)[rows]
if keep.all():   # the views only read it: no copy of every row on each rerun
    view, lens_members = table, all_lens_members
else:
    view = table[keep].reset_index(drop=True)
    lens_members = topics.members_within(all_lens_members, keep)
counts = dict(zip(lens_config.names, np.bincount(lens_members[1], minlength=len(lens_config.names)).tolist()))
unlabelled = len(view) - len(np.unique(lens_members[0]))

st.caption(f"{len(view):,} of {n_content:,} content paragraphs match the filters. "
           + " · ".join(f"**{escape_text(n)}** {c:,}" for n, c in counts.items())
           + f" · unlabelled {unlabelled:,}. "
           f"Clusters: {escape_text(clustering.params.describe())}; "
           f"map: {escape_text(str(coords[topics.PROJECTION].iloc[0]))} of the {escape_text(snapshot.model_name)} embeddings.")

head_note = topics.head_note(snapshot, lens_config, scores)
if head_note and not large:     # how the scores were made: the page's, not the slide's
    st.caption(escape_text(head_note))
notice = topics.words_only_notice(snapshot, scores, rows[keep], lens_config, topic_state.lens_thresholds(lens_config))
# said on every lens chart too (a slide has no page notice above it)
lens_caveat = topics.words_only_stamp(scores, rows[keep])
ui_model.render_notices([notice] if notice else [], key="topics_rebuild_model")

other = ""       # the group of the smaller clusters, when there are more clusters than colours
if color_by == "lens":
    map_col, group_order, group_col, legend = BEST_LENS, list(lens_config.names) + [NO_LENS], topics.TOPICS, "Lens (best)"
    share_groups, members = list(lens_config.names), lens_members
else:
    map_col = topics.CLUSTER_LABEL
    group_order, group_of_cluster, other = cluster_groups(clustering)
    group_col, legend, share_groups = topics.CLUSTER_LABEL, "Cluster: distinctive words", group_order
    members = (np.arange(len(view)), group_of_cluster[view[topics.CLUSTER].to_numpy()])

# --- the corpus map ---------------------------------------------------------------------------
st.subheader("Corpus map")
stamp = render.chart_stamp(snapshot, filters, lens_caveat if color_by == "lens" else "")
# At 100k+ paragraphs the browser cannot draw every point: a seeded, stratified sample, said on the chart.
drawn, sample_note = sample_points(view, map_col)
if other:     # each point under its cluster's group: its own, or the smaller clusters'
    drawn = drawn.assign(**{map_col: np.asarray(group_order, dtype=object)[
        group_of_cluster[drawn[topics.CLUSTER].to_numpy()]]})
fig = corpus_map_figure(drawn, map_col, stamp,
                        title="Corpus map: every content paragraph" if sample_note is None else "Corpus map (sampled)",
                        subtitle=f"Coloured by {'best lens' if color_by == 'lens' else 'cluster'}; "
                                 "nearby points say similar things. Click a point to open it in the reader."
                                 + (f"<br>{sample_note}" if sample_note else ""),
                        legend_title=legend, group_order=group_order, other=other, large=large)
if sample_note:
    st.caption(sample_note)
event = render.render_figure(fig, key="topics_map", filename=f"newslens-corpus-map-by-{color_by}", on_select="rerun",
                         selection_mode=("points", "box", "lasso"))
picked = selected_paragraphs(event)
if len(picked) == 1:
    navigation.open_article(*picked[0])
elif picked:
    ids = {pid for _, pid in picked}
    st.caption(f"{len(ids)} paragraphs selected on the map:")
    st.dataframe(view[view[ParagraphCol.ID].isin(ids)][[ArticleCol.OUTLET, topics.DATE_TEXT, topics.TOPICS,
                                                         ParagraphCol.TEXT]],
                 hide_index=True, width="stretch", key="topics_map_selection")

# --- share over time and per outlet -----------------------------------------------------------
st.subheader("Topic share over time and by outlet")
with presentation.controls("topics-share"):
    period = st.segmented_control("Over time, per", ["month", "week"], default="month", key="topics_period") or "month"
what = "lens" if color_by == "lens" else "cluster"
# a paragraph may carry several lenses (the shares need not add up to 100%), the map shows its best
share_legend = "Lens (a paragraph may have several)" if color_by == "lens" else legend
# One under the other, each the page's width: side by side at 1280 px (and in presentation mode)
# each plot was 60-80 px wide under its legend and labels (review s32).
over_time = topics.topic_share(view, share_groups, by=period, column=group_col, members=members)
undated = int(pd.to_datetime(view[ArticleCol.DATE_START]).isna().sum())
render.render_figure(topic_share_figure(over_time, period, render.chart_stamp(snapshot, filters, "  ·  ".join(
                                        x for x in (f"per {period}", lens_caveat if what == "lens" else "") if x)),
                                    title=f"Share of paragraphs per {what}, by {period}",
                                    subtitle=(f"{undated} undated paragraph(s) not shown" if undated else
                                              "Articles count at their earliest possible date"),
                                    legend_title=share_legend, other=other, large=large),
                 key="topics_share_time", filename=f"newslens-topic-share-per-{period}")
render.render_figure(topic_share_figure(topics.topic_share(view, share_groups, by="outlet", column=group_col,
                                                        members=members),
                                    "outlet", render.chart_stamp(snapshot, filters, lens_caveat if what == "lens" else ""),
                                    title=f"Share of paragraphs per {what}, by outlet",
                                    subtitle="Which outlets write about what", legend_title=share_legend,
                                    other=other, large=large),
                 key="topics_share_outlet", filename="newslens-topic-share-by-outlet")

# --- clusters ---------------------------------------------------------------------------------
st.subheader("Discovered clusters")
render.render_figure(cluster_sizes_figure(clustering, render.chart_stamp(snapshot, filters, clustering.params.describe()),
                                      title="Clusters of paragraphs and their distinctive words",
                                      subtitle=f"{clustering.params.describe()}; words by class-based TF-IDF "
                                               "(all content paragraphs, before filters)", large=large),
                 key="topics_clusters", filename="newslens-clusters")
cluster_langs, one_language = cluster_languages_for(snapshot.snapshot_id, k, method, snapshot, clustering)
if one_language:
    read_by_model = languages.model_languages(snapshot.model_name)
    shown_codes = {part.split()[0] for c in one_language for part in cluster_langs[c].split(" · ")}
    unread = sorted(code for code in shown_codes - {languages.UNKNOWN}
                    if not languages.covered(code, read_by_model))
    st.caption(f"{len(one_language)} of {len(clustering.sizes)} clusters hold paragraphs in languages other than "
               f"the corpus's commonest ({'; '.join(f'{c}: {cluster_langs[c]}' for c in one_language)}): they may "
               "gather languages more than a theme; their words say what they are about."
               + (f" The model {escape_text(snapshot.model_name)} does not compare {', '.join(unread)} by meaning, "
                  "so it can only group those paragraphs by their language." if unread else ""))
overview = pd.DataFrame({
    "cluster": list(clustering.sizes),
    "paragraphs": list(clustering.sizes.values()),
    "languages": [cluster_langs[c] for c in clustering.sizes],
    "distinctive words": [", ".join(clustering.terms.get(c, [])) for c in clustering.sizes],
    "most representative paragraph": [table[ParagraphCol.TEXT].iloc[clustering.representatives[c][0]]
                                      if clustering.representatives.get(c) else "" for c in clustering.sizes],
})
st.dataframe(overview, hide_index=True, width="stretch", key="topics_cluster_table")

# --- the list view ----------------------------------------------------------------------------
@st.fragment
def render_paragraph_list(view: pd.DataFrame, lens_names: tuple[str, ...], clustering: Clustering,
                          lens_members: tuple[np.ndarray, np.ndarray]) -> None:
    """The paragraphs of one lens or cluster, with their downloads. Picking another lens or cluster
    changes only this section, so it reruns alone (a fragment); opening a row switches page.

    The lens thresholds and the cluster parameters above are not fragments: they change which
    paragraphs carry each lens or cluster, so the counts, the map, the share charts and this list.
    """
    st.subheader("Paragraphs of a lens or cluster")
    options = topics.list_options(lens_names, clustering)
    with presentation.controls("topics-list"):
        choice = st.selectbox("Show", options, key="topics_list")
    lens, cluster = topics.parse_list_option(choice)
    if lens is not None:
        carrying = lens_members[0][lens_members[1] == lens_names.index(lens)]
        listed = topics.ranked_paragraphs(view.iloc[carrying], lens=lens)   # only its rows, in view order
        listed["closest example phrasing"] = [w.get(lens) for w in listed[topics.WHY]]
        listed["lens words found"] = [", ".join(w.get(lens) or []) or None for w in listed[topics.WORDS]]
        score_help = ("by the formula: mean cosine similarity to the lens's two closest phrasings, plus the "
                      "lens's lexicon weight for each of its words found (at most two counted); by a trained "
                      "head (see 'scored by'): the lens's threshold plus how far the head's probability is "
                      "above its own bar")
    else:
        listed = topics.ranked_paragraphs(view, cluster=cluster,
                                          cluster_similarity=view["cluster_similarity"].to_numpy())
        listed["closest example phrasing"] = None
        listed["lens words found"] = None
        score_help = "cosine similarity to the cluster's centre"
    shown = listed[[ArticleCol.OUTLET, topics.DATE_TEXT, topics.SCORE, topics.TOPICS, ParagraphCol.TEXT,
                    "closest example phrasing", "lens words found", topics.SCORED_BY, ParagraphCol.ARTICLE_ID,
                    ParagraphCol.ID]]
    # A browser table of every row of a big cluster took seconds per rerun at 1M paragraphs (each
    # row serialised, and again for both downloads): the table shows the best-ranked rows and says
    # so; the downloads, made only when clicked, hold every row.
    st.caption(f"{len(shown):,} paragraph(s). Select a row to open it in the reader."
               + (f" The table shows the {topics.LIST_TABLE_ROWS:,} highest-ranked; the downloads hold all {len(shown):,}."
                  if len(shown) > topics.LIST_TABLE_ROWS else ""))
    selection = st.dataframe(
        shown.head(topics.LIST_TABLE_ROWS), key="topics_list_table", hide_index=True, width="stretch", on_select="rerun",
        selection_mode="single-row",
        column_config={
            topics.SCORE: st.column_config.NumberColumn("score", format="%.3f", help=score_help),
            ParagraphCol.ARTICLE_ID: None, ParagraphCol.ID: None,
            # a cluster's list ranks by similarity to its centre, not by lens scores
            topics.SCORED_BY: None if lens is None else st.column_config.TextColumn("scored by"),
        },
    )
    selected_rows = selection.selection.rows if selection is not None else []
    if selected_rows:
        row = shown.iloc[selected_rows[0]]
        navigation.open_article(str(row[ParagraphCol.ARTICLE_ID]), str(row[ParagraphCol.ID]))
    with presentation.controls("topics-export"):
        left, right = st.columns(2)
        left.download_button("Download CSV", lambda: to_csv_bytes(list_export(shown, choice)),
                             file_name=file_name("newslens", choice, ext="csv"), mime="text/csv", key="topics_csv",
                             icon=":material/download:")
        right.download_button("Download JSON", lambda: to_json_bytes(shown), file_name=file_name("newslens", choice, ext="json"),
                              mime="application/json", key="topics_json", icon=":material/download:")


def list_export(shown: pd.DataFrame, choice: str) -> pd.DataFrame:
    """The list as a CSV holds it: lens names joined into one cell, then which list it is and the
    filters it was read through (``export.with_inputs``)."""
    table = shown.assign(**{topics.TOPICS: shown[topics.TOPICS].map(lambda t: "; ".join(t))})
    return with_inputs(table, {"list": choice, "filters": filters.describe()})


render_paragraph_list(view, tuple(lens_config.names), clustering, lens_members)
