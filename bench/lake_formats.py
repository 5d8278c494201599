"""Delta Lake (deltalake) against Apache Iceberg (pyiceberg, SQL catalog on sqlite), measured.

One command from the repository root (pyiceberg is needed only here: `.venv/bin/pip install -e
'.[bench]'`):

    .venv/bin/python bench/lake_formats.py [--events 1000000] [--commits 7] [--root DIR]

Both formats get the same events, shaped like the product's (site days in Asia/Seoul), and the
same steps; DuckDB reads each table through the library's current Parquet file list
(`read_parquet`), since its delta and iceberg extensions would have to be downloaded. Prints
one Markdown table: each figure for Delta, for Iceberg, and what it shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

import duckdb

from newsdash.etl import lake

PACKAGES = ("deltalake", "pyiceberg", "duckdb", "pyarrow")
TZ = "Asia/Seoul"
FIRST_DAY = date(2025, 10, 24)
DAYS = 7
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile Safari",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 KAKAOTALK 10.8.5",
]

EVENTS_SQL = """
SELECT 'ev' || lpad(i::VARCHAR, 10, '0') AS event_id, t AS event_time,
    ['view', 'view', 'view', 'like', 'share', 'comment'][1 + i % 6] AS event_type,
    'A' || (i * 31 % 2000) AS article_id, 's' || (i * 17 % 50000) AS session_id,
    CASE WHEN i % 6 = 4 THEN ['facebook', 'x', 'kakaotalk', 'line', 'band', 'naver',
        'copy_url'][1 + i % 7] END AS channel,
    CASE WHEN i % 5 = 0 THEN 'https://search.naver.com/search?q=' || (i % 97) END AS referrer,
    CASE WHEN i % 13 = 0 THEN $bot ELSE $uas[1 + i % 3] END AS user_agent,
    i % 13 = 0 AS is_bot, $file_id::INTEGER AS file_id, (i - $first + 1)::BIGINT AS line,
    t::DATE AS dt
