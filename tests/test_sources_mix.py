"""The realistic source mix for synthetic views (etl/generate_sources.py): deterministic for a
seed, and what the classifier makes of it is the mix the module announces."""

from __future__ import annotations

from collections import Counter

import numpy as np

from newsdash.etl.generate_sources import TARGET_GROUP_SHARES, draw_sources
from newsdash.etl.sources import classify

N = 20_000  # a share's standard error is at most 0.35 points: 2 points is > 5 of them
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"
PAGE = "https://www.example-news.test/news/view.php?idx=100007"


def _draw(seed: int, n: int = N):
    return draw_sources(np.random.default_rng(seed), n)


def test_same_seed_same_draws_and_another_seed_other_draws():
    a, b, c = _draw(5, 2000), _draw(5, 2000), _draw(6, 2000)
    for field in ("kind", "referrer", "query", "user_agent"):
        assert getattr(a, field).tolist() == getattr(b, field).tolist()
    assert a.referrer.tolist() != c.referrer.tolist()


def test_classified_groups_are_within_two_points_of_the_target_mix():
    d = _draw(1)
    groups = Counter()
    names = Counter()
    for ref, query, agent in zip(d.referrer, d.query, d.user_agent, strict=True):
        source = classify(
            ref, PAGE + query.replace("?", "&", 1) if query else PAGE, agent or CHROME
        )
        groups[source.group] += 1
        names[source.name] += 1
    shares = {g: groups[g] / N for g in groups}
    assert set(shares) == set(TARGET_GROUP_SHARES)
    for group, target in TARGET_GROUP_SHARES.items():
        assert abs(shares[group] - target) < 0.02, (group, shares[group], target)
    naver = sum(names[n] for n in ("Naver", "Naver News", "NAVER app")) / N
    daum = sum(names[n] for n in ("Daum", "Daum News")) / N
    google = sum(names[n] for n in ("Google", "Google News")) / N
    for got, target in (
        (naver, 0.35),
        (daum, 0.15),
        (google, 0.10),
        (names["KakaoTalk"] / N, 0.12),
    ):
        assert abs(got - target) < 0.02
