"""The product's own words inside tables and sentences: a run's or a file's status, a share
channel's name, what a rising article is compared with, a content age. The warehouse, the CSV
downloads and the JSON keep the machine values (`ok`, `kakaotalk`); what a person reads on a
page is the catalogued name in the run's language (`shown`, `status_name`)."""

from __future__ import annotations

from typing import Any

from newsdash.dashboard.i18n import N_, _
from newsdash.dashboard.palette import AGE_GROUPS, CHANNEL_LABELS, PLACEHOLDERS, UNKNOWN_ARTICLE

# Runs: running, then ok | partial | failed, or killed (sql/etl/abandon_stale_runs.sql); files:
# landed, loaded, failed, skipped, dismissed.
STATUSES = {
    "running": N_("running"), "ok": N_("ok"), "partial": N_("partial"), "failed": N_("failed"),
    "killed": N_("killed"), "landed": N_("landed"), "loaded": N_("loaded"),
    "skipped": N_("skipped"), "dismissed": N_("dismissed"),
}  # fmt: skip
COMPARED_WITH = {"own": N_("own"), "section": N_("section")}
NEW = N_("new")  # a ranking's movement: not in the ranking 24 hours earlier
# Columns whose cells are product words: the column -> {value as stored: catalogued name}.
CELLS = {
    "status": STATUSES,
    "compared_with": COMPARED_WITH,
    "channel": {label: label for label in CHANNEL_LABELS.values()},  # labels, after shape.py
    "age": {group: group for group in AGE_GROUPS},
    "move": {"new": NEW},
    "section": {name: name for name in PLACEHOLDERS},
    "title": {UNKNOWN_ARTICLE: UNKNOWN_ARTICLE},
}


def shown(column: str, value: Any) -> Any:
    """A cell as a person reads it: a product word in the run's language, data as it is."""
    words = CELLS.get(column, {})
    return _(words[value]) if isinstance(value, str) and value in words else value


def status_name(status: Any) -> str:
    """A run's or a file's status in the run's language (an unknown one as it is)."""
    return str(shown("status", status)) if status is not None else ""


def section_name(name: Any) -> Any:
    """A section as shown: our placeholders ("Other sections") translated, a real one as is."""
    return shown("section", name)
