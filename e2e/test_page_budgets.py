"""Light pages (issue 5): every web page, in a real browser with a cold cache, within its budget.

Per page and language (French, English, Arabic), logged out for the pages a visitor sees and
logged in (a moderator and admin, with real content: pages.py) for all of them:
- at most 35 KB (KiB, 35 x 1024 bytes) on the wire: compressed bodies and headers of every request;
- at most 6 requests, the favicon, scripts, the manifest and WebSockets included;
- at most 250 DOM nodes;
- EcoIndex at least 85 (grade A), computed by `ecoindex-compute` from these three figures;
- every request to the server itself (no third party), HTML, CSS and scripts compressed.
The figures table is printed at the end of the session and written to e2e/.reports/pages.txt.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

import pages
from browser import LANGUAGES, walker  # noqa: F401  (walker is a fixture)

MAX_BYTES = 35 * 1024
MAX_REQUESTS = 6
MAX_DOM_NODES = 250
MIN_ECOINDEX = 85
COMPRESSED = {"gzip", "deflate", "br", "zstd"}
# Text answers that must arrive compressed (the browser asks for gzip, deflate, br and zstd).
COMPRESSIBLE_KINDS = {"Document", "Stylesheet", "Script", "Manifest", "Fetch", "XHR"}
# Lists the content of pages.py makes longer than a page: each must link to the rest, never load it by scrolling.
PAGINATED = {
    "/actions (member)": "next",
    "/events (member)": "next",
    "/groups/:groupID (member)": "next",
    "/conversations/:conversationID (member)": "prev",
}

PAGE_LANGS = [(name, lang) for name in pages.page_names() for lang in LANGUAGES]


def test_every_page_route_is_walked(server):
    """A GET route added to the server must be walked by pages.py (or listed in NOT_PAGES with its reason)."""
    routes = set(pages.page_routes())
    walked = {spec.route for spec in pages.PAGES}
    not_walked = sorted(routes - walked - set(pages.NOT_PAGES))
    assert not not_walked, (
        f"page routes the browser suites never visit: {not_walked}; add them to PAGES in e2e/pages.py "
        f"(with content behind them) or to NOT_PAGES if they are no page")
    gone = sorted((walked | set(pages.NOT_PAGES)) - routes)
    assert not gone, f"e2e/pages.py lists routes the server no longer has: {gone}"


def test_visitors_see_exactly_the_visitor_pages(server):
    """What is walked logged out is what a visitor can open; every other page sends them to log in."""
    site = pages.site()
    wrong = []
    for spec in pages.PAGES:
        if spec.member != "marie":
            continue  # a second member's view of a route: its visitor view is checked once, with Marie's
        response = requests.get(f"{server}{spec.url(site)}", headers={"Accept": "text/html"},
                                allow_redirects=False, timeout=30)
        if spec.visitor and response.status_code != 200:
            wrong.append(f"{spec.route}: a visitor page answers {response.status_code}")
        if not spec.visitor and not (300 <= response.status_code < 400
                                     and urlsplit(response.headers.get("Location", "")).path == "/login"):
            wrong.append(f"{spec.route}: answers {response.status_code} to a visitor (mark it visitor=True in "
                         f"e2e/pages.py so it is walked logged out)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name,lang", PAGE_LANGS, ids=[f"{n}-{l}" for n, l in PAGE_LANGS])
def test_page_budget(walker, name, lang):  # noqa: F811
    visit = walker.visit(walker.site.page(name), lang)
    document = visit.document
    assert document is not None, f"{visit.url}: no document request seen: {visit.requests}"
    expected = 404 if name.startswith("error 404") else 200
    assert document.status == expected and urlsplit(document.url).path == urlsplit(visit.url).path, (
        f"{visit.url} answered {document.status} at {document.url} (expected {expected}, no redirect)")

    listing = "\n".join(f"  {r.kind:<10} {r.status} {r.encoding or '-':<8} {r.bytes:>6} B {r.url}"
                        f"{' FAILED ' + r.failed if r.failed else ''}" for r in visit.requests)
    problems = []
    foreign = [r.url for r in visit.requests if urlsplit(r.url).netloc != walker.host]
    if foreign:
        problems.append(f"third-party requests: {foreign}")
    raw = [r.url for r in visit.requests
           if r.kind in COMPRESSIBLE_KINDS and r.status == 200 and r.bytes > 300 and r.encoding not in COMPRESSED]
    if raw:
        problems.append(f"not compressed (no Content-Encoding): {raw}")
    if visit.bytes > MAX_BYTES:
        problems.append(f"{visit.kilobytes:.1f} KB on the wire > {MAX_BYTES // 1024} KB")
    if len(visit.requests) > MAX_REQUESTS:
        problems.append(f"{len(visit.requests)} requests > {MAX_REQUESTS}")
    if visit.dom > MAX_DOM_NODES:
        problems.append(f"{visit.dom} DOM nodes > {MAX_DOM_NODES}")
    if visit.score < MIN_ECOINDEX:
        problems.append(f"EcoIndex {visit.score:.0f} ({visit.grade}) < {MIN_ECOINDEX}")
    failed = [f"{r.url}: {r.failed}" for r in visit.requests if r.failed]
    if failed:
        problems.append(f"failed requests: {failed}")
    assert not problems, f"{name} in {lang} ({visit.url}):\n- " + "\n- ".join(problems) + f"\nrequests:\n{listing}"


@pytest.mark.parametrize("name", sorted(PAGINATED))
def test_long_lists_link_to_the_rest(walker, name):  # noqa: F811
    """No infinite scroll: a list longer than a page ends with a link to the next (or older) page."""
    visit = walker.visit(walker.site.page(name), "fr")
    rel = PAGINATED[name]
    assert rel in visit.link_rels, f"{name}: the list is longer than a page but has no <a rel=\"{rel}\"> link"
    assert not visit.problems.get("infinite scroll"), visit.problems["infinite scroll"]
