"""A real browser on every page: Debian's Chromium driven by selenium, one for the whole session.

`walker` (a session fixture, imported by test_page_budgets.py and test_accessibility.py) loads each
page of pages.py once per language with a cold cache and keeps what it found, so both suites share
one load per (page, language):

- figures: bytes on the wire (CDP `Network.loadingFinished.encodedDataLength`: compressed body and
  headers, cache disabled and cleared), requests (every http(s) request and WebSocket the page
  makes, the favicon included), DOM nodes, EcoIndex (PyPI `ecoindex-compute`), hosts, encodings;
- accessibility: axe-core 4.9 (PyPI `selenium-axe-python`, WCAG 2.1 A and AA rules), reflow at 320 px,
  text at 200 % (default font size 16 -> 32 px, CDP `Page.setFontSizes`) at 640 px, target sizes
  (WCAG 2.5.8), and, in French only, the keyboard walk (Tab through the page: every interactive
  element reached, each with a visible focus indicator) and a scroll to the bottom (no content
  loaded by scrolling);
- dark patterns: autoplay, pre-checked consent boxes, dialogs or overlays open on load, meta refresh.

Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default /usr/bin/chromedriver).
The figures table goes to the terminal summary, to <pytest tmp>/pages.txt and to e2e/.reports/pages.txt.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import pages as site_pages

LANGUAGES = ("fr", "en", "ar")
VIEWPORT = (360, 740)
REPORTS_DIR = Path(__file__).resolve().parent / ".reports"

# A page is loaded once the load event fired and no request started or ended for this long.
NETWORK_QUIET_S = 0.15
NETWORK_WAIT_MAX_S = 5.0
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium_paths() -> tuple[str, str]:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path, package in ((chromium, "chromium"), (driver, "chromium-driver")):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: install Debian's `{package}` (scripts/test does)", pytrace=False)
    return chromium, driver


def start_chromium(width: int = VIEWPORT[0], height: int = VIEWPORT[1]):
    """Headless Chromium, no sandbox (CI runs as root), nothing of its own on the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        f"--window-size={width},{height}", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
        "--lang=fr-FR",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    # Every load is measured as a first visit: no cache (neither the HTTP cache, which the favicon
    # loader keeps using even after Network.clearBrowserCache, nor the memory cache), and no
    # service worker answering (on a first visit none controls the page yet).
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
    _viewport(driver, width, height)
    return driver


def _viewport(driver, width: int, height: int = VIEWPORT[1]) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def _font_size(driver, standard: int) -> None:
    driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": standard, "fixed": round(standard * 13 / 16)}})


def ecoindex(dom: int, kilobytes: float, requests: int) -> tuple[float, str]:
    """EcoIndex score and grade, from `ecoindex-compute` (size in KB)."""
    from ecoindex.compute import compute_ecoindex

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # compute_ecoindex calls its own deprecated alias
        result = asyncio.run(compute_ecoindex(nodes=dom, size=kilobytes, requests=requests))
    return float(result.score), str(getattr(result.grade, "value", result.grade))


# --- what a visit finds --------------------------------------------------------------------------

@dataclass
class Request:
    url: str
    kind: str                    # Document, Stylesheet, Script, Other (favicon), WebSocket…
    status: int | None = None
    encoding: str = ""           # Content-Encoding
    bytes: int = 0               # on the wire: compressed body and headers
    failed: str = ""
    cacheable: bool = False      # answered with a Cache-Control max-age


@dataclass
class Visit:
    page: site_pages.Page
    lang: str
    url: str
    rtl_simulated: bool = False  # the server has no Arabic catalogue yet: lang/dir set on the French page
    html_lang: str = ""
    html_dir: str = ""
    requests: list[Request] = field(default_factory=list)
    dom: int = 0
    score: float = 0.0
    grade: str = ""
    # problems found, by rule; empty lists mean the rule holds
    axe: list[dict] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    keyboard_checked: bool = False
    link_rels: list[str] = field(default_factory=list)   # rel of the page's links (next, prev…)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.requests)

    @property
    def kilobytes(self) -> float:
        return self.bytes / 1024

    @property
    def document(self) -> Request | None:
        return next((r for r in self.requests if r.kind == "Document"), None)


# --- in-page scripts -----------------------------------------------------------------------------

INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary"

