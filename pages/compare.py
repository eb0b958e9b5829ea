"""Compare outlet wordings: how the same story is told, side by side.

Pick a detected story (or any articles by hand); the first article is the reference the others are
aligned to: a story's earliest, or its core when the order of publication is not known
(``newslens.compare.reference``). The selection lives in the URL (``?articles=ID,ID``) so a copied
link reproduces it.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from newslens.ui import loading, navigation, presentation, render, sidebar, story_verdicts
from newslens.ui import model_choice as ui_model
from newslens.compare.alignment import (CompareError, Comparison, compare_articles, comparison_counts, default_threshold,
                              resolve_article_id, reuse_bars_text, reuse_figure, reuse_rule_text,
                              threshold_text, uncounted_text)
from newslens.outlets import outlet_labels
from newslens.dates import NO_ORDER, iso_date_text, order_uncertain_note
from newslens.compare.html_export import comparison_html, comparison_sections, summary_html
from newslens.filters import filter_articles
from newslens.safe import escape_text
from newslens.schema import ArticleCol, shown_title, title_source
from newslens.store import Snapshot
from newslens.compare import reference as story_reference
from newslens.compare import judgements, story_store
from newslens.compare.stories import StoryResult, story_from_articles, sure_confidence, surest_story

QP_ARTICLES = navigation.QP_ARTICLES
KEY_ARTICLES = "cmp_articles"
KEY_STORY = "cmp_story"
KEY_REFERENCE = "cmp_reference"
KEY_THRESHOLD = "cmp_threshold"
KEY_SHOWN = "cmp_shown"
BY_HAND = "__by_hand__"
MAX_ARTICLES = navigation.COMPARE_MAX_ARTICLES

snapshot = loading.get_snapshot()
if snapshot is None:
    st.stop()
filters = sidebar.current_filters()
large = presentation.presentation_mode()


@st.cache_resource(show_spinner="Grouping articles into stories…", max_entries=16)
def cached_stories(snapshot_id: str, ids_key: str, verdicts_key: str, _article_ids: list[str],
                   _snapshot: Snapshot, _verdicts: judgements.Verdicts) -> StoryResult:
    # Keyed by snapshot id, a digest of the filtered articles and what the researcher's verdicts file
    # holds (a verdict saved shows at once). A resource, not data: read only, and unpickling 10k
    # stories on every rerun took seconds. The pipeline's stories when the snapshot has them
    # (newslens.compare.story_store), else grouped now; the verdicts applied to either.
    return story_store.story_result(_snapshot, _article_ids, _verdicts)   # (the verdicts its key was read from)


@st.cache_data(show_spinner=False, max_entries=256)
def cached_content_words(snapshot_id: str, article_id: str, _snapshot: Snapshot) -> int:
    return story_reference.content_words(_snapshot, article_id)


@st.cache_data(show_spinner="Aligning paragraphs…", max_entries=64)
def cached_comparison(snapshot_id: str, a: str, b: str, threshold: float, _snapshot: Snapshot) -> Comparison:
    return compare_articles(_snapshot, a, b, threshold=threshold)


all_articles = snapshot.articles
visible = filter_articles(all_articles, filters)
outlet_of = dict(zip(all_articles[ArticleCol.ID], outlet_labels(all_articles)))  # never "nan"


@st.cache_resource(show_spinner=False, max_entries=2)
def article_labels(snapshot_id: str, _articles: pd.DataFrame) -> dict[str, str]:
    """Every article's label, built once per snapshot: the pickers format up to 100k options on
    every rerun, and a pandas lookup per option took 25 s at 10k articles."""
    labels = {}
    languages = (_articles[ArticleCol.LANGUAGE].tolist() if ArticleCol.LANGUAGE in _articles
                 else [None] * len(_articles))
    for aid, outlet, raw_title, note, published, start, end, language in zip(
            _articles[ArticleCol.ID].tolist(), outlet_labels(_articles).tolist(), _articles[ArticleCol.TITLE].tolist(),
            _articles[ArticleCol.TITLE_NOTE].tolist(),
            _articles[ArticleCol.PUBLISHED].tolist(), _articles[ArticleCol.DATE_START].tolist(),
            _articles[ArticleCol.DATE_END].tolist(), languages):
        title = shown_title(raw_title, title_source(note), 55)
        published = published if isinstance(published, str) else None
        # the language too: one outlet's two editions (sud.ua in Ukrainian and Russian) read alike
        lang = f"{language} · " if isinstance(language, str) and language else ""
        labels[aid] = f"{outlet} · {lang}{title} ({iso_date_text(published, start, end)})"
    return labels


label_of = article_labels(snapshot.snapshot_id, all_articles)


def article_label(article_id: str) -> str:
    """Plain text (selectbox options are never rendered as Markdown)."""
    return label_of.get(article_id, article_id)


visible_ids = visible[ArticleCol.ID].tolist()
verdicts = judgements.read_verdicts(snapshot)
story_result = cached_stories(snapshot.snapshot_id, loading.ids_key(visible_ids), verdicts.key, visible_ids, snapshot,
                              verdicts)
stories = story_result.stories
story_by_id = {s.id: s for s in stories}


def story_label(story_id: str) -> str:
    if story_id == BY_HAND:
        return "Pick articles by hand"
    story = story_by_id[story_id]
    outlets = ", ".join(dict.fromkeys(outlet_of.get(a, a) for a in story.article_ids))
    title = shown_title(story.title, story.title_source, 60)
    # said of every story: a "0.99" alone read as certain beside the sure ones (set 28's review)
    # "less sure" says what it falls short of: "confidence 0.99, less sure" read as a contradiction
    # (set 31's review); sure means every report linked at twice the evidence a link needs
    sure = ", sure" if story.sure else f", less sure: sure needs {sure_confidence():.2f}"
    # rounded down, so a less sure story never reads "1.00" beside "sure needs 1.00"
    shown = story.confidence if story.sure else math.floor(story.confidence * 100) / 100
    # a story a researcher's verdict changed says so where it is picked (and on a slide of it)
    judged = ", corrected by a researcher" if story.judged else ""
    return f"{title} — {len(story.article_ids)} articles: {outlets} (confidence {shown:.2f}{sure}{judged})"


def from_url() -> list[str]:
    raw = st.query_params.get(QP_ARTICLES, "")
    ids = []
    for key in [k.strip() for k in str(raw).split(",") if k.strip()]:
        try:
            ids.append(resolve_article_id(snapshot, key))
        except CompareError as exc:
            st.warning(f"Link ignored: {escape_text(str(exc))}", icon=":material/link_off:")
    return list(dict.fromkeys(ids))[:MAX_ARTICLES]


def core_of(story) -> str:
    """The reference a detected story opens on (``reference.default_reference``): its earliest
    report, or its core when the order of publication is not known."""
    return story_reference.default_reference(
        story, list(story.article_ids)[:MAX_ARTICLES],
        lambda a: cached_content_words(snapshot.snapshot_id, a, snapshot))


def story_articles(story) -> list[str]:
    """A detected story's reports as the page loads them: its default reference first."""
    members = list(story.article_ids)[:MAX_ARTICLES]
    first = core_of(story)
    return [first] + [a for a in members if a != first]


