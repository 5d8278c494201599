"""The digest's figures for one site day, read from the published warehouse.

Every number comes from the queries the product already shows: the day's totals and readers
from the Overview's queries (sql/dash/totals.sql, readers.sql), the rankings from
`newsdash.sql.ranking_queries` as of the end of the day (equal to `newsdash rank NAME --as-of DAY+1`), the
channels, section leaders and health warnings from sql/digest/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from newsdash.digest import checks
from newsdash.digest.config import DigestConfig
from newsdash.digest.links import Links
from newsdash.exports import require_database
from newsdash.formats import records
from newsdash.rankings import RankingError
from newsdash.settings import Settings
from newsdash.sql import dimensions, store
from newsdash.sql.ranking_queries import rankings_on

METRICS = ("views", "readers", "likes", "comments", "shares")
EVENT_TYPES = {"view": "views", "like": "likes", "comment": "comments", "share": "shares"}
CHANNEL_LABELS = {
    "facebook": "Facebook",
    "x": "X",
    "kakaotalk": "KakaoTalk",
    "line": "LINE",
    "band": "BAND",
    "naver": "NAVER",
    "copy_url": "Copy URL",
}  # the share buttons of the site, named as the Share channels page names them


@dataclass(frozen=True)
class Metric:
    name: str
    value: int
    week_ago: int | None  # None: the same weekday a week earlier is before the loaded data

    @property
    def change(self) -> float | None:
        if not self.week_ago:
            return None
        return self.value / self.week_ago - 1


@dataclass(frozen=True)
class Ranked:
    name: str
    title: str
    window_hours: int
    rows: list[dict[str, Any]]  # rank, title, section, views, score, movement, link, ...
    link: str


@dataclass(frozen=True)
class Leader:
    section: str
    section_views: int
    title: str
    views: int
    link: str
    article_link: str


@dataclass(frozen=True)
class Channels:
    top: str | None  # label of the most shared channel, None without shares
    top_shares: int
    shares: int
    per_1000_views: float | None  # None without views


@dataclass(frozen=True)
class Digest:
    day: date
    zone: str
    metrics: list[Metric]
    rankings: list[Ranked]
    channels: Channels
    leaders: list[Leader]
    warnings: list[str]
    links: Links
    notes: list[str] = field(default_factory=list)  # e.g. a ranking named in the config is off

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)


def day_window(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[midnight, next midnight) of a site day, as instants."""
    return datetime.combine(day, time(), zone), datetime.combine(day + timedelta(1), time(), zone)


def totals(con: store.Connection, start: datetime, end: datetime) -> dict[str, int]:
    """The Overview's KPIs for [start, end) over all sections (dashboard/data.py does the same)."""
    scope = {"start": start, "end": end, "sections": [], "edition": None}  # the whole site
    counts = dict(store.rows(con, "dash/totals", **scope))
    found = {label: int(counts.get(kind, 0)) for kind, label in EVENT_TYPES.items()}
    readers, whole_days = store.rows(con, "dash/readers", **scope)[0]
    if not whole_days:  # days stored in another zone: count from the hourly triples
        readers = store.scalar(con, "dash/readers_in_sections", **scope)
    found["readers"] = int(readers)
    return found


def metrics(con: store.Connection, day: date, zone: ZoneInfo) -> list[Metric]:
    """Each KPI of the day, and of the same weekday a week earlier when that is loaded."""
    current = totals(con, *day_window(day, zone))
    first = store.frame(con, "dash/bounds").iloc[0]["first_hour"]
    week_ago = day - timedelta(days=7)
    known = first is not None and not _missing(first) and first.date() <= week_ago
    before = totals(con, *day_window(week_ago, zone)) if known else None
    return [Metric(m, current[m], before[m] if before else None) for m in METRICS]


def _missing(value: Any) -> bool:
    return value != value  # NaT / NaN


def rankings(
    con: store.Connection, settings: Settings, cfg: DigestConfig, end: datetime, links: Links
) -> tuple[list[Ranked], list[str]]:
    db = store.published(settings)
    """The configured rankings as of the end of the day, with what could not be shown."""
    found, notes = [], []
    for name, rows in cfg.rankings:
        try:
            definition = settings.ranking(name)
        except RankingError as exc:
            notes.append(f"[digest] rankings: {exc}")
            continue
        (result,) = rankings_on(con, db, [definition], end, None, rows)
        shown = [
            {**r, "link": links.article(r["article_id"]), "section": _section(r)}
            for r in records(result)
        ]
        found.append(Ranked(name, definition.title, definition.window_hours, shown, links.rankings))
    return found, notes


def _section(row: dict[str, Any]) -> str:
    section, sub = row.get("section") or "", row.get("subsection") or ""
    return f"{section} › {sub}" if section and sub else section or sub


def channels(con: store.Connection, start: datetime, end: datetime, views: int) -> Channels:
    per_channel = store.rows(con, "digest/channel_shares", start=start, end=end)
    shares = sum(n for _, n in per_channel)
    top, top_shares = per_channel[0] if per_channel else (None, 0)
    return Channels(
        top=CHANNEL_LABELS.get(top, top) if top else None,
        top_shares=int(top_shares),
        shares=int(shares),
        per_1000_views=1000 * shares / views if views else None,
    )


def leaders(con: store.Connection, start: datetime, end: datetime, links: Links) -> list[Leader]:
    return [
        Leader(
            section,
            int(total),
            title,
            int(views),
            links.section(section),
            links.article(article_id),
        )
        for section, total, article_id, title, views in store.rows(
            con, "digest/section_leaders", start=start, end=end
        )
    ]


def compute(settings: Settings, cfg: DigestConfig, day: date, now: datetime) -> Digest:
    """Everything the digest of `day` says, from one short read of the published warehouse."""
    require_database(settings.db)
    start, end = day_window(day, settings.zone)
    links = Links(cfg.dashboard_url, day)
    with store.published(settings).reading() as con:
        dimensions.prepare_editions(con, settings.newsroom)  # the Overview's queries read it
        kpis = metrics(con, day, settings.zone)
        ranked, notes = rankings(con, settings, cfg, end, links)
        views = next(m.value for m in kpis if m.name == "views")
        shared = channels(con, start, end, views)
        sections = leaders(con, start, end, links)
        warnings = checks.warnings(con, settings, start, end, now)
    return Digest(day, settings.zone.key, kpis, ranked, shared, sections, warnings, links, notes)
