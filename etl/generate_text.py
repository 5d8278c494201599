"""How the synthetic traffic is spelled: word lists and title templates, browser and crawler
user agents, channel and referrer mixes, and the bytes fragments event lines are built from
(including the intentionally broken lines).

Everything here is made up (names, companies, headlines) except the user-agent strings, which
are real browser and crawler formats so that bot filtering sees what a live site would see.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from functools import cache

import numpy as np

KST = timezone(timedelta(hours=9))  # Asia/Seoul has kept +09:00 without DST since 1988
SITE_OFFSET, DAY = 9 * 3600, 86_400
SITE = "https://www.example-news.test"

# (section, relative share of articles, relative appeal of an article in it)
SECTIONS = (
    ("Synthesis", 14, 1.4), ("World", 9, 1.1), ("Business", 11, 1.2), ("Industry", 8, 0.9),
    ("ICT", 8, 1.1), ("Distribution Economy", 5, 0.8), ("Well+Being", 4, 0.8),
    ("Travel", 3, 0.7), ("Eco-News", 3, 0.5), ("Education", 3, 0.6),
    ("Korean Wave News", 5, 1.3), ("Opinion", 3, 0.7), ("Arts&Culture", 4, 0.7),
    ("Sports", 5, 1.0), ("People & Life", 3, 0.7), ("Column", 4, 0.6), ("Photo News", 3, 0.6),
    ("New Book Guide", 2, 0.4), ("Multicultural News", 2, 0.5), ("Jobs & Workers", 3, 0.7),
)  # fmt: skip
# Column series (subsection of "Column") and the columnist who writes each.
COLUMN_SERIES = (
    ("Cho Kijo Column", "Cho Kijo", "조기조"),
    ("Lee Yeon-sil Column", "Lee Yeon-sil", "이연실"),
    ("Ko Yong-chul Column", "Ko Yong-chul", "고용철"),
    ("Cherry Garden Story", "Yoon Mi-ra", "윤미라"),
)
REPORTERS = (
    "Kim Chang-gil", "Lee Ji-eun", "Park Min-soo", "Choi Hye-jin", "Jung Woo-sung",
    "Kang Seo-yeon", "Yoon Dong-hyun", "Han So-ra", "Global Economic Times Reporter",
)  # fmt: skip
REPORTERS_KO = ("김창길 기자", "이지은 기자", "박민수 기자", "최혜진 기자", "강서연 기자")

WORDS = {
    "country": ("Japan", "US", "China", "Vietnam", "Singapore", "Australia", "Germany", "India"),
    "leader": ("President Lee", "PM Takaichi", "Finance Minister", "Seoul Mayor", "FSC Chief"),
    "phrase": ("Future-Oriented Cooperation", "Shuttle Diplomacy", "Supply Chain Resilience",
               "Green Growth", "Economic Security", "Youth Exchange"),
    "quote": ("It Is Time to Strengthen Cooperation", "We Will Not Retreat", "Jobs Come First",
              "Prices Must Stabilise", "AI Is Our Next Semiconductor"),
    "official": ("Vice Minister", "Policy Adviser", "Deputy Governor", "Spokesperson"),
    "scandal": ("Misconduct and Vetting Gaps", "Stock Trading Irregularities", "Leaked Memos"),
    "incident": ("Sydney Shooting", "Port Strike", "Border Clash", "Cyberattack"),
    "topic": ("Semiconductor", "Battery Recycling", "Hydrogen", "Shipbuilding", "Bio-Health",
              "AI Data Centre", "Tourism"),
    "company": ("Samsung Electronics", "SK Hynix", "Hyundai Motor", "LG Energy Solution",
                "Lotte Mart", "Coupang", "Naver", "Kakao", "Hyosung", "Daewoo E&C",
                "CJ CheilJedang"),
    "product": ("AI Phone", "Imported Fruit Discount Event", "Export Voucher Program",
                "Solid-State Battery", "Smart Factory Platform", "K-Food Line"),
    "goal": ("Boost SME Global Reach", "Counter High Prices", "Win Young Shoppers",
             "Enter the US Market", "Cut Carbon Emissions"),
    "broker": ("Kiwoom Securities", "Mirae Asset", "NH Investment", "KB Securities"),
    "group": ("Recent Construction Projects", "SMEs", "Young Workers", "Small Merchants"),
    "org": ("KRX", "Bank of Korea", "KOTRA", "Korea Customs Service", "Seoul City"),
    "fee": ("Stock Trading Fees", "Card Fees", "Tolls", "Port Charges"),
    "rival": ("ATS Rival", "Foreign Platforms", "Online Brokers"),
    "place": ("Jeju Island", "Gyeongju", "Busan", "Gangneung", "Jeonju", "Sokcho", "Andong"),
    "activity": ("Hiking", "Temple Stays", "Night Markets", "Cycling", "Food Tours"),
    "season": ("Autumn", "Winter", "Chuseok Holiday", "Weekend"),
    "habit": ("Walking After Meals", "Less Screen Time", "Green Tea", "Early Dinners"),
    "outcome": ("Sleep", "Heart Health", "Memory", "Mood"),
    "idol": ("BTS's Jin", "BLACKPINK", "Stray Kids", "NewJeans", "SEVENTEEN", "IVE"),
    "song": ("Golden Hour", "Blue Spring", "Run Again", "Moonlight"),
    "person": ("Actor Lee Soon-jae", "Director Kim Ki-young", "Poet Ko Un's Mentor"),
    "athlete": ("Tennis Star Kwon Soon-woo", "Golfer Ko Jin-young", "Striker Son Heung-min"),
    "team": ("Ulsan HD", "Jeonbuk Motors", "LG Twins", "KIA Tigers", "Doosan Bears"),
    "event": ("Lantern Festival", "Autumn Foliage", "APEC Night Lights", "Fireworks"),
    "booktitle": ("The Quiet Economy", "Seoul After Dark", "Letters From Gyeongju"),
}  # fmt: skip
WORDS_KO = {
    "kcompany": ("삼성전자", "SK하이닉스", "현대차", "LG에너지솔루션", "롯데마트", "쿠팡",
                 "네이버"),
    "kproduct": ("AI 스마트폰", "수입과일 할인행사", "수출바우처", "전고체 배터리",
                 "K-푸드 신제품"),
    "kgoal": ("해외시장 공략", "고물가 대응", "청년 고객 확보", "탄소 감축 가속"),
    "kleader": ("이재명 대통령", "다카이치 총리", "경제부총리", "서울시장"),
    "kquote": ("한일 미래지향적 협력 강화", "물가 안정이 최우선", "일자리가 곧 복지"),
    "kplace": ("제주", "경주", "부산", "강릉", "전주", "속초"),
    "kevent": ("가을 축제", "빛 축제", "APEC 기념 행사", "불꽃놀이"),
    "ktopic": ("반도체", "중소기업 수출", "청년 일자리", "K-관광"),
    "kseason": ("가을", "겨울", "추석", "주말"),
    "kphrase": ("미래를 위한 선택", "함께 사는 사회", "작은 가게의 힘", "느리게 걷기"),
    "kgroup": ("직장인", "자영업자", "대학생", "중소기업"),
    "kidol": ("방탄소년단 진", "블랙핑크", "스트레이 키즈", "세븐틴", "아이브"),
    "ksong": ("골든 아워", "푸른 봄", "달빛"),
    "kteam": ("울산 HD", "전북 현대", "LG 트윈스", "KIA 타이거즈", "두산 베어스"),
}  # fmt: skip

# Templates by section group. Some carry commas and straight double quotes on purpose:
# consumers must quote CSV fields properly for titles to round-trip.
TEMPLATES_EN = {
    "news": (
        "South Korea-{country} Leaders Pledge to Strengthen ‘{phrase}’",
        "{leader} Dismisses {official} Amid Allegations of {scandal}",
        '{leader}: "{quote}"',
        "{country} Condemns {country} After {incident}, Citing '{phrase}'",
        "Seoul, {country} Agree on {topic} Roadmap at APEC 2025",
        "Government Unveils KRW {n} Trillion Package for {topic}",
    ),
    "money": (
        "{company} Launches {product} to {goal}",
        "{company} Earnings Forecast Soars: {broker} Raises Target Price to KRW {n}0,000",
        "{pct}% of {group} Report Deficits, Industry Survey Finds",
        "{org} Temporarily Slashes {fee} by {pct}% to Counter {rival}",
        "{company}'s Data Breach Affects {n} Million Users",
        "{company}, {company} Sign MOU on {topic} Cooperation",
        '{company} Unveils "{product}" for Global Markets',
    ),
    "life": (
        "Let’s Recycle the Old Blankets in {place}’s Closets Instead of Incinerating Them",
        "{place} Festival Draws {n},000 Visitors Despite Rain",
        "{n} Tips for {activity} This {season}",
        "Study: {habit} Linked to Better {outcome}",
        "{place}, a Hidden Gem for {activity}",
    ),
    "culture": (
        "{idol} Tops Global Charts With New Single '{song}'",
        "Farewell to a Legend: South Korea Mourns the Passing of {person}",
        "{idol} Announces World Tour, Opening in {place}",
    ),
    "sports": (
        "From Court to Content: {athlete} Eyes New Career",
        "{team} Beat {team} to Extend Winning Streak to {k}",
        "{athlete} Named Player of the Month",
    ),
    "books": (
        'New Book: "{booktitle}" Explores Korea, Then and Now',
        "'{booktitle}' Tops Bestseller List for {k} Weeks",
    ),
    "photo": ("{place} Glows With {event}", "Visitors Flock to {place} for {event}"),
}
TEMPLATES_KO = {
    "news": (
        '{kleader} "{kquote}"',
        "정부, {ktopic}에 {n},000억원 투입",
        "{kleader}, APEC서 {ktopic} 협력 강조…‘{kphrase}’",
    ),
    "money": (
        "{kcompany}, {kproduct} 출시…{kgoal}",
        "{kcompany} 3분기 영업이익 {n}조원…전년比 {pct}% 증가",
        '{kgroup} {pct}% "경기 어렵다"…체감경기 악화',
    ),
    "life": (
        "{kplace} {kevent} 개막…관광객 {n}만명 몰려",
        "{kseason} 여행지로 뜨는 {kplace}, 가볼 만한 곳 {n}선",
        "‘{kphrase}’…{kgroup} {pct}%가 공감",
    ),
    "culture": ("{kidol}, 신곡 ‘{ksong}’로 글로벌 차트 1위", "{kidol}, 월드투어 {n}개 도시 확정"),
    "sports": ("{kteam}, {kteam} 꺾고 {k}연승", "{kteam} 홈 개막전에 {n},000명 몰려"),
    "books": ("[신간] ‘{kphrase}’, 우리 시대의 기록", "‘{kphrase}’ 베스트셀러 {k}주 연속 1위"),
    "photo": ("{kplace}의 {kseason} 풍경", "{kplace} {kevent} 현장"),
}
SECTION_GROUP = {
    "Synthesis": "news", "World": "news", "Opinion": "news", "Business": "money",
    "Industry": "money", "ICT": "money", "Distribution Economy": "money", "Jobs & Workers": "money",
    "Korean Wave News": "culture", "Arts&Culture": "culture", "Sports": "sports",
    "New Book Guide": "books", "Photo News": "photo",
}  # fmt: skip
# Sections not listed in SECTION_GROUP use the "life" templates.

_SLOT = re.compile(r"\{(\w+)\}")


NUMBERS = {"n": (2, 40), "pct": (3, 60), "k": (2, 10)}  # slot: [low, high)


def _fill(template: str, rng: np.random.Generator) -> str:
    """Fill each {slot}; a slot used twice gets two different words ("{team} Beat {team}")."""
    used: set[str] = set()

    def pick(m: re.Match) -> str:
        slot = m.group(1)
        if slot in NUMBERS:
            return str(int(rng.integers(*NUMBERS[slot])))
        words = [w for w in WORDS.get(slot) or WORDS_KO[slot] if w not in used]
        used.add(word := words[int(rng.integers(len(words)))])
        return word

    return _SLOT.sub(pick, template)


def make_title(section: str, subsection: str, korean: bool, rng: np.random.Generator) -> str:
    """A headline in the seed page's style; Photo News and columns get their usual prefixes."""
    templates = (TEMPLATES_KO if korean else TEMPLATES_EN)[SECTION_GROUP.get(section, "life")]
    title = _fill(templates[int(rng.integers(len(templates)))], rng)
    if section == "Photo News":
        return ("[포토] " if korean else "[Photo] ") + title
    if subsection:
        series = next(s for s in COLUMN_SERIES if s[0] == subsection)
        return f"[{series[2]} 칼럼] {title}" if korean else f"[{subsection}] {title}"
    return title