OVERFLOW_JS = """
const root = document.documentElement, width = root.clientWidth;
const wide = [];
if (root.scrollWidth > width) {
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > width + 1 || r.left < -1) && el.checkVisibility()) {
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''} [${Math.round(r.left)}..${Math.round(r.right)}] "${(el.innerText || el.value || '').trim().slice(0, 40)}"`);
      if (wide.length > 6) break;
    }
  }
}
return {scrollWidth: root.scrollWidth, clientWidth: width,
        fontSize: parseFloat(getComputedStyle(root).fontSize), wide: wide};
"""

TARGETS_JS = """
const SELECTOR = arguments[0];
const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
const page = document.documentElement.scrollWidth;
const targets = [...document.querySelectorAll(SELECTOR)].filter(el => el.checkVisibility()).map(el => {
  const r = el.getBoundingClientRect();
  return {el, r, cx: r.left + r.width / 2, cy: r.top + r.height / 2};
}).filter(t => t.r.width > 0 && t.r.height > 0 && t.r.right > 0 && t.r.left < page);
// WCAG 2.5.8 exception "inline": a link inside a sentence, its size set by the line height.
const inSentence = (el) => {
  if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
  let block = el.parentElement;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  if (!block) return false;
  let text = '';
  for (const node of block.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    else if (node.nodeType === Node.ELEMENT_NODE && !node.matches(SELECTOR) && !node.querySelector(SELECTOR)) text += node.textContent;
  }
  return text.replace(/[\\s·|,;:()\\[\\]-]/g, '').length >= 3;
};
const small = targets.filter(t => t.r.width < 23.5 || t.r.height < 23.5);
const distance = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
const problems = [];
for (const t of small) {
  if (inSentence(t.el)) continue;
  // Exception "spacing": a 24 px circle on the target's centre meets no other target, nor another
  // small target's circle.
  const clash = targets.find(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) && (
    distance(t.cx, t.cy, o.r) < 12 ||
    (small.includes(o) && Math.hypot(t.cx - o.cx, t.cy - o.cy) < 24)));
  if (clash) problems.push(`${describe(t.el)} is ${Math.round(t.r.width)}x${Math.round(t.r.height)} px and too close to ${describe(clash.el)}`);
}
return problems;
"""

DARK_PATTERNS_JS = """
const problems = [];
for (const el of document.querySelectorAll('[autoplay]')) problems.push(`autoplay on <${el.tagName.toLowerCase()}>`);
for (const el of document.querySelectorAll('meta[http-equiv]')) {
  if (/refresh/i.test(el.httpEquiv)) problems.push('a <meta http-equiv=refresh> reloads or leaves the page by itself');
}
// Boxes that say yes to something for the member (conditions, newsletters, partners): never ticked in advance.
const consentName = /consent|terms|cgu|cgv|newsletter|agree|marketing|opt-?in|partner|promo/i;
const consentLabel = /consent|newsletter|conditions|cgu|cgv|marketing|partenaire|partner|j.accepte|i agree|publicit|offres? commerciale/i;
for (const el of document.querySelectorAll('input[type=checkbox]')) {
  const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
  if ((consentName.test(el.name) || consentName.test(el.id) || consentLabel.test(label)) && (el.checked || el.defaultChecked)) {
    problems.push(`consent checkbox ${el.name || el.id} is pre-checked`);
  }
}
for (const el of document.querySelectorAll('dialog[open], [aria-modal=true], [role=dialog], [role=alertdialog]')) {
  if (el.checkVisibility()) problems.push(`<${el.tagName.toLowerCase()}> dialog open on load`);
}
const area = innerWidth * innerHeight;
for (const el of document.body.querySelectorAll('*')) {
  const style = getComputedStyle(el);
  if ((style.position === 'fixed' || style.position === 'sticky') && el.checkVisibility()) {
    const r = el.getBoundingClientRect();
    const seen = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    if (seen > area * 0.3) problems.push(`<${el.tagName.toLowerCase()} class="${el.className}"> covers ${Math.round(100 * seen / area)} % of the screen on load`);
  }
}
return problems;
"""

