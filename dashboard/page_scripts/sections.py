"""Sections: traffic per section and per column series over time (a parent section sums its
columns), each section's share of traffic, the hour × weekday heatmap and content age."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from newsdash.dashboard import attention_blocks, charts, data, figures, filters, ui
from newsdash.dashboard.i18n import _
from newsdash.dashboard.palette import AGE_GROUPS, ordered_sections
from newsdash.dashboard.shape import keep_top, section_table, views_by
from newsdash.dashboard.text import plain

MAX_LINES = 8  # more lines than this is a tangle: the rest are summed as "Other sections"


def section_lines(ctx: ui.Context, traffic: pd.DataFrame) -> None:
    st.subheader(_("Views per section"))
    frame = keep_top(views_by(traffic, "section"), "section", MAX_LINES)
    order = ordered_sections(frame["section"].unique())
    figures.chart(charts.lines, frame, "bucket", "events", "section", ctx.colors,
                  ctx.filters.grain, ctx.zone, _("Views"), order, key="sections-lines")  # fmt: skip


def column_lines(ctx: ui.Context, traffic: pd.DataFrame) -> None:
    parents = ordered_sections(traffic.loc[traffic["subsection"].notna(), "section"].unique())
    if not parents:
        return
    st.subheader(_("Column series"))
    notice = filters.choice_notice(filters.raw_params(), "series_of", parents, "section",
                                   parents[0])  # fmt: skip
    if notice:
        st.warning(notice, icon=":material/link_off:")
    parent = st.selectbox(_("Series of"), parents, key="series_of", bind="query-params")
    part = traffic[traffic["section"] == parent]
    part = part.assign(
        subsection=part["subsection"].fillna(_("{section} (no series)").format(section=parent))
    )
    frame = views_by(part, "subsection")
    order = ordered_sections(frame["subsection"].unique())
    figures.chart(charts.lines, frame, "bucket", "events", "subsection", ctx.colors,
                  ctx.filters.grain, ctx.zone, _("Views"), order, key="sections-columns")  # fmt: skip
    st.caption(
        _("{section} in the charts above is the sum of these series.").format(section=plain(parent))
    )


def share_block(ctx: ui.Context, traffic: pd.DataFrame) -> None:
    table = section_table(traffic)
    readers = data.section_readers(ctx.src, ctx.filters).set_index("section")["readers"]
    table.insert(2, "readers", table["section"].map(readers).fillna(0).astype("int64"))
    table["shares_per_1000_views"] = (1000 * table["shares"] / table["views"]).where(
        table["views"] > 0
    )
    table = attention_blocks.with_section_engaged(ctx, table)
    st.subheader(_("Share of traffic"))
    figures.chart(charts.share_bars, table, "section", ctx.colors, key="sections-share")
    ui.table(table, "sections", ctx, {
        "share": st.column_config.NumberColumn(_("share of views"), format="percent"),
        "shares_per_1000_views": st.column_config.NumberColumn(_("shares / 1,000 views"), format="%.1f"),
    })  # fmt: skip


def heatmap_block(ctx: ui.Context) -> None:
    st.subheader(_("When readers come: hour of day × weekday"))
    frame = data.heatmap(ctx.src, ctx.filters)
    st.caption(_("Average views per hour, {zone}, over the period's days.").format(zone=ctx.zone))
    figures.chart(charts.heatmap, frame, ctx.zone, key="sections-heatmap")


def age_block(ctx: ui.Context) -> None:
    st.subheader(_("Traffic by content age"))
    frame = data.content_age(ctx.src, ctx.filters)
    st.caption(
        _(
            "Views by how old the article was when read: published under 48 hours before, "
            "2–7 days before, or earlier."
        )
    )
    figures.chart(charts.content_age, frame, ctx.filters.grain, ctx.zone, key="sections-age")
    totals = frame.groupby("age", as_index=False)["views"].sum()
    # youngest first, as in the chart, not alphabetical
    totals = totals.sort_values("age", key=lambda ages: ages.map(AGE_GROUPS.index))
    totals["share"] = totals["views"] / totals["views"].sum()
    ui.table(totals, "content-age", ctx, {"share": st.column_config.NumberColumn(format="percent")})


def render(ctx: ui.Context) -> None:
    ui.header(_("Sections"), ctx)
    traffic = data.traffic(ctx.src, ctx.filters)
    if traffic.empty:
        ui.no_rows(_("counted traffic"))
        return
    section_lines(ctx, traffic)
    column_lines(ctx, traffic)
    share_block(ctx, traffic)
    left, right = st.columns(2)
    with left:
        heatmap_block(ctx)
    with right:
        age_block(ctx)


ui.run_page(render)
