"""Every editor-facing text of the attention figures and the Boxes page (issue 22), in one
place so that it can be translated: marked with N_() here, translated with _() where shown
(docs/i18n.md). The rules behind them: README "Attention and boxes"."""

from __future__ import annotations

from newsdash.dashboard.i18n import N_

ARTICLE = {
    "heading": N_("Attention"),
    "caption": N_(
        "All loaded data. Engaged time: the page visible and focused and the reader "
        "active within the last 5 s, capped at 30 minutes a view; a view without engagement "
        "counts 0 s. The median is estimated from engaged-time buckets."
    ),
    "mean": N_("Engaged s per view"),
    "median": N_("Median engaged s"),
    "read_to_end": N_("Read to end"),
    "engaged_views": N_("Engaged views"),
    "reach_heading": N_("Scroll reach"),
    "reach_axis": N_("share of views that reached this depth"),
    "depth_axis": N_("scroll depth"),
    "none": N_("No engagement measured for this article yet (the tracker sends it)."),
}
ENGAGED_COLUMN = N_("engaged s / view")
BOXES = {
    "title": N_("Boxes"),
    "caption": N_("The site's own boxes (Most Viewed, Weekly Hot Issue, Hot Issue, Popular "
    "articles): how often each position was viewable (at least half in view for a second), "
    "its viewable CTR (clicks ÷ viewable) and the engaged time of the views its clicks sent."),
    "no_edition": N_("Boxes are counted for the whole site (their rollup does not keep the "
    "article a box was on): the edition does not apply here."),
    "recirculation": N_("Recirculation"),
    "recirculation_help": N_("Views reached from one of our boxes ÷ article views in the period."),
    "viewable": N_("Viewable impressions"),
    "clicks": N_("Clicks"),
    "ctr": N_("Viewable CTR"),
    "by_position": N_("By box and position"),
    "over_time": N_("Viewable CTR over time"),
    "none": N_("No box impressions in this period (the tracker sends them from pages whose boxes "
    "are marked with data-nd-widget and data-nd-pos)."),
    "columns": {
        "widget": N_("box"), "position": N_("position"), "viewable": N_("viewable"),
        "clicks": N_("clicks"), "ctr_pct": N_("viewable CTR %"), "sent_views": N_("views sent"),
        "sent_engaged_seconds_per_view": N_("engaged s / sent view"),
    },
}  # fmt: skip
HEALTH = {
    "orphans": N_("Engage without a page view"),
    "orphans_help": N_(
        "Page views whose engage events arrived but whose view never did: kept, "
        "counted in no figure."
    ),
}
