"""Session ids for imported events, hashed as the collector hashes them (etl/collect/session.py):
site, reader address and user agent under a salt of the site day, so a reader is one session a
day and cannot be followed across days. The address is used for the hash and forgotten.

The collector's salts are random and deleted at midnight; history spans many days, and an
import killed halfway must give the same ids when rerun. So each day's salt is derived from one
secret of the import (`import.secret`, 32 random bytes, 0600, beside the database): delete it
once the history is loaded and the ids can no longer be recomputed from the logs.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash.etl.collect.session import ID_BYTES, SALT_BYTES, write_new_salt

SECRET_NAME = "import.secret"
LAST_OF_HOUR = timedelta(minutes=59, seconds=59, microseconds=999_999)


def import_secret(folder: Path) -> bytes:
    """The import's secret, made on first use (folder 0700, file 0600)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / SECRET_NAME
    secret = path.read_bytes() if path.exists() else write_new_salt(path)
    if len(secret) != SALT_BYTES:  # torn before its fsync: nothing was hashed with it yet
        path.unlink()
        secret = write_new_salt(path)
    return secret


class Sessions:
    def __init__(self, secret: bytes, site: str, zone: ZoneInfo) -> None:
        self.secret = secret
        self.site = site
        self.zone = zone
        self.salts: dict[date, bytes] = {}
        self.hour_salts: dict[str, bytes] = {}  # ISO hour and offset → that site day's salt
        self.site_part = site.encode("utf-8", "surrogateescape") + b"\x00"

    def salt(self, day: date) -> bytes:
        salt = self.salts.get(day)
        if salt is None:
            salt = hashlib.blake2b(day.isoformat().encode(), key=self.secret).digest()[:SALT_BYTES]
            self.salts[day] = salt
        return salt

    def reader(self, when: str, address: str, user_agent: str) -> str:
        """The access-log reader's session: one a site day per address and user agent; `when`
        is ISO-8601 with an offset. The same hash as the collector's session_id(), inlined:
        this runs once a view."""
        salt = self.hour_salts.get(when[:13] + when[19:])  # the hour, with its offset
        if salt is None:
            salt = self.salt_at(when)
        data = (
            self.site_part
            + address.encode("utf-8", "surrogateescape")
            + b"\x00"
            + user_agent.encode("utf-8", "surrogateescape")
        )
        return hashlib.blake2b(data, key=salt, digest_size=ID_BYTES).hexdigest()

    def salt_at(self, when: str) -> bytes:
        """The salt of `when`'s site day; remembered for its whole hour when that hour is one
        site day (not when the site's midnight falls inside it: an offset that is not a whole
        hour away from the log's)."""
        if len(self.hour_salts) > 50_000:
            self.hour_salts.clear()
        instant = datetime.fromisoformat(when)
        hour = instant.replace(minute=0, second=0, microsecond=0)
        first, last = (t.astimezone(self.zone).date() for t in (hour, hour + LAST_OF_HOUR))
        if first == last and len(when) == 25:  # no fraction of a second
            self.hour_salts[when[:13] + when[19:]] = self.salt(first)
        return self.salt(instant.astimezone(self.zone).date())

    def ga4(self, user_pseudo_id: str, ga_session_id: str) -> str:
        """GA4's own session (user_pseudo_id + ga_session_id), hashed under the secret."""
        data = f"{user_pseudo_id}\x00{ga_session_id}".encode("utf-8", "surrogateescape")
        return hashlib.blake2b(data, key=self.secret, digest_size=8).hexdigest()
