"""Stakeholders imported from a CSV file: every line checked first, nothing recorded unless all are right.

Columns (a header line, in any order; ``,`` or ``;`` between cells, UTF-8 with or without BOM):
``name``, ``organisation``, ``category``, ``email``, ``phone``, ``instance`` (the name of one of
the dialogue's instances, or empty), ``role`` (a role in the dialogue, or empty), ``invite``
(``yes``/``no``, ``oui``/``non``; empty: no). Each line becomes the acts of the forms: the
stakeholder identified; added to the instance; the role (default: stakeholder) granted when an
account has the address already, otherwise, with ``invite``, an invitation to open one with it.

A line naming a stakeholder already identified in the dialogue (the same e-mail address, or the same
name and organisation, in any case and spacing) or another line of the file is an error of its own.
The text cells are held to the stakeholder form's bounds by ``refuse``, given by who declares them
(``web.admin.imports.refused_cells``).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.addresses import check_email
from application.invitations import Compose
from domain.errors import InvalidActError
from domain.roles import GRANTED_ROLES, Role
from domain.stakeholder import CATEGORIES

COLUMNS = ("name", "organisation", "category", "email", "phone", "instance", "role", "invite")
REQUIRED = ("name", "organisation", "category")
ANSWERS = {"yes": True, "oui": True, "y": True, "o": True, "no": False, "non": False, "n": False, "": False}
MAX_LINES = 5000


REASONS = {
    "missing-column": "missing column",
    "required": "required",
    "category": "not one of {choices}",
    "email": "not an e-mail address",
    "same-address": "the same address as line {line}",
    "same-person": "the same name and organisation as line {line}",
    "known-address": "a stakeholder of the dialogue has this address already",
    "known-person": "a stakeholder of this name and organisation is in the dialogue already",
    "instance": "no instance of this name in the dialogue",
    "role": "not one of {choices}",
    "yes-or-no": "yes or no",
    "email-to-invite": "required to invite",
    "too-many-lines": "more than {max} lines",
    "unreadable": "not readable as CSV",
    "refused": "{message}",
}
"""Each error's code and its English reason (the web words them in the reader's language)."""


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        return REASONS[self.code].format(**dict(self.params))


@dataclass(frozen=True)
class Line:
    line: int
    cells: dict[str, str]
    instance_id: UUID | None
    invite: bool


Refuse = Callable[[dict[str, str]], dict[str, str]]
"""A line's cells -> a message for each cell the stakeholder's form would refuse (``refused``: too long, a
character not allowed...), worded by who declares the form's bounds (the web)."""