def pick_story() -> None:
    story = story_by_id.get(st.session_state.get(KEY_STORY))
    if story is not None:
        st.session_state[KEY_ARTICLES] = story_articles(story)
        st.session_state.pop(KEY_REFERENCE, None)


def edited_articles() -> None:
    # Splitting, merging or hand-picking overrides the detected story.
    chosen = st.session_state.get(KEY_ARTICLES, [])
    story = story_by_id.get(st.session_state.get(KEY_STORY))
    if story is None or set(story.article_ids[:MAX_ARTICLES]) != set(chosen):
        st.session_state[KEY_STORY] = BY_HAND


# After a verdict: the story as it now stands (or the same reports, picked by hand).
if after := story_verdicts.pending_articles():
    st.session_state[KEY_ARTICLES] = after[:MAX_ARTICLES]
    # the story now holding them all (a report joined to a story opens the whole story)
    st.session_state[KEY_STORY] = next((s.id for s in stories if set(after) <= set(s.article_ids)), BY_HAND)
    if st.session_state[KEY_STORY] != BY_HAND:
        st.session_state[KEY_ARTICLES] = story_articles(story_by_id[st.session_state[KEY_STORY]])
    st.session_state.pop(KEY_REFERENCE, None)
# First run of the session: the URL's articles, else the story the grouping is surest of.
if KEY_ARTICLES not in st.session_state:
    initial = from_url()
    if initial:
        st.session_state[KEY_STORY] = next((s.id for s in stories if set(s.article_ids[:MAX_ARTICLES]) == set(initial)),
                                           BY_HAND)
        st.session_state[KEY_REFERENCE] = initial[0]
    elif (surest := surest_story(stories)) is not None:
        st.session_state[KEY_STORY] = surest.id
        initial = story_articles(surest)
    st.session_state[KEY_ARTICLES] = initial
