"""Delivery with its real protocols: SMTP with STARTTLS and a login whose password comes only from
the environment (aiosmtpd with a certificate made for the test), and the digest posted to a chat
webhook (an apprise json:// URL to a local HTTP server) exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdash.settings import Settings
from tests.support.digest import (
    SmtpServer,
    Webhook,
    newsdash,
    self_signed,
    server_context,
    write_config,
)
from tests.support.inputs import event, load, write_articles, write_jsonl

MORNING = "2025-10-31T07:00:00+09:00"
TITLE = "한강 불꽃축제 100만명"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """One article with 3 views on 2025-10-30 (Seoul)."""
    settings = Settings(db=tmp_path / "nd.duckdb", inbox=tmp_path, export_dir=tmp_path / "x",
                        export_after_etl=False)  # fmt: skip
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-31T06:00:00+09:00")
    articles = [{"article_id": "F1", "title": TITLE, "section": "Travel"}]
    events = [event(f"f{i}", f"2025-10-30T20:0{i}:00+09:00", article="F1") for i in range(3)]
    load(settings, write_articles(tmp_path / "articles.csv", articles),
         write_jsonl(tmp_path / "events.jsonl", events))  # fmt: skip
    return settings.db


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


def tls_server(certificate) -> SmtpServer:
    """STARTTLS required, login required (only after TLS), one account newsdash / s3cret."""
    return SmtpServer({"newsdash": "s3cret"}, tls_context=server_context(certificate),
                      require_starttls=True)  # fmt: skip


def tls_config(tmp_path, db, port) -> Path:
    return write_config(tmp_path / "newsdash.toml", db, digest={
        "recipients": ["desk@example.com"], "smtp_host": "127.0.0.1", "smtp_port": port,
        "smtp_starttls": True, "smtp_username": "newsdash",
    })  # fmt: skip


def test_starttls_and_a_login_with_the_password_from_the_environment(db, tmp_path, certificate):
    trusted = {"SSL_CERT_FILE": str(certificate[0])}
    with tls_server(certificate) as server:
        config = tls_config(tmp_path, db, server.port)
        wrong = newsdash(config, MORNING, "digest", NEWSDASH_SMTP_PASSWORD="guess", **trusted)
        right = newsdash(config, MORNING, "digest", NEWSDASH_SMTP_PASSWORD="s3cret", **trusted)
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1, wrong.stderr
    assert "535" in wrong.stderr and "guess" not in wrong.stderr
    assert right.returncode == 0, right.stderr
    # smtplib tries each mechanism the server offers before it gives up on a password
    assert set(server.mailbox.logins) == {("newsdash", "guess"), ("newsdash", "s3cret")}
    assert server.mailbox.logins[-1] == ("newsdash", "s3cret")
    [(rcpt, mail)] = server.mailbox.received
    assert rcpt == ["desk@example.com"] and TITLE in mail.get_body(("plain",)).get_content()
    assert "s3cret" not in config.read_text()


def test_a_certificate_that_cannot_be_verified_stops_before_the_password_is_sent(
    db, tmp_path, certificate
):
    with tls_server(certificate) as server:
        out = newsdash(tls_config(tmp_path, db, server.port), MORNING, "digest",
                       NEWSDASH_SMTP_PASSWORD="s3cret", SSL_CERT_FILE="/nonexistent")  # fmt: skip
    assert out.returncode == 1 and out.stderr.count("\n") == 1, out.stderr
    assert "CERTIFICATE_VERIFY_FAILED" in out.stderr
    assert server.mailbox.logins == [] and server.mailbox.received == []


def test_the_digest_is_posted_to_a_chat_webhook_once(db, tmp_path):
    with Webhook() as hook:
        config = write_config(tmp_path / "newsdash.toml", db, digest={"apprise_urls": [hook.url]})
        hook.status = 500
        failed = newsdash(config, MORNING, "digest")
        hook.status = 200
        runs = [newsdash(config, MORNING, "digest") for _ in range(2)]
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1, failed.stderr
    assert "post to json://127.0.0.1" in failed.stderr and "Traceback" not in failed.stderr
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    [post] = hook.posts
    assert post["title"] == "newsdash digest Thu 30 Oct"
    assert post["message"].startswith("Views 3 (–), Readers 0 (–)")
    assert f"1. {TITLE} (3 views)" in post["message"]
    saved = json.loads((tmp_path / "nd.duckdb.digest.json").read_text())
    assert list(saved["days"]) == ["2025-10-30"] and "/hook" not in json.dumps(saved)
