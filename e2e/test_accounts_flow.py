"""Accounts and identity, through the JSON API of a live server (plain `requests`)."""

from __future__ import annotations

import json

import pytest
import requests

from helpers import (
    DEFAULT_PASSWORD,
    api,
    bearer,
    documented_choices,
    error_of,
    latest_code,
    signup_email,
    unique_email,
    unique_mobile,
)

# Always present in Me; email, phone, about, postalCode, city, travelDistanceKm may be null or left out.
ME_KEYS = {
    "id", "firstName", "lastName", "displayName", "goal", "language",
    "languages", "interests", "availability", "roles", "createdAt",
}
# Never in a public profile.
PRIVATE_KEYS = {"lastName", "email", "phone", "goal", "address", "latitude", "longitude"}

pytestmark = pytest.mark.usefixtures("server")


def signup_phone(national: str, **fields) -> requests.Response:
    payload = {"firstName": "Karim", "lastName": "Benali", "goal": "ask_for_help", "language": "fr", "phone": national}
    payload.update(fields)
    return requests.post(api("/auth/signup"), json=payload, timeout=30)


# --- e-mail accounts ------------------------------------------------------------------------------

def test_email_signup_me_logout_revokes_token():
    email = unique_email("flow")
    member = signup_email(first_name="Marie", last_name="Durand", email=email)
    assert member.token
    assert member.user["email"] == email
    assert member.user["firstName"] == "Marie"
    assert member.user["displayName"] == "Marie D."

    me = requests.get(api("/me"), headers=member.headers, timeout=30)
    assert me.status_code == 200, me.text
    body = me.json()
    assert ME_KEYS <= set(body), f"missing keys in Me: {ME_KEYS - set(body)}"
    assert body["id"] == member.user["id"]
    assert body["email"] == email
    assert body["goal"] == "offer_help"
    assert body["language"] == "fr"
    for key in ("languages", "interests", "availability", "roles"):
        assert isinstance(body[key], list), key

    sessions = requests.get(api("/me/sessions"), headers=member.headers, timeout=30)
    assert sessions.status_code == 200, sessions.text
    assert [s for s in sessions.json() if s.get("current") is True], sessions.json()

    logout = requests.post(api("/auth/logout"), headers=member.headers, timeout=30)
    assert logout.status_code == 204, logout.text

    after = requests.get(api("/me"), headers=member.headers, timeout=30)
    assert after.status_code == 401, after.text
    error_of(after)


def test_email_login_and_wrong_password():
    member = signup_email(first_name="Lucie")
    ok = requests.post(api("/auth/login"), json={"email": member.email, "password": DEFAULT_PASSWORD}, timeout=30)
    assert ok.status_code == 200, ok.text
    assert ok.json()["token"] and ok.json()["token"] != member.token
    assert ok.json()["user"]["id"] == member.user["id"]

    bad = requests.post(api("/auth/login"), json={"email": member.email, "password": "wrong password!"}, timeout=30)
    assert bad.status_code == 401, bad.text
    assert error_of(bad)["code"] == "auth.invalid_credentials"

    unknown = requests.post(api("/auth/login"), json={"email": unique_email("nobody"), "password": "whatever123"},
                            timeout=30)
    assert unknown.status_code == 401, unknown.text
    assert error_of(unknown)["code"] == "auth.invalid_credentials"


def test_sessions_can_be_listed_and_revoked():
    member = signup_email(first_name="Paul")
    other = requests.post(api("/auth/login"), json={"email": member.email, "password": DEFAULT_PASSWORD}, timeout=30)
    assert other.status_code == 200, other.text
    other_token = other.json()["token"]

    listed = requests.get(api("/me/sessions"), headers=member.headers, timeout=30)
    assert listed.status_code == 200, listed.text
    sessions = listed.json()
    assert len(sessions) == 2, sessions
    for session in sessions:
        assert {"id", "createdAt", "lastUsedAt", "userAgent", "current"} <= set(session), session
    not_current = [s for s in sessions if not s["current"]]
    assert len(not_current) == 1, sessions

    revoked = requests.delete(api(f"/me/sessions/{not_current[0]['id']}"), headers=member.headers, timeout=30)
    assert revoked.status_code == 204, revoked.text
    assert requests.get(api("/me"), headers=bearer(other_token), timeout=30).status_code == 401
    assert requests.get(api("/me"), headers=member.headers, timeout=30).status_code == 200


