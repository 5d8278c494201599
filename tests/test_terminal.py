"""Text from outside never drives the operator's terminal."""

import json
import os
import re
import subprocess
import sys

from newsdash.commands import main
from newsdash.formats import json_text
from newsdash.terminal import printable
from tests.support.inputs import event, load, write_articles, write_jsonl


def test_escape_and_bidi_characters_are_shown_not_obeyed():
    assert printable("a\x1b[31mred\u202e") == "a\\x1b[31mred\\u202e"


def test_json_text_escapes_what_a_terminal_or_a_script_would_obey():
    value = {"t": "블랙핑크\x9b31m\u2028\u202e\x1b\udcff"}
    text = json_text(value)
    assert text == '{"t": "블랙핑크\\u009b31m\\u2028\\u202e\\u001b\\udcff"}'
    assert json.loads(text) == value


def test_korean_text_and_spaces_stay_as_they_are():
    assert printable("블랙핑크 신곡 1위") == "블랙핑크 신곡 1위"


def test_etl_summary_prints_a_hostile_event_type_as_escapes(tmp_path):
    f = write_jsonl(tmp_path / "e.jsonl", [event("a", kind="\x1b[2Jboom")])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdash",
            "etl",
            "--events",
            str(f),
            "--db",
            str(tmp_path / "nd.duckdb"),
            "--no-export",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b" not in run.stderr and "\\x1b[2jboom" in run.stderr  # event types are lower-cased


# Linux allows any byte but / and NUL in a file name: a newline can forge a journal line.
FORGED = "a\nrun #99 ok: 9 files loaded\x1b[2J.jsonl"
BELL = "b\rrun #98 ok\x07.jsonl.gz"  # not gzip: the file fails
SEPARATOR = "c\u2028run #97 ok.jsonl"  # the same bytes as FORGED: skipped
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # all but the newline


def newsdash(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSDASH_NOW": "2025-10-31T09:00:00+09:00"}
    command = [sys.executable, "-m", "newsdash", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def test_hostile_file_names_are_printed_as_escapes_and_forge_no_line(tmp_path):
    inbox = tmp_path / "inbox"
    records = [event("e1"), event("e2", kind="bogus")]  # one loaded, one rejected (an example)
    write_jsonl(inbox / FORGED, records)
    write_jsonl(inbox / SEPARATOR, records)
    (inbox / BELL).write_bytes(b"not gzip at all")
    db = str(tmp_path / "nd.duckdb")

    run = newsdash("etl", "--inbox", str(inbox), "--db", db, "--no-export")
    status = newsdash("status", "--db", db)
    health = newsdash("status", "--db", db, "--max-age", "50000")
    as_json = newsdash("status", "--db", db, "--format", "json")
    assert (run.returncode, status.returncode, health.returncode) == (3, 0, 1)
    assert json.loads(as_json.stdout)["failed_files"][0]["name"] == BELL
    printed = run.stdout + run.stderr
    assert [line for line in printed.split("\n") if line.startswith("run #")] == [
        run.stdout.strip()
    ]
    assert run.stdout.startswith("run #1 partial")
    outputs = (
        printed,
        status.stdout + status.stderr,
        health.stdout + health.stderr,
        as_json.stdout,
    )
    for output in outputs:
        assert not CONTROLS.search(output), output
        assert "run #9" not in "".join(line[:6] for line in output.split("\n"))
    assert "loaded  a\\nrun #99 ok: 9 files loaded\\x1b[2J.jsonl: 2 read" in run.stderr
    assert "a\\nrun #99 ok: 9 files loaded\\x1b[2J.jsonl:2: bad_event_type" in run.stderr
    assert "FAILED  b\\rrun #98 ok\\x07.jsonl.gz: " in run.stderr
    assert "skipped c\\u2028run #97 ok.jsonl: same content as a\\nrun #99" in run.stderr
    assert "failed file   b\\rrun #98 ok\\x07.jsonl.gz (file #" in status.stdout


def test_a_section_name_quoted_in_an_error_stays_on_one_line(settings, tmp_path, capsys):
    articles = [{"article_id": "A1", "title": "t", "section": "World\nrun #99 ok\x1b[2J"}]
    load(settings, write_articles(tmp_path / "articles.csv", articles),
         write_jsonl(tmp_path / "events.jsonl", [event("e1")]))  # fmt: skip
    code = main(["rank", "most_viewed", "--section", "Sports", "--db", str(settings.db)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and not CONTROLS.search(err)
    assert "choose one of World\\nrun #99 ok\\x1b[2J" in err