def make_author(subsection: str, korean: bool, rng: np.random.Generator) -> str:
    if subsection:
        return next(s[1] for s in COLUMN_SERIES if s[0] == subsection)
    names = REPORTERS_KO if korean else REPORTERS
    return names[int(rng.integers(len(names)))]


def article_row(i: int, t: int, section: str, rng: np.random.Generator) -> list[str]:
    """One articles.csv row for the i-th article (by publication time), published at t."""
    when = datetime.fromtimestamp(t, KST)
    series = COLUMN_SERIES[int(rng.integers(len(COLUMN_SERIES)))][0] if section == "Column" else ""
    korean = bool(rng.random() < 0.3)
    title = make_title(section, series, korean, rng)
    author = make_author(series, korean, rng)
    url = f"{SITE}/news/view.php?idx={100001 + i}"
    return [f"GET-{when:%Y%m%d}{i + 1:05d}", title, section, series, author, when.isoformat(), url]


_CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.102 Mobile Safari/537.36"
)
_WEBVIEW = (
    "Mozilla/5.0 (Linux; Android 14; {model} Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Mobile Safari/537.36"
)
_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) {tail}"
)
_DESKTOP = "Mozilla/5.0 ({os}) AppleWebKit/537.36 (KHTML, like Gecko) {tail}"
_WIN = "Windows NT 10.0; Win64; x64"
_MAC = "Macintosh; Intel Mac OS X 10_15_7"
# (user agent, weight): mobile-heavy, with the in-app browsers of KakaoTalk and NAVER.
BROWSER_UAS = (
    ("Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/26.0 Chrome/122.0.6261.105 Mobile Safari/537.36", 12),
    ("Mozilla/5.0 (Linux; Android 13; SM-A546N) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/25.0 Chrome/121.0.6167.178 Mobile Safari/537.36", 5),
    (_CHROME_ANDROID.format(model="SM-S918N"), 8),
    (_CHROME_ANDROID.format(model="K"), 5),
    (_IPHONE.format(ios="18_1", tail="Version/18.1 Mobile/15E148 Safari/604.1"), 12),
    (_IPHONE.format(ios="17_6_1", tail="Version/17.6 Mobile/15E148 Safari/604.1"), 5),
    (_IPHONE.format(ios="18_1", tail="CriOS/130.0.6723.90 Mobile/15E148 Safari/604.1"), 2),
    (_WEBVIEW.format(model="SM-S928N") + ";KAKAOTALK 2410420", 7),
    (_IPHONE.format(ios="18_0", tail="Mobile/15E148 KAKAOTALK 10.9.5"), 6),
    (_WEBVIEW.format(model="SM-A356N") + " NAVER(inapp; search; 2000; 12.9.5)", 5),
    (_IPHONE.format(ios="17_6_1", tail="Mobile/15E148 NAVER(inapp; search; 2000; 12.8.1)"), 4),
    (_WEBVIEW.format(model="SM-S921N") + " [FB_IAB/FB4A;FBAV/485.0.0.61.95;]", 1),
    (_DESKTOP.format(os=_WIN, tail="Chrome/130.0.0.0 Safari/537.36"), 9),
    (_DESKTOP.format(os=_WIN, tail="Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"), 4),
    (_DESKTOP.format(os=_WIN, tail="Chrome/130.0.0.0 Whale/3.28.266.14 Safari/537.36"), 3),
    (_DESKTOP.format(os=_MAC, tail="Chrome/130.0.0.0 Safari/537.36"), 2),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15", 3),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0", 1),
    ("Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Mobile/15E148 Safari/604.1", 1),
)  # fmt: skip
# Real crawler user agents; every one is matched by the crawler-user-agents list.
BOT_UAS = (
    ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/130.0.6723.116 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
     "+http://www.google.com/bot.html)", 22),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 8),
    ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
     "+http://www.bing.com/bingbot.htm) Chrome/130.0.0.0 Safari/537.36", 10),
    ("Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)", 18),
    ("Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html?faqId=28966)", 8),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 10),
    ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", 5),
    ("python-requests/2.32.3", 8),
    ("curl/8.5.0", 4),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", 2),
)  # fmt: skip

