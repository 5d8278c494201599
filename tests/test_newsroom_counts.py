"""Issue 23: per-reporter, per-tag and per-edition counts of a hand-built newsroom equal a count
by eye; rankings filtered by reporter, tag and edition equal the unfiltered ranking restricted
by hand; `newsdash rank --author/--tag/--edition`, `newsdash authors`, `newsdash tags`."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.commands import main
from newsdash.exports import dimension_report, ranking_for
from newsdash.newsroom import DimensionFilter, Newsroom
from newsdash.settings import Settings
from tests.support.inputs import event, load, write_csv, write_jsonl

T = "2025-10-31T00:00:00+09:00"  # the window of one day is 2025-10-30 in Seoul
DAY, BEFORE = "2025-10-30T12:00:00+09:00", "2025-10-29T12:00:00+09:00"
HEADER = ["article_id", "title", "section", "author", "tags", "edition", "translation_of",
          "published_at"]  # fmt: skip
ARTICLES = [
    ["K1", "삼성 반도체", "Industry", "Kang Seo-yeon; Lee Ji-eun", "#Samsung;반도체", "ko", "",
     "2025-10-29T09:00:00+09:00"],
    ["K2", "삼성 주가", "Business", "Kang Seoyeon", "#samsung", "ko", "", "2025-10-30T09:00:00+09:00"],
    ["E1", "Samsung chips", "Industry", "Kim Min-su", "Samsung; Chips", "en", "K1",
     "2025-10-30T10:00:00+09:00"],
    ["G1", "날씨", "Synthesis", "Global Economic Times Reporter", "#날씨", "", "",
     "2025-10-30T06:00:00+09:00"],
]  # fmt: skip
NEWSROOM = Newsroom(
    author_aliases=(("Kang Seoyeon", "Kang Seo-yeon"),),
    generic_bylines=("Global Economic Times Reporter",),
)
# (article, kind, session) on 2025-10-30; U1 has no metadata.
EVENTS = (
    [("K1", "view", s) for s in ("s1", "s2", "s3")] + [("K1", "like", "s1")]
    + [("K2", "view", s) for s in ("s1", "s4")] + [("K2", "share", "s4")]
    + [("E1", "view", s) for s in ("s5", "s5", "s6", "s7")] + [("E1", "comment", "s5")]
    + [("G1", "view", "s8")] + [("U1", "view", f"u{i}") for i in range(5)]
)  # fmt: skip
EARLIER = [("K1", "view", "s1"), ("K1", "view", "s9")]  # 2025-10-29: the previous day


def records(rows, when):
    return [
        event(f"{when[:10]}-{i}", time=when, kind=kind, article=article, session_id=session,
              **({"channel": "facebook"} if kind == "share" else {}))
        for i, (article, kind, session) in enumerate(rows)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Settings:
    tmp = tmp_path_factory.mktemp("newsroom")
    settings = Settings(
        db=tmp / "nd.duckdb", inbox=tmp, export_dir=tmp / "exports", export_after_etl=False
    )
    settings = replace(settings, newsroom=NEWSROOM)
    load(
        settings,
        write_csv(tmp / "articles.csv", HEADER, ARTICLES),
        write_jsonl(tmp / "events.jsonl", records(EVENTS, DAY) + records(EARLIER, BEFORE)),
    )
    (tmp / "newsdash.toml").write_text(
        '[newsroom]\ngeneric_bylines = ["Global Economic Times Reporter"]\n'
        '[newsroom.author_aliases]\n"Kang Seoyeon" = "Kang Seo-yeon"\n',
        encoding="utf-8",
    )
    return settings


def table(report):
    return [tuple(r.values()) for r in report.records()]


def test_reporters_get_full_credit_for_shared_articles(newsroom):
    report = dimension_report(newsroom, "author", T, days=1)
    # author, articles, views, readers, likes, comments, shares, views_before
    assert table(report) == [
        ("Kang Seo-yeon", 2, 5, 4, 1, 0, 1, 2),  # K1 + K2 (written "Kang Seoyeon": an alias)
        ("Kim Min-su", 1, 4, 3, 0, 1, 0, 0),  # s5 twice: 3 readers
        ("Lee Ji-eun", 1, 3, 3, 1, 0, 0, 2),  # co-author of K1: full credit
    ]  # the generic byline of G1 is no reporter; U1 has no metadata


def test_tags_match_any_spelling_and_show_the_first_written(newsroom):
    report = dimension_report(newsroom, "tag", T, days=1)
    assert table(report) == [
        ("#Samsung", 3, 9, 7, 1, 1, 1, 2),  # K1 #Samsung, K2 #samsung, E1 Samsung
        ("Chips", 1, 4, 3, 0, 1, 0, 0),
        ("반도체", 1, 3, 3, 1, 0, 0, 2),
        ("#날씨", 1, 1, 1, 0, 0, 0, 0),
    ]


def test_editions_default_from_the_config(newsroom):
    report = dimension_report(newsroom, "edition", T, days=1)
    assert table(report) == [("ko", 3, 6, 5, 1, 0, 1, 2), ("en", 1, 4, 3, 0, 1, 0, 0)]
    ko_only = dimension_report(newsroom, "author", T, days=1, edition="ko")
    assert [r["author"] for r in ko_only.records()] == ["Kang Seo-yeon", "Lee Ji-eun"]


def ids(result):
    return result.rows["article_id"].tolist()


def test_filtered_rankings_by_hand(newsroom):
    everything = ranking_for(newsroom, "most_viewed", T, limit="all")
    assert ids(everything) == ["U1", "E1", "K1", "K2", "G1"]
    assert ids(ranking_for(newsroom, "most_viewed", T, only=DimensionFilter(edition="ko"))) == [
        "K1", "K2", "G1"
    ]  # fmt: skip
    assert ids(ranking_for(newsroom, "most_viewed", T, only=DimensionFilter(tag="SAMSUNG"))) == [
        "E1", "K1", "K2"
    ]  # fmt: skip
    by_alias = ranking_for(newsroom, "most_viewed", T, only=DimensionFilter(author="kang seoyeon"))
    assert ids(by_alias) == ["K1", "K2"]


# Which articles each filter value keeps, written by hand from ARTICLES and NEWSROOM.
BY_AUTHOR = {"Kang Seo-yeon": {"K1", "K2"}, "Lee Ji-eun": {"K1"}, "Kim Min-su": {"E1"},
             "Global Economic Times Reporter": {"G1"}}  # fmt: skip
BY_TAG = {"samsung": {"K1", "K2", "E1"}, "#반도체": {"K1"}, "chips": {"E1"}, "날씨": {"G1"}}
BY_EDITION = {"ko": {"K1", "K2", "G1"}, "en": {"E1"}}
DESCRIBED = {"K1", "K2", "E1", "G1"}


@hyp_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ranking=st.sampled_from(["most_viewed", "weekly_hot", "hot_now", "popular"]),
    author=st.none() | st.sampled_from(sorted(BY_AUTHOR)),
    tag=st.none() | st.sampled_from(sorted(BY_TAG)),
    edition=st.none() | st.sampled_from(sorted(BY_EDITION)),
    hours=st.integers(min_value=0, max_value=30),
)
def test_a_filtered_ranking_is_the_whole_ranking_restricted(
    newsroom, ranking, author, tag, edition, hours
):
    as_of = datetime.fromisoformat(T) - timedelta(hours=hours)
    keep = set(DESCRIBED)
    for table_, value in ((BY_AUTHOR, author), (BY_TAG, tag), (BY_EDITION, edition)):
        if value is not None:
            keep &= table_[value]
    only = DimensionFilter(author, tag, edition)
    whole = ranking_for(newsroom, ranking, as_of, limit="all").rows
    filtered = ranking_for(newsroom, ranking, as_of, limit="all", only=only).rows
    if not only:
        keep = set(whole["article_id"])
    by_hand = whole[whole["article_id"].isin(keep)]
    columns = ["article_id", "views", "score"]
    assert filtered[columns].values.tolist() == by_hand[columns].values.tolist()
    assert filtered["rank"].tolist() == list(range(1, len(filtered) + 1))


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_authors_and_tags_as_json(newsroom, capsys, monkeypatch):
    monkeypatch.chdir(newsroom.inbox)  # its newsdash.toml names the alias and the generic byline
    db = str(newsroom.db)
    code, out, _ = run(
        capsys, "authors", "--db", db, "--as-of", T, "--days", "1", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["window_start"] == "2025-10-30T00:00:00+09:00"
    assert document["rows"][0] == {"author": "Kang Seo-yeon", "articles": 2, "views": 5,
                                   "readers": 4, "likes": 1, "comments": 0, "shares": 1,
                                   "views_before": 2}  # fmt: skip
    code, out, _ = run(capsys, "tags", "--db", db, "--as-of", T, "--days", "1",
                       "--edition", "en", "--format", "json")  # fmt: skip
    assert [(r["tag"], r["views"]) for r in json.loads(out)["rows"]] == [
        ("#Samsung", 4),  # shown as first written (on K1)
        ("Chips", 4),
    ]


def test_cli_rank_filters(newsroom, capsys, monkeypatch):
    monkeypatch.chdir(newsroom.inbox)
    db = str(newsroom.db)
    code, out, _ = run(capsys, "rank", "most_viewed", "--db", db, "--as-of", T, "--format",
                       "json", "--author", "Kang Seoyeon", "--edition", "ko")  # fmt: skip
    assert code == 0
    assert [r["article_id"] for r in json.loads(out)["rows"]] == ["K1", "K2"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--edition", "fr"], "unknown edition 'fr': choose one of ko, en"),
        (["--tag", "nothing"], "no article has the tag 'nothing'"),
        (["--author", "Nobody"], "no article has the author 'Nobody'"),
    ],
)
def test_cli_bad_filters_are_one_line_and_exit_2(newsroom, capsys, monkeypatch, extra, message):
    monkeypatch.chdir(newsroom.inbox)
    code, out, err = run(capsys, "rank", "most_viewed", "--db", str(newsroom.db), *extra)
    assert code == 2 and out == ""
    assert message in err and len(err.splitlines()) == 1


def test_a_korean_header_row_is_an_option_never_the_default(newsroom):
    from newsdash.dashboard.ranking_data import export_csv
    from newsdash.formats import CSV_COLUMNS

    result = ranking_for(newsroom, "most_viewed", T, only=DimensionFilter(edition="en"))
    machine = export_csv(result).decode("utf-8-sig").splitlines()
    korean = export_csv(result, korean=True).decode("utf-8-sig").splitlines()
    assert machine[0] == ",".join(CSV_COLUMNS)
    assert korean[0].startswith(
        "순위,기사 ID,제목,섹션,하위 섹션,기자,발행,URL,조회수,방문자,좋아요,댓글"
    )
    assert machine[1:] == korean[1:] and machine[1].startswith("1,E1,")


def test_cli_export_filters_as_rank_does(newsroom, capsys, monkeypatch, tmp_path):
    """`newsdash export --author --tag --edition` writes each ranking as `rank` prints it with
    the same filters, under a name of its own (the unfiltered files feed the site's widgets)."""
    monkeypatch.chdir(newsroom.inbox)
    db, out = str(newsroom.db), tmp_path / "out"
    filters = ["--author", "Kang Seoyeon", "--tag", "#SAMSUNG", "--edition", "ko"]
    rankings = [d.name for d in newsroom.rankings]
    code, _, _ = run(capsys, "export", "--db", db, "--as-of", T, "--out", str(out), *filters)
    assert code == 0
    stem = "edition_ko_author_kang-seoyeon_tag_samsung_2025103100"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}_{stem}.{suffix}" for name in rankings for suffix in ("csv", "json")
    )
    for name in rankings:
        for fmt in ("csv", "json"):
            printed = tmp_path / f"rank.{fmt}"
            run(capsys, "rank", name, "--db", db, "--as-of", T, "--format", fmt, "-o",
                str(printed), *filters)  # fmt: skip
            assert (out / f"{name}_{stem}.{fmt}").read_bytes() == printed.read_bytes(), name
    most_viewed = json.loads((out / f"most_viewed_{stem}.json").read_text(encoding="utf-8"))
    assert [r["article_id"] for r in most_viewed["rows"]] == ["K1", "K2"]


def test_the_dashboard_download_follows_the_edition(newsroom, capsys, monkeypatch, tmp_path):
    """The Rankings page's download under ?edition=en is the file `newsdash export --edition en`
    writes, byte for byte and by name."""
    from newsdash.dashboard import data, ranking_data
    from newsdash.sql.store import published

    monkeypatch.chdir(newsroom.inbox)
    code, _, _ = run(capsys, "export", "--db", str(newsroom.db), "--as-of", T, "--out",
                     str(tmp_path), "--edition", "en")  # fmt: skip
    assert code == 0
    src = data.Source(published(newsroom), "edition-download", newsroom.newsroom)
    shown = ranking_data.results(src, newsroom, datetime.fromisoformat(T), None, None, None, "en")
    assert [r.ranking for r in shown] == [d.name for d in newsroom.rankings]
    for result in shown:
        name = ranking_data.export_name(result)
        assert name == f"{result.ranking}_edition_en_2025103100.csv"
        assert ranking_data.export_csv(result) == (tmp_path / name).read_bytes()
    assert set(shown[0].rows["article_id"]) == {"E1"}
