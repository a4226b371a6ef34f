"""A scenario: accounts, people and the acts of one or more dialogues, read from a YAML file.

The format is documented in docs/scenarios.md. Everything that can be checked without recording
is checked when the file is read (unknown act, field, person, key or platform role), so that a
mistake stops the player before it records anything; each message names the step (its number
across the story, its act and its line).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from application.act_methods import ACT_METHODS, PART_KINDS, act_fields
from application.demo.files import DEMO_FILES
from application.dialogues import DialogueApp
from domain.account import ORGANISER
from domain.erasure import GROUNDS

BUNDLED = Path(__file__).with_name("vallee-de-la-veze.yaml")
"""The demo scenario shipped with the product: the water dialogue of the Vèze valley."""

OPEN = "dialogue-opened"
PLATFORM_ROLES = ("administrator", ORGANISER)
"""The platform roles an account of a scenario may hold (``platform_roles``); organisers open dialogues."""

TOP_LEVEL = {"password", "accounts", "logins_by_role", "people", "story"}
PERSON_FIELDS = {
    "category",
    "organisation",
    "name",
    "email",
    "phone",
    "account",
    "public_office",
    "name_consent",
}


class ScenarioError(Exception):
    """What is wrong in a scenario, and where."""


class PartlyRecordedError(ScenarioError):
    """Some of a scenario's dialogues are in the store already, not all: nothing was recorded."""


@dataclass(frozen=True)
class Account:
    login: str
    platform_roles: tuple[str, ...] = ()
    erased: str | None = None
    """The ground its person is erased on once the story is recorded (``domain.erasure.GROUNDS``)."""


@dataclass(frozen=True)
class Person:
    """A stakeholder: category and organisation are public, name, e-mail and phone are sealed."""

    key: str
    category: str
    organisation: str
    name: str
    email: str = ""
    phone: str = ""
    account: str | None = None
    public_office: bool = False
    name_consent: bool = False


@dataclass(frozen=True)
class Step:
    """One act of the story: who records it, in which dialogue, with which fields."""

    number: int
    line: int
    dialogue: str
    act: str
    by: str
    fields: dict[str, Any]
    """As written, parts named by their key (``proposal: partage``)."""
    key: str | None = None
    """The key the part this act makes is known by in the later steps of its dialogue."""
    day: str | None = None
    """The day the act is recorded as done on, for the acts of a public consultation (``day:``):
    whether it is open is decided from that day."""

    @property
    def where(self) -> str:
        return f"step {self.number} ({self.act}, line {self.line})"


@dataclass(frozen=True)
class Scenario:
    source: str
    password: str
    accounts: tuple[Account, ...]
    logins_by_role: dict[str, str]
    people: dict[str, Person]
    steps: tuple[Step, ...]
    dialogues: tuple[str, ...]
    """The slugs of its dialogues, in the order they are opened."""

    @property
    def administrator(self) -> str:
        """The platform administrator who creates the other accounts."""
        return next(a.login for a in self.accounts if "administrator" in a.platform_roles)


def resolve(fields: dict[str, Any], lookup: Callable[[str, str], Any]) -> dict[str, Any]:
    """The act's arguments: ``<kind>: key`` -> ``<kind>_id``, ``<kind>s: [keys]`` -> ``<kind>_ids``,
    ``field: {<kind>: key}`` -> the part's id as text (a dot's ``option``),
    within lists of mappings too (a decision's outcomes); ``lookup(kind, key)`` gives the id."""
    arguments: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "attached_to":  # a document's item: ``dialogue``, ``{expertise: n}`` or ``{<kind>: key}``
            kind, key = next(iter(value.items())) if isinstance(value, dict) else (value, None)
            arguments["item_kind"] = kind
            if key is not None:
                arguments["item_id"] = str(key if kind == "expertise" else lookup(kind, key))
        elif name in PART_KINDS:
            arguments[f"{name}_id"] = lookup(name, value)
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in PART_KINDS:
            ((kind, key),) = value.items()  # a field that names a part of a kind it does not say: its id
            arguments[name] = str(lookup(kind, key))
        elif name.endswith("s") and name[:-1] in PART_KINDS and isinstance(value, list):
            arguments[f"{name[:-1]}_ids"] = [lookup(name[:-1], key) for key in value]
        elif isinstance(value, list):
            arguments[name] = [resolve(v, lookup) if isinstance(v, dict) else v for v in value]
        else:
            arguments[name] = value
    return arguments