if st.session_state.get(KEY_STORY) not in {BY_HAND, *story_by_id}:
    st.session_state[KEY_STORY] = BY_HAND

st.title("Compare outlet wordings")
st.caption("What each outlet kept, changed, added and dropped: paragraphs aligned by meaning (by shared "
           "words in a language the model does not cover; also when a re-report moved them), word changes "
           "marked, and quotes, numbers, hedges and sources checked.")
# Stories grouped now, not as the snapshot stores them (a build under other rules): the counts differ.
ui_model.render_stored_stories_notices(story_result.snapshot_notices)

options = list(dict.fromkeys(list(visible[ArticleCol.ID]) + list(st.session_state.get(KEY_ARTICLES, []))))
with presentation.controls("compare-pick"):
    st.selectbox(f"Story ({len(stories)} detected)", [BY_HAND] + [s.id for s in stories], key=KEY_STORY,
                   format_func=story_label, on_change=pick_story,
                   help="Articles grouped automatically on converging evidence (close content, shared passages, "
                        "rare names and numbers, quotes, the cited source) with compatible dates. Confidence: each "
                        "report's strongest link, averaged; \"sure\" when every report is linked at twice the "
                        f"evidence a link needs (confidence at least {sure_confidence():.2f}, as the Timeline "
                        "says; on the labelled real corpora far more often true re-reports; a less "
                        "sure story may join steps of one case). Edit the articles to split or merge a story by hand.")
    st.multiselect("Articles to compare (the first is the reference)", options, key=KEY_ARTICLES,
                      format_func=article_label, max_selections=MAX_ARTICLES, on_change=edited_articles,
                      placeholder="Choose two or more articles")
    chosen: list[str] = list(st.session_state.get(KEY_ARTICLES, []))
    with st.expander("Alignment settings", expanded=False):
        base = default_threshold(snapshot.model_name)
        threshold = st.slider("Align paragraphs whose similarity is at least", 0.2, 0.95, value=base, step=0.05,
                              key=KEY_THRESHOLD,
                              help=f"Default {base:.2f} for {snapshot.model_name}. Lower aligns looser rewordings; "
                                   "higher keeps only close ones. For two articles in different languages a multilingual "
                                   "model's cross-language shift (config/models.yaml) is taken off it; two articles "
                                   "compared by shared words (a language the model does not cover) use the word "
                                   "bar, moved in proportion.")
    if len(chosen) > 2:
        if st.session_state.get(KEY_REFERENCE) not in chosen:
            st.session_state[KEY_REFERENCE] = chosen[0]
        st.selectbox("Reference article (the others are aligned to it)", chosen, key=KEY_REFERENCE,
                     format_func=article_label)

if len(chosen) < 2:
    st.query_params.pop(QP_ARTICLES, None)
    st.info("Choose two or more articles to compare, or pick a detected story above."
            + ("" if stories else " No stories were detected among the articles passing the sidebar filters."),
            icon=":material/compare_arrows:")
    st.stop()

