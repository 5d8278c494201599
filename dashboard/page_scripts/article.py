"""Article: find an article by title (Korean too) or id; its views, likes, comments and shares
over time since publication, its channel mix and its best rank in each ranking.

The search text is in the URL (`q`), and so is the chosen article (`article`), so a link
opens the same article. Without a search the period's most viewed articles are offered.
Both reach the database only as bound parameters; a search longer than SEARCH_LIMIT is cut.
Titles and sections are shown as text: escaped in Markdown, shortened in the picker.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pandas as pd
import streamlit as st

from newsdash.dashboard import (
    attention_blocks,
    charts,
    data,
    dimension_data,
    figures,
    filters,
    ranking_data,
    source_charts,
    source_data,
    ui,
)
from newsdash.dashboard.i18n import _
from newsdash.dashboard.palette import EVENT_LABELS
from newsdash.dashboard.shape import channel_totals
from newsdash.dashboard.text import plain, quoted, shorten, visible
from newsdash.formats import safe_url

LAST_SEARCH, LAST_ARTICLE = "article_last_search", "article_last_chosen"
SEARCH_LIMIT = 200  # characters: no title is longer in practice
LABEL_LIMIT, TITLE_LIMIT = 120, 500  # characters of a title in the picker and the heading
source_page_rows = 10  # sources drawn in the article's chart (the table lists them all)


def candidates(ctx: ui.Context, text: str) -> pd.DataFrame:
    if text:
        return data.search_articles(ctx.src, text)
    return data.top_articles(ctx.src, ctx.filters, 20)


def wanted_article(text: str) -> str | None:
    """The article to preselect: the link's (or this session's last) one, unless the editor
    has just typed a new search, whose best match then comes first."""
    searched_before = LAST_SEARCH in st.session_state
    if searched_before and st.session_state[LAST_SEARCH] != text:
        st.session_state[LAST_SEARCH] = text
        st.session_state.pop("article_pick", None)
        return None
    st.session_state[LAST_SEARCH] = text
    return st.query_params.get("article") or st.session_state.get(LAST_ARTICLE)


def choose(ctx: ui.Context) -> str | None:
    text = st.text_input(_("Find an article"), key="q", bind="query-params",
        placeholder=_("Words of the title (Korean too) or the article id"),
    )  # fmt: skip
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > SEARCH_LIMIT:
        st.warning(_("The search is cut to its first {n} characters.").format(n=SEARCH_LIMIT),
                   icon=":material/content_cut:")  # fmt: skip
        text = text[:SEARCH_LIMIT]
    found = candidates(ctx, text)
    wanted = wanted_article(text)
    if wanted and wanted not in set(found["article_id"]):
        too_long = len(wanted) > SEARCH_LIMIT  # no id is that long: not worth a query
        exact = found.head(0) if too_long else data.search_articles(ctx.src, wanted).head(1)
        if list(exact["article_id"]) == [wanted]:
            found = pd.concat([exact, found])
        else:
            st.warning(_("No article with id {id} is loaded: pick another one.").format(id=quoted(wanted)),
                       icon=":material/link_off:")  # fmt: skip
    if found.empty:
        st.info(
            _("No article matches {text}.").format(text=quoted(text))
            if text
            else _("No articles with views yet.")
        )
        return None
    labels = {r.article_id: picker_label(r) for r in found.itertuples()}
    ids = list(labels)
    if not text:
        st.caption(_("The period's most viewed articles; type to search all of them."))
    index = ids.index(wanted) if wanted in labels else 0
    chosen = st.selectbox(
        _("Article"), ids, index=index, format_func=labels.get, key="article_pick"
    )
    st.query_params["article"] = st.session_state[LAST_ARTICLE] = chosen
    return chosen


def picker_label(row) -> str:
    """'title · section · id' on one line: controls visible, a very long title cut."""
    title = shorten(visible(row.title), LABEL_LIMIT)
    return f"{title} · {shorten(visible(row.section), 60)} · {shorten(visible(row.article_id), 60)}"


def meta_line(info: dict) -> str:
    where = " › ".join(p for p in (info["section"], info["subsection"]) if isinstance(p, str))
    parts = [where or _("no section"), info["author"] if isinstance(info["author"], str) else None]
    if pd.notna(info["published_at"]):
        parts.append(_("published {time}").format(time=f"{info['published_at']:%Y-%m-%d %H:%M}"))
    return " · ".join(p for p in parts if p)


def details(ctx: ui.Context, article_id: str) -> None:
    item = data.article(ctx.src, article_id, ctx.filters.grain)
    info = item.info
    if not info["has_metadata"] and not info["views"]:
        st.warning(_("No article with id {id} is loaded.").format(id=quoted(article_id)))
        return
    title = (
        info["title"]
        if info["has_metadata"] and isinstance(info["title"], str)
        else _("(unknown article)")
    )
    st.subheader(plain(title, TITLE_LIMIT))
    st.caption(plain(f"{meta_line(info)} {ctx.short_zone} · id {article_id}", 600))
    url = safe_url(info["url"])  # the widgets' rule: an http(s) page or no link at all
    if url:
        st.link_button(_("Open on the site"), url, icon=":material/open_in_new:")
    counts = {"views": info["views"], "readers": item.readers, "likes": info["likes"],
              "comments": info["comments"], "shares": info["shares"]}  # fmt: skip
    for column, (name, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(ui.metric_name(name), ui.fmt_int(value), border=True)
    other_versions(ctx, article_id, info)
    timeline(ctx, item)
    sources_block(ctx, article_id)
    attention_blocks.article_block(ctx, article_id)
    best_ranks_block(ctx, article_id)


def sources_block(ctx: ui.Context, article_id: str) -> None:
    """The article's views by traffic source, all time (the Sources page's groups and names)."""
    st.subheader(_("Where its readers came from"))
    frame = source_data.of_article(ctx.src, article_id)
    if frame.empty:
        st.info(_("No counted views yet."))
        return
    total = frame["views"].sum()
    frame = frame.assign(share=frame["views"] / total)
    left, right = st.columns([3, 2])
    with left:
        top = frame.head(source_page_rows)
        figures.chart(source_charts.top_sources, top, key="article-sources")
    with right:
        ui.table(source_charts.labelled(frame), "article-sources", ctx,
                 {"share": st.column_config.NumberColumn(format="percent")})  # fmt: skip


def version_tile(ctx: ui.Context, article_id: str, edition: str, title: str, mine: bool) -> None:
    """One language version of a story: its edition, title and all-time counts."""
    info = data.article(ctx.src, article_id, ctx.filters.grain).info
    with st.container(border=True):
        label = _("This version") if mine else _("Other-language version")
        st.caption(f"{label} · {filters.edition_label(edition)} · {plain(article_id, 60)}")
        st.markdown("**" + plain(title if isinstance(title, str) else article_id, 200) + "**")
        views, shares = ui.fmt_int(info["views"]), ui.fmt_int(info["shares"])
        st.write(_("{views} views · {shares} shares").format(views=views, shares=shares))
        if not mine and st.button(_("Open this version"), key=f"open-{article_id}"):
            st.query_params["article"] = st.session_state[LAST_ARTICLE] = article_id
            st.session_state.pop("article_pick", None)
            st.session_state.pop(LAST_SEARCH, None)
            st.query_params.pop("q", None)
            st.rerun()


def other_versions(ctx: ui.Context, article_id: str, info: dict) -> None:
    """The story in the other edition, side by side, when translation_of links them."""
    found = dimension_data.translations(ctx.src, ctx.settings, article_id)
    itself, others = found[found["mine"]], found[~found["mine"]]
    if others.empty or itself.empty:
        return
    st.subheader(_("Other-language version"))
    for row in others.itertuples():
        left, right = st.columns(2)
        with left:
            version_tile(ctx, article_id, itself["edition"].iloc[0], info["title"], True)
        with right:
            version_tile(ctx, row.article_id, row.edition, row.title, False)


def best_ranks_block(ctx: ui.Context, article_id: str) -> None:
    """The Article page's "best rank in each ranking" tiles."""
    item = data.article(ctx.src, article_id, ctx.filters.grain)
    since = item.info["published_at"]
    if since is None or pd.isna(since):
        since = item.info["first_hour"]
    if since is None or pd.isna(since):
        return
    latest = ctx.bounds.last_hour + timedelta(hours=1)
    st.subheader(_("Best rank in each ranking"))
    # Drawn last on the page: the charts above are already on screen while this computes
    # (one scores-only ranking per checked hour).
    with st.spinner(_("Checking the rankings…")):
        found = ranking_data.best_ranks(
            ctx.src, ctx.settings, article_id, since.to_pydatetime(), latest
        )
    st.caption(
        _(
            "Its best place in each ranking's published list, checked at the nightly exports "
            "(midnight {zone}) of up to {nights} nights after publication and at the latest hour."
        ).format(zone=ctx.short_zone, nights=ranking_data.NIGHTS_CHECKED)
    )
    for column, best in zip(st.columns(len(found)), found, strict=True):
        value = f"#{best.best_rank}" if best.best_rank else _("not listed")
        when = _("as of {hour}").format(hour=f"{best.as_of:%Y-%m-%d %H:00}") if best.as_of else None
        column.metric(_(best.title), value, border=True, help=when)
        if when:
            column.caption(when)


def timeline(ctx: ui.Context, item: data.ArticleData) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.subheader(_("Since publication"))
        series = item.series.assign(metric=item.series["event_type"].map(EVENT_LABELS))
        if series.empty:
            st.info(_("No counted traffic for this article yet."))
        else:
            figures.chart(
                charts.traffic_timeline, series, ctx.filters.grain, ctx.zone, key="article-timeline"
            )
    with right:
        st.subheader(_("Channel mix"))
        if item.channels.empty:
            st.info(_("Not shared yet."))
        else:
            totals = channel_totals(item.channels)
            figures.chart(charts.channel_bars, totals, key="article-channels")
            ui.table(totals, "article-channels", ctx,
                     {"share": st.column_config.NumberColumn(format="percent")})  # fmt: skip


def render(ctx: ui.Context) -> None:
    st.title(_("Article"))
    st.caption(
        _("All loaded data, not only the sidebar's dates · by {grain} · times in {zone}").format(
            grain=_(filters.GRAIN_NAMES[ctx.filters.grain]), zone=ctx.zone
        )
    )
    article_id = choose(ctx)
    if article_id:
        details(ctx, article_id)


ui.run_page(render)
