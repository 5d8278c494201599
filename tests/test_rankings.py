"""The four rankings on small inputs whose order can be checked by eye.

Unless a test says otherwise the ranking is as of 2025-10-31 00:00 KST (T), so most_viewed's
window is 10-30 00:00..10-31 00:00, weekly_hot's 10-24..10-31, hot_now's 10-29..10-31.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsdash.config_tables import parse_definition
from newsdash.exports import ranking_for
from newsdash.rankings import RankingError, cut_to_hour, movement, parse_as_of, shift
from newsdash.settings import ConfigError, Settings
from newsdash.sql import store
from newsdash.sql.ranking_queries import shown_ranks
from tests.support.inputs import BOT_UA, event, load, write_articles, write_jsonl

T = "2025-10-31T00:00:00+09:00"
_ids = itertools.count()


def many(n: int, kind: str = "view", article: str = "A1", time: str = "2025-10-30T12:00:00+09:00",
         **extra) -> list[dict]:  # fmt: skip
    """n events of one kind for one article at one time, each with a fresh event_id."""
    if kind == "share":
        extra.setdefault("channel", "kakaotalk")
    return [event(f"e{next(_ids)}", time, kind, article, **extra) for _ in range(n)]


def article(article_id: str, published: str = "2025-10-30T08:00:00+09:00", **meta) -> dict:
    title = meta.pop("title", f"Title {article_id}")
    return {"article_id": article_id, "title": title, "section": "World",
            "published_at": published, **meta}  # fmt: skip


def setup(settings, tmp_path, events: list[dict], articles: list[dict] = ()) -> None:
    files = [write_jsonl(tmp_path / "events.jsonl", events)]
    if articles:
        files.append(write_articles(tmp_path / "articles.csv", articles))
    load(settings, *files)


def ranked(settings, name: str, as_of: str | None = T, **options):
    options.setdefault("limit", "all")
    return ranking_for(settings, name, as_of, **options).rows


def order(settings, name: str, as_of: str | None = T, **options) -> list[str]:
    return ranked(settings, name, as_of, **options)["article_id"].tolist()


def test_most_viewed_counts_views_and_breaks_ties(settings, tmp_path):
    # A leads on views; B, C, D, E tie on 2 views: B is the newest, C and E were published at
    # the same time (so C < E by id), D has no metadata so counts as the oldest.
    events = (many(3, article="A") + many(2, article="B") + many(2, article="C")
              + many(5, "like", article="C") + many(2, article="D") + many(2, article="E"))  # fmt: skip
    articles = [article("A"), article("B", "2025-10-30T09:00:00+09:00"),
                article("C", "2025-10-29T09:00:00+09:00"),
                article("E", "2025-10-29T09:00:00+09:00")]  # fmt: skip
    setup(settings, tmp_path, events, articles)
    rows = ranked(settings, "most_viewed")
    assert rows["article_id"].tolist() == ["A", "B", "C", "E", "D"]
    assert rows["score"].tolist() == [3, 2, 2, 2, 2]
    assert rows.loc[1, "likes"] == 0 and rows.loc[2, "likes"] == 5  # likes do not score here
    assert rows.loc[4, "title"] == "(unknown article)"


def test_most_viewed_default_limit_is_five(settings, tmp_path):
    setup(settings, tmp_path, [e for i in range(7) for e in many(i + 1, article=f"A{i}")])
    assert len(ranking_for(settings, "most_viewed", T).rows) == 5
    assert len(ranked(settings, "most_viewed", limit="all")) == 7
    assert len(ranked(settings, "most_viewed", limit="2")) == 2


def test_weekly_hot_weights_and_eligibility(settings, tmp_path):
    # Q: 1 view + 1 share = 11; P: 10 views = 10; S: 6 views + 1 like = 9 ties R: 1 view +
    # 1 like + 1 comment = 9 and wins on views. OLD was published 8 days ago, UNK never described.
    when = "2025-10-28T12:00:00+09:00"
    events = (many(1, article="Q", time=when) + many(1, "share", "Q", when)
              + many(10, article="P", time=when)
              + many(6, article="S", time=when) + many(1, "like", "S", when)
              + many(1, article="R", time=when) + many(1, "like", "R", when)
              + many(1, "comment", "R", when)
              + many(500, article="OLD", time=when) + many(300, article="UNK", time=when))  # fmt: skip
    articles = [article("Q", "2025-10-26T10:00:00+09:00"), article("P", "2025-10-25T10:00:00+09:00"),
                article("S", "2025-10-28T10:00:00+09:00"), article("R", "2025-10-27T10:00:00+09:00"),
                article("OLD", "2025-10-23T00:00:00+09:00")]  # fmt: skip
    setup(settings, tmp_path, events, articles)
    rows = ranked(settings, "weekly_hot")
    assert rows["article_id"].tolist() == ["Q", "P", "S", "R"]
    assert rows["score"].tolist() == [11, 10, 9, 9]
    assert rows.loc[0, ["views", "shares"]].tolist() == [1, 1]
    # The same events rank OLD first when every article is eligible (most_viewed).
    assert order(settings, "most_viewed", "2025-10-29T00:00")[:2] == ["OLD", "UNK"]


def test_weekly_hot_publication_window_is_half_open(settings, tmp_path):
    when = "2025-10-30T12:00:00+09:00"
    events = many(1, article="EDGE", time=when) + many(2, article="LATE", time=when)
    articles = [article("EDGE", "2025-10-24T00:00:00+09:00"),  # = window start: eligible
                article("LATE", "2025-10-31T00:00:00+09:00")]  # = T: not inside the window  # fmt: skip
    setup(settings, tmp_path, events, articles)
    assert order(settings, "weekly_hot") == ["EDGE"]


def test_hot_now_decays_by_the_hour_of_the_event(settings, tmp_path):
    # Half-life 6 h, age from the start of the event's hour to T: 18:59 is in the 18:00 hour,
    # 6 h before T, so a view weighs 0.5; noon weighs 0.25; a share at T - 48 h 10 * 0.5 ** 8.
    events = (many(1, article="H1", time="2025-10-30T18:59:00+09:00")
              + many(1, article="H2", time="2025-10-30T12:00:00+09:00")
              + many(2, article="H3", time="2025-10-30T12:00:00+09:00")
              + many(1, "share", "H4", "2025-10-29T00:00:00+09:00"))  # fmt: skip
    published = "2025-10-29T00:00:00+09:00"
    setup(settings, tmp_path, events, [article(a, published) for a in ("H1", "H2", "H3", "H4")])
    rows = ranked(settings, "hot_now")
    assert rows["article_id"].tolist() == ["H3", "H1", "H2", "H4"]  # H3 ties H1, more views
    # Scores are kept to 6 decimals (so that float summation order cannot split ties).
    assert rows["score"].tolist() == pytest.approx([0.5, 0.5, 0.25, 10 * 0.5**8], abs=1e-6)


def test_popular_counts_engagement_over_thirty_days(settings, tmp_path):
    events = (many(2, "like", "X", "2025-10-02T09:00:00+09:00")      # 29 days ago: in
              + many(1, "comment", "X", "2025-10-30T09:00:00+09:00")
              + many(9, "like", "GONE", "2025-09-30T23:00:00+09:00")  # 31 days ago: out
              + many(1, "share", "GONE", "2025-10-30T09:00:00+09:00")
              + many(3, "share", "Y") + many(1, article="Y")
              + many(3, "comment", "Z") + many(2, article="Z")
              + many(50, article="VIEWS_ONLY"))  # fmt: skip
    setup(settings, tmp_path, events, [article(a) for a in ("X", "Y", "Z", "GONE", "VIEWS_ONLY")])
    rows = ranked(settings, "popular")
    assert rows["article_id"].tolist() == ["Z", "Y", "X", "GONE"]  # X, Y, Z tie: 2, 1, 0 views
    assert rows["score"].tolist() == [3, 3, 3, 1]


def test_window_edges_start_counts_end_does_not(settings, tmp_path):
    events = (many(1, article="START", time="2025-10-30T00:00:00+09:00")   # = T - 24 h
              + many(1, article="START", time="2025-10-29T15:00:00Z")      # same instant
              + many(1, article="END", time="2025-10-31T00:00:00+09:00")   # = T
              + many(1, article="BEFORE", time="2025-10-29T23:59:59+09:00"))  # fmt: skip
    setup(settings, tmp_path, events)
    rows = ranked(settings, "most_viewed")
    assert rows["article_id"].tolist() == ["START"] and rows.loc[0, "views"] == 2


def test_as_of_is_cut_down_to_the_hour(settings, tmp_path):
    events = (many(1, article="IN", time="2025-10-31T09:59:00+09:00")
              + many(1, article="OUT", time="2025-10-31T10:30:00+09:00"))  # fmt: skip
    setup(settings, tmp_path, events)
    for as_of in ("2025-10-31T10:59", "2025-10-31T10:59:59+09:00", "2025-10-31T01:59Z"):
        result = ranking_for(settings, "most_viewed", as_of, limit="all")
        assert result.as_of.isoformat() == "2025-10-31T10:00:00+09:00"
        assert result.window_start.isoformat() == "2025-10-30T10:00:00+09:00"
        assert result.rows["article_id"].tolist() == ["IN"]


def test_default_as_of_is_the_hour_after_the_latest_counted_event(settings, tmp_path):
    events = many(1, time="2025-10-30T21:05:00+09:00") + many(
        1, time="2025-10-30T23:30:00+09:00", user_agent=BOT_UA
    )  # a later bot event does not move it
    setup(settings, tmp_path, events)
    assert ranking_for(settings, "most_viewed").as_of.isoformat() == "2025-10-30T22:00:00+09:00"


def test_bad_as_of_names_the_accepted_forms(settings, tmp_path):
    setup(settings, tmp_path, many(1))
    with pytest.raises(RankingError, match="not an ISO time: use e.g. 2025-10-31T10:00"):
        ranking_for(settings, "most_viewed", "yesterday")


def test_section_filter_includes_subsections(settings, tmp_path):
    events = (
        many(4, article="COL")
        + many(3, article="CHO")
        + many(2, article="LEE")
        + many(5, article="W")
    )
    articles = [
        article("COL", section="Column"),
        article("CHO", section="Column", subsection="Cho Kijo Column"),
        article("LEE", section="Column", subsection="Lee Yeon-sil Column"),
        article("W", section="World"),
    ]
    setup(settings, tmp_path, events, articles)
    assert order(settings, "most_viewed", section="Column") == ["COL", "CHO", "LEE"]
    assert order(settings, "most_viewed", section="Cho Kijo Column") == ["CHO"]
    assert order(settings, "most_viewed", section="column") == ["COL", "CHO", "LEE"]
    result = ranking_for(settings, "most_viewed", T, section="Cho Kijo Column")
    assert result.rows.loc[0, "rank"] == 1  # ranks count within the section
    with pytest.raises(RankingError, match="unknown section 'Colum': choose one of .*Cho Kijo"):
        ranking_for(settings, "most_viewed", T, section="Colum")


def test_unknown_article_is_ranked_then_attributed(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "e.jsonl", many(2, article="A9")))
    rows = ranked(settings, "most_viewed")
    assert rows.loc[0, ["article_id", "title"]].tolist() == ["A9", "(unknown article)"]
    assert rows.loc[0, ["section", "published_at"]].isna().all()
    load(settings, write_articles(tmp_path / "articles.csv", [article("A9", title="경제 뉴스")]))
    assert ranked(settings, "most_viewed").loc[0, "title"] == "경제 뉴스"


def test_bots_never_count(settings, tmp_path):
    events = (many(2, article="HUMAN", session_id="s1") + many(1, article="HUMAN", session_id="s2")
              + many(1, article="HUMAN")  # no session: a view, not a reader
              + many(5, article="HUMAN", user_agent=BOT_UA, session_id="bot")
              + many(9, "share", "HUMAN", user_agent=BOT_UA)
              + many(20, article="BOTS_ONLY", user_agent=BOT_UA))  # fmt: skip
    setup(settings, tmp_path, events)
    rows = ranked(settings, "most_viewed")
    assert rows["article_id"].tolist() == ["HUMAN"]
    assert rows.loc[0, ["views", "readers", "shares"]].tolist() == [4, 2, 0]


def test_movement_against_the_same_ranking_a_day_earlier(settings, tmp_path):
    day1, day2 = "2025-10-29T12:00:00+09:00", "2025-10-30T12:00:00+09:00"
    counts_day1 = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}  # ranks A1 B2 C3 D4
    counts_day2 = {"B": 9, "A": 8, "C": 7, "F": 6, "D": 5}  # B up, A down, C same, F new
    events = [e for a, n in counts_day1.items() for e in many(n, article=a, time=day1)]
    events += [e for a, n in counts_day2.items() for e in many(n, article=a, time=day2)]
    setup(settings, tmp_path, events)
    rows = ranked(settings, "most_viewed")
    assert dict(zip(rows["article_id"], rows["movement"], strict=True)) == {
        "B": "up 1", "A": "down 1", "C": "same", "F": "new", "D": "down 1",
    }  # fmt: skip
    assert rows["previous_rank"].fillna(0).tolist() == [2, 1, 3, 0, 4]


def test_movement_uses_the_whole_earlier_ranking_not_its_top_rows(settings, tmp_path):
    day1, day2 = "2025-10-29T12:00:00+09:00", "2025-10-30T12:00:00+09:00"
    events = [e for i in range(8) for e in many(10 - i, article=f"A{i}", time=day1)]
    events += many(50, article="A7", time=day2)  # 8th yesterday, 1st today
    setup(settings, tmp_path, events)
    top = ranking_for(settings, "most_viewed", T, limit="1").rows
    assert top[["article_id", "movement"]].values.tolist() == [["A7", "up 7"]]


def test_movement_is_new_up_down_or_same():
    assert [movement(3, None), movement(1, 4), movement(5, 2), movement(2, 2)] == [
        "new", "up 3", "down 3", "same",
    ]  # fmt: skip


def test_hours_are_site_hours_and_windows_are_instants():
    kolkata, new_york = ZoneInfo("Asia/Kolkata"), ZoneInfo("America/New_York")
    # +05:30: the site hour 10:00 starts at 04:30 UTC.
    assert cut_to_hour(datetime(2025, 10, 31, 4, 59, tzinfo=UTC), kolkata).isoformat() == (
        "2025-10-31T10:00:00+05:30"
    )
    # 24 h before noon on the day DST ends is 13:00 the day before (25 wall-clock hours).
    noon = datetime(2025, 11, 2, 12, tzinfo=new_york)
    assert shift(noon, timedelta(hours=24)).isoformat() == "2025-11-01T13:00:00-04:00"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"window_hours": 24, "weights": {"views": 1}, "eligble": "all"}, "unknown key 'eligble'"),
        ({"window_hours": 0, "weights": {"views": 1}}, "window_hours must be a whole number"),
        ({"window_hours": 1.5, "weights": {"views": 1}}, "window_hours must be a whole number"),
        ({"window_hours": 24, "weights": {"clicks": 1}}, "unknown weight 'clicks'"),
        ({"window_hours": 24, "weights": {"views": 0}}, "at least one weight must be above 0"),
        ({"window_hours": 24, "weights": {"views": -1}}, "weight views must be a number >= 0"),
        ({"window_hours": 24, "weights": {"views": 1}, "eligible": "new"}, "eligible must be one"),
        ({"window_hours": 24, "weights": {"views": 1}, "half_life_hours": -6}, "half_life_hours"),
        ({"window_hours": 24, "weights": {"views": 1}, "limit": "5"}, "limit must be a whole"),
    ],
)  # fmt: skip
def test_a_bad_definition_says_what_and_where(table, message):
    with pytest.raises(
        ConfigError, match=r"newsdash.toml: \[rankings.mine\]: " + re.escape(message)
    ):
        parse_definition("mine", table, "newsdash.toml")


def test_a_ranking_name_must_be_safe_in_a_file_name():
    with pytest.raises(ConfigError, match="lowercase letters, digits and _"):
        parse_definition("../etc/passwd", {"window_hours": 1, "weights": {"views": 1}})


def test_the_shipped_definitions_are_the_briefs():
    defs = Settings(db=Path("x"), inbox=Path("x"), export_dir=Path("x")).rankings
    summary = {d.name: (d.window_hours, dict(d.weights), d.half_life_hours, d.eligible)
               for d in defs}  # fmt: skip
    none = {"views": 0.0, "likes": 0.0, "comments": 0.0, "shares": 0.0, "engaged_minutes": 0.0}
    engagement = {**none, "views": 1.0, "likes": 3.0, "comments": 5.0, "shares": 10.0}
    assert summary == {
        "most_viewed": (24, {**none, "views": 1.0}, None, "all"),
        "weekly_hot": (168, engagement, None, "published_in_window"),
        "hot_now": (48, engagement, 6.0, "published_in_window"),
        "popular": (720, {**none, "likes": 1.0, "comments": 1.0, "shares": 1.0}, None, "all"),
        "most_read": (24, {**none, "engaged_minutes": 1.0}, None, "all"),  # issue 22
    }  # fmt: skip


def test_shown_rank_is_the_place_in_the_shown_list_only(settings, tmp_path):
    # Seven articles with 7, 6, ..., 1 views: A0 is first; A5 is sixth, beyond most_viewed's 5.
    setup(settings, tmp_path, [e for i in range(7) for e in many(7 - i, article=f"A{i}")])
    definition = settings.ranking("most_viewed")
    db = store.published(settings)
    as_of = parse_as_of(T, db.zone)
    places = [shown_ranks(db, [(definition, as_of)], a)[0] for a in ("A0", "A4", "A5", "nobody")]
    assert places == [1, 5, None, None]


def test_shown_ranks_place_the_article_at_each_hour_as_that_hours_ranking_does(settings, tmp_path):
    # A1 leads on the 29th, A2 overtakes it on the 30th; hot_now's decay moves them by the hour.
    events = many(5, article="A1", time="2025-10-29T10:00:00+09:00")
    events += many(3, article="A2", time="2025-10-29T20:00:00+09:00")
    events += many(4, article="A2", time="2025-10-30T09:00:00+09:00")
    setup(settings, tmp_path, events, [article("A1", "2025-10-29T08:00:00+09:00"),
                                        article("A2", "2025-10-29T09:00:00+09:00")])  # fmt: skip
    seoul = ZoneInfo("Asia/Seoul")
    hours = [
        datetime(2025, 10, d, h, tzinfo=seoul) for d, h in ((29, 12), (29, 22), (30, 10), (31, 0))
    ]
    expected = {"most_viewed": [None, 2, 1, 1], "hot_now": [None, 1, 1, 1]}
    asked = [(settings.ranking(name), hour) for name in expected for hour in hours]
    together = shown_ranks(store.published(settings), asked, "A2")  # every hour, one query
    for n, (name, places) in enumerate(expected.items()):
        found = together[n * len(hours) : (n + 1) * len(hours)]
        each = []
        for hour in hours:
            rows = ranking_for(settings, name, hour.isoformat(), limit="all").rows
            hit = rows.loc[rows["article_id"] == "A2", "rank"]
            each.append(int(hit.iloc[0]) if len(hit) else None)
        assert found == each == places, name
