"""Offline (issue 5): in Debian's Chromium, the web app keeps working without signal.

A member logs in on the web and reads the feed and a conversation; the connection goes (DevTools
network emulation, applied to the page *and* to its service worker, which makes its own requests);
the feed and the conversation still show, marked "Hors ligne — dernière mise à jour à …"; a
message written then shows "Sera envoyé…" in place and reaches the server exactly once when the
connection comes back, even when it is sent again (a lost answer, replayed under its key). A
help request the server refuses stays on the device with the reason, until the member puts it
back in the form; signing out forgets the pages kept.

Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default /usr/bin/chromedriver).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import secrets
import shutil
import time
from urllib.parse import urlsplit

import pytest
import requests

import helpers

PENDING = "Sera envoyé dès le retour de la connexion"
OFFLINE_MARK = re.compile(r"^Hors ligne — dernière mise à jour à \d{2}:\d{2}$")


# --- the browser ---------------------------------------------------------------------------------

def _chromium():
    """Headless Chromium with its service workers at work (browser.py's, when it is there, turns them off)."""
    try:
        from browser import start_chromium
    except ImportError:
        start_chromium = None
    if start_chromium is not None:
        driver = start_chromium()
        driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": False})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        return driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path, package in ((chromium, "chromium"), (chromedriver, "chromium-driver")):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: install Debian's `{package}` (scripts/test does)", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=360,740", "--no-first-run", "--disable-background-networking", "--lang=fr-FR"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Network:
    """Cuts and restores the connection of the page and of the service worker.

    `Network.emulateNetworkConditions` sent through chromedriver reaches the page only: the
    worker's own requests would still go out. So this speaks to the browser's DevTools endpoint
    directly, attaches to the page and to the worker, and emulates on both; the emulation lasts
    as long as the connection, kept open while offline.
    """

    def __init__(self, driver, origin: str):
        from websockets.sync.client import connect

        self.driver, self.origin = driver, origin
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        endpoint = requests.get(f"http://{address}/json/version", timeout=10).json()["webSocketDebuggerUrl"]
        self.stack = contextlib.ExitStack()
        self.socket = self.stack.enter_context(connect(endpoint, max_size=None, open_timeout=10))
        self.ids = itertools.count(1)
        self.sessions: list[str] = []

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        number = next(self.ids)
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv(timeout=30))
            if answer.get("id") == number:
                assert "error" not in answer, f"{method}: {answer['error']}"
                return answer.get("result", {})

    def _emulate(self, offline: bool) -> None:
        for session in self.sessions:
            self.call("Network.emulateNetworkConditions", {"offline": offline, "latency": 0,
                                                           "downloadThroughput": -1, "uploadThroughput": -1}, session)

    def offline(self) -> None:
        targets = [t for t in self.call("Target.getTargets")["targetInfos"]
                   if t["type"] in ("page", "service_worker") and t["url"].startswith(self.origin)]
        kinds = sorted({t["type"] for t in targets})
        assert kinds == ["page", "service_worker"], f"expected our page and its service worker, found {targets}"
        for target in targets:
            session = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})["sessionId"]
            self.call("Network.enable", {}, session)
            self.sessions.append(session)
        self._emulate(True)
        assert self.driver.execute_script("return navigator.onLine") is False

    def online(self) -> None:
        self._emulate(False)
        for session in self.sessions:
            self.call("Target.detachFromTarget", {"sessionId": session})
        self.sessions = []

    def close(self) -> None:
        try:
            if self.sessions:
                self.online()
        finally:
            self.stack.close()


