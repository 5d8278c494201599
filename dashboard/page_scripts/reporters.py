"""Reporters: every reporter with articles read in the period, their counts and change against
the previous period; a reporter's own view (trend, top articles, sections, tags, co-authors).
Each co-author gets full credit for a shared article (Parse.ly's rule), and the page says so."""

from __future__ import annotations

import streamlit as st

from newsdash.dashboard import dimension_data, dimension_view, ui
from newsdash.dashboard.i18n import _


def render(ctx: ui.Context) -> None:
    ui.header(_("Reporters"), ctx, _("sections do not apply here"))
    st.info(
        _(
            "Each co-author gets full credit for a shared article, so the reporters' totals "
            "add up to more than the site's. Generic bylines are not counted as reporters."
        ),
        icon=":material/group:",
    )
    f = ctx.filters
    frame = dimension_data.totals(ctx.src, ctx.settings, "author", f.window()[1], f.days, f.edition)
    if frame.empty:
        st.info(_("No reporter's articles were read in this period."))
        return
    dimension_view.totals_table(frame, "author", _("Reporter"), ctx)
    key = dimension_view.pick(frame, _("Reporter"), "reporter")
    name = dict(zip(frame["key"], frame["name"], strict=True))[key]
    dimension_view.member_view(ctx, "author", key, name)


ui.run_page(render)
