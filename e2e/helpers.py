"""Helpers shared by the e2e tests: API calls, unique identities, the SMS outbox.

`configure()` is called by the `server` fixture in conftest.py once the server is up.
"""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

_STATE: dict[str, Any] = {}

DEFAULT_PASSWORD = "correct horse battery"
CODE_RE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def configure(*, base_url: str, env: dict[str, str], binary: str, cwd: str) -> None:
    _STATE.update(base_url=base_url, env=env, binary=binary, cwd=cwd)


def base_url() -> str:
    return _STATE["base_url"]


# --- server processes ---------------------------------------------------------------------------

STARTUP_TIMEOUT_S = 60


class ServerStartError(RuntimeError):
    """The server exited or did not answer /health in time; the message holds the tail of its logs."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 200) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<no log>"
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class ServerProcess:
    """A running `entraide serve`, its URL and where its output goes."""
    process: subprocess.Popen
    base_url: str
    command: list[str]
    out_path: Path
    err_path: Path

    def logs(self) -> str:
        return (f"--- server stderr ({self.err_path}) ---\n{_tail(self.err_path)}\n"
                f"--- server stdout ({self.out_path}) ---\n{_tail(self.out_path)}")

    def stop(self) -> None:
        """Terminate (gracefully, then by force); a no-op when it already exited."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def start_server(binary: str, env: dict[str, str], cwd: str, log_dir: Path,
                 timeout: float = STARTUP_TIMEOUT_S) -> ServerProcess:
    """Start `entraide serve` on a free loopback port and wait until /health answers 200.

    Raises ServerStartError (after killing the process) if it exits or stays unhealthy.
    """
    port = free_port()
    command = [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port), "--env", "testing"]
    out_path, err_path = log_dir / "stdout.log", log_dir / "stderr.log"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    server = ServerProcess(process, f"http://127.0.0.1:{port}", command, out_path, err_path)

    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while True:
        if process.poll() is not None:
            raise ServerStartError(
                f"`{' '.join(command)}` exited with code {process.returncode} before answering /health\n{server.logs()}")
        try:
            response = requests.get(f"{server.base_url}/health", timeout=2)
            if response.status_code == 200:
                return server
            last_error = f"HTTP {response.status_code}: {response.text[:200]}"
        except requests.RequestException as exc:
            last_error = str(exc)
        if time.monotonic() > deadline:
            process.kill()
            process.wait(10)
            raise ServerStartError(
                f"server did not answer 200 on /health within {timeout:g} s ({last_error})\n{server.logs()}")
        time.sleep(0.2)


def start_another_instance(log_dir: Path, **env_overrides: str) -> ServerProcess:
    """A second `entraide serve` with the session server's binary, environment and database."""
    if "binary" not in _STATE:
        raise RuntimeError("start_another_instance() needs the `server` fixture to have started")
    env = {**_STATE["env"], **env_overrides}
    return start_server(_STATE["binary"], env, _STATE["cwd"], log_dir)


def database_url() -> str:
    """The DATABASE_URL the session's server runs with (a SQLite file path or a postgres:// URL)."""
    return _STATE["env"]["DATABASE_URL"]


