"""Sources: where readers come from (issue 17). Views by source group over time, the top
groups and sources with the change against the previous period, the groups of each section,
and the campaigns (UTM). The sidebar's dates and sections apply; every figure is counted views
from the sources rollup, so the groups sum to the period's views.

Every piece of text the page shows is in TEXT (and the group names in dashboard/source_text.py),
marked with N_() and translated with _() where shown (docs/i18n.md).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from newsdash.dashboard import figures, source_charts, source_data, ui
from newsdash.dashboard.i18n import N_, _
from newsdash.dashboard.palette import ordered_sections
from newsdash.dashboard.text import shorten, visible
from newsdash.sources import rank_rows

TOP_SOURCES = 15
TEXT = {
    "title": N_("Sources"),
    "note": N_("counted views by where the reader came from"),
    "what": N_("views"),
    "views": N_("Views"),
    "top_group": N_("Top group"),
    "top_source": N_("Top source"),
    "share_help": N_("{share:.0%} of the period's views."),
    "over_time": N_("Source groups over time"),
    "groups": N_("Source groups"),
    "sources": N_("Top sources"),
    "by_section": N_("Source groups by section"),
    "campaigns": N_("Campaigns (UTM)"),
    "no_campaigns": N_("No view in this period came from a tagged (utm_campaign) link."),
    "change_help": N_("Against the period of the same length just before."),
    "share": N_("share of views"),
    "change": N_("change"),
    "previous": N_("previous period"),
}


def columns() -> dict:
    """The tables' headers, in the run's language."""
    return {
        "share": st.column_config.NumberColumn(_(TEXT["share"]), format="percent"),
        "change": st.column_config.NumberColumn(_(TEXT["change"]), format="percent",
                                                help=_(TEXT["change_help"])),
        "previous_views": st.column_config.NumberColumn(_(TEXT["previous"]), format="localized"),
        "views": st.column_config.NumberColumn(_(TEXT["views"]), format="localized"),
    }  # fmt: skip


def shown(rows: pd.DataFrame, *drop: str) -> pd.DataFrame:
    return source_charts.labelled(rows).drop(columns=list(drop))


def headline(ctx: ui.Context, groups: pd.DataFrame, sources: pd.DataFrame) -> None:
    views, previous = int(groups["views"].sum()), int(groups["previous_views"].sum())
    change = views / previous - 1 if previous else None
    left, middle, right = st.columns(3)
    left.metric(_(TEXT["views"]), ui.fmt_int(views), ui.metric_delta(change), border=True,
                help=_(TEXT["change_help"]))  # fmt: skip
    top_group, top_source = shown(groups).iloc[0], sources.iloc[0]
    middle.metric(_(TEXT["top_group"]), str(top_group["source_group"]), border=True,
                  help=_(TEXT["share_help"]).format(share=top_group["share"]))  # fmt: skip
    name = shorten(visible(top_source["source_name"]), 40)  # a metric's value is plain text
    right.metric(_(TEXT["top_source"]), name, border=True,
                 help=_(TEXT["share_help"]).format(share=top_source["share"]))  # fmt: skip


def render(ctx: ui.Context) -> None:
    ui.header(_(TEXT["title"]), ctx, _(TEXT["note"]))
    totals = source_data.totals(ctx.src, ctx.filters)
    if totals.empty or not totals["views"].sum():
        ui.no_rows(_(TEXT["what"]))
        return
    groups, sources = rank_rows(totals, "group", None), rank_rows(totals, "source", None)
    headline(ctx, groups, sources)
    st.subheader(_(TEXT["over_time"]))
    over_time = source_data.over_time(ctx.src, ctx.filters)
    figures.chart(
        source_charts.groups_over_time, over_time, ctx.filters.grain, ctx.zone, key="sources-time"
    )
    left, right = st.columns(2)
    with left:
        st.subheader(_(TEXT["groups"]))
        ui.table(shown(groups, "source_name", "campaign"), "source-groups", ctx, columns())
    with right:
        st.subheader(_(TEXT["sources"]))
        top = sources.head(TOP_SOURCES)
        figures.chart(source_charts.top_sources, top, key="sources-top")
    ui.table(shown(sources, "campaign"), "sources", ctx, columns())
    st.subheader(_(TEXT["by_section"]))
    frame = source_data.by_section(ctx.src, ctx.filters)
    sections = ordered_sections(frame["section"].unique())
    fig = source_charts.groups_by_section(frame, sections)
    st.plotly_chart(fig, width="stretch", key="sources-sections")
    st.subheader(_(TEXT["campaigns"]))
    campaigns = rank_rows(totals, "campaign", None)
    if campaigns.empty:
        st.info(_(TEXT["no_campaigns"]))
    else:
        ui.table(shown(campaigns), "campaigns", ctx, columns())


ui.run_page(render)
