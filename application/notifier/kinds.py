"""Which events notify whom: one function per event class, giving the notices to record.

Each function gets the decoded event and a :class:`Parts` to load the aggregates it names
(an instance's members, a proposal's authors, a dialogue's roles); the person who did the
act is never notified of it. Actions overdue are not events: the daily pass finds them
(:func:`overdue`).
"""

from collections.abc import Callable, Iterable
from typing import Any, Protocol
from uuid import UUID

from application.notifier.store import Notice

KINDS = (
    "meeting-scheduled",
    "meeting-rescheduled",
    "minutes-recorded",
    "proposal-amended",
    "proposal-objected",
    "proposal-validated",
    "proposal-withdrawn",
    "comment-posted",
    "comment-replied",
    "consent-round-opened",
    "dysfunction-reported",
    "adjustment-decided",
    "results-presented",
    "decision-adopted",
    "decision-communicated",
    "action-assigned",
    "action-overdue",
)
"""Every kind of notification of an account, in the order the preferences list them."""

CITIZEN_KINDS = ("consultation-closed", "consultation-synthesised")
"""What a citizen following a public consultation is mailed: its closing, its synthesis."""


class Parts(Protocol):
    def get(self, aggregate_id: UUID) -> Any:
        """The aggregate of this id, as it is now."""

    def dialogue(self, dialogue_id: UUID) -> Any:
        """The dialogue of this id, as it is now (read-only: shared with the application's acts)."""

    def followers(self, consultation_id: str) -> list[str]:
        """The citizens following this public consultation (their actor ids)."""


Derive = Callable[[Any, Parts], list[Notice]]
DERIVE: dict[str, Derive] = {}
"""Event class name -> what its notices are."""


def on(*names: str) -> Callable[[Derive], Derive]:
    def register(derive: Derive) -> Derive:
        for name in names:
            DERIVE[name] = derive
        return derive

    return register


def notices(
    kind: str, accounts: Iterable[str | None], event: Any, dialogue_id: Any, **details: Any
) -> list[Notice]:
    """One notice of ``kind`` per account (each once, never the actor's own)."""
    chosen = dict.fromkeys(a for a in accounts if a and a != event.actor_id)
    return [Notice(kind, account, str(dialogue_id), details) for account in chosen]


def members(instance: Any) -> list[str]:
    return sorted(instance.member_accounts)


def holders(dialogue: Any, *roles: str) -> list[str]:
    """The accounts holding one of ``roles`` in the dialogue."""
    return sorted(a for a, held in dialogue.roles.items() if set(held) & set(roles))


def steering(dialogue: Any, parts: Parts) -> list[str]:
    """The steering committee: its members, and the accounts holding the steering role."""
    instances = (parts.get(i) for i in dialogue.parts["instance"])
    sitting = [a for i in instances if i.kind == "steering_committee" for a in members(i)]
    return [*sitting, *holders(dialogue, "steering_member")]


def convocation(kind: str, event: Any, parts: Parts, **more: Any) -> list[Notice]:
    """The meeting's members convened: its title, the date and place the event gives, its agenda."""
    meeting = parts.get(event.originator_id)
    return notices(
        kind,
        members(parts.get(meeting.instance_id)),
        event,
        meeting.dialogue_id,
        meeting_id=str(event.originator_id),
        title=meeting.title,
        starts_at=event.starts_at,
        place=event.place,
        agenda=list(meeting.agenda),
        **more,
    )


@on("MeetingScheduled")
def meeting_scheduled(event: Any, parts: Parts) -> list[Notice]:
    return convocation("meeting-scheduled", event, parts)


@on("MeetingRescheduled")
def meeting_rescheduled(event: Any, parts: Parts) -> list[Notice]:
    """The members convened again: the same meeting (its convocation's UID), its next ``sequence``."""
    return convocation("meeting-rescheduled", event, parts, reason=event.reason, sequence=event.sequence)


@on("MinutesRecorded")
def minutes_recorded(event: Any, parts: Parts) -> list[Notice]:
    meeting = parts.get(event.originator_id)
    accounts = members(parts.get(meeting.instance_id))
    return notices("minutes-recorded", accounts, event, meeting.dialogue_id, title=meeting.title)


@on("ProposalAmended", "ProposalObjected", "ProposalValidated", "ProposalWithdrawn")
def proposal_changed(event: Any, parts: Parts) -> list[Notice]:
    proposal = parts.get(event.originator_id)
    kind = {
        "ProposalAmended": "proposal-amended",
        "ProposalObjected": "proposal-objected",
        "ProposalValidated": "proposal-validated",
        "ProposalWithdrawn": "proposal-withdrawn",
    }[type(event).__name__]
    reason = getattr(event, "reason", None) or getattr(event, "rationale", None) or ""
    return notices(kind, proposal.authors, event, proposal.dialogue_id, title=proposal.title, reason=reason)


@on("CommentPosted")
def comment_posted(event: Any, parts: Parts) -> list[Notice]:
    """A comment on a proposal to its co-authors; a reply to the author of the comment it answers (an
    account: a citizen has no notifications). Neither carries the comment's text (sealed: it could be
    shredded), only what it is on."""
    dialogue = parts.dialogue(event.dialogue_id)
    title = _commented_title(event, parts, dialogue)
    found: list[Notice] = []
    if event.parent_id:
        parent = parts.get(UUID(event.parent_id))
        if not parent.author_id.startswith("citizen:"):
            found += notices("comment-replied", [parent.author_id], event, event.dialogue_id, title=title)
    if event.target == "proposal":
        replied = {n.account_id for n in found}
        authors = [a for a in parts.get(UUID(event.target_id)).authors if a not in replied]
        found += notices("comment-posted", authors, event, event.dialogue_id, title=title)
    return found


