"""The one clock: every part of newsdash that asks for "now" asks this module.

`NEWSDASH_NOW` (ISO-8601 with a UTC offset, or epoch seconds) fixes the instant for this
process and every process it starts, so a test sets the clock once and the ETL, the CLI and the
dashboard server it launches all agree. Unset, it is the machine's clock. A fixed clock stands
still: tests that need time to pass set a new value.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

ENV = "NEWSDASH_NOW"


class ClockError(ValueError):
    """`NEWSDASH_NOW` holds something that is not an instant."""


def parse_instant(text: str) -> datetime:
    """An aware UTC datetime from ISO-8601 with an offset (or `Z`) or epoch seconds."""
    value = text.strip()
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ClockError(f"{ENV}={text!r} is not an ISO-8601 instant or epoch seconds") from exc
    if moment.tzinfo is None:
        raise ClockError(f"{ENV}={text!r} has no UTC offset (write ...Z or ...+09:00)")
    return moment.astimezone(UTC)


def now() -> datetime:
    """The current instant, aware, in UTC: `NEWSDASH_NOW` when set, else the machine's clock."""
    fixed = os.environ.get(ENV)
    return parse_instant(fixed) if fixed else datetime.now(UTC)


def timestamp() -> float:
    """`now()` as epoch seconds, for comparisons with file modification times."""
    return now().timestamp()
