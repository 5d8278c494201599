"""The results as one Markdown table (plus where the ETL's time goes), from the JSON results."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

LOAD_TARGET, INCREMENT_TARGET, PEER_TARGET = 1.5, 1.25, 5.0
READ_TARGET_MS, READ_GROWTH_TARGET, READ_TARGET_100M_MS = 50.0, 2.0, 150.0
MEMORY_TARGET_GIB = 2.0


@dataclass
class Row:
    figure: str
    size: str
    newsdash: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""
    load: str = ""


HEADER = ["figure", "size", "newsdash", "reference", "ratio", "target", "met", "load1"]


def med(values):
    return statistics.median(values) if values else None


def secs(runs: list[dict]) -> float | None:
    return med([r["seconds"] for r in runs])


def loads(runs: list[dict]) -> str:
    values = [r["load1"] for r in runs]
    if not values:
        return ""
    low, high = min(values), max(values)
    return f"{low:.1f}" if round(low, 1) == round(high, 1) else f"{low:.1f}–{high:.1f}"


def verdict(value: float | None, limit: float, higher_is_better: bool = False) -> str:
    if value is None:
        return "n/a"
    ok = value >= limit if higher_is_better else value <= limit
    if ok:
        return "met"
    factor = limit / value if higher_is_better else value / limit
    return f"**not met** ({factor:.1f}× off)"


def fmt_s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.1f} s"


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "—"
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def full_load_rows(results: dict) -> list[Row]:
    rows = []
    for size, runs in results["full_load"].items():
        product, floor = secs(runs["product"]), secs(runs["floor"])
        events = results["datasets"][size].get("events_loaded")
        rate = f" ({events / product / 1000:,.0f}k events/s)" if events and product else ""
        ratio = product / floor if product and floor else None
        rows.append(Row(
            "1. full load (`newsdash etl --no-export`) vs DuckDB bare load", size,
            fmt_s(product) + rate, f"floor {fmt_s(floor)}", f"{ratio:.2f}×" if ratio else "",
            f"≤ {LOAD_TARGET}×", verdict(ratio, LOAD_TARGET),
            loads(runs["product"] + runs["floor"]),
        ))  # fmt: skip
    return rows


def increment_rows(results: dict) -> list[Row]:
    inc = results.get("increment")
    if not inc:
        return []
    into, empty = secs(inc["into_history"]), secs(inc["into_empty"])
    ratio = into / empty if into and empty else None
    size = f"{inc['size']} + 1 day ({inc['day_lines'] / 1e6:.2f}M lines)"
    return [Row(
        "2. nightly increment: into the warehouse vs into an empty one", size, fmt_s(into),
        f"empty {fmt_s(empty)}", f"{ratio:.3f}×" if ratio else "", f"≤ {INCREMENT_TARGET}×",
        verdict(ratio, INCREMENT_TARGET), loads(inc["into_history"] + inc["into_empty"]),
    )]  # fmt: skip


def read_series(reads: dict) -> dict[str, list[float] | str]:
    """'ranking X' and 'Page: call' and 'page Page (all calls)' -> samples (ms)."""
    series: dict[str, list[float] | str] = dict(reads["rankings"])
    seen = set()
    for page, calls in reads["pages"].items():
        for name, samples in calls.items():
            if name not in seen:
                series[f"{page}: {name}"] = samples
                seen.add(name)
    for page, samples in reads["page_totals"].items():
        series[f"page {page} (all its calls)"] = samples
    return series


def read_rows(results: dict) -> list[Row]:
    rows, sizes = [], list(results["reads"])
    for i, size in enumerate(sizes):
        if len(sizes) > 1 and i == 0:
            continue  # the smallest size is the reference of the next one
        current = read_series(results["reads"][size])
        before = read_series(results["reads"][sizes[i - 1]]) if i else {}
        limit = (
            READ_TARGET_100M_MS if results["datasets"][size]["size"] >= 10**8 else READ_TARGET_MS
        )
        load = read_loads(results, sizes[i - 1] if i else None, size)
        for name, samples in current.items():
            row = read_row(name, size, samples, before.get(name), sizes[i - 1] if i else "", limit)
            row.load = load
            rows.append(row)
    return rows


def read_loads(results: dict, previous: str | None, size: str) -> str:
    """The load average as each size's read process started (smaller size first)."""
    sizes = [previous, size] if previous else [size]
    return " / ".join(f"{results['reads'][s].get('load1', 0):.1f}" for s in sizes)


