"""Plotly figure builders. Pure functions of frames, so tests can check them without a browser.

Times arrive as site-time-aware timestamps; they are drawn as site wall-clock times (the
zone is named in the axis title), never converted to the viewer's zone. Numbers carry
thousands separators on axes and in hover labels.

Section and subsection names come from the article metadata: plotly would read `<a href>`,
`<b>` or `<br>` in them as markup, so every name is drawn through `text.chart_text` (its
`<`, `>` and `&` as entities, which plotly shows as the characters themselves).
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from newsdash.dashboard.i18n import N_, _
from newsdash.dashboard.palette import (
    AGE_COLORS,
    AGE_GROUPS,
    CHANNEL_COLORS,
    CHANNEL_LABELS,
    EVENT_COLORS,
)
from newsdash.dashboard.text import chart_text
from newsdash.dashboard.vocabulary import section_name

# Axis titles, tick and hover labels are ours to translate (plotly does not): `_()` here, and
# day ticks in the language's own order (10월 30일).
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
GRAIN_LABELS = {"hour": N_("Hour"), "day": N_("Day"), "week": N_("Week starting")}
SERIES_NAMES = {"views": N_("Views"), "likes": N_("Likes"), "comments": N_("Comments"),
                "shares": N_("Shares")}  # fmt: skip
ENGAGEMENT = ("likes", "comments", "shares")


def wall_clock(values: pd.Series) -> pd.Series:
    """Site-time stamps without their zone, so plotly draws them as they read on the site."""
    values = pd.to_datetime(values)
    return values.dt.tz_localize(None) if values.dt.tz is not None else values


def time_title(grain: str, zone: str) -> str:
    return f"{_(GRAIN_LABELS.get(grain, grain))}, {zone}"


def literal_labels(
    frame: pd.DataFrame, column: str, colors: dict[str, str], order: list[str] | None = None
) -> tuple[pd.DataFrame, dict[str, str], list[str] | None]:
    """The names in `column` as plotly shows them literally, with their colours and order."""

    def text(name):  # our own placeholders ("Other sections") in the run's language
        return chart_text(section_name(name))

    shown = frame.assign(**{column: frame[column].map(text)})
    colors = {text(name): color for name, color in colors.items()}
    return shown, colors, [text(name) for name in order] if order else order


def _time_axis(fig: go.Figure, values: pd.Series, grain: str) -> go.Figure:
    """Day and week buckets tick at their own dates: a few days must not read 00:00, 12:00."""
    if grain == "hour" or not len(values):
        return fig
    ticks = sorted(set(wall_clock(pd.Series(values))))
    day_format = _("%b %d")  # the Korean catalog: %m월 %d일
    fig.update_xaxes(tickformat=day_format if grain == "day" else day_format + " (W%V)")
    if len(ticks) <= 16:
        fig.update_xaxes(tickvals=ticks)
    return fig


def _style(fig: go.Figure, height: int = 340, hover: str = "x unified") -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 8, "r": 8, "t": 36, "b": 8}, separators=".,",
        hovermode=hover, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                                 "title": None},
    )  # fmt: skip
    fig.update_yaxes(tickformat=",", rangemode="tozero")
    return fig


def lines(
    frame: pd.DataFrame, x: str, y: str, color: str, colors: dict[str, str], grain: str,
    zone: str, y_title: str, order: list[str] | None = None,
) -> go.Figure:  # fmt: skip
    """One line per value of `color`, in `order`, with the fixed colours."""
    data = frame.assign(**{x: wall_clock(frame[x])}) if len(frame) else frame
    data, colors, order = literal_labels(data, color, colors, order)
    fig = px.line(
        data, x=x, y=y, color=color, color_discrete_map=colors, markers=len(data[x].unique()) < 40,
        category_orders={color: order} if order else None,
        labels={x: time_title(grain, zone), y: y_title},
    )  # fmt: skip
    fig.update_traces(hovertemplate="%{fullData.name}: %{y:,}<extra></extra>")
    return _time_axis(_style(fig), frame[x], grain)


def traffic_timeline(frame: pd.DataFrame, grain: str, zone: str) -> go.Figure:
    """Views on top, likes/comments/shares below, over one shared time axis.

    frame: bucket, metric (views, likes, comments, shares), events.
    """
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.6, 0.4]
    )
    for metric in ("views", *ENGAGEMENT):
        part = frame[frame["metric"] == metric]
        fig.add_trace(
            go.Scatter(
                x=wall_clock(part["bucket"]), y=part["events"], name=_(SERIES_NAMES[metric]),
                mode="lines",
                line={"color": EVENT_COLORS[metric]}, hovertemplate="%{y:,}",
                fill="tozeroy" if metric == "views" else None,
            ),
            row=1 if metric == "views" else 2, col=1,
        )  # fmt: skip
    fig.update_xaxes(title_text=time_title(grain, zone), row=2, col=1)
    fig.update_yaxes(title_text=_("Views"), row=1, col=1)
    fig.update_yaxes(title_text=_("Engagement"), row=2, col=1)
    return _time_axis(_style(fig, height=440), frame["bucket"], grain)


def share_bars(frame: pd.DataFrame, label: str, colors: dict[str, str]) -> go.Figure:
    """Horizontal bars of each row's share (0-1) with its count; frame: label, views, share."""
    data, colors, _order = literal_labels(frame.sort_values("share"), label, colors)
    fig = go.Figure(
        go.Bar(
            x=data["share"], y=data[label], orientation="h",
            marker_color=[colors.get(v, "#999999") for v in data[label]],
            customdata=data[["views"]], text=[f"{s:.1%}" for s in data["share"]],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,} " + _("views") + ")<extra></extra>",
        )
    )  # fmt: skip
    # Room on the right for the outside labels of the longest bar.
    top = float(data["share"].max()) if len(data) else 1.0
    fig.update_xaxes(tickformat=".0%", title=_("Share of views"), range=[0, top * 1.18])
    _style(fig, height=max(260, 24 * len(data) + 80), hover="closest")
    fig.update_yaxes(tickformat=None)
    return fig