reference = st.session_state.get(KEY_REFERENCE) if len(chosen) > 2 else chosen[0]
reference = reference if reference in chosen else chosen[0]
others = [a for a in chosen if a != reference]
st.query_params[QP_ARTICLES] = ",".join([reference] + others)
story = story_by_id.get(st.session_state.get(KEY_STORY))
if story is not None and not story_reference.order_known(story) and reference == core_of(story):
    # why this report and not the first id: no order of publication says which is the original
    st.caption(escape_text("Reference: the report the others are closest to; the order of publication is not "
                           "known."), unsafe_allow_html=True)

# Who reported first, for the chosen group (detected or picked by hand).
left_out = [a for a in story.article_ids if a not in chosen] if story is not None else []
if left_out:
    # A story of more reports than fit side by side loads its first ones by date; a reviewer saw
    # "7 articles" in the story's label, 6 loaded and nothing saying which one was not (session 32).
    st.info(escape_text(
        f"Showing {len(chosen)} of this story's {len(story.article_ids)} reports (at most {MAX_ARTICLES} side by "
        f"side: the earliest, undated last). Not shown: {'; '.join(article_label(a) for a in left_out)}."
        + ("" if large else f" To include {'it' if len(left_out) == 1 else 'one'}, remove a report from "
                            "\"Articles to compare\" and add it there.")),
        icon=":material/filter_list:")
if story is None or set(story.article_ids) != set(chosen):
    story = story_from_articles(snapshot, chosen)


# "Outlet: first, order uncertain → Outlet: +1 day": a colon, so the lag's own brackets never nest.
# Undated reports follow, named apart: an arrow to "date unknown" claimed an order nobody knows.
dated = [a for a in story.article_ids if story.lags.get(a) is not None]
undated = ", ".join(outlet_of.get(a, a) for a in story.article_ids if a not in dated)
order = "; ".join(part for part in (
    " → ".join(f"{outlet_of.get(a, a)}: {story.lag_text(a)}" for a in dated),
    (f"date unknown: {undated}" if dated else f"not known, {NO_ORDER} ({undated})") if undated else "")
    if part)
certainty = "" if story.first_reporter_certain or story.first_reporter is None else \
    " " + order_uncertain_note(story.order_uncertain_reason)
st.markdown(f"**Order of publication:** {escape_text(order)}.{escape_text(certainty)}", unsafe_allow_html=True)
with st.expander("Why these articles are grouped", expanded=False):
    st.markdown("<br>".join(escape_text(part) for part in story.explanation.split(" | ")), unsafe_allow_html=True)
    if listed := story_verdicts.kept_apart(story, stories):     # (the panel's list: what a Join brings in)
        related = "; ".join(story_verdicts.related_text(
            r, f"{', '.join(outlet_of.get(a, a) for a in joined)} ({shown_title(r.title, r.title_source, 60)})")
            for r, _, joined in listed)
        st.markdown(escape_text(f"Related, not the same story (kept apart): {related}."), unsafe_allow_html=True)
with presentation.controls("compare-verdicts"):        # (not on a slide)
    story_verdicts.render_verdict_panel(snapshot, story_by_id.get(st.session_state.get(KEY_STORY)), chosen, reference,
                                        article_label, story_result)
# the languages' notices (the verdicts' are in the panel above)
ui_model.render_notices([n for n in story_result.notices if n not in judgements.verdict_notices(story_result)]
                        if any(a in story_result.not_compared_by_meaning_ids for a in chosen) else [],
                        key="compare_rebuild_model")

comparisons = [cached_comparison(snapshot.snapshot_id, reference, other, float(threshold), snapshot)
               for other in others]
stamp = render.chart_stamp(snapshot, filters, "  ·  ".join(filter(None, (threshold_text(float(threshold), comparisons),
                                                                 reuse_bars_text(comparisons)))))

with presentation.controls("compare-export"):
    st.download_button(
        "Download this comparison (HTML)", data=comparison_html(comparisons, stamp=stamp).encode("utf-8"),
        file_name=f"newslens-compare-{reference}-vs-{'-'.join(others)}.html"[:150], mime="text/html",
        key="cmp_download", icon=":material/download:",
        help="One self-contained file: side by side, quotes, numbers, hedges and sources, all text escaped.")


