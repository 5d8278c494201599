"""Tags: tags by traffic in the period, the rising ones (this period against the previous one),
and a tag's own view: trend, articles, sections, the tags used with it and its reporters.
#Samsung, samsung and #SAMSUNG are one tag, shown as first written."""

from __future__ import annotations

import streamlit as st

from newsdash.dashboard import dimension_data, dimension_view, ui
from newsdash.dashboard.i18n import _

RISING_MIN_VIEWS = 20  # a tag needs this many views in the period to count as rising


def render(ctx: ui.Context) -> None:
    ui.header(_("Tags"), ctx, _("sections do not apply here"))
    f = ctx.filters
    frame = dimension_data.totals(ctx.src, ctx.settings, "tag", f.window()[1], f.days, f.edition)
    if frame.empty:
        st.info(_("No tagged article was read in this period."))
        return
    by_traffic, rising = st.tabs([_("By traffic"), _("Rising tags")])
    with by_traffic:
        dimension_view.totals_table(frame, "tag", _("Tag"), ctx)
    with rising:
        st.caption(
            _("Views against the same number of days before; tags with at least {n} views.").format(
                n=RISING_MIN_VIEWS
            )
        )
        up = frame[frame["views"] >= RISING_MIN_VIEWS].copy()
        up["lift"] = up["views"] - up["views_before"]
        dimension_view.totals_table(
            up.sort_values(["lift", "views"], ascending=False), "tag", _("Tag"), ctx, "rising-tags"
        )
    key = dimension_view.pick(frame, _("Tag"), "tag")
    name = dict(zip(frame["key"], frame["name"], strict=True))[key]
    dimension_view.member_view(ctx, "tag", key, name)


ui.run_page(render)
