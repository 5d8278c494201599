"""Pure pandas shaping of the query frames into what the charts and tables show."""

from __future__ import annotations

import pandas as pd

from newsdash.dashboard.palette import CHANNEL_LABELS, EVENT_LABELS, OTHER, channel_label


def by_metric(traffic: pd.DataFrame) -> pd.DataFrame:
    """bucket, metric (views, likes, ...), events: the series summed over sections."""
    frame = traffic.groupby(["bucket", "event_type"], as_index=False)["events"].sum()
    return frame.assign(metric=frame["event_type"].map(EVENT_LABELS))


def section_table(traffic: pd.DataFrame) -> pd.DataFrame:
    """One row per parent section (its columns summed into it), most views first, with each
    section's share of the period's views."""
    wide = traffic.pivot_table(
        index="section", columns="event_type", values="events", aggfunc="sum", fill_value=0
    ).reindex(columns=list(EVENT_LABELS), fill_value=0)
    wide = wide.rename(columns=EVENT_LABELS).sort_values("views", ascending=False).reset_index()
    wide.columns.name = None
    total = wide["views"].sum()
    wide["share"] = wide["views"] / total if total else 0.0
    return wide


def views_by(traffic: pd.DataFrame, level: str) -> pd.DataFrame:
    """bucket, <level>, events: the views per bucket of each section or subsection."""
    views = traffic[traffic["event_type"] == "view"]
    return views.groupby(["bucket", level], as_index=False)["events"].sum()


def keep_top(frame: pd.DataFrame, level: str, n: int) -> pd.DataFrame:
    """The n biggest by total; the rest summed into one "Other sections" row per bucket."""
    totals = frame.groupby(level)["events"].sum().sort_values(ascending=False)
    if len(totals) <= n + 1:
        return frame
    top = set(totals.index[:n])
    frame = frame.assign(**{level: frame[level].where(frame[level].isin(top), OTHER)})
    return frame.groupby(["bucket", level], as_index=False)["events"].sum()


def with_channel_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Channel codes replaced by the seed page's button names; unknown codes kept as they are."""
    return frame.assign(channel=frame["channel"].map(channel_label))


def channel_totals(channels: pd.DataFrame) -> pd.DataFrame:
    """channel (label, seed order), shares, share: every channel, zeros included."""
    totals = with_channel_labels(channels).groupby("channel")["shares"].sum()
    order = list(CHANNEL_LABELS.values())
    extra = [c for c in totals.index if c not in order]
    totals = totals.reindex(order + extra, fill_value=0)
    frame = totals.rename_axis("channel").reset_index()
    total = frame["shares"].sum()
    frame["share"] = frame["shares"] / total if total else 0.0
    return frame
