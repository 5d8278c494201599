"""Hand-built rows of a GA4 BigQuery export (`events_YYYYMMDD`), as the web stream sends them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

PAGE = "https://www.example-news.test/news/view.php?idx={}"


def ga4_row(ts: str, name: str, page: str, user: str = "u1", session: int = 11,
            day: str = "2025-10-30", **extra: int | str) -> dict:  # fmt: skip
    """One row at `ts` (hh:mm:ss, Seoul time, on `day`); `extra` are more event_params."""
    params = [{"key": "page_location", "value": {"string_value": page}},
              {"key": "ga_session_id", "value": {"int_value": session}}]  # fmt: skip
    params += [{"key": k, "value": {("int_value" if isinstance(v, int) else "string_value"): v}}
               for k, v in extra.items()]  # fmt: skip
    micros = int(datetime.fromisoformat(f"{day}T{ts}+09:00").timestamp() * 1e6)
    return {"event_date": day.replace("-", ""), "event_timestamp": micros, "event_name": name,
            "user_pseudo_id": user, "event_params": params}  # fmt: skip


def write_ndjson(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path
