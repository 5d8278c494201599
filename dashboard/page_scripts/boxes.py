"""Boxes: the site's own boxes (issue 22). Each box position's viewable impressions, viewable
CTR (clicks ÷ viewable) and the engaged time of the views its clicks sent, over the sidebar's
period; CTR over time; the recirculation rate (views reached from a box ÷ article views).
Texts: dashboard/attention_text.py."""

from __future__ import annotations

from dataclasses import replace

import plotly.express as px
import streamlit as st

from newsdash.attention import percent
from newsdash.dashboard import attention_data, ui
from newsdash.dashboard.attention_text import BOXES
from newsdash.dashboard.i18n import _


def totals_row(boxes, views: int) -> None:
    viewable, clicks = int(boxes["viewable"].sum()), int(boxes["clicks"].sum())
    ctr, recirculation = percent(clicks, viewable), percent(int(boxes["sent_views"].sum()), views)
    tiles = [
        (_(BOXES["viewable"]), ui.fmt_int(viewable), None),
        (_(BOXES["clicks"]), ui.fmt_int(clicks), None),
        (_(BOXES["ctr"]), "–" if ctr is None else f"{ctr:.1f} %", None),
        (_(BOXES["recirculation"]), "–" if recirculation is None else f"{recirculation:.1f} %",
         _(BOXES["recirculation_help"])),
    ]  # fmt: skip
    for column, (label, value, hint) in zip(st.columns(len(tiles)), tiles, strict=True):
        column.metric(label, value, border=True, help=hint)


def series_block(ctx: ui.Context) -> None:
    series = attention_data.box_series(ctx.src, ctx.filters)
    if series.empty:
        return
    st.subheader(_(BOXES["over_time"]))
    series = series.assign(box=series["widget"] + " #" + series["position"].astype(str))
    fig = px.line(series, x="day", y="ctr_pct", color="box", markers=True,
                  labels={"day": "", "ctr_pct": _(BOXES["columns"]["ctr_pct"])})  # fmt: skip
    st.plotly_chart(fig, width="stretch", key="boxes-ctr")


def render(ctx: ui.Context) -> None:
    st.title(_(BOXES["title"]))
    every_edition = replace(ctx.filters, edition=None)  # boxes are counted for the whole site
    st.caption(f"{_(BOXES['caption'])} · {every_edition.describe()}")
    if ctx.filters.edition:
        st.caption(_(BOXES["no_edition"]))
    boxes = attention_data.boxes(ctx.src, ctx.filters)
    if boxes.empty:
        st.info(_(BOXES["none"]))
        return
    totals_row(boxes, attention_data.all_views(ctx.src, ctx.filters))
    st.subheader(_(BOXES["by_position"]))
    shown = boxes.rename(columns={k: _(v) for k, v in BOXES["columns"].items()})
    ui.table(shown, "boxes", ctx)
    series_block(ctx)


ui.run_page(render)