def test_patch_me_export_and_delete_account():
    member = signup_email(first_name="Inès")
    interests = documented_choices("interests")[:2]
    availability = documented_choices("availability")[:1]
    patch = requests.patch(
        api("/me"),
        headers=member.headers,
        json={
            "about": "J'aime marcher et discuter.",
            "languages": ["fr", "ar"],
            "interests": interests,
            "availability": availability,
            "postalCode": "75011",
            "city": "Paris",
            "travelDistanceKm": 5,
            "language": "en",
        },
        timeout=30,
    )
    assert patch.status_code == 200, patch.text
    me = patch.json()
    assert me["about"] == "J'aime marcher et discuter."
    assert me["languages"] == ["fr", "ar"]
    assert me["interests"] == interests and me["availability"] == availability
    assert me["postalCode"] == "75011" and me["city"] == "Paris"
    assert me["travelDistanceKm"] == 5
    assert me["language"] == "en"

    export = requests.get(api("/me/export"), headers=member.headers, timeout=30)
    assert export.status_code == 200, export.text
    assert isinstance(export.json(), dict)
    assert member.email in export.text

    deleted = requests.delete(api("/me"), headers=member.headers, timeout=30)
    assert deleted.status_code == 204, deleted.text
    assert requests.get(api("/me"), headers=member.headers, timeout=30).status_code == 401
    login = requests.post(api("/auth/login"), json={"email": member.email, "password": DEFAULT_PASSWORD}, timeout=30)
    assert login.status_code == 401, login.text


# --- phone accounts -------------------------------------------------------------------------------

def test_phone_signup_then_sms_login():
    national, e164 = unique_mobile()
    response = signup_phone(national)
    assert response.status_code == 202, response.text
    assert response.json() == {"codeSent": True, "phone": e164}

    code = latest_code(e164)
    login = requests.post(api("/auth/sms-login"), json={"phone": e164, "code": code}, timeout=30)
    assert login.status_code == 200, login.text
    body = login.json()
    assert body["token"]
    assert body["user"]["phone"] == e164
    assert body["user"]["firstName"] == "Karim"
    assert body["user"]["goal"] == "ask_for_help"

    me = requests.get(api("/me"), headers=bearer(body["token"]), timeout=30)
    assert me.status_code == 200 and me.json()["phone"] == e164

    # A fresh code can be asked for again and logs in too (national format accepted).
    again = requests.post(api("/auth/sms-code"), json={"phone": national}, timeout=30)
    assert again.status_code == 202, again.text
    assert again.json() == {"codeSent": True, "phone": e164}
    login2 = requests.post(api("/auth/sms-login"), json={"phone": e164, "code": latest_code(e164)}, timeout=30)
    assert login2.status_code == 200, login2.text
    assert login2.json()["user"]["id"] == body["user"]["id"]


def test_code_is_dead_after_five_wrong_tries():
    national, e164 = unique_mobile()
    assert signup_phone(national).status_code == 202
    code = latest_code(e164)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for attempt in range(5):
        response = requests.post(api("/auth/sms-login"), json={"phone": e164, "code": wrong}, timeout=30)
        assert response.status_code == 401, f"wrong try {attempt + 1}: {response.status_code} {response.text}"
        assert error_of(response)["code"] == "auth.code_invalid"
    right = requests.post(api("/auth/sms-login"), json={"phone": e164, "code": code}, timeout=30)
    assert right.status_code == 401, f"the right code must be dead after 5 wrong tries: {right.text}"
    assert error_of(right)["code"] == "auth.code_invalid"


