"""The digest as a mail (HTML with a plain-text alternative) and as a chat post.

Templates are in templates/ (Jinja2). HTML is autoescaped: a title such as
`<img src=x onerror=...>` arrives as text. The text parts show control characters from the
data as escapes (newsdash.terminal.printable), as the terminal output does.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import Any

import jinja2

from newsdash.digest.config import DigestConfig
from newsdash.digest.figures import Digest
from newsdash.terminal import printable

TEMPLATES = Path(__file__).resolve().parent / "templates"


def n(value: Any) -> str:
    """1,234; a whole float as an integer; a missing value as –."""
    if value is None or value != value:
        return "–"
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"


def change(value: float | None) -> str:
    return "–" if value is None else f"{value:+.0%}"


def change_colour(value: float | None) -> str:
    if value is None or round(value, 2) == 0:
        return "#57606a"
    return "#1a7f37" if value > 0 else "#cf222e"


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def long_day(day: date) -> str:
    return f"{day:%A %d %B %Y}"


def short_day(day: date) -> str:
    return f"{day:%a %d %b}"


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        n=n, change=change, change_colour=change_colour, rate=rate, long_day=long_day,
        short_day=short_day, printable=printable,
    )  # fmt: skip
    return env


HTML, TEXT = _environment(True), _environment(False)


def _context(digest: Digest, made: datetime) -> dict[str, Any]:
    return {
        "d": digest,
        "week_ago": digest.day - timedelta(days=7),
        "made": f"{made:%Y-%m-%d %H:%M}",
    }


def html(digest: Digest, made: datetime) -> str:
    return HTML.get_template("digest.html").render(_context(digest, made))


def text(digest: Digest, made: datetime) -> str:
    return TEXT.get_template("digest.txt").render(_context(digest, made))


def subject(digest: Digest) -> str:
    views = digest.metric("views")
    warned = "[data warning] " if digest.warnings else ""
    return (
        f"{warned}newsdash digest {short_day(digest.day)}: {n(views.value)} views "
        f"({change(views.change)} vs a week earlier)"
    )


def message_id(digest: Digest, cfg: DigestConfig) -> str:
    """The same id for every send of one day's digest: a retry is recognisably the same mail."""
    [(_, sender)] = getaddresses([cfg.sender])
    domain = Address(addr_spec=sender).domain or "localhost"
    tag = hashlib.sha256(f"{cfg.dashboard_url} {digest.day}".encode()).hexdigest()[:12]
    return f"<newsdash-digest.{digest.day.isoformat()}.{tag}@{domain}>"


def email(digest: Digest, cfg: DigestConfig, made: datetime) -> EmailMessage:
    """An RFC 5322 message: text/plain first, text/html as the richer alternative, UTF-8."""
    msg = EmailMessage()
    msg["Subject"] = subject(digest)
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.recipients) if cfg.recipients else "undisclosed-recipients:;"
    msg["Date"] = format_datetime(made)
    msg["Message-ID"] = message_id(digest, cfg)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    msg.set_content(text(digest, made), subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html(digest, made), subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


def chat(digest: Digest) -> tuple[str, str]:
    """(title, body) of the chat post: plain text, the apprise plugin adapts it per service."""
    title = f"newsdash digest {short_day(digest.day)}"
    return title, TEXT.get_template("chat.txt").render(d=digest).strip()
