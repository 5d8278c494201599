"""The `newsdash` command: a thin shell over the etl, sql and dashboard modules.

Exit codes: 0 done; 1 failed (nothing changed); 2 bad usage (the command or the config); 3
partly done (some files failed and are recorded, the rest loaded); 75 another ETL run holds the
lock.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import NoReturn

import duckdb

from etl import clock
from etl.collect import command as collect
from etl.config import ConfigError, Settings, load_settings
from etl.inbox import InboxError, named_files
from etl.load import FileResult
from etl.publish import LockHeld
from etl.run import EXIT_FAILED, EXIT_PARTIAL, run_etl
from etl.status import collect_status, format_status
from etl.terminal import json_text, printable
from etl.verify import unreadable
from newsdash.digest import commands as digest_commands

EXIT_USAGE, EXIT_LOCKED = 2, 75


MAX_HOURS = 87_600  # ten years: --max-age beyond it (or inf, nan) is a typo, not a wish
MAX_GENERATE_DAYS, MAX_GENERATE_EVENTS = 3_660, 1_000_000_000


class UsageError(Exception):
    """Bad input from the command line: one line, exit code 2."""


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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="newsdash", description=__doc__.splitlines()[0])
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

    collect.add_parser(sub)
    sub.add_parser("demo", help="load the bundled sample data and start the dashboard")

    gen = sub.add_parser("generate", help="write synthetic traffic files")
    gen.add_argument("--events", type=int, required=True)
    gen.add_argument("--days", type=int, required=True)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=1)
    digest_commands.add_parsers(sub)
    return parser


def settings_for(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    overrides = {}
    if getattr(args, "db", None):
        overrides["db"] = args.db.resolve()
        if "dir" not in settings.raw.get("export", {}):
            # exports follow a database named on the command line, not the default folder
            overrides["export_dir"] = overrides["db"].parent / "exports"
    if getattr(args, "inbox", None):
        overrides["inbox"] = args.inbox.resolve()
    if not overrides:
        return settings
    return Settings(**{**settings.__dict__, **overrides})


def print_file_line(result: FileResult) -> None:
    """One line per file; its name and reason escaped (a name may hold a newline or ESC)."""
    name = printable(result.name)
    if result.status == "skipped":
        line = f"  skipped {name}: {printable(result.reason)}"
    elif result.status == "failed":
        line = f"  FAILED  {name}: {printable(result.reason)}"
    else:
        line = (
            f"  loaded  {name}: {result.records_read:,} read, {result.loaded:,} loaded, "
            f"{result.duplicates:,} duplicates, {result.rejected:,} rejected"
        )
        for line_no, reason, field, detail in result.examples:
            where = f"{name}:{line_no}: {printable(reason)} ({printable(field or 'record')})"
            line += f"\n          {where}: {printable(detail)}"
    print(line, file=sys.stderr, flush=True)


def cmd_etl(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    sources = None
    if args.events or args.articles:
        sources = named_files(args.events or [], args.articles)
    print(f"newsdash etl: {settings.db}", file=sys.stderr)
    result = run_etl(settings, sources, on_file=print_file_line)
    reasons = ", ".join(f"{k} {v:,}" for k, v in result.rejected_by_reason().items()) or "none"
    print(
        f"run #{result.run_id} {result.status}: {sum(f.status == 'loaded' for f in result.files)} "
        f"files loaded, {sum(f.status == 'failed' for f in result.files)} failed, "
        f"{sum(f.status == 'skipped' for f in result.files)} skipped; "
        f"{result.total('loaded'):,} loaded ({result.total('bots'):,} bots), "
        f"{result.total('duplicates'):,} duplicates, {result.total('rejected'):,} rejected "
        f"({reasons})"
    )
    if result.message:
        print(f"newsdash etl: {printable(result.message)}", file=sys.stderr)
    exporting = result.exit_code != EXIT_FAILED and settings.export_after_etl and not args.no_export
    if exporting and not export_after_run(settings):
        return EXIT_PARTIAL
    return result.exit_code


def export_after_run(settings: Settings) -> bool:
    """Nightly exports follow a successful run (turn off with [export] after_etl = false).

    The load itself is done and published by now; a failing export makes the run "partly
    done" (exit 3), never undoes the load.
    """
    from etl.export import RankingError, export_all

    try:
        written = export_all(settings, settings.export_dir, None)
    except (RankingError, ConfigError, OSError) as exc:
        print(f"newsdash etl: loaded, but the export failed: {exc}", file=sys.stderr)
        return False
    except duckdb.Error as exc:
        print(f"newsdash etl: loaded, but the export failed: {unreadable(settings.db, exc)}",
              file=sys.stderr)  # fmt: skip
        return False
    print(f"exported {len(written)} files to {settings.export_dir}", file=sys.stderr)
    return True


def cmd_status(args: argparse.Namespace) -> int:
    from etl import health

    settings = settings_for(args)
    status = health.read_status(settings.db, settings.site_tz)
    found = None if args.max_age is None else health.problems(status, args.max_age)
    if found is not None:
        status["problems"] = found
    if args.format == "json":
        print(json_text(status, indent=2))
    else:
        print(format_status(status))
    return 0 if found is None else health.report(status, args.max_age, found, args.format)


def cmd_dismiss(args: argparse.Namespace) -> int:
    from etl.dismiss import NotDismissable, dismiss

    settings = settings_for(args)
    try:
        entry = dismiss(settings, args.file, args.reason)
    except NotDismissable as exc:
        raise UsageError(str(exc)) from exc
    print(
        f"dismissed {printable(entry['name'])} (file #{entry['file_id']}, failed in run "
        f"#{entry['run_id']}: {printable(entry['reason'])}); its content is skipped from now on"
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from etl.backup import backup

    if args.keep is not None and args.keep < 1:
        raise UsageError("--keep must be 1 or more")
    settings = settings_for(args)
    done = backup(settings.db, args.dir.resolve(), settings.site_tz, args.keep)
    print(
        f"backed up {settings.db} to {done['backup']} ({done['size']:,} bytes, run "
        f"#{done['last_run']}, newest event {done['last_event']})"
    )
    for path in done["removed"]:
        print(f"removed old backup {path}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from etl.backup import restore

    settings = settings_for(args)
    done = restore(settings.db, args.file.resolve(), settings.site_tz)
    print(
        f"restored {done['restored']} as {done['database']} (run #{done['last_run']}, newest "
        f"event {done['last_event']}); the next `newsdash etl` goes on from there"
    )
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    from etl.export import RankingError, ranking_for, render, write_atomic

    settings = settings_for(args)
    try:
        result = ranking_for(settings, args.ranking, args.as_of, args.section, args.limit)
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    data = render(result, args.format)
    if args.output:
        write_atomic(args.output, data)
        print(f"wrote {len(result.rows):,} rows to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from etl.export import RankingError, export_all

    settings = settings_for(args)
    out = args.out.resolve() if args.out else settings.export_dir
    try:
        written = export_all(settings, out, args.as_of)
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    print("\n".join(str(path) for path in written))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from etl.generate import generate

    if not 0 < args.events <= MAX_GENERATE_EVENTS or not 0 < args.days <= MAX_GENERATE_DAYS:
        raise UsageError(
            f"--events must be from 1 to {MAX_GENERATE_EVENTS:,} and --days from 1 to "
            f"{MAX_GENERATE_DAYS:,}"
        )
    try:
        summary = generate(args.out, events=args.events, days=args.days, seed=args.seed)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(json.dumps(summary, ensure_ascii=False, default=str))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    print(f"newsdash demo: loading {settings.inbox} into {settings.db}", file=sys.stderr)
    result = run_etl(settings, on_file=print_file_line)
    print(format_status(collect_status(settings.db, settings.site_tz)))
    if result.exit_code == EXIT_FAILED:
        return result.exit_code
    from dashboard.server import Refused, prepare, serve

    try:
        secrets = prepare(settings, "localhost")
    except Refused as exc:
        raise UsageError(str(exc)) from exc
    from etl.collect.demo import collector_beside  # the collector and its demo article page

    with collector_beside(args.config):
        return serve(settings.db, args.config, port=8501, secrets=secrets)


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the dashboard on the published database (read-only; never blocks the ETL).
    Without sign-in it listens on localhost only, unless the config explicitly allows more."""
    from dashboard.server import Refused, prepare, serve

    settings = settings_for(args)
    try:
        secrets = prepare(settings, args.address)
    except Refused as exc:
        raise UsageError(str(exc)) from exc
    if not settings.db.exists():
        print(f"newsdash dashboard: no data yet in {settings.db}: the page explains how to load it",
              file=sys.stderr)  # fmt: skip
    return serve(settings.db, args.config, port=args.port, address=args.address, secrets=secrets)


COMMANDS = {
    "etl": cmd_etl,
    "status": cmd_status,
    "dismiss": cmd_dismiss,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "generate": cmd_generate,
    "demo": cmd_demo,
    "dashboard": cmd_dashboard,
    "rank": cmd_rank,
    "export": cmd_export,
    "digest": lambda args: digest_commands.run(args, settings_for(args)),
    "alerts": lambda args: digest_commands.run(args, settings_for(args)),
    "collect": collect.run,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        clock.now()  # a NEWSDASH_NOW that is not an instant is bad usage, said before any work
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError, clock.ClockError) as exc:  # fix it, no retry
        return fail(args.command, exc, EXIT_USAGE)
    except LockHeld as exc:
        return fail(args.command, exc, EXIT_LOCKED)
    except (InboxError, OSError) as exc:
        return fail(args.command, exc, EXIT_FAILED)


def fail(command: str, exc: BaseException, code: int) -> int:
    """One line on stderr; a value quoted from the data (a section name) cannot break it."""
    print(f"newsdash {command}: {printable(exc)}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
