"""Live delivery over the WebSocket `GET /api/v1/live`, through the real binary.

- One instance, on SQLite and PostgreSQL: a message reaches the recipient's open socket.
- Two instances on one PostgreSQL database: a second `entraide serve` is started on another
  port, the recipient's socket is opened on it, and what happens on the first instance (a
  message, someone joining the recipient's action) must reach that socket through
  LISTEN/NOTIFY. With SQLite there is a single instance and delivery is local: skipped.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from websockets.sync.client import ClientConnection, connect

import helpers
from helpers import Member, api, signup_email

pytestmark = pytest.mark.usefixtures("server")

# How long a frame may take to arrive; the wait ends as soon as it does.
FRAME_TIMEOUT_S = 5


def is_postgres() -> bool:
    return helpers.database_url().startswith(("postgres://", "postgresql://"))


# --- sockets ----------------------------------------------------------------------------------------

def wait_for_frame(ws: ClientConnection, match: Callable[[str], bool], timeout: float = FRAME_TIMEOUT_S) -> str:
    """The first text frame that satisfies `match`, received within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            frame = ws.recv(timeout=remaining)
        except TimeoutError:
            raise AssertionError(f"no matching frame within {timeout:g} s; frames received: {seen!r}") from None
        text = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
        seen.append(text)
        if match(text):
            return text


def wait_for_event(ws: ClientConnection, kind: str, timeout: float = FRAME_TIMEOUT_S) -> dict[str, Any]:
    """The first JSON frame {"type": kind, ...}."""
    def match(text: str) -> bool:
        try:
            event = json.loads(text)
        except ValueError:
            return False
        return isinstance(event, dict) and event.get("type") == kind

    return json.loads(wait_for_frame(ws, match, timeout))


@contextmanager
def live_socket(base_url: str, member: Member) -> Iterator[ClientConnection]:
    """`member`'s live socket on the server at `base_url`, registered by the time it is yielded."""
    url = "ws" + base_url.removeprefix("http") + "/api/v1/live"
    # The server is on the loopback: never route through a proxy the environment may name.
    with connect(url, additional_headers=member.headers, proxy=None, open_timeout=10) as ws:
        # The server registers the socket before it reads frames, so once "pong" is back an
        # event sent from now on cannot be missed.
        ws.send("ping")
        wait_for_frame(ws, lambda text: text == "pong")
        yield ws


# --- API calls (always through the session's first instance) --------------------------------------

def open_conversation(by: Member, with_member: Member) -> str:
    response = requests.post(api("/conversations"), json={"participantIDs": [with_member.id]}, headers=by.headers, timeout=30)
    assert response.status_code in (200, 201), f"open conversation: {response.status_code} {response.text[:500]}"
    return response.json()["id"]


def post_message(by: Member, conversation_id: str, body: str) -> dict[str, Any]:
    response = requests.post(api(f"/conversations/{conversation_id}/messages"), json={"body": body},
                             headers=by.headers, timeout=30)
    assert response.status_code == 201, f"post message: {response.status_code} {response.text[:500]}"
    return response.json()


def create_action(by: Member, title: str) -> str:
    response = requests.post(api("/actions"), json={
        "kind": "request", "category": "equipment", "title": title, "description": "Pour cette nuit",
        "location": {"lat": 48.8674, "lon": 2.3636},
    }, headers=by.headers, timeout=30)
    assert response.status_code == 201, f"create action: {response.status_code} {response.text[:500]}"
    return response.json()["id"]


def join_action(by: Member, action_id: str) -> None:
    response = requests.post(api(f"/actions/{action_id}/membership"), headers=by.headers, timeout=30)
    assert response.status_code == 201, f"join action: {response.status_code} {response.text[:500]}"


def assert_message_event(event: dict[str, Any], *, conversation_id: str, body: str, author: Member) -> None:
    message = event.get("message")
    assert isinstance(message, dict), f"a message event without its message: {event!r}"
    assert message["conversationID"] == conversation_id, event
    assert message["body"] == body, event
    assert message["author"] == {"id": author.id, "displayName": "Karim B."}, event
    # Live frames name members like every list does: first name and initial, never the family name.
    assert "Benali" not in json.dumps(event, ensure_ascii=False), event


# --- one instance -----------------------------------------------------------------------------------

def test_a_message_reaches_the_recipients_socket_on_the_same_instance():
    marie = signup_email(first_name="Marie", last_name="Durand")
    karim = signup_email(first_name="Karim", last_name="Benali", goal="ask_for_help")
    conversation_id = open_conversation(karim, marie)
    body = f"Je passe à 18 h ({secrets.token_hex(3)})"

    with live_socket(helpers.base_url(), marie) as ws:
        post_message(karim, conversation_id, body)
        event = wait_for_event(ws, "message")

    assert_message_event(event, conversation_id=conversation_id, body=body, author=karim)


# --- two instances on one PostgreSQL database ---------------------------------------------------------

@contextmanager
def logs_on_failure(instance: helpers.ServerProcess) -> Iterator[None]:
    """A failed assertion also shows the second instance's logs (the session only prints the first's)."""
    try:
        yield
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n\nsecond instance ({instance.base_url}):\n{instance.logs()}") from None


# The first instance has migrated the database already: a second one must start whether it
# migrates again (nothing left to do) or not at all.
@pytest.fixture(params=["0", "1"], ids=["AUTO_MIGRATE=0", "AUTO_MIGRATE=1"])
def second_instance(request: pytest.FixtureRequest, server: str, tmp_path) -> Iterator[helpers.ServerProcess]:
    if not is_postgres():
        pytest.skip("live events cross instances through PostgreSQL LISTEN/NOTIFY; "
                    "with SQLite there is one instance and delivery is local (covered by the single-instance test)")
    try:
        instance = helpers.start_another_instance(tmp_path, AUTO_MIGRATE=request.param)
    except helpers.ServerStartError as exc:
        pytest.fail(f"the second instance did not start: {exc}", pytrace=False)
    yield instance
    # Teardown runs whatever the test's outcome: the instance never outlives its test.
    died = instance.process.poll() is not None
    instance.stop()
    if died:
        pytest.fail(f"the second instance exited by itself (code {instance.process.returncode}):\n{instance.logs()}",
                    pytrace=False)


def test_events_on_one_instance_reach_a_socket_on_another(second_instance: helpers.ServerProcess):
    marie = signup_email(first_name="Marie", last_name="Durand")
    karim = signup_email(first_name="Karim", last_name="Benali", goal="ask_for_help")
    conversation_id = open_conversation(karim, marie)
    body = f"Je suis devant la gare ({secrets.token_hex(3)})"
    title = f"Besoin d'un sac de couchage {secrets.token_hex(3)}"

    with logs_on_failure(second_instance), live_socket(second_instance.base_url, marie) as ws:
        post_message(karim, conversation_id, body)
        message_event = wait_for_event(ws, "message")
        assert_message_event(message_event, conversation_id=conversation_id, body=body, author=karim)

        action_id = create_action(marie, title)
        join_action(karim, action_id)
        notification_event = wait_for_event(ws, "notification")

    notification = notification_event.get("notification")
    assert isinstance(notification, dict), f"a notification event without its notification: {notification_event!r}"
    assert notification["kind"] == "new_member", notification
    assert notification["subjectType"] == "action" and notification["subjectID"] == action_id, notification
    assert notification["arguments"].get("name") == "Karim B.", notification
    # Rendered by the instance that holds the socket, in Marie's language (French).
    assert notification["text"] == f"Karim B. a rejoint « {title} ».", notification
    assert "Benali" not in json.dumps(notification_event, ensure_ascii=False), notification_event
