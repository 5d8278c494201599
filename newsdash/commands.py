"""The `newsdash` command: runs what the command line asks (its grammar is newsdash/cli.py) by
calling into the etl, the exports and the dashboard. The only module that imports every layer.

Exit codes: 0 done; 1 failed (nothing changed); 2 bad usage (the command or the config); 3
partly done (some files failed and are recorded, the rest loaded); 75 another ETL run holds the
lock.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import duckdb

from newsdash import clock
from newsdash.cli import EXIT_USAGE, build_parser
from newsdash.etl.inbox import InboxError, named_files
from newsdash.etl.load import FileResult
from newsdash.etl.publish import LockHeld
from newsdash.etl.run import EXIT_FAILED, EXIT_PARTIAL, run_etl
from newsdash.etl.status import collect_status, format_status
from newsdash.etl.verify import unreadable
from newsdash.formats import json_text
from newsdash.newsroom import DimensionFilter
from newsdash.settings import ConfigError, Settings, load_settings
from newsdash.sql.store import published
from newsdash.terminal import printable

EXIT_LOCKED = 75


MAX_GENERATE_DAYS, MAX_GENERATE_EVENTS = 3_660, 1_000_000_000


class UsageError(Exception):
    """Bad input from the command line: one line, exit code 2."""


def settings_for(args: argparse.Namespace) -> Settings:
    """The config's settings with the command line's --db and --inbox over them; exports follow
    a database named on the command line unless the config names their folder."""
    settings = load_settings(args.config)
    if getattr(args, "db", None):
        settings = settings.with_database(args.db.resolve())
    if getattr(args, "inbox", None):
        settings = replace(settings, inbox=args.inbox.resolve())
    if getattr(args, "engine", None):
        settings = replace(settings, engine=args.engine)
    return settings


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
    if args.live:  # every minute: only what makes new events show; the nightly run does the rest
        settings = replace(settings, retention_days=None, export_after_etl=False)
    sources = None
    if args.events or args.articles:
        sources = named_files(args.events or [], args.articles)
    print(f"newsdash etl: {settings.db}", file=sys.stderr)
    result = run_etl(settings, sources, on_file=print_file_line, read_back=not args.live)
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
    from newsdash.exports import RankingError, export_all

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
    from newsdash.etl import status_check

    settings = settings_for(args)
    status = status_check.read_status(published(settings))
    found = None if args.max_age is None else status_check.problems(status, args.max_age)
    if found is not None:
        status["problems"] = found
    if args.format == "json":
        print(json_text(status, indent=2))
    else:
        print(format_status(status))
    return 0 if found is None else status_check.report(status, args.max_age, found, args.format)


def cmd_dismiss(args: argparse.Namespace) -> int:
    from newsdash.etl.dismiss import NotDismissable, dismiss

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
    from newsdash.etl.backup import backup

    if args.keep is not None and args.keep < 1:
        raise UsageError("--keep must be 1 or more")
    settings = settings_for(args)
    done = backup(settings.db, args.dir.resolve(), settings.zone, args.keep)
    print(
        f"backed up {settings.db} to {done['backup']} ({done['size']:,} bytes, run "
        f"#{done['last_run']}, newest event {done['last_event']})"
    )
    for path in done["removed"]:
        print(f"removed old backup {path}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from newsdash.etl.backup import restore

    settings = settings_for(args)
    done = restore(settings.db, args.file.resolve(), settings.zone)
    print(
        f"restored {done['restored']} as {done['database']} (run #{done['last_run']}, newest "
        f"event {done['last_event']}); the next `newsdash etl` goes on from there"
    )
    return 0


def write_output(data: bytes, rows: int, output: Path | None) -> int:
    """A command's rendered rows to --output (atomically, saying how many) or to stdout."""
    from newsdash.formats import write_atomic

    if output:
        write_atomic(output, data)
        print(f"wrote {rows:,} rows to {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    from newsdash.exports import RankingError, ranking_for, render

    settings = settings_for(args)
    try:
        only = DimensionFilter(args.author, args.tag, args.edition)
        result = ranking_for(settings, args.ranking, args.as_of, args.section, args.limit,
                             args.source_group, only)  # fmt: skip
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    return write_output(render(result, args.format), len(result.rows), args.output)


def cmd_sources(args: argparse.Namespace) -> int:
    from newsdash.exports import RankingError, render_sources, sources_for

    settings = settings_for(args)
    try:
        result = sources_for(settings, args.by, args.as_of, args.days, args.section,
                             args.source_group, args.limit)  # fmt: skip
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    return write_output(render_sources(result, args.format), len(result.rows), args.output)


def cmd_attention(args: argparse.Namespace) -> int:
    """`newsdash attention` and `newsdash widgets`: JSON, or a plain table."""
    import pandas as pd

    from newsdash.exports import RankingError, attention_report, widgets_report

    settings = settings_for(args)
    try:
        if args.command == "attention":
            report = attention_report(settings, args.as_of, args.hours, args.section)
        else:
            report = widgets_report(settings, args.as_of, args.hours)
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    if args.format == "json":
        print(json_text(report, indent=2))
    else:
        print(f"{report['window_start']} – {report['window_end']}")
        for line in pd.DataFrame(report["rows"]).to_string(index=False).splitlines():
            print(printable(line))
    return 0


def cmd_dimension(args: argparse.Namespace) -> int:
    """`newsdash authors` and `newsdash tags`."""
    from newsdash.exports import RankingError, dimension_report, render_report

    settings = settings_for(args)
    try:
        report = dimension_report(settings, args.command[:-1], args.as_of, args.days, args.edition)
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    sys.stdout.buffer.write(render_report(report, args.format))
    sys.stdout.flush()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from newsdash.exports import RankingError, export_all

    settings = settings_for(args)
    out = args.out.resolve() if args.out else settings.export_dir
    try:
        only = DimensionFilter(args.author, args.tag, args.edition)
        written = export_all(settings, out, args.as_of, only)
    except RankingError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.Error as exc:
        raise unreadable(settings.db, exc) from exc
    print("\n".join(str(path) for path in written))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from newsdash.etl.generate import generate

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
    print(format_status(collect_status(published(settings))))
    if result.exit_code == EXIT_FAILED:
        return result.exit_code
    from newsdash.dashboard.server import Refused, prepare, serve

    try:
        secrets = prepare(settings, "localhost")
    except Refused as exc:
        raise UsageError(str(exc)) from exc
    from newsdash.etl.collect.demo import collector_beside  # the collector, its demo page
    from newsdash.etl.collect.settings import collect_settings
    from newsdash.etl.every_minute import etl_loop_beside

    inbox = collect_settings(settings).inbox  # what the demo page's clicks become
    with (
        collector_beside(args.config),
        etl_loop_beside(args.config, inbox, args.etl_every),
    ):
        return serve(settings.db, args.config, port=args.port, secrets=secrets)


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the dashboard on the published database (read-only; never blocks the ETL).
    Without sign-in it listens on localhost only, unless the config explicitly allows more."""
    from newsdash.dashboard.server import Refused, prepare, serve

    settings = settings_for(args)
    try:
        secrets = prepare(settings, args.address)
    except Refused as exc:
        raise UsageError(str(exc)) from exc
    if not settings.db.exists():
        print(f"newsdash dashboard: no data yet in {settings.db}: the page explains how to load it",
              file=sys.stderr)  # fmt: skip
    return serve(settings.db, args.config, port=args.port, address=args.address, secrets=secrets)


def cmd_digest(args: argparse.Namespace) -> int:
    """The morning digest of a day (default: yesterday), by mail and chat (newsdash/digest/)."""
    from newsdash.digest.morning import run_digest

    out = args.dry_run.resolve() if args.dry_run else None
    return run_digest(settings_for(args), args.date, out)


def cmd_alerts(args: argparse.Namespace) -> int:
    """Rising articles posted to chat, each once a site day (run after each ETL run)."""
    from newsdash.digest.alerts import run_alerts

    return run_alerts(settings_for(args), args.dry_run)


def cmd_collect(args: argparse.Namespace) -> int:
    """`newsdash collect`: the site's events over HTTP into the inbox (newsdash/etl/collect/)."""
    from newsdash.etl.collect.server import serve
    from newsdash.etl.collect.settings import collect_settings

    settings = collect_settings(load_settings(args.config))
    overrides = {"port": args.port, "address": args.address}
    settings = replace(settings, **{k: v for k, v in overrides.items() if v})
    return serve(settings, demo=args.demo)


def cmd_import(args: argparse.Namespace) -> int:
    """`newsdash import`: history into the inbox (newsdash/etl/imports/), then the ETL on it."""
    from newsdash.etl.imports.command import import_files
    from newsdash.etl.inbox import InputFile

    settings = settings_for(args)
    done = import_files(settings, args.source, args.files, getattr(args, "format", None),
                        args.article_url, tuple(args.articles))  # fmt: skip
    if args.no_load or not done.inbox_files:
        why = "--no-load" if args.no_load else "nothing to load"
        print(f"newsdash import: {len(done.inbox_files)} inbox files; not loaded ({why})",
              file=sys.stderr)  # fmt: skip
        return 0
    result = run_etl(settings, [InputFile(p, "events") for p in done.inbox_files],
                     on_file=print_file_line)  # fmt: skip
    print(
        f"run #{result.run_id} {result.status}: {result.total('loaded'):,} loaded "
        f"({result.total('bots'):,} bots), {result.total('duplicates'):,} duplicates, "
        f"{result.total('rejected'):,} rejected",
        file=sys.stderr,
    )
    return result.exit_code


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
    "sources": cmd_sources,
    "authors": cmd_dimension,
    "tags": cmd_dimension,
    "export": cmd_export,
    "attention": cmd_attention,
    "widgets": cmd_attention,
    "digest": cmd_digest,
    "alerts": cmd_alerts,
    "collect": cmd_collect,
    "import": cmd_import,
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