# Every element a keyboard user must reach, with its look before it has focus.
FOCUS_SETUP_JS = """
const SELECTOR = arguments[0];
const styleOf = (el) => { const s = getComputedStyle(el); return {outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 1 ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
  shadow: s.boxShadow, background: s.backgroundColor, border: `${s.borderTopColor} ${s.borderBottomColor} ${s.borderTopWidth} ${s.borderBottomWidth}`}; };
const list = [...document.querySelectorAll(SELECTOR)].filter(el =>
  el.checkVisibility() && !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]'));
const walk = list.map(el => ({el, style: styleOf(el)}));
const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const luminance = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
// What each Tab brings focus to, as it gets it.
const step = (el) => {
  const index = walk.findIndex(w => w.el === el);
  const now = styleOf(el), before = index >= 0 ? walk[index].style : null;
  // A visible indicator: an outline, a shadow, a background or a border that only focus gives.
  const changed = before ? Object.keys(now).filter(k => now[k] !== before[k] && !(k === 'outline' && now[k] === 'none')) : [];
  // An outline must stand out from what is behind it (WCAG 1.4.11: 3:1).
  let contrast = null;
  if (changed.includes('outline')) {
    let node = parseFloat(getComputedStyle(el).outlineOffset) >= 0 ? el.parentElement : el, bg = [255, 255, 255];
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; }
    }
    const a = luminance(rgb(getComputedStyle(el).outlineColor).slice(0, 3)), b = luminance(bg);
    contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  // Somewhere in the page (scrolling brings it into view): not pushed off its sides, not shrunk to nothing.
  const r = el.getBoundingClientRect();
  return {index, changed, contrast, onScreen: r.width >= 2 && r.height >= 2 && r.right > 0 && r.left < innerWidth && r.bottom + scrollY > 0,
          radio: el.type === 'radio' ? el.name : null,
          name: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''} "${(el.innerText || el.value || '').trim().slice(0, 30)}"`};
};
// Start from the top of the page, whatever had focus before.
const start = document.createElement('span');
start.tabIndex = -1;
start.id = 'e2e-walk-start';
document.body.prepend(start);
start.focus();
window.scrollTo(0, 0);
window.__walk = walk;
window.__steps = [];
window.__walkListener = (event) => window.__steps.push(step(event.target));
document.addEventListener('focusin', window.__walkListener);
// Date and time inputs stop once per part (day, month, year, hours, minutes, the picker…).
return list.length + 8 * list.filter(el => /^(date|time|datetime-local|month|week)$/.test(el.type)).length;
"""

FOCUS_MISSING_JS = """
const reached = new Set(arguments[0]), groups = new Set(arguments[1]);
return window.__walk.map((w, i) => ({w, i})).filter(({w, i}) => !reached.has(i) && !(w.el.type === 'radio' && groups.has(w.el.name)))
  .map(({w}) => `${w.el.tagName.toLowerCase()}${w.el.id ? '#' + w.el.id : ''}${w.el.name ? '[name=' + w.el.name + ']' : ''} "${(w.el.innerText || w.el.value || '').trim().slice(0, 30)}"`);
"""

# What members write (class "text", by the templates' convention) reads in its own direction in
# a page of the other direction: dir=auto, or CSS unicode-bidi: plaintext.
USER_TEXT_DIRECTION_JS = """
return [...document.querySelectorAll('.text')].filter(el =>
  !el.closest('[dir=auto]') && getComputedStyle(el).unicodeBidi !== 'plaintext')
  .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> "${el.innerText.trim().slice(0, 40)}"`);
"""

SCROLL_JS = """
const before = document.getElementsByTagName('*').length;
window.scrollTo(0, document.documentElement.scrollHeight);
window.dispatchEvent(new Event('scroll'));
return before;
"""

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
const known = new Set(axe.getRules().flatMap(r => r.tags));
const missing = arguments[0].filter(t => !known.has(t));
if (missing.length) { done([{id: 'axe-tags', impact: 'critical', description: `this axe-core has no rule tagged ${missing}`,
                             help: '', helpUrl: '', tags: [], nodes: []}]); return; }
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, description: v.description, help: v.help,
        helpUrl: v.helpUrl, tags: v.tags, nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
        all: n.all.map(c => ({message: c.message})), any: n.any.map(c => ({message: c.message})),
        none: n.none.map(c => ({message: c.message}))}))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', description: String(e), help: String(e), helpUrl: '', tags: [], nodes: []}]));
