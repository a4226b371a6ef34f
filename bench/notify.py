"""Benchmark: the notifier against the projection runner, on a decision communicated to 1,000 participants.

    .venv/bin/python bench/notify.py [--participants 1000]

Records, in a temporary SQLite store, a dialogue taken to a decision (``tests/builders.py``'s
scenario) whose ``--participants`` extra stakeholders each have an account with an e-mail
address, then the decision adopted and communicated: two notifications (and two mails) per
participant. Then measures, on the same log:

(a) ``ProjectionRunner.rebuild()`` of every projection: events/s;
(b) the notifier from position 0 over the same events (notices derived, notifications recorded,
    their mails put in the outbox, pending: the sender composes each as it sends it): events/s
    and mails/s;

each the best of ``--repeat`` runs, taken in turns (a, b, a, b...: a load that comes and goes on a
shared machine slows both alike), and prints their ratio (b)/(a) in events/s (target: >= 0.5).
The last line is JSON: {"bench": "notify", "participants": N, "mails": M, "mails_per_s": X,
"ratio": R, "target": 0.5}.
"""

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher, profiles  # noqa: E402

from application import credentials  # noqa: E402
from application.dialogues import DialogueApp  # noqa: E402
from application.notifier.notifier import Notifier  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from domain.roles import Role  # noqa: E402
from projections.catalogue import all_projections  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402
from tests.builders import ACCOUNTS, ADMIN, DAY, PASSWORD, Scenario  # noqa: E402
from web.notifications.mails import composer  # noqa: E402

TARGET = 0.5


def record(app: DialogueApp, participants: int) -> None:
    """The decision adopted and communicated to a dialogue of ``participants`` more stakeholders."""
    scenario = Scenario(app)
    logins = [f"participant-{n:04d}" for n in range(participants)]
    app.create_accounts(ADMIN, logins=logins, password=PASSWORD)
    for login in [*logins, *ACCOUNTS.values()]:
        app.set_profile(ADMIN, login, email=f"{login}@example.org", display_name=login)
    for login in logins:
        app.grant_role(scenario.convenor, scenario.id, grantee_id=login, role=Role.STAKEHOLDER)
    decision_id = scenario.decided()
    app.communicate_decision(
        scenario.convenor,
        scenario.id,
        decision_id=decision_id,
        channels=["courriel"],
        communicated_on=DAY,
        message="la délibération est en ligne",
    )


def timed(run: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    """One run of ``run`` after ``before``, in seconds."""
    before()
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def best(times: int, run: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    """The shortest of ``times`` runs, in seconds (the machine is shared: the others are slowed down)."""
    return min(timed(run, before) for _ in range(times))


def forget(notifier: Notifier) -> None:
    """The notifier back at position 0: no notification, no mail, no position."""
    store = notifier.store
    for table in (store.rows, store.tracking, notifier.app.outbox.rows):
        table.execute("DELETE FROM {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="each measured this many times, the best kept")
    args = parser.parse_args()
    credentials.HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
    with tempfile.TemporaryDirectory() as folder:
        app = DialogueApp(persistence_env(f"sqlite:///{folder}/bench.sqlite3"))
        record(app, args.participants)
        events = int(app.recorder.max_notification_id() or 0)

        runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
        notifier = Notifier(app, composer("https://dialogue.example.org", "bench secret"))
        turns = [
            (timed(runner.rebuild), timed(notifier.catch_up, lambda: forget(notifier)))
            for _ in range(args.repeat)
        ]
        rebuilt, notified = min(a for a, _ in turns), min(b for _, b in turns)
        mails = len(app.outbox.waiting())
        app.close()

    ratio = rebuilt / notified
    print(f"{events} events, {args.participants} participants")
    print(f"(a) projection rebuild: {events / rebuilt:,.0f} events/s ({rebuilt:.2f} s)")
    print(
        f"(b) notifier: {events / notified:,.0f} events/s, {mails} mails,"
        f" {mails / notified:,.0f} mails/s ({notified:.2f} s)"
    )
    print(f"ratio (b)/(a): {ratio:.2f} (target >= {TARGET})")
    summary = {
        "bench": "notify",
        "participants": args.participants,
        "mails": mails,
        "mails_per_s": round(mails / notified, 1),
        "ratio": round(ratio, 3),
        "target": TARGET,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
