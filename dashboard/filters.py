"""The sidebar filters (dates, sections, edition, granularity): bound to the URL and validated.

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
from newsdash.dashboard.i18n import LANGUAGE_NAMES, N_, _, ngettext
from newsdash.dashboard.text import listed, plain, quoted

# The keys are the URL's values (`?period=Last 7 days`), the same in every language.
PRESETS = {N_("Yesterday"): 1, N_("Last 7 days"): 7, N_("Last 30 days"): 30, N_("Custom"): None}
DEFAULT_PRESET = "Last 7 days"
CUSTOM = "Custom"
GRAINS = ("hour", "day", "week")
GRAIN_NAMES = {"hour": N_("hour"), "day": N_("day"), "week": N_("week")}
ALL_EDITIONS = "all"
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
    edition: str | None = None  # None: every edition

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
            f"{self.first:%Y-%m-%d}"
            if self.first == self.last
            else f"{self.first:%Y-%m-%d} – {self.last:%Y-%m-%d} ("
            + ngettext("{n} day", "{n} days", self.days).format(n=self.days)
            + ")"
        )
        # Shown in a Markdown caption: section names come from the article metadata.
        sections = ", ".join(map(plain, self.sections)) if self.sections else _("all sections")
        parts = [dates, sections]
        if self.edition:
            parts.append(edition_label(self.edition))
        parts.append(_("by {grain}").format(grain=_(GRAIN_NAMES.get(self.grain, self.grain))))
        parts.append(_("times in {zone}").format(zone=zone_label(self.zone)))
        return " · ".join(parts)


def zone_label(zone: ZoneInfo) -> str:
    """'Asia/Seoul (KST)': the zone every time on the page is shown in."""
    abbreviation = clock.now().astimezone(zone).tzname()
    return (
        f"{zone.key} ({abbreviation})" if abbreviation and abbreviation[0].isalpha() else zone.key
    )


def edition_label(code: str) -> str:
    """All / 한국어 / English: an edition by its language's own name."""
    return _("All editions") if code == ALL_EDITIONS else LANGUAGE_NAMES.get(code, code)


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
    shown = " – ".join(quoted(v) for v in values[:3]) or "–"
    days = [parse_day(v) for v in values]
    if len(days) != 2 or None in days:
        return _("The link's dates ({shown}) are not two YYYY-MM-DD dates").format(shown=shown)
    first, last = days
    if first > last:
        return _("The link's dates ({shown}) end before they start").format(shown=shown)
    if first < bounds.first_day or last > bounds.last_day:
        return _(
            "The link's dates ({shown}) are outside the loaded data ({first} to {last})"
        ).format(shown=shown, first=bounds.first_day, last=bounds.last_day)
    return None


def url_notices(
    params: Mapping[str, Sequence[str]],
    bounds: Bounds,
    sections: Iterable[str],
    editions: Iterable[str] = (),
) -> list[str]:
    """What in the URL cannot be used; each notice says what is shown instead."""
    notices = []
    default = _(DEFAULT_PRESET)
    period = params.get("period", [])
    if period and period[-1] not in PRESETS:
        notices.append(
            _("Unknown period {value} in the link: showing {default}.").format(
                value=quoted(period[-1]), default=default
            )
        )
    if period and period[-1] == CUSTOM:
        problem = date_notice(list(params.get("dates", [])), bounds)
        if problem:
            notices.append(
                _("{problem}: showing {default} until you pick dates.").format(
                    problem=problem, default=default
                )
            )
    grain = params.get("grain", [])
    if grain and grain[-1] not in GRAINS:
        notices.append(
            _("Unknown granularity {value} in the link: showing by {default}.").format(
                value=quoted(grain[-1]), default=_(GRAIN_NAMES[DEFAULT_GRAIN])
            )
        )
    edition = params.get("edition", [])
    if edition and edition[-1] not in (ALL_EDITIONS, *editions):
        notices.append(
            _("Unknown edition {value} in the link: showing all editions.").format(
                value=quoted(edition[-1])
            )
        )
    known = set(sections)
    unknown = [s for s in params.get("sections", []) if s not in known]
    if unknown:
        notices.append(
            _("Unknown section(s) in the link, left out: {names}.").format(
                names=listed(unknown[:5])
            )
        )
    return notices


