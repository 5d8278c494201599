"""The newsroom columns of the synthetic articles.csv (issue 23): co-authors, tags, the edition
and translation pairs. Drawn from their own random stream after the articles are made, so the
events of a seed stay exactly what they were before these columns existed.

- edition: `ko` for a Korean title, else `en`;
- author: a fifth of the reporters' articles get a co-author of the same edition (CSV: "A; B");
  columns keep their columnist alone; "Global Economic Times Reporter" is a generic byline;
- tags: one to three from the section's pool, a few spelled otherwise (#Samsung, samsung,
  #SAMSUNG are one tag);
- translation_of: a third of the English articles translate an earlier Korean article of the
  same section.
"""

from __future__ import annotations

import numpy as np

from newsdash.etl.generate_text import REPORTERS, REPORTERS_KO

NEWSROOM_COLUMNS = ["tags", "edition", "translation_of"]
CO_AUTHOR_RATE, TRANSLATION_RATE, ODD_SPELLING_RATE = 0.2, 0.33, 0.1
GENERIC = "Global Economic Times Reporter"
PEOPLE = tuple(r for r in REPORTERS if r != GENERIC)
TAGS = {
    "Industry": ("#Samsung", "#반도체", "#battery", "#SK하이닉스"),
    "ICT": ("#AI", "#Samsung", "#5G", "#반도체"),
    "Business": ("#Samsung", "#KOSPI", "#환율", "#startup"),
    "World": ("#mykorea", "#trade", "#APEC"),
    "Korean Wave News": ("#KPOP", "#한류", "#BTS", "#mykorea"),
    "Travel": ("#Jeju", "#mykorea", "#여행"),
    "Sports": ("#KBO", "#football", "#올림픽"),
    "Synthesis": ("#mykorea", "#economy", "#부동산"),
    "Distribution Economy": ("#retail", "#이커머스"),
    "Eco-News": ("#climate", "#탄소중립"),
    "Column": ("#opinion", "#칼럼"),
}
DEFAULT_TAGS = ("#mykorea", "#news")


def _odd(tag: str, rng: np.random.Generator) -> str:
    """Another spelling of the same tag: without '#', or in capitals."""
    return tag.lstrip("#") if rng.random() < 0.5 else tag.upper()


def _is_korean(title: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in title)


def newsroom_rows(rows: list[list[str]], rng: np.random.Generator) -> list[list[str]]:
    """Each article row (article_id, title, section, subsection, author, published_at, url,
    by publication time) with its author column rewritten and NEWSROOM_COLUMNS added."""
    out, korean_by_section = [], {}
    for article_id, title, section, series, author, published, url in rows:
        korean = _is_korean(title)
        if not series and author != GENERIC and rng.random() < CO_AUTHOR_RATE:
            pool = [p for p in (REPORTERS_KO if korean else PEOPLE) if p != author]
            author = f"{author}; {pool[int(rng.integers(len(pool)))]}"
        pool = TAGS.get(section, DEFAULT_TAGS)
        chosen = list(
            rng.choice(pool, size=min(len(pool), 1 + int(rng.integers(3))), replace=False)
        )
        tags = [_odd(t, rng) if rng.random() < ODD_SPELLING_RATE else t for t in chosen]
        original = ""
        earlier = korean_by_section.get(section, [])
        if not korean and earlier and rng.random() < TRANSLATION_RATE:
            original = earlier[int(rng.integers(len(earlier)))]
        if korean:
            korean_by_section.setdefault(section, []).append(article_id)
        edition = "ko" if korean else "en"
        out.append([article_id, title, section, series, author, published, url,
                    ";".join(tags), edition, original])  # fmt: skip
    return out
