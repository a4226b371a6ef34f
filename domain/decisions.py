"""Rules of the decision: it belongs to a legitimate body, never to a consultation instance."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.base import Actor, check_choice, check_count, check_date, check_text
from domain.errors import InvalidActError, RuleError
from domain.roles import Role

LEGITIMATE_BODIES = (
    "conseil_municipal",
    "conseil_communautaire",
    "bureau_du_syndicat",
    "other_deliberative_body",
)
OUTCOMES = ("adopted", "adopted_with_changes", "rejected", "deferred")
ADOPTED_OUTCOMES = frozenset({"adopted", "adopted_with_changes"})


def check_presentable(proposal: Any, outcome: str | None) -> None:
    """Only proposals validated by their instance and translated by a technician."""
    label = f"proposal '{proposal.title}'"
    params = {"act": "results-presented", "proposal": proposal.title}
    if proposal.status != "validated":
        raise RuleError(
            f"results-presented: {label} is {proposal.status}, not validated by its instance",
            code="proposal-not-validated",
            params={**params, "status": proposal.status},
        )
    if proposal.translation is None:
        raise RuleError(
            f"results-presented: {label} has not been translated by a technician",
            code="not-translated",
            params=params,
        )
    if outcome is not None and outcome != "deferred":
        raise RuleError(
            f"results-presented: {label} was already ruled on ({outcome})",
            code="already-ruled",
            params={**params, "outcome": outcome},
        )


def check_decision(
    by: Actor,
    *,
    body: str,
    body_name: str,
    deliberation_reference: str,
    adopted_on: str,
    votes: dict[str, int],
    outcomes: list[dict[str, Any]],
    presented: list[UUID],
    consultation_bodies: list[str],
    titles: Mapping[UUID, str] | None = None,
) -> dict[str, Any]:
    """The decision as it will be recorded, or an error saying what is wrong.

    ``titles``: the presented proposals' titles, to name them in a refusal (else their ids).
    """
    named = titles or {}
    by.check_role("decision-adopted", Role.DECISION_MAKER)
    body = check_choice("body", body, LEGITIMATE_BODIES)
    body_name = check_text("body_name", body_name)
    if body_name.casefold() in {name.casefold() for name in consultation_bodies}:
        raise RuleError(
            f"decision-adopted: '{body_name}' is a consultation instance of this dialogue; "
            "the decision belongs to the legitimate body",
            code="consultation-body",
            params={"act": "decision-adopted", "body": body_name},
        )
    if not isinstance(votes, dict):
        raise InvalidActError("votes", "give the votes for, against and abstentions", code="votes")
    counted = {key: check_count(f"votes.{key}", votes.get(key)) for key in ("for", "against", "abstentions")}
    if not presented:
        raise RuleError(
            "decision-adopted: no proposal has been presented to the decision-makers",
            code="nothing-presented",
            params={"act": "decision-adopted"},
        )
    ruled: dict[UUID, dict[str, Any]] = {}
    for index, item in enumerate(outcomes):
        field = f"outcomes[{index}]"
        if not isinstance(item, dict):
            raise InvalidActError(
                field, "needs a proposal_id, an outcome and a justification", code="outcome"
            )
        proposal_id = item.get("proposal_id")
        if proposal_id not in presented:
            raise InvalidActError(
                f"{field}.proposal_id",
                f"{proposal_id} was not presented to the decision-makers",
                code="not-presented",
                params={"proposal": str(proposal_id)},
            )
        if proposal_id in ruled:
            raise InvalidActError(
                f"{field}.proposal_id",
                f"{named.get(proposal_id, proposal_id)} is given two outcomes",
                code="two-outcomes",
                params={"proposal": str(named.get(proposal_id, proposal_id))},
            )
        outcome = check_choice(f"{field}.outcome", item.get("outcome"), OUTCOMES)
        justification = check_text(
            f"{field}.justification", item.get("justification"), required=outcome != "adopted"
        )
        ruled[proposal_id] = {"proposal_id": proposal_id, "outcome": outcome, "justification": justification}
    missing = [named.get(p, str(p)) for p in presented if p not in ruled]
    if missing:
        raise InvalidActError(
            "outcomes",
            "no outcome for presented proposal(s) " + ", ".join(f"'{title}'" for title in missing),
            code="outcomes-missing",
            params={"proposals": missing, "count": len(missing)},
        )

    return {
        "body": body,
        "body_name": body_name,
        "deliberation_reference": check_text("deliberation_reference", deliberation_reference),
        "adopted_on": check_date("adopted_on", adopted_on),
        "votes": counted,
        "outcomes": [ruled[p] for p in presented],
    }
