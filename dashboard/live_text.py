"""Every word the Live page shows, in one place so that it can be translated (issue 23): the
page looks its text up here by key (translated then: docs/i18n.md) and fills the
`{placeholders}`; it has no text of its own.
"""

from __future__ import annotations

from newsdash.dashboard.i18n import N_, _

TEXT = {
    "title": N_("Live"),
    "refresh": N_("Refreshes itself every {seconds} s."),
    "as_of": N_("As of {now} {zone}"),
    "newest_event": N_("newest event {at} ({age} old)"),
    "no_event": N_("no event loaded yet"),
    "last_run": N_("last ETL run {at} ({age} ago, {status})"),
    "no_run": N_("no ETL run yet"),
    "stale": N_(
        "The last ETL run was {age} ago: the every-minute ETL may be stopped "
        "(Data health says how the runs went)."
    ),
    "seconds": N_("{n} s"),
    "minutes": N_("{n} min"),
    "hours": N_("{n} h {m} min"),
    "days": N_("{n} days"),
    "views_30": N_("Views, last 30 min"),
    "likes_30": N_("Likes, last 30 min"),
    "comments_30": N_("Comments, last 30 min"),
    "shares_30": N_("Shares, last 30 min"),
    "per_minute": N_("Views per minute, last 30 minutes"),
    "minute_axis": N_("Minute, {zone}"),
    "views_axis": N_("Views"),
    "top": N_("Read most in the last 30 minutes"),
    "no_top": N_("Nobody has read an article in the last 30 minutes."),
    "hot": N_("Hot Issue now"),
    "hot_caption": N_(
        "{title}: {start} to {end} {zone}, weighted engagement, half-life {half_life} h."
    ),
    "no_hot": N_("Nothing is hot right now: no engagement with an eligible article in the window."),
    "channels": N_("Share channels, last hour"),
    "no_shares": N_("No shares in the last hour."),
    "shares_axis": N_("Shares"),
}


def text(key: str, **values: object) -> str:
    """The page's text for `key` in the run's language, with its placeholders filled."""
    return _(TEXT[key]).format(**values) if values else _(TEXT[key])
