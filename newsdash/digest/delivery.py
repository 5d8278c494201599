"""Delivery: mail through smtplib (STARTTLS, login), chat through apprise URLs.

Each target (a mail recipient, a chat URL) has a stable key for the sent-log and a name that is
safe to print (an apprise URL's tokens are masked). A failed send raises SendFailed with the
reason on one line; nothing of it is recorded as sent, so the next run tries again.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses

import apprise

from newsdash.digest.config import Smtp
from newsdash.settings import ConfigError


class SendFailed(Exception):
    """One send did not go through; the message is one line saying why."""


@dataclass(frozen=True)
class Target:
    key: str  # in the sent-log: "mail:<address>" or "chat:<hash of the URL>"
    name: str  # for people: the address, or the URL with its secrets masked
    url: str | None = None  # chat targets only


def squeeze(text: str | bytes) -> str:
    """Server replies and error messages on one line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(text.split())


def one_line(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {squeeze(exc.smtp_error)}"
    return squeeze(str(exc)) or type(exc).__name__


def envelope_address(text: str) -> str:
    [(_, address)] = getaddresses([text])
    return address


def mail_targets(recipients: tuple[str, ...]) -> list[Target]:
    return [Target(f"mail:{envelope_address(r).lower()}", envelope_address(r)) for r in recipients]


def chat_targets(urls: tuple[str, ...], where: str) -> list[Target]:
    """One target per apprise URL; an URL no apprise plugin understands is a ConfigError."""
    targets = []
    for url in urls:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if plugin is None:
            scheme = url.split("://", 1)[0] if "://" in url else url[:12]
            raise ConfigError(
                f"{where} apprise_urls: {scheme!r}... is not an apprise URL this apprise "
                "understands (see https://github.com/caronc/apprise/wiki)"
            )
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        targets.append(Target(f"chat:{key}", plugin.url(privacy=True).split("?", 1)[0], url))
    return targets


def send_mail(smtp: Smtp, msg: EmailMessage, recipients: list[Target]) -> dict[str, str]:
    """Hand the message to the mail server for these recipients.

    Returns the recipients the server refused (key → reason); SendFailed when it took none:
    unreachable, TLS or login failed, or the message was refused.
    """
    to_addrs = [t.name for t in recipients]
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as server:
            server.ehlo()
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if smtp.username:
                server.login(smtp.username, smtp.password or "")
            refused = server.send_message(msg, to_addrs=to_addrs)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"mail via {smtp.where} failed: {one_line(exc)}") from exc
    by_address = {t.name: t.key for t in recipients}
    return {
        by_address[address]: f"mail to {address} refused by {smtp.where}: {code} {squeeze(reply)}"
        for address, (code, reply) in refused.items()
        if address in by_address
    }


def post(target: Target, title: str, body: str) -> None:
    """Post to one chat channel; SendFailed with apprise's reason when it did not go through."""
    notifier = apprise.Apprise()
    notifier.add(target.url)
    # apprise logs why a post failed; capture it (instead of stderr) to say it in one line
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        ok = notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
    if not ok:
        lines = [line.strip() for line in captured.getvalue().splitlines() if line.strip()]
        reason = lines[-1] if lines else "the service did not accept the post"
        raise SendFailed(f"post to {target.name} failed: {reason}")
