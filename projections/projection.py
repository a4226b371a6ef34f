"""Base of a read model: its tables, and one handler per event it cares about."""

from collections.abc import Callable
from typing import Any, ClassVar

from projections.store import Sql

Handler = Callable[[Any, Sql, Any, int], None]


def on(*event_names: str) -> Callable[[Handler], Handler]:
    """Mark a method as the handler of the events of these class names (e.g. "DecisionAdopted")."""

    def mark(method: Handler) -> Handler:
        method.handles = event_names  # type: ignore[attr-defined]
        return method

    return mark


class Projection:
    """A read model built only from events, in tables of the events' database.

    ``name`` is its public, stable name; ``tables`` maps each table to its
    column definitions. ``apply`` runs inside the runner's batch transaction.
    """

    name: ClassVar[str]
    tables: ClassVar[dict[str, str]]
    handlers: ClassVar[dict[str, Handler]]
    raw_notifications: ClassVar[bool] = False
    """True for a projection of the stored bytes: it gets ``apply_notification`` instead of ``apply``."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.handlers = {
            event_name: method
            for method in vars(cls).values()
            for event_name in getattr(method, "handles", ())
        }

    def create(self, sql: Sql) -> None:
        for table, columns in self.tables.items():
            sql.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")

    def drop(self, sql: Sql) -> None:
        for table in self.tables:
            sql.execute(f"DROP TABLE IF EXISTS {table}")

    def apply(self, sql: Sql, event: Any, position: int) -> None:
        handler = self.handlers.get(type(event).__name__)
        if handler is not None:
            handler(self, sql, event, position)

    def apply_notification(self, sql: Sql, notification: Any) -> None:
        """Apply one stored notification, undecoded (projections with ``raw_notifications``)."""

    def flush(self, sql: Sql) -> None:
        """Write what was buffered during a batch; called before the batch's position is saved."""
