"""The sidebar filters (dates, sections, granularity): bound to the URL and validated.

Every filter is a widget bound to a query parameter (`bind="query-params"`), so the address
bar always holds the view and a copied link reopens it. Streamlit silently drops a URL value
it cannot use; `url_notices` looks at the raw parameters first so the editor is told why the
view differs from the link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from newsdash import clock
from newsdash.dashboard.text import listed, plain, quoted

PRESETS = {"Yesterday": 1, "Last 7 days": 7, "Last 30 days": 30, "Custom": None}
DEFAULT_PRESET = "Last 7 days"
CUSTOM = "Custom"
GRAINS = ("hour", "day", "week")
DEFAULT_GRAIN = "day"
MAX_HOURLY_DAYS = 31  # hourly points beyond a month make unreadable, slow charts


@dataclass(frozen=True)
class Bounds:
    """The days (site time) that hold counted traffic, and the newest counted hour."""

    first_day: date
    last_day: date
    last_hour: datetime

    def reference_day(self, today: date) -> date:
        """The last day the presets cover: yesterday, or the last day with data if older.

        Today is never a preset's end while it is still running; its hours stay reachable
        with a custom range and in "rising now".
        """
        return max(self.first_day, min(self.last_day, today - timedelta(days=1)))


@dataclass(frozen=True)
class Filters:
    first: date  # inclusive, site time
    last: date  # inclusive, site time
    sections: tuple[str, ...]
    grain: str
    preset: str
    zone: ZoneInfo  # the site time zone

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def window(self, shift_days: int = 0) -> tuple[datetime, datetime]:
        """[start, end) as instants: midnight of `first` to midnight after `last`, site time."""
        start = datetime.combine(self.first + timedelta(days=shift_days), time(), self.zone)
        end = datetime.combine(self.last + timedelta(days=shift_days + 1), time(), self.zone)
        return start, end

    def describe(self) -> str:
        dates = (
            f"{self.first:%a %Y-%m-%d}"
            if self.first == self.last
            else f"{self.first:%Y-%m-%d} – {self.last:%Y-%m-%d} ({self.days} days)"
        )
        # Shown in a Markdown caption: section names come from the article metadata.
        sections = ", ".join(map(plain, self.sections)) if self.sections else "all sections"
        return f"{dates} · {sections} · by {self.grain} · times in {zone_label(self.zone)}"


def zone_label(zone: ZoneInfo) -> str:
    """'Asia/Seoul (KST)': the zone every time on the page is shown in."""
    abbreviation = clock.now().astimezone(zone).tzname()
    return (
        f"{zone.key} ({abbreviation})" if abbreviation and abbreviation[0].isalpha() else zone.key
    )


def preset_range(preset: str, bounds: Bounds, today: date) -> tuple[date, date]:
    end = bounds.reference_day(today)
    days = PRESETS.get(preset) or PRESETS[DEFAULT_PRESET]
    return end - timedelta(days=days - 1), end


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_notice(values: Sequence[str], bounds: Bounds) -> str | None:
    """Why the `dates` in a link cannot be used, or None when they can."""
    shown = " to ".join(quoted(v) for v in values[:3]) or "(none)"
    days = [parse_day(v) for v in values]
    if len(days) != 2 or None in days:
        return f"The link's dates ({shown}) are not two YYYY-MM-DD dates"
    first, last = days
    if first > last:
        return f"The link's dates ({shown}) end before they start"
    if first < bounds.first_day or last > bounds.last_day:
        return (
            f"The link's dates ({shown}) are outside the loaded data "
            f"({bounds.first_day} to {bounds.last_day})"
        )
    return None


def url_notices(
    params: Mapping[str, Sequence[str]], bounds: Bounds, sections: Iterable[str]
) -> list[str]:
    """What in the URL cannot be used; each notice says what is shown instead."""
    notices = []
    period = params.get("period", [])
    if period and period[-1] not in PRESETS:
        notices.append(
            f"Unknown period {quoted(period[-1])} in the link: showing {DEFAULT_PRESET}."
        )
    if period and period[-1] == CUSTOM:
        problem = date_notice(list(params.get("dates", [])), bounds)
        if problem:
            notices.append(f"{problem}: showing {DEFAULT_PRESET} until you pick dates.")
    grain = params.get("grain", [])
    if grain and grain[-1] not in GRAINS:
        notices.append(
            f"Unknown granularity {quoted(grain[-1])} in the link: showing by {DEFAULT_GRAIN}."
        )
    known = set(sections)
    unknown = [s for s in params.get("sections", []) if s not in known]
    if unknown:
        notices.append(f"Unknown section(s) in the link, left out: {listed(unknown[:5])}.")
    return notices


def choice_notice(params: Mapping[str, Sequence[str]], key: str, options: Iterable[str],
                  what: str, default: str) -> str | None:  # fmt: skip
    """A page's own URL-bound choice that cannot be used (Streamlit drops it silently)."""
    values = params.get(key, [])
    if values and values[-1] not in set(options):
        return f"Unknown {what} {quoted(values[-1])} in the link: showing {default}."
    return None


def day_notice(params: Mapping[str, Sequence[str]], key: str, first: date, last: date,
               what: str, default: str) -> str | None:  # fmt: skip
    values = params.get(key, [])
    if not values:
        return None
    day = parse_day(values[-1])
    if day is None or not first <= day <= last:
        return f"The link's {what} {quoted(values[-1])} is not a day from {first} to {last}: showing {default}."
    return None


def raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def custom_range(value: object, fallback: tuple[date, date]) -> tuple[tuple[date, date], bool]:
    """The picked (first, last), or the fallback while the range is incomplete."""
    if isinstance(value, tuple | list) and len(value) == 2 and all(value):
        return (value[0], value[1]), True
    return fallback, False


def sidebar(
    bounds: Bounds, sections: Sequence[str], zone: ZoneInfo, today: date
) -> tuple[Filters, list[str]]:
    """Draw the filters in the sidebar; return them and the notices to show on the page."""
    notices = url_notices(raw_params(), bounds, sections)
    bar = st.sidebar
    preset = bar.selectbox(
        "Dates", list(PRESETS), index=list(PRESETS).index(DEFAULT_PRESET), key="period",
        bind="query-params",
    )  # fmt: skip
    first, last = preset_range(preset, bounds, today)
    if preset == CUSTOM:
        picked = bar.date_input(
            "From – to", value=(), min_value=bounds.first_day, max_value=bounds.last_day,
            key="dates", bind="query-params", format="YYYY-MM-DD",
        )  # fmt: skip
        (first, last), complete = custom_range(picked, (first, last))
        if not complete:
            bar.caption(f"Pick a start and an end date; showing {DEFAULT_PRESET} meanwhile.")
    else:
        bar.caption(f"{first:%Y-%m-%d} – {last:%Y-%m-%d}")
    chosen = bar.multiselect(
        "Sections", list(sections), key="sections", bind="query-params",
        placeholder="All sections", help="A section includes its columns (subsections).",
    )  # fmt: skip
    grain = bar.radio(
        "Granularity", GRAINS, index=GRAINS.index(DEFAULT_GRAIN), key="grain",
        bind="query-params", horizontal=True,
    )  # fmt: skip
    if grain == "hour" and (last - first).days + 1 > MAX_HOURLY_DAYS:
        notices.append(f"Hourly detail is limited to {MAX_HOURLY_DAYS} days: showing days.")
        grain = "day"
    filters = Filters(first, last, tuple(chosen), grain, preset, zone)
    return filters, notices
