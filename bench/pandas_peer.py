"""The peer: the same load and the Most Viewed ranking in plain pandas, as an analyst would.

    python bench/pandas_peer.py load OUT_DIR --events FILE...
    python bench/pandas_peer.py rank OUT_DIR RESULT.json --articles FILE [--repeat N]

load: read the gzip'd JSON Lines file by file (json.loads per line: one malformed line must
not lose the file), check the basic rules (required fields, event type, time with a UTC
offset or epoch ms, share channel, not in the future), keep the first occurrence of each
event_id, flag bots with the product's classifier (etl.bots, each distinct agent once), and
build the hourly rollup (site time) and the readers triples; write them as Parquet.
rank: Most Viewed (24 h ending after the latest counted hour, top 5, with readers and the
movement against 24 h earlier) from the Parquet files, timed warm like the product's reads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from newsdash.etl.bots import classify_agents

TZ = "Asia/Seoul"
FIELDS = ["event_id", "event_time", "event_type", "article_id", "session_id", "channel",
          "referrer", "user_agent"]  # fmt: skip
REQUIRED = ["event_id", "event_time", "event_type", "article_id"]
TYPES = {"view", "like", "share", "comment"}
CHANNELS = {"facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url"}
KEPT = ["event_id", "event_time_parsed", "event_type", "article_id", "session_id", "channel",
        "referrer", "user_agent", "file", "line"]  # fmt: skip
CATEGORIES = ["event_type", "article_id", "channel", "referrer", "user_agent", "file"]
ISO_WITH_OFFSET = (
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)"
)


# --- load ------------------------------------------------------------------------------------


def read_file(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One file's records (with their line numbers) and its lines that are not JSON objects."""
    records, lines, bad = [], [], []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict):
                records.append(record)
                lines.append(number)
            else:
                bad.append((path.name, number, "malformed", line))
    frame = pd.DataFrame.from_records(records, columns=FIELDS)
    frame["file"], frame["line"] = path.name, lines
    return frame, pd.DataFrame(bad, columns=["file", "line", "reason", "raw"])


