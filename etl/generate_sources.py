"""Realistic traffic sources for synthetic views (issue 17): where a Korean news site's readers
come from, as a referrer, a page-URL query (UTM) and, when the referrer is empty, the user agent.

`etl/generate.py` draws every human view's source from `mix_table()` (the bundled sample_data/
is made with it); `draw_sources(rng, n)` draws the same mix as strings (the cost bench, the mix
test). Both are deterministic for a numpy generator's state. The mix (shares of views, by what
a reader followed):

    Naver 35%: search 20, news 10, the NAVER app (no referrer) 5
    Daum/Kakao 15%: search 7, news 8          Google 10%: search 9, Google News 1
    KakaoTalk in-app, no referrer 12%         Facebook 2, X 1, Band 1, LINE 1 (5%)
    internal 8%    direct 12%    campaigns (UTM) 3%

which `etl.sources` classifies as search 36%, portal news 24%, messenger 13%, direct 12%,
internal 8%, social 4%, campaign 3% (TARGET_GROUP_SHARES; tests/test_sources_mix.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsdash.etl.generate_text import BROWSER_UAS, SITE

_Q = ("%EA%B2%BD%EC%A0%9C", "%EB%89%B4%EC%8A%A4", "APEC", "%EB%B0%98%EB%8F%84%EC%B2%B4")
_IN_APP = ("KAKAOTALK", "NAVER(inapp", "FBAV", "BAND/", "Line/", "Instagram")
_PLAIN = tuple(ua for ua, _ in BROWSER_UAS if not any(t in ua for t in _IN_APP))
_KAKAO = tuple(ua for ua, _ in BROWSER_UAS if "KAKAOTALK" in ua)
_NAVER_APP = tuple(ua for ua, _ in BROWSER_UAS if "NAVER(inapp" in ua)
_INTERNAL = "{site}/news/view.php?idx="  # + an article number, as the site's pages

# (what, share of views, referrers, page-URL queries, user agents when the referrer is empty)
SOURCE_MIX: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("naver_search", 0.20, tuple(f"https://{h}/search.naver?where=news&query={q}"
                                 for h in ("search.naver.com", "m.search.naver.com")
                                 for q in _Q), ("",), ()),
    ("naver_news", 0.10, ("https://n.news.naver.com/article/001/0015000000",
                          "https://m.news.naver.com/", "https://news.naver.com/"), ("",), ()),
    ("naver_app", 0.05, ("",), ("",), _NAVER_APP),
    ("daum_search", 0.07, tuple(f"https://{h}/search?w=news&q={q}"
                                for h in ("search.daum.net", "m.search.daum.net")
                                for q in _Q), ("",), ()),
    ("daum_news", 0.08, ("https://v.daum.net/v/20251030210500123", "https://news.daum.net/",
                         "https://m.daum.net/"), ("",), ()),
    ("google", 0.09, ("https://www.google.com/", "https://www.google.co.kr/"), ("",), ()),
    ("google_news", 0.01, ("https://news.google.com/",), ("",), ()),
    ("kakaotalk_app", 0.12, ("",), ("",), _KAKAO),
    ("facebook", 0.02, ("https://m.facebook.com/", "https://l.facebook.com/"), ("",), ()),
    ("x", 0.01, ("https://t.co/",), ("",), ()),
    ("band", 0.01, ("https://band.us/",), ("",), ()),
    ("line", 0.01, ("https://line.me/",), ("",), ()),
    ("internal", 0.08, (_INTERNAL,), ("",), ()),
    ("direct", 0.12, ("",), ("",), _PLAIN),
    ("campaign", 0.03, ("", "https://m.naver.com/"), (
        "?utm_source=newsletter&utm_medium=email&utm_campaign=morning_brief",
        "?utm_source=kakao&utm_medium=cpc&utm_campaign=chuseok_2025",
        "?utm_source=naver&utm_medium=display&utm_campaign=apec_special",
    ), ()),
)  # fmt: skip
TARGET_GROUP_SHARES = {"search": 0.36, "portal_news": 0.24, "messenger": 0.13, "direct": 0.12,
                       "internal": 0.08, "social": 0.04, "campaign": 0.03}  # fmt: skip
INTERNAL_ARTICLES = 2000  # internal referrers point at idx 1..2000


@dataclass(frozen=True)
class SourceDraws:
    """One entry per view, as str object arrays."""

    kind: np.ndarray  # SOURCE_MIX's "what"
    referrer: np.ndarray  # "" for none
    query: np.ndarray  # "" or "?utm_...": appended to the page URL
    user_agent: np.ndarray  # the user agent an empty referrer needs; "" keeps the reader's own


def draw_sources(rng: np.random.Generator, n: int, site: str = SITE) -> SourceDraws:
    """The source of each of n views: SOURCE_MIX's kinds by their shares, then within a kind
    one of its referrers, queries and user agents, uniformly."""
    shares = np.array([m[1] for m in SOURCE_MIX])
    kinds = rng.choice(len(SOURCE_MIX), size=n, p=shares / shares.sum())
    u = rng.random((3, n))
    kind, referrer, query, agent = (np.empty(n, dtype=object) for _ in range(4))
    for k, (what, _, referrers, queries, agents) in enumerate(SOURCE_MIX):
        rows = np.flatnonzero(kinds == k)
        kind[rows] = what
        referrer[rows] = _pick_each(referrers, u[0, rows])
        query[rows] = _pick_each(queries, u[1, rows])
        agent[rows] = _pick_each(agents or ("",), u[2, rows])
    internal = np.flatnonzero(referrer == _INTERNAL)
    numbers = rng.integers(1, INTERNAL_ARTICLES + 1, len(internal))
    referrer[internal] = [_INTERNAL.format(site=site) + str(k) for k in numbers.tolist()]
    return SourceDraws(kind, referrer, query, agent)


def _pick_each(options: tuple[str, ...], u: np.ndarray) -> np.ndarray:
    return np.array(options, dtype=object)[(u * len(options)).astype(np.int64)]


# --- for etl/generate.py: the mix as tables of pre-encoded choices ---------------------------

AGENT_SETS = (_KAKAO, _NAVER_APP, _PLAIN)  # a SOURCE_MIX kind's user agents: one of these sets
INTERNAL = "internal"  # drawn by the generator as a page of an article published before


@dataclass(frozen=True)
class MixTable:
    """SOURCE_MIX flattened, one entry per (kind, referrer, query), INTERNAL left out: the
    generator draws an entry per human view (weights, with the internal share last)."""

    referrers: tuple[str, ...]  # "" for none
    queries: tuple[str, ...]  # QUERIES of each entry: "" or "?utm_..."
    agent_sets: tuple[int, ...]  # index into AGENT_SETS, -1: the reader's own user agent
    weights: tuple[float, ...]  # per entry, then INTERNAL's share as the last one


def mix_table() -> MixTable:
    referrers, queries, agents, weights = [], [], [], []
    for what, share, refs, qs, uas in SOURCE_MIX:
        if what == INTERNAL:
            continue
        agent = AGENT_SETS.index(uas) if uas else -1
        for ref in refs:
            for query in qs:
                referrers.append(ref)
                queries.append(query)
                agents.append(agent)
                weights.append(share / (len(refs) * len(qs)))
    internal = next(share for what, share, *_ in SOURCE_MIX if what == INTERNAL)
    return MixTable(tuple(referrers), tuple(queries), tuple(agents), (*weights, internal))
