"""The `newsdash` command line's grammar: every command and option (argparse), nothing run.

newsdash/commands.py runs what the parsed arguments ask for. Bad input is one line and exit 2,
argparse's own errors included.
"""

from __future__ import annotations

import argparse
import math
from datetime import date
from pathlib import Path
from typing import NoReturn

DESCRIPTION = "The `newsdash` command: a thin shell over the etl, sql and dashboard modules."
EXIT_USAGE = 2
MAX_HOURS = 87_600  # ten years: --max-age beyond it (or inf, nan) is a typo, not a wish


class Parser(argparse.ArgumentParser):
    """argparse's own errors (an unknown option, a missing value) as one line too, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def hours(text: str) -> float:
    """`--max-age`: a number of hours above 0 and at most MAX_HOURS (not nan, not inf)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_HOURS:  # NaN fails every comparison
        raise argparse.ArgumentTypeError(f"{text!r}: give hours above 0, at most {MAX_HOURS:,}")
    return value


def port(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"{text!r}: give a port from 1 to 65535")
    return int(text)


def seconds(text: str) -> float:
    """`--etl-every`: seconds from 1 to a day."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 1 <= value <= 86_400:  # NaN fails every comparison
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds from 1 to 86400")
    return value


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write YYYY-MM-DD") from None


def days(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 3660):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of days from 1 to 3,660")
    return int(text)


def add_dimension_filters(command: argparse.ArgumentParser) -> None:
    """--author, --tag, --edition: only the articles of a reporter, a tag, an edition."""
    command.add_argument("--author", help="only this reporter's articles (a name or an alias)")
    command.add_argument("--tag", help="only articles with this tag (#Samsung = samsung)")
    command.add_argument("--edition", help="only this edition (e.g. ko, en)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="newsdash", description=DESCRIPTION)
    parser.add_argument(
        "--config", help="TOML config file (default: $NEWSDASH_CONFIG, ./newsdash.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    etl = sub.add_parser("etl", help="load new inbox files into the warehouse")
    source = etl.add_mutually_exclusive_group()
    source.add_argument("--inbox", type=Path, help="folder of event and article files")
    source.add_argument("--events", nargs="+", metavar="PATH", help="event files to load")
    etl.add_argument(
        "--articles", nargs="+", metavar="PATH", default=[], help="article metadata files"
    )
    etl.add_argument("--db", type=Path)
    etl.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        help="what dedupes, flags bots and rolls up each batch (default: [etl] engine, duckdb); "
        "spark needs the spark extra and Java",
    )
    etl.add_argument(
        "--no-export", action="store_true", help="skip the ranking export after the run"
    )
    etl.add_argument(
        "--live",
        action="store_true",
        help="the every-minute run: load and publish only; exports, the retention of raw "
        "events and the read-back of every block are left to the nightly run",
    )

    rank = sub.add_parser("rank", help="print one ranking")
    rank.add_argument("ranking")
    rank.add_argument("--db", type=Path)
    rank.add_argument("--as-of", help="ISO time; cut down to the hour in site time")
    rank.add_argument("--section")
    add_dimension_filters(rank)
    rank.add_argument("--limit", help="rows to show, or 'all'")
    rank.add_argument(
        "--source-group",
        metavar="GROUP",
        help="count only the views from this traffic source group (search, portal_news, social, "
        "messenger, internal, direct, campaign, other)",
    )
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rank.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    sources = sub.add_parser("sources", help="views by traffic source (group, source, campaign)")
    sources.add_argument("--db", type=Path)
    sources.add_argument("--by", choices=["group", "source", "campaign"], default="source")
    sources.add_argument("--as-of", help="ISO time; the window ends there (default: latest)")
    sources.add_argument("--days", type=int, default=7, help="the window's length (default 7)")
    sources.add_argument("--section")
    sources.add_argument("--source-group", metavar="GROUP", help="only this source group")
    sources.add_argument("--limit", help="rows to show, or 'all' (default)")
    sources.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sources.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    add_attention_parsers(sub)

    export = sub.add_parser("export", help="write every ranking as CSV and JSON")
    export.add_argument("--db", type=Path)
    export.add_argument("--as-of")
    export.add_argument("--out", type=Path)
    add_dimension_filters(export)

    for name, what in (("authors", "reporters"), ("tags", "tags")):
        dim = sub.add_parser(name, help=f"{what} of a window: articles, views, readers, ...")
        dim.add_argument("--db", type=Path)
        dim.add_argument("--as-of", help="ISO time; the window ends at its hour (site time)")
        dim.add_argument("--days", type=days, default=7, help="window length in days (7)")
        dim.add_argument("--edition", help="only this edition (e.g. ko, en)")
        dim.add_argument("--format", choices=["table", "csv", "json"], default="table")

    status = sub.add_parser("status", help="what is loaded and how the last run went")
    status.add_argument("--db", type=Path)
    status.add_argument("--format", choices=["text", "json"], default="text")
    status.add_argument(
        "--max-age",
        type=hours,
        metavar="HOURS",
        help="exit 1 (and say why) if the newest event is older than this, the last run "
        "did not end ok, or a failed file was neither loaded since nor dismissed",
    )

    dismiss = sub.add_parser(
        "dismiss", help="accept that a failed file will not be loaded (recorded, with why)"
    )
    dismiss.add_argument("file", metavar="FILE-or-ID", help="its name or file id (see status)")
    dismiss.add_argument("--reason", required=True, help="why it will not be loaded")
    dismiss.add_argument("--db", type=Path)

    backup = sub.add_parser("backup", help="copy the published database into DIR")
    backup.add_argument("dir", type=Path, metavar="DIR")
    backup.add_argument("--db", type=Path)
    backup.add_argument("--keep", type=int, metavar="N", help="then keep only the newest N")

    restore = sub.add_parser("restore", help="put a backup back as the published database")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--db", type=Path)

    dash = sub.add_parser("dashboard", help="start the editors' dashboard")
    dash.add_argument("--db", type=Path)
    dash.add_argument("--port", type=port, default=8501)
    dash.add_argument(
        "--address",
        default="localhost",
        help="address to listen on (default: localhost). Another address needs sign-in, or "
        "[dashboard] allow_unauthenticated_remote = true in the config",
    )

    collect = sub.add_parser("collect", help="receive the site's events over HTTP into the inbox")
    collect.add_argument("--port", type=int, help="default: [collect] port (8502)")
    collect.add_argument(
        "--address", help="address to listen on (default: [collect] address, 127.0.0.1)"
    )
    collect.add_argument(
        "--demo", action="store_true", help="also serve the demo article page at /demo/article"
    )
    demo = sub.add_parser("demo", help="load the bundled sample data and start the dashboard")
    demo.add_argument("--port", type=port, default=8501)
    demo.add_argument(
        "--etl-every", type=seconds, default=30, metavar="SECONDS",
        help="load what the demo page sends every SECONDS (default 30; the server timer: 60)",
    )  # fmt: skip

    gen = sub.add_parser("generate", help="write synthetic traffic files")
    gen.add_argument("--events", type=int, required=True)
    gen.add_argument("--days", type=int, required=True)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=1)
    add_digest_parsers(sub)
    add_import_parsers(sub)
    return parser


def whole_hours(text: str) -> int:
    """`--hours`: a whole number of hours, 1 to MAX_HOURS."""
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_HOURS):
        raise argparse.ArgumentTypeError(f"{text!r}: give whole hours, 1 to {MAX_HOURS:,}")
    return int(text)


def add_attention_parsers(sub: argparse._SubParsersAction) -> None:
    """`newsdash attention` and `newsdash widgets` (issue 22: README "Attention and boxes")."""
    attention = sub.add_parser("attention", help="engaged time, read to end, scroll per article")
    widgets = sub.add_parser("widgets", help="the site's boxes: viewable impressions and CTR")
    for command in (attention, widgets):
        command.add_argument("--db", type=Path)
        command.add_argument("--as-of", help="ISO time; cut down to the hour in site time")
        command.add_argument("--hours", type=whole_hours, default=24, help="window (default 24)")
        command.add_argument("--format", choices=["table", "json"], default="table")
    attention.add_argument("--section")


def add_digest_parsers(sub: argparse._SubParsersAction) -> None:
    """`newsdash digest` and `newsdash alerts` (newsdash/digest/)."""
    digest = sub.add_parser("digest", help="send the morning digest of a day by mail and chat")
    digest.add_argument("--db", type=Path)
    digest.add_argument(
        "--date", type=iso_day, metavar="DAY", help="site day YYYY-MM-DD (default: yesterday)"
    )
    digest.add_argument(
        "--dry-run", type=Path, metavar="DIR", help="write the mail as an .eml file into DIR; send nothing"
    )  # fmt: skip
    alerts = sub.add_parser("alerts", help="post rising articles to chat (run after each ETL)")
    alerts.add_argument("--db", type=Path)
    alerts.add_argument(
        "--dry-run", action="store_true", help="print the alerts due; post and record nothing"
    )


LOG_FORMATS = ("combined", "vhost_combined", "w3c", "cloudfront", "json", "auto")


def add_import_parsers(sub: argparse._SubParsersAction) -> None:
    """`newsdash import access-log|ga4 FILE...` (newsdash/etl/imports/)."""
    imp = sub.add_parser("import", help="load a site's history: access logs or GA4 exports")
    kinds = imp.add_subparsers(dest="source", required=True, metavar="SOURCE")
    logs = kinds.add_parser("access-log", help="web-server access logs (plain or gzip'd)")
    logs.add_argument("--format", choices=LOG_FORMATS, help="default: [import] format (combined)")
    ga4 = kinds.add_parser("ga4", help="GA4 BigQuery export: events_* as NDJSON or Parquet")
    for kind in (logs, ga4):
        kind.add_argument("files", nargs="+", type=Path, metavar="FILE")
        kind.add_argument("--article-url", metavar="REGEX",
                          help="one capture group, the article id (default: [import] article_url)")  # fmt: skip
        kind.add_argument("--articles", nargs="+", type=Path, default=[], metavar="PATH",
                          help="article metadata: map ids captured from their url to article_id")  # fmt: skip
        kind.add_argument("--db", type=Path)
        kind.add_argument("--no-load", action="store_true",
                          help="only write the inbox files; the next `newsdash etl` loads them")  # fmt: skip
