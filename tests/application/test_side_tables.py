"""Side tables created by several processes starting at once (two web processes of production)."""

import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from eventsourcing.postgres import PostgresDatastore

from application.side_tables import SideTable
from tests.conftest import postgres_schema

STARTING = 10


@pytest.fixture
def schema() -> Iterator[str]:
    yield from postgres_schema()


def test_processes_starting_together_all_get_the_table_and_its_index(schema: str) -> None:
    url = urlparse(schema)
    failures: list[Exception] = []
    ready = threading.Barrier(STARTING)

    def start() -> None:
        datastore = PostgresDatastore(
            dbname=url.path.lstrip("/"),
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password or "",
            schema=parse_qs(url.query)["schema"][0],
        )
        try:
            ready.wait()
            table = SideTable(datastore, "notes", "id TEXT PRIMARY KEY, note TEXT NOT NULL")
            table.define("CREATE INDEX IF NOT EXISTS notes_note ON {table} (note)")
            table.execute(
                "INSERT INTO {table} (id, note) VALUES ({mark}, 'n')", (str(threading.get_ident()),)
            )
        except Exception as error:  # each starting process's failure, told below
            failures.append(error)
        finally:
            datastore.close()

    threads = [threading.Thread(target=start) for _ in range(STARTING)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
