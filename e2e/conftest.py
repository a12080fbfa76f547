"""Shared fixtures for the end-to-end suite.

The suite runs against the real `entraide` binary, started once per test session:

    ENTRAIDE_BIN=/path/to/entraide      (required)
    E2E_DATABASE=sqlite                 (default: a fresh temporary SQLite file)
    E2E_DATABASE=postgres://user:pass@127.0.0.1:5432/entraide_e2e
                                        (its `public` schema is dropped and recreated first)

The server gets APP_SECRET=e2e-secret, RATE_LIMIT_FACTOR=50 and LOG_LEVEL=warning and is
started as `entraide serve --hostname 127.0.0.1 --port <free port> --env testing` from the repository root
(Vapor finds Resources/ and Public/ in its working directory; ENTRAIDE_WORKDIR overrides it).
If the server cannot be started the whole session stops at once with its logs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

import helpers

STARTUP_TIMEOUT_S = 60
SERVER_LOGS = pytest.StashKey[str]()
REPO_ROOT = Path(__file__).resolve().parent.parent
WORKDIR = Path(os.environ.get("ENTRAIDE_WORKDIR") or REPO_ROOT)


def _fail(message: str) -> None:
    """Stop the whole session: without a server no test can say anything."""
    sys.stderr.write(f"\n\ne2e: {message}\n")
    pytest.exit(f"e2e: cannot run the suite (details above): {message.splitlines()[0]}", returncode=3)


def _binary() -> str:
    path = os.environ.get("ENTRAIDE_BIN", "").strip()
    if not path:
        _fail(
            "ENTRAIDE_BIN is not set: point it at the built server, e.g. "
            "ENTRAIDE_BIN=$(swift build --show-bin-path)/entraide (scripts/test does this)"
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        _fail(f"ENTRAIDE_BIN={path!r} is not an executable file: build it with `swift build --product entraide`")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset_postgres(url: str) -> None:
    psql = shutil.which("psql")
    if psql is None:
        _fail("E2E_DATABASE is a PostgreSQL URL but the `psql` client is not installed")
    result = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
         "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        _fail(f"could not reset the public schema of {url}:\n{result.stderr}")


def _tail(path: Path, lines: int = 200) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<no log>"
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment the server and the CLI run with (same database)."""
    _binary()
    database = os.environ.get("E2E_DATABASE", "sqlite").strip() or "sqlite"
    if database == "sqlite":
        database_url = str(tmp_path_factory.mktemp("db") / "e2e.sqlite")
    elif database.startswith(("postgres://", "postgresql://")):
        _reset_postgres(database)
        database_url = database
    else:
        _fail(f"E2E_DATABASE must be `sqlite` or a postgres:// URL, not {database!r}")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        APP_SECRET="e2e-secret",
        RATE_LIMIT_FACTOR="50",
        LOG_LEVEL="warning",
    )
    return env


@pytest.fixture(scope="session")
def server(server_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """Start `entraide serve` once for the session and yield its base URL (http://127.0.0.1:PORT)."""
    binary = _binary()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    workdir = tmp_path_factory.mktemp("server")
    out_path = workdir / "stdout.log"
    err_path = workdir / "stderr.log"
    command = [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port), "--env", "testing"]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(command, env=server_env, cwd=WORKDIR, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)

    def logs() -> str:
        return (f"--- server stderr ({err_path}) ---\n{_tail(err_path)}\n"
                f"--- server stdout ({out_path}) ---\n{_tail(out_path)}")

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error = "no answer yet"
    while True:
        if process.poll() is not None:
            _fail(f"`{' '.join(command)}` exited with code {process.returncode} before answering /health\n{logs()}")
        try:
            response = requests.get(f"{base_url}/health", timeout=2)
            if response.status_code == 200:
                break
            last_error = f"HTTP {response.status_code}: {response.text[:200]}"
        except requests.RequestException as exc:
            last_error = str(exc)
        if time.monotonic() > deadline:
            process.kill()
            process.wait(10)
            _fail(f"server did not answer 200 on /health within {STARTUP_TIMEOUT_S} s ({last_error})\n{logs()}")
        time.sleep(0.2)

    helpers.configure(base_url=base_url, env=server_env, binary=binary, cwd=str(WORKDIR))
    yield base_url

    died = process.poll() is not None
    if not died:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    failed = request.session.testsfailed > 0
    if died or failed:
        reason = (f"the server exited by itself during the tests (code {process.returncode})"
                  if died else f"{request.session.testsfailed} test(s) failed")
        # Printed by pytest_terminal_summary below: output of a fixture's teardown is captured.
        request.config.stash[SERVER_LOGS] = f"{reason}; the server's logs:\n{logs()}"
    if died:
        pytest.fail(f"the server died during the tests (exit code {process.returncode}); see its logs above",
                    pytrace=False)


@pytest.fixture(scope="session")
def base_url(server: str) -> str:
    return server


@pytest.fixture(scope="session")
def run_cli(server: str):
    """`run_cli("sms", "outbox", "--limit", "5")` runs `$ENTRAIDE_BIN <args>` with the server's env; returns stdout."""
    return helpers.run_cli


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    text = config.stash.get(SERVER_LOGS, None)
    if text:
        terminalreporter.section("entraide server logs (tail)")
        for line in text.splitlines():
            terminalreporter.write_line(line)
