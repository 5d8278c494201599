"""Data health: is last night's data there? Freshness against the configured hours, the ETL
runs, failed files, rejected records by reason with examples, and the bot share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from newsdash import clock
from newsdash.dashboard import attention_data, charts, data, figures, ui, vocabulary
from newsdash.dashboard.attention_text import HEALTH
from newsdash.dashboard.i18n import _


def hours_since(moment: pd.Timestamp | None) -> float | None:
    if moment is None or pd.isna(moment):
        return None
    return (clock.now() - moment.to_pydatetime()).total_seconds() / 3600


def age_text(hours: float) -> str:
    if hours < 48:
        return _("{n} hours").format(n=f"{hours:,.1f}")
    return _("{n} days").format(n=f"{hours / 24:,.0f}")


def freshness(ctx: ui.Context, fresh: dict) -> None:
    limit = ctx.settings.freshness_hours
    age = hours_since(fresh["last_event"])
    if age is None:
        st.warning(_("No events have been loaded yet."), icon=":material/schedule:")
    elif age > limit:
        st.warning(
            _(
                "**Data is stale:** the newest event is from {time} {zone}, {age} ago — more "
                "than the configured {limit} hours ([site] freshness_hours). Check that the "
                "nightly `newsdash etl` runs and that new files reach the inbox."
            ).format(
                time=f"{fresh['last_event']:%Y-%m-%d %H:%M}",
                zone=ctx.short_zone,
                age=age_text(age),
                limit=f"{limit:g}",
            ),
            icon=":material/schedule:",
        )
    else:
        st.success(
            _("Fresh: the newest event is {age} old (limit {limit} hours).").format(
                age=age_text(age), limit=f"{limit:g}"
            ),
            icon=":material/check_circle:",
        )
    status, waiting = fresh["last_run_status"], int(fresh["failed_to_deal_with"] or 0)
    # A partial run is settled once its failed files are loaded or dismissed.
    unsettled = status == "partial" and waiting
    if isinstance(status, str) and status not in ("ok", "running", "partial") or unsettled:
        st.error(
            _(
                "The last ETL run (#{run}) ended **{status}**: see the runs and failed files below."
            ).format(run=fresh["last_run_id"], status=vocabulary.status_name(status)),
            icon=":material/error:",
        )
    if waiting:
        st.error(
            _(
                "**{n} failed file(s) to deal with:** put each back in the inbox (any name) or "
                'dismiss it with `newsdash dismiss NAME --reason "..."`.'
            ).format(n=waiting),
            icon=":material/error:",
        )


def totals_row(totals: dict) -> None:
    loaded, bots = int(totals["events_loaded"]), int(totals["bot_events"])
    tiles = {
        _("Events loaded"): ui.fmt_int(loaded),
        _("Bot share"): f"{bots / loaded:.1%}" if loaded else "–",
        _("Duplicates"): ui.fmt_int(totals["duplicates"]),
        # duplicates of events older than the dedupe window, found in the lake (docs/lake.md)
        _("Late duplicates"): ui.fmt_int(totals.get("late_duplicates", 0)),
        _("Rejected"): ui.fmt_int(totals["rejected"]),
        _("Articles"): ui.fmt_int(totals["articles"]),
    }
    for column, (label, value) in zip(st.columns(len(tiles)), tiles.items(), strict=True):
        column.metric(label, value, border=True)


def rejected_block(ctx: ui.Context, summary: pd.DataFrame, examples: pd.DataFrame) -> None:
    st.subheader(_("Rejected records by reason"))
    if summary.empty:
        st.success(_("No record has been rejected."))
        return
    ui.table(summary, "rejected-by-reason", ctx)
    st.caption(_("Examples, up to five per reason, newest files first:"))
    ui.table(examples, "rejected-examples", ctx)


def bot_block(ctx: ui.Context, bot_share: pd.DataFrame) -> None:
    st.subheader(_("Bot share by day"))
    if bot_share.empty:
        st.info(_("No events in the sidebar's period."))
        return
    st.caption(
        _("Share of accepted events flagged as bots (kept, never counted) in the sidebar's period.")
    )
    figures.chart(charts.bot_share, bot_share, ctx.zone, key="health-bots")


def render(ctx: ui.Context) -> None:
    st.title(_("Data health"))
    st.caption(
        _("Warehouse {path} · times in {zone}").format(
            path=ui.plain(ctx.settings.db), zone=ctx.zone
        )
    )
    st.caption(
        _("This page is about the warehouse's runs, not traffic: the edition does not apply.")
    )
    if ctx.src.version is None:
        ui.empty_state(ctx)
        return
    start, end = ctx.filters.window() if ctx.filters else (clock.now(),) * 2
    report = data.health(ctx.src, start, end)
    freshness(ctx, report.freshness)
    totals_row(report.totals)
    orphans = attention_data.orphan_engage(ctx.src)
    st.metric(
        _(HEALTH["orphans"]), ui.fmt_int(orphans), border=True, help=_(HEALTH["orphans_help"])
    )
    if ctx.filters is not None:
        bot_block(ctx, report.bot_share)
    st.subheader(_("ETL runs"))
    ui.table(report.runs, "runs", ctx)
    st.subheader(_("Failed files"))
    if report.failed_files.empty:
        st.success(_("No input file has failed."))
    else:
        ui.table(report.failed_files, "failed-files", ctx)
    rejected_block(ctx, report.rejected, report.examples)
    with st.expander(_("Recently loaded files")):
        ui.table(report.files, "files", ctx)


ui.run_page(render, needs_traffic=False)
