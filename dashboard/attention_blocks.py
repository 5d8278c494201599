"""The attention figures drawn on other pages (issue 22): the Article page's block and the
engaged-time columns of Rankings and Sections. Texts: dashboard/attention_text.py."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
import plotly.express as px
import streamlit as st

from newsdash.attention import engaged_per_view
from newsdash.dashboard import attention_data, ui
from newsdash.dashboard.attention_text import ARTICLE, ENGAGED_COLUMN
from newsdash.dashboard.i18n import _


def article_block(ctx: ui.Context, article_id: str) -> None:
    """Engaged seconds per view (mean, median), read to end, the scroll-reach curve."""
    start = datetime.combine(ctx.bounds.first_day, time(), ctx.settings.zone)
    end = ctx.bounds.last_hour + timedelta(hours=1)
    figures = attention_data.article_figures(ctx.src, article_id, start, end)
    st.subheader(_(ARTICLE["heading"]))
    st.caption(_(ARTICLE["caption"]))
    if figures is None or not figures["engaged_views"]:
        st.info(_(ARTICLE["none"]))
        return
    end_pct = figures["read_to_end_pct"]
    tiles = {
        _(ARTICLE["mean"]): f"{figures['engaged_seconds_per_view']:.1f}",
        _(ARTICLE["median"]): f"{figures['engaged_seconds_median']:.1f}",
        _(ARTICLE["read_to_end"]): "–" if end_pct is None else f"{end_pct:.1f} %",
        _(ARTICLE["engaged_views"]): ui.fmt_int(figures["engaged_views"]),
    }
    for column, (label, value) in zip(st.columns(len(tiles)), tiles.items(), strict=True):
        column.metric(label, value, border=True)
    reach = figures["reach"]
    fig = px.line(reach, x="depth_pct", y="views_pct", markers=True, range_y=[0, 100],
                  labels={"depth_pct": _(ARTICLE["depth_axis"]), "views_pct": _(ARTICLE["reach_axis"])})  # fmt: skip
    st.markdown(f"**{_(ARTICLE['reach_heading'])}**")
    st.plotly_chart(fig, width="stretch", key="article-scroll-reach")


def with_section_engaged(ctx: ui.Context, table: pd.DataFrame) -> pd.DataFrame:
    """The Sections table with engaged seconds per view of each section's views."""
    engaged = attention_data.section_engaged(ctx.src, ctx.filters).set_index("section")
    ms = table["section"].map(engaged["engaged_ms"]).fillna(0)
    return table.assign(**{ENGAGED_COLUMN: engaged_per_view(ms, table["views"])})
