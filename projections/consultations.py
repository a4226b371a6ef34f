"""Read model ``consultations``: the public consultations' dates, so that a page lists those open on a
day (:func:`open_on`) reading them alone, not every dialogue.

One row per consultation: its dialogue, its question, its first and last days, the day a facilitator
closed it early (if so) and the position of the act that opened it. Whether it is open is not kept: that
depends on the day of the read (the application's ``consultation_day``), which the reader gives. Whether
its dialogue is public and not closed, its slug and its title are the ``transparency_log``'s rows.
"""

from typing import Any

from projections.projection import Projection, on
from projections.store import Sql
from projections.transparency_log.rows import DIALOGUES

TABLE = "consultation_dates"


class ConsultationsProjection(Projection):
    name = "consultations"
    cost = 0.1
    copy_cost = 0.02
    """Two acts a consultation, rare in a log: next to nothing per event (the default 0.5 would move
    the rebuild's share of the projections between processes for nothing)."""
    tables = {
        TABLE: (
            "consultation_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, question TEXT NOT NULL,"
            " opens_on TEXT NOT NULL, closes_on TEXT NOT NULL, closed_on TEXT, position BIGINT NOT NULL"
        )
    }
    indexes = {f"{TABLE}_closes": f"{TABLE} (closes_on)"}

    @on("ConsultationOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            f"INSERT INTO {TABLE} (consultation_id, dialogue_id, question, opens_on, closes_on, position)"  # noqa: S608
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                str(event.consultation_id),
                str(event.originator_id),
                event.question,
                event.opens_on,
                event.closes_on,
                position,
            ),
        )

    @on("ConsultationClosed")
    def closed(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            f"UPDATE {TABLE} SET closed_on = ? WHERE consultation_id = ?",  # noqa: S608
            (event.closed_on, str(event.consultation_id)),
        )


def open_on(sql: Sql, day: str) -> list[dict[str, Any]]:
    """The consultations open on ``day`` (``YYYY-MM-DD``: between their first and last days, not closed
    early) of the public dialogues not closed, each with its dialogue's ``slug`` and ``title``; in the
    order their dialogues were opened, then theirs. Through the index, the consultations not ended by
    ``day`` only."""
    return sql.all(
        "SELECT c.consultation_id, c.question, c.opens_on, c.closes_on, d.slug, d.title"  # noqa: S608
        f" FROM {TABLE} c JOIN {DIALOGUES} d ON d.dialogue_id = c.dialogue_id"
        " WHERE c.closes_on >= ? AND c.opens_on <= ? AND c.closed_on IS NULL"
        " AND d.public = 1 AND d.closed = 0"
        " ORDER BY d.created, c.position",
        (day, day),
    )
