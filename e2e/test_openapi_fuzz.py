"""Schemathesis (4.x) against the OpenAPI document that the live server serves.

Every operation of `/api/openapi.json` is fuzzed (examples, coverage and fuzzing phases, positive and
negative data); each response must not be a 5xx and must match the document: documented status code,
documented content type, body valid against the documented schema.

All operations run as subtests of the single pytest item `test_api_conforms_to_its_openapi_document`
(schemathesis' lazy schema: the document can only be loaded once the session's server is up).

Knobs (environment):
    E2E_FUZZ_EXAMPLES   max examples per operation in the fuzzing phase (default 25)
    E2E_FUZZ_PHASES     comma-separated phases among examples,coverage,fuzzing (default: all three)
    E2E_FUZZ_SEED       fix the seed to replay a run
"""

from __future__ import annotations

import os
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import schemathesis
from schemathesis import checks as st_checks
from schemathesis.config import SchemathesisConfig

from helpers import Member, signup_email

MAX_EXAMPLES = int(os.environ.get("E2E_FUZZ_EXAMPLES", "25"))
PHASES = [p.strip() for p in os.environ.get("E2E_FUZZ_PHASES", "examples,coverage,fuzzing").split(",") if p.strip()]
SEED = os.environ.get("E2E_FUZZ_SEED")

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def api_base_url(base_url: str, document: dict) -> str:
    """Where the document's paths live on the live server: its first `servers` entry's path, on our host/port."""
    servers = document.get("servers") or []
    path = ""
    if servers and isinstance(servers[0], dict) and servers[0].get("url"):
        path = urlsplit(urljoin(base_url + "/", servers[0]["url"])).path
    return base_url + path.rstrip("/")


@pytest.fixture(scope="session")
def api_schema(base_url: str):
    document_url = f"{base_url}/api/openapi.json"
    response = requests.get(document_url, timeout=30)
    assert response.status_code == 200, f"GET /api/openapi.json: {response.status_code} {response.text[:300]}"
    settings: dict = {
        "base-url": api_base_url(base_url, response.json()),
        "request-timeout": 30,
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large", "large_base_example"],
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "no-shrink": True,  # a failure is reported as found; shrinking costs many requests
            "database": "none",  # no .hypothesis/ folder in the work tree
        },
        "phases": {name: {"enabled": name in PHASES} for name in ("examples", "coverage", "fuzzing")},
    }
    if SEED:
        settings["seed"] = int(SEED)
    config = SchemathesisConfig.from_dict(settings)
    return schemathesis.openapi.from_url(document_url, config=config)


@pytest.fixture(scope="session")
def fuzz_member(server) -> Member:
    """One member whose token is shared by every non-destructive case."""
    return signup_email(first_name="Fuzz", last_name="Tester", email=None)


def is_destructive(case) -> bool:
    """Operations that would revoke the shared token or delete its account: they get a fresh member."""
    path = case.operation.path.rstrip("/")
    method = case.method.upper()
    if path.endswith("/auth/logout"):
        return True
    return method == "DELETE" and (path.endswith("/me") or "/me/" in path)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_conforms_to_its_openapi_document(case, fuzz_member):
    token = signup_email(first_name="Fuzzy", last_name="Throwaway").token if is_destructive(case) else fuzz_member.token
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
