"""Every editor-facing text of the attention figures and the Boxes page (issue 22), in one
place so that it can be translated. The rules behind them: README "Attention and boxes"."""

from __future__ import annotations

ARTICLE = {
    "heading": "Attention",
    "caption": "All loaded data. Engaged time: the page visible and focused and the reader "
    "active within the last 5 s, capped at 30 minutes a view; a view without engagement "
    "counts 0 s. The median is estimated from engaged-time buckets.",
    "mean": "Engaged s per view",
    "median": "Median engaged s",
    "read_to_end": "Read to end",
    "engaged_views": "Engaged views",
    "reach_heading": "Scroll reach",
    "reach_axis": "share of views that reached this depth",
    "depth_axis": "scroll depth",
    "none": "No engagement measured for this article yet (the tracker sends it).",
}
ENGAGED_COLUMN = "engaged s / view"
BOXES = {
    "title": "Boxes",
    "caption": "The site's own boxes (Most Viewed, Weekly Hot Issue, Hot Issue, Popular "
    "articles): how often each position was viewable (at least half in view for a second), "
    "its viewable CTR (clicks ÷ viewable) and the engaged time of the views its clicks sent.",
    "recirculation": "Recirculation",
    "recirculation_help": "Views reached from one of our boxes ÷ article views in the period.",
    "viewable": "Viewable impressions",
    "clicks": "Clicks",
    "ctr": "Viewable CTR",
    "by_position": "By box and position",
    "over_time": "Viewable CTR over time",
    "none": "No box impressions in this period (the tracker sends them from pages whose boxes "
    "are marked with data-nd-widget and data-nd-pos).",
    "columns": {
        "widget": "box", "position": "position", "viewable": "viewable", "clicks": "clicks",
        "ctr_pct": "viewable CTR %", "sent_views": "views sent",
        "sent_engaged_seconds_per_view": "engaged s / sent view",
    },
}  # fmt: skip
HEALTH = {
    "orphans": "Engage without a page view",
    "orphans_help": "Page views whose engage events arrived but whose view never did: kept, "
    "counted in no figure.",
}
