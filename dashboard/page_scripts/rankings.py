"""Rankings: the configured rankings (Most Viewed, Weekly Hot Issue, Hot Issue, Popular
articles by default) in tabs, as of a chosen hour, optionally within one section, with
their movement against 24 hours earlier and the CSV `newsdash export` writes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from newsdash.dashboard import filters, ranking_data, ui
from newsdash.sources import GROUP_LABELS, parse_group

ALL_SECTIONS = "All sections"
ALL_SOURCES = "All sources"
SOURCE_CHOICES = (ALL_SOURCES, *GROUP_LABELS.values())
ROWS = ("as published", "10", "20", "50", "all")
HOURS = tuple(f"{h:02d}:00" for h in range(24))


def as_of_picker(ctx: ui.Context) -> datetime:
    """The ranking hour: a day and an hour in site time; by default the latest."""
    latest = ctx.bounds.last_hour + timedelta(hours=1)
    left, right = st.columns(2)
    day = left.date_input(
        "As of (day)", value=latest.date(), min_value=ctx.bounds.first_day,
        max_value=latest.date(), key="asof_day", bind="query-params", format="YYYY-MM-DD",
    )  # fmt: skip
    hour = right.selectbox(f"Hour ({ctx.short_zone})", HOURS, index=latest.hour, key="asof_hour",
                           bind="query-params")  # fmt: skip
    when = datetime.combine(day, time(int(hour[:2])), ctx.settings.zone)
    if when > latest:
        st.info(f"{when:%Y-%m-%d %H:00} is after the newest data: showing the latest hour.")
        when = latest
    return when


def link_notices(ctx: ui.Context) -> list[str]:
    """The page's own link values Streamlit would drop silently."""
    params, latest = filters.raw_params(), ctx.bounds.last_hour + timedelta(hours=1)
    found = [
        filters.day_notice(params, "asof_day", ctx.bounds.first_day, latest.date(), "as-of day",
                           "the latest hour"),
        filters.choice_notice(params, "asof_hour", HOURS, "hour", "the latest hour"),
        filters.choice_notice(params, "rank_section", (ALL_SECTIONS, *ctx.sections), "section",
                              ALL_SECTIONS.lower()),
        filters.choice_notice(params, "rank_rows", ROWS, "row count", ROWS[0]),
        filters.choice_notice(params, "rank_source", SOURCE_CHOICES, "source group",
                              ALL_SOURCES.lower()),
    ]  # fmt: skip
    return [n for n in found if n]


def controls(ctx: ui.Context) -> tuple[datetime, str | None, int | str | None, str | None]:
    for notice in link_notices(ctx):
        st.warning(notice, icon=":material/link_off:")
    with st.container(border=True):
        as_of = as_of_picker(ctx)
        left, middle, right = st.columns(3)
        section = left.selectbox("Section", (ALL_SECTIONS, *ctx.sections), key="rank_section",
                                 bind="query-params", help="A section includes its columns.")  # fmt: skip
        rows = right.selectbox("Rows", ROWS, key="rank_rows", bind="query-params",
                               help="'as published' is each ranking's own size on the site.")  # fmt: skip
        source = middle.selectbox(
            "Views from",
            SOURCE_CHOICES,
            key="rank_source",
            bind="query-params",
            help="Count only the views from one source group (likes, comments and shares "
            "have no source; readers are not kept per source).",
        )
    limit = None if rows == ROWS[0] else ("all" if rows == "all" else int(rows))
    group = None if source == ALL_SOURCES else parse_group(source)
    return as_of, (None if section == ALL_SECTIONS else section), limit, group


def ranking_tab(ctx: ui.Context, result) -> None:
    window = f"{result.window_start:%Y-%m-%d %H:00} – {result.window_end:%Y-%m-%d %H:00}"
    st.caption(
        f"`{result.ranking}` · window {window} {ctx.short_zone}"
        + (f" · section {ui.plain(result.section)}" if result.section else "")
        + (f" · views from {GROUP_LABELS[result.source_group]}" if result.source_group else "")
        + " · movement against the same ranking 24 hours earlier"
    )
    if result.rows.empty:
        st.info("No article has a score in this window.")
    else:
        st.dataframe(
            ranking_data.display_rows(result), hide_index=True,
            column_config={
                "rank": st.column_config.NumberColumn("#", format="%d", width=40),
                "move": st.column_config.TextColumn("move", width=60),
                "title": st.column_config.TextColumn("title", width="large"),
                **{c: st.column_config.NumberColumn(format="localized") for c in ranking_data.COUNTS},
                "published_at": st.column_config.DatetimeColumn(
                    f"published ({ctx.short_zone})", format="YYYY-MM-DD HH:mm"),
            },
        )  # fmt: skip
    st.download_button(
        f"Download CSV ({ranking_data.export_name(result)})", data=lambda: ranking_data.export_csv(result),
        file_name=ranking_data.export_name(result), mime="text/csv", on_click="ignore",
        key=f"download-ranking-{result.ranking}", icon=":material/download:",
    )  # fmt: skip


def render(ctx: ui.Context) -> None:
    st.title("Rankings")
    st.caption("Each ranking has its own window ending at the chosen hour: the sidebar's dates "
               f"and sections do not apply here. Times in {ctx.zone}.")  # fmt: skip
    as_of, section, limit, group = controls(ctx)
    found = ranking_data.results(ctx.src, ctx.settings, as_of, section, limit, group)
    for tab, result in zip(st.tabs([r.definition.title for r in found]), found, strict=True):
        with tab:
            ranking_tab(ctx, result)


ui.run_page(render)