def read_row(name, size, samples, previous, previous_size, limit) -> Row:
    if isinstance(samples, str):
        return Row(f"3. {name}", size, f"failed: {samples[:80]}")
    ms = med(samples)
    ref = med(previous) if isinstance(previous, list) else None
    growth = ms / ref if ref else None
    target = f"≤ {limit:.0f} ms" + (f", ≤ {READ_GROWTH_TARGET:.0f}× {previous_size}" if ref else "")
    met = verdict(ms, limit)
    if growth is not None and growth > READ_GROWTH_TARGET:
        grew = f"grows {growth:.1f}×"
        met = f"{met}; {grew}" if met != "met" else f"**not met** ({grew})"
    return Row(f"3. {name}", size, fmt_ms(ms), f"{previous_size} {fmt_ms(ref)}" if ref else "",
               f"{growth:.1f}×" if growth else "", target, met)  # fmt: skip


def memory_rows(results: dict) -> list[Row]:
    rows = []
    size = list(results["full_load"])[-1]
    runs = results["full_load"][size]["product"]
    peak = max(r["peak_rss_mb"] for r in runs) / 1024
    rows.append(Row(
        "4. ETL peak resident memory (full load)", size, f"{peak:.2f} GiB (max of {len(runs)} runs)",
        "", "", f"≤ {MEMORY_TARGET_GIB:.0f} GiB", verdict(peak, MEMORY_TARGET_GIB), loads(runs),
    ))  # fmt: skip
    spill = results.get("spill")
    if spill:
        run = spill["run"]
        done = run["exit_code"] == 0 and spill["loaded"] == spill["expected"]
        failure = f"; {spill['failures'][0][:120]}" if spill.get("failures") and not done else ""
        rows.append(Row(
            f"4. full load with memory_limit {spill['limit']}", spill["size"],
            f"{fmt_s(run['seconds'])}, peak RSS {run['peak_rss_mb'] / 1024:.2f} GiB, "
            f"spilled ≤ {run['spill_peak_mb']:,.0f} MB", f"unlimited {fmt_s(spill['unlimited'])}",
            f"{run['seconds'] / spill['unlimited']:.2f}×" if spill["unlimited"] else "",
            "completes by spilling",
            "met" if done else f"**not met** (exit {run['exit_code']}, {spill['loaded']:,} of "
            f"{spill['expected']:,} events{failure})", loads([run]),
        ))  # fmt: skip
    return rows


def peer_rows(results: dict) -> list[Row]:
    rows = []
    for size, runs in results["full_load"].items():
        if not runs["peer"]:
            continue
        done = [r for r in runs["peer"] if r["exit_code"] == 0]
        if not done:
            failed = runs["peer"][0]
            rows.append(Row("5. full load vs plain pandas (bench/pandas_peer.py)", size,
                            fmt_s(secs(runs["product"])), f"pandas failed: exit {failed['exit_code']}, "
                            f"peak {failed['peak_rss_mb']:,.0f} MB"))  # fmt: skip
            continue
        product, peer = secs(runs["product"]), secs(done)
        speedup = peer / product if product and peer else None
        rows.append(Row(
            "5. full load vs plain pandas (bench/pandas_peer.py)", size, fmt_s(product),
            f"pandas {fmt_s(peer)} ({len(done)} run(s), peak {max(r['peak_rss_mb'] for r in done) / 1024:.1f} GiB)",
            f"{speedup:.1f}× faster" if speedup else "", f"≥ {PEER_TARGET:.0f}× faster",
            verdict(speedup, PEER_TARGET, higher_is_better=True), loads(runs["peer"]),
        ))  # fmt: skip
    for size, samples in results.get("peer_rank", {}).items():
        product = results["reads"].get(size, {}).get("rankings", {}).get("ranking most_viewed")
        ours = med(product) if isinstance(product, list) else None
        theirs = med(samples)
        rows.append(Row(
            "5. most_viewed ranking vs plain pandas (warm)", size, fmt_ms(ours),
            f"pandas {fmt_ms(theirs)}", f"{theirs / ours:.1f}× faster" if ours else "",
        ))  # fmt: skip
    return rows