FROM (
    SELECT i, $start::TIMESTAMPTZ + to_microseconds(($span * (i - $first) // $count)
        + (i * 7919) % 7200000000 - 3600000000) AS t
    FROM range($first, $first + $count) AS r(i)
)
"""


def make_batch(con, first: int, count: int, start: date, span_days: float, file_id: int):
    """`count` events from id `first`, spread over `span_days` site days from `start`."""
    params = dict(
        first=first,
        count=count,
        start=f"{start}T00:00:00+09:00",
        span=int(span_days * 86400e6),
        file_id=file_id,
        bot=BOT_UA,
        uas=UAS,
    )
    table = con.sql(EVENTS_SQL, params=params).to_arrow_table()
    return table.cast(SCHEMA)


SCHEMA = lake.EVENTS_SCHEMA


class Delta:
    """Through the product's own module, etl/lake.py (delta-rs underneath)."""

    name = "Delta (deltalake, etl/lake.py)"
    hive = True  # partition values live in the folder names only

    def __init__(self, root: Path):
        self.root = root / "delta"
        self.path = lake.events_path(self.root)

    def create(self):
        lake.open_events(self.root)

    def table(self):
        return lake.open_events(self.root)

    def append(self, batch):
        lake.append(self.table(), batch, run_id=1)

    def merge_insert_only(self, batch):
        merger = self.table().merge(batch, "t.event_id = s.event_id", "s", "t")
        return merger.when_not_matched_insert_all().execute()["num_target_rows_inserted"]

    def version(self):
        return lake.version(self.table())

    def files(self, first: date | None = None, last: date | None = None):
        return lake.files(self.path, first, last)

    def rollback(self, version):
        lake.roll_back(self.table(), version)

    def drop_before(self, day: date):
        lake.drop_days_before(self.table(), day)

    def compact(self, day: date):
        lake.compact_day(self.table(), day)

    def vacuum(self):
        return len(lake.vacuum(self.table(), keep_versions=[]))


def delta_rs_writer(root: Path, batches) -> list[float]:
    """The same appends through delta-rs's own writer (write_deltalake), for comparison."""
    import deltalake

    path = str(root / "delta-rs-writer")
    deltalake.DeltaTable.create(path, SCHEMA, partition_by=["dt"])
    zstd = deltalake.WriterProperties(compression="ZSTD")
    return [
        timed(
            deltalake.write_deltalake,
            path,
            b,
            mode="append",
            partition_by=["dt"],
            writer_properties=zstd,
        )[0]
        for b in batches
    ]


class Iceberg:
    name = "Iceberg (pyiceberg, sqlite)"
    hive = False  # Iceberg data files hold the partition column themselves

    def __init__(self, root: Path):
        from pyiceberg.catalog.sql import SqlCatalog

        folder = root / "iceberg"
        folder.mkdir(parents=True)
        self.path = folder
        self.catalog = SqlCatalog(
            "lake", uri=f"sqlite:///{folder}/catalog.db", warehouse=f"file://{folder}"
        )

    def create(self):
        self.catalog.create_namespace("lake")
        table = self.catalog.create_table("lake.events", schema=SCHEMA)
        with table.update_spec() as spec:
            spec.add_identity("dt")

    def table(self):
        return self.catalog.load_table("lake.events")

    def append(self, batch):
        self.table().append(batch)

    def merge_insert_only(self, batch):
        result = self.table().upsert(batch, join_cols=["event_id"], when_matched_update_all=False)
        return result.rows_inserted

    def version(self):
        snap = self.table().current_snapshot()
        return snap.snapshot_id if snap else None

    def files(self, first: date | None = None, last: date | None = None):
        from pyiceberg.expressions import AlwaysTrue, And, GreaterThanOrEqual, LessThanOrEqual

        expr = AlwaysTrue()
        if first:
            expr = And(expr, GreaterThanOrEqual("dt", first.isoformat()))
        if last:
            expr = And(expr, LessThanOrEqual("dt", last.isoformat()))
        tasks = self.table().scan(row_filter=expr).plan_files()
        return [t.file.file_path.removeprefix("file://") for t in tasks]

    def rollback(self, version):
        self.table().manage_snapshots().rollback_to_snapshot(version).commit()

    def drop_before(self, day: date):
        from pyiceberg.expressions import LessThan

        self.table().delete(LessThan("dt", day.isoformat()))

    def compact(self, day: date):
        """pyiceberg has no rewrite of data files: read the day, overwrite it in one commit."""
        from pyiceberg.expressions import EqualTo

        table = self.table()
        rows = table.scan(row_filter=EqualTo("dt", day.isoformat())).to_arrow()
        table.overwrite(rows.cast(SCHEMA), overwrite_filter=EqualTo("dt", day.isoformat()))

    def vacuum(self):
        """pyiceberg expires snapshots (metadata); it deletes no data file (no orphan removal)."""
        table = self.table()
        current = table.current_snapshot().snapshot_id
        old = [s.snapshot_id for s in table.snapshots() if s.snapshot_id != current]
        if old:
            table.maintenance.expire_snapshots().by_ids(old).commit()
        return 0


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def read_count(con, fmt, first=None, last=None):
    """Resolve the file list, then count and aggregate the rows in DuckDB."""
    files = fmt.files(first, last)
    if not files:
        return 0
    rel = con.sql(
        "SELECT count(*), count(DISTINCT article_id) FROM "
        "read_parquet($files::VARCHAR[], hive_partitioning = $hive)",
        params={"files": files, "hive": fmt.hive},
    )
    return rel.fetchall()[0][0]


def window_dedupe(con, fmt, batch, window_start: date):
    """Our own dedupe: the batch's ids not in the window's (or the batch's own days') files."""
    days = sorted(set(batch.column("dt").to_pylist()))
    first = min(window_start, days[0])
    files = fmt.files(first, None)
    con.register("batch", batch)
    try:
        if not files:
            return batch
        return con.sql(
            "SELECT * FROM batch WHERE event_id NOT IN (SELECT event_id FROM "
            "read_parquet($files::VARCHAR[], hive_partitioning = $hive))",
            params={"files": files, "hive": fmt.hive},
        ).to_arrow_table()
    finally:
        con.unregister("batch")


def key_state(con, fmt) -> int:
    """The dedupe state kept in DuckDB instead: 8-byte keys and site day of the window."""
    files = fmt.files(LAST_DAY - timedelta(days=6), None)
    con.execute("CREATE OR REPLACE TABLE event_keys (id_key UBIGINT, dt DATE)")
    if files:
        con.execute(
            "INSERT INTO event_keys SELECT hash(event_id), dt FROM "
            "read_parquet($files::VARCHAR[], hive_partitioning = $hive) ORDER BY dt",
            {"files": files, "hive": fmt.hive},
        )
    return con.execute("SELECT count(*) FROM event_keys").fetchall()[0][0]


def key_probe(con, keys, batch):
    """Candidates: the batch's keys already in the window (confirmed on the id in the lake only
    when there is one), then the new keys added; rolled back so each run probes the same."""
    con.register("batch", batch)
    try:
        con.execute("BEGIN")
        con.execute(
            "SELECT count(*) FROM batch SEMI JOIN event_keys AS k ON k.id_key = hash(event_id)"
        ).fetchall()
        con.execute("INSERT INTO event_keys SELECT hash(event_id), dt FROM batch")
        con.execute("ROLLBACK")
    finally:
        con.unregister("batch")


LAST_DAY = FIRST_DAY + timedelta(days=DAYS - 1)


def disk(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*.parquet")]
    return len(files), sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_format(cls, root: Path, gen, n_events: int, commits: int) -> dict:
    fmt = cls(root)
    out: dict[str, str] = {}
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TZ}'")
    fmt.create()
    per = n_events // commits
    batches = [
        make_batch(
            gen, k * per, per, FIRST_DAY + timedelta(days=k * DAYS / commits), DAYS / commits, k + 1
        )
        for k in range(commits)
    ]
    times = [timed(fmt.append, b)[0] for b in batches]
    out["append 1M: commits"] = f"{commits} x {per:,}"
    out["commit latency s (each)"] = " ".join(f"{t:.2f}" for t in times)
    out["commit latency s (total)"] = f"{sum(times):.2f}"
    if cls is Delta:
        other = delta_rs_writer(root, batches)
        out["(same, delta-rs write_deltalake) s"] = " ".join(f"{t:.2f}" for t in other)
    total = read_count(con, fmt)
    out["rows after appends"] = f"{total:,}"

    v0 = fmt.version()
    t, inserted = timed(fmt.merge_insert_only, batches[3])
    out["re-deliver 1 batch: insert-only merge s"] = (
        f"{t:.2f} ({inserted} rows, new version: {fmt.version() != v0})"
    )
    t, fresh = timed(window_dedupe, con, fmt, batches[3], LAST_DAY - timedelta(days=6))
    out["re-deliver 1 batch: DuckDB dedupe s"] = f"{t:.2f} ({fresh.num_rows} rows left, no commit)"

    day = FIRST_DAY + timedelta(days=3)
    samples = [timed(read_count, con, fmt, day, day) for _ in range(3)]
    out["read 1 day into DuckDB s"] = (
        f"{statistics.median(s[0] for s in samples):.3f} ({samples[0][1]:,} rows)"
    )
    samples = [
        timed(read_count, con, fmt, LAST_DAY - timedelta(days=6), LAST_DAY) for _ in range(3)
    ]
    out["read 7 days into DuckDB s"] = (
        f"{statistics.median(s[0] for s in samples):.3f} ({samples[0][1]:,} rows)"
    )

    files, size = disk(fmt.path)
    out["files / MB on disk after 1M"] = f"{files} / {size / 2**20:.1f}"

    # 10k micro-batch: into an empty table and into the 1M history (5 each, median): the
    # append alone (the format's cost), and the two ways to dedupe it against a 7-day window.
    empty = cls(root / "empty")
    empty.create()
    for label, target in (("0", empty), ("1M", fmt)):
        keys = key_state(con, target)
        runs = []
        for k in range(5):
            b = make_batch(gen, 10_000_000 + k * 20_000 + len(label), 10_000, LAST_DAY, 0.2, 100)
            lake_read = timed(window_dedupe, con, target, b, LAST_DAY - timedelta(days=6))[0]
            probe = timed(key_probe, con, keys, b)[0]
            append = timed(target.append, b)[0]
            runs.append((append, lake_read, probe))
        med = [statistics.median(r[i] for r in runs) for i in range(3)]
        out[f"10k micro-batch into {label}: append s"] = f"{med[0]:.3f}"
        out[f"10k into {label}: dedupe, ids read from the lake s"] = f"{med[1]:.3f}"
        out[f"10k into {label}: dedupe, DuckDB key table s"] = f"{med[2]:.3f} ({keys:,} keys)"
        b = make_batch(gen, 40_000_000 + len(label), 10_000, LAST_DAY, 0.2, 500)
        t, inserted = timed(target.merge_insert_only, b)
        out[f"10k into {label}: insert-only merge instead s"] = f"{t:.3f} ({inserted:,} rows)"

    # A killed run's commit, undone.
    before, v = read_count(con, fmt), fmt.version()
    fmt.append(make_batch(gen, 20_000_000, 10_000, LAST_DAY, 0.2, 300))
    t, _ = timed(fmt.rollback, v)
    out["rollback a commit s"] = f"{t:.3f} (rows back to before: {read_count(con, fmt) == before})"

    # A run every minute: 60 commits of 500 events to one day, then compaction of that day.
    busy = LAST_DAY + timedelta(days=1)
    minute = [
        timed(fmt.append, make_batch(gen, 30_000_000 + m * 500, 500, busy, 0.5, 400 + m))[0]
        for m in range(60)
    ]
    out["60 small commits (500 ev) s median"] = f"{statistics.median(minute):.3f}"
    n_before = len(fmt.files(busy, busy))
    rows_before = read_count(con, fmt, busy, busy)
    t, _ = timed(fmt.compact, busy)
    out["compact a day of 60 files s"] = (
        f"{t:.3f} ({n_before} -> {len(fmt.files(busy, busy))} files, rows kept: {read_count(con, fmt, busy, busy) == rows_before})"
    )

    # Retention: drop the first three site days.
    cut = FIRST_DAY + timedelta(days=3)
    gone = read_count(con, fmt, None, cut - timedelta(days=1))
    before = read_count(con, fmt)
    t, _ = timed(fmt.drop_before, cut)
    out["drop 3 old days s"] = (
        f"{t:.3f} ({before - read_count(con, fmt):,} rows gone, expected {gone:,})"
    )

    t, _ = timed(fmt.table)
    out["open table after all commits s"] = f"{t:.3f}"
    files, size = disk(fmt.path)
    t, _ = timed(fmt.vacuum)
    files2, size2 = disk(fmt.path)
    out["vacuum s (files / MB before -> after)"] = (
        f"{t:.3f} ({files} / {size / 2**20:.1f} -> {files2} / {size2 / 2**20:.1f})"
    )
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--commits", type=int, default=7)
    parser.add_argument("--root", type=Path, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="lake-bench-"))
    load_at_start = os.getloadavg()[0]
    gen = duckdb.connect()
    gen.execute(f"SET TimeZone = '{TZ}'")
    results = {}
    for cls in (Delta, Iceberg):
        folder = root / cls.__name__.lower()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        results[cls.name] = bench_format(cls, folder, gen, args.events, args.commits)
    names = list(results)
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    print(f"{args.events:,} events in {args.commits} commits; {versions}; {os.cpu_count()} cores;")
    print(f"load average at start {load_at_start:.2f}, at end {os.getloadavg()[0]:.2f}\n")
    print(f"| figure | {' | '.join(names)} |")
    print(f"|---|{'---|' * len(names)}")
    for key in results[names[0]]:
        print(f"| {key} | {' | '.join(results[n].get(key, '') for n in names)} |")
    if not args.root:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
