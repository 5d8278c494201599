"""Read latency: each ranking and each dashboard page's data, warm, in this one process.

    python bench/reads.py DB OUT.json [--repeat N]

Rankings go through `newsdash.exports.ranking_for` (what `newsdash rank` calls: one read-only
connection per call). Dashboard data goes through `newsdash.dashboard.data` and `ranking_data` with
Streamlit's cache bypassed (`__wrapped__`), so every call opens its short-lived connection and
runs its queries as an editor's first click after a night's publish does. Filters: the "Last 7
days" preset, all sections, day granularity. Each call is made once to warm up, then `repeat`
times; the JSON holds every sample (ms) per call, per page (the sum of its calls) and per SQL
query file (newsdash.sql.store.frame/rows/scalar wrapped by name, fetch included), and each
call's CPU milliseconds (`cpu`: the process's user + system time, DuckDB's threads included),
the figure that holds when other work shares the machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

QUERY_MS: dict[str, list[float]] = defaultdict(list)
CPU_MS: dict[str, list[float]] = {}
WARM = [False]


def wrap_store() -> None:
    """Time every query file the readers run (by name), counting only warm calls."""
    from newsdash.sql import store

    def timed(name: str, func: Callable) -> Callable:
        def wrapper(con, query, /, **params):
            start = time.perf_counter()
            try:
                return func(con, query, **params)
            finally:
                if WARM[0]:
                    QUERY_MS[f"{name}:{query}"].append((time.perf_counter() - start) * 1000)

        return wrapper

    store.frame = timed("frame", store.frame)
    store.rows = timed("rows", store.rows)
    store.scalar = timed("scalar", store.scalar)


def quiet_streamlit() -> None:
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def uncached(func: Callable) -> Callable:
    return getattr(func, "__wrapped__", func)


def ranking_calls(settings) -> dict[str, Callable[[], object]]:
    from newsdash.exports import ranking_for

    names = [d.name for d in settings.rankings]
    return {f"ranking {n}": (lambda n=n: ranking_for(settings, n)) for n in names}


def dashboard_calls(settings) -> dict[str, dict[str, Callable[[], object]]]:
    """Page -> call name -> call, with the arguments each page passes for a typical view."""
    from newsdash.dashboard import data
    from newsdash.dashboard import ranking_data as ranks
    from newsdash.dashboard.filters import DEFAULT_GRAIN, DEFAULT_PRESET, Filters, preset_range

    src = data.source(settings)
    bounds = uncached(data.bounds)(src)
    first, last = preset_range(DEFAULT_PRESET, bounds, date.today())
    f = Filters(first, last, (), DEFAULT_GRAIN, DEFAULT_PRESET, settings.zone)
    latest = bounds.last_hour + timedelta(hours=1)
    rule = settings.rising
    top = uncached(data.top_articles)(src, f, 20)
    article_id, title = top["article_id"].iloc[0], str(top["title"].iloc[0])
    info = uncached(data.article)(src, article_id, f.grain).info
    since = info["published_at"] if info["published_at"] is not None else info["first_hour"]
    start, end = f.window()
    u = uncached
    return {
        "every page (sidebar)": {
            "bounds": lambda: u(data.bounds)(src),
            "section_options": lambda: u(data.section_options)(src),
        },
        "Overview": {
            "kpis": lambda: u(data.kpis)(src, f, bounds),
            "traffic": lambda: u(data.traffic)(src, f),
            "rising": lambda: u(data.rising)(src, f, latest, rule),
            "top_articles": lambda: u(data.top_articles)(src, f, 20),
        },
        "Sections": {
            "traffic": lambda: u(data.traffic)(src, f),
            "section_readers": lambda: u(data.section_readers)(src, f),
            "heatmap": lambda: u(data.heatmap)(src, f),
            "content_age": lambda: u(data.content_age)(src, f),
        },
        "Rankings": {
            "rankings (all four)": lambda: u(ranks.results)(src, settings, latest, None, None),
        },
        "Share channels": {
            "channels": lambda: u(data.channels)(src, f),
            "traffic": lambda: u(data.traffic)(src, f),
            "top_shared": lambda: u(data.top_shared)(src, f, 10),
        },
        "Article": {
            "search_articles": lambda: u(data.search_articles)(src, title.split()[0]),
            "article": lambda: u(data.article)(src, article_id, f.grain),
            "best_ranks": lambda: u(ranks.best_ranks)(
                src, settings, article_id, since.to_pydatetime(), latest
            ),
        },
        "Data health": {
            "health": lambda: u(data.health)(src, start, end),
        },
    }


def sample(call: Callable[[], object], repeat: int, name: str = "") -> list[float] | str:
    """Warm-up call, then `repeat` timed calls (wall ms; CPU ms in CPU_MS[name]); the error
    text if the call fails."""
    try:
        WARM[0] = False
        call()
        WARM[0] = True
        times, cpu = [], CPU_MS.setdefault(name, [])
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        return times
    except Exception as exc:  # the dashboard is young: report, do not stop the bench
        return f"{type(exc).__name__}: {exc}"
    finally:
        WARM[0] = False


def page_totals(pages: dict[str, dict[str, list[float] | str]]) -> dict[str, list[float]]:
    totals = {}
    for page, calls in pages.items():
        runs = [v for v in calls.values() if isinstance(v, list)]
        if runs:
            totals[page] = [sum(r[i] for r in runs) for i in range(min(map(len, runs)))]
    return totals


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    quiet_streamlit()
    from newsdash.settings import load_settings

    settings = load_settings(env={"NEWSDASH_DB": str(args.db.resolve())})
    wrap_store()
    rankings = {
        name: sample(call, args.repeat, name) for name, call in ranking_calls(settings).items()
    }
    try:
        calls = dashboard_calls(settings)
    except Exception as exc:
        calls, error = {}, f"{type(exc).__name__}: {exc}"
    else:
        error = None
    pages = {
        page: {name: sample(call, args.repeat, f"{page}: {name}") for name, call in named.items()}
        for page, named in calls.items()
    }
    result = {
        "rankings": rankings,
        "pages": pages,
        "page_totals": page_totals(pages),
        "queries": dict(QUERY_MS),
        "cpu": CPU_MS,
        "dashboard_error": error,
    }
    args.out.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
