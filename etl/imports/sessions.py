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
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash.etl.collect.session import SALT_BYTES, session_id, write_new_salt

SECRET_NAME = "import.secret"


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

    def salt(self, day: date) -> bytes:
        salt = self.salts.get(day)
        if salt is None:
            salt = hashlib.blake2b(day.isoformat().encode(), key=self.secret).digest()[:SALT_BYTES]
            self.salts[day] = salt
        return salt

    def reader(self, when: datetime, address: str, user_agent: str) -> str:
        """The access-log reader's session: one a site day per address and user agent."""
        return session_id(
            self.salt(when.astimezone(self.zone).date()), self.site, address, user_agent
        )

    def ga4(self, user_pseudo_id: str, ga_session_id: str) -> str:
        """GA4's own session (user_pseudo_id + ga_session_id), hashed under the secret."""
        data = f"{user_pseudo_id}\x00{ga_session_id}".encode("utf-8", "surrogateescape")
        return hashlib.blake2b(data, key=self.secret, digest_size=8).hexdigest()
