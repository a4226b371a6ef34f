"""A public consultation's calendar and its followers.

The calendar: a consultation starts on its first day and ends after its last by itself; the platform
records both acts (``ConsultationStarted``, ``ConsultationEnded``) at the date, from the notifier's
loop (``reach_consultation_dates``), or on the first read of the consultation's page after it. Each
is recorded exactly once, even by several processes at once: the acts are the dialogue's next
version, which the store gives to one save only; the other reads the dialogue again and finds them.

The followers: a confirmed citizen follows a consultation to be mailed when it closes and when its
synthesis is published. Who follows what is a citizen's preference, not an act: it is kept in a
table beside the events (``consultation_followers``), withdrawn by unfollowing, forgotten when the
citizen is erased; the address it is mailed to stays sealed in the vault.
"""

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from application.aggregate_cache import private
from application.base import MAX_ATTEMPTS, ActRecording
from application.errors import NotAuthorisedError
from application.side_tables import SideTable
from domain.citizen import citizen_id_of
from domain.dialogue import Dialogue

OPENED = [get_topic(Dialogue.ConsultationOpened)]
PAGE = 1000
"""Notifications read at once when looking for consultations opened."""


def today() -> date:
    return datetime.now(UTC).date()


class ConsultationFollowers:
    """Which citizen follows which consultation (actor ids and ids, nothing else)."""

    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            "consultation_followers",
            "citizen TEXT NOT NULL, consultation_id TEXT NOT NULL, PRIMARY KEY (citizen, consultation_id)",
        )

    def add(self, citizen: str, consultation_id: str) -> bool:
        """False if the citizen followed it already."""
        if self.follows(citizen, consultation_id):
            return False
        try:
            self.rows.execute(
                "INSERT INTO {table} (citizen, consultation_id) VALUES ({mark}, {mark})",
                (citizen, consultation_id),
            )
        except IntegrityError:  # followed at the same moment from another page
            return False
        return True

    def remove(self, citizen: str, consultation_id: str) -> None:
        self.rows.execute(
            "DELETE FROM {table} WHERE citizen = {mark} AND consultation_id = {mark}",
            (citizen, consultation_id),
        )

    def follows(self, citizen: str, consultation_id: str) -> bool:
        row = self.rows.one(
            "SELECT 1 AS one FROM {table} WHERE citizen = {mark} AND consultation_id = {mark}",
            (citizen, consultation_id),
        )
        return row is not None

    def of(self, consultation_id: str) -> list[str]:
        with self.rows.transaction(commit=False) as cursor:
            cursor.execute(
                self.rows.sql("SELECT citizen FROM {table} WHERE consultation_id = {mark} ORDER BY citizen"),
                (consultation_id,),
            )
            return [str(row["citizen"]) for row in cursor.fetchall()]

    def forget(self, citizen: str) -> None:
        self.rows.delete_for_good("DELETE FROM {table} WHERE citizen = {mark}", (citizen,))


class ConsultationCalendar(ActRecording):
    """The ``DialogueApp`` methods of consultations' dates and followers."""

    consultation_day: Callable[[], date] = staticmethod(today)
    """The day a consultation's dates are compared with (a test or the demo may set it)."""
    _calendar: tuple[frozenset[UUID], int] | None = None
    """The dialogues whose consultations awaited a date at the last pass, and the log's head then."""
    _followers: ConsultationFollowers | None = None

    @property
    def consultation_followers(self) -> ConsultationFollowers:
        if self._followers is None:
            self._followers = ConsultationFollowers(self.recorder.datastore)  # type: ignore[attr-defined]
        return self._followers

    # --- the calendar ---------------------------------------------------------------

    def reach_consultation_dates(self) -> int:
        """Record the starts and ends of every consultation due by the consultation day; how many.

        The first pass reads every dialogue; a later one only those whose consultations awaited a date
        at the pass before and those where one was opened since (found in the log by the act's topic),
        so that the notifier's pass each minute does not read a national platform's every dialogue."""
        head = self.recorder.max_notification_id() or 0
        opened = self._opened.all()
        wanted: Collection[UUID]
        if self._calendar is None:
            wanted = set(opened)
        else:
            waiting, seen = self._calendar
            wanted = waiting | self._consultations_opened(seen, head)
        count, still = 0, set()
        for dialogue_id in (d for d in opened if d in wanted):
            count += self.reach_dates_of(dialogue_id)
            if self._dialogue(dialogue_id, fresh=False).awaits_consultation_dates():  # as just read
                still.add(dialogue_id)
        self._calendar = (frozenset(still), head)
        return count

    def _consultations_opened(self, after: int, head: int) -> set[UUID]:
        """The dialogues where a consultation was opened after the log's ``after``, up to ``head``."""
        found: set[UUID] = set()
        start = after + 1
        while start <= head:
            page = self.recorder.select_notifications(start, PAGE, stop=head, topics=OPENED)
            found.update(UUID(str(notification.originator_id)) for notification in page)
            if len(page) < PAGE:
                break
            start = page[-1].id + 1
        return found

    def reach_dates_of(self, dialogue_id: UUID) -> int:
        """Record the dialogue's consultations' starts and ends due by the consultation day, exactly
        once: a save that lost the race to another process reads the dialogue again."""
        day = self.consultation_day()
        for _ in range(MAX_ATTEMPTS):
            shared = self._dialogue(dialogue_id)
            if not shared.due_consultation_dates(day):
                return 0
            dialogue = private(shared)
            count = dialogue.reach_consultation_dates(day)
            try:
                self.save(dialogue)
            except IntegrityError:  # another process recorded something of this dialogue meanwhile
                self._dialogues.drop(dialogue_id)
                self._unpin(dialogue_id)
                continue
            self._share(dialogue)
            return count
        return 0

    # --- followers ----------------------------------------------------------------

    def _follower(self, citizen: str, dialogue_id: UUID, consultation_id: str) -> str:
        """The consultation's id, once the citizen is a confirmed one and the consultation exists."""
        found = self.citizen(citizen) if citizen_id_of(citizen) is not None else None  # type: ignore[attr-defined]
        if found is None or not found.confirmed:
            raise NotAuthorisedError("only a confirmed citizen follows a consultation", code="not-a-citizen")
        consultation: dict[str, Any] = self._dialogue(dialogue_id).consultation(consultation_id)
        return str(consultation["consultation_id"])

    def follow_consultation(self, citizen: str, dialogue_id: UUID, consultation_id: str) -> bool:
        """The citizen follows the consultation; False if they did already."""
        return self.consultation_followers.add(citizen, self._follower(citizen, dialogue_id, consultation_id))

    def unfollow_consultation(self, citizen: str, dialogue_id: UUID, consultation_id: str) -> None:
        self.consultation_followers.remove(citizen, self._follower(citizen, dialogue_id, consultation_id))

    def follows_consultation(self, citizen: str, consultation_id: str) -> bool:
        return bool(citizen) and self.consultation_followers.follows(citizen, str(consultation_id))

    def citizen_recipient(self, citizen: str) -> tuple[str, str] | None:
        """A confirmed citizen's address (opened from the vault) and pseudonym, for the notifier's
        mails; None once erased or if there is no such citizen."""
        citizen_id = citizen_id_of(citizen)
        found = None if citizen_id is None else self._citizen(citizen_id)  # type: ignore[attr-defined]
        if found is None or not found.confirmed:
            return None
        opened = self.vault.open(found.id, found.sealed_email)
        return None if opened is None else (str(opened["email"]), str(found.pseudonym))
