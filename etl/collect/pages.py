"""The collector's static answers: the tracker (GET /t.js) and the demo article page.

The tracker is read once at start and kept gzip'd too, so serving it costs no compression per
request. The demo page (`static/demo_article.html`) is a reconstruction of the seed article page
of Global Economic Times with the tracker wired in; it is served only by `newsdash collect
--demo` (which `newsdash demo` uses).
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

STATIC = Path(__file__).resolve().parent / "static"
TRACKER = STATIC / "t.js"
DEMO_ARTICLE = STATIC / "demo_article.html"
DEMO_ARTICLE_ID = "GET-2025102600603"  # in sample_data/articles.csv: the page's own article
BOX_LINK = re.compile(r'<a href="/demo/article/([A-Za-z0-9-]+)">([^<]+)</a>')


class StaticFile:
    """One file served as is, or gzip'd when the client takes it."""

    def __init__(self, path: Path, media_type: str, max_age: int) -> None:
        self.plain = path.read_bytes()
        self.gzipped = gzip.compress(self.plain, compresslevel=9, mtime=0)
        self.media_type = media_type
        self.cache = f"public, max-age={max_age}"

    async def serve(self, request: Request) -> Response:
        headers = {"Cache-Control": self.cache, "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", "").lower():
            headers["Content-Encoding"] = "gzip"
            return Response(self.gzipped, media_type=self.media_type, headers=headers)
        return Response(self.plain, media_type=self.media_type, headers=headers)


def tracker() -> StaticFile:
    return StaticFile(TRACKER, "application/javascript; charset=utf-8", max_age=3600)


class DemoArticles:
    """GET /demo/article: the seed's article page. GET /demo/article/{id}: the same page for an
    article linked from its boxes (Most Viewed, ...), its id and headline put in, so following a
    box link is a view of that article (the body text stays the seed's: it is a demo)."""

    def __init__(self) -> None:
        self.page = DEMO_ARTICLE.read_text(encoding="utf-8")
        self.linked = {aid: html.unescape(title) for aid, title in BOX_LINK.findall(self.page)}
        main = re.search(r'<h1 class="headline">([^<]+)</h1>', self.page)
        self.main_title = html.unescape(main[1]) if main else ""

    def render(self, article_id: str, title: str) -> str:
        page = self.page.replace(DEMO_ARTICLE_ID, article_id)
        return page.replace(html.escape(self.main_title), html.escape(title))

    async def serve(self, request: Request) -> Response:
        article_id = request.path_params.get("article_id", DEMO_ARTICLE_ID)
        if article_id == DEMO_ARTICLE_ID:
            body = self.page
        elif article_id in self.linked:
            body = self.render(article_id, self.linked[article_id])
        else:
            return PlainTextResponse("no such demo article", status_code=404)
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store"})  # fmt: skip