def load_scenario(path: Path | str = BUNDLED) -> Scenario:
    """Read and check a scenario file; ScenarioError says what is wrong and where."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{source}: cannot be read ({error.strerror})") from None
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        raise ScenarioError(f"{source}: not valid YAML: {error}") from None
    finally:
        loader.dispose()
    return _Reader(source, loader.lines).scenario(data)


@cache
def bundled() -> Scenario:
    """The demo scenario shipped with the product, read once."""
    return load_scenario(BUNDLED)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe subset, dates left as text (acts take ISO dates as strings), lines remembered."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def construct_located_mapping(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        """A mapping, its line kept (by the mapping's identity, as long as the data lives)."""
        mapping: dict[Any, Any] = {}
        self.lines[id(mapping)] = node.start_mark.line + 1
        yield mapping
        mapping.update(self.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_located_mapping)


def _parameters(act: str) -> dict[str, bool]:
    """The act's fields after the account and the dialogue, each with whether it is required."""
    method = DialogueApp.open_dialogue if act == OPEN else ACT_METHODS[act].method
    return {
        name: required
        for name, required in act_fields(method).items()
        if not (act == OPEN and name == "slug")
    }


class _Reader:
    """Checks the data of one file and builds its Scenario."""

    def __init__(self, source: str, lines: dict[int, int]):
        self.source = source
        self.lines = lines

    def fail(self, where: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.source}, {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise self.fail(where, "expected a mapping of names to values")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "expected a text")
        return value

    def items(self, value: Any, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
        if not isinstance(value, list):
            raise self.fail(where, "expected a list")
        for index, item in enumerate(value, start=1):
            yield index, self.mapping(item, f"{where} {index}")

    def scenario(self, data: Any) -> Scenario:
        data = self.mapping(data, "top level")
        unknown = set(data) - TOP_LEVEL
        if unknown:
            raise self.fail("top level", f"unknown section(s) {sorted(unknown)}; known: {sorted(TOP_LEVEL)}")
        accounts = tuple(
            self.account(item, f"accounts {i}") for i, item in self.items(data.get("accounts"), "accounts")
        )
        if not any("administrator" in a.platform_roles for a in accounts):
            raise self.fail(
                "accounts", "one account needs the platform role administrator, to create the others"
            )
        people = {
            key: self.person(key, value)
            for key, value in self.mapping(data.get("people", {}), "people").items()
        }
        logins = self.mapping(data.get("logins_by_role", {}), "logins_by_role")
        steps = self.story(data.get("story"), people)
        dialogues = tuple(dict.fromkeys(step.dialogue for step in steps if step.act == OPEN))
        return Scenario(
            self.source,
            self.text(data.get("password"), "password"),
            accounts,
            {role: self.text(login, f"logins_by_role {role}") for role, login in logins.items()},
            people,
            steps,
            dialogues,
        )

    def account(self, item: dict[str, Any], where: str) -> Account:
        roles = item.get("platform_roles", [])
        if not isinstance(roles, list) or not set(roles) <= set(PLATFORM_ROLES):
            raise self.fail(where, f"platform_roles: a list among {list(PLATFORM_ROLES)}")
        if set(item) - {"login", "platform_roles", "erased"}:
            raise self.fail(where, "an account has a login, platform_roles and erased only")
        erased = item.get("erased")
        if erased is not None and erased not in GROUNDS:
            raise self.fail(where, f"erased: a ground among {list(GROUNDS)}")
        return Account(self.text(item.get("login"), f"{where} login"), tuple(roles), erased)

    def person(self, key: str, value: Any) -> Person:
        where = f"people {key}"
        item = self.mapping(value, where)
        unknown = set(item) - PERSON_FIELDS
        if unknown:
            raise self.fail(where, f"unknown field(s) {sorted(unknown)}; known: {sorted(PERSON_FIELDS)}")
        for name in ("category", "organisation", "name"):
            self.text(item.get(name), f"{where} {name}")
        for name, kind in (
            ("email", str),
            ("phone", str),
            ("account", str),
            ("public_office", bool),
            ("name_consent", bool),
        ):
            if name in item and not isinstance(item[name], kind):
                raise self.fail(where, f"{name}: expected {'a text' if kind is str else 'true or false'}")
        return Person(key, **item)

    def story(self, value: Any, people: dict[str, Person]) -> tuple[Step, ...]:
        steps: list[Step] = []
        known: dict[str, set[tuple[str, str]]] = {}
        """(kind, key) of the parts made so far, by dialogue."""
        for index, section in self.items(value, "story"):
            slug = self.text(section.get("dialogue"), f"story {index} dialogue")
            for _, item in self.items(section.get("acts"), f"story {index} ({slug}) acts"):
                step = self.step(len(steps) + 1, slug, item, people)
                made = known.get(slug)
                if step.act == OPEN:
                    if made is not None:
                        raise self.fail(step.where, f"the dialogue {slug} is already opened")
                    known[slug] = set()
                elif made is None:
                    raise self.fail(step.where, f"the dialogue {slug} is not opened by an earlier step")
                else:
                    self.check_references(step, made)
                steps.append(step)
        if not steps:
            raise self.fail("story", "no act to record")
        return tuple(steps)

    def step(self, number: int, slug: str, item: dict[str, Any], people: dict[str, Person]) -> Step:
        line = self.lines.get(id(item), 0)
        act = item.get("act")
        where = f"step {number} ({act}, line {line})"
        if not isinstance(act, str) or (act != OPEN and act not in ACT_METHODS):
            raise self.fail(where, f"unknown act {act!r}")
        fields = {k: v for k, v in item.items() if k not in ("act", "by", "key", "day")}
        day = item.get("day")
        if day is not None and (not isinstance(day, str) or not _is_day(day)):
            raise self.fail(where, "day: a day as YYYY-MM-DD")
        key = item.get("key")
        creates = None if act == OPEN else ACT_METHODS[act].creates
        if "person" in fields:
            if act != "stakeholder-identified":
                raise self.fail(where, "only stakeholder-identified takes a person")
            person = people.get(str(fields.pop("person")))
            if person is None or fields:
                raise self.fail(where, "stakeholder-identified takes one person, from people")
            fields = _contact(person)
            key = key or person.key
        if key is not None and (creates is None or not isinstance(key, str)):
            raise self.fail(where, "a key names the part this act makes: this act makes none")
        if "file" in fields and fields["file"] not in DEMO_FILES:
            raise self.fail(where, f"file: one of the demo's files {sorted(DEMO_FILES)}")
        self.check_fields(where, act, fields)
        return Step(number, line, slug, act, self.text(item.get("by"), f"{where} by"), fields, key, day)

    def check_fields(self, where: str, act: str, fields: dict[str, Any]) -> None:
        """Every field is one the act takes, and none it needs is missing."""
        parameters = _parameters(act)
        arguments = resolve(fields, lambda kind, key: key)
        unknown = [name for name in arguments if name not in parameters]
        missing = [n for n, required in parameters.items() if required and n not in arguments]
        if unknown or missing:
            wanted = ", ".join(_written(name) for name in parameters)
            problems = [f"unknown field {_written(n)!r}" for n in unknown]
            problems += [f"missing field {_written(n)!r}" for n in missing]
            raise self.fail(where, f"{'; '.join(problems)} (fields of {act}: {wanted})")

    def check_references(self, step: Step, made: set[tuple[str, str]]) -> None:
        """Every key names a part an earlier step of the dialogue made; the step's own key is new."""

        def lookup(kind: str, key: Any) -> Any:
            if not isinstance(key, str) or (kind, key) not in made:
                raise self.fail(step.where, f"no {kind} {key!r} made by an earlier step of {step.dialogue}")
            return key

        resolve(step.fields, lookup)
        creates = ACT_METHODS[step.act].creates
        if creates and step.key is not None:
            if (creates, step.key) in made:
                raise self.fail(step.where, f"the key {step.key!r} already names a {creates}")
            made.add((creates, step.key))


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _written(parameter: str) -> str:
    """A method's parameter as a scenario writes it (``proposal_ids`` -> ``proposals``)."""
    for suffix, written in (("_ids", "s"), ("_id", "")):
        kind = parameter.removesuffix(suffix)
        if kind != parameter and kind in PART_KINDS:
            return kind + written
    return parameter


def _contact(person: Person) -> dict[str, Any]:
    """The fields of stakeholder-identified for one person of the scenario."""
    return {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "category": person.category,
        "organisation": person.organisation,
        "stakeholder_account_id": person.account,
        "public_office": person.public_office,
        "name_consent": person.name_consent,
    }
