"""Rankings: the configured rankings (Most Viewed, Weekly Hot Issue, Hot Issue, Popular
articles by default) in tabs, as of a chosen hour, optionally within one section, with
their movement against 24 hours earlier and the CSV `newsdash export` writes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from newsdash.dashboard import filters, ranking_data, ui
from newsdash.dashboard.attention_text import ENGAGED_COLUMN
from newsdash.dashboard.i18n import N_, _
from newsdash.sources import GROUP_LABELS, parse_group

# URL values, the same in every language; shown translated.
ALL_SECTIONS = N_("All sections")
ALL_SOURCES = N_("All sources")
SOURCE_CHOICES = (ALL_SOURCES, *GROUP_LABELS.values())
ROWS = (N_("as published"), "10", "20", "50", N_("all"))
HOURS = tuple(f"{h:02d}:00" for h in range(24))


def as_of_picker(ctx: ui.Context) -> datetime:
    """The ranking hour: a day and an hour in site time; by default the latest."""
    latest = ctx.bounds.last_hour + timedelta(hours=1)
    left, right = st.columns(2)
    day = left.date_input(_("As of (day)"), value=latest.date(), min_value=ctx.bounds.first_day,
        max_value=latest.date(), key="asof_day", bind="query-params", format="YYYY-MM-DD",
    )  # fmt: skip
    hour = right.selectbox(_("Hour ({zone})").format(zone=ctx.short_zone), HOURS, index=latest.hour, key="asof_hour",
                           bind="query-params")  # fmt: skip
    when = datetime.combine(day, time(int(hour[:2])), ctx.settings.zone)
    if when > latest:
        st.info(
            _("{hour} is after the newest data: showing the latest hour.").format(
                hour=f"{when:%Y-%m-%d %H:00}"
            )
        )
        when = latest
    return when


def link_notices(ctx: ui.Context) -> list[str]:
    """The page's own link values Streamlit would drop silently."""
    params, latest = filters.raw_params(), ctx.bounds.last_hour + timedelta(hours=1)
    found = [
        filters.day_notice(params, "asof_day", ctx.bounds.first_day, latest.date(), _("as-of day"),
                           _("the latest hour")),
        filters.choice_notice(params, "asof_hour", HOURS, _("hour"), _("the latest hour")),
        filters.choice_notice(params, "rank_section", (ALL_SECTIONS, *ctx.sections), _("section"),
                              _("all sections")),
        filters.choice_notice(params, "rank_rows", ROWS, _("row count"), _(ROWS[0])),
        filters.choice_notice(params, "rank_source", SOURCE_CHOICES, _("source group"),
                              _("all sources")),
    ]  # fmt: skip
    return [n for n in found if n]


def controls(ctx: ui.Context) -> tuple[datetime, str | None, int | str | None, str | None]:
    for notice in link_notices(ctx):
        st.warning(notice, icon=":material/link_off:")
    with st.container(border=True):
        as_of = as_of_picker(ctx)
        left, middle, right = st.columns(3)
        section = filters.url_choice(
            left.selectbox, _("Section"), (ALL_SECTIONS, *ctx.sections), "rank_section",
            ALL_SECTIONS, lambda v: _(v) if v == ALL_SECTIONS else v,
            help=_("A section includes its columns."),
        )  # fmt: skip
        rows = filters.url_choice(right.selectbox, _("Rows"), ROWS, "rank_rows", ROWS[0], _,
                               help=_("'as published' is each ranking's own size on the site."))  # fmt: skip
        source = filters.url_choice(
            middle.selectbox, _("Views from"), SOURCE_CHOICES, "rank_source", ALL_SOURCES,
            _,
            help=_("Count only the views from one source group (likes, comments and shares "
                   "have no source; readers are not kept per source)."),
        )  # fmt: skip
    limit = None if rows == ROWS[0] else ("all" if rows == "all" else int(rows))
    group = None if source == ALL_SOURCES else parse_group(source)
    return as_of, (None if section == ALL_SECTIONS else section), limit, group


def ranking_tab(ctx: ui.Context, result) -> None:
    window = f"{result.window_start:%Y-%m-%d %H:00} – {result.window_end:%Y-%m-%d %H:00}"
    st.caption(
        f"`{result.ranking}` · "
        + _("window {window} {zone}").format(window=window, zone=ctx.short_zone)
        + (
            " · " + _("section {name}").format(name=ui.plain(result.section))
            if result.section
            else ""
        )
        + " · "
        + _("movement against the same ranking 24 hours earlier")
        + (
            " · " + _("views from {group}").format(group=_(GROUP_LABELS[result.source_group]))
            if result.source_group
            else ""
        )
    )
    if result.rows.empty:
        st.info(_("No article has a score in this window."))
    else:
        st.dataframe(
            ranking_data.display_rows(result), hide_index=True,
            column_config={
                "rank": st.column_config.NumberColumn(_("#"), format="%d", width=40),
                "move": st.column_config.TextColumn(_("move"), width=60),
                "title": st.column_config.TextColumn(_("title"), width="large"),
                **{c: st.column_config.NumberColumn(format="localized") for c in ranking_data.COUNTS},
                ENGAGED_COLUMN: st.column_config.NumberColumn(_(ENGAGED_COLUMN), format="%.1f"),
                "published_at": st.column_config.DatetimeColumn(
                    _("published ({zone})").format(zone=ctx.short_zone), format="YYYY-MM-DD HH:mm"),
            },
        )  # fmt: skip
    korean = st.checkbox(
        _("Korean header row"), key=f"korean-header-{result.ranking}",
        help=_("For a spreadsheet; the site's widgets read the machine names."),
    )  # fmt: skip
    st.download_button(
        _("Download CSV ({name})").format(name=ranking_data.export_name(result)),
        data=lambda: ranking_data.export_csv(result, korean),
        file_name=ranking_data.export_name(result), mime="text/csv", on_click="ignore",
        key=f"download-ranking-{result.ranking}", icon=":material/download:",
    )  # fmt: skip


def render(ctx: ui.Context) -> None:
    st.title(_("Rankings"))
    st.caption(
        _(
            "Each ranking has its own window ending at the chosen hour: the sidebar's dates and "
            "sections do not apply here; its edition does. Times in {zone}."
        ).format(zone=ctx.zone)
    )
    as_of, section, limit, group = controls(ctx)
    found = ranking_data.results(
        ctx.src, ctx.settings, as_of, section, limit, group, ctx.filters.edition
    )
    for tab, result in zip(st.tabs([_(r.definition.title) for r in found]), found, strict=True):
        with tab:
            ranking_tab(ctx, result)


ui.run_page(render)
