"""Attention figures as values (issue 22): engaged seconds per view, the median from the
engaged-time histogram, percentages. No database here: the sums come from the attention and
box rollups (newsdash/sql/attention_queries.py); README "Attention and boxes" has the rules."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# Lower bounds of the engaged-time buckets in seconds (sql/rollup/attention_histogram.sql);
# 1800 s is the cap, so its bucket holds exactly 1800 s.
BUCKETS = (0, 5, 10, 15, 30, 60, 120, 300, 600, 1800)
CAP_SECONDS = 1800


def engaged_per_view(engaged_ms: pd.Series, views: pd.Series) -> pd.Series:
    """Engaged seconds per view, one decimal; 0 where there are no views."""
    per = (engaged_ms.astype("float64") / 1000).div(views.where(views > 0)).fillna(0.0)
    return per.round(1)


def percent(part: float, whole: float) -> float | None:
    """part ÷ whole in percent, one decimal; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


def median_seconds(views: int, engaged_views: int, buckets: Mapping[int, int]) -> float:
    """The median engaged seconds of `views` views: those not engaged count 0 s, the engaged
    ones are spread evenly inside their bucket (buckets: lower bound -> engaged views)."""
    if views <= 0:
        return 0.0
    middle = views / 2
    seen = views - engaged_views  # 0 s
    if middle <= seen:
        return 0.0
    for low, high in zip(BUCKETS, (*BUCKETS[1:], CAP_SECONDS), strict=True):
        count = buckets.get(low, 0)
        if count > 0 and seen + count >= middle:
            return round(low + (middle - seen) / count * (high - low), 1)
        seen += count
    return float(CAP_SECONDS)
