"""What the whole-file check (etl/verify.py) costs: the time to read every block of a database.

    python bench/verify.py DB [--reps N]

Runs `verify_database(DB)` N times (default 3), each in this process, and prints each time
(wall clock and CPU, all threads),
the median, what was read (tables, rows, index keys looked up), the file's size and the
1-minute load average at the start. The page cache is warm after the first run (as it is when
the ETL checks the file it just wrote).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from newsdash.etl.verify import verify_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{args.db}: {args.db.stat().st_size / (1 << 20):,.1f} MiB, load {os.getloadavg()[0]:.1f}"
    )
    times, cpu = [], []
    for _ in range(args.reps):
        start, start_cpu = time.perf_counter(), time.process_time()
        read = verify_database(args.db)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        print(f"  {times[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU  {read}")
    print(f"median {statistics.median(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
