"""The session id: a keyed hash of the site, the reader's IP and user agent, under a secret salt
that changes at midnight site time (as Plausible does). The same reader on the same site day
gets the same id; the next day another one that cannot be linked to the first, because the old
salt is deleted. The IP is used for the hash and forgotten: it is never written anywhere.

The salt is 32 random bytes (`secrets`) in `<salt_dir>/<site date>.salt`, the folder 0700 and
the file 0600, so a restart on the same day keeps counting the same readers once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SALT_BYTES = 32
ID_BYTES = 8  # 16 hex digits


def session_id(salt: bytes, site: str, ip: str, user_agent: str | None) -> str:
    parts = (site, ip, user_agent or "")
    data = b"\x00".join(p.encode("utf-8", "surrogateescape") for p in parts)
    return hashlib.blake2b(data, key=salt, digest_size=ID_BYTES).hexdigest()


def client_ip(socket_host: str | None, forwarded_for: str | None, trust_forwarded: bool) -> str:
    """The socket's peer, or behind a trusted proxy the last X-Forwarded-For address (the one
    that proxy added; earlier ones are whatever the client claimed)."""
    if trust_forwarded and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return socket_host or ""


def write_new_salt(path: Path) -> bytes:
    """A fresh salt, created 0600 so no other user ever reads it; if another process made the
    day's salt first, that one is used."""
    salt = secrets.token_bytes(SALT_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    try:
        os.write(fd, salt)
        os.fsync(fd)
    finally:
        os.close(fd)
    return salt


class Salts:
    """The salt of the site day of a given instant, kept in memory until the day turns."""

    def __init__(self, folder: Path, zone: ZoneInfo) -> None:
        self.folder = folder
        self.zone = zone
        self.day: date | None = None
        self.salt = b""

    def for_instant(self, when: datetime) -> bytes:
        day = when.astimezone(self.zone).date()
        if day != self.day:
            self.salt = self.load(day)
            self.day = day
        return self.salt

    def load(self, day: date) -> bytes:
        """The day's salt from its file (made if missing); every other day's salt deleted."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        path = self.folder / f"{day.isoformat()}.salt"
        salt = path.read_bytes() if path.exists() else write_new_salt(path)
        if len(salt) != SALT_BYTES:  # torn by a crash before its fsync: nothing used it yet
            path.unlink()
            salt = write_new_salt(path)
        os.chmod(path, 0o600)
        for old in self.folder.glob("*.salt"):
            if old != path:
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()
        return salt