def checked_file(path: Path, loaded_at: datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A file's valid records (compact columns) and its rejected ones, file by file: the
    whole history as Python dicts would not fit in memory at 10M events."""
    frame, malformed = read_file(path)
    frame = validate(frame, loaded_at)
    rejected = frame.loc[frame["reason"].notna(), ["file", "line", "reason"]]
    valid = frame.loc[frame["reason"].isna(), KEPT]
    for column in CATEGORIES:
        valid[column] = valid[column].astype("category")
    return valid, pd.concat([rejected, malformed[["file", "line", "reason"]]])


def clean_text(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.mask(s == "")


def parse_times(text: pd.Series) -> pd.Series:
    """Epoch milliseconds or ISO-8601 with an offset; anything else NaT."""
    epoch = text.str.fullmatch(r"\d{10,15}").fillna(False)
    iso = text.str.fullmatch(ISO_WITH_OFFSET).fillna(False)
    times = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    millis = pd.to_numeric(text[epoch], errors="coerce")
    times[epoch] = pd.to_datetime(millis, unit="ms", utc=True)
    iso_text = text[iso].str.replace(",", ".", regex=False)
    times[iso] = pd.to_datetime(iso_text, utc=True, errors="coerce", format="ISO8601")
    return times


def validate(df: pd.DataFrame, loaded_at: datetime) -> pd.DataFrame:
    for column in FIELDS:
        df[column] = clean_text(df[column])
    df["event_type"] = df["event_type"].str.lower()
    df["channel"] = df["channel"].str.lower().replace("twitter", "x")
    df["event_time_parsed"] = parse_times(df["event_time"])
    missing = df[REQUIRED].isna().any(axis=1)
    bad_type = ~df["event_type"].isin(TYPES)
    bad_time = df["event_time_parsed"].isna()
    is_share = df["event_type"] == "share"
    bad_channel = is_share & ~df["channel"].isin(CHANNELS)
    future = df["event_time_parsed"] > pd.Timestamp(loaded_at + timedelta(days=1))
    conditions = [missing, bad_type, bad_time, bad_channel, future]
    reasons = ["missing_field", "bad_event_type", "bad_time", "bad_channel", "future_time"]
    df["reason"] = np.select([c.fillna(False).to_numpy(bool) for c in conditions], reasons, None)
    df["channel"] = df["channel"].where(is_share)
    return df


def load(files: list[Path], out: Path) -> dict:
    loaded_at = datetime.now(UTC)
    parts = [checked_file(path, loaded_at) for path in files]
    valid = pd.concat([p[0] for p in parts], ignore_index=True)
    rejected = pd.concat([p[1] for p in parts], ignore_index=True)
    for column in CATEGORIES:  # categories of different files concatenate as text
        valid[column] = valid[column].astype("category")
    accepted = valid.drop_duplicates("event_id", keep="first").copy()
    verdicts = classify_agents(accepted["user_agent"].dropna().unique().tolist())
    accepted["is_bot"] = accepted["user_agent"].map(verdicts).fillna(False).astype(bool)
    counted = accepted[~accepted["is_bot"]].copy()
    counted["hour"] = counted["event_time_parsed"].dt.tz_convert(TZ).dt.floor("h")
    keys = ["hour", "article_id", "event_type", "channel"]
    hourly = counted.groupby(keys, dropna=False, observed=True).size().rename("events")
    views = counted[(counted["event_type"] == "view") & counted["session_id"].notna()]
    readers = views[["hour", "article_id", "session_id"]].drop_duplicates()
    out.mkdir(parents=True, exist_ok=True)
    accepted.to_parquet(out / "events.parquet")
    rejected.to_parquet(out / "rejected.parquet")
    hourly.reset_index().to_parquet(out / "hourly.parquet")
    readers.to_parquet(out / "readers.parquet")
    return {
        "read": len(valid) + len(rejected),
        "loaded": len(accepted),
        "duplicates": len(valid) - len(accepted),
        "rejected": len(rejected),
        "bots": int(accepted["is_bot"].sum()),
    }


# --- rank ------------------------------------------------------------------------------------


def views_ranking(hourly: pd.DataFrame, articles: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    window = hourly[(hourly["hour"] >= end - pd.Timedelta(hours=24)) & (hourly["hour"] < end)]
    views = window[window["event_type"] == "view"].groupby("article_id")["events"].sum()
    ranked = views.rename("views").reset_index().merge(articles, on="article_id", how="left")
    ranked = ranked.sort_values(
        ["views", "published_at", "article_id"], ascending=[False, False, True], na_position="last"
    )
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    return ranked


def most_viewed(out: Path, articles_csv: Path, limit: int = 5) -> pd.DataFrame:
    hourly = pd.read_parquet(out / "hourly.parquet")
    readers = pd.read_parquet(out / "readers.parquet")
    articles = pd.read_csv(articles_csv)
    articles["published_at"] = pd.to_datetime(articles["published_at"], utc=True, format="ISO8601")
    end = hourly["hour"].max() + pd.Timedelta(hours=1)
    now = views_ranking(hourly, articles, end).head(limit)
    before = views_ranking(hourly, articles, end - pd.Timedelta(hours=24))
    previous = before.set_index("article_id")["rank"]
    window = readers[(readers["hour"] >= end - pd.Timedelta(hours=24)) & (readers["hour"] < end)]
    top = window[window["article_id"].isin(now["article_id"])]
    now["readers"] = now["article_id"].map(top.groupby("article_id")["session_id"].nunique())
    now["previous_rank"] = now["article_id"].map(previous)
    return now


def rank_timings(out: Path, articles_csv: Path, repeat: int) -> list[float]:
    most_viewed(out, articles_csv)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        most_viewed(out, articles_csv)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    load_cmd = sub.add_parser("load")
    load_cmd.add_argument("out", type=Path)
    load_cmd.add_argument("--events", nargs="+", type=Path, required=True)
    rank_cmd = sub.add_parser("rank")
    rank_cmd.add_argument("out", type=Path)
    rank_cmd.add_argument("result", type=Path)
    rank_cmd.add_argument("--repeat", type=int, default=7)
    rank_cmd.add_argument("--articles", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "load":
        print(json.dumps(load(args.events, args.out)))
    else:
        times = rank_timings(args.out, args.articles, args.repeat)
        args.result.write_text(json.dumps({"most_viewed_ms": times}))
        print(f"most_viewed: median {statistics.median(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
