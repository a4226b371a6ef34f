"""Schemathesis against /api/v1/openapi.json: every operation, as several roles and anonymously.

Requests generated from the document, valid and not, are sent to one dialogue
in collective work (its slug put in every path) by a convenor, a facilitator, a
stakeholder and an anonymous client. No answer may be a 5xx, and every answer
must conform to the document: a documented status, content type, body and
headers; invalid data refused with a 4xx. Examples are few per operation, so
that the whole runs in about a minute.

Then what a generator seldom makes, for every act as a role that may perform it:
each bounded field at its bound and one over it, a lone surrogate, a NUL and a
line break in each text, a body nested too deeply, a body over the size limit.
No 5xx, each answer a status the document lists, and every refusal names its
field (``_schema`` for the body as a whole).
"""

import json
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

from domain.acts import ACTS
from domain.roles import Role
from tests.bounds import hostile
from tests.builders import ACCOUNTS, Scenario
from tests.reliability.figures import report  # noqa: F401  (a fixture)
from tests.web.conftest import make_web_app
from tests.web.test_api_v1 import basic
from web import close_app
from web.schemas import ACT_FORMS, OPEN_DIALOGUE

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


def hostile_bodies(schema: Any) -> Iterator[tuple[str, Any]]:
    """``tests.bounds.hostile``'s, then bodies too deep and too large: the answer names ``_schema``."""
    yield from hostile(schema)
    yield "_schema", "[" * 50_000
    yield "_schema", '{"x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    yield "_schema", {"text": "x" * 1_100_000}


def test_hostile_bodies_are_refused_naming_the_field(fuzzed_app: Flask, report: Any) -> None:  # noqa: F811
    document = fuzzed_app.test_client().get("/api/v1/openapi.json").get_json()
    client = fuzzed_app.test_client()
    failures, sent = [], 0
    for act, form in {**ACT_FORMS, "dialogue-opened": OPEN_DIALOGUE}.items():
        accounts_roles = ACTS[act].roles - {Role.CITIZEN}
        if not accounts_roles:
            continue  # a citizen's own act, done on the consultation's page, never through the API
        path = "/dialogues" if act == "dialogue-opened" else f"/dialogues/{{slug}}/acts/{act}"
        statuses = document["paths"][path]["post"]["responses"]
        login = ACCOUNTS[min(accounts_roles)]  # comments: participants through the API, citizens on the pages
        for field, body in hostile_bodies(form.schema()):
            data = body if isinstance(body, str) else json.dumps(body)  # a lone surrogate as its JSON escape
            url = "/api/v1" + path.replace("{slug}", SLUG)
            response = client.post(url, data=data, content_type="application/json", headers=basic(login))
            sent += 1
            errors = (response.get_json(silent=True) or {}).get("errors", {})
            named = not field.startswith("-")
            wrong = (
                str(response.status_code) not in statuses
                or (response.status_code >= 400 and not errors)
                or (named and response.status_code not in (400, 413))
                or (named and field not in errors)
                or (not named and field[1:] in errors)
            )
            if wrong:
                failures.append(f"{act} {field}: {response.status_code} {str(errors)[:200]}")
    report("api hostile bodies", requests=sent, failures=len(failures))
    assert failures == [], "\n".join(failures[:20])
