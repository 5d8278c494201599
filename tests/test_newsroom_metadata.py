"""Issue 23, metadata: several authors, tags, edition and translation_of in the articles file
(CSV and JSON Lines), stored in the small dimension tables of schema 008; bad values are
quarantined with file, line and field, like every other metadata row."""

from __future__ import annotations

import unicodedata

from tests.support.inputs import load, query, write_csv, write_jsonl

HEADER = ["article_id", "title", "section", "author", "tags", "edition", "translation_of"]


def authors(settings):
    return query(settings, "SELECT article_id, position, author FROM article_authors ORDER BY ALL")


def tags(settings):
    return query(
        settings, "SELECT article_id, position, tag, tag_key FROM article_tags ORDER BY ALL"
    )


def test_csv_splits_authors_and_tags_on_semicolons(settings, tmp_path):
    rows = [
        ["K1", "반도체", "Industry", "Kang Seo-yeon; Lee Ji-eun", "#Samsung; 반도체 ;", "ko", ""],
        ["E1", "Chips", "Industry", "Kim Min-su", "samsung;#SAMSUNG;Chips", "EN", "K1"],
    ]
    load(settings, write_csv(tmp_path / "articles.csv", HEADER, rows))
    assert authors(settings) == [
        ("E1", 1, "Kim Min-su"),
        ("K1", 1, "Kang Seo-yeon"),
        ("K1", 2, "Lee Ji-eun"),
    ]
    # Three spellings of one tag in E1 are one tag, shown as first written.
    assert tags(settings) == [
        ("E1", 1, "samsung", "samsung"),
        ("E1", 2, "Chips", "chips"),
        ("K1", 1, "#Samsung", "samsung"),
        ("K1", 2, "반도체", "반도체"),
    ]
    assert query(settings, "SELECT * FROM article_editions ORDER BY 1") == [
        ("E1", "en", "K1"),
        ("K1", "ko", None),
    ]
    assert query(settings, "SELECT author FROM articles WHERE article_id = 'K1'") == [
        ("Kang Seo-yeon; Lee Ji-eun",)
    ]


def test_json_lines_take_a_text_or_an_array(settings, tmp_path):
    decomposed = unicodedata.normalize("NFD", "#한국")  # the same tag, another byte sequence
    records = [
        {"article_id": "A", "author": ["Kang Seo-yeon", " Lee Ji-eun "], "tags": [decomposed]},
        {"article_id": "B", "author": "Kim Min-su;Kang Seo-yeon", "tags": "#한국"},
    ]
    load(settings, write_jsonl(tmp_path / "articles.jsonl", records))
    assert authors(settings) == [
        ("A", 1, "Kang Seo-yeon"),
        ("A", 2, "Lee Ji-eun"),
        ("B", 1, "Kim Min-su"),
        ("B", 2, "Kang Seo-yeon"),
    ]
    assert [row[3] for row in tags(settings)] == ["한국", "한국"]
    assert tags(settings)[0][2] == "#한국"  # NFC


def test_a_later_file_replaces_the_byline_and_tags(settings, tmp_path):
    first = write_jsonl(tmp_path / "articles_1.jsonl", [
        {"article_id": "A", "author": ["X", "Y", "Z"], "tags": ["a", "b"], "edition": "en"},
    ])  # fmt: skip
    second = write_jsonl(tmp_path / "articles_2.jsonl", [{"article_id": "A", "author": "Y"}])
    load(settings, first)
    load(settings, second)
    assert authors(settings) == [("A", 1, "Y")]
    assert tags(settings) == []
    assert query(settings, "SELECT * FROM article_editions") == [("A", None, None)]


def test_bad_values_are_quarantined_with_line_and_field(settings, tmp_path):
    records = [
        {"article_id": "OK", "author": "Kang Seo-yeon", "tags": ["#ok"]},
        {"article_id": "B1", "author": ["Kang", 7]},
        {"article_id": "B2", "tags": {"name": "x"}},
        {"article_id": "B3", "edition": "English edition"},
        {"article_id": "B4", "translation_of": "B4"},
        {"article_id": "B5", "tags": ["x" * 201]},
    ]
    result = load(settings, write_jsonl(tmp_path / "articles.jsonl", records))
    rejected = query(
        settings,
        "SELECT f.name, r.line, r.reason, r.field, r.detail FROM rejected AS r "
        "JOIN files AS f USING (file_id) ORDER BY r.line",
    )
    assert [row[:4] for row in rejected] == [
        ("articles.jsonl", 2, "bad_field", "author"),
        ("articles.jsonl", 3, "bad_field", "tags"),
        ("articles.jsonl", 4, "bad_field", "edition"),
        ("articles.jsonl", 5, "bad_field", "translation_of"),
        ("articles.jsonl", 6, "bad_field", "tags"),
    ]
    assert rejected[0][4] == "author is a JSON array, not a text or an array of texts"
    assert rejected[2][4] == "edition is not a language code such as ko or en"
    assert rejected[3][4] == "translation_of names the article itself"
    assert result.total("rejected") == 5
    assert query(settings, "SELECT article_id FROM articles") == [("OK",)]
    assert authors(settings) == [("OK", 1, "Kang Seo-yeon")]
