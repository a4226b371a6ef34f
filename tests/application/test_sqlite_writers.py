"""Writers of several processes on one SQLite file: each waits its turn on the file lock, none oversleeps."""

import multiprocessing
import threading
import time
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from application.settings import persistence_env


class Note(Aggregate):
    def __init__(self, text: str):
        self.text = text


class Notes(Application[UUID]):
    pass


def save_notes(url: str, count: int, start: "multiprocessing.synchronize.Barrier") -> None:
    notes = Notes(persistence_env(url))
    start.wait()
    for number in range(count):
        notes.save(Note(f"note {number}"))
    notes.close()


def test_two_processes_writing_at_once_both_save_every_act(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    Notes(persistence_env(url)).close()  # the tables made once, before both start
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    writers = [spawn.Process(target=save_notes, args=(url, 150, start)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0]

    notes = Notes(persistence_env(url))
    try:
        saved = notes.recorder.select_notifications(1, 1000)
        assert [n.id for n in saved] == list(range(1, 301))
        assert sorted(int(n.state.split(b"note ")[1].split(b'"')[0]) for n in saved) == sorted(
            [*range(150)] * 2
        )
    finally:
        notes.close()


def test_a_waiting_writer_goes_as_soon_as_the_one_before_commits(tmp_path: Path) -> None:
    """SQLite's busy handler would have the waiter sleep 100 ms at a time by then (tries at 228, 328 ms)."""
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    holder, waiter = Notes(persistence_env(url)), Notes(persistence_env(url))  # a pool, a file lock each
    waiting = threading.Event()
    done: list[float] = []

    def save_when_told() -> None:
        waiting.wait()
        waiter.save(Note("after"))
        done.append(time.perf_counter())

    thread = threading.Thread(target=save_when_told)
    thread.start()
    try:
        with holder.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            cursor.execute("CREATE TABLE held (x)")  # SQLite's write lock taken
            waiting.set()
            time.sleep(0.24)
        released = time.perf_counter()
        thread.join(timeout=30)
        assert done and done[0] - released < 0.05
        assert [n.id for n in waiter.recorder.select_notifications(1, 10)] == [1]
    finally:
        waiting.set()
        thread.join(timeout=30)
        holder.close()
        waiter.close()
