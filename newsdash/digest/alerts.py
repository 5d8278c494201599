"""`newsdash alerts`: one chat post per article per site day when it is "rising now".

Rising is the Overview's measure (sql/dash/rising.sql): views in the last `recent_hours`
against the article's usual views at those hours of the previous days (a typical article of
its section for a new one). An article whose lift reaches `[alerts] threshold`, with at least
`min_views` recent views, is noted in the sent-log with its figures the first time; every
channel that has not had that alert gets it, now or, after a failed post, at the next run.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from typing import Any

from newsdash import clock
from newsdash.digest import sent
from newsdash.digest.config import AlertConfig, alert_config
from newsdash.digest.delivery import SendFailed, Target, chat_targets, post
from newsdash.digest.links import page
from newsdash.exports import require_database
from newsdash.settings import ConfigError, Settings
from newsdash.sql import dimensions, store
from newsdash.sql.ranking_queries import default_as_of
from newsdash.terminal import printable

EXIT_OK, EXIT_FAILED = 0, 1
KEEP_DAYS = 3
MAX_ROWS = 100  # articles considered per run, highest lift first


def rising(con: store.Connection, cfg: AlertConfig, as_of: datetime) -> list[dict[str, Any]]:
    """The articles over the threshold as of `as_of`, with their views in the newest hour."""
    recent_start = as_of - timedelta(hours=cfg.recent_hours)
    frame = store.frame(
        con, "dash/rising", as_of=as_of, recent_start=recent_start,
        baseline_start=recent_start - timedelta(days=cfg.baseline_days),
        baseline_days=cfg.baseline_days, min_views=cfg.min_views, min_lift=cfg.threshold,
        limit=MAX_ROWS, sections=[], edition=None,
    )  # fmt: skip
    ids = frame["article_id"].tolist()
    hour = dict(store.rows(con, "digest/views_in_window", article_ids=ids,
                           start=as_of - timedelta(hours=1), end=as_of))  # fmt: skip
    return [
        {
            "article_id": r.article_id,
            "title": r.title,
            "section": r.section,
            "recent_views": int(r.recent_views),
            "usual_views": float(r.usual_views),
            "lift": float(r.lift),
            "compared_with": r.compared_with,
            "last_hour_views": int(hour.get(r.article_id, 0)),
            "as_of": as_of.isoformat(),
        }
        for r in frame.itertuples(index=False)
    ]


def text(alert: dict[str, Any], cfg: AlertConfig) -> tuple[str, str]:
    """(title, body) of one post: title, section, the newest hour's views, the lift, a link."""
    end = datetime.fromisoformat(alert["as_of"])
    start = end - timedelta(hours=1)
    usual = "its usual" if alert["compared_with"] == "own" else "a typical article of its section"
    link = page(cfg.dashboard_url, "article", {"article": alert["article_id"]})
    body = "\n".join([
        f"{printable(alert['section'])}",
        f"{alert['last_hour_views']:,} views {start:%H:00}–{end:%H:00}; "
        f"{alert['recent_views']:,} in the last {cfg.recent_hours} h, {alert['lift']:g}× {usual}",
        link,
    ])  # fmt: skip
    return f"Rising: {printable(alert['title'])}", body


def find(settings: Settings, cfg: AlertConfig, now: datetime) -> tuple[date, list[dict]] | str:
    """(site day, rising articles), or why there is nothing to look at."""
    require_database(settings.db)
    db = store.published(settings)
    with db.reading() as con:
        if store.scalar(con, "rank/latest_hour") is None:
            return "no counted events yet"
        as_of = default_as_of(con, db)
        if now - as_of > timedelta(hours=cfg.max_age_hours):
            return (
                f"the newest counted hour ended at {as_of:%Y-%m-%d %H:00}, more than "
                f"{cfg.max_age_hours:g} h ago ([alerts] max_age_hours): nothing is rising now"
            )
        dimensions.prepare_editions(con, settings.newsroom)  # dash/rising reads it
        found = rising(con, cfg, as_of)
    day = (as_of - timedelta(hours=1)).astimezone(settings.zone).date()
    return day, found


def pending(log: sent.SentLog, day: date, targets: list[Target]):
    """(entry, target) for every noted alert of the day (and the day before) a channel lacks."""
    for key in sorted(k for k in log.days if k >= (day - timedelta(days=1)).isoformat()):
        for entry in log.days[key].values():
            for target in targets:
                if target.key not in entry["sent"]:
                    yield entry, target


def run_alerts(settings: Settings, dry_run: bool = False) -> int:
    cfg = alert_config(settings)
    targets = chat_targets(cfg.apprise_urls, "[alerts]")
    if not targets and not dry_run:
        raise ConfigError(
            f"{settings.source}: alerts have nowhere to go: set [alerts] apprise_urls"
        )
    now = clock.now()
    found = find(settings, cfg, now)
    if isinstance(found, str):
        print(f"newsdash alerts: {found}")
        return EXIT_OK
    day, alerts = found
    if dry_run:
        for alert in alerts:
            title, body = text(alert, cfg)
            print(f"{title}\n{body}\n")
        print(f"newsdash alerts: {len(alerts)} article(s) over the threshold (not posted)")
        return EXIT_OK
    with sent.opened(settings.db, "alerts", KEEP_DAYS, day) as log:
        noted = log.day(day)
        for alert in alerts:  # the first crossing of the day is the one posted
            noted.setdefault(alert["article_id"], {"alert": alert, "sent": {}})
        log.save()
        posted, failed = 0, []
        for entry, target in list(pending(log, day, targets)):
            try:
                post(target, *text(entry["alert"], cfg))
            except SendFailed as exc:
                failed.append(str(exc))
                continue
            entry["sent"][target.key] = now.isoformat()
            log.save()
            posted += 1
    print(f"newsdash alerts {day}: {len(alerts)} article(s) rising, {posted} post(s) sent")
    for line in failed:
        print(f"newsdash alerts: {line} (not recorded as sent: the next run retries)",
              file=sys.stderr)  # fmt: skip
    return EXIT_FAILED if failed else EXIT_OK
