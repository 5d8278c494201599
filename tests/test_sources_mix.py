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


def test_the_bundled_sample_is_the_generator_with_the_mix(tmp_path):
    """sample_data/ is `newsdash generate --events 100000 --days 21 --seed 1`, byte for byte."""
    from newsdash.etl.generate import generate
    from newsdash.settings import sample_data

    generate(tmp_path, events=100_000, days=21, seed=1)
    bundled = sorted(p.name for p in sample_data().glob("*.jsonl.gz"))
    assert len(bundled) == 21
    for name in [*bundled, "articles.csv"]:
        assert (tmp_path / name).read_bytes() == (sample_data() / name).read_bytes(), name


def test_the_sample_warehouse_has_the_korean_mix(sample):
    """Counted views of the bundled sample, by the load's own classification: the target mix
    within 2 points, and the sources sum to the views."""
    from tests.support.sample import sql

    views = sql(sample, "SELECT sum(events) FROM hourly WHERE event_type = 'view'")[0][0]
    groups = dict(sql(sample, "SELECT source_group, sum(views) FROM hourly_sources GROUP BY 1"))
    assert sum(groups.values()) == views
    assert set(groups) == set(TARGET_GROUP_SHARES)
    for group, target in TARGET_GROUP_SHARES.items():
        assert abs(groups[group] / views - target) < 0.02, (group, groups[group] / views)
    campaigns = sql(sample, "SELECT DISTINCT campaign FROM hourly_sources ORDER BY 1")
    assert campaigns == [("apec_special",), ("chuseok_2025",), ("morning_brief",), (None,)]
