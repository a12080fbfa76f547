"""Outreach rounds offline (issue 7): an encounter written on a round's page without signal is kept
on the phone, shown "will be sent" where it was written, and recorded exactly once when the signal
returns, even when it is sent again under the same key.

Uses the browser and the network switch of test_offline.py.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

import helpers
from test_offline import (HELLO_JS, OFFLINE_MARK, PENDING, PUT_BACK_JS, QUEUE_JS, Network, browser,  # noqa: F401
                          log_in, offline_mark, queued, read_online, wait_for)


def _ok(response: requests.Response, what: str) -> dict:
    assert response.status_code in (200, 201), f"{what}: {response.status_code} {response.text[:500]}"
    return response.json() if response.content else {}


def _round_with_volunteer(volunteer: helpers.Member) -> tuple[helpers.Member, str, str]:
    """An association (its admin signs up as an organisation), the volunteer in it, and an ongoing round."""
    admin = helpers.signup_email(first_name="Claire", last_name="Fontaine", goal="organisation")
    post = lambda path, body, what: _ok(requests.post(helpers.api(path), json=body, headers=admin.headers, timeout=30), what)  # noqa: E731
    association = post("/organisations", {"name": f"Maraude {secrets.token_hex(3)}"}, "association")
    base = f"/organisations/{association['id']}"
    post(f"{base}/members", {"userID": volunteer.id, "role": "volunteer"}, "member")
    sector = post(f"{base}/sectors", {"name": "Gare de l'Est"}, "sector")
    round_ = post(f"{base}/rounds", {"kind": "food", "transport": "on_foot", "sectorID": sector["id"], "team": [volunteer.id],
                                     "startsAt": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")}, "round")
    post(f"{base}/rounds/{round_['id']}/start", {}, "start")
    return admin, base, str(round_["id"])


def aliases_on_server(admin: helpers.Member, base: str, round_id: str) -> list[str]:
    response = requests.get(helpers.api(f"{base}/rounds/{round_id}/encounters"), headers=admin.headers, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return [encounter["person"]["alias"] for encounter in response.json()]


def test_an_encounter_written_offline_is_recorded_once(browser, base_url):  # noqa: F811
    from selenium.webdriver.common.by import By

    volunteer = helpers.signup_email(first_name="Léa", last_name="Moreau")
    admin, base, round_id = _round_with_volunteer(volunteer)
    page = f"{base_url}/rounds/{round_id}"
    log_in(browser, base_url, volunteer)
    read_online(browser, page)

    alias = "Jojo" + "".join(secrets.choice("abcdefgh") for _ in range(4))
    network = Network(browser, base_url)
    try:
        network.offline()
        browser.get(page)
        assert OFFLINE_MARK.match(offline_mark(browser)), f"the round read offline says {offline_mark(browser)!r}"
        browser.find_element(By.ID, "alias").send_keys(alias)
        browser.find_element(By.CSS_SELECTOR, "input[name=need_sleeping_bag]").click()
        browser.find_element(By.ID, "notes").send_keys("Écrit sans réseau près du canal")
        browser.find_element(By.CSS_SELECTOR, "form[data-offline-queue] button[type=submit]").click()
        shown = wait_for(lambda: [q for q in queued(browser) if alias in q["text"]], "the encounter shown as waiting")
        assert shown[0]["state"] == "pending" and PENDING in shown[0]["text"], shown
        assert urlsplit(browser.current_url).path == f"/rounds/{round_id}"
        assert alias not in aliases_on_server(admin, base, round_id), "the encounter left although the device was offline"
        items = browser.execute_async_script(QUEUE_JS)
        assert len(items) == 1 and items[0]["state"] == "pending", items
        item = items[0]

        network.online()
        wait_for(lambda: [q for q in queued(browser) if alias in q["text"] and q["state"] == "sent"],
                 "the encounter marked sent once the connection is back")
    finally:
        network.close()

    assert aliases_on_server(admin, base, round_id).count(alias) == 1

    # The answer was lost: the same item goes out again, and nothing more is recorded.
    assert browser.execute_async_script(PUT_BACK_JS, item)
    browser.execute_script(HELLO_JS)
    wait_for(lambda: browser.execute_async_script(QUEUE_JS) == [], "the replayed item to be done")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    replay = requests.post(f"{base_url}{item['action']}", data=item["body"], cookies=cookies, allow_redirects=False,
                           headers={"Content-Type": item["type"], "Idempotency-Key": item["key"], "Accept": "text/html"},
                           timeout=30)
    assert replay.status_code == 303 and replay.headers.get("Idempotent-Replayed") == "true", (
        f"{replay.status_code} {dict(replay.headers)}")
    assert aliases_on_server(admin, base, round_id).count(alias) == 1
    # Read back by the association, the notes are there, in clear, for its members only.
    encounters = requests.get(helpers.api(f"{base}/rounds/{round_id}/encounters"), headers=admin.headers, timeout=30).json()
    mine = [e for e in encounters if e["person"]["alias"] == alias]
    assert mine[0]["notes"] == "Écrit sans réseau près du canal" and mine[0]["needs"][0]["need"] == "sleeping_bag"


def path_on_server(admin: helpers.Member, base: str, round_id: str) -> list[dict]:
    response = requests.get(helpers.api(f"{base}/rounds/{round_id}/path"), headers=admin.headers, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response.json()["points"]


def test_the_teams_path_is_recorded_and_kept_across_pages(browser, base_url):  # noqa: F811
    """The round's page records the team's path from the phone's position: the first point goes at
    once, a later one waits on the phone and is sent when the next page of the round opens."""
    from selenium.webdriver.common.by import By

    volunteer = helpers.signup_email(first_name="Léa", last_name="Moreau")
    admin, base, round_id = _round_with_volunteer(volunteer)
    page = f"{base_url}/rounds/{round_id}"
    log_in(browser, base_url, volunteer)
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": base_url, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 48.8761, "longitude": 2.3590, "accuracy": 10})
    try:
        browser.get(page)
        recorder = browser.find_element(By.CSS_SELECTOR, "form[data-path-recorder]")
        assert recorder.is_displayed(), "the path recorder is shown to the team of an ongoing round"
        recorder.find_element(By.CSS_SELECTOR, "[data-path-start]").click()
        first = wait_for(lambda: path_on_server(admin, base, round_id), "the first point of the path on the server")
        assert (round(first[0]["lat"], 4), round(first[0]["lon"], 4)) == (48.8761, 2.3590), first

        # The team walks on: this point waits on the phone (less than a minute after the last send)...
        browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 48.8790, "longitude": 2.3625, "accuracy": 10})
        wait_for(lambda: browser.execute_script(
            f"return JSON.parse(localStorage.getItem('entraide-path:/rounds/{round_id}/path') || '[]').length") == 1,
            "the second point kept on the phone")
        # ...and goes with the next page of the round, where recording goes on by itself.
        browser.get(page)
        points = wait_for(lambda: len(path_on_server(admin, base, round_id)) == 2 and path_on_server(admin, base, round_id),
                          "the kept point sent from the next page")
        assert (round(points[1]["lat"], 4), round(points[1]["lon"], 4)) == (48.8790, 2.3625), points
        assert browser.find_element(By.CSS_SELECTOR, "[data-path-stop]").is_displayed()
        browser.find_element(By.CSS_SELECTOR, "[data-path-stop]").click()
        assert browser.find_element(By.CSS_SELECTOR, "[data-path-start]").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})