def all_rows(results: dict) -> list[Row]:
    return (full_load_rows(results) + increment_rows(results) + read_rows(results)
            + memory_rows(results) + peer_rows(results))  # fmt: skip


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for r in rows:
        cells = [r.figure, r.size, r.newsdash, r.reference, r.ratio, r.target, r.met, r.load]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def profile_table(title: str, runs: list[dict], top: int = 14) -> str:
    """Median seconds per ETL step over the runs that carry a profile."""
    profiles = [r["profile"] for r in runs if r.get("profile")]
    if not profiles:
        return ""
    wall = med([r["seconds"] for r in runs if r.get("profile")])
    steps = {k for p in profiles for k in p}
    rows = []
    for step in steps:
        seconds = med([p.get(step, {}).get("seconds", 0.0) for p in profiles])
        calls = max(p.get(step, {}).get("calls", 0) for p in profiles)
        rows.append((seconds, step, calls))
    main_s = med([p.get("main()", {}).get("seconds", 0.0) for p in profiles])
    rows.append((wall - main_s, "process start + imports (wall − main())", 1))
    rows.sort(reverse=True)
    lines = [f"**{title}** (median of {len(profiles)} run(s), wall {wall:.1f} s)", "",
             "| step | seconds | share of wall | calls |", "|---|---|---|---|"]  # fmt: skip
    for seconds, step, calls in rows[:top]:
        if step in ("main()",):
            continue
        lines.append(f"| {step} | {seconds:.2f} | {seconds / wall:.0%} | {calls} |")
    return "\n".join(lines)


def machine_lines(m: dict) -> str:
    v = m["versions"]
    return (
        f"- machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), "
        f"{m['memory_gib']} GiB RAM, kernel {m['kernel']}\n"
        f"- load average at start (1, 5, 15 min): {', '.join(map(str, m['load_average_at_start']))}\n"
        f"- versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + "\n"
        f"- newsdash: {m['newsdash']}; started {m['started']}"
    )


def code_note(results: dict) -> list[str]:
    start, end = (
        results["machine"]["newsdash"],
        results.get("newsdash_at_end", results["machine"]["newsdash"]),
    )
    if start == end:
        return []
    return [
        f"- **the code changed during this run** (at the end: {end}): do not use these figures",
        "",
    ]


def markdown(results: dict) -> str:
    parts = ["## newsdash benchmark", "", machine_lines(results["machine"]), *code_note(results), "",
             markdown_table(all_rows(results)), "",
             "load1: the 1-minute load average when each run of that figure started "
             "(2 cores: above 2 means other work shared the machine).", ""]  # fmt: skip
    parts += datasets_lines(results)
    parts += ["", "### Where the ETL's time goes", ""]
    largest = list(results["full_load"])[-1]
    for title, runs in profile_sources(results, largest):
        table = profile_table(title, runs)
        if table:
            parts += [table, ""]
    return "\n".join(parts)


def profile_sources(results: dict, largest: str) -> list[tuple[str, list[dict]]]:
    found = [(f"full load, {largest}", results["full_load"][largest]["product"])]
    inc = results.get("increment")
    if inc:
        found.append((f"increment into {inc['size']}", inc["into_history"]))
        found.append(("increment into an empty warehouse", inc["into_empty"]))
    spill = results.get("spill")
    if spill:
        found.append(
            (f"full load {spill['size']} with memory_limit {spill['limit']}", [spill["run"]])
        )
    return found


def datasets_lines(results: dict) -> list[str]:
    lines = ["Inputs (`newsdash generate`, cached):", ""]
    for size, d in results["datasets"].items():
        lines.append(
            f"- {size}: {d['history_files']} daily files, {d['history_mb']:,.0f} MB gzip'd, "
            f"{d.get('events_loaded', 0):,} events loaded by newsdash; generated in "
            f"{d['generate_seconds']:.0f} s (with the increment day)"
        )
    return lines
