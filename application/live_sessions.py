"""Live sessions of a meeting: opening and closing, agenda pointer, cluster names, consent rounds, minutes.

Every change is an act on the meeting; ``live_session`` reads the session back
from the aggregates, so a restarted server finds it as it was.
"""

from collections.abc import Callable, Mapping
from typing import Any, Unpack
from uuid import UUID

from application.dot_votes import DotVoteActs
from application.errors import NotAuthorisedError, NotFoundError
from application.recorded import Recorded
from domain.base import Actor
from domain.dialogue import Dialogue
from domain.instance import Instance, endorsements_needed
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder


class LiveSessionActs(DotVoteActs):
    def open_live_session(
        self,
        account_id: str,
        dialogue_id: UUID,
        meeting_id: UUID,
        **fields: Unpack[Meeting.OpenSessionFields],
    ) -> Recorded:
        """``anonymous``: the cards posted in the session are shown without their authors."""
        return self._on_meeting(
            "live-session-opened", account_id, dialogue_id, meeting_id, Meeting.open_live_session, fields
        )

    def close_live_session(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.SessionFields]
    ) -> Recorded:
        return self._on_meeting(
            "live-session-closed", account_id, dialogue_id, meeting_id, Meeting.close_live_session, fields
        )

    def move_agenda_pointer(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.PointerFields]
    ) -> Recorded:
        return self._on_meeting(
            "agenda-pointer-moved", account_id, dialogue_id, meeting_id, Meeting.move_agenda_pointer, fields
        )

    def start_timer(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.TimerFields]
    ) -> Recorded:
        return self._on_meeting(
            "timer-started", account_id, dialogue_id, meeting_id, Meeting.start_timer, fields
        )

    def pause_timer(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.PauseFields]
    ) -> Recorded:
        return self._on_meeting(
            "timer-paused", account_id, dialogue_id, meeting_id, Meeting.pause_timer, fields
        )

    def extend_timer(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.TimerFields]
    ) -> Recorded:
        return self._on_meeting(
            "timer-extended", account_id, dialogue_id, meeting_id, Meeting.extend_timer, fields
        )

    def raise_hand(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.HandFields]
    ) -> Recorded:
        return self._on_meeting(
            "hand-raised", account_id, dialogue_id, meeting_id, Meeting.raise_hand, fields
        )

    def lower_hand(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.LoweringFields]
    ) -> Recorded:
        return self._on_meeting(
            "hand-lowered", account_id, dialogue_id, meeting_id, Meeting.lower_hand, fields
        )

    def name_cluster(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.ClusterFields]
    ) -> Recorded:
        return self._on_meeting(
            "cluster-named", account_id, dialogue_id, meeting_id, Meeting.name_cluster, fields
        )

    def draft_minutes(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.MinutesFields]
    ) -> Recorded:
        return self._on_meeting(
            "minutes-drafted", account_id, dialogue_id, meeting_id, Meeting.draft_minutes, fields
        )

    def open_consent_round(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.RoundFields]
    ) -> Recorded:
        def open_round(dialogue: Dialogue, by: Actor) -> list[Any]:
            meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
            proposal = self._part(dialogue, Proposal, fields["proposal_id"], "proposal_id")
            instance = self._part(dialogue, Instance, meeting.instance_id, "meeting_id")
            meeting.open_consent_round(by, proposal=proposal, instance=instance, **fields)
            return [meeting]

        return self._record_act("consent-round-opened", account_id, dialogue_id, open_round)

    def close_consent_round(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.ClosingFields]
    ) -> Recorded:
        """Close the open round; its proposal is validated in the same save when its instance's rule holds."""

        def close_round(dialogue: Dialogue, by: Actor) -> list[Any]:
            meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
            proposal = self._part(dialogue, Proposal, meeting.round_proposal_id(), "meeting_id")
            instance = self._part(dialogue, Instance, meeting.instance_id, "meeting_id")
            meeting.close_consent_round(by, proposal=proposal, instance=instance, **fields)
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
            "anonymous": meeting.live and meeting.anonymous,
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
        method: Callable[..., None],
        fields: Mapping[str, object],
    ) -> Recorded:
        """One act of the live session: ``method`` of the meeting, with the act's fields."""
        return self._part_act(act, account_id, dialogue_id, Meeting, meeting_id, method, fields)