# Share channels (canonical, weight): KakaoTalk and NAVER dominate in Korea, X is small.
CHANNELS = (
    ("kakaotalk", 38), ("naver", 22), ("facebook", 13), ("band", 9), ("copy_url", 8),
    ("line", 6), ("x", 4),
)  # fmt: skip
# Other spellings a client may send; all valid (case-insensitive; "twitter" means x).
CHANNEL_SPELLINGS = {
    "kakaotalk": ("KakaoTalk", "KAKAOTALK"), "naver": ("NAVER", "Naver"),
    "facebook": ("Facebook",), "band": ("BAND",), "copy_url": ("COPY_URL",), "line": ("LINE",),
    "x": ("twitter", "X", "Twitter"),
}  # fmt: skip
# Share of each channel's events sent with another spelling: old share buttons still say twitter.
CHANNEL_SPELLING_RATES = {"x": 0.3}
DEFAULT_SPELLING_RATE = 0.05
EVENT_TYPES = ("view", "like", "share", "comment")
EVENT_TYPE_SPELLINGS = ("View", "Like", "SHARE", "Comment")

# External referrers (URL, weight); "" is a direct visit. Article pages are added separately.
REFERRERS = (
    ("", 28), (SITE + "/", 6),
    ("https://search.naver.com/search.naver?where=news&query=%EA%B2%BD%EC%A0%9C", 5),
    ("https://m.search.naver.com/search.naver?query=%EB%89%B4%EC%8A%A4", 6),
    ("https://m.news.naver.com/", 3), ("https://www.google.com/", 8),
    ("https://www.google.co.kr/", 3), ("https://search.daum.net/search?w=news&q=APEC", 3),
    ("https://m.search.daum.net/search?q=%EA%B2%BD%EC%A3%BC", 2),
    ("https://m.facebook.com/", 2), ("https://l.facebook.com/", 1), ("https://t.co/", 1),
    ("https://band.us/", 1), ("https://www.bing.com/", 1),
)  # fmt: skip
INTERNAL_REFERRER_WEIGHT = 20


