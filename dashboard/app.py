"""The editors' dashboard (Streamlit entrypoint): settings, data version, filters, pages.

Start it with `newsdash dashboard` (or `newsdash demo`). The warehouse is found as by every
newsdash command: `$NEWSDASH_CONFIG` or `./newsdash.toml`, with `$NEWSDASH_DB` overriding
the database path. The filters are drawn here, in the entrypoint, so they persist across
pages and live in the URL.

Every run starts at the door (dashboard/gate.py): sign-in and the allow-list, or the localhost
rule without sign-in. Nothing is read from the warehouse, and no page runs, before it opens.
"""

from __future__ import annotations

import os
from datetime import date
from zoneinfo import ZoneInfo

import duckdb
import streamlit as st

from newsdash import clock
from newsdash.dashboard import data, filters, gate, i18n, ui
from newsdash.dashboard.i18n import _
from newsdash.dashboard.palette import section_colors
from newsdash.settings import ConfigError, Settings, load_settings


def pages() -> list[st.Page]:
    """The pages, titled in the run's language; url paths stay the same in every language."""
    return [
        st.Page(
            "page_scripts/overview.py", title=_("Overview"), icon=":material/dashboard:",
            default=True,
        ),
        st.Page("page_scripts/live.py", title=_("Live"), icon=":material/bolt:", url_path="live"),
        st.Page("page_scripts/sections.py", title=_("Sections"), icon=":material/view_quilt:",
                url_path="sections"),
        st.Page("page_scripts/rankings.py", title=_("Rankings"),
                icon=":material/format_list_numbered:", url_path="rankings"),
        st.Page("page_scripts/reporters.py", title=_("Reporters"), icon=":material/badge:",
                url_path="reporters"),
        st.Page("page_scripts/tags.py", title=_("Tags"), icon=":material/sell:", url_path="tags"),
        st.Page("page_scripts/channels.py", title=_("Share channels"), icon=":material/share:",
                url_path="channels"),
        st.Page("page_scripts/sources.py", title=_("Sources"), icon=":material/travel_explore:",
                url_path="sources"),
        st.Page("page_scripts/article.py", title=_("Article"), icon=":material/article:",
                url_path="article"),
        st.Page("page_scripts/boxes.py", title=_("Boxes"), icon=":material/ads_click:",
                url_path="boxes"),
        st.Page(
            "page_scripts/data_health.py", title=_("Data health"), url_path="health",
            icon=":material/monitor_heart:",
        ),
    ]  # fmt: skip


# The tab's icon, drawn here and sent inline (a data: URL). A ":material/…:" page icon would
# make every browser fetch it from fonts.gstatic.com: a request an intranet blocks and a third
# party logs. Every other font and icon Streamlit uses is served by this server.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="#1c4e80" d="M3 4h14v14a2 2 0 0 0 2 2H5a2 2 0 0 1-2-2z"/>'
    '<path fill="#1c4e80" d="M18 8h3v10a2 2 0 0 1-3 0z"/>'
    '<path fill="#fff" d="M5 6h10v4H5zm0 6h10v1.5H5zm0 3h7v1.5H5z"/></svg>'
)


def today_in(zone: ZoneInfo) -> date:
    return clock.now().astimezone(zone).date()


def sidebar_footer(ctx: ui.Context) -> None:
    if ctx.bounds is not None:
        st.sidebar.caption(
            _(
                "Data through {hour} {zone}. The address bar holds these filters: copy it to "
                "share this view."
            ).format(hour=f"{ctx.bounds.last_hour:%Y-%m-%d %H:00}", zone=ctx.short_zone)
        )


def build_context(settings: Settings) -> tuple[ui.Context, list[str]]:
    src = data.source(settings)
    zone = filters.zone_label(settings.zone)
    bounds = data.bounds(src) if src.version else None
    if bounds is None:
        ctx = ui.Context(settings, src, None, None, (), section_colors([]), zone)
        return ctx, []
    sections = data.section_options(src)
    chosen, notices = filters.sidebar(
        bounds, sections, settings.zone, today_in(settings.zone), settings.newsroom.editions
    )
    ctx = ui.Context(settings, src, bounds, chosen, tuple(sections), section_colors(sections), zone)
    return ctx, notices


def let_in() -> Settings | None:
    """The settings when this visitor may see the dashboard; otherwise the door has been drawn
    (sign-in page, refusal or error) and None is returned."""
    try:
        settings = load_settings()
        rules = settings.access  # every value of the config, [dashboard.rising] too, checked
    except ConfigError as exc:
        ui.LOG.error("the configuration cannot be used: %s", exc)
        st.error(
            _(
                "The newsdash configuration cannot be used, so nothing is shown. Whoever runs "
                "newsdash sees which setting is wrong with `newsdash status` or in the server log."
            )
        )
        return None
    return settings if gate.admit(rules) else None


LINKED_LANGUAGE = "linked_language"  # the session's ?lang=, kept when another page is opened


def language_of_run(default: str) -> str:
    """?lang=, then the browser's language, then the config; drawn as a switch that keeps
    every other filter (they are all in the URL). Opening another page from the navigation
    drops the query string: the session's ?lang= is written back."""
    params = st.query_params.to_dict()
    if "lang" not in params and st.session_state.get(LINKED_LANGUAGE):
        params["lang"] = st.query_params["lang"] = st.session_state[LINKED_LANGUAGE]
    chosen = i18n.choose_language(params, st.context.locale, default)
    if params.get("lang") == chosen:
        st.session_state[LINKED_LANGUAGE] = chosen
    i18n.use(chosen)
    return chosen


def language_switch(chosen: str) -> None:
    picked = st.sidebar.segmented_control(
        _("Language"), i18n.LANGUAGES, default=chosen, format_func=i18n.LANGUAGE_NAMES.get,
        key="language_switch", label_visibility="collapsed",
    )  # fmt: skip
    if picked and picked != chosen:
        st.query_params["lang"] = picked
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="newsdash", page_icon=ICON, layout="wide")
    ui.forget_context()
    try:
        default = load_settings().newsroom.language
    except ConfigError:  # said on the page below, in the environment's or the shipped language
        default = os.environ.get("NEWSDASH_LANGUAGE", "ko")
    chosen = language_of_run(default)
    settings = let_in()
    # The pages stay known (a link to /rankings keeps its path) but hidden and not run.
    navigation = st.navigation(pages(), position="sidebar" if settings else "hidden")
    language_switch(chosen)
    if settings is None:
        return
    try:
        ctx, notices = build_context(settings)
    except (duckdb.Error, OSError) as exc:
        ui.LOG.exception("cannot read the warehouse")
        st.error(  # the type only: a message would show the server's file paths
            _(
                "The warehouse cannot be read right now ({error}). Reload in a moment; if this "
                "stays, whoever runs newsdash can check it with `newsdash status`."
            ).format(error=type(exc).__name__)
        )
        return
    sidebar_footer(ctx)
    ui.set_context(ctx)
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    navigation.run()


main()