def wait_for(condition, what: str, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


# --- in the page -----------------------------------------------------------------------------------

KEPT_JS = """
const done = arguments[arguments.length - 1];
caches.open('pages').then(c => c.keys()).then(keys => done(keys.map(r => new URL(r.url).pathname + new URL(r.url).search)),
                                            () => done([]));
"""

QUEUE_JS = """
const done = arguments[arguments.length - 1];
const open = indexedDB.open('entraide', 1);
open.onerror = () => done(null);
open.onsuccess = () => {
  const request = open.result.transaction('queue').objectStore('queue').getAll();
  request.onsuccess = () => { open.result.close(); done(request.result); };
  request.onerror = () => done(null);
};
"""

PUT_BACK_JS = """
const [item, done] = arguments;
const open = indexedDB.open('entraide', 1);
open.onsuccess = () => {
  const t = open.result.transaction('queue', 'readwrite');
  t.objectStore('queue').put(item);
  t.oncomplete = () => { open.result.close(); done(true); };
  t.onerror = () => done(false);
};
"""

# What app.js says at every page load: the worker then sends what waits.
HELLO_JS = """
const script = document.getElementById('app-js');
navigator.serviceWorker.controller.postMessage({type: 'hello', owner: script.dataset.owner, lang: document.documentElement.lang,
                                                online: true, seen: ''});
"""


def queued(driver) -> list[dict]:
    return driver.execute_script(
        "return [...document.querySelectorAll('.queued')].map(n => ({state: n.dataset.state, text: n.innerText}))")


def offline_mark(driver) -> str:
    return driver.execute_script("const p = document.querySelector('#main > p.offline'); return p ? p.innerText : ''")


# --- fixtures --------------------------------------------------------------------------------------

@pytest.fixture
def browser(server):
    driver = _chromium()
    yield driver
    driver.quit()


def log_in(driver, base_url: str, member: helpers.Member) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base_url}/login")
    driver.find_element(By.ID, "email").send_keys(member.email)
    driver.find_element(By.ID, "password").send_keys(member.password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait_for(lambda: not urlsplit(driver.current_url).path.startswith("/login"), "the log-in")


def read_online(driver, url: str) -> None:
    """Open a page with the service worker in charge, and wait until it kept a copy."""
    driver.get(url)
    wait_for(lambda: driver.execute_script("return !!navigator.serviceWorker.controller"), "the service worker")
    path = urlsplit(url).path
    wait_for(lambda: path in driver.execute_async_script(KEPT_JS), f"a copy of {path}")


def messages_on_server(member: helpers.Member, conversation: str) -> list[str]:
    response = requests.get(helpers.api(f"/conversations/{conversation}/messages"), headers=member.headers, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return [m["body"] for m in response.json()["items"]]


# --- tests -----------------------------------------------------------------------------------------

def test_pages_read_before_stay_readable_and_a_message_written_offline_is_sent_once(browser, base_url):
    from selenium.webdriver.common.by import By

    nadia = helpers.signup_email(first_name="Nadia", last_name="Haddad")
    karim = helpers.signup_email(first_name="Karim", last_name="Benaissa")
    created = requests.post(helpers.api("/conversations"), json={"participantIDs": [karim.id]},
                            headers=nadia.headers, timeout=30)
    assert created.status_code in (200, 201), created.text[:500]
    conversation = created.json()["id"]
    page = f"{base_url}/conversations/{conversation}"
    requests.post(helpers.api(f"/conversations/{conversation}/messages"), json={"body": "Bonjour Nadia, ça va ?"},
                  headers=karim.headers, timeout=30).raise_for_status()

    log_in(browser, base_url, nadia)
    # The app can be installed: Chromium finds nothing missing in the manifest.
    browser.get(f"{base_url}/feed")
    errors = browser.execute_cdp_cmd("Page.getInstallabilityErrors", {}).get("installabilityErrors", [])
    assert not [e for e in errors if e.get("errorId") != "in-incognito"], f"not installable: {errors}"
    read_online(browser, f"{base_url}/feed")
    read_online(browser, page)

    network = Network(browser, base_url)
    try:
        network.offline()
        browser.get(f"{base_url}/feed")
        assert OFFLINE_MARK.match(offline_mark(browser)), f"the feed read offline says {offline_mark(browser)!r}"
        assert browser.find_element(By.TAG_NAME, "h1").text == "Autour de moi"

        browser.get(page)
        assert OFFLINE_MARK.match(offline_mark(browser)), f"the conversation read offline says {offline_mark(browser)!r}"
        assert "Bonjour Nadia, ça va ?" in browser.find_element(By.ID, "messages").text

        text = f"Écrit sans réseau {secrets.token_hex(3)}"
        browser.find_element(By.ID, "body").send_keys(text)
        browser.find_element(By.CSS_SELECTOR, "#compose button[type=submit]").click()
        shown = wait_for(lambda: [q for q in queued(browser) if text in q["text"]], "the message shown as waiting")
        assert shown[0]["state"] == "pending" and PENDING in shown[0]["text"], shown
        assert urlsplit(browser.current_url).path == f"/conversations/{conversation}"
        assert text not in messages_on_server(nadia, conversation), "the message left although the device was offline"
        items = browser.execute_async_script(QUEUE_JS)
        assert len(items) == 1 and items[0]["state"] == "pending", items
        item = items[0]
        assert re.fullmatch(r"[0-9a-f-]{36}", item["key"]), item

        # A page never opened: the small offline page, in French.
        browser.get(f"{base_url}/events/{karim.id}")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Pas de connexion"
        browser.get(page)
        wait_for(lambda: [q for q in queued(browser) if text in q["text"] and q["state"] == "pending"],
                 "the waiting message shown again on the page read offline")

        network.online()
        wait_for(lambda: [q for q in queued(browser) if text in q["text"] and q["state"] == "sent"],
                 "the message marked sent once the connection is back")
    finally:
        network.close()

    assert messages_on_server(nadia, conversation).count(text) == 1
    assert browser.execute_async_script(QUEUE_JS) == []

    # The answer was lost, say: the same item goes out again, and nothing more is created.
    assert browser.execute_async_script(PUT_BACK_JS, item)
    browser.execute_script(HELLO_JS)
    wait_for(lambda: browser.execute_async_script(QUEUE_JS) == [], "the replayed item to be done")
    # And the same request straight to the server, as the browser would send it again.
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    replay = requests.post(f"{base_url}{item['action']}", data=item["body"], cookies=cookies, allow_redirects=False,
                           headers={"Content-Type": item["type"], "Idempotency-Key": item["key"], "Accept": "text/html"},
                           timeout=30)
    assert replay.status_code == 303 and replay.headers.get("Idempotent-Replayed") == "true", (
        f"{replay.status_code} {dict(replay.headers)}")
    assert urlsplit(replay.headers["Location"]).path == f"/conversations/{conversation}"
    assert messages_on_server(nadia, conversation).count(text) == 1


def test_a_help_request_the_server_refuses_stays_on_the_device_with_the_reason(browser, base_url):
    from selenium.webdriver.common.by import By

    lea = helpers.signup_email(first_name="Léa", last_name="Moreau")
    log_in(browser, base_url, lea)
    read_online(browser, f"{base_url}/feed")
    read_online(browser, f"{base_url}/actions/new")

    network = Network(browser, base_url)
    title = f"Un duvet chaud {secrets.token_hex(3)}"
    try:
        network.offline()
        browser.get(f"{base_url}/actions/new")
        assert OFFLINE_MARK.match(offline_mark(browser))
        browser.find_element(By.ID, "title").send_keys(title)
        browser.find_element(By.ID, "postalCode").send_keys("75011")
        browser.find_element(By.ID, "city").send_keys("Paris")
        # No category chosen: the server will refuse it, once it hears of it.
        browser.find_element(By.CSS_SELECTOR, "form[data-offline-queue] button[type=submit]").click()
        wait_for(lambda: [q for q in queued(browser) if title in q["text"] and q["state"] == "pending"],
                 "the help request shown as waiting")
        network.online()
        refused = wait_for(lambda: [q for q in queued(browser) if title in q["text"] and q["state"] == "error"],
                           "the refusal shown in place")
    finally:
        network.close()
    assert "Pas envoyé" in refused[0]["text"], refused
    mine = requests.get(helpers.api("/actions?mine=true"), headers=lea.headers, timeout=30)
    assert title not in mine.text
    items = browser.execute_async_script(QUEUE_JS)
    assert len(items) == 1 and items[0]["state"] == "error" and items[0]["error"], items

    browser.find_element(By.CSS_SELECTOR, ".queued button").click()
    assert browser.find_element(By.ID, "title").get_attribute("value") == title
    assert browser.find_element(By.ID, "city").get_attribute("value") == "Paris"
    wait_for(lambda: browser.execute_async_script(QUEUE_JS) == [], "the item to leave the queue once back in the form")
    assert queued(browser) == []

    # Signing out forgets the pages kept: the next person on this phone cannot read them offline.
    assert {"/feed", "/actions/new"} <= set(browser.execute_async_script(KEPT_JS))
    browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait_for(lambda: not {"/feed", "/actions/new"} & set(browser.execute_async_script(KEPT_JS)), "the copies to go")


def test_the_services_directory_read_once_stays_readable_offline(browser, base_url):
    """The list of useful places and a place's page, read once, show without signal (issue 7)."""
    from selenium.webdriver.common.by import By

    helpers.run_cli("places", "import", "Resources/Places/demo-places.csv", "--source", "demo")
    found = requests.get(helpers.api("/places?q=oberkampf"), timeout=30).json()["items"]
    place = f"{base_url}/services/{found[0]['id']}"
    listing = f"{base_url}/services"
    member = helpers.signup_email(first_name="Sami", last_name="Ferhat")
    log_in(browser, base_url, member)
    read_online(browser, listing)
    read_online(browser, place)

    network = Network(browser, base_url)
    try:
        network.offline()
        browser.get(listing)
        assert OFFLINE_MARK.match(offline_mark(browser)), f"the list read offline says {offline_mark(browser)!r}"
        assert "Bains-douches Oberkampf" in browser.find_element(By.ID, "main").text
        browser.get(place)
        assert OFFLINE_MARK.match(offline_mark(browser)), f"the place read offline says {offline_mark(browser)!r}"
        assert "08:00-12:00" in browser.find_element(By.ID, "main").text
    finally:
        network.close()
