"""What the Reporters and Tags pages draw alike: the table of every reporter (tag) with its
change against the previous period, and one reporter's (tag's) own view: trend, top articles,
and the sections, tags and co-authors of those articles."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from newsdash.dashboard import dimension_data, figures, filters, ui
from newsdash.dashboard.charts import wall_clock
from newsdash.dashboard.i18n import _
from newsdash.dashboard.text import chart_text


def count_labels() -> dict[str, str]:
    return {
        "articles": _("Articles"), "views": _("Views"), "readers": _("Readers"),
        "likes": _("Likes"), "comments": _("Comments"), "shares": _("Shares"),
    }  # fmt: skip


def totals_table(
    frame: pd.DataFrame, dimension: str, name_label: str, ctx: ui.Context, name: str = ""
) -> None:
    """The table and its CSV download (machine column names: author or tag, articles, ...)."""
    shown = frame.rename(columns={"name": dimension})[[
        dimension, "articles", "views", "readers", "likes", "comments", "shares", "views_change"
    ]]  # fmt: skip
    labels = count_labels()
    config = {
        dimension: st.column_config.TextColumn(name_label, width="medium"),
        **{c: st.column_config.NumberColumn(label, format="localized") for c, label in labels.items()},
        "views_change": st.column_config.NumberColumn(_("Views vs previous period"), format="percent"),
    }  # fmt: skip
    ui.table(shown, name or f"{dimension}s", ctx, config)


def trend_chart(trend: pd.DataFrame, zone: str):
    shown = trend.assign(day=wall_clock(trend["day"])) if len(trend) else trend
    fig = px.line(shown, x="day", y="views", markers=True,
                  labels={"day": _("Day ({zone})").format(zone=zone), "views": _("Views")})  # fmt: skip
    fig.update_traces(
        hovertemplate=_("Day") + ": %{x|%Y-%m-%d}<br>" + _("Views") + ": %{y:,}<extra></extra>"
    )
    fig.update_layout(height=280, margin={"l": 8, "r": 8, "t": 16, "b": 8}, separators=".,")
    fig.update_yaxes(tickformat=",", rangemode="tozero")
    fig.update_xaxes(tickformat="%m-%d")
    return fig


def bars(frame: pd.DataFrame, label: str):
    shown = frame.head(10).assign(name=lambda f: f["name"].map(chart_text))
    fig = px.bar(shown, x="articles", y="name", orientation="h",
                 labels={"articles": _("Articles"), "name": label})  # fmt: skip
    fig.update_traces(
        hovertemplate=label + ": %{y}<br>" + _("Articles") + ": %{x:,}<extra></extra>"
    )
    fig.update_layout(height=60 + 28 * len(shown), margin={"l": 8, "r": 8, "t": 8, "b": 8})
    fig.update_yaxes(autorange="reversed")
    return fig


def articles_table(articles: pd.DataFrame, ctx: ui.Context) -> None:
    shown = articles[["title", "section", "views", "likes", "comments", "shares", "article_id"]]
    labels = count_labels()
    ui.table(shown, "articles", ctx, {
        "title": st.column_config.TextColumn(_("Title"), width="large"),
        "section": st.column_config.TextColumn(_("Section")),
        **{c: st.column_config.NumberColumn(labels[c], format="localized")
           for c in ("views", "likes", "comments", "shares")},
        "article_id": st.column_config.TextColumn(_("Article id")),
    })  # fmt: skip


def pick(frame: pd.DataFrame, label: str, key: str) -> str | None:
    """The reporter (tag) to look at, in the URL; a link's unknown one is said, not dropped."""
    names = list(frame["name"])  # the URL holds the name as shown (the same in every language)
    notice = filters.choice_notice(filters.raw_params(), key, names, label.lower(), names[0])
    if notice:
        st.warning(notice, icon=":material/link_off:")
    name = st.selectbox(label, names, key=key, bind="query-params")
    return dict(zip(frame["name"], frame["key"], strict=True))[name]


def member_view(ctx: ui.Context, dimension: str, key: str, name: str) -> None:
    start, end = ctx.filters.window()
    articles, trend = dimension_data.member(
        ctx.src, ctx.settings, dimension, key, start, end, ctx.filters.edition
    )
    st.subheader(ui.plain(name))
    st.caption(  # compact figures: 1.2만 in Korean, 12.3K in English (Babel)
        _("{views} views · {articles} articles in this period").format(
            views=ui.fmt_compact(articles["views"].sum()), articles=ui.fmt_int(len(articles))
        )
    )
    figures.chart(trend_chart, trend, ctx.short_zone)
    st.markdown("**" + _("Top articles") + "**")
    articles_table(articles, ctx)
    left, middle, right = st.columns(3)
    sections = articles["subsection"].where(articles["subsection"].notna(), articles["section"])
    with left:
        st.markdown("**" + _("Sections") + "**")
        found = dimension_data.counted(sections)
        if len(found):
            figures.chart(bars, found, _("Section"))
    with middle:
        st.markdown("**" + _("Tags") + "**")
        found = dimension_data.counted(articles["tags"])
        if dimension == "tag":
            found = found[found["name"].map(str.casefold) != name.casefold()]
        if len(found):
            figures.chart(bars, found, _("Tag"))
    with right:
        st.markdown("**" + (_("Co-authors") if dimension == "author" else _("Reporters")) + "**")
        found = dimension_data.counted(articles["reporters"])
        if dimension == "author":
            found = found[found["name"] != name]
        if len(found):
            figures.chart(bars, found, _("Reporter"))
        else:
            st.caption(_("None in this period."))