class StakeholderImport:
    """The checked lines of one file for one dialogue, or their errors."""

    def __init__(self, app: Any, by: str, dialogue_id: UUID, text: str, refuse: Refuse):
        self.app = app
        self.refuse = refuse
        self.by = by
        self.dialogue_id = dialogue_id
        self.lines: list[Line] = []
        self.errors: list[LineError] = []
        self._known: tuple[set[str], set[tuple[str, str]]] = (set(), set())
        self._people: dict[tuple[str, str], int] = {}
        self._check(text)

    def _check(self, text: str) -> None:
        text = text.removeprefix("\ufeff")
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        try:
            self._check_rows(reader)
        except csv.Error:  # a cell over the reader's limit (128 KiB): the line it was reading
            self.errors.append(LineError(reader.line_num + 1, "", "unreadable"))

    def _check_rows(self, reader: "csv.DictReader[str]") -> None:
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            self.errors += [LineError(1, c, "missing-column") for c in missing]
            return
        reader.fieldnames = header
        instances = self._instances()
        self._known = self._identified()
        addresses: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            if number > MAX_LINES + 1:
                self.errors.append(LineError(number, "", "too-many-lines", (("max", str(MAX_LINES)),)))
                return
            cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if not any(cells.values()):
                continue
            self._check_line(number, cells, instances, addresses)

    def _check_line(
        self, number: int, cells: dict[str, str], instances: dict[str, UUID], addresses: dict[str, int]
    ) -> None:
        found: list[LineError] = [LineError(number, c, "required") for c in REQUIRED if not cells[c]]
        if cells["category"] and cells["category"] not in CATEGORIES:
            found.append(LineError(number, "category", "category", (("choices", ", ".join(CATEGORIES)),)))
        if cells["email"]:
            try:
                cells["email"] = check_email(cells["email"])
            except InvalidActError:
                found.append(LineError(number, "email", "email"))
            else:
                key = cells["email"].lower()
                if key in addresses:
                    found.append(LineError(number, "email", "same-address", (("line", str(addresses[key])),)))
                addresses.setdefault(key, number)
                if key in self._known[0]:
                    found.append(LineError(number, "email", "known-address"))
        found += [LineError(number, c, "refused", (("message", m),)) for c, m in self.refuse(cells).items()]
        found += self._check_person(number, cells)
        if cells["instance"] and cells["instance"] not in instances:
            found.append(LineError(number, "instance", "instance"))
        if cells["role"] and cells["role"] not in {r.value for r in GRANTED_ROLES}:
            found.append(
                LineError(number, "role", "role", (("choices", ", ".join(r.value for r in GRANTED_ROLES)),))
            )
        invite = ANSWERS.get(cells["invite"].lower())
        if invite is None:
            found.append(LineError(number, "invite", "yes-or-no"))
        elif invite and not cells["email"]:
            found.append(LineError(number, "email", "email-to-invite"))
        self.errors += found
        if not found:
            self.lines.append(Line(number, cells, instances.get(cells["instance"]), bool(invite)))

    def _check_person(self, number: int, cells: dict[str, str]) -> list[LineError]:
        """The line's person (name and organisation) identified already, or on an earlier line."""
        if not (cells["name"] and cells["organisation"]):
            return []
        person = (_key(cells["name"]), _key(cells["organisation"]))
        earlier = self._people.setdefault(person, number)
        if earlier != number:
            return [LineError(number, "name", "same-person", (("line", str(earlier)),))]
        return [LineError(number, "name", "known-person")] if person in self._known[1] else []

    def _identified(self) -> tuple[set[str], set[tuple[str, str]]]:
        """The addresses, and the (name, organisation), of the dialogue's stakeholders but the erased."""
        people = [p for p in self.app.stakeholders(self.dialogue_id) if not p["erased"]]
        addresses = {p["email"].lower() for p in people if p["email"]}
        return addresses, {(_key(p["name"]), _key(p["organisation"])) for p in people}

    def _instances(self) -> dict[str, UUID]:
        """The dialogue's instances by name."""
        return {p["label"]: UUID(p["id"]) for p in self.app.parts(self.dialogue_id, ["instance"])["instance"]}

    def record(self, compose: Compose) -> int:
        """Record every line's acts (refused while any line has an error); the number of stakeholders."""
        if self.errors:
            count = len(self.errors)
            raise InvalidActError(
                "file", f"{count} errors: nothing recorded", code="import-errors", params={"count": count}
            )
        for line in self.lines:
            self._record(line, compose)
        return len(self.lines)

    def _record(self, line: Line, compose: Compose) -> None:
        cells, app = line.cells, self.app
        account = app.addresses.account_of(cells["email"]) if cells["email"] else None
        stakeholder = app.identify_stakeholder(
            self.by,
            self.dialogue_id,
            name=cells["name"],
            email=cells["email"],
            phone=cells["phone"],
            category=cells["category"],
            organisation=cells["organisation"],
            stakeholder_account_id=account,
        )
        if line.instance_id is not None:
            app.add_member(self.by, self.dialogue_id, line.instance_id, stakeholder_id=stakeholder.id)
        role = cells["role"] or Role.STAKEHOLDER.value
        if account is not None and role not in app.roles_in(account, self.dialogue_id):
            app.grant_role(self.by, self.dialogue_id, grantee_id=account, role=role)
        elif account is None and line.invite:
            app.invite_person(
                self.by,
                email=cells["email"],
                name=cells["name"],
                dialogue_id=self.dialogue_id,
                role=role,
                compose=compose,
            )


def _key(text: str) -> str:
    """A name or organisation as compared: its case and its spacing do not count."""
    return " ".join(text.split()).casefold()


def open_import(app: Any, by: str, dialogue_id: UUID, text: str, refuse: Refuse) -> StakeholderImport:
    """The file checked for ``by``, who must be allowed to identify stakeholders in the dialogue."""
    app.check_role(by, dialogue_id, "stakeholder-identified")
    return StakeholderImport(app, by, dialogue_id, text, refuse)
