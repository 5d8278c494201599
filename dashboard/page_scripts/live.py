"""Live: the last 30 minutes (views per minute, the articles read most, likes, comments,
shares), Hot Issue as of now, the share channels of the last hour, and how old all of it is
("as of hh:mm:ss", the newest event and the last ETL run from the ledger).

The page body is a fragment that reruns itself every REFRESH seconds without reloading the
page; each rerun looks at the published file again (a run of the every-minute ETL publishes a
new one) and at the clock. Its text is in dashboard/live_text.py."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from newsdash import clock
from newsdash.dashboard import (
    charts,
    data,
    figures,
    filters,
    live_data,
    ranking_data,
    ui,
    vocabulary,
)
from newsdash.dashboard.i18n import _
from newsdash.dashboard.live_data import LiveData
from newsdash.dashboard.live_text import text
from newsdash.dashboard.shape import channel_totals

REFRESH = 10  # seconds between the fragment's reruns
STALE_RUN = 5 * 60  # seconds since the last run after which the page warns


def age(seconds: float | None) -> str:
    s = max(0, round(seconds or 0))
    if s < 120:
        return text("seconds", n=s)
    if s < 2 * 3600:
        return text("minutes", n=s // 60)
    if s < 2 * 86400:
        return text("hours", n=s // 3600, m=s // 60 % 60)
    return text("days", n=s // 86400)


def stamp(ctx: ui.Context, at, now: datetime) -> str:
    """hh:mm:ss in site time, with the date when it is not today's."""
    local = at.astimezone(ctx.settings.zone)
    same_day = local.date() == now.astimezone(ctx.settings.zone).date()
    return f"{local:%H:%M:%S}" if same_day else f"{local:%Y-%m-%d %H:%M:%S}"


def freshness(ctx: ui.Context, live: LiveData, now: datetime) -> None:
    fresh = live.freshness
    parts = [text("as_of", now=f"{now.astimezone(ctx.settings.zone):%H:%M:%S}",
                  zone=ctx.short_zone)]  # fmt: skip
    event_age = live_data.age_seconds(fresh["last_event"], now)
    if event_age is None:
        parts.append(text("no_event"))
    else:
        parts.append(
            text("newest_event", at=stamp(ctx, fresh["last_event"], now), age=age(event_age))
        )
    run_age = live_data.age_seconds(fresh["last_run_at"], now)
    if run_age is None:
        parts.append(text("no_run"))
    else:
        parts.append(text("last_run", at=stamp(ctx, fresh["last_run_at"], now), age=age(run_age),
                          status=ui.plain(vocabulary.status_name(fresh["last_run_status"]))))  # fmt: skip
    st.caption(" · ".join(parts) + " · " + text("refresh", seconds=REFRESH))
    if run_age is not None and run_age > STALE_RUN:
        st.warning(text("stale", age=age(run_age)), icon=":material/schedule:")


def tiles(live: LiveData) -> None:
    for column, key in zip(st.columns(4), ("views", "likes", "comments", "shares"), strict=True):
        column.metric(text(f"{key}_30"), ui.fmt_int(live.totals[key]), border=True)


def per_minute(ctx: ui.Context, live: LiveData) -> None:
    st.subheader(text("per_minute"))
    axis = text("minute_axis", zone=ctx.short_zone)
    figures.chart(charts.views_per_minute, live.per_minute, axis, text("views_axis"),
                  key="live-per-minute")  # fmt: skip


def top_articles(ctx: ui.Context, live: LiveData) -> None:
    st.subheader(text("top"))
    if live.top.empty:
        st.info(text("no_top"))
        return
    ui.table(live.top, "live-top", ctx)


def hot_issue(ctx: ui.Context, live: LiveData) -> None:
    st.subheader(text("hot"))
    result = live.hot
    if result is None:
        return
    d = result.definition
    st.caption(text("hot_caption", title=ui.plain(_(d.title)), zone=ctx.short_zone,
                    start=f"{result.window_start.astimezone(ctx.settings.zone):%m-%d %H:%M}",
                    end=f"{result.window_end.astimezone(ctx.settings.zone):%m-%d %H:%M}",
                    half_life=f"{d.half_life_hours:g}" if d.half_life_hours else "–"))  # fmt: skip
    if result.rows.empty:
        st.info(text("no_hot"))
        return
    ui.table(ranking_data.display_rows(result), "live-hot", ctx)


def channels(live: LiveData) -> None:
    st.subheader(text("channels"))
    if live.channels.empty:
        st.info(text("no_shares"))
        return
    totals = channel_totals(live.channels)
    figures.chart(charts.channel_bars, totals, text("shares_axis"), key="live-channels")
    shown = totals[totals["shares"] > 0][["channel", "shares"]]
    shown = shown.assign(channel=shown["channel"].map(lambda c: vocabulary.shown("channel", c)))
    labels = {column: ui.column_label(column) for column in shown.columns}
    st.dataframe(shown, hide_index=True, column_config=labels)


@st.fragment(run_every=REFRESH)
def live_body() -> None:
    """Rerun every REFRESH s on its own: the published file and the clock are read again."""
    ctx = ui.context()
    if ctx is None:
        return
    src = data.source(ctx.settings)
    if src.version is None:
        ui.empty_state(ctx)
        return
    now = clock.now()
    edition = ctx.filters.edition if ctx.filters else None
    live = live_data.live(src, ctx.settings, live_data.windows(now), edition)
    freshness(ctx, live, now)
    tiles(live)
    left, right = st.columns([3, 2])
    with left:
        per_minute(ctx, live)
        top_articles(ctx, live)
    with right:
        channels(live)
    hot_issue(ctx, live)


def render(ctx: ui.Context) -> None:
    st.title(text("title"))
    if ctx.filters is not None and ctx.filters.edition:
        st.caption(filters.edition_label(ctx.filters.edition))
    live_body()


ui.run_page(render, needs_traffic=False)
