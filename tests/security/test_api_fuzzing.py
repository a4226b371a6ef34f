"""Schemathesis against /api/v1/openapi.json: every operation, as several roles and anonymously.

Requests generated from the document, valid and not, are sent to one dialogue
in collective work (its slug put in every path) by a convenor, a facilitator, a
stakeholder and an anonymous client. No answer may be a 5xx, and every answer
must conform to the document: a documented status, content type, body and
headers; invalid data refused with a 4xx. Examples are few per operation, so
that the whole runs in about a minute.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario
from tests.reliability.figures import report  # noqa: F401  (a fixture)
from tests.web.conftest import make_web_app
from tests.web.test_api_v1 import basic
from web import close_app
from web.schemas import ACT_FORMS

SLUG = "fuzzed"
MAX_EXAMPLES = 3
"""Per operation, per generation mode (valid and invalid data); each sent as every identity."""
IDENTITIES = {
    "anonymous": {},
    **{
        login: basic(login)
        for login in (ACCOUNTS[r] for r in (Role.CONVENOR, Role.FACILITATOR, Role.STAKEHOLDER))
    },
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for every operation: a dialogue in collective work, an account per role."""
    store: Path = tmp_path_factory.mktemp("fuzz") / "dialogue.sqlite3"
    unlimited = "100000 per minute"  # the rate limits have tests of their own
    app = make_web_app(f"sqlite:///{store}", WRITE_RATE_LIMIT=unlimited, LOGIN_RATE_LIMIT=unlimited)
    dialogues = app.extensions["dialogues"]
    scenario = Scenario(dialogues, slug=SLUG)
    scenario.drafted_proposal()
    scenario.contribution()
    yield app
    close_app(app)


def fuzz(operation: Any, mode: GenerationMode) -> list[str]:
    """Send MAX_EXAMPLES requests of ``mode`` for ``operation`` as every identity; the failures seen."""
    failures: list[str] = []
    fixed = {"slug": SLUG} if operation.get_parameter("slug", "path") is not None else None

    @given(case=operation.as_strategy(mode, path_parameters=fixed))
    @settings(
        max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def send(case: Any) -> None:
        for identity, headers in IDENTITIES.items():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as failure:  # schemathesis: a group of failures
                failures.append(f"{operation.label} as {identity} ({mode.value}): {failure}")

    send()
    return failures


def test_no_5xx_and_every_answer_conforms_to_the_document(fuzzed_app: Flask, report: Any) -> None:  # noqa: F811
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = [
        failure for operation in operations for mode in GenerationMode for failure in fuzz(operation, mode)
    ]
    report("api fuzzing", operations=len(operations), identities=len(IDENTITIES), failures=len(failures))
    labels = {operation.label for operation in operations}
    assert {f"POST /dialogues/{{slug}}/acts/{act}" for act in ACT_FORMS} <= labels  # every act is fuzzed
    assert failures == [], "\n".join(failures[:20])
