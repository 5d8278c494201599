"""The `newsdash digest` and `newsdash alerts` subcommands: their options and entry point.

Kept apart from etl/cli.py, which only adds these parsers and calls `run`. Importing this
module is cheap (argparse only); the work is imported when a command runs.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from etl.config import Settings


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write YYYY-MM-DD") from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
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


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "digest":
        from newsdash.digest.morning import run_digest

        out = args.dry_run.resolve() if args.dry_run else None
        return run_digest(settings, args.date, out)
    from newsdash.digest.alerts import run_alerts

    return run_alerts(settings, args.dry_run)