def choice_notice(params: Mapping[str, Sequence[str]], key: str, options: Iterable[str],
                  what: str, default: str) -> str | None:  # fmt: skip
    """A page's own URL-bound choice that cannot be used (Streamlit drops it silently)."""
    values = params.get(key, [])
    if values and values[-1] not in set(options):
        return _("Unknown {what} {value} in the link: showing {default}.").format(
            what=what, value=quoted(values[-1]), default=default
        )
    return None


def day_notice(params: Mapping[str, Sequence[str]], key: str, first: date, last: date,
               what: str, default: str) -> str | None:  # fmt: skip
    values = params.get(key, [])
    if not values:
        return None
    day = parse_day(values[-1])
    if day is None or not first <= day <= last:
        return _(
            "The link's {what} {value} is not a day from {first} to {last}: showing {default}."
        ).format(what=what, value=quoted(values[-1]), first=first, last=last, default=default)
    return None


def url_choice(draw, label: str, options, key: str, default: str, format_func=str, **kw):
    """A choice kept in the URL under its machine value (`?grain=week`, `?edition=en`) in every
    language. Streamlit's own binding (`bind="query-params"`) writes the option as shown, which
    changes with the language, so a link would not survive a language switch. A value the
    options do not know is left out of the URL (the page's notice says so). Opening another
    page from the navigation drops the query string: the session's choice is kept and written
    back, so the address bar still holds the view."""
    options = list(options)
    asked = st.query_params.get(key)
    state = key  # the widget's key is the parameter's name, as with Streamlit's own binding
    if asked is not None and asked not in options:
        del st.query_params[key]
    elif asked is None and st.session_state.get(state, default) in options:
        asked = st.session_state.get(state, default)  # kept from the page before
        if asked != default:
            st.query_params[key] = asked
    st.session_state[state] = asked if asked in options else default

    def keep() -> None:
        value = st.session_state[state]
        if value == default:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = value

    return draw(label, options, key=state, format_func=format_func, on_change=keep, **kw)


def raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def custom_range(value: object, fallback: tuple[date, date]) -> tuple[tuple[date, date], bool]:
    """The picked (first, last), or the fallback while the range is incomplete."""
    if isinstance(value, tuple | list) and len(value) == 2 and all(value):
        return (value[0], value[1]), True
    return fallback, False


def sidebar(
    bounds: Bounds,
    sections: Sequence[str],
    zone: ZoneInfo,
    today: date,
    editions: Sequence[str] = (),
) -> tuple[Filters, list[str]]:
    """Draw the filters in the sidebar; return them and the notices to show on the page."""
    notices = url_notices(raw_params(), bounds, sections, editions)
    bar = st.sidebar
    preset = url_choice(bar.selectbox, _("Dates"), PRESETS, "period", DEFAULT_PRESET, _)
    first, last = preset_range(preset, bounds, today)
    if preset == CUSTOM:
        picked = bar.date_input(
            _("From – to"), value=(), min_value=bounds.first_day, max_value=bounds.last_day,
            key="dates", bind="query-params", format="YYYY-MM-DD",
        )  # fmt: skip
        (first, last), complete = custom_range(picked, (first, last))
        if not complete:
            bar.caption(
                _("Pick a start and an end date; showing {default} meanwhile.").format(
                    default=_(DEFAULT_PRESET)
                )
            )
    else:
        bar.caption(f"{first:%Y-%m-%d} – {last:%Y-%m-%d}")
    chosen = bar.multiselect(
        _("Sections"), list(sections), key="sections", bind="query-params",
        placeholder=_("All sections"), help=_("A section includes its columns (subsections)."),
    )  # fmt: skip
    edition = ALL_EDITIONS
    if editions:
        edition = url_choice(
            bar.radio, _("Edition"), (ALL_EDITIONS, *editions), "edition", ALL_EDITIONS,
            edition_label, horizontal=True, help=_("Applies to every page but Boxes and Data health."),
        )  # fmt: skip
    grain = url_choice(
        bar.radio, _("Granularity"), GRAINS, "grain", DEFAULT_GRAIN,
        lambda g: _(GRAIN_NAMES[g]), horizontal=True,
    )  # fmt: skip
    if grain == "hour" and (last - first).days + 1 > MAX_HOURLY_DAYS:
        notices.append(
            _("Hourly detail is limited to {n} days: showing days.").format(n=MAX_HOURLY_DAYS)
        )
        grain = "day"
    chosen_edition = None if edition == ALL_EDITIONS else edition
    filters = Filters(first, last, tuple(chosen), grain, preset, zone, chosen_edition)
    return filters, notices