"""


# --- the walker ----------------------------------------------------------------------------------

class Walker:
    def __init__(self, base_url: str, tmp_dir: Path):
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.tmp_dir = tmp_dir
        self.site = site_pages.site()
        self.driver = start_chromium()
        self.logged_in = ""  # the `Site` member the browser is logged in as ("" logged out)
        self.visits: dict[tuple[str, str], Visit] = {}
        from selenium_axe_python import Axe
        self._axe = Axe(self.driver)
        # axe-core goes into every page once, as it loads (a script the page itself never fetches).
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": Path(self._axe.script_url).read_text(encoding="utf8")})
        self.started = time.monotonic()

    def close(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None

    # identity ----------------------------------------------------------------------------------
    def _as(self, member_name: str) -> None:
        if member_name == self.logged_in:
            return
        self.driver.delete_all_cookies()
        if member_name:
            from selenium.webdriver.common.by import By
            member = getattr(self.site, member_name)
            self.driver.get(f"{self.base_url}/login")
            self.driver.find_element(By.ID, "email").send_keys(member.email)
            self.driver.find_element(By.ID, "password").send_keys(member.password)
            self.driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
            deadline = time.monotonic() + 10
            while urlsplit(self.driver.current_url).path.startswith("/login") and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not urlsplit(self.driver.current_url).path.startswith("/login"), (
                f"the browser could not log in as {member.email}: {self.driver.current_url}")
        self.logged_in = member_name

    # network -----------------------------------------------------------------------------------
    def _drain(self) -> list[dict]:
        return [json.loads(entry["message"])["message"] for entry in self.driver.get_log("performance")]

    def _load(self, url: str) -> list[Request]:
        """Navigate with a cold cache; every request the page made until the network went quiet."""
        self._drain()
        self.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        self.driver.get(url)
        events = self._drain()
        deadline = time.monotonic() + NETWORK_WAIT_MAX_S
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            more = [e for e in self._drain() if e["method"].startswith("Network.")]
            events += more
            pending = self._pending(events)
            if more or pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= NETWORK_QUIET_S:
                break
        return self._requests(events)

    @staticmethod
    def _pending(events: list[dict]) -> set[str]:
        started, ended = set(), set()
        for event in events:
            params = event.get("params", {})
            if event["method"] == "Network.requestWillBeSent" and not params["request"]["url"].startswith("data:"):
                started.add(params["requestId"])
            elif event["method"] in ("Network.loadingFinished", "Network.loadingFailed"):
                ended.add(params["requestId"])
        return started - ended

    @staticmethod
    def _requests(events: list[dict]) -> list[Request]:
        by_id: dict[str, list[Request]] = {}
        ordered: list[Request] = []
        for event in events:
            method, params = event["method"], event.get("params", {})
            if method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("http://", "https://")):
                    continue  # data: URLs cost nothing on the network
                chain = by_id.setdefault(params["requestId"], [])
                if params.get("redirectResponse") and chain:
                    chain[-1].status = params["redirectResponse"].get("status")
                    chain[-1].bytes = int(params["redirectResponse"].get("encodedDataLength") or 0)
                request = Request(url=url, kind=params.get("type", "Other"))
                chain.append(request)
                ordered.append(request)
            elif method == "Network.webSocketCreated":
                request = Request(url=params["url"], kind="WebSocket")
                by_id.setdefault(params["requestId"], []).append(request)
                ordered.append(request)
            elif method == "Network.responseReceived" and params["requestId"] in by_id:
                request = by_id[params["requestId"]][-1]
                response = params["response"]
                request.status = response.get("status")
                headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
                request.encoding = headers.get("content-encoding", "")
                request.cacheable = bool(re.search(r"max-age=[1-9]", headers.get("cache-control", "")))
            elif method == "Network.webSocketHandshakeResponseReceived" and params["requestId"] in by_id:
                request = by_id[params["requestId"]][-1]
                request.status = params["response"].get("status")
            elif method == "Network.loadingFinished" and params["requestId"] in by_id:
                by_id[params["requestId"]][-1].bytes = int(params.get("encodedDataLength") or 0)
            elif method == "Network.loadingFailed" and params["requestId"] in by_id:
                request = by_id[params["requestId"]][-1]
                request.failed = params.get("errorText", "failed")
        # A file asked twice in one load (the icon, by the page and by the manifest) comes the
        # second time from the cache the first answer filled, on a real first visit too.
        seen, unique = set(), []
        for request in ordered:
            if request.url in seen and request.kind != "Document":
                continue
            if request.cacheable:
                seen.add(request.url)
            unique.append(request)
        return unique

    # a page --------------------------------------------------------------------------------------
    def visit(self, page: site_pages.Page, lang: str) -> Visit:
        key = (page.name, lang)
        if key in self.visits:
            return self.visits[key]
        started = time.monotonic()
        self._as(page.member)
        driver = self.driver
        _viewport(driver, *VIEWPORT)
        _font_size(driver, 16)
        separator = "&" if "?" in page.url else "?"
        url = f"{self.base_url}{page.url}{separator}lang={lang}"
        visit = Visit(page=page, lang=lang, url=url)
        visit.requests = self._load(url)
        if not any(urlsplit(r.url).path == "/favicon.ico" for r in visit.requests) and not driver.execute_script(
                "return !!document.querySelector('link[rel~=icon]')"):
            # Without an icon of its own a page makes the browser ask for /favicon.ico on a first
            # visit; Chromium asks once per site, so later loads would hide it: count it on every page.
            visit.requests.append(self._implicit_favicon())
        visit.dom = driver.execute_script("return document.getElementsByTagName('*').length")
        visit.score, visit.grade = ecoindex(visit.dom, visit.kilobytes, len(visit.requests))
        visit.html_lang, visit.html_dir, visit.link_rels = driver.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir,"
            " [...document.querySelectorAll('a[rel]')].flatMap(a => a.rel.split(/\\s+/))]")
        if lang == "ar" and visit.html_lang != "ar":
            # No Arabic catalogue on this server yet: the French page, set right to left, stands in.
            driver.execute_script("document.documentElement.lang = 'ar'; document.documentElement.dir = 'rtl';")
            visit.rtl_simulated = True
        problems = visit.problems
        visit.timings["load"] = time.monotonic() - started

        def timed(name, work):
            begun = time.monotonic()
            result = work()
            visit.timings[name] = time.monotonic() - begun
            return result

        if lang == "fr":
            problems["keyboard"], problems["focus visible"] = timed("keyboard", self._keyboard_walk)
            visit.keyboard_checked = True
            problems["infinite scroll"] = timed("scroll", self._scroll_check)
        if lang == "ar":
            problems["user text direction"] = driver.execute_script(USER_TEXT_DIRECTION_JS)
        problems["dark patterns"] = timed("dark", lambda: driver.execute_script(DARK_PATTERNS_JS))
        problems["target size"] = timed("targets", lambda: driver.execute_script(TARGETS_JS, INTERACTIVE))
        visit.axe = timed("axe", self._run_axe)
        problems["reflow 320 px"] = timed("reflow", lambda: self._overflow(320, 16))
        problems["text 200 % at 640 px"] = timed("zoom", lambda: self._overflow(640, 32))
        _viewport(driver, *VIEWPORT)
        _font_size(driver, 16)
        visit.seconds = time.monotonic() - started
        self.visits[key] = visit
        return visit

    def _implicit_favicon(self) -> Request:
        import requests as http

        response = http.get(f"{self.base_url}/favicon.ico", headers={"Accept-Encoding": "gzip, deflate, br"},
                            timeout=30, stream=True)
        body = response.raw.read()  # as sent: still compressed
        head = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 20
        return Request(url=f"{self.base_url}/favicon.ico", kind="Other (implicit favicon)",
                       status=response.status_code, encoding=response.headers.get("Content-Encoding", ""),
                       bytes=len(body) + head)

    def _run_axe(self) -> list[dict]:
        return self.driver.execute_async_script(AXE_RUN_JS, AXE_TAGS)

    def _overflow(self, width: int, font_px: int) -> list[str]:
        _viewport(self.driver, width)
        _font_size(self.driver, font_px)
        found = self.driver.execute_script(OVERFLOW_JS)
        problems = []
        if font_px != 16 and found["fontSize"] < font_px - 0.5:
            problems.append(f"the text did not grow: root font size {found['fontSize']} px instead of {font_px} px")
        if found["scrollWidth"] > found["clientWidth"]:
            problems.append(f"scrolls sideways: {found['scrollWidth']} px of content in {found['clientWidth']} px; "
                            f"wider: {'; '.join(found['wide']) or '?'}")
        return problems

    def _keyboard_walk(self) -> tuple[list[str], list[str]]:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        driver = self.driver
        presses = driver.execute_script(FOCUS_SETUP_JS, INTERACTIVE) + 3
        # Every Tab in one go (one round trip); the page writes down each focus it gets.
        ActionChains(driver).send_keys(Keys.TAB * presses).perform()
        steps = driver.execute_script("return window.__steps")
        reached, groups, invisible = set(), set(), []
        last = None
        for step in steps:
            if step["index"] < 0:
                continue  # focusable but not one of INTERACTIVE (a tabindex on something else)
            if step["index"] == last:
                continue  # a date or time input has a stop per part (day, month, year, hours…)
            if step["index"] in reached:
                break  # back to an element already seen: the walk went round
            last = step["index"]
            reached.add(step["index"])
            if step["radio"]:
                groups.add(step["radio"])
            if not step["onScreen"]:
                invisible.append(f"{step['name']}: focused but not shown")
            elif not step["changed"]:
                invisible.append(f"{step['name']}: no visible focus indicator (same outline, shadow, background "
                                 f"and border with and without focus)")
            elif step["contrast"] is not None and step["contrast"] < 3:
                invisible.append(f"{step['name']}: its focus outline contrasts {step['contrast']:.1f}:1 with what "
                                 f"is behind it (3:1 needed)")
        missing = driver.execute_script(FOCUS_MISSING_JS, sorted(reached), sorted(groups))
        keyboard = [f"Tab never reaches {name}" for name in missing]
        driver.execute_script("document.removeEventListener('focusin', window.__walkListener);"
                              " document.getElementById('e2e-walk-start').remove();"
                              " document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        return keyboard, invisible

    def _scroll_check(self) -> list[str]:
        self._drain()
        before = self.driver.execute_script(SCROLL_JS)
        time.sleep(0.15)
        after = self.driver.execute_script("return document.getElementsByTagName('*').length")
        loaded = [r.url for r in self._requests(self._drain())]
        self.driver.execute_script("window.scrollTo(0, 0)")
        problems = []
        if after != before:
            problems.append(f"scrolling to the bottom added {after - before} elements")
        if loaded:
            problems.append(f"scrolling to the bottom loaded {loaded}")
        return problems

    # the table -----------------------------------------------------------------------------------
    def table(self) -> str:
        rows = []
        header = f"{'page':<44} {'KB fr/en/ar':>17} {'req':>4} {'DOM':>4} {'EcoIndex':>9}"
        rows.append(header)
        rows.append("-" * len(header))
        worst = None
        for page in self.site.pages():
            visits = [self.visits.get((page.name, lang)) for lang in LANGUAGES]
            if not any(visits):
                continue
            known = [v for v in visits if v]
            kb = "/".join(f"{v.kilobytes:.1f}" if v else "-" for v in visits)
            requests = max(len(v.requests) for v in known)
            dom = max(v.dom for v in known)
            low = min(known, key=lambda v: v.score)
            rows.append(f"{page.name[:44]:<44} {kb:>17} {requests:>4} {dom:>4} {low.score:>6.0f} {low.grade}")
            if worst is None or low.score < worst.score:
                worst = low
        if worst is not None:
            rows.append("")
            rows.append(f"worst: {worst.page.name} ({worst.lang}): EcoIndex {worst.score:.0f} {worst.grade}, "
                        f"{worst.kilobytes:.1f} KB, {len(worst.requests)} requests, {worst.dom} DOM nodes")
        simulated = sorted({v.page.name for v in self.visits.values() if v.rtl_simulated})
        if simulated:
            rows.append("ar: the server has no Arabic catalogue yet; the French pages were checked right to left "
                        "(figures are the French page's)")
        phases: dict[str, float] = {}
        for visit in self.visits.values():
            for phase, seconds in visit.timings.items():
                phases[phase] = phases.get(phase, 0.0) + seconds
        rows.append(f"{len(self.visits)} page loads in {time.monotonic() - self.started:.0f} s ("
                    + ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in phases.items()) + ")")
        return "\n".join(rows)


_WALKERS: dict[str, Walker] = {}


class _Summary:
    """Prints the figures table at the end of the session and writes it to files."""

    def __init__(self, walker: Walker):
        self.walker = walker

    def write(self) -> str:
        text = self.walker.table()
        for directory in (self.walker.tmp_dir, REPORTS_DIR):
            try:
                directory.mkdir(parents=True, exist_ok=True)
                (directory / "pages.txt").write_text(text + "\n", encoding="utf8")
            except OSError:
                pass
        return text

    def pytest_terminal_summary(self, terminalreporter):
        if not self.walker.visits:
            return
        terminalreporter.section("pages: bytes on the wire, requests, DOM nodes, EcoIndex")
        for line in self.write().splitlines():
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"(also in {REPORTS_DIR / 'pages.txt'})")


@pytest.fixture(scope="session")
def walker(server, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """The session's browser and the pages it has seen (one for both browser suites)."""
    if server not in _WALKERS:
        walker = Walker(server, tmp_path_factory.mktemp("pages"))
        _WALKERS[server] = walker
        summary = _Summary(walker)
        request.config.pluginmanager.register(summary, f"entraide-pages-summary-{id(walker)}")
        request.addfinalizer(summary.write)
        request.addfinalizer(walker.close)
    return _WALKERS[server]