@st.fragment
def render_comparison(comparisons: list[Comparison], stamp: str) -> None:
    """The reference against one other article; picking another reruns only this part of the page."""
    shown = comparisons[0]
    if len(comparisons) > 1:
        with presentation.controls("compare-shown"):
            pick = st.selectbox("Show the reference compared with", [c.b.article_id for c in comparisons],
                                key=KEY_SHOWN, format_func=article_label)
        shown = next(c for c in comparisons if c.b.article_id == pick)
        overview = " · ".join(f"{c.b.outlet}: carries {c.reuse.a_in_b:.0%} of the reference, {c.reuse.b_in_a:.0%} of it "
                              f"carried by the reference"
                              + (f" ({c.reuse.unread_text()})" if c.reuse.unread_text() else "") for c in comparisons)
        st.caption(escape_text(overview), unsafe_allow_html=True)

    st.markdown(summary_html(shown, with_reuse=False), unsafe_allow_html=True)
    counts = comparison_counts(shown)
    cols = st.columns(5)
    # "carried", not "aligned": loose pairs are aligned rows but not counted (review s31: "0% aligned" over 5 rows);
    # a translation the model cannot read was matched by specifics, not by meaning: the tile says so
    # beside its share (a bare "100%" read as a sure alignment: set 31's review, Guardian / m24.ru)
    # (the delta short, as a tile shows it whole; the counts in a caption under the tiles)
    note = dict(delta="not by meaning" if shown.reuse.unread_text() else (shown.reuse.loose_note or None),
                delta_color="off", delta_arrow="off")
    rule = reuse_rule_text(shown.reuse_bars)
    cols[0].metric("A carried by B", f"{shown.reuse.a_in_b:.0%}", **note, help=f"Share of A's words in paragraphs aligned to B that count as reuse: {rule}.")
    cols[1].metric("B carried by A", f"{shown.reuse.b_in_a:.0%}", **note, help=f"Share of B's words in paragraphs aligned to A that count as reuse: {rule}.")
    cols[2].metric("Hedges dropped", counts.hedges_dropped, help="Hedges one article keeps and the other drops")
    # a review read "Number differences 0" above eight one-sided figures as "the numbers agree" (review 30a)
    possible = (f"+ {counts.possible_differences} possible (paragraphs not aligned)"
                if counts.possible_differences else None)
    cols[3].metric("Figures that disagree", counts.number_differences, delta=possible, delta_color="off",
                   delta_arrow="off", help=(
        "Figures both articles state that disagree: another value for the same count or date, or the same value "
        "with another qualifier ('at least 27' against '27'). Not counted: figures only one article states "
        f"({counts.numbers_in_one_only} here, 'only in A' or 'only in B' under Numbers and dates), so 0 does not "
        "mean the two agree on every number; nor a figure inside the other's bound ('more than 2,900' and "
        f"'2,930': {counts.numbers_consistent} here), which agrees. A possible disagreement: two figures of one "
        "unit word in sentences making the same claim, in paragraphs the alignment did not pair; check them."))
    cols[4].metric("Quotes in one only", counts.quotes_in_one_only, help="Quoted passages the other article does not carry")
    if shown.reuse.unread_text():
        st.caption(escape_text(f"Aligned shares: {shown.reuse.unread_text()}."), unsafe_allow_html=True)
    if uncounted_text(shown):
        st.caption(escape_text(f"{uncounted_text(shown)}."), unsafe_allow_html=True)
    for note in shown.notes:
        # the rebuild this corpus needs (its folders, or the button), not the bare command (review, session 31)
        st.warning(escape_text(ui_model.with_app_hint(note)), icon=":material/info:")

    render.render_figure(reuse_figure(shown, stamp, large=large), key="cmp_reuse",
                     filename=f"newslens-reuse-{shown.a.article_id}-{shown.b.article_id}")

    for heading, block in comparison_sections(shown):
        st.subheader(heading)
        st.markdown(block, unsafe_allow_html=True)


render_comparison(comparisons, stamp)