def test_change_phone_keeps_the_account():
    member = signup_email(first_name="Sofiane")
    national, e164 = unique_mobile()
    sent = requests.post(api("/me/phone"), headers=member.headers, json={"phone": national}, timeout=30)
    assert sent.status_code == 202, sent.text
    confirm = requests.post(api("/me/phone/confirm"), headers=member.headers,
                            json={"phone": e164, "code": latest_code(e164)}, timeout=30)
    assert confirm.status_code == 200, confirm.text
    assert confirm.json()["id"] == member.user["id"]
    assert confirm.json()["phone"] == e164
    # The new number logs into the same account.
    assert requests.post(api("/auth/sms-code"), json={"phone": e164}, timeout=30).status_code == 202
    login = requests.post(api("/auth/sms-login"), json={"phone": e164, "code": latest_code(e164)}, timeout=30)
    assert login.status_code == 200, login.text
    assert login.json()["user"]["id"] == member.user["id"]


# --- privacy ----------------------------------------------------------------------------------------

def test_public_profile_hides_family_name_and_contact():
    national, e164 = unique_mobile()
    marie = signup_email(first_name="Marie", last_name="Zylberstein", goal="ask_for_help",
                         email=unique_email("marie"))
    patched = requests.patch(api("/me"), headers=marie.headers,
                             json={"about": "Bonjour", "postalCode": "69003", "city": "Lyon"}, timeout=30)
    assert patched.status_code == 200, patched.text
    # Give her a phone number too, so that we can check it never leaks.
    assert requests.post(api("/me/phone"), headers=marie.headers, json={"phone": national},
                         timeout=30).status_code == 202
    confirmed = requests.post(api("/me/phone/confirm"), headers=marie.headers,
                              json={"phone": e164, "code": latest_code(e164)}, timeout=30)
    assert confirmed.status_code == 200, confirmed.text

    viewer = signup_email(first_name="Jean", last_name="Martin")
    response = requests.get(api(f"/users/{marie.id}"), headers=viewer.headers, timeout=30)
    assert response.status_code == 200, response.text
    profile = response.json()
    assert profile["displayName"] == "Marie Z."
    assert profile["firstName"] == "Marie"
    assert profile["city"] == "Lyon" and profile["postalCode"] == "69003"
    assert not set(profile) & PRIVATE_KEYS, f"private keys in the public profile: {set(profile) & PRIVATE_KEYS}"
    assert "memberSince" in profile
    text = json.dumps(profile, ensure_ascii=False)
    for secret in ("Zylberstein", marie.email, e164, e164[1:], e164[-8:], "ask_for_help"):
        assert secret not in text, f"{secret!r} leaks in the public profile: {text}"


# --- validation and errors -------------------------------------------------------------------------

VALID_SIGNUP = {"firstName": "Anna", "lastName": "Kowalska", "goal": "offer_help", "language": "en",
                "email": "x@example.org", "password": DEFAULT_PASSWORD}


def test_malformed_json_is_a_4xx():
    response = requests.post(api("/auth/signup"), data='{"firstName": "Anna", "goal":',
                             headers={"Content-Type": "application/json"}, timeout=30)
    error_of(response)


def test_json_of_the_wrong_shape_is_a_4xx():
    for body in ("[]", '"hello"', "42", "null"):
        response = requests.post(api("/auth/signup"), data=body,
                                 headers={"Content-Type": "application/json"}, timeout=30)
        error_of(response)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("firstName", 123),
        ("firstName", None),
        ("goal", 7),
        ("language", ["fr"]),
        ("email", {"a": 1}),
        ("password", True),
    ],
)
def test_wrong_types_are_a_4xx(field, value):
    payload = dict(VALID_SIGNUP, email=unique_email("types"))
    payload[field] = value
    response = requests.post(api("/auth/signup"), json=payload, timeout=30)
    error = error_of(response)
    assert error["field"] in (field, None), error


def test_unknown_goal():
    payload = dict(VALID_SIGNUP, email=unique_email("goal"), goal="world_domination")
    error = error_of(requests.post(api("/auth/signup"), json=payload, timeout=30))
    assert error["field"] == "goal", error


def test_short_password():
    payload = dict(VALID_SIGNUP, email=unique_email("pw"), password="short")
    error = error_of(requests.post(api("/auth/signup"), json=payload, timeout=30))
    assert error["field"] == "password", error


