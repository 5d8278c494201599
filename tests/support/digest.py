"""Real parts for the digest and alert tests: an SMTP server (aiosmtpd) and a webhook receiver
(http.server) on localhost, each in a thread; a config file; the `newsdash` command as a real
process; and readers that take the figures back out of a mail's text and HTML parts."""

from __future__ import annotations

import email
import ipaddress
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NEWSDASH = [sys.executable, "-m", "newsdash"]
DASHBOARD = "https://newsdash.example.com"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server accepted; addresses in `refuse` get 550 at RCPT."""

    refuse: set[str] = field(default_factory=set)
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1 in a thread. With `accounts` (login -> password) it requires a
    login, and every attempt is noted in `mailbox.logins`; `**options` go to its SMTP (TLS)."""

    def __init__(self, accounts: dict[str, str] | None = None, **options):
        self.mailbox = Mailbox()
        self.port = free_port()
        if accounts is not None:
            options.update(auth_required=True, authenticator=self.authenticator(accounts))
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **options)

    def authenticator(self, accounts: dict[str, str]):
        def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.mailbox.logins.append((login, password))
            return AuthResult(success=accounts.get(login) == password, handled=False)

        return check

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class Webhook:
    """An HTTP server that records each POSTed JSON body; `status` is what it answers."""

    def __init__(self):
        self.posts: list[dict] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if hook.status == 200:
                    hook.posts.append(json.loads(body))
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Webhook:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (certificate, key) as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = datetime(2020, 1, 1, tzinfo=UTC)  # fixed: the test reads no clock
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(start).not_valid_after(start + timedelta(days=365 * 30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    return cert_file, key_file


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def toml_value(value) -> str:
    return (
        json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()
    )


def write_config(path: Path, db: Path, **sections: dict) -> Path:
    """A newsdash.toml: the warehouse at `db`, links to DASHBOARD, and the given tables."""
    tables = {"warehouse": {"db": str(db)}, **sections}
    tables.setdefault("digest", {}).setdefault("dashboard_url", DASHBOARD)
    lines = []
    for name, keys in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in keys.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def newsdash(config: Path, now: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`newsdash ARGS` as its own process, with the clock at `now`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDASH_")}
    environment.update(NEWSDASH_CONFIG=str(config), NEWSDASH_NOW=now, **env)
    return subprocess.run([*NEWSDASH, *args], capture_output=True, text=True, env=environment,
                          timeout=120)  # fmt: skip


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) of a digest mail, decoded, lines ending in \\n (on the wire: CRLF)."""
    plain, html = (message.get_body((kind,)).get_content() for kind in ("plain", "html"))
    return plain.replace("\r\n", "\n"), html.replace("\r\n", "\n")


# --- the figures, read back from each part ----------------------------------------------------


class Cells(HTMLParser):
    """The HTML's tables as rows of cell texts, its headings, links and every tag seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_figures(html: str) -> dict:
    cells = Cells()
    cells.feed(html)
    rows = [r for r in cells.rows if len(r) >= 4]
    metrics = {r[0].lower(): tuple(r[1:4]) for r in rows if r[0].lower() in METRICS}
    ranked = [(r[0], *r[1].split(" | "), *r[2:5]) for r in rows if r[0].isdigit()]
    sections = [
        tuple(r) for r in rows
        if len(r) == 4 and r[0].lower() not in METRICS and r[1].replace(",", "").isdigit()
    ]  # fmt: skip
    text = " ".join("".join(cells.text).split())
    shares = re.search(r"Top channel: (.+?), ([\d,]+) of ([\d,]+) shares\. Shares per 1,000 views: ([\d,]+\.\d|–)", text)  # fmt: skip
    return {"metrics": metrics, "ranked": ranked, "sections": sections,
            "shares": shares.groups() if shares else None}  # fmt: skip


METRICS = ("views", "readers", "likes", "comments", "shares")
TEXT_METRIC = re.compile(r"^  (\w+)\s+([\d,]+)\s+(\S+)\s+\(a week earlier: (\S+)\)$")
TEXT_RANKED = re.compile(r"^\s+(\d+)\. (.*) \[(.*)\]\n\s+([\d,]+) views, score ([\d,.]+), (.+)$", re.M)  # fmt: skip
TEXT_SECTION = re.compile(r"^  (.+): ([\d,]+) views; (.+) \(([\d,]+) views\)$")


def text_figures(text: str) -> dict:
    lines = text.splitlines()
    metrics = {}
    for line in lines:
        found = TEXT_METRIC.match(line)
        if found and found[1] in METRICS:
            metrics[found[1]] = (found[2], found[4], found[3])
    ranked = [m.groups() for m in TEXT_RANKED.finditer(text)]
    ranked = [(r, t, s, v, sc, mv) for r, t, s, v, sc, mv in ranked]
    sections = [m.groups() for line in lines if (m := TEXT_SECTION.match(line))]
    channel = re.search(r"Top channel: (.+?), ([\d,]+) of ([\d,]+) shares\.", text)
    per_1000 = re.search(r"Shares per 1,000 views: (\S+)", text)
    shares = (*channel.groups(), per_1000[1]) if channel and per_1000 else None
    return {"metrics": metrics, "ranked": ranked, "sections": sections, "shares": shares}
