"""Readers and the writer never meet: while other processes read the published database
without a pause (one query per connection, as the dashboard does, and one connection held open
throughout), three ETL runs in a row all succeed, no reader ever sees an error, and each new
connection after a run sees that run's data."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import duckdb

from tests.support.ops import child_env, etl, write_articles, write_events

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from newsdash.sql import store

    db, stop = Path(sys.argv[1]), Path(sys.argv[2])
    seen, errors, queries = [], [], 0
    while not stop.exists():
        try:
            with store.Database(db, ZoneInfo("Asia/Seoul")).reading() as con:  # the product's reads
                runs = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
                total = con.execute("SELECT sum(events) FROM hourly").fetchone()[0]
            queries += 1
            if not seen or seen[-1] != [runs, total]:
                seen.append([runs, total])
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"seen": seen, "errors": errors, "queries": queries}))
    """
)

HOLDER = textwrap.dedent(
    """
    import json, sys, time
    import duckdb
    from pathlib import Path

    db, stop = sys.argv[1], Path(sys.argv[2])
    con = duckdb.connect(db, read_only=True)        # opened before the runs, kept open
    first = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    print("ready", flush=True)
    while not stop.exists():
        time.sleep(0.01)
    last = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    print(json.dumps({"first": first, "last": last}))
    """
)


def spawn(script: str, *args, cwd) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_runs_while_readers_read_without_pause(tmp_path):
    inbox, db, stop = tmp_path / "inbox", tmp_path / "db" / "nd.duckdb", tmp_path / "stop"
    write_articles(inbox / "articles.csv")
    write_events(inbox / "events_0.jsonl", 0, 5000, "2025-10-01T00:00:00Z")
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    holder = spawn(HOLDER, db, stop, cwd=tmp_path)
    assert holder.stdout.readline().strip() == "ready"
    readers = [spawn(READER, db, stop, cwd=tmp_path) for _ in range(2)]
    codes = []
    for n in (1, 2, 3):
        write_events(inbox / f"events_{n}.jsonl", n * 5000, 5000, "2025-10-01T00:00:00Z")
        run = etl(db, inbox, cwd=tmp_path)
        codes.append(run.returncode)
        assert run.returncode == 0, run.stderr
    stop.touch()
    held = json.loads(holder.communicate(timeout=60)[0])
    reports = [json.loads(r.communicate(timeout=60)[0]) for r in readers]

    assert codes == [0, 0, 0]
    for report in reports:
        assert report["errors"] == [], report["errors"][:3]
        assert report["queries"] > 10
        runs_seen = [runs for runs, _ in report["seen"]]
        assert runs_seen == sorted(runs_seen) and runs_seen[-1] == 4  # never back, ends current
    # The connection opened before the runs kept reading the file it opened: a snapshot.
    assert held == {"first": 1, "last": 1}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(run_id) FROM runs").fetchone()[0] == 4
    con.close()