@pytest.mark.parametrize("phone", ["123", "not a phone", "+3361234567890123", "06 12"])
def test_invalid_phone(phone):
    payload = {"firstName": "Anna", "lastName": "K", "goal": "ask_for_help", "language": "fr", "phone": phone}
    error = error_of(requests.post(api("/auth/signup"), json=payload, timeout=30))
    assert error["code"] == "validation.phone_invalid", error
    assert error["field"] == "phone", error
    error = error_of(requests.post(api("/auth/sms-code"), json={"phone": phone}, timeout=30))
    assert error["code"] == "validation.phone_invalid", error


def test_over_long_fields_are_a_4xx():
    member = signup_email(first_name="Long")
    error = error_of(requests.patch(api("/me"), headers=member.headers, json={"about": "x" * 10_000}, timeout=30))
    assert error["field"] == "about", error
    error = error_of(requests.patch(api("/me"), headers=member.headers, json={"about": "é" * 201}, timeout=30))
    assert error["field"] == "about", error
    ok = requests.patch(api("/me"), headers=member.headers, json={"about": "é" * 200}, timeout=30)
    assert ok.status_code == 200, ok.text
    payload = dict(VALID_SIGNUP, email=unique_email("long"), firstName="A" * 10_000)
    error_of(requests.post(api("/auth/signup"), json=payload, timeout=30))


def test_patch_me_wrong_types_are_a_4xx():
    member = signup_email(first_name="Types")
    for body in ({"travelDistanceKm": "far"}, {"languages": "fr"}, {"interests": [1, 2]}, {"interests": ["not-a-choice"]},
                 {"language": "xx-unknown"}, {"availability": ["sometimes"]}):
        response = requests.patch(api("/me"), headers=member.headers, json=body, timeout=30)
        error_of(response)


def test_unauthenticated_me_is_401_with_error_body():
    assert requests.get(api("/me"), timeout=30).status_code == 401
    error_of(requests.get(api("/me"), headers=bearer("not-a-real-token"), timeout=30))


def test_error_message_language_follows_query_then_accept_language():
    payload = {"firstName": "Anna", "lastName": "K", "goal": "ask_for_help", "language": "fr", "phone": "123"}
    english = error_of(requests.post(api("/auth/signup") + "?lang=en", json=payload, timeout=30))
    french = error_of(requests.post(api("/auth/signup"), json=payload,
                                    headers={"Accept-Language": "fr"}, timeout=30))
    assert english["code"] == french["code"] == "validation.phone_invalid"
    assert english["message"] != french["message"], (english, french)
    english_header = error_of(requests.post(api("/auth/signup"), json=payload,
                                            headers={"Accept-Language": "en-GB,en;q=0.9"}, timeout=30))
    assert english_header["message"] == english["message"]
    # ?lang= wins over Accept-Language.
    both = error_of(requests.post(api("/auth/signup") + "?lang=en", json=payload,
                                  headers={"Accept-Language": "fr"}, timeout=30))
    assert both["message"] == english["message"], (both, english)


# --- platform -----------------------------------------------------------------------------------------

def test_security_headers_on_home_page(base_url):
    response = requests.get(f"{base_url}/", timeout=30)
    assert response.status_code == 200, response.text[:300]
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors" in csp, f"CSP: {csp!r}"
    assert response.headers.get("X-Content-Type-Options", "").lower() == "nosniff"
    assert response.headers.get("Referrer-Policy"), response.headers


def test_health_metrics_and_openapi(base_url):
    health = requests.get(f"{base_url}/health", timeout=30)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    metrics = requests.get(f"{base_url}/metrics", timeout=30)
    assert metrics.status_code == 200
    assert metrics.headers.get("Content-Type", "").startswith("text/plain")
    document = requests.get(f"{base_url}/api/openapi.json", timeout=30)
    assert document.status_code == 200
    spec = document.json()
    assert str(spec.get("openapi", "")).startswith("3.")
    paths = " ".join(spec.get("paths", {}))
    for fragment in ("auth/signup", "auth/sms-code", "auth/sms-login", "auth/login", "auth/logout",
                     "/me", "me/sessions", "me/export", "me/phone", "users/"):
        assert fragment in paths, f"{fragment} is not in the OpenAPI paths: {sorted(spec.get('paths', {}))}"
