"""What every page shares: the run context, the empty state, error containment, tables with
CSV downloads, KPI tiles and number formatting.

A page runs only after the entrypoint has let the visitor in (dashboard/gate.py) and set the
context of this run; without it the page draws nothing and reads nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from newsdash.dashboard import data, i18n, vocabulary
from newsdash.dashboard.attention_text import ENGAGED_COLUMN
from newsdash.dashboard.downloads import csv_bytes
from newsdash.dashboard.filters import Bounds, Filters
from newsdash.dashboard.i18n import N_, _
from newsdash.dashboard.text import file_stem, plain  # noqa: F401 - pages and tests use ui.plain
from newsdash.settings import Settings

LOG = logging.getLogger("newsdash.dashboard")
CONTEXT_KEY = "newsdash_context"


@dataclass(frozen=True)
class Context:
    """Set by the entrypoint on every run, read by the page that runs after it."""

    settings: Settings
    src: data.Source
    bounds: Bounds | None  # None: nothing counted yet
    filters: Filters | None
    sections: tuple[str, ...]
    colors: dict[str, str]
    zone: str  # e.g. "Asia/Seoul (KST)"

    @property
    def short_zone(self) -> str:
        return self.zone.split("(")[-1].rstrip(")") if "(" in self.zone else self.zone


def set_context(ctx: Context) -> None:
    st.session_state[CONTEXT_KEY] = ctx


def forget_context() -> None:
    """At the start of every run: a context from an earlier run never outlives the gate."""
    st.session_state.pop(CONTEXT_KEY, None)


def context() -> Context | None:
    return st.session_state.get(CONTEXT_KEY)


METRIC_NAMES = {"views": N_("Views"), "readers": N_("Readers"), "likes": N_("Likes"),
                "comments": N_("Comments"), "shares": N_("Shares")}  # fmt: skip


def metric_name(metric: str) -> str:
    """views -> Views / 조회수: the editors' word for a count."""
    return _(METRIC_NAMES[metric]) if metric in METRIC_NAMES else metric


def fmt_int(value: float | int | None) -> str:
    return "–" if value is None or pd.isna(value) else i18n.number(round(value))


def fmt_compact(value: float | int | None) -> str:
    """A KPI figure: 12,345 as 1.2만 in Korean, 12.3K in English (Babel)."""
    return "–" if value is None or pd.isna(value) else i18n.compact(value)


def fmt_change(change: float | None) -> str | None:
    return None if change is None or pd.isna(change) else f"{change:+.1%}"


def metric_delta(change: float | None) -> str | int | None:
    """st.metric's delta: a signed percentage, or the number 0 (grey, no arrow) when the
    change rounds to nothing."""
    text = fmt_change(change)
    return 0 if text in ("+0.0%", "-0.0%") else text


def empty_state(ctx: Context) -> None:
    """The first start: say what is missing and how to load data, never an error."""
    if ctx.src.version is None:
        st.info(
            _(
                "**No data has been loaded yet.** The database this dashboard reads does not "
                "exist so far.\n\n"
                "- Load the bundled sample data and open the dashboard: `newsdash demo`\n"
                "- Load your own event files: `newsdash etl --inbox /path/to/inbox`\n\n"
                "Then reload this page: new data shows up on the next click."
            )
        )
    else:
        st.info(
            _(
                "**No counted events yet** in the database. The last ETL run may have "
                "rejected everything or failed: the Data health page says what happened. Load "
                "event files with `newsdash etl --inbox /path/to/inbox`."
            )
        )
        st.page_link(
            "page_scripts/data_health.py",
            label=_("Open Data health"),
            icon=":material/monitor_heart:",
        )


def run_page(render: Callable[[Context], None], *, needs_traffic: bool = True) -> None:
    """Draw a page; an unexpected error becomes a short message, never a traceback."""
    ctx = context()
    if ctx is None:  # not let in on this run (the entrypoint drew why)
        return
    if needs_traffic and ctx.bounds is None:
        empty_state(ctx)
        return
    try:
        render(ctx)
    except Exception as exc:  # noqa: BLE001 - the editor sees a message, the log the details
        LOG.exception("page failed")
        st.error(  # the type only: a message may hold the server's file paths
            _(
                "This page could not be drawn ({error}). The other pages still work; the "
                "server log has the details."
            ).format(error=type(exc).__name__)
        )


def header(title: str, ctx: Context, note: str | None = None) -> None:
    st.title(title)
    if ctx.filters is not None:
        st.caption(ctx.filters.describe() + (f" · {note}" if note else ""))


IDENTIFIERS = {"run_id", "file_id", "line", "rank", "weekday", "hour_of_day"}
# Column headers in the run's language; the CSV download keeps the machine names.
COLUMN_LABELS = {
    "views": N_("Views"), "readers": N_("Readers"), "likes": N_("Likes"),
    "comments": N_("Comments"), "shares": N_("Shares"), "title": N_("Title"),
    "section": N_("Section"), "subsection": N_("Subsection"), "author": N_("Reporter"),
    "published_at": N_("Published"), "article_id": N_("Article id"), "share": N_("Share"),
    "channel": N_("Channel"), "events": N_("Events"), "age": N_("Published"),
    "source_group": N_("Source group"), "source_name": N_("Source"), "campaign": N_("Campaign"),
    ENGAGED_COLUMN: ENGAGED_COLUMN,  # marked in attention_text
}  # fmt: skip


def column_label(column: str) -> str:
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column


def _display(frame: pd.DataFrame, zone: str) -> tuple[pd.DataFrame, dict]:
    """Times as site wall-clock with the zone in the header; counts with thousands
    separators, identifiers (ids, line numbers) without; missing text as blank.

    Identifiers use printf "%d": Streamlit 1.67's "plain" format draws 3911 as
    3910.9999999999995 (seen in a screenshot of the Data health page)."""
    shown = frame.copy()
    config: dict = {}
    for column in shown.columns:
        if column in vocabulary.CELLS:  # product words in the run's language; CSV: as stored
            shown[column] = shown[column].map(lambda v, c=column: vocabulary.shown(c, v))
        series, label = shown[column], column_label(column)
        if column in IDENTIFIERS:
            config[column] = st.column_config.NumberColumn(label, format="%d")
        elif pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            shown[column] = series.fillna("")
            config[column] = st.column_config.TextColumn(label)
        elif isinstance(series.dtype, pd.DatetimeTZDtype):
            shown[column] = series.dt.tz_localize(None)
            config[column] = st.column_config.DatetimeColumn(
                f"{label} ({zone})", format="YYYY-MM-DD HH:mm"
            )
        elif pd.api.types.is_integer_dtype(series.dtype):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[column] = st.column_config.NumberColumn(label)
    return shown, config


def table(
    frame: pd.DataFrame, name: str, ctx: Context, config: dict | None = None,
    height: int | str = "auto",
) -> None:  # fmt: skip
    """A table and a button that downloads exactly its rows as CSV (dashboard/downloads.py:
    formula cells defused; the grid's own export is off, client.disableDataExport)."""
    shown, auto = _display(frame, ctx.short_zone)
    st.dataframe(shown, hide_index=True, column_config={**auto, **(config or {})}, height=height)
    st.download_button(
        _("Download CSV"), data=lambda: csv_bytes(frame), file_name=f"newsdash-{file_stem(name)}.csv",
        mime="text/csv", key=f"download-{file_stem(name)}", on_click="ignore", icon=":material/download:",
    )  # fmt: skip


def no_rows(what: str) -> None:
    st.info(_("No {what} in this period for the chosen sections.").format(what=what))
