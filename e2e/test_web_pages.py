"""Server-rendered pages: sign-up form with CSRF, session cookie, /me page, log-out."""

from __future__ import annotations

import secrets
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from helpers import DEFAULT_PASSWORD, unique_email


class _Forms(HTMLParser):
    """Collects forms: [{"action": str, "method": str, "inputs": {name: value}}]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._current: dict | None = None
        self.loose_inputs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._current = {"action": attributes.get("action", ""),
                             "method": attributes.get("method", "get").lower(), "inputs": {}, "types": {}}
            self.forms.append(self._current)
        elif tag == "input" and "name" in attributes:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return  # a browser sends these only when clicked
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return  # a browser sends only the checked ones
            target = self._current["inputs"] if self._current is not None else self.loose_inputs
            target.setdefault(attributes["name"], attributes.get("value", ""))
            if self._current is not None:
                self._current["types"].setdefault(attributes["name"], kind)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def csrf_form(html: str, action_suffix: str | None = None, with_field: str | None = None) -> dict:
    """The form carrying a hidden `csrf` input; preferably the one whose action ends with `action_suffix`
    and the one that has a `with_field` input (the e-mail form when the page also has a phone form)."""
    candidates = [f for f in forms_of(html) if "csrf" in f["inputs"]]
    if with_field is not None:
        candidates = [f for f in candidates if with_field in f["types"]] or candidates
    if action_suffix is not None:
        matching = [f for f in candidates if urlsplit(f["action"]).path.rstrip("/").endswith(action_suffix)]
        candidates = matching or candidates
    assert candidates, f"no form with a `csrf` input in the page:\n{html[:2000]}"
    return candidates[0]


def set_cookie_headers(response: requests.Response) -> list[str]:
    headers = []
    for r in [*response.history, response]:
        headers.extend(r.raw.headers.getlist("Set-Cookie") if r.raw is not None else [])
    return headers


def allow_insecure_cookies(session: requests.Session) -> None:
    """Cookies are `Secure` outside development; this suite talks plain HTTP to 127.0.0.1, so let the jar send them."""
    for cookie in session.cookies:
        cookie.secure = False


@pytest.fixture
def browser(server) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "entraide-e2e/1.0"
    yield session
    session.close()


def get(session: requests.Session, url: str, **kwargs) -> requests.Response:
    response = session.get(url, timeout=30, **kwargs)
    allow_insecure_cookies(session)
    return response


def post(session: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    response = session.post(url, data=data, timeout=30, **kwargs)
    allow_insecure_cookies(session)
    return response


def test_signup_page_has_a_csrf_protected_form(browser, base_url):
    page = get(browser, f"{base_url}/signup")
    assert page.status_code == 200, page.text[:500]
    assert page.headers.get("Content-Type", "").startswith("text/html")
    form = csrf_form(page.text)
    assert form["types"]["csrf"] == "hidden"
    assert form["inputs"]["csrf"], "empty csrf token"
    assert form["method"] == "post"


def _signup_fields(first_name: str, email: str) -> dict:
    return {
        "firstName": first_name,
        "lastName": "Lefebvre",
        "goal": "offer_help",
        "language": "fr",
        "email": email,
        "password": DEFAULT_PASSWORD,
    }


def test_signup_without_or_with_a_wrong_csrf_token_is_refused(browser, base_url):
    page = get(browser, f"{base_url}/signup")
    form = csrf_form(page.text, with_field="email")
    action = urljoin(page.url, form["action"] or "/signup")
    fields = _signup_fields("Nocsrf", unique_email("nocsrf"))

    missing = post(browser, action, fields, allow_redirects=False)
    assert missing.status_code == 403, f"{missing.status_code}: {missing.text[:300]}"

    wrong = post(browser, action, {**fields, "csrf": secrets.token_urlsafe(24)}, allow_redirects=False)
    assert wrong.status_code == 403, f"{wrong.status_code}: {wrong.text[:300]}"

    # A token from another browser's session is refused too.
    other = requests.Session()
    other_form = csrf_form(get(other, f"{base_url}/signup").text)
    foreign = post(browser, action, {**fields, "csrf": other_form["inputs"]["csrf"]}, allow_redirects=False)
    assert foreign.status_code == 403, f"{foreign.status_code}: {foreign.text[:300]}"
    other.close()


def test_signup_me_page_and_logout(browser, base_url):
    first_name = "Ombeline"
    page = get(browser, f"{base_url}/signup")
    cookies_seen = set_cookie_headers(page)
    form = csrf_form(page.text, with_field="email")
    action = urljoin(page.url, form["action"] or "/signup")

    fields = {**form["inputs"], **_signup_fields(first_name, unique_email("web"))}
    signed_up = post(browser, action, fields, allow_redirects=False)
    assert signed_up.status_code in (302, 303), f"{signed_up.status_code}: {signed_up.text[:1000]}"
    location = signed_up.headers.get("Location", "")
    assert urlsplit(location).path.rstrip("/") == "/me", f"redirects to {location!r}, expected /me"

    cookies_seen += set_cookie_headers(signed_up)
    assert cookies_seen, "no cookie was set: where is the session?"
    for header in cookies_seen:
        attributes = [part.strip().lower() for part in header.split(";")[1:]]
        assert "httponly" in attributes, f"cookie is not HttpOnly: {header}"
        assert "samesite=lax" in attributes, f"cookie is not SameSite=Lax: {header}"

    me = get(browser, urljoin(signed_up.url, location))
    assert me.status_code == 200, me.text[:500]
    assert first_name in me.text

    logout_form = csrf_form(me.text, action_suffix="/logout")
    logout_action = urljoin(me.url, logout_form["action"] or "/logout")
    assert urlsplit(logout_action).path.rstrip("/").endswith("/logout"), f"no log-out form on /me: {logout_action}"

    refused = post(browser, logout_action, {}, allow_redirects=False)
    assert refused.status_code == 403, f"log-out without csrf: {refused.status_code}"

    logged_out = post(browser, logout_action, logout_form["inputs"], allow_redirects=False)
    assert logged_out.status_code in (302, 303), f"{logged_out.status_code}: {logged_out.text[:500]}"

    after = get(browser, f"{base_url}/me", allow_redirects=False)
    assert after.status_code in (302, 303, 401, 403), f"/me after log-out answered {after.status_code}"
    assert first_name not in after.text
