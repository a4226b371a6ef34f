"""Live sessions of a meeting: opening and closing, agenda pointer, cluster names, consent rounds, minutes.

Every change is an act on the meeting; ``live_session`` reads the session back
from the aggregates, so a restarted server finds it as it was.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from application.base import Recorded
from application.dot_votes import DotVoteActs
from application.errors import NotAuthorisedError, NotFoundError
from domain.base import Actor
from domain.dialogue import Dialogue
from domain.instance import Instance, endorsements_needed
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder


class LiveSessionActs(DotVoteActs):
    def open_live_session(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, anonymous: bool = False
    ) -> Recorded:
        """``anonymous``: the cards posted in the session are shown without their authors."""
        return self._on_meeting(
            "live-session-opened",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.open_live_session(by, anonymous=anonymous),
        )

    def close_live_session(self, account_id: str, dialogue_id: UUID, meeting_id: UUID) -> Recorded:
        return self._on_meeting(
            "live-session-closed",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.close_live_session(by),
        )

    def move_agenda_pointer(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, item: int
    ) -> Recorded:
        return self._on_meeting(
            "agenda-pointer-moved",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.move_agenda_pointer(by, item=item),
        )

    def start_timer(self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, seconds: int) -> Recorded:
        return self._on_meeting(
            "timer-started",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.start_timer(by, seconds=seconds),
        )

    def pause_timer(self, account_id: str, dialogue_id: UUID, meeting_id: UUID) -> Recorded:
        return self._on_meeting(
            "timer-paused", account_id, dialogue_id, meeting_id, lambda m, by, d: m.pause_timer(by)
        )

    def extend_timer(self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, seconds: int) -> Recorded:
        return self._on_meeting(
            "timer-extended",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.extend_timer(by, seconds=seconds),
        )

    def raise_hand(self, account_id: str, dialogue_id: UUID, meeting_id: UUID) -> Recorded:
        return self._on_meeting(
            "hand-raised", account_id, dialogue_id, meeting_id, lambda m, by, d: m.raise_hand(by)
        )

    def lower_hand(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, account: str | None = None
    ) -> Recorded:
        return self._on_meeting(
            "hand-lowered",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.lower_hand(by, account=account),
        )

    def name_cluster(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, cluster: str, name: str
    ) -> Recorded:
        return self._on_meeting(
            "cluster-named",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.name_cluster(by, cluster=cluster, name=name),
        )

    def draft_minutes(self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, text: str) -> Recorded:
        return self._on_meeting(
            "minutes-drafted",
            account_id,
            dialogue_id,
            meeting_id,
            lambda m, by, d: m.draft_minutes(by, text=text),
        )

    def open_consent_round(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, *, proposal_id: UUID
    ) -> Recorded:
        def open_round(dialogue: Dialogue, by: Actor) -> list[Any]:
            meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
            proposal = self._part(dialogue, Proposal, proposal_id, "proposal_id")
            instance = self._part(dialogue, Instance, meeting.instance_id, "meeting_id")
            meeting.open_consent_round(by, proposal=proposal, instance=instance)
            return [meeting]

        return self._record_act("consent-round-opened", account_id, dialogue_id, open_round)

    def close_consent_round(self, account_id: str, dialogue_id: UUID, meeting_id: UUID) -> Recorded:
        """Close the open round; its proposal is validated in the same save when its instance's rule holds."""

        def close_round(dialogue: Dialogue, by: Actor) -> list[Any]:
            meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
            proposal = self._part(dialogue, Proposal, meeting.round_proposal_id(), "meeting_id")
            instance = self._part(dialogue, Instance, meeting.instance_id, "meeting_id")
            meeting.close_consent_round(by, proposal=proposal, instance=instance)
            return [meeting, proposal]

        return self._record_act("consent-round-closed", account_id, dialogue_id, close_round)

    def live_session(self, account_id: str, dialogue_id: UUID, meeting_id: UUID) -> dict[str, Any]:
        """The meeting's live session as recorded, for a member of its instance or a facilitator.

        ``round`` is the open consent round: the proposal's text, the instance's rule and the
        endorsements it needs, the live tally (members' endorsements and objections with their
        reasons), or None; ``dot_vote`` the open dot vote (``dot_vote_state``), or None; ``timer``
        the countdown (``ends_at`` running, ``remaining`` seconds paused), or None; ``anonymous``
        whether the open session shows its cards without their authors.
        """
        dialogue = self._dialogue(dialogue_id)
        meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
        instance = self._part(dialogue, Instance, meeting.instance_id, "meeting_id")
        if not self._takes_part(dialogue, account_id, instance):
            raise NotAuthorisedError(
                f"{account_id} is neither a member of '{instance.name}' nor a facilitator or expert here",
                code="not-in-session",
                params={"instance": instance.name},
            )
        return {
            "meeting_id": str(meeting.id),
            "title": meeting.title,
            "instance_id": str(instance.id),
            "agenda": list(meeting.agenda),
            "open": meeting.live,
            "anonymous": meeting.live and getattr(meeting, "anonymous", False),
            "pointer": meeting.pointer,
            "timer": meeting.timer,
            "hands": list(meeting.hands),
            "clusters": dict(meeting.cluster_names),
            "minutes_draft": meeting.minutes_draft,
            "round": self._tally(dialogue, meeting),
            "dot_vote": self.dot_vote_state(dialogue, meeting.id),
        }

    def live_people(self, dialogue_id: UUID) -> dict[str, dict[str, str]]:
        """The dialogue's members as a live board names them: ``{account id: {name, organisation}}``.

        ``name`` is the account's display name (its login without one, or once erased);
        ``organisation`` that of the stakeholder the account is, or "".
        """
        dialogue = self._dialogue(dialogue_id)
        organisations = {}
        for stakeholder_id in dialogue.parts["stakeholder"]:
            stakeholder = self._part(dialogue, Stakeholder, stakeholder_id, "stakeholder_id")
            if stakeholder.account_id:
                organisations[stakeholder.account_id] = stakeholder.organisation
        return {
            login: {"name": self._display_name(login), "organisation": organisations.get(login, "")}
            for login in dialogue.roles
        }

    def _display_name(self, login: str) -> str:
        try:
            account = self._account(login)
        except NotFoundError:
            return login
        if account.sealed_profile is None:
            return login
        opened = self.vault.open(account.id, account.sealed_profile)
        return str(opened.get("name", "")) or login if opened is not None else login

    def _tally(self, dialogue: Dialogue, meeting: Meeting) -> dict[str, Any] | None:
        if meeting.consent_round is None:
            return None
        members = list(meeting.consent_round["members"])
        proposal = self._part(dialogue, Proposal, UUID(meeting.consent_round["proposal_id"]), "proposal_id")
        rule = self._part(dialogue, Instance, meeting.instance_id, "meeting_id").functioning_rule
        return {
            "proposal_id": str(proposal.id),
            "title": proposal.title,
            "text": proposal.text,
            "rule": rule,
            "needed": endorsements_needed(rule, len(members)),
            "members": members,
            "endorsers": [a for a in members if a in proposal.endorsers],
            "objections": {a: r for a, r in sorted(proposal.objections.items()) if a in members},
        }

    def _on_meeting(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        meeting_id: UUID,
        change: Callable[[Meeting, Actor, Dialogue], None],
    ) -> Recorded:
        return self._on_part(act, account_id, dialogue_id, Meeting, meeting_id, "meeting_id", change)
