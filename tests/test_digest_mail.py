"""`newsdash digest` end to end: the real ETL loads a small hand-built day, the real command runs
as its own process, and a real SMTP server (aiosmtpd) on localhost receives the mail.

The day, Thursday 2025-10-30 in Seoul, counted by eye: K1 (Korean title, Business) 5 views by
s1 s2 s3 s1 s2, a like and two KakaoTalk shares; H1 (a hostile title, ICT) 3 views by s3, s4
and a reader without session, a comment and an X share; C1 (Column › Cho Kijo Column) 2 views
by s5. Views 10, readers 5, likes 1, comments 1, shares 3. A bot view, a view a second before
midnight and one at the next midnight are not the day's. A week earlier: C1 4 views by a and
b, 1 like. Weekly Hot Issue (published in the week): K1 5 + 3·1 + 10·2 = 28, H1 3 + 5·1 +
10·1 = 18.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from newsdash.settings import Settings
from tests.support.digest import (
    DASHBOARD,
    Cells,
    SmtpServer,
    free_port,
    html_figures,
    newsdash,
    parts,
    text_figures,
    write_config,
)
from tests.support.inputs import BOT_UA, event, load, write_articles, write_jsonl

DAY = "2025-10-30"
LOADED = "2025-10-31T06:00:00+09:00"  # the night's ETL run
MORNING = "2025-10-31T07:00:00+09:00"  # the digest: "yesterday" is DAY
KOREAN = '서울 아침 경제 브리핑: 물가 "안정"'
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
COLUMN = "Cho on the economy"

ARTICLES = [
    {"article_id": "K1", "title": KOREAN, "section": "Business", "published_at": "2025-10-28T08:00:00+09:00"},
    {"article_id": "H1", "title": HOSTILE, "section": "ICT", "published_at": "2025-10-29T09:00:00+09:00"},
    {"article_id": "C1", "title": COLUMN, "section": "Column", "subsection": "Cho Kijo Column",
     "published_at": "2025-09-01T09:00:00+09:00"},
]  # fmt: skip


def at(day: str, clock: str) -> str:
    return f"{day}T{clock}:00+09:00"


EVENTS = [
    *[event(f"k{i}", at(DAY, f"10:0{i}"), article="K1", session_id=s)
      for i, s in enumerate(["s1", "s2", "s3", "s1", "s2"])],
    event("h0", at(DAY, "11:00"), article="H1", session_id="s3"),
    event("h1", at(DAY, "11:01"), article="H1", session_id="s4"),
    event("h2", at(DAY, "11:02"), article="H1"),
    event("c0", at(DAY, "12:00"), article="C1", session_id="s5"),
    event("c1", at(DAY, "23:59"), article="C1", session_id="s5"),
    event("bot", at(DAY, "10:30"), article="K1", session_id="b1", user_agent=BOT_UA),
    event("like", at(DAY, "10:10"), kind="like", article="K1"),
    event("comment", at(DAY, "11:10"), kind="comment", article="H1"),
    event("sh1", at(DAY, "10:20"), kind="share", article="K1", channel="kakaotalk"),
    event("sh2", at(DAY, "10:21"), kind="share", article="K1", channel="KakaoTalk"),
    event("sh3", at(DAY, "11:20"), kind="share", article="H1", channel="twitter"),
    event("before", "2025-10-29T23:59:59+09:00", article="C1"),
    event("after", "2025-10-31T00:00:00+09:00", article="C1"),
    *[event(f"w{i}", at("2025-10-23", f"09:0{i}"), article="C1", session_id=s)
      for i, s in enumerate(["a", "b", "a", "b"])],
    event("wl", at("2025-10-23", "09:30"), kind="like", article="C1"),
]  # fmt: skip

METRICS = {
    "views": ("10", "4", "+150%"),
    "readers": ("5", "2", "+150%"),
    "likes": ("1", "1", "+0%"),
    "comments": ("1", "0", "–"),
    "shares": ("3", "0", "–"),
}
RANKED = [  # Most Viewed, then Weekly Hot Issue: rank, title, section, views, score, movement
    ("1", KOREAN, "Business", "5", "5", "new"),
    ("2", HOSTILE, "ICT", "3", "3", "new"),
    ("3", COLUMN, "Column › Cho Kijo Column", "2", "2", "down 2"),  # 1st the day before
    ("1", KOREAN, "Business", "5", "28", "new"),
    ("2", HOSTILE, "ICT", "3", "18", "new"),
]
SECTIONS = [
    ("Business", "5", KOREAN, "5"),
    ("ICT", "3", HOSTILE, "3"),
    ("Column", "2", COLUMN, "2"),
]
SHARES = ("KakaoTalk", "2", "3", "300.0")  # 3 shares per 10 views


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The warehouse after the night's run, built once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("digest")
    settings = Settings(db=folder / "nd.duckdb", inbox=folder, export_dir=folder / "x",
                        export_after_etl=False)  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSDASH_NOW", LOADED)
        result = load(settings, write_articles(folder / "articles.csv", ARTICLES),
                      write_jsonl(folder / "events.jsonl", EVENTS))  # fmt: skip
    assert result.exit_code == 0
    return settings.db


@pytest.fixture
def db(built, tmp_path) -> Path:
    return Path(shutil.copy(built, tmp_path / "nd.duckdb"))


def smtp_config(tmp_path: Path, db: Path, port: int, recipients: list[str], **digest) -> Path:
    keys = {"recipients": recipients, "smtp_host": "127.0.0.1", "smtp_port": port,
            "smtp_starttls": False, **digest}  # fmt: skip
    return write_config(tmp_path / "newsdash.toml", db, digest=keys)


def test_the_digest_reaches_a_real_mail_server_with_the_days_figures(db, tmp_path):
    with SmtpServer() as server:
        config = smtp_config(
            tmp_path, db, server.port, ["desk@example.com", "Web <web@example.com>"]
        )
        done = newsdash(config, MORNING, "digest")
    assert done.returncode == 0, done.stderr
    assert "sent to desk@example.com, web@example.com" in done.stdout
    [(rcpt, mail)] = server.mailbox.received
    assert rcpt == ["desk@example.com", "web@example.com"]
    assert mail["Subject"] == "newsdash digest Thu 30 Oct: 10 views (+150% vs a week earlier)"
    assert mail["Auto-Submitted"] == "auto-generated"
    text, html = parts(mail)
    expected = {"metrics": METRICS, "ranked": RANKED, "sections": SECTIONS, "shares": SHARES}
    assert text_figures(text) == expected
    assert html_figures(html) == expected
    assert "Data health" not in html and "DATA HEALTH" not in text  # a clean night


def test_its_numbers_are_the_dashboards_and_newsdash_ranks(db, tmp_path):
    import json

    from newsdash.dashboard import data
    from newsdash.dashboard.filters import Filters

    settings = Settings(db=db, inbox=tmp_path, export_dir=tmp_path)
    src = data.source(settings)
    day = date.fromisoformat(DAY)
    kpis = data.kpis(src, Filters(day, day, (), "day", "Custom", settings.zone), data.bounds(src))
    dashboard = {r.metric: str(int(r.value)) for r in kpis.itertuples()}
    assert dashboard == {name: value for name, (value, _, _) in METRICS.items()}
    config = write_config(tmp_path / "newsdash.toml", db)
    ranked = []
    for name, rows in (("most_viewed", "10"), ("weekly_hot", "5")):
        out = newsdash(config, MORNING, "rank", name, "--as-of", "2025-10-31T00:00",
                       "--limit", rows, "--format", "json")  # fmt: skip
        assert out.returncode == 0, out.stderr
        ranked += [(str(r["rank"]), r["title"], str(r["views"]), str(r["score"]), r["movement"])
                   for r in json.loads(out.stdout)["rows"]]  # fmt: skip
    assert ranked == [(r, t, v, s, m) for r, t, _, v, s, m in RANKED]


def test_the_html_runs_nothing_loads_nothing_and_shows_hostile_titles_as_text(db, tmp_path):
    out = newsdash(smtp_config(tmp_path, db, 25, []), MORNING, "digest", "--dry-run", str(tmp_path))
    assert out.returncode == 0, out.stderr
    import email
    from email import policy

    mail = email.message_from_bytes((tmp_path / f"newsdash-digest-{DAY}.eml").read_bytes(),
                                    policy=policy.default)  # fmt: skip
    text, html = parts(mail)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    cells = Cells()
    cells.feed(html)
    tags = {tag for tag, _ in cells.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "style", "form"}
    attributes = [(name, value or "") for _, attrs in cells.tags for name, value in attrs.items()]
    assert not [name for name, _ in attributes if name.startswith("on") or name == "src"]
    styles = " ".join(value.lower() for name, value in attributes if name == "style")
    assert "url(" not in styles and "@import" not in styles and "expression(" not in styles
    links = [attrs["href"] for tag, attrs in cells.tags if tag == "a"]
    assert links and all(href.startswith(DASHBOARD + "/") for href in links)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in html
    assert HOSTILE in "".join(cells.text) and HOSTILE in text
    assert html.count(KOREAN.replace('"', "&#34;")) == 3 and text.count(KOREAN) == 3


def test_links_open_the_dashboard_views_the_digest_summarises(db, tmp_path):
    out = newsdash(smtp_config(tmp_path, db, 25, []), MORNING, "digest", "--dry-run", str(tmp_path))
    assert out.returncode == 0, out.stderr
    text = (tmp_path / f"newsdash-digest-{DAY}.chat.txt").read_text(encoding="utf-8")
    import email
    from email import policy

    mail = email.message_from_bytes((tmp_path / f"newsdash-digest-{DAY}.eml").read_bytes(),
                                    policy=policy.default)  # fmt: skip
    _, html = parts(mail)
    cells = Cells()
    cells.feed(html)
    links = {attrs["href"] for tag, attrs in cells.tags if tag == "a"}
    day = f"period=Custom&dates={DAY}&dates={DAY}"
    assert {
        f"{DASHBOARD}/?{day}",
        f"{DASHBOARD}/channels?{day}",
        f"{DASHBOARD}/rankings?asof_day=2025-10-31&asof_hour=00:00",
        f"{DASHBOARD}/sections?{day}&sections=Business",
        f"{DASHBOARD}/article?article=K1",
    } <= links
    assert f"{DASHBOARD}/?{day}" in text and KOREAN in text


def test_dry_run_writes_a_parseable_eml_whose_two_parts_carry_the_same_figures(db, tmp_path):
    out = newsdash(smtp_config(tmp_path, db, 25, ["desk@example.com"]), MORNING, "digest",
                   "--date", DAY, "--dry-run", str(tmp_path / "out"))  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (
        out.stdout.strip() == f"wrote {tmp_path / 'out' / f'newsdash-digest-{DAY}.eml'} (not sent)"
    )
    raw = (tmp_path / "out" / f"newsdash-digest-{DAY}.eml").read_bytes()
    assert b"\r\n" in raw and max(map(len, raw.split(b"\r\n"))) <= 998  # RFC 5322 lines
    import email
    from email import policy

    mail = email.message_from_bytes(raw, policy=policy.default)
    assert mail.get_content_type() == "multipart/alternative" and not mail.defects
    assert mail["To"] == "desk@example.com" and mail["Message-ID"].endswith("@localhost>")
    assert datetime.fromisoformat(MORNING) == mail["Date"].datetime
    text, html = parts(mail)
    assert text_figures(text) == html_figures(html)
    assert text_figures(text)["metrics"] == METRICS
    assert not (db.parent / "nd.duckdb.digest.json").exists(), "a dry run records nothing"


@pytest.mark.clock  # also run by the clock guard (Makefile)
def test_the_day_is_yesterday_in_site_time(db, tmp_path):
    """22:30 UTC on the 30th is already the 31st in Seoul: yesterday is the 30th."""
    out = newsdash(smtp_config(tmp_path, db, 25, []), "2025-10-30T22:30:00Z", "digest",
                   "--dry-run", str(tmp_path))  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (tmp_path / f"newsdash-digest-{DAY}.eml").exists()


def test_an_unreachable_mail_server_is_one_line_and_exit_1_and_the_next_run_sends(db, tmp_path):
    port = free_port()  # nothing listens there
    config = smtp_config(tmp_path, db, port, ["desk@example.com"])
    failed = newsdash(config, MORNING, "digest")
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert f"mail via 127.0.0.1:{port} failed:" in failed.stderr
    assert "Connection refused" in failed.stderr and "the next run retries" in failed.stderr
    with SmtpServer() as server:
        again = newsdash(smtp_config(tmp_path, db, server.port, ["desk@example.com"]), MORNING, "digest")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert len(server.mailbox.received) == 1


def test_a_refused_recipient_is_retried_alone_and_a_third_run_sends_nothing(db, tmp_path):
    with SmtpServer() as server:
        config = smtp_config(tmp_path, db, server.port, ["desk@example.com", "night@example.com"])
        server.mailbox.refuse = {"night@example.com"}
        first = newsdash(config, MORNING, "digest")
        server.mailbox.refuse = set()
        second = newsdash(config, "2025-10-31T07:30:00+09:00", "digest")
        third = newsdash(config, "2025-10-31T08:00:00+09:00", "digest")
    assert first.returncode == 1 and first.stderr.count("\n") == 1
    assert (
        "mail to night@example.com refused by 127.0.0.1" in first.stderr and "550" in first.stderr
    )
    assert second.returncode == 0 and third.returncode == 0, (second.stderr, third.stderr)
    assert "already sent to every recipient and channel" in third.stdout
    received = [rcpt for rcpt, _ in server.mailbox.received]
    assert received == [["desk@example.com"], ["night@example.com"]]
    first_id, second_id = (m["Message-ID"] for _, m in server.mailbox.received)
    assert first_id == second_id, "a retry is the same message"


def test_the_digest_needs_somewhere_to_go_and_a_password_only_from_the_environment(db, tmp_path):
    nowhere = newsdash(write_config(tmp_path / "a.toml", db), MORNING, "digest")
    assert nowhere.returncode == 2 and "set [digest] recipients" in nowhere.stderr
    config = smtp_config(tmp_path, db, 587, ["desk@example.com"], smtp_username="newsdash",
                         smtp_starttls=True)  # fmt: skip
    no_password = newsdash(config, MORNING, "digest")
    assert no_password.returncode == 2 and no_password.stderr.count("\n") == 1
    assert "NEWSDASH_SMTP_PASSWORD" in no_password.stderr
