"""What the import of one file found: every line read is exactly one of loaded (views, shares;
crawlers among them), skipped (a directive or blank line, no request), or not loaded for one
reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

ACCESS_REASONS = ("static", "method", "status", "not_article", "malformed")
GA4_REASONS = ("other_event", "unknown_channel", "not_article", "malformed")
MAX_EXAMPLES = 5


@dataclass
class FileCounts:
    name: str
    kind: str  # the format: combined, w3c, ..., ga4
    lines: int = 0
    views: int = 0
    shares: int = 0
    crawlers: int = 0
    skipped: int = 0  # directives (#Fields: ...) and blank lines
    reasons: Counter[str] = field(default_factory=Counter)
    unknown_channels: Counter[str] = field(default_factory=Counter)  # GA4 share methods
    engagement_msec: int = 0  # GA4 engagement_time_msec on the file's rows
    # GA4 engaged time of the page views of the file's sessions (every file imported so far):
    engaged_views: int = 0  # article page views given an engage event
    engaged_ms_loaded: int = 0  # their engaged ms (before the contract's 24 h limit)
    engaged_ms_other_pages: int = 0  # belongs to a page view that is not an article's
    engaged_ms_unattributed: int = 0  # no page view of its page before it in the session
    examples: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, detail)
    files_written: int = 0
    files_kept: int = 0  # already in the inbox from an earlier (killed or finished) import

    @property
    def loaded(self) -> int:
        return self.views + self.shares

    def reject(self, line: int, reason: str, field_name: str = "", detail: str = "") -> None:
        self.reasons[reason] += 1
        if reason == "malformed" and len(self.examples) < MAX_EXAMPLES:
            self.examples.append((line, field_name, detail))

    def balanced(self) -> bool:
        return self.lines == self.loaded + self.skipped + sum(self.reasons.values())
