"""Hand-built rows of a GA4 BigQuery export (`events_YYYYMMDD`), as the web stream sends them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

PAGE = "https://www.example-news.test/news/view.php?idx={}"


def ga4_row(ts: str, name: str, page: str, user: str = "u1", session: int = 11,
            day: str = "2025-10-30", as_text: bool = False, **extra: int | str) -> dict:  # fmt: skip
    """One row at `ts` (hh:mm:ss, Seoul time, on `day`); `extra` are more event_params.
    `as_text`: integers written as strings, as BigQuery's JSON export writes INT64."""
    params = [{"key": "page_location", "value": {"string_value": page}},
              {"key": "ga_session_id", "value": {"int_value": session}}]  # fmt: skip
    params += [{"key": k, "value": {"int_value": str(v) if as_text else v} if isinstance(v, int)
                else {"string_value": v}} for k, v in extra.items()]  # fmt: skip
    micros = int(datetime.fromisoformat(f"{day}T{ts}+09:00").timestamp() * 1e6)
    return {"event_date": day.replace("-", ""), "event_name": name, "user_pseudo_id": user,
            "event_timestamp": str(micros) if as_text else micros, "event_params": params}  # fmt: skip


def write_ndjson(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path
