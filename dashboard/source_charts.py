"""Plotly figures of the Sources page and the Article page's sources: pure functions of frames.
Source names come from outside (a referrer's domain, utm_source): drawn through
`text.chart_text`, never as markup or links."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from newsdash.dashboard.charts import _style, lines, literal_labels
from newsdash.dashboard.i18n import _
from newsdash.sources import GROUP_LABELS

# Okabe & Ito, one colour per group, in GROUPS' order.
COLORS = ("#0072B2", "#E69F00", "#CC79A7", "#F0E442", "#009E73", "#56B4E9", "#D55E00", "#999999")


def group_names() -> list[str]:
    """The groups' names in the run's language (dashboard/source_text.py), in GROUPS' order."""
    return [_(label) for label in GROUP_LABELS.values()]


def group_colors() -> dict[str, str]:
    return dict(zip(group_names(), COLORS, strict=True))


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The group column as people read it (GROUP_LABELS, translated)."""
    names = dict(zip(GROUP_LABELS, group_names(), strict=True))
    return frame.assign(source_group=frame["source_group"].map(names).fillna(names["other"]))


def groups_over_time(frame: pd.DataFrame, grain: str, zone: str) -> go.Figure:
    """One line per source group (frame: bucket, source_group, views)."""
    order = [g for g in group_names() if g in set(labelled(frame)["source_group"])]
    return lines(labelled(frame), "bucket", "views", "source_group", group_colors(), grain, zone,
                 _("Views"), order)  # fmt: skip


def groups_by_section(frame: pd.DataFrame, sections: list[str]) -> go.Figure:
    """Each section's views split by source group (frame: section, source_group, views)."""
    data, _colors, sections = literal_labels(labelled(frame), "section", {}, sections)
    data["part"] = data["views"] / data.groupby("section")["views"].transform("sum")
    fig = px.bar(
        data, y="section", x="part", color="source_group", orientation="h",
        color_discrete_map=group_colors(), custom_data=["views"],
        category_orders={"source_group": group_names(), "section": sections},
        labels={"part": _("Share of the section's views"), "section": "", "source_group": ""},
    )  # fmt: skip
    fig.update_traces(
        hovertemplate="%{y} · %{fullData.name}: %{x:.0%} (%{customdata[0]:,})<extra></extra>"
    )
    _style(fig, height=max(280, 26 * len(sections) + 90), hover="closest")
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(tickformat=None)
    return fig


def top_sources(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of views per source, coloured by group (frame: source_group,
    source_name, views; at most a screenful of rows)."""
    data, _colors, _order = literal_labels(labelled(frame), "source_name", {})
    data = data.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=data["views"], y=data["source_name"] + " · " + data["source_group"],
            orientation="h", marker_color=[group_colors().get(g, "#999999")
                                           for g in data["source_group"]],
            hovertemplate=_("%{y}: %{x:,} views") + "<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(title=_("Views"), tickformat=",")
    _style(fig, height=max(240, 24 * len(data) + 80), hover="closest")
    fig.update_yaxes(tickformat=None)
    return fig
