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
`helpers.start_another_instance()` starts one more server on the same database and environment
(live delivery across instances, test_live_two_instances.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import helpers

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
    try:
        instance = helpers.start_server(binary, server_env, str(WORKDIR), tmp_path_factory.mktemp("server"))
    except helpers.ServerStartError as exc:
        _fail(str(exc))
    process = instance.process

    helpers.configure(base_url=instance.base_url, env=server_env, binary=binary, cwd=str(WORKDIR))
    yield instance.base_url

    died = process.poll() is not None
    instance.stop()
    failed = request.session.testsfailed > 0
    if died or failed:
        reason = (f"the server exited by itself during the tests (code {process.returncode})"
                  if died else f"{request.session.testsfailed} test(s) failed")
        # Printed by pytest_terminal_summary below: output of a fixture's teardown is captured.
        request.config.stash[SERVER_LOGS] = f"{reason}; the server's logs:\n{instance.logs()}"
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
