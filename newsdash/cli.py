"""The `newsdash` command line's grammar: every command and option (argparse), nothing run.

newsdash/commands.py runs what the parsed arguments ask for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = "The `newsdash` command: a thin shell over the etl, sql and dashboard modules."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdash", description=DESCRIPTION)
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
        "--no-export", action="store_true", help="skip the ranking export after the run"
    )

    rank = sub.add_parser("rank", help="print one ranking")
    rank.add_argument("ranking")
    rank.add_argument("--db", type=Path)
    rank.add_argument("--as-of", help="ISO time; cut down to the hour in site time")
    rank.add_argument("--section")
    rank.add_argument("--limit", help="rows to show, or 'all'")
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rank.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    export = sub.add_parser("export", help="write every ranking as CSV and JSON")
    export.add_argument("--db", type=Path)
    export.add_argument("--as-of")
    export.add_argument("--out", type=Path)

    status = sub.add_parser("status", help="what is loaded and how the last run went")
    status.add_argument("--db", type=Path)
    status.add_argument("--format", choices=["text", "json"], default="text")
    status.add_argument(
        "--max-age",
        type=float,
        metavar="HOURS",
        help="exit 1 (and say why) if the newest event is older than this or the last run "
        "did not end ok",
    )

    backup = sub.add_parser("backup", help="copy the published database into DIR")
    backup.add_argument("dir", type=Path, metavar="DIR")
    backup.add_argument("--db", type=Path)
    backup.add_argument("--keep", type=int, metavar="N", help="then keep only the newest N")

    restore = sub.add_parser("restore", help="put a backup back as the published database")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--db", type=Path)

    dash = sub.add_parser("dashboard", help="start the editors' dashboard")
    dash.add_argument("--db", type=Path)
    dash.add_argument("--port", type=int, default=8501)
    dash.add_argument(
        "--address",
        default="localhost",
        help="address to listen on (default: localhost). Another address needs sign-in, or "
        "[dashboard] allow_unauthenticated_remote = true in the config",
    )

    demo = sub.add_parser("demo", help="load the bundled sample data and start the dashboard")
    demo.add_argument("--port", type=int, default=8501)

    gen = sub.add_parser("generate", help="write synthetic traffic files")
    gen.add_argument("--events", type=int, required=True)
    gen.add_argument("--days", type=int, required=True)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=1)
    return parser
