"""A meeting worked on live: its facilitator opens a live session, moves the agenda pointer, starts,
pauses and extends a countdown, names the board's clusters, gives the floor from the speaking
queue, puts proposals to the instance in consent rounds and closes the session.

``LiveSessionActs`` is a part of ``domain.meeting.Meeting``: its events are redefined on it, so
that their topics are ``domain.meeting:Meeting.<Event>``. Each act declares its fields once, as a
``TypedDict`` beside its event (``domain.fields``).
"""

from datetime import UTC, datetime, timedelta
from math import ceil
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_count, check_flag, check_text
from domain.errors import InvalidActError, RuleError
from domain.fields import refuse_undeclared
from domain.roles import Role

TIMER_SECONDS = 3 * 3600
"""The longest countdown: a half-day workshop."""


def check_seconds(value: Any) -> int:
    seconds = check_count("seconds", value)
    if not 1 <= seconds <= TIMER_SECONDS:
        raise InvalidActError(
            "seconds",
            f"must be between 1 and {TIMER_SECONDS}",
            code="seconds",
            params={"most": TIMER_SECONDS},
        )
    return seconds


class LiveSessionActs:
    """The live acts of ``Meeting`` (its state is set by ``MeetingScheduled``)."""

    title: str
    agenda: list[str]
    instance_id: UUID
    live: bool
    anonymous: bool
    pointer: int | None
    round_items: dict[str, int | None]
    cluster_names: dict[str, str]
    consent_round: dict[str, Any] | None
    hands: list[str]
    timer: dict[str, Any] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refuse_undeclared(cls)

    if TYPE_CHECKING:

        def _record(self, event_class: type[Any], by: Actor, **fields: Any) -> None: ...

    def check_live(self, act: str) -> None:
        if not self.live:
            raise RuleError(
                f"{act}: no live session of '{self.title}' is open", code="no-session", params={"act": act}
            )

    class OpenSessionFields(TypedDict):
        """``anonymous``: the cards posted in the session show no author (the log keeps who posted)."""

        anonymous: NotRequired[bool]

    def open_live_session(self, by: Actor, **fields: Unpack[OpenSessionFields]) -> None:
        if self.live:
            raise RuleError(
                f"live-session-opened: a live session of '{self.title}' is open already", code="session-open"
            )
        self._record(
            self.LiveSessionOpened, by, anonymous=check_flag("anonymous", fields.get("anonymous", False))
        )

    class LiveSessionOpened(DialoguePart.Event):
        class_version = 2  # 2: ``anonymous``
        anonymous: bool
        upcast_v1_v2 = staticmethod(lambda state: state.update(anonymous=False))

        def apply(self, aggregate: Any) -> None:
            aggregate.anonymous = self.anonymous
            aggregate.live = True
            aggregate.pointer = None
            aggregate.timer = None
            aggregate.hands = []

    class SessionFields(TypedDict):
        """Closing a live session takes no field."""

    def close_live_session(self, by: Actor, **fields: Unpack[SessionFields]) -> None:
        self.check_live("live-session-closed")
        if self.consent_round is not None:
            raise RuleError("live-session-closed: close the consent round first", code="round-open")
        self._record(self.LiveSessionClosed, by)

    class LiveSessionClosed(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.live = False
            aggregate.pointer = None
            aggregate.timer = None
            aggregate.hands = []

    # --- the speaking queue -----------------------------------------------------

    class HandFields(TypedDict):
        """Raising one's hand takes no field."""

    def raise_hand(self, by: Actor, **fields: Unpack[HandFields]) -> None:
        """Ask for the floor: the account joins the end of the speaking queue."""
        self.check_live("hand-raised")
        if by.account_id in self.hands:
            raise RuleError(
                "hand-raised: this hand is raised already", code="hand-up", params={"act": "hand-raised"}
            )
        self._record(self.HandRaised, by)

    class HandRaised(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.hands.append(self.actor_id)

    class LoweringFields(TypedDict):
        account: NotRequired[str | None]

    def lower_hand(self, by: Actor, **fields: Unpack[LoweringFields]) -> None:
        """Lower one's own hand, or (the facilitator, giving the floor or not) that of ``account``."""
        self.check_live("hand-lowered")
        account = fields.get("account")
        whose = by.account_id if account is None else check_text("account", account)
        if whose != by.account_id:
            by.check_role("hand-lowered", Role.FACILITATOR)
        if whose not in self.hands:
            raise InvalidActError("account", "has no hand raised", code="no-hand")
        self._record(self.HandLowered, by, account=whose)

    class HandLowered(DialoguePart.Event):
        account: str

        def apply(self, aggregate: Any) -> None:
            aggregate.hands.remove(self.account)

    # --- the countdown: its end is recorded, each screen counts down to it ------

    class TimerFields(TypedDict):
        seconds: int

    def start_timer(self, by: Actor, *, now: datetime | None = None, **fields: Unpack[TimerFields]) -> None:
        """Count ``seconds`` down from now (a paused countdown resumes by starting its remaining time)."""
        self.check_live("timer-started")
        seconds = check_seconds(fields["seconds"])
        ends_at = (now or datetime.now(UTC)) + timedelta(seconds=seconds)
        self._record(self.TimerStarted, by, seconds=seconds, ends_at=ends_at.isoformat())

    class TimerStarted(DialoguePart.Event):
        seconds: int
        ends_at: str

        def apply(self, aggregate: Any) -> None:
            aggregate.timer = {"ends_at": self.ends_at}

    class PauseFields(TypedDict):
        """Pausing the countdown takes no field."""

    def pause_timer(self, by: Actor, *, now: datetime | None = None, **fields: Unpack[PauseFields]) -> None:
        """Stop the running countdown where it is."""
        self.check_live("timer-paused")
        if self.timer is None or "ends_at" not in self.timer:
            raise RuleError(
                "timer-paused: no countdown is running", code="no-timer", params={"act": "timer-paused"}
            )
        left = datetime.fromisoformat(self.timer["ends_at"]) - (now or datetime.now(UTC))
        self._record(self.TimerPaused, by, remaining=max(0, ceil(left.total_seconds())))

    class TimerPaused(DialoguePart.Event):
        remaining: int

        def apply(self, aggregate: Any) -> None:
            aggregate.timer = {"remaining": self.remaining}

    def extend_timer(self, by: Actor, *, now: datetime | None = None, **fields: Unpack[TimerFields]) -> None:
        """Give the countdown ``seconds`` more (a finished one, from now)."""
        self.check_live("timer-extended")
        seconds = check_seconds(fields["seconds"])
        if self.timer is None:
            raise RuleError(
                "timer-extended: no countdown to extend", code="no-timer", params={"act": "timer-extended"}
            )
        if "ends_at" in self.timer:
            ends = max(datetime.fromisoformat(self.timer["ends_at"]), now or datetime.now(UTC))
            ends_at = (ends + timedelta(seconds=seconds)).isoformat()
            self._record(self.TimerExtended, by, seconds=seconds, ends_at=ends_at, remaining=None)
        else:
            remaining = self.timer["remaining"] + seconds
            self._record(self.TimerExtended, by, seconds=seconds, ends_at=None, remaining=remaining)

    class TimerExtended(DialoguePart.Event):
        """``ends_at`` for a running countdown, ``remaining`` for a paused one."""

        seconds: int
        ends_at: str | None
        remaining: int | None

        def apply(self, aggregate: Any) -> None:
            running = self.ends_at is not None
            aggregate.timer = {"ends_at": self.ends_at} if running else {"remaining": self.remaining}

    class PointerFields(TypedDict):
        item: int

    @property
    def current_item(self) -> int | None:
        """The agenda item discussed: the one pointed at, else the first (a session starts there)."""
        return self.pointer if self.pointer is not None else (0 if self.agenda else None)

    def check_agenda_item(self, value: Any) -> int:
        """An agenda item's index (0 for the first)."""
        item = check_count("item", value)
        if item >= len(self.agenda):
            raise InvalidActError(
                "item",
                f"the agenda items are numbered from 0 to {len(self.agenda) - 1}",
                code="agenda-item",
                params={"last": len(self.agenda) - 1},
            )
        return item

    def move_agenda_pointer(self, by: Actor, **fields: Unpack[PointerFields]) -> None:
        """Point at the agenda item now discussed (0 for the first)."""
        self.check_live("agenda-pointer-moved")
        item = self.check_agenda_item(fields["item"])
        if item == self.pointer:
            raise RuleError("agenda-pointer-moved: this item is being discussed already", code="same-item")
        self._record(self.AgendaPointerMoved, by, item=item, label=self.agenda[item])

    class AgendaPointerMoved(DialoguePart.Event):
        item: int
        label: str

        def apply(self, aggregate: Any) -> None:
            aggregate.pointer = self.item

    class ClusterFields(TypedDict):
        cluster: str
        name: str

    def name_cluster(self, by: Actor, **fields: Unpack[ClusterFields]) -> None:
        """Give the board's cluster ``cluster`` (as contributions are clustered) a name."""
        self.check_live("cluster-named")
        cluster, name = check_text("cluster", fields["cluster"]), check_text("name", fields["name"])
        if self.cluster_names.get(cluster, cluster) == name:
            raise RuleError(f"cluster-named: the cluster is named '{name}' already", code="same-name")
        self._record(self.ClusterNamed, by, cluster=cluster, name=name)

    class ClusterNamed(DialoguePart.Event):
        cluster: str
        name: str

        def apply(self, aggregate: Any) -> None:
            aggregate.cluster_names[self.cluster] = self.name

    class RoundFields(TypedDict):
        proposal_id: UUID

    def open_consent_round(
        self, by: Actor, *, proposal: Any, instance: Any, **fields: Unpack[RoundFields]
    ) -> None:
        """Put ``proposal`` (the one ``proposal_id`` names) to the meeting's ``instance``: its members
        endorse or object."""
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
        self._record(
            self.ConsentRoundOpened,
            by,
            proposal_id=proposal.id,
            title=proposal.title,
            rule=instance.functioning_rule,
            members=members,
            endorsers=[a for a in members if a in proposal.endorsers],
            objections={a: r for a, r in sorted(proposal.objections.items()) if a in members},
        )

    class ConsentRoundOpened(DialoguePart.Event):
        """``endorsers`` and ``objections``: the members' support when the round opens."""

        proposal_id: UUID
        title: str
        rule: str
        members: list[str]
        endorsers: list[str]
        objections: dict[str, str]

        def apply(self, aggregate: Any) -> None:
            aggregate.consent_round = {"proposal_id": str(self.proposal_id), "members": list(self.members)}
            aggregate.round_items[str(self.proposal_id)] = aggregate.current_item

    def round_proposal_id(self) -> UUID:
        """The proposal of the open consent round; refused when none is open."""
        if self.consent_round is None:
            raise RuleError("consent-round-closed: no consent round is open", code="no-round")
        return UUID(self.consent_round["proposal_id"])

    class ClosingFields(TypedDict):
        """Closing the round takes no field: its proposal is the open round's."""

    def close_consent_round(
        self, by: Actor, *, proposal: Any, instance: Any, **fields: Unpack[ClosingFields]
    ) -> None:
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
        self._record(
            self.ConsentRoundClosed,
            by,
            proposal_id=proposal.id,
            title=proposal.title,
            outcome=outcome,
            rule=instance.functioning_rule,
            members=len(members),
            endorsements=len(members & endorsers),
            objections=len(members & objectors),
        )

    class ConsentRoundClosed(DialoguePart.Event):
        """``outcome``: validated, not_validated (the counts say why), or the proposal's status."""

        proposal_id: UUID
        title: str
        outcome: str
        rule: str
        members: int
        endorsements: int
        objections: int

        def apply(self, aggregate: Any) -> None:
            aggregate.consent_round = None
