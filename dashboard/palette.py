"""Fixed orders and colours: one colour per channel, section and event type, on every page.

The colours come from colour-blind-safe sets (Okabe & Ito; Paul Tol's muted, light and
high-contrast schemes). Charts never draw more than nine sections at once (the rest are
summed as "Other sections"), and every chart also labels its series by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdash.dashboard.i18n import N_

# The seed page's share buttons, in their order on the page.
CHANNELS = ("facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url")
# The button names, catalogued: shown in the run's language (페이스북, 카카오톡, URL 복사).
CHANNEL_LABELS = {
    "facebook": N_("Facebook"), "x": N_("X"), "kakaotalk": N_("KakaoTalk"), "line": N_("LINE"),
    "band": N_("BAND"), "naver": N_("NAVER"), "copy_url": N_("Copy URL"),
}  # fmt: skip
CHANNEL_COLORS = {
    "Facebook": "#0072B2", "X": "#332288", "KakaoTalk": "#F0E442", "LINE": "#009E73",
    "BAND": "#56B4E9", "NAVER": "#E69F00", "Copy URL": "#CC79A7",
}  # fmt: skip

EVENT_TYPES = ("view", "like", "comment", "share")
EVENT_LABELS = {"view": "views", "like": "likes", "comment": "comments", "share": "shares"}
EVENT_COLORS = {"views": "#0072B2", "likes": "#E69F00", "comments": "#009E73", "shares": "#CC79A7"}

# The seed site's menu: sections, then the column series under "Column".
SECTION_ORDER = (
    "Synthesis", "World", "Business", "Industry", "ICT", "Distribution Economy", "Well+Being",
    "Travel", "Eco-News", "Education", "Korean Wave News", "Opinion", "Arts&Culture", "Sports",
    "People & Life", "Column", "Photo News", "New Book Guide", "Multicultural News",
    "Jobs & Workers", "Cho Kijo Column", "Lee Yeon-sil Column", "Ko Yong-chul Column",
    "Cherry Garden Story",
)  # fmt: skip
# The queries' and shape.py's own section names: shown translated (dashboard/vocabulary.py).
UNKNOWN_ARTICLE = N_("(unknown article)")
NO_SECTION = N_("(no section)")
OTHER = N_("Other sections")
PLACEHOLDERS = (UNKNOWN_ARTICLE, NO_SECTION, OTHER)
GREYS = {UNKNOWN_ARTICLE: "#BBBBBB", NO_SECTION: "#888888", OTHER: "#DDDDDD"}

# Hand-assigned so that sections likely to be drawn together differ most (the big news
# sections take Okabe & Ito's colours); names the menu does not know take the spares.
SECTION_COLORS = {
    "Synthesis": "#0072B2", "World": "#E69F00", "Business": "#009E73", "Industry": "#CC79A7",
    "ICT": "#56B4E9", "Distribution Economy": "#D55E00", "Well+Being": "#F0E442",
    "Travel": "#44AA99", "Eco-News": "#117733", "Education": "#88CCEE",
    "Korean Wave News": "#332288", "Opinion": "#999933", "Arts&Culture": "#DDCC77",
    "Sports": "#882255", "People & Life": "#AA4499", "Column": "#CC6677",
    "Photo News": "#77AADD", "New Book Guide": "#EE8866", "Multicultural News": "#BBCC33",
    "Jobs & Workers": "#997700", "Cho Kijo Column": "#994455", "Lee Yeon-sil Column": "#44BB99",
    "Ko Yong-chul Column": "#AAAA00", "Cherry Garden Story": "#FFAABB",
}  # fmt: skip
# Okabe & Ito (black left out: it vanishes on a dark theme) and Paul Tol's muted scheme.
SPARES = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
)  # fmt: skip

AGE_GROUPS = (N_("under 48 h"), N_("2–7 days"), N_("older"), N_("unknown"))
AGE_COLORS = {
    "under 48 h": "#D55E00",
    "2–7 days": "#E69F00",
    "older": "#56B4E9",
    "unknown": "#BBBBBB",
}


def ordered_sections(names: Iterable[str]) -> list[str]:
    """The seed menu's order first, then any other name alphabetically, placeholders last."""
    known = {n: i for i, n in enumerate(SECTION_ORDER)}
    names = set(names)
    placeholders = [n for n in GREYS if n in names]
    rest = sorted(n for n in names if n not in known and n not in GREYS)
    return sorted((n for n in names if n in known), key=known.get) + rest + placeholders


def section_colors(names: Iterable[str]) -> dict[str, str]:
    """A colour for every section and subsection name; fixed for the menu's names."""
    extra = sorted(n for n in set(names) if n not in SECTION_COLORS and n not in GREYS)
    spares = {name: SPARES[i % len(SPARES)] for i, name in enumerate(extra)}
    return {**SECTION_COLORS, **spares, **GREYS}


def channel_label(channel: str | None) -> str:
    return CHANNEL_LABELS.get(channel or "", channel or "(none)")
