"""Every word the Live page shows, in one place so that it can be translated (issue 23): the
page looks its text up here by key and fills the `{placeholders}`; it has no text of its own.
"""

from __future__ import annotations

TEXT = {
    "title": "Live",
    "refresh": "Refreshes itself every {seconds} s.",
    "as_of": "As of {now} {zone}",
    "newest_event": "newest event {at} ({age} old)",
    "no_event": "no event loaded yet",
    "last_run": "last ETL run {at} ({age} ago, {status})",
    "no_run": "no ETL run yet",
    "stale": (
        "The last ETL run was {age} ago: the every-minute ETL may be stopped "
        "(Data health says how the runs went)."
    ),
    "seconds": "{n} s",
    "minutes": "{n} min",
    "hours": "{n} h {m} min",
    "days": "{n} days",
    "views_30": "Views, last 30 min",
    "likes_30": "Likes, last 30 min",
    "comments_30": "Comments, last 30 min",
    "shares_30": "Shares, last 30 min",
    "per_minute": "Views per minute, last 30 minutes",
    "minute_axis": "Minute, {zone}",
    "views_axis": "Views",
    "top": "Read most in the last 30 minutes",
    "no_top": "Nobody has read an article in the last 30 minutes.",
    "hot": "Hot Issue now",
    "hot_caption": "{title}: {start} to {end} {zone}, weighted engagement, half-life {half_life} h.",
    "no_hot": "Nothing is hot right now: no engagement with an eligible article in the window.",
    "channels": "Share channels, last hour",
    "no_shares": "No shares in the last hour.",
    "shares_axis": "Shares",
}


def text(key: str, **values: object) -> str:
    """The page's text for `key`, with its placeholders filled."""
    return TEXT[key].format(**values) if values else TEXT[key]
