"""Meetings of an instance: scheduled, held with attendance, minutes drafted, recorded and corrected.

A meeting may be worked on live: its facilitator opens a live session, moves
the agenda pointer, starts, pauses and extends a countdown, names the board's
clusters, puts proposals to the instance in consent rounds and closes the session. The session is the
meeting's state, rebuilt from its events like the rest.
"""

from datetime import UTC, datetime, timedelta
from math import ceil
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import (
    Actor,
    DialoguePart,
    check_count,
    check_date,
    check_datetime,
    check_flag,
    check_seconds,
    check_text,
    check_texts,
)
from domain.errors import InvalidActError, RuleError
from domain.roles import Role


class Meeting(DialoguePart):
    @classmethod
    def schedule(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        instance_id: UUID,
        title: str,
        starts_at: str,
        place: str,
        agenda: list[str],
    ) -> "Meeting":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            title=check_text("title", title),
            starts_at=check_datetime("starts_at", starts_at),
            place=check_text("place", place),
            agenda=check_texts("agenda", agenda),
        )

    @event("MeetingScheduled")
    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        instance_id: UUID,
        title: str,
        starts_at: str,
        place: str,
        agenda: list[str],
    ):
        self.dialogue_id = dialogue_id
        self.instance_id = instance_id
        self.title = title
        self.starts_at = starts_at
        self.place = place
        self.agenda = list(agenda)
        self.held_on: str | None = None
        self.attendance = 0
        self.excused = 0
        self.minutes: str | None = None
        self.minutes_draft: str | None = None
        self.corrections = 0
        self.live = False
        """A live session of the meeting is open."""
        self.pointer: int | None = None
        """The agenda item being discussed (its index), during a live session."""
        self.cluster_names: dict[str, str] = {}
        self.consent_round: dict[str, Any] | None = None
        """The open consent round: ``proposal_id`` (text) and ``members`` (account ids)."""
        self.hands: list[str] = []
        """The speaking queue: the accounts with a hand raised, in the order they raised it."""
        self.timer: dict[str, Any] | None = None
        """The session's countdown: ``{"ends_at": ISO time}`` running, ``{"remaining": seconds}`` paused."""

    def hold(self, by: Actor, *, held_on: str, attendance: int, excused: int) -> None:
        if self.held_on is not None:
            raise RuleError(
                f"meeting-held: '{self.title}' was already held on {self.held_on}",
                code="already-held",
                params={"act": "meeting-held", "meeting": self.title, "date": self.held_on},
            )
        self._hold(
            by.account_id,
            by.role,
            check_date("held_on", held_on),
            check_count("attendance", attendance),
            check_count("excused", excused),
        )

    @event("MeetingHeld")
    def _hold(self, actor_id: str, actor_role: str, held_on: str, attendance: int, excused: int) -> None:
        self.held_on = held_on
        self.attendance = attendance
        self.excused = excused

    def record_minutes(self, by: Actor, *, text: str) -> None:
        if self.held_on is None:
            raise RuleError(
                f"minutes-recorded: '{self.title}' has not been held yet",
                code="not-held",
                params={"act": "minutes-recorded", "meeting": self.title},
            )
        if self.minutes is not None:
            raise RuleError(
                "minutes-recorded: minutes exist already; correct them instead",
                code="minutes-exist",
                params={"act": "minutes-recorded"},
            )
        self._record_minutes(by.account_id, by.role, check_text("text", text))

    @event("MinutesRecorded")
    def _record_minutes(self, actor_id: str, actor_role: str, text: str) -> None:
        self.minutes = text

    def correct_minutes(self, by: Actor, *, text: str, reason: str) -> None:
        if self.minutes is None:
            raise RuleError(
                "minutes-corrected: there are no minutes to correct",
                code="no-minutes",
                params={"act": "minutes-corrected"},
            )

        self._correct_minutes(by.account_id, by.role, check_text("text", text), check_text("reason", reason))

    @event("MinutesCorrected")
    def _correct_minutes(self, actor_id: str, actor_role: str, text: str, reason: str) -> None:
        self.minutes = text
        self.corrections += 1

    def draft_minutes(self, by: Actor, *, text: str) -> None:
        """Save the facilitator's draft; the minutes themselves are ``minutes-recorded``."""
        if self.minutes is not None:
            raise RuleError(
                "minutes-drafted: the minutes are recorded already; correct them instead",
                code="minutes-final",
            )
        self._draft_minutes(by.account_id, by.role, check_text("text", text))

    @event("MinutesDrafted")
    def _draft_minutes(self, actor_id: str, actor_role: str, text: str) -> None:
        self.minutes_draft = text

    # --- live session ---------------------------------------------------------

    def check_live(self, act: str) -> None:
        if not self.live:
            raise RuleError(
                f"{act}: no live session of '{self.title}' is open", code="no-session", params={"act": act}
            )

    def open_live_session(self, by: Actor, *, anonymous: bool = False) -> None:
        if self.live:
            raise RuleError(
                f"live-session-opened: a live session of '{self.title}' is open already", code="session-open"
            )
        self._open_live_session(by.account_id, by.role, check_flag("anonymous", anonymous))

    class LiveSessionOpened(DialoguePart.Event):
        class_version = 2  # 2: ``anonymous``, its cards show no author (the log keeps who posted)
        anonymous: bool
        upcast_v1_v2 = staticmethod(lambda state: state.update(anonymous=False))

    @event(LiveSessionOpened)
    def _open_live_session(self, actor_id: str, actor_role: str, anonymous: bool) -> None:
        self.anonymous = anonymous
        self.live = True
        self.pointer = None
        self.timer = None
        self.hands = []

    def close_live_session(self, by: Actor) -> None:
        self.check_live("live-session-closed")
        if self.consent_round is not None:
            raise RuleError("live-session-closed: close the consent round first", code="round-open")
        self._close_live_session(by.account_id, by.role)

    @event("LiveSessionClosed")
    def _close_live_session(self, actor_id: str, actor_role: str) -> None:
        self.live = False
        self.pointer = None
        self.timer = None
        self.hands = []

    # --- the speaking queue -----------------------------------------------------

    def raise_hand(self, by: Actor) -> None:
        """Ask for the floor: the account joins the end of the speaking queue."""
        self.check_live("hand-raised")
        if by.account_id in self.hands:
            raise RuleError(
                "hand-raised: this hand is raised already", code="hand-up", params={"act": "hand-raised"}
            )
        self._raise_hand(by.account_id, by.role)

    @event("HandRaised")
    def _raise_hand(self, actor_id: str, actor_role: str) -> None:
        self.hands.append(actor_id)

    def lower_hand(self, by: Actor, *, account: str | None = None) -> None:
        """Lower one's own hand, or (the facilitator, giving the floor or not) that of ``account``."""
        self.check_live("hand-lowered")
        whose = by.account_id if account is None else check_text("account", account)
        if whose != by.account_id:
            by.check_role("hand-lowered", Role.FACILITATOR)
        if whose not in self.hands:
            raise InvalidActError("account", "has no hand raised", code="no-hand")
        self._lower_hand(by.account_id, by.role, whose)

    @event("HandLowered")
    def _lower_hand(self, actor_id: str, actor_role: str, account: str) -> None:
        self.hands.remove(account)

    # --- the countdown: its end is recorded, each screen counts down to it ------

    def start_timer(self, by: Actor, *, seconds: int, now: datetime | None = None) -> None:
        """Count ``seconds`` down from now (a paused countdown resumes by starting its remaining time)."""
        self.check_live("timer-started")
        seconds = check_seconds(seconds)
        ends_at = (now or datetime.now(UTC)) + timedelta(seconds=seconds)
        self._start_timer(by.account_id, by.role, seconds, ends_at.isoformat())

    @event("TimerStarted")
    def _start_timer(self, actor_id: str, actor_role: str, seconds: int, ends_at: str) -> None:
        self.timer = {"ends_at": ends_at}

    def pause_timer(self, by: Actor, *, now: datetime | None = None) -> None:
        """Stop the running countdown where it is."""
        self.check_live("timer-paused")
        if self.timer is None or "ends_at" not in self.timer:
            raise RuleError(
                "timer-paused: no countdown is running", code="no-timer", params={"act": "timer-paused"}
            )
        left = datetime.fromisoformat(self.timer["ends_at"]) - (now or datetime.now(UTC))
        self._pause_timer(by.account_id, by.role, max(0, ceil(left.total_seconds())))

    @event("TimerPaused")
    def _pause_timer(self, actor_id: str, actor_role: str, remaining: int) -> None:
        self.timer = {"remaining": remaining}

    def extend_timer(self, by: Actor, *, seconds: int, now: datetime | None = None) -> None:
        """Give the countdown ``seconds`` more (a finished one, from now)."""
        self.check_live("timer-extended")
        seconds = check_seconds(seconds)
        if self.timer is None:
            raise RuleError(
                "timer-extended: no countdown to extend", code="no-timer", params={"act": "timer-extended"}
            )
        if "ends_at" in self.timer:
            ends = max(datetime.fromisoformat(self.timer["ends_at"]), now or datetime.now(UTC))
            self._extend_timer(
                by.account_id, by.role, seconds, (ends + timedelta(seconds=seconds)).isoformat(), None
            )
        else:
            self._extend_timer(by.account_id, by.role, seconds, None, self.timer["remaining"] + seconds)

    @event("TimerExtended")
    def _extend_timer(
        self, actor_id: str, actor_role: str, seconds: int, ends_at: str | None, remaining: int | None
    ) -> None:
        """``ends_at`` for a running countdown, ``remaining`` for a paused one."""
        self.timer = {"ends_at": ends_at} if ends_at is not None else {"remaining": remaining}

    def move_agenda_pointer(self, by: Actor, *, item: int) -> None:
        """Point at the agenda item now discussed (0 for the first)."""
        self.check_live("agenda-pointer-moved")
        item = check_count("item", item)
        if item >= len(self.agenda):
            raise InvalidActError(
                "item",
                f"the agenda items are numbered from 0 to {len(self.agenda) - 1}",
                code="agenda-item",
                params={"last": len(self.agenda) - 1},
            )
        if item == self.pointer:
            raise RuleError("agenda-pointer-moved: this item is being discussed already", code="same-item")
        self._move_agenda_pointer(by.account_id, by.role, item, self.agenda[item])

    @event("AgendaPointerMoved")
    def _move_agenda_pointer(self, actor_id: str, actor_role: str, item: int, label: str) -> None:
        self.pointer = item

    def name_cluster(self, by: Actor, *, cluster: str, name: str) -> None:
        """Give the board's cluster ``cluster`` (as contributions are clustered) a name."""
        self.check_live("cluster-named")
        cluster, name = check_text("cluster", cluster), check_text("name", name)
        if self.cluster_names.get(cluster, cluster) == name:
            raise RuleError(f"cluster-named: the cluster is named '{name}' already", code="same-name")
        self._name_cluster(by.account_id, by.role, cluster, name)

    @event("ClusterNamed")
    def _name_cluster(self, actor_id: str, actor_role: str, cluster: str, name: str) -> None:
        self.cluster_names[cluster] = name

    def open_consent_round(self, by: Actor, *, proposal: Any, instance: Any) -> None:
        """Put ``proposal`` to the meeting's ``instance``: its members endorse or object."""
        self.check_live("consent-round-opened")
        if self.consent_round is not None:
            raise RuleError("consent-round-opened: a consent round is open already", code="round-open")
        if instance.id != self.instance_id or proposal.instance_id != self.instance_id:
            raise InvalidActError(
                "proposal_id",
                "the proposal belongs to another instance than the meeting's",
                code="round-other-instance",
            )
        proposal.check_open("consent-round-opened")
        members = sorted(instance.member_accounts)
        self._open_consent_round(
            by.account_id,
            by.role,
            proposal.id,
            proposal.title,
            instance.functioning_rule,
            members,
            [a for a in members if a in proposal.endorsers],
            {a: r for a, r in sorted(proposal.objections.items()) if a in members},
        )

    @event("ConsentRoundOpened")
    def _open_consent_round(
        self,
        actor_id: str,
        actor_role: str,
        proposal_id: UUID,
        title: str,
        rule: str,
        members: list[str],
        endorsers: list[str],
        objections: dict[str, str],
    ) -> None:
        """``endorsers`` and ``objections``: the members' support when the round opens."""
        self.consent_round = {"proposal_id": str(proposal_id), "members": list(members)}

    def round_proposal_id(self) -> UUID:
        """The proposal of the open consent round; refused when none is open."""
        if self.consent_round is None:
            raise RuleError("consent-round-closed: no consent round is open", code="no-round")
        return UUID(self.consent_round["proposal_id"])

    def close_consent_round(self, by: Actor, *, proposal: Any, instance: Any) -> None:
        """Close the round: the proposal is validated when the instance's rule is met, else not, saying why.

        ``proposal`` is the round's; it is validated (``proposal-validated``) in the same save.
        """
        if proposal.id != self.round_proposal_id():
            raise InvalidActError("proposal_id", "not the proposal of the open round", code="not-the-round")

        members = instance.member_accounts
        endorsers, objectors = set(proposal.endorsers), set(proposal.objections)
        outcome = proposal.status
        if outcome == "drafted":
            try:
                proposal.validate(by, instance=instance)
                outcome = "validated"
            except RuleError:  # the instance's rule is not met: the counts below say why
                outcome = "not_validated"
        self._close_consent_round(
            by.account_id,
            by.role,
            proposal.id,
            proposal.title,
            outcome,
            instance.functioning_rule,
            len(members),
            len(members & endorsers),
            len(members & objectors),
        )

    @event("ConsentRoundClosed")
    def _close_consent_round(
        self,
        actor_id: str,
        actor_role: str,
        proposal_id: UUID,
        title: str,
        outcome: str,
        rule: str,
        members: int,
        endorsements: int,
        objections: int,
    ) -> None:
        """``outcome``: validated, not_validated (the counts say why), or the proposal's status."""
        self.consent_round = None
