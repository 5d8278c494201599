"""Links into the dashboard views a digest or an alert summarises.

The dashboard keeps its filters in the URL (dashboard/filters.py binds each widget to a query
parameter of the same name): `period` and `dates` (a custom range, repeated once per end),
`sections` (repeated), the Rankings page's `asof_day`/`asof_hour`, the Article page's
`article`. Page paths are the page file names (overview is the root).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlencode


def page(base: str, path: str, params: dict[str, str | list[str]] | None = None) -> str:
    query = urlencode(params, doseq=True, safe=":", quote_via=quote) if params else ""
    return f"{base}/{path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Links:
    base: str  # the dashboard's address, no trailing slash
    day: date  # the site day the views are filtered to

    @property
    def _day(self) -> dict[str, str | list[str]]:
        return {"period": "Custom", "dates": [self.day.isoformat()] * 2}

    @property
    def overview(self) -> str:
        return page(self.base, "", self._day)

    @property
    def channels(self) -> str:
        return page(self.base, "channels", self._day)

    @property
    def rankings(self) -> str:
        """Rankings as of the end of the day: 00:00 of the next one."""
        end = self.day + timedelta(days=1)
        return page(self.base, "rankings", {"asof_day": end.isoformat(), "asof_hour": "00:00"})

    @property
    def health(self) -> str:
        return page(self.base, "health")

    def section(self, name: str) -> str:
        return page(self.base, "sections", {**self._day, "sections": [name]})

    def article(self, article_id: str) -> str:
        return page(self.base, "article", {"article": article_id})
