"""Deterministic synthetic traffic: `articles.csv` and one `events_YYYYMMDD.jsonl.gz` a site day.

The shape follows a small Korean news site: articles published through the window (some
before it), interest that decays after publication with a few hot stories, a Korean day/night
rhythm, likes/shares/comments a few percent of views, ~3% crawler traffic spread evenly over
the clock. Readers come from one pool with a fixed device each, so they return across days.

What is written, per `events` requested (all valid records count, bots included):

- `events` distinct valid records (each event_id once, as the first occurrence in file order);
- `round(0.5% * events)` duplicates: valid records repeating an earlier event_id, either the
  same line again in the same file or, for ~40%, re-sent in the next day's file with another
  event_time, referrer and event_type spelling;
- `round(0.1% * events)` broken records, one of BROKEN_KINDS (named after the ETL's reason codes).

So a file set holds `events + duplicates + broken` lines. Same arguments give the same bytes:
every random draw comes from numpy generators seeded from (seed, stream), and gzip's mtime is 0.
Strings are assembled from pre-encoded JSON pieces with numpy, a day at a time, in chunks.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from newsdash.etl import generate_text as text
from newsdash.etl.generate_newsroom import NEWSROOM_COLUMNS, newsroom_rows
from newsdash.etl.generate_sources import AGENT_SETS, mix_table
from newsdash.etl.generate_text import BROKEN_KINDS, DAY, KST, SITE_OFFSET

DEFAULT_END = datetime(2025, 10, 31, tzinfo=KST)  # the seed article's date
ARTICLE_COLUMNS = ["article_id", "title", "section", "subsection", "author", "published_at", "url",
                   *NEWSROOM_COLUMNS]  # fmt: skip
NEWSROOM_STREAM = 1 << 30  # the random stream of the newsroom columns (etl/generate_newsroom.py)
BOT_RATE, DUP_RATE, BROKEN_RATE, CARRY_RATE = 0.03, 0.005, 0.001, 0.4
ENGAGE_PER_VIEW = np.array([0.04, 0.025, 0.012])  # like, share, comment
NO_SESSION_RATE, EMPTY_UA_RATE, SPELLING_RATE = 0.005, 0.003, 0.004
EPOCH_RATE, UTC_RATE = 0.01, 0.15  # event_time as epoch ms / as ...Z; the rest +09:00
ARTICLES_PER_DAY, PRE_WINDOW_DAYS, HOT_SHARE = 30, 7, 0.03
DECAY_HOURS, DECAY_POWER = 6.0, 1.5  # interest ~ (1 + age/6h)^-1.5: fast fall, long tail
# Reading by KST hour: low at 2-5, morning commute and lunch, evening peak at 21.
HOURLY = np.array([3.2, 2.0, 1.2, 0.8, 0.7, 1.0, 2.2, 4.2, 6.0, 5.6, 5.0, 5.0,
                   5.6, 5.0, 4.6, 4.5, 4.5, 4.8, 5.2, 5.6, 6.2, 6.6, 6.0, 4.6])  # fmt: skip
PUBLISHING = np.array([0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 7, 6, 5, 6, 6, 6, 5, 4, 3, 3, 2, 2, 1, 1.0])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 0.97, 0.8, 0.85])  # Monday first
FILE_NAME = "events_%Y%m%d.jsonl.gz"  # one file per site day
CHUNK_LINES, GZIP_LEVEL = 200_000, 5  # zlib runs in a thread while the next chunk is built


@dataclass
class _Site:
    """Articles, readers and the pre-encoded JSON pieces every event line is built from."""

    pub: np.ndarray  # publication instants (epoch s), ascending; index = article number
    appeal: np.ndarray  # relative interest at publication (hot stories far above the rest)
    engage: np.ndarray  # relative propensity of a view to lead to a like/share/comment
    type_article: np.ndarray  # ',"event_type":"view","article_id":"GET-…"' at type*A + art
    reader_cdf: np.ndarray
    reader_ua: np.ndarray  # each reader keeps one device
    sessions: np.ndarray  # ',"session_id":"s-…"': readers, 200 crawler sessions, b"" (none)
    uas: np.ndarray  # ',"user_agent":"…"}\n': browsers, crawlers, then the empty one
    browser_cdf: np.ndarray
    bot_cdf: np.ndarray
    channels: np.ndarray  # ',"channel":"…"': canonical ones, other spellings, b"" (none)
    channel_cdf: np.ndarray
    spellings: list[np.ndarray]  # per canonical channel: indexes of its other spellings
    spelling_rates: np.ndarray  # per canonical channel
    referrers: np.ndarray  # ',"referrer":"…"': external ones, the mix's, each article's page
    referrer_cdf: np.ndarray  # external ones, then "some article page"
    mix_cdf: np.ndarray  # a human view's source (etl/generate_sources.py): entries, internal
    mix_agents: np.ndarray  # per entry: index into agent_sets, -1 the reader's own
    mix_queries: np.ndarray  # per entry: index into queries, 0 none
    agent_sets: list[np.ndarray]  # per AGENT_SETS: indexes into uas
    queries: np.ndarray  # b"&utm_…" (or b"" first): appended to the article's URL
    page_urls: np.ndarray  # each article's URL, JSON-escaped, without quotes

    @property
    def n_readers(self) -> int:
        return len(self.reader_cdf)


def generate(out_dir: Path, events: int, days: int, seed: int = 1, end: datetime | None = None,
             progress: Callable[[int], None] | None = None) -> dict:  # fmt: skip
    """Write articles.csv and `days` daily event files ending at `end`; return a summary.

    The window is the `days` site days (Asia/Seoul) whose last one holds the instant just
    before `end` (default 2025-10-31T00:00+09:00; a naive `end` is read as site time);
    nothing is generated at or after `end`. Raises ValueError for a negative `events` or
    `seed`, or `days` < 1.
    `progress`, if given, gets the number of distinct valid events written after each file.
    Existing files of the same names are replaced; other files in `out_dir` are left alone.
    """
    if events < 0 or days < 1 or seed < 0:
        raise ValueError("events must be >= 0, days >= 1 and seed >= 0")
    end = DEFAULT_END if end is None else end if end.tzinfo else end.replace(tzinfo=KST)
    end_s = int(end.timestamp())
    first_day = ((end_s - 1 + SITE_OFFSET) // DAY - (days - 1)) * DAY - SITE_OFFSET
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = _rng(seed, 0)
    pub, sections, rows = _make_articles(rng, first_day, end_s)
    _write_articles(out_dir / "articles.csv", newsroom_rows(rows, _rng(seed, NEWSROOM_STREAM)))
    site = _make_site(rng, pub, sections, rows, events)
    plan = _plan(site, rng, first_day, end_s, days, events)
    summary = {"out_dir": str(out_dir), "files": ["articles.csv"], "events": 0, "lines": 0,
               "articles": len(pub), "bots": 0, "duplicates": 0, "broken": 0,
               "broken_by_kind": dict.fromkeys(BROKEN_KINDS, 0), "days": days, "seed": seed,
               "start": _iso(first_day), "end": _iso(end_s)}  # fmt: skip
    carry, writing = None, None
    # One writer thread compresses (zlib releases the GIL) while the next chunk or day is built.
    with ThreadPoolExecutor(max_workers=1) as pool:
        for d in range(days):
            ds, de = first_day + d * DAY, min(first_day + (d + 1) * DAY, end_s)
            counts = [int(x[d]) for x in plan]
            batch, carry = _day_batch(site, ds, de, counts, carry, summary["broken"],
                                      d + 1 < days, _rng(seed, d + 1))  # fmt: skip
            _written(writing, progress)
            _count(summary, batch)
            summary["files"].append(datetime.fromtimestamp(ds, KST).strftime(FILE_NAME))
            done = _write_gzip(out_dir / summary["files"][-1], _render(site, batch), pool)
            writing = done, summary["events"]
        _written(writing, progress)
    return summary


def _written(writing: tuple[Future, int] | None, progress: Callable[[int], None] | None) -> None:
    """Wait until the previous file is complete, then report the events written so far."""
    if writing:
        writing[0].result()
        if progress:
            progress(writing[1])


def _day_batch(site: _Site, ds: int, de: int, counts: list[int], carry: dict | None,
               next_kind: int, has_next_day: bool, rng) -> tuple[dict, dict]:  # fmt: skip
    """The rows of one day's file, and the duplicates to re-send in the next day's file.

    counts = (valid events, broken records, duplicates made from this day's events); some of
    those duplicates go to the next file, and `carry` holds the previous day's such rows.
    """
    valid, broken, dups = counts
    batch = _day_rows(site, ds, de, valid + broken, rng)
    _mark_broken(batch, broken, next_kind, rng)
    later = int(rng.binomial(dups, CARRY_RATE)) if has_next_day else 0
    parts = [batch, _copies(batch, dups - later, rng)]
    if carry is not None:
        parts.append(_resend(carry, ds, de, rng))
    return _concat(parts), _copies(batch, later, rng)


def _count(summary: dict, b: dict[str, np.ndarray]) -> None:
    first = ~b["dup"] & (b["kind"] < 0)
    summary["events"] += int(first.sum())
    summary["bots"] += int((first & b["bot"]).sum())
    summary["duplicates"] += int(b["dup"].sum())
    summary["lines"] += len(b["t"])
    for k in b["kind"][b["kind"] >= 0].tolist():
        summary["broken"] += 1
        summary["broken_by_kind"][BROKEN_KINDS[k]] += 1


def _rng(seed: int, stream: int) -> np.random.Generator:
    """Independent streams per day, so a day's draws never depend on another day's sizes."""
    return np.random.default_rng(np.random.SeedSequence([seed, stream]))


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, KST).isoformat()


def _cdf(weights) -> np.ndarray:
    return np.cumsum(np.asarray(weights, dtype=float))


def _pick(cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Weighted draw: index i with probability weight_i, given cumulative weights and uniforms."""
    if not len(u):
        return np.zeros(0, np.int64)
    return np.minimum(np.searchsorted(cdf, u * cdf[-1], side="right"), len(cdf) - 1)


def _times(rng, n: int, lo: int, hi: int, hourly: np.ndarray) -> np.ndarray:
    """n instants in [lo, hi) following an hour-of-day profile in site time."""
    hours = np.arange(lo - (lo + SITE_OFFSET) % 3600, hi, 3600)
    w = hourly[(hours + SITE_OFFSET) // 3600 % 24] * (np.minimum(hours + 3600, hi) - hours)
    h = hours[_pick(_cdf(w), rng.random(n))]
    start = np.maximum(h, lo)
    return start + (rng.random(n) * (np.minimum(h + 3600, hi) - start)).astype(np.int64)


def _make_articles(rng, first_day: int, end: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Publication times (ascending), section numbers and the articles.csv rows."""
    n_pre = PRE_WINDOW_DAYS * ARTICLES_PER_DAY // 2  # older stories still read in the window
    n_win = max(1, round(ARTICLES_PER_DAY * (end - first_day) / DAY))
    pre = _times(rng, n_pre, first_day - PRE_WINDOW_DAYS * DAY, first_day, PUBLISHING)
    pub = np.sort(np.concatenate([pre, _times(rng, n_win, first_day, end, PUBLISHING)]))
    names = [s[0] for s in text.SECTIONS]
    sections = _pick(_cdf([s[1] for s in text.SECTIONS]), rng.random(len(pub)))
    pairs = enumerate(zip(pub.tolist(), sections.tolist(), strict=True))
    return pub, sections, [text.article_row(i, t, names[s], rng) for i, (t, s) in pairs]


def _write_articles(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(ARTICLE_COLUMNS)
        writer.writerows(rows)


def _make_site(rng, pub: np.ndarray, sections: np.ndarray, rows: list, events: int) -> _Site:
    n = len(pub)
    appeal = np.array([s[2] for s in text.SECTIONS])[sections] * rng.lognormal(0, 0.8, n)
    hot = rng.random(n) < HOT_SHARE
    appeal[hot] *= rng.uniform(10, 30, int(hot.sum()))
    n_readers = int(np.clip(events // 4, 50, 400_000))
    browsers, browser_w = zip(*text.BROWSER_UAS, strict=True)
    bots, bot_w = zip(*text.BOT_UAS, strict=True)
    canon = [c for c, _ in text.CHANNELS]
    others = [(canon.index(c), s) for c in canon for s in text.CHANNEL_SPELLINGS[c]]
    types = text.EVENT_TYPES + text.EVENT_TYPE_SPELLINGS
    ids, urls = [json.dumps(r[0]) for r in rows], [r[-1] for r in rows]
    hexes = text.hex_strings(rng, n_readers + 200, 8).astype(object)
    mix = mix_table()
    queries = sorted(set(mix.queries))  # "" first
    return _Site(
        pub=pub, appeal=appeal, engage=rng.lognormal(0, 0.5, n),
        type_article=np.array([f',"event_type":"{ty}","article_id":{a}'.encode()
                               for ty in types for a in ids], dtype=object),
        reader_cdf=_cdf(rng.lognormal(0, 1.5, n_readers)),
        reader_ua=_pick(_cdf(browser_w), rng.random(n_readers)),
        sessions=np.append(b',"session_id":"s-' + hexes + b'"', b""),
        uas=text.json_pieces("user_agent", browsers + bots + ("",), tail="}\n"),
        browser_cdf=_cdf(browser_w), bot_cdf=_cdf(bot_w),
        channels=np.append(text.json_pieces("channel", canon + [s for _, s in others]), b""),
        channel_cdf=_cdf([w for _, w in text.CHANNELS]),
        spellings=[len(canon) + np.array([j for j, (c, _) in enumerate(others) if c == i])
                   for i in range(len(canon))],
        spelling_rates=np.array([text.CHANNEL_SPELLING_RATES.get(c, text.DEFAULT_SPELLING_RATE)
                                 for c in canon]),
        referrers=text.json_pieces(
            "referrer", [r for r, _ in text.REFERRERS] + list(mix.referrers) + urls),
        referrer_cdf=_cdf([w for _, w in text.REFERRERS] + [text.INTERNAL_REFERRER_WEIGHT]),
        mix_cdf=_cdf(mix.weights), mix_agents=np.array(mix.agent_sets),
        mix_queries=np.array([queries.index(q) for q in mix.queries]),
        agent_sets=[np.array([browsers.index(ua) for ua in uas]) for uas in AGENT_SETS],
        queries=np.array([q.replace("?", "&", 1).encode() for q in queries], dtype=object),
        page_urls=np.array([json.dumps(u)[1:-1].encode() for u in urls], dtype=object),
    )  # fmt: skip


def _hour_weights(site: _Site, ds: int, de: int) -> np.ndarray:
    """Expected human views per (hour of the day starting at ds, article), up to a constant."""
    hs = ds + 3600 * np.arange(24)
    he = np.minimum(hs + 3600, de)
    start = np.maximum(hs[:, None], site.pub[None, :])
    span = np.clip(he[:, None] - start, 0, None)  # seconds the article exists in that hour
    age_h = (start + span / 2 - site.pub) / 3600
    w = site.appeal * (1 + age_h / DECAY_HOURS) ** -DECAY_POWER * (span / 3600)
    weekday = ((ds + SITE_OFFSET) // DAY + 3) % 7  # 1970-01-01 was a Thursday
    return w * (HOURLY * WEEKDAY[weekday])[:, None]


def _plan(site: _Site, rng, first_day: int, end: int, days: int, events: int):
    """Valid events, broken records and duplicates per day, summing exactly to the totals."""
    day_w = np.array([
        _hour_weights(site, first_day + d * DAY, min(first_day + (d + 1) * DAY, end)).sum()
        for d in range(days)
    ]) * rng.lognormal(0, 0.08, days)  # fmt: skip
    valid = rng.multinomial(events, day_w / day_w.sum())
    share = valid / max(events, 1) if events else np.full(days, 1 / days)
    broken = rng.multinomial(round(events * BROKEN_RATE), share)
    dups = rng.multinomial(round(events * DUP_RATE), share)
    return valid, broken, dups


def _day_rows(site: _Site, ds: int, de: int, n: int, rng) -> dict[str, np.ndarray]:
    """n events of the site day [ds, de): human views, the likes/shares/comments they lead
    to (same reader and article, minutes later), and crawler views spread over the clock."""
    n_bot = int(rng.binomial(n, BOT_RATE))
    rate = ENGAGE_PER_VIEW.sum()
    n_eng = round((n - n_bot) * rate / (1 + rate)) if n - n_bot > 1 else 0
    t, art = _views(site, ds, de, n - n_bot - n_eng, rng)
    reader = _pick(site.reader_cdf, rng.random(len(t)))
    reader[rng.random(len(t)) < NO_SESSION_RATE] = len(site.sessions) - 1
    v = _pick(_cdf(site.engage[art]), rng.random(n_eng))
    t_eng = np.minimum(t[v] + 5 + rng.exponential(240, n_eng).astype(np.int64), de - 1)
    t_bot = ds + (rng.random(n_bot) * (de - ds)).astype(np.int64)
    batch = {
        "t": np.concatenate([t, t_eng, t_bot]),
        "art": np.concatenate([art, art[v], _published_before(site, t_bot, rng)]),
        "typ": np.concatenate([np.zeros(len(t), np.int64),
                               1 + _pick(_cdf(ENGAGE_PER_VIEW), rng.random(n_eng)),
                               np.zeros(n_bot, np.int64)]),
        "reader": np.concatenate([reader, reader[v], site.n_readers + rng.integers(0, 200, n_bot)]),
        "bot": np.repeat([False, True], [len(t) + n_eng, n_bot]),
    }  # fmt: skip
    _decorate(site, batch, rng)
    return batch


def _views(site: _Site, ds: int, de: int, n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Times and articles of n human views, hour by hour, never before publication."""
    w = _hour_weights(site, ds, de)
    per_hour = rng.multinomial(n, w.sum(1) / w.sum()) if n else np.zeros(24, np.int64)
    times, arts = [], []
    for h in np.flatnonzero(per_hour):
        art = _pick(_cdf(w[h]), rng.random(per_hour[h]))
        start = np.maximum(ds + 3600 * h, site.pub[art])
        end = min(ds + 3600 * (h + 1), de)
        times.append(start + (rng.random(len(art)) * (end - start)).astype(np.int64))
        arts.append(art)
    empty = [np.zeros(0, np.int64)]
    return np.concatenate(times or empty), np.concatenate(arts or empty)


def _published_before(site: _Site, t: np.ndarray, rng) -> np.ndarray:
    """A uniformly chosen article already published at each t (crawlers, internal links)."""
    return (rng.random(len(t)) * np.searchsorted(site.pub, t, side="right")).astype(np.int64)


def _formats(rng, n: int) -> np.ndarray:
    """How event_time is written: 0 = +09:00, 1 = Z (UTC), 2 = epoch milliseconds."""
    u = rng.random(n)
    return np.where(u < EPOCH_RATE, 2, np.where(u < EPOCH_RATE + UTC_RATE, 1, 0))


def _decorate(site: _Site, b: dict[str, np.ndarray], rng) -> None:
    """Add user agent, channel, referrer, time format, spelling, id (in place)."""
    n, bot, typ = len(b["t"]), b["bot"], b["typ"]
    known = b["reader"] < site.n_readers
    ua = _pick(site.browser_cdf, rng.random(n))  # readers without a session: any device
    ua[known] = site.reader_ua[b["reader"][known]]
    ua[bot] = len(site.browser_cdf) + _pick(site.bot_cdf, rng.random(int(bot.sum())))
    ua[~bot & (rng.random(n) < EMPTY_UA_RATE)] = len(site.uas) - 1
    chan = np.full(n, len(site.channels) - 1)
    shares = np.flatnonzero(typ == 2)
    chan[shares] = _pick(site.channel_cdf, rng.random(len(shares)))
    odd = shares[rng.random(len(shares)) < site.spelling_rates[chan[shares]]]
    for odd_c, spellings in zip(_group(chan, odd), site.spellings, strict=True):
        chan[odd_c] = spellings[rng.integers(0, len(spellings), len(odd_c))]
    n_ext, pages = len(text.REFERRERS), len(site.referrers) - len(site.pub)
    ref = _pick(site.referrer_cdf, rng.random(n))
    inside = np.flatnonzero(ref == n_ext)
    ref[inside] = pages + _published_before(site, b["t"][inside], rng)
    ref[typ > 0] = pages + b["art"][typ > 0]  # likes, shares, comments happen on the page
    ref[bot & (rng.random(n) < 0.9)] = 0  # crawlers rarely send a referrer
    query = _sources(site, b, ref, ua, rng.spawn(1)[0])
    b.update(ua=ua, chan=chan, ref=ref, q=query, fmt=_formats(rng, n),
             spell=rng.random(n) < SPELLING_RATE,
             ms=rng.integers(0, 1000, n), id=text.hex_strings(rng, n, 16),
             kind=np.full(n, -1), variant=np.zeros(n, np.int64), dup=np.zeros(n, bool))  # fmt: skip


def _sources(site: _Site, b: dict[str, np.ndarray], ref: np.ndarray, ua: np.ndarray,
             rng) -> np.ndarray:  # fmt: skip
    """Where each human view came from (the Korean mix of etl/generate_sources.py): its
    referrer and, for an in-app or direct view, its user agent (in place); returns each row's
    page-URL query (index into site.queries, 0: no URL sent). The draws come from a stream of
    their own (`rng`), so every other draw of a day stays what it was without sources."""
    views = np.flatnonzero((b["typ"] == 0) & ~b["bot"])
    entry = _pick(site.mix_cdf, rng.random(len(views)))
    internal = entry == len(site.mix_agents)
    pages, n_ext = len(site.referrers) - len(site.pub), len(text.REFERRERS)
    ref[views] = n_ext + np.minimum(entry, len(site.mix_agents) - 1)
    ref[views[internal]] = pages + _published_before(site, b["t"][views[internal]], rng)
    query = np.zeros(len(b["t"]), np.int64)
    outside = views[~internal]
    query[outside] = site.mix_queries[entry[~internal]]
    agent = site.mix_agents[entry[~internal]]
    for k, choices in enumerate(site.agent_sets):
        rows = outside[agent == k]
        ua[rows] = choices[rng.integers(0, len(choices), len(rows))]
    return query


def _group(chan: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """rows split by their canonical channel number (0..6)."""
    return [rows[chan[rows] == c] for c in range(len(text.CHANNELS))]


def _mark_broken(b: dict[str, np.ndarray], n: int, next_kind: int, rng) -> None:
    """Turn n rows into broken records, kinds in rotation so that every kind shows up."""
    if n:
        rows = rng.choice(len(b["t"]), n, replace=False)
        b["kind"][rows] = (next_kind + np.arange(n)) % len(BROKEN_KINDS)
        b["variant"][rows] = rng.integers(0, 2**31, n)


def _copies(b: dict[str, np.ndarray], k: int, rng) -> dict[str, np.ndarray]:
    """k valid rows of b (a row may be picked twice), marked as duplicates."""
    valid = np.flatnonzero(b["kind"] < 0)
    copies = _take(b, valid[rng.integers(0, len(valid), k)] if k else valid[:0])
    copies["dup"][:] = True
    return copies


def _take(b: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[rows] for k, v in b.items()}


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _resend(b: dict[str, np.ndarray], ds: int, de: int, rng) -> dict[str, np.ndarray]:
    """Yesterday's events re-sent today from a retry queue: same event_id, other time,
    time format, event_type spelling, and the referrer lost."""
    n = len(b["t"])
    return {**b, "t": ds + (rng.random(n) * (de - ds)).astype(np.int64), "fmt": _formats(rng, n),
            "spell": rng.random(n) < 0.5, "ref": np.zeros(n, np.int64),
            "q": np.zeros(n, np.int64)}  # fmt: skip


def _render(site: _Site, b: dict[str, np.ndarray]) -> Iterator[bytes]:
    """The day's lines in time order (ties keep generation order), in chunks of bytes."""
    order = np.argsort(b["t"], kind="stable")
    for lo in range(0, len(order), CHUNK_LINES):
        yield _render_chunk(site, _take(b, order[lo : lo + CHUNK_LINES]))


def _render_chunk(site: _Site, b: dict[str, np.ndarray]) -> bytes:
    parts = np.empty((len(b["t"]), 8), dtype=object)
    parts[:, 0] = b'{"event_id":"'
    parts[:, 1] = b["id"].astype(object)
    parts[:, 2] = text.time_pieces(b["t"], b["ms"], b["fmt"])
    parts[:, 3] = site.type_article[(b["typ"] + 4 * b["spell"]) * len(site.pub) + b["art"]]
    parts[:, 4] = site.sessions[b["reader"]]
    parts[:, 5] = site.channels[b["chan"]]
    parts[:, 6] = site.referrers[b["ref"]] + _url_pieces(site, b)
    parts[:, 7] = site.uas[b["ua"]]
    for i in np.flatnonzero(b["kind"] >= 0).tolist():
        args = int(b["kind"][i]), int(b["variant"][i]), int(b["t"][i])
        line = text.break_line(b"".join(parts[i]), *args)
        parts[i] = b""
        parts[i, 0] = line
    return b"".join(parts.ravel().tolist())


def _url_pieces(site: _Site, b: dict[str, np.ndarray]) -> np.ndarray:
    """',"url":"…"' (the article's URL and the UTM query) for rows with a query, else b""."""
    pieces = np.full(len(b["q"]), b"", dtype=object)
    rows = np.flatnonzero(b["q"] > 0)
    pieces[rows] = (b',"url":"' + site.page_urls[b["art"][rows]] + site.queries[b["q"][rows]]
                    + b'"')  # fmt: skip
    return pieces


def _write_gzip(path: Path, chunks: Iterator[bytes], pool: ThreadPoolExecutor) -> Future:
    """Queue the chunks for compression in `pool`, at most one waiting at a time; the file
    is written under a hidden name and renamed when complete (the returned future)."""
    tmp = path.with_name(f".{path.name}.partial")
    raw = tmp.open("wb")
    gz = gzip.GzipFile("", "wb", GZIP_LEVEL, raw, mtime=0)
    queued: Future | None = None
    for chunk in chunks:
        if queued:
            queued.result()
        queued = pool.submit(gz.write, chunk)
    return pool.submit(_close, gz, raw, tmp, path)


def _close(gz: gzip.GzipFile, raw, tmp: Path, path: Path) -> None:
    gz.close()
    raw.close()
    os.replace(tmp, path)
