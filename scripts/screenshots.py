"""Takes the README's screenshots: a few main pages, as a demo member, at 360×740, in French and Arabic.

Usage: screenshots.py BASE_URL OUT_DIR (scripts/screenshots starts the server and calls this).
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

MEMBER = ("marie@demo.entraide.example", "entraide-demo")
LANGUAGES = ("fr", "ar")


def session_cookies(base: str) -> list[dict]:
    """Logs the demo member in through the real form (CSRF token included) and returns the cookies."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "email": MEMBER[0], "password": MEMBER[1]}).encode()
    opener.open(urllib.request.Request(f"{base}/login", data=body))
    return [{"name": c.name, "value": c.value, "path": "/"} for c in jar]


def first_link(driver, base: str, path: str, pattern: str) -> str | None:
    driver.get(f"{base}{path}")
    for anchor in driver.find_elements("css selector", "main a[href]"):
        href = anchor.get_attribute("href") or ""
        if re.search(pattern, urllib.parse.urlsplit(href).path):
            return urllib.parse.urlsplit(href).path
    return None


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=360,740"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_window_size(360, 740)
        driver.get(f"{base}/login")
        visitor = {"login": "/login"}
        for name, path in visitor.items():
            for language in LANGUAGES:
                driver.get(f"{base}{path}?lang={language}")
                driver.save_screenshot(str(out / f"{name}-{language}.png"))
        driver.delete_all_cookies()
        for cookie in session_cookies(base):
            driver.add_cookie(cookie)
        pages = {"feed": "/feed", "new-request": "/actions/new"}
        for name, path, pattern in (("action", "/actions", r"^/actions/[0-9A-Fa-f-]{36}$"),
                                    ("event", "/events", r"^/events/[0-9A-Fa-f-]{36}$"),
                                    ("group", "/groups", r"^/groups/[0-9A-Fa-f-]{36}$"),
                                    ("conversation", "/conversations", r"^/conversations/[0-9A-Fa-f-]{36}$")):
            found = first_link(driver, base, path, pattern)
            if found:
                pages[name] = found
        shot = []
        for name, path in pages.items():
            for language in LANGUAGES:
                driver.get(f"{base}{path}?lang={language}")
                target = out / f"{name}-{language}.png"
                driver.save_screenshot(str(target))
                shot.append(target.name)
        # Leave the reader's language as it was found.
        driver.get(f"{base}/feed?lang=fr")
        print(json.dumps({"pages": pages, "screenshots": len(shot) + 2 * len(visitor)}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
