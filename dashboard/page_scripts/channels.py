"""Share channels: shares by channel in the seed page's button order, the channel mix over
time and by section, shares per 1,000 views, and the top shared articles of each channel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from newsdash.dashboard import charts, data, figures, ui
from newsdash.dashboard.i18n import _
from newsdash.dashboard.palette import CHANNEL_LABELS, ordered_sections
from newsdash.dashboard.shape import channel_totals, with_channel_labels

PER_1000 = st.column_config.NumberColumn(_("shares / 1,000 views"), format="%.1f")


def per_thousand(shares: pd.Series | int, views: pd.Series | int):
    """Shares per 1,000 views; missing (not 0) where there were no views."""
    if isinstance(views, pd.Series):
        return (1000 * shares / views).where(views > 0)
    return 1000 * shares / views if views else None


def headline(ctx: ui.Context, totals: pd.DataFrame, views: int) -> None:
    shares = int(totals["shares"].sum())
    top = totals.sort_values("shares", ascending=False).iloc[0]
    rate = per_thousand(shares, views)
    left, middle, right = st.columns(3)
    left.metric(_("Shares"), ui.fmt_int(shares), border=True)
    middle.metric(_("Shares per 1,000 views"), "–" if rate is None else f"{rate:,.1f}", border=True,
                  help=_("{shares} shares for {views} counted views.").format(
                      shares=ui.fmt_int(shares), views=ui.fmt_int(views)))  # fmt: skip
    right.metric(_("Top channel"), str(top["channel"]), border=True,
                 help=_("{shares} shares, {share} of all.").format(
                     shares=ui.fmt_int(top["shares"]), share=f"{top['share']:.0%}"))  # fmt: skip


def by_channel(ctx: ui.Context, totals: pd.DataFrame, views: int) -> None:
    st.subheader(_("Shares by channel"))
    figures.chart(charts.channel_bars, totals, key="channels-bars")
    table = totals.assign(shares_per_1000_views=per_thousand(totals["shares"], views))
    ui.table(table, "channels", ctx, {
        "share": st.column_config.NumberColumn(_("share of shares"), format="percent"),
        "shares_per_1000_views": PER_1000,
    })  # fmt: skip


def over_time(ctx: ui.Context, channels: pd.DataFrame) -> None:
    st.subheader(_("Channel mix over time"))
    frame = (
        with_channel_labels(channels).groupby(["bucket", "channel"], as_index=False)["shares"].sum()
    )
    figures.chart(charts.channel_mix, frame, ctx.filters.grain, ctx.zone, key="channels-time")


def by_section(ctx: ui.Context, channels: pd.DataFrame, traffic: pd.DataFrame) -> None:
    st.subheader(_("Channel mix by section"))
    frame = (
        with_channel_labels(channels)
        .groupby(["section", "channel"], as_index=False)["shares"]
        .sum()
    )
    sections = ordered_sections(frame["section"].unique())
    figures.chart(charts.channel_by_section, frame, sections, key="channels-sections")
    wide = frame.pivot_table(index="section", columns="channel", values="shares", aggfunc="sum",
                             fill_value=0)  # fmt: skip
    wide = wide.reindex(columns=[c for c in CHANNEL_LABELS.values() if c in wide.columns])
    wide = wide.reindex(sections).reset_index()
    wide.columns.name = None
    views = traffic[traffic["event_type"] == "view"].groupby("section")["events"].sum()
    wide.insert(1, "views", wide["section"].map(views).fillna(0).astype("int64"))
    wide.insert(2, "shares", wide.iloc[:, 2:].sum(axis=1).astype("int64"))
    wide.insert(3, "shares_per_1000_views", per_thousand(wide["shares"], wide["views"]))
    ui.table(wide, "channels-by-section", ctx, {"shares_per_1000_views": PER_1000})


def top_shared(ctx: ui.Context) -> None:
    st.subheader(_("Top shared articles per channel"))
    frame = with_channel_labels(data.top_shared(ctx.src, ctx.filters, 10))
    frame.insert(
        frame.columns.get_loc("article_id"),
        "shares_per_1000_views",
        per_thousand(frame["shares"], frame["views"]),
    )
    present = [c for c in CHANNEL_LABELS.values() if c in set(frame["channel"])]
    for tab, channel in zip(st.tabs(present), present, strict=True):
        with tab:
            rows = frame[frame["channel"] == channel].drop(columns="channel")
            name = "top-shared-" + channel.lower().replace(" ", "-")
            ui.table(rows, name, ctx, {"shares_per_1000_views": PER_1000})


def render(ctx: ui.Context) -> None:
    ui.header(_("Share channels"), ctx)
    channels = data.channels(ctx.src, ctx.filters)
    if channels.empty:
        ui.no_rows(_("shares"))
        return
    traffic = data.traffic(ctx.src, ctx.filters)
    views = int(traffic.loc[traffic["event_type"] == "view", "events"].sum())
    totals = channel_totals(channels)
    headline(ctx, totals, views)
    left, right = st.columns(2)
    with left:
        by_channel(ctx, totals, views)
    with right:
        over_time(ctx, channels)
    by_section(ctx, channels, traffic)
    top_shared(ctx)


ui.run_page(render)
