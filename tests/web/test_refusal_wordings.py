"""Every code given to a refusal or a note has its wording, in French and in English.

The codes are read from the source (every DomainError made in domain/ and
application/, every ApplicationError made there or in web/, every ReplayError
made in projections/), so a new refusal
without a code, or with a code the web does not word, fails here rather than
showing English to a French reader.
"""

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

import application.errors
import domain.errors
from application.errors import ApplicationError
from domain.errors import DomainError, InvalidActError
from domain.indicators import NOTES, note
from projections.replay import ReplayError
from web.i18n.domain_messages import INDICATOR_NOTES, INVALID_VALUES, translated
from web.i18n.refusal_texts import APPLICATION_ERRORS, REFUSALS, REPLAY_ERRORS, Wording

ROOT = Path(__file__).parents[2]


def errors_of(module: object, base: type) -> dict[str, type]:
    return {
        name: cls for name, cls in vars(module).items() if isinstance(cls, type) and issubclass(cls, base)
    }


APPLICATION = errors_of(application.errors, ApplicationError)
REPLAY = {"ReplayError": ReplayError}
ERRORS = {**errors_of(domain.errors, DomainError), **APPLICATION, **REPLAY}
SOURCES = {"domain": ERRORS, "application": ERRORS, "web": APPLICATION, "projections": REPLAY}
"""Which errors each folder is read for (the web words the values it refuses itself, with gettext)."""
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class Given:
    """One DomainError made in the source: where, its class, its code and its literal named values."""

    def __init__(self, where: str, cls: str, call: ast.Call):
        self.where, self.cls = where, cls
        keywords = {k.arg: k.value for k in call.keywords}
        code = keywords.get("code")
        self.code = code.value if isinstance(code, ast.Constant) else None
        params = keywords.get("params")
        literal = isinstance(params, ast.Dict) and all(isinstance(k, ast.Constant) for k in params.keys)
        self.params = {k.value for k in params.keys if isinstance(k, ast.Constant)} if literal else None
        kind = ERRORS[cls]
        self.table = (
            INVALID_VALUES
            if issubclass(kind, InvalidActError)
            else APPLICATION_ERRORS
            if issubclass(kind, ApplicationError)
            else REPLAY_ERRORS
            if issubclass(kind, ReplayError)
            else REFUSALS
        )


def sources() -> Iterator[tuple[Path, dict[str, type]]]:
    """Each source file, with the errors it is read for."""
    for folder, errors in SOURCES.items():
        for path in sorted(ROOT.glob(f"{folder}/**/*.py")):
            yield path, errors


def given() -> Iterator[Given]:
    """Each call that makes an error of ``SOURCES`` (or, in domain/errors.py, a class's call to its base)."""
    for path, errors in sources():
        tree = ast.parse(path.read_text())
        owners = {
            id(call): node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and node.name in ERRORS
            for call in ast.walk(node)
        }
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in errors:
                yield Given(f"{path.relative_to(ROOT)}:{call.lineno}", name, call)
            elif name == "__init__" and id(call) in owners and Given(path.name, owners[id(call)], call).code:
                yield Given(f"{path.relative_to(ROOT)}:{call.lineno}", owners[id(call)], call)


def takes_a_code(cls: str) -> bool:
    return "code" in inspect.signature(ERRORS[cls]).parameters


def placeholders() -> set[str]:
    tables = ("web/i18n/domain_messages.py", "web/i18n/refusal_texts.py")
    return {name for table in tables for name in PLACEHOLDER.findall((ROOT / table).read_text())}


def test_every_error_is_made_with_a_code() -> None:
    made = [g for g in given() if takes_a_code(g.cls) or g.code is not None]

    assert len(made) > 80
    assert {g.cls for g in made} >= set(APPLICATION) - {"ApplicationError"}
    assert [g.where for g in made if g.code is None] == []


def test_every_code_given_has_its_wording_in_the_table_of_its_kind() -> None:
    unworded = [(g.where, g.code) for g in given() if g.code is not None and g.code not in g.table]

    assert unworded == []


def test_every_wording_is_for_a_code_given() -> None:
    codes = {g.code for g in given()}

    assert set(INVALID_VALUES) | set(REFUSALS) | set(APPLICATION_ERRORS) | set(REPLAY_ERRORS) <= codes


def test_the_wordings_use_only_the_named_values_given_with_their_code(web_app: Flask) -> None:
    mismatched = []
    with web_app.test_request_context("/"), force_locale("en"):
        for g in given():
            if g.code is None or g.params is None:
                continue
            values = {name: 2 for name in g.params}
            if translated(g.table, g.code, values) is None:
                mismatched.append((g.where, g.code, sorted(g.params)))

    assert mismatched == []


TABLES: list[tuple[str, dict[str, Wording]]] = [
    ("note", INDICATOR_NOTES),
    ("value", INVALID_VALUES),
    ("refusal", REFUSALS),
    ("application", APPLICATION_ERRORS),
    ("replay", REPLAY_ERRORS),
]


@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize(("kind", "table"), TABLES, ids=[kind for kind, _ in TABLES])
def test_every_wording_reads_in_french_and_in_english(
    web_app: Flask, kind: str, table: dict[str, Wording], count: int
) -> None:
    values = {name: "X" for name in placeholders()} | {"count": count}
    with web_app.test_request_context("/"):
        with force_locale("en"):
            english = {code: translated(table, code, values) for code in table}
        with force_locale("fr"):
            french = {code: translated(table, code, values) for code in table}

    assert [code for code in table if english[code] is None or french[code] is None] == []
    assert [code for code in table if english[code] == french[code]] == []


def test_every_note_of_the_domain_has_its_wording() -> None:
    assert set(INDICATOR_NOTES) == set(NOTES)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_domain_words_a_counted_note_as_the_web_does_in_english(web_app: Flask, count: int) -> None:
    counted = [code for code, wording in NOTES.items() if isinstance(wording, tuple)]
    with web_app.test_request_context("/"), force_locale("en"):
        web = {code: translated(INDICATOR_NOTES, code, {"count": count}) for code in counted}

    assert len(counted) == 6
    assert {code: note(code, count=count).english for code in counted} == web