# Encoding: event lines are assembled from these bytes fragments (see generate._render_chunk).
BROKEN_KINDS = ("malformed", "missing_field", "bad_event_type", "bad_channel", "bad_time",
                "future_time")  # fmt: skip
_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def hex_strings(rng: np.random.Generator, n: int, nbytes: int) -> np.ndarray:
    """n random lowercase hex strings of 2*nbytes characters, as a bytes array."""
    raw = np.frombuffer(rng.bytes(n * nbytes), np.uint8).reshape(n, nbytes)
    out = np.empty((n, 2 * nbytes), np.uint8)
    out[:, 0::2], out[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 15]
    return out.view(f"S{2 * nbytes}").reshape(n)


def json_pieces(key: str, values, tail: str = "") -> np.ndarray:
    """Pre-encoded `,"key":<json value><tail>` fragments as an object array of bytes."""
    return np.array(
        [f',"{key}":{json.dumps(v, ensure_ascii=False)}{tail}'.encode() for v in values],
        dtype=object,
    )


@cache
def _clock() -> np.ndarray:
    """b"HH:MM:SS" for every second of a day."""
    return np.array([b"%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(DAY)],
                    dtype=object)  # fmt: skip


def time_pieces(t: np.ndarray, ms: np.ndarray, fmt: np.ndarray) -> np.ndarray:
    """'","event_time":…' fragments for instants t (epoch s) in format 0 (…+09:00),
    1 (…Z) or 2 (epoch milliseconds, a JSON number, with ms added)."""
    out = np.empty(len(t), dtype=object)
    for code, shift, suffix in ((0, SITE_OFFSET, b'+09:00"'), (1, 0, b'Z"')):
        rows = np.flatnonzero(fmt == code)
        day, second = np.divmod(t[rows] + shift, DAY)
        for d in np.unique(day).tolist():
            on_day = day == d
            prefix = b'","event_time":"' + str(np.datetime64(d, "D")).encode() + b"T"
            out[rows[on_day]] = prefix + _clock()[second[on_day]] + suffix
    rows = np.flatnonzero(fmt == 2)
    out[rows] = [b'","event_time":%d' % v for v in (t[rows] * 1000 + ms[rows]).tolist()]
    return out


def break_line(line: bytes, kind: int, variant: int, t: int) -> bytes:
    """A valid event line (at instant t) made into broken record kind BROKEN_KINDS[kind]."""
    name = BROKEN_KINDS[kind]
    if name == "malformed":  # a write cut short, or an error page logged as an event
        body = line.rstrip(b"\n")
        if variant % 2:
            return body[: 10 + variant % (len(body) - 12)] + b"\n"
        return b"<html><head><title>502 Bad Gateway</title></head></html>\n"
    rec = json.loads(line)
    if name == "missing_field":
        del rec["event_id"]
    elif name == "bad_event_type":
        rec["event_type"] = ("click", "pageview", "scroll")[variant % 3]
    elif name == "bad_channel":  # a share without a channel, or with one nobody knows
        rec["event_type"] = "share"
        rec.pop("channel", None)
        if variant % 2:
            rec["channel"] = "telegram"
    elif name == "bad_time":  # local time without an offset
        rec["event_time"] = datetime.fromtimestamp(t, KST).strftime("%Y-%m-%d %H:%M:%S")
    else:  # future_time: a client clock a century ahead
        rec["event_time"] = datetime.fromtimestamp(t + 36_525 * DAY, KST).isoformat()
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
