"""Open-data downloads of a dialogue's transparency log: JSON (all of it) and CSV (its tables).

Licence Ouverte 2.0 (Etalab). Names of people appear only where the public
page may show them (public office or consent): ``names`` comes from
:meth:`application.queries.Queries.public_names`.
"""

import io
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from application.csv_files import write_csv
from domain.dialogue import Dialogue

LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

Rows = Iterator[dict[str, Any]]


def with_names(view: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The view, each instance member with the name the public may see (or None)."""
    instances = [
        {**i, "members": [{**m, "name": names.get(m["person_id"])} for m in i["members"]]}
        for i in view["instances"]
    ]
    people = [{**p, "name": names.get(p["person_id"])} for p in view["stakeholders"]["people"]]
    return {**view, "instances": instances, "stakeholders": {**view["stakeholders"], "people": people}}


def document(view: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The JSON download: the licence, then the dialogue's whole public record."""
    return {"licence": LICENCE, "dialogue": with_names(view, names)}


def _last(path: list[dict[str, Any]], step: str, key: str) -> Any:
    return next((s.get(key) for s in reversed(path) if s["step"] == step), None)


def proposals(view: dict[str, Any], names: dict[str, str]) -> Rows:
    for p in view["proposals"]:
        yield {
            "id": p["id"],
            "title": p["title"],
            "topic": p["topic"],
            "instance": p["instance"],
            "status": p["status"],
            "amendments": p["amendments"],
            "endorsements": p["endorsements"],
            "open_objections": p["open_objections"],
            "withdrawal_reason": _last(p["path"], "withdrawn", "reason"),
            "outcome": _last(p["path"], "outcome", "outcome"),
            "justification": _last(p["path"], "outcome", "justification"),
        }


def outcomes(view: dict[str, Any], names: dict[str, str]) -> Rows:
    """One row per proposal ruled on: its decision's public fields (those of ``DecisionAdopted``),
    then the outcome."""
    for d in view["decisions"]:
        decision = {name: d.get(name) for name in Dialogue.DecisionAdopted.PUBLIC}
        for o in d["outcomes"]:
            yield {
                "decision_id": d["id"],
                **decision,
                "proposal_id": o["proposal_id"],
                "proposal": o["title"],
                "outcome": o["outcome"],
                "justification": o["justification"],
            }


def actions(view: dict[str, Any], names: dict[str, str]) -> Rows:
    for a in view["actions"]:
        yield {
            "id": a["id"],
            "title": a["title"],
            "proposal": a["proposal"],
            "operator_organisation": a["operator_organisation"],
            "due_on": a["due_on"],
            "progress_percent": a["progress"],
            "completed": a["completed"],
            "completed_on": a["completed_on"],
        }


def meetings(view: dict[str, Any], names: dict[str, str]) -> Rows:
    for m in view["meetings"]:
        yield {
            "id": m["id"],
            "title": m["title"],
            "instance": m["instance"],
            "starts_at": m["starts_at"],
            "place": m["place"],
            "held_on": m["held_on"],
            "attendance": m["attendance"],
            "excused": m["excused"],
        }


def dot_votes(view: dict[str, Any], names: dict[str, str]) -> Rows:
    """One row per option of each closed dot vote of a meeting's live sessions, most dots first."""
    for m in view["meetings"]:
        for number, v in enumerate(m.get("dot_votes", []), start=1):
            for rank, r in enumerate(v["results"], start=1):
                yield {
                    "meeting_id": m["id"],
                    "meeting": m["title"],
                    "vote": number,
                    "agenda_item": v["item_label"],
                    "subject": v["subject"],
                    "dots_per_member": v["dots"],
                    "voters": v["voters"],
                    "rank": rank,
                    "option_id": r["option"],
                    "option": r["label"] or "",
                    "dots": r["dots"],
                }


def composition(view: dict[str, Any], names: dict[str, str]) -> Rows:
    for i in view["instances"]:
        for category, count in i["composition"]["by_category"].items():
            yield {"instance": i["name"], "kind": i["kind"], "category": category, "members": count}


def members(view: dict[str, Any], names: dict[str, str]) -> Rows:
    for i in view["instances"]:
        for m in i["members"]:
            yield {
                "instance": i["name"],
                "category": m["category"],
                "organisation": m["organisation"],
                "name": names.get(m["person_id"], ""),
                "public_office": m["public_office"],
            }


SECTIONS: dict[str, Callable[[dict[str, Any], dict[str, str]], Rows]] = {
    "proposals": proposals,
    "outcomes": outcomes,
    "actions": actions,
    "meetings": meetings,
    "dot_votes": dot_votes,
    "composition": composition,
    "members": members,
}
"""The CSV tables, by the name in their URL."""


def to_csv(rows: Rows) -> str:
    """Rows as CSV (header from the first row; an empty table gives an empty file), safe in a spreadsheet.

    :func:`application.csv_files.write_csv` neutralises the cells a spreadsheet would run as formulas.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return ""
    out = io.StringIO()
    write_csv(out, list(first), itertools.chain([first], rows))
    return out.getvalue()