def _commented_title(event: Any, parts: Parts, dialogue: Any) -> str:
    """The title of what a comment is on: a proposal's, an agreement's; for a contribution, its
    consultation's question."""
    if event.target == "contribution":
        for consultation in dialogue.consultations.values():
            if event.target_id in consultation["contributions"]:
                return str(consultation["question"])
        return ""
    return str(parts.get(UUID(event.target_id)).title)


@on("ConsentRoundOpened")
def consent_round_opened(event: Any, parts: Parts) -> list[Notice]:
    meeting = parts.get(event.originator_id)
    return notices("consent-round-opened", event.members, event, meeting.dialogue_id, title=event.title)


@on("DysfunctionReported")
def dysfunction_reported(event: Any, parts: Parts) -> list[Notice]:
    dialogue = parts.dialogue(event.dialogue_id)
    return notices(
        "dysfunction-reported",
        steering(dialogue, parts),
        event,
        event.dialogue_id,
        description=event.description,
        weak_point=event.weak_point,
    )


@on("AdjustmentAdopted", "AdjustmentRejected")
def adjustment_decided(event: Any, parts: Parts) -> list[Notice]:
    dysfunction = parts.get(event.originator_id)
    dialogue = parts.dialogue(dysfunction.dialogue_id)
    accounts = [*holders(dialogue, "facilitator", "convenor"), *steering(dialogue, parts)]
    adopted = type(event).__name__ == "AdjustmentAdopted"
    return notices(
        "adjustment-decided",
        accounts,
        event,
        dysfunction.dialogue_id,
        description=dysfunction.description,
        adjustment=dysfunction.adjustment or "",
        adopted=adopted,
    )


@on("ResultsPresented")
def results_presented(event: Any, parts: Parts) -> list[Notice]:
    dialogue = parts.dialogue(event.originator_id)
    proposals = [parts.get(p) for p in event.proposal_ids]
    accounts = [*holders(dialogue, "decision_maker", "convenor"), *(a for p in proposals for a in p.authors)]
    return notices(
        "results-presented",
        accounts,
        event,
        dialogue.id,
        body=event.body,
        presented_on=event.presented_on,
        titles=[p.title for p in proposals],
    )


@on("DecisionAdopted", "DecisionCommunicated")
def decision(event: Any, parts: Parts) -> list[Notice]:
    """To every participant, with the outcome of each proposal they authored, endorsed or objected to."""
    dialogue = parts.dialogue(event.originator_id)
    decided = dialogue.decision(event.decision_id)
    outcomes = {str(o["proposal_id"]): o for o in decided["outcomes"]}
    proposals = [parts.get(UUID(p)) for p in outcomes]
    instances = [parts.get(i) for i in dialogue.parts["instance"]]
    participants = [*dialogue.roles, *(a for i in instances for a in members(i))]
    kind = "decision-adopted" if type(event).__name__ == "DecisionAdopted" else "decision-communicated"
    found: list[Notice] = []
    common = {
        "body_name": decided["body_name"],
        "reference": decided["deliberation_reference"],
        "adopted_on": decided["adopted_on"],
    }
    uninvolved: dict[str, Any] = {**common, "outcomes": []}
    involved = [({*p.authors, *p.endorsers, *p.objections}, p) for p in proposals]
    for notice in notices(kind, participants, event, dialogue.id):
        theirs = [
            {
                "title": p.title,
                "outcome": outcomes[str(p.id)]["outcome"],
                "justification": outcomes[str(p.id)].get("justification") or "",
            }
            for accounts, p in involved
            if notice.account_id in accounts
        ]
        details = {**common, "outcomes": theirs} if theirs else uninvolved  # most share one: encoded once
        found.append(Notice(kind, notice.account_id, notice.dialogue_id, details))
    return found


@on("OperatorAssigned")
def action_assigned(event: Any, parts: Parts) -> list[Notice]:
    action = parts.get(event.originator_id)
    return notices(
        "action-assigned",
        [event.operator_id],
        event,
        action.dialogue_id,
        title=action.title,
        due_on=action.due_on,
    )


@on("ConsultationEnded", "ConsultationClosed", "ConsultationSynthesised")
def consultation_followed(event: Any, parts: Parts) -> list[Notice]:
    """To the consultation's followers: it closed (at its date or early), its synthesis is published."""
    dialogue = parts.dialogue(event.originator_id)
    consultation = dialogue.consultations.get(str(event.consultation_id))
    if consultation is None:
        return []
    details = {
        "question": consultation["question"],
        "slug": dialogue.slug,
        "consultation_id": str(event.consultation_id),
    }
    if type(event).__name__ == "ConsultationSynthesised":
        details |= {"text": event.text, "follow_up": event.follow_up}
        kind = "consultation-synthesised"
    else:
        kind = "consultation-closed"
    return notices(kind, parts.followers(str(event.consultation_id)), event, dialogue.id, **details)


def overdue(action_id: UUID, parts: Parts, today: str) -> Iterable[tuple[str, Notice]]:
    """The action, if due before ``today`` and not completed in a dialogue not closed: (key, notice) to
    its operator and the dialogue's convenors, once per action and due date."""
    action = parts.get(action_id)
    if action.completed or action.operator is None or action.due_on >= today:
        return
    dialogue = parts.dialogue(action.dialogue_id)
    if dialogue.closed:
        return
    details = {"title": action.title, "due_on": action.due_on}
    for account in dict.fromkeys([action.operator, *holders(dialogue, "convenor")]):
        yield (
            f"overdue:{action_id}:{action.due_on}",
            Notice("action-overdue", account, str(dialogue.id), details),
        )
