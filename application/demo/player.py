"""The player: records a scenario through the application's acts, once."""

import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from application.act_methods import ACT_METHODS
from application.demo.files import DEMO_FILES
from application.demo.scenario import (
    OPEN,
    PartlyRecordedError,
    Scenario,
    ScenarioError,
    Step,
    bundled,
    resolve,
)
from application.dialogues import DialogueApp
from application.documents import Upload
from application.errors import ApplicationError, NotFoundError
from domain.account import ORGANISER, account_id_for
from domain.citizen import ACTOR_PREFIX
from domain.dialogue import dialogue_id_for
from domain.errors import DomainError


@dataclass(frozen=True)
class DemoResult:
    """The scenario's dialogues (id by slug, in the order opened) and one account per role."""

    dialogues: dict[str, UUID]
    accounts: dict[str, str]
    recorded: bool
    """False when the dialogues were already there and were not recorded again."""
    administrator: str
    password: str
    """The password of every login of the scenario, the administrator's included."""

    @property
    def main_dialogue_id(self) -> UUID:
        """The dialogue the scenario opens first."""
        return next(iter(self.dialogues.values()))


def record_demo(app: DialogueApp, scenario: Scenario | None = None) -> DemoResult:
    """Record ``scenario`` (the bundled demo by default) through the acts of ``app``; once only.

    The missing logins are created first (roles are granted to existing accounts only), then its
    acts are recorded when none of its dialogues exists yet. ScenarioError names the step an act
    was refused at.
    """
    scenario = scenario or bundled()
    existing = [slug for slug in scenario.dialogues if _dialogue_exists(app, slug)]
    if existing and len(existing) < len(scenario.dialogues):
        missing = [slug for slug in scenario.dialogues if slug not in existing]
        msg = f"{scenario.source}: the dialogues {existing} exist already but not {missing}: nothing recorded"
        raise PartlyRecordedError(msg)
    try:
        _create_logins(app, scenario)
    except (ApplicationError, DomainError) as error:
        raise ScenarioError(f"{scenario.source}, accounts: refused: {error}") from error
    if not existing:
        _Player(app).play(scenario)
        for account in scenario.accounts:  # the erasure register's act, at the end
            if account.erased is not None:
                app.erase_person(
                    account_id_for(account.login), by=scenario.administrator, reason=account.erased
                )
    return DemoResult(
        {slug: dialogue_id_for(slug) for slug in scenario.dialogues},
        dict(scenario.logins_by_role),
        recorded=not existing,
        administrator=scenario.administrator,
        password=scenario.password,
    )


DEMO_DOMAIN = "example.org"
"""The demo accounts' addresses are fictitious: this domain is reserved for examples (RFC 2606)."""


class _Player:
    """Records the steps in order, keeping the id each part's key stands for."""

    def __init__(self, app: DialogueApp):
        self.app = app
        self.dialogues: dict[str, UUID] = {}
        self.parts: dict[tuple[str, str, str], UUID] = {}
        """Part ids by (dialogue slug, kind, key)."""

    def play(self, scenario: Scenario) -> None:
        for step in scenario.steps:
            try:
                self.record(step)
            except (ApplicationError, DomainError) as error:
                msg = f"{scenario.source}, {step.where}, by {step.by}: refused: {error}"
                raise ScenarioError(msg) from error

    def record(self, step: Step) -> None:
        if step.act == OPEN:
            opened = self.app.open_dialogue(step.by, slug=step.dialogue, **step.fields)
            self.dialogues[step.dialogue] = opened.id
            return

        def part_id(kind: str, key: Any) -> UUID:
            return self.parts[step.dialogue, kind, key]

        act = ACT_METHODS[step.act]
        arguments = resolve(step.fields, part_id)
        if "file" in arguments:  # a document: the demo's file of that name
            arguments["file"] = Upload(arguments["file"], io.BytesIO(DEMO_FILES[arguments["file"]]()))
        by = self.citizen(step.by) if step.by.startswith(ACTOR_PREFIX) else step.by
        with self.on(step.day):
            recorded = act.record(self.app, by, self.dialogues[step.dialogue], arguments)
        if act.creates and step.key is not None:
            self.parts[step.dialogue, act.creates, step.key] = recorded.id

    def citizen(self, by: str) -> str:
        """The actor id of the demo's citizen ``citizen:<pseudonym>``, signed up (confirmed) on first use,
        their address fictitious (``<pseudonym>@example.org``)."""
        pseudonym = by.removeprefix(ACTOR_PREFIX)
        address = "".join(c for c in unicodedata.normalize("NFKD", pseudonym.lower()) if c.isalnum())
        return self.app.enrol_citizen(pseudonym=pseudonym, email=f"{address}@{DEMO_DOMAIN}")

    @contextmanager
    def on(self, day: str | None) -> Iterator[None]:
        """Within the block, the consultations' day is ``day`` (when given)."""
        if day is None:
            yield
            return
        self.app.consultation_day = lambda: date.fromisoformat(day)
        try:
            yield
        finally:
            del self.app.consultation_day


def _dialogue_exists(app: DialogueApp, slug: str) -> bool:
    try:
        app.dialogue_id(slug)
    except NotFoundError:
        return False
    return True


def _create_logins(app: DialogueApp, scenario: Scenario) -> None:
    """A login for every account of the scenario, with its password, a fictitious address
    (``login@example.org``) and, for a stakeholder's login, that person's name as its display name
    (as an accepted invitation gives it): the missing ones only.

    The first administrator is created from the console, the others by that administrator, the
    accounts of one set of platform roles at once (their password hashed once); that administrator
    then makes the organisers.
    """

    def exists(login: str) -> bool:
        try:
            app.account(login)
        except NotFoundError:
            return False
        return True

    administrator = scenario.administrator
    if not exists(administrator):
        app.create_administrator(administrator, scenario.password)
    by_roles: dict[tuple[str, ...], list[str]] = {}
    for account in scenario.accounts:
        if account.login != administrator and not exists(account.login):
            by_roles.setdefault(account.platform_roles, []).append(account.login)
    for roles, logins in by_roles.items():
        app.create_accounts(
            administrator, logins=logins, password=scenario.password, administrator="administrator" in roles
        )
    names = {person.account: person.name for person in scenario.people.values() if person.account}
    for account in scenario.accounts:
        if ORGANISER in account.platform_roles and not app.account(account.login)["organiser"]:
            app.grant_platform_role(administrator, account.login, ORGANISER)
        profile = app.profile(account.login)
        name = names.get(account.login, "")
        if not profile["erased"] and (not profile["email"] or (name and not profile["display_name"])):
            email = profile["email"] or f"{account.login}@{DEMO_DOMAIN}"
            app.set_profile(administrator, account.login, email=email, display_name=name)
