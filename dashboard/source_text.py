"""The traffic source groups' names as the dashboard shows them: the English names of
newsdash.sources.GROUP_LABELS (also the values kept in links, `?rank_source=Search`), marked
here for the catalogs and translated where they are shown with `_()`."""

from __future__ import annotations

from newsdash.dashboard.i18n import N_

GROUP_NAMES = (
    N_("Search"),
    N_("Portal news"),
    N_("Social"),
    N_("Messenger"),
    N_("Internal"),
    N_("Direct"),
    N_("Campaign"),
    N_("Other"),
)
