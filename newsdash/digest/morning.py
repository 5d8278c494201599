"""`newsdash digest`: yesterday's digest to every recipient and channel that has not had it.

A recipient or channel is recorded in the sent-log the moment its send succeeds; a failed one
is not, and the next run (the timer's retry, or tomorrow's run with `--date`) sends to it
alone. `--dry-run DIR` writes the mail as an .eml file (and the chat text beside it) instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash import clock
from newsdash.digest import figures, message, sent
from newsdash.digest.config import DigestConfig, digest_config
from newsdash.digest.delivery import SendFailed, Target, chat_targets, mail_targets, post, send_mail
from newsdash.formats import write_atomic
from newsdash.settings import ConfigError, Settings

EXIT_OK, EXIT_FAILED = 0, 1
KEEP_DAYS = 62  # the sent-log remembers two months of digests


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def yesterday(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date() - timedelta(days=1)


def dry_run(digest: figures.Digest, cfg: DigestConfig, made: datetime, out: Path) -> int:
    stem = f"newsdash-digest-{digest.day.isoformat()}"
    mail = message.email(digest, cfg, made)
    eml = write_atomic(out / f"{stem}.eml", mail.as_bytes(policy=policy.SMTP))
    title, body = message.chat(digest)
    write_atomic(out / f"{stem}.chat.txt", f"{title}\n\n{body}\n".encode())
    print(f"wrote {eml} (not sent)")
    return EXIT_OK


def send_mails(digest, cfg, made, pending: list[Target], done: dict, log, outcome) -> None:
    try:
        refused = send_mail(cfg.smtp, message.email(digest, cfg, made), pending)
    except SendFailed as exc:
        outcome.failed.append(str(exc))
        return
    for target in pending:
        if target.key in refused:
            outcome.failed.append(refused[target.key])
        else:
            done[target.key] = made.isoformat()
            outcome.sent.append(target.name)
    log.save()


def send_chats(digest, made, pending: list[Target], done: dict, log, outcome) -> None:
    title, body = message.chat(digest)
    for target in pending:
        try:
            post(target, title, body)
        except SendFailed as exc:
            outcome.failed.append(str(exc))
            continue
        done[target.key] = made.isoformat()
        log.save()
        outcome.sent.append(target.name)


def report(day: date, outcome: Outcome) -> int:
    if outcome.sent:
        print(f"newsdash digest {day}: sent to {', '.join(outcome.sent)}")
    for line in outcome.failed:
        print(f"newsdash digest {day}: {line} (not recorded as sent: the next run retries)",
              file=sys.stderr)  # fmt: skip
    return EXIT_FAILED if outcome.failed else EXIT_OK


def run_digest(settings: Settings, day: date | None, out: Path | None) -> int:
    """Make the digest of `day` (default: yesterday, site time); send it, or write it to `out`."""
    cfg = digest_config(settings)
    mails, chats = mail_targets(cfg.recipients), chat_targets(cfg.apprise_urls, "[digest]")
    if out is None and not mails and not chats:
        raise ConfigError(
            f"{settings.source}: the digest has nowhere to go: set [digest] recipients and/or "
            "apprise_urls (or write it to a folder with --dry-run DIR)"
        )
    now = clock.now()
    day = day or yesterday(now, settings.zone)
    made = now.astimezone(settings.zone)
    if out is not None:
        return dry_run(figures.compute(settings, cfg, day, now), cfg, made, out)
    with sent.opened(settings.db, "digest", KEEP_DAYS, made.date()) as log:
        done = log.day(day)
        pending_mails = [t for t in mails if t.key not in done]
        pending_chats = [t for t in chats if t.key not in done]
        if not pending_mails and not pending_chats:
            print(f"newsdash digest {day}: already sent to every recipient and channel")
            return EXIT_OK
        digest = figures.compute(settings, cfg, day, now)
        outcome = Outcome()
        if pending_mails:
            send_mails(digest, cfg, made, pending_mails, done, log, outcome)
        send_chats(digest, made, pending_chats, done, log, outcome)
    return report(day, outcome)