def heatmap(frame: pd.DataFrame, zone: str) -> go.Figure:
    """Average views per hour of day (x) and weekday (y), in site time."""
    grid = (
        frame.pivot_table(index="weekday", columns="hour_of_day", values="avg_views", aggfunc="sum")
        .reindex(index=range(1, 8), columns=range(24))
        .fillna(0)
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.values, x=[f"{h:02d}" for h in grid.columns], y=[_(day) for day in WEEKDAYS],
            colorscale="Cividis", colorbar={"title": _("views / hour"), "tickformat": ","},
            hovertemplate="%{y} %{x}:00 — " + _("{views} views on average").format(views="%{z:,.0f}")
            + "<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=_("Hour of day, {zone}").format(zone=zone), type="category")
    return _style(fig, height=320, hover="closest")


def translated(
    frame: pd.DataFrame, column: str, colors: dict[str, str], order: list[str]
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Our own labels in a column (Copy URL, under 48 h) in the run's language, with their
    colours and order."""
    shown = frame.assign(**{column: frame[column].map(_)}) if len(frame) else frame
    return shown, {_(k): v for k, v in colors.items()}, [_(v) for v in order]


def content_age(frame: pd.DataFrame, grain: str, zone: str) -> go.Figure:
    """Stacked views by the article's age when read (frame: bucket, age, views)."""
    data = frame.assign(bucket=wall_clock(frame["bucket"]))
    data, colors, order = translated(data, "age", AGE_COLORS, list(AGE_GROUPS))
    fig = px.area(
        data, x="bucket", y="views", color="age", color_discrete_map=colors,
        category_orders={"age": order},
        labels={"bucket": time_title(grain, zone), "views": _("Views"), "age": _("Published")},
    )  # fmt: skip
    fig.update_traces(hovertemplate="%{fullData.name}: %{y:,}<extra></extra>")
    return _time_axis(_style(fig), frame["bucket"], grain)


def channel_bars(frame: pd.DataFrame, y_title: str | None = None) -> go.Figure:
    """Shares per channel in the seed page's order (frame: channel label, shares); the y axis
    titled `y_title` (default: Shares)."""
    order = list(CHANNEL_LABELS.values())
    data = frame.set_index("channel").reindex(order).fillna(0).reset_index()
    fig = go.Figure(
        go.Bar(
            x=[_(c) for c in data["channel"]], y=data["shares"],
            marker_color=[CHANNEL_COLORS[c] for c in order],
            text=[f"{int(v):,}" for v in data["shares"]], textposition="outside", cliponaxis=False,
            hovertemplate="%{x}: " + _("{shares} shares").format(shares="%{y:,}") + "<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(title=y_title or _("Shares"))
    return _style(fig, height=320, hover="closest")


def channel_mix(frame: pd.DataFrame, grain: str, zone: str) -> go.Figure:
    """Each bucket's shares split by channel, as a share of that bucket (frame: bucket,
    channel label, shares)."""
    data = frame.assign(bucket=wall_clock(frame["bucket"]))
    data["part"] = data["shares"] / data.groupby("bucket")["shares"].transform("sum")
    data, colors, order = translated(data, "channel", CHANNEL_COLORS, list(CHANNEL_LABELS.values()))
    fig = px.bar(
        data, x="bucket", y="part", color="channel", color_discrete_map=colors,
        category_orders={"channel": order}, custom_data=["shares"],
        labels={"bucket": time_title(grain, zone), "part": _("Share of shares"),
                "channel": _("Channel")},
    )  # fmt: skip
    fig.update_traces(
        hovertemplate="%{fullData.name}: %{y:.0%} (%{customdata[0]:,})<extra></extra>"
    )
    _style(fig)
    fig.update_yaxes(tickformat=".0%")
    return _time_axis(fig, frame["bucket"], grain)


def channel_by_section(frame: pd.DataFrame, sections: list[str]) -> go.Figure:
    """Each section's shares split by channel (frame: section, channel label, shares)."""
    data, _colors, sections = literal_labels(frame, "section", {}, sections)
    data["part"] = data["shares"] / data.groupby("section")["shares"].transform("sum")
    data, colors, order = translated(data, "channel", CHANNEL_COLORS, list(CHANNEL_LABELS.values()))
    fig = px.bar(
        data, y="section", x="part", color="channel", orientation="h",
        color_discrete_map=colors, custom_data=["shares"],
        category_orders={"channel": order, "section": sections},
        labels={"part": _("Share of the section's shares"), "section": "", "channel": _("Channel")},
    )  # fmt: skip
    fig.update_traces(
        hovertemplate="%{y} · %{fullData.name}: %{x:.0%} (%{customdata[0]:,})<extra></extra>"
    )
    _style(fig, height=max(280, 26 * len(sections) + 90), hover="closest")
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(tickformat=None)
    return fig


def bot_share(frame: pd.DataFrame, zone: str) -> go.Figure:
    """Share of accepted events flagged as bots, per day (frame: day, events, bots)."""
    data = frame.assign(day=wall_clock(frame["day"]), share=frame["bots"] / frame["events"])
    fig = px.line(data, x="day", y="share", markers=True, custom_data=["bots", "events"],
                  labels={"day": _("Day, {zone}").format(zone=zone), "share": _("Bot share")})  # fmt: skip
    fig.update_traces(
        line_color="#D55E00",
        hovertemplate="%{y:.1%} ("
        + _("{bots} of {events}").format(bots="%{customdata[0]:,}", events="%{customdata[1]:,}")
        + ")<extra></extra>",
    )
    _style(fig, height=280)
    fig.update_yaxes(tickformat=".1%")
    return _time_axis(fig, frame["day"], "day")


def views_per_minute(frame: pd.DataFrame, x_title: str, y_title: str) -> go.Figure:
    """Views per minute as bars (frame: minute, views), in site wall-clock time."""
    data = frame.assign(minute=wall_clock(frame["minute"]))
    fig = go.Figure(
        go.Bar(
            x=data["minute"], y=data["views"], marker_color=EVENT_COLORS["views"],
            hovertemplate="%{x|%H:%M}: %{y:,} views<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(title=x_title, tickformat="%H:%M")
    fig.update_yaxes(title=y_title)
    return _style(fig, height=300, hover="closest")
