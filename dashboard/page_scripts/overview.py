"""Overview: the period's KPIs against the previous period and the same weekdays of the last
four weeks, traffic over time, top sections, what is rising now and the top articles."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from newsdash.dashboard import charts, data, figures, ui
from newsdash.dashboard.i18n import N_, _, ngettext
from newsdash.dashboard.shape import by_metric, section_table

KPI_HELP = {
    "views": N_("Counted page views (bots, duplicates and rejected records excluded)."),
    "readers": N_("Distinct reader sessions among the counted views (not a sum of days)."),
    "likes": N_("Counted “I like it” clicks."),
    "comments": N_("Counted comments."),
    "shares": N_("Counted shares, all channels."),
}


def period_name(days: int) -> str:
    return ngettext("Previous day", "Previous {n} days", days).format(n=days)


def comparison_note(row: pd.Series, days: int) -> str:
    """Two lines under a tile: the previous period's value, and the four-week comparison."""
    previous = row["previous_period"]
    value = ui.fmt_int(previous) if pd.notna(previous) else _("no data")
    first = f"{period_name(days)}: {value}"
    change = ui.fmt_change(row["change_vs_weeks"])
    if change is None:
        return f"{first}  \n" + _("Same weekdays, last 4 weeks: no data")
    weeks = int(row["weeks_compared"])
    average = ui.fmt_int(row["same_weekdays_avg"])
    return f"{first}  \n" + ngettext(
        "{change} vs same weekdays, last week (avg {average})",
        "{change} vs same weekdays, last {n} weeks (avg {average})",
        weeks,
    ).format(change=change, n=weeks, average=average)


def kpi_tiles(ctx: ui.Context) -> None:
    f = ctx.filters
    frame = data.kpis(ctx.src, f, ctx.bounds)
    for column, (_i, row) in zip(st.columns(len(frame)), frame.iterrows(), strict=True):
        change = ui.metric_delta(row["change_vs_previous"])
        with column:
            st.metric(
                ui.metric_name(row["metric"]), ui.fmt_int(row["value"]), delta=change,
                delta_description=_("no earlier data") if change is None else _("vs prev."),
                help=_(KPI_HELP[row["metric"]]), border=True,
            )  # fmt: skip
            st.caption(comparison_note(row, f.days))


def traffic_block(ctx: ui.Context) -> None:
    traffic = data.traffic(ctx.src, ctx.filters)
    if traffic.empty:
        ui.no_rows(_("counted traffic"))
        return
    left, right = st.columns([3, 2])
    with left:
        st.subheader(_("Traffic over time"))
        timeline = by_metric(traffic)
        figures.chart(charts.traffic_timeline, timeline, ctx.filters.grain, ctx.zone,
                      key="overview-timeline")  # fmt: skip
    with right:
        st.subheader(_("Top sections"))
        sections = section_table(traffic)
        figures.chart(
            charts.share_bars, sections.head(10), "section", ctx.colors, key="overview-sections"
        )
    with st.expander(_("All sections as a table")):
        ui.table(
            sections, "sections", ctx, {"share": st.column_config.NumberColumn(format="percent")}
        )


def rising_block(ctx: ui.Context) -> None:
    rule = ctx.settings.rising
    as_of = ctx.bounds.last_hour + timedelta(hours=1)
    st.subheader(_("Rising now"))
    st.caption(
        _(
            "Views in the {hours} hours before {as_of} {zone} against the usual views at those "
            "hours over the previous {days} days: the article's own for older articles, a "
            "typical article of its section for new ones. At least {views} views and {lift}× "
            "the usual."
        ).format(
            hours=rule.recent_hours, as_of=f"{as_of:%Y-%m-%d %H:00}", zone=ctx.short_zone,
            days=rule.baseline_days, views=ui.fmt_int(rule.min_views), lift=f"{rule.min_lift:g}",
        )
    )  # fmt: skip
    frame = data.rising(ctx.src, ctx.filters, as_of, rule)
    if frame.empty:
        st.info(_("Nothing is running far above its usual pace right now."))
        return
    ui.table(frame, "rising-now", ctx, {
        "lift": st.column_config.NumberColumn(_("lift"), format="%.1f×"),
        "usual_views": st.column_config.NumberColumn(_("usual views"), format="%.1f"),
        "compared_with": st.column_config.TextColumn(_("compared with")),
        "recent_views": st.column_config.NumberColumn(
            _("views, last {hours} h").format(hours=rule.recent_hours), format="localized"),
    })  # fmt: skip


def top_articles_block(ctx: ui.Context) -> None:
    st.subheader(_("Most viewed in the period"))
    frame = data.top_articles(ctx.src, ctx.filters, 20)
    if frame.empty:
        ui.no_rows(_("articles with views"))
        return
    ui.table(frame, "top-articles", ctx)


def render(ctx: ui.Context) -> None:
    ui.header(_("Overview"), ctx)
    kpi_tiles(ctx)
    traffic_block(ctx)
    rising_block(ctx)
    top_articles_block(ctx)


ui.run_page(render)
