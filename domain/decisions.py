"""Rules of the decision: it belongs to a legitimate body, never to a consultation instance."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.base import check_choice, check_count, check_text
from domain.errors import InvalidActError, RuleError

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


def check_body_name(value: Any, consultation_bodies: list[str]) -> str:
    """The deciding body's name: never one of the dialogue's consultation instances."""
    body_name = check_text("body_name", value)
    if body_name.casefold() in {name.casefold() for name in consultation_bodies}:
        raise RuleError(
            f"decision-adopted: '{body_name}' is a consultation instance of this dialogue; "
            "the decision belongs to the legitimate body",
            code="consultation-body",
            params={"act": "decision-adopted", "body": body_name},
        )
    return body_name


def check_votes(votes: Any) -> dict[str, int]:
    """The votes for, against and abstentions, each a count."""
    if not isinstance(votes, dict):
        raise InvalidActError("votes", "give the votes for, against and abstentions", code="votes")
    return {key: check_count(f"votes.{key}", votes.get(key)) for key in ("for", "against", "abstentions")}


def check_outcomes(
    outcomes: Any, presented: list[UUID], titles: Mapping[UUID, str] | None = None
) -> list[dict[str, Any]]:
    """One outcome for every presented proposal, in the order presented, or an error saying what is wrong.

    ``titles``: the presented proposals' titles, to name them in a refusal (else their ids).
    """
    named = titles or {}
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
    return [ruled[p] for p in presented]