def run_cli(*args: str, check: bool = True, timeout: float = 60) -> str:
    """Run `$ENTRAIDE_BIN <args>` with the server's environment (same database); return stdout."""
    if "binary" not in _STATE:
        raise RuntimeError("run_cli() needs the `server` fixture to have started")
    result = subprocess.run(
        [_STATE["binary"], *args],
        env=_STATE["env"],
        cwd=_STATE["cwd"],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"`entraide {' '.join(args)}` exited with {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result.stdout


# --- identities ---------------------------------------------------------------------------------

def unique_email(prefix: str = "e2e") -> str:
    return f"{prefix}-{secrets.token_hex(6)}@example.org"


def unique_mobile() -> tuple[str, str]:
    """A random French mobile number: (national format "06 12 34 56 78", E.164 "+33612345678")."""
    digits = f"{secrets.randbelow(10**8):08d}"
    national = "06 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return national, "+336" + digits


# --- API ----------------------------------------------------------------------------------------

def api(path: str) -> str:
    return f"{base_url()}/api/v1{path}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Member:
    token: str
    user: dict[str, Any]
    email: str | None = None
    password: str | None = None
    phone: str | None = None

    @property
    def id(self) -> str:
        return str(self.user["id"])

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def signup_email(
    first_name: str = "Marie",
    last_name: str = "Durand",
    goal: str = "offer_help",
    language: str = "fr",
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> Member:
    email = email or unique_email()
    response = requests.post(
        api("/auth/signup"),
        json={
            "firstName": first_name,
            "lastName": last_name,
            "goal": goal,
            "language": language,
            "email": email,
            "password": password,
        },
        timeout=30,
    )
    if response.status_code == 429:
        raise AssertionError(
            "sign-up was rate limited (429) while preparing a test user; "
            f"RATE_LIMIT_FACTOR is too low for the suite: {response.text[:300]}"
        )
    assert response.status_code == 201, f"e-mail sign-up: {response.status_code} {response.text[:500]}"
    body = response.json()
    return Member(token=body["token"], user=body["user"], email=email, password=password)


def sms_outbox(limit: int = 5) -> list[dict[str, str]]:
    """Parse `entraide sms outbox --limit N`: `<time>\\t<status>\\t<masked phone>\\t<body>`, newest first."""
    out = run_cli("sms", "outbox", "--limit", str(limit))
    messages = []
    for line in out.splitlines():
        parts = line.split("\t", 3)
        if len(parts) == 4:
            messages.append(dict(zip(("time", "status", "phone", "body"), parts)))
    return messages


def masked_matches(masked: str, e164: str) -> bool:
    """`+336••••5678` masks `+33612345678`: same first 4 characters, same last 4 digits."""
    visible = masked.strip()
    return visible[:4] == e164[:4] and visible[-4:] == e164[-4:]


def latest_code(e164: str, limit: int = 5) -> str:
    """The 6-digit code of the newest SMS sent to `e164`."""
    messages = sms_outbox(limit)
    for message in messages:
        if masked_matches(message["phone"], e164):
            codes = CODE_RE.findall(message["body"])
            assert len(codes) == 1, f"expected exactly one 6-digit number in the SMS body: {message!r}"
            return codes[0]
    raise AssertionError(f"no SMS to {e164} among the last {limit} of the outbox: {messages!r}")


def openapi_document() -> dict[str, Any]:
    if "openapi" not in _STATE:
        response = requests.get(f"{base_url()}/api/openapi.json", timeout=30)
        assert response.status_code == 200, f"GET /api/openapi.json: {response.status_code}"
        _STATE["openapi"] = response.json()
    return _STATE["openapi"]


def documented_choices(field: str) -> list[str]:
    """The values the OpenAPI document allows for the items of an array property `field` (e.g. `interests`)."""
    for schema in openapi_document().get("components", {}).get("schemas", {}).values():
        prop = (schema.get("properties") or {}).get(field) or {}
        items = prop.get("items") or {}
        if isinstance(items.get("enum"), list) and items["enum"]:
            return [str(v) for v in items["enum"]]
    raise AssertionError(f"the OpenAPI document gives no enum for the items of `{field}`")


def error_of(response: requests.Response) -> dict[str, Any]:
    """Assert the documented error shape and return the inner object."""
    assert 400 <= response.status_code < 500, (
        f"expected a 4xx, got {response.status_code}: {response.text[:500]}"
    )
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"error body is not JSON ({response.status_code}): {response.text[:500]}") from None
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), f"not an error object: {body!r}"
    error = body["error"]
    assert isinstance(error.get("code"), str) and error["code"], f"error.code missing: {body!r}"
    assert isinstance(error.get("message"), str) and error["message"].strip(), f"error.message missing: {body!r}"
    # `field` names the input at fault; it may be absent or null when no single field is.
    assert error.get("field") is None or isinstance(error["field"], str), f"error.field: {body!r}"
    return error
