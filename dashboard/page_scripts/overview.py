"""Overview: the period's KPIs against the previous period and the same weekdays of the last
four weeks, traffic over time, top sections, what is rising now and the top articles."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from newsdash.dashboard import charts, data, ui
from newsdash.dashboard.shape import by_metric, section_table

KPI_HELP = {
    "views": "Counted page views (bots, duplicates and rejected records excluded).",
    "readers": "Distinct reader sessions among the counted views (not a sum of days).",
    "likes": "Counted “I like it” clicks.",
    "comments": "Counted comments.",
    "shares": "Counted shares, all channels.",
}


def period_name(days: int) -> str:
    return "previous day" if days == 1 else f"previous {days} days"


def comparison_note(row: pd.Series, days: int) -> str:
    """Two lines under a tile: the previous period's value, and the four-week comparison."""
    previous = row["previous_period"]
    first = (
        f"{period_name(days).capitalize()}: {ui.fmt_int(previous)}"
        if pd.notna(previous)
        else f"{period_name(days).capitalize()}: no data"
    )
    change = ui.fmt_change(row["change_vs_weeks"])
    if change is None:
        return f"{first}  \nSame weekdays, last 4 weeks: no data"
    weeks = int(row["weeks_compared"])
    span = "last 4 weeks" if weeks == 4 else f"last {weeks} week{'s' * (weeks > 1)}"
    average = ui.fmt_int(row["same_weekdays_avg"])
    return f"{first}  \n{change} vs same weekdays, {span} (avg {average})"


def kpi_tiles(ctx: ui.Context) -> None:
    f = ctx.filters
    frame = data.kpis(ctx.src, f, ctx.bounds)
    for column, (_, row) in zip(st.columns(len(frame)), frame.iterrows(), strict=True):
        change = ui.metric_delta(row["change_vs_previous"])
        with column:
            st.metric(
                row["metric"].capitalize(), ui.fmt_int(row["value"]), delta=change,
                delta_description="no earlier data" if change is None else "vs prev.",
                help=KPI_HELP[row["metric"]], border=True,
            )  # fmt: skip
            st.caption(comparison_note(row, f.days))


def traffic_block(ctx: ui.Context) -> None:
    traffic = data.traffic(ctx.src, ctx.filters)
    if traffic.empty:
        ui.no_rows("counted traffic")
        return
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Traffic over time")
        fig = charts.traffic_timeline(by_metric(traffic), ctx.filters.grain, ctx.zone)
        st.plotly_chart(fig, width="stretch", key="overview-timeline")
    with right:
        st.subheader("Top sections")
        sections = section_table(traffic)
        fig = charts.share_bars(sections.head(10), "section", ctx.colors)
        st.plotly_chart(fig, width="stretch", key="overview-sections")
    with st.expander("All sections as a table"):
        ui.table(
            sections, "sections", ctx, {"share": st.column_config.NumberColumn(format="percent")}
        )


def rising_block(ctx: ui.Context) -> None:
    rule = ctx.settings.rising
    as_of = ctx.bounds.last_hour + timedelta(hours=1)
    st.subheader("Rising now")
    st.caption(
        f"Views in the {rule.recent_hours} hours before {as_of:%Y-%m-%d %H:00} {ctx.short_zone} "
        f"against the usual views at those hours over the previous {rule.baseline_days} days: "
        "the article's own for older articles, a typical article of its section for new ones. "
        f"At least {rule.min_views:,} views and {rule.min_lift:g}× the usual."
    )
    frame = data.rising(ctx.src, ctx.filters, as_of, rule)
    if frame.empty:
        st.info("Nothing is running far above its usual pace right now.")
        return
    ui.table(frame, "rising-now", ctx, {
        "lift": st.column_config.NumberColumn("lift", format="%.1f×"),
        "usual_views": st.column_config.NumberColumn("usual views", format="%.1f"),
        "compared_with": st.column_config.TextColumn("compared with"),
        "recent_views": st.column_config.NumberColumn(f"views, last {rule.recent_hours} h",
                                                      format="localized"),
    })  # fmt: skip


def top_articles_block(ctx: ui.Context) -> None:
    st.subheader("Most viewed in the period")
    frame = data.top_articles(ctx.src, ctx.filters, 20)
    if frame.empty:
        ui.no_rows("articles with views")
        return
    ui.table(frame, "top-articles", ctx)


def render(ctx: ui.Context) -> None:
    ui.header("Overview", ctx)
    kpi_tiles(ctx)
    traffic_block(ctx)
    rising_block(ctx)
    top_articles_block(ctx)


ui.run_page(render)
