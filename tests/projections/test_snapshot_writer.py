"""The runner's snapshot writer takes each dialogue's replay snapshots as the log grows, on both stores:
a replay after it finds its nearest snapshot close and takes none itself, and agrees with one from zero."""

import random
import threading
import time

from application.dialogues import DialogueApp
from bench.workload import record_workload
from projections.catalogue import all_projections
from projections.replay import replay
from projections.runner import ProjectionRunner
from projections.snapshot_writer import SnapshotWriter, write_in_thread
from tests.projections.test_replay_snapshots import snapshot_rows

SPACING = 60


def caught_up(app: DialogueApp) -> ProjectionRunner:
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
    runner.catch_up()
    return runner


def test_the_writer_takes_the_snapshots_a_replay_would_and_replays_take_none(app: DialogueApp) -> None:
    record_workload(app, 1200, dialogues=2)
    caught_up(app)
    writer = SnapshotWriter(app.recorder, app.mapper, spacing=SPACING)
    assert writer.keep_up() == 2
    taken = snapshot_rows(app)
    dialogue_ids = app.dialogue_ids()
    assert {row["dialogue_id"] for row in taken} == {str(i) for i in dialogue_ids}
    head = int(app.recorder.max_notification_id())
    for dialogue_id in dialogue_ids:  # every position is at most about a threshold past a snapshot
        positions = sorted(row["position"] for row in taken if row["dialogue_id"] == str(dialogue_id))
        assert head - positions[-1] < 4 * SPACING

    rng = random.Random(3)
    for position in sorted(rng.sample(range(1, head + 1), 15)):
        for dialogue_id in dialogue_ids:
            try:
                from_zero = replay(app.recorder, app.mapper, dialogue_id, position, spacing=None)
            except ValueError:
                continue  # not opened yet at that position
            assert replay(app.recorder, app.mapper, dialogue_id, position, spacing=SPACING) == from_zero
    assert snapshot_rows(app) == taken  # the replays found every snapshot due already there

    record_workload(app, 600, dialogues=1)  # the log grows: the writer follows, from where it was
    caught_up(app)
    assert writer.keep_up() >= 1
    assert len(snapshot_rows(app)) > len(taken)
    assert writer.keep_up() == 0  # nothing new: nothing folded


def test_the_writer_follows_the_runners_batches_in_a_thread(app: DialogueApp) -> None:
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
    stop_writing = write_in_thread(SnapshotWriter(app.recorder, app.mapper, spacing=SPACING), runner.signal)
    try:
        stop = threading.Event()
        following = threading.Thread(target=runner.follow, args=(stop,))
        following.start()
        app.recorded.append(runner.signal.notify)
        record_workload(app, 400, dialogues=1)
        deadline = time.monotonic() + 20
        while not snapshot_rows(app):
            assert time.monotonic() < deadline, "no snapshot was taken"
            time.sleep(0.05)
        stop.set()
        runner.signal.notify()
        following.join()
    finally:
        stop_writing()


def test_the_writer_indexes_the_contributions_so_that_no_replay_does(app: DialogueApp) -> None:
    record_workload(app, 400, dialogues=1)
    caught_up(app)
    index = app.contribution_index
    SnapshotWriter(app.recorder, app.mapper, spacing=SPACING, also=index.catch_up).keep_up()
    read = index.read_up_to.one("SELECT position FROM {table} WHERE name = 'log'")
    assert int(read["position"]) == int(app.recorder.max_notification_id())
