"""4 OS processes x 500 acts on one dialogue: every acknowledged act is recorded once, nothing is lost.

Each worker is a stakeholder acting through the application, as the web
server does. Most of its acts are contributions (new aggregates: they never
collide); one in ten drafts a proposal (it is indexed in the dialogue, so
writers collide on the dialogue's version and the act, which commutes, is
retried); one in ten amends the one proposal that every worker amends (it
does not commute: a collision is a ConflictError, the API's 409). Each act
carries a token of its own; the log is then read back whole.
"""

import json
import multiprocessing
from pathlib import Path
from typing import Any
from uuid import UUID

from application.errors import ConflictError
from tests.application.test_concurrency import draft, in_collective_work
from tests.reliability.log import tokens_recorded
from tests.stores import make_app

WORKERS = 4
ACTS_PER_WORKER = 500


def act(app: Any, account: str, dialogue_id: UUID, proposal_id: UUID, instance_id: UUID, n: int) -> str:
    """Perform act ``n`` of ``account``; its token."""
    token = f"{account}-{n}"
    if n % 10 == 0:
        app.amend_proposal(account, dialogue_id, proposal_id, text=token, rationale="r")
    elif n % 10 == 5:
        app.draft_proposal(account, dialogue_id, instance_id=instance_id, topic="eau", title=token, text="t")
    else:
        app.post_contribution(account, dialogue_id, kind="idea", text=token)
    return token


def work(url: str, account: str, ids: tuple[UUID, UUID, UUID], results: Path, start: Any) -> None:
    """Perform ACTS_PER_WORKER acts; write each token with its outcome, one JSON line per act."""
    app = make_app(url)
    start.wait()
    with results.open("w") as out:
        for n in range(ACTS_PER_WORKER):
            try:
                token = act(app, account, *ids, n)
                outcome = "acknowledged"
            except ConflictError:
                token, outcome = f"{account}-{n}", "conflict"
            out.write(json.dumps([token, outcome]) + "\n")
            out.flush()
    app.close()


def test_four_processes_of_500_acts_lose_nothing_and_record_nothing_twice(
    database_url: str, tmp_path: Path, report: Any
) -> None:
    app = make_app(database_url)
    accounts = [f"s{i}" for i in range(1, WORKERS + 1)]
    dialogue_id = in_collective_work(app, *accounts)
    proposal_id = draft(app, dialogue_id, *accounts[1:])  # every worker sits on its group
    instance_id = app.repository.get(proposal_id).instance_id
    ids = (dialogue_id, proposal_id, instance_id)

    context = multiprocessing.get_context("spawn")
    start = context.Event()
    files = [tmp_path / f"{account}.jsonl" for account in accounts]
    workers = [
        context.Process(target=work, args=(database_url, account, ids, file, start))
        for account, file in zip(accounts, files, strict=True)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0

    outcomes = dict(json.loads(line) for file in files for line in file.read_text().splitlines())
    recorded = {
        token: len(positions) for token, positions in tokens_recorded(app).items() if token in outcomes
    }
    app.close()
    acknowledged = [token for token, outcome in outcomes.items() if outcome == "acknowledged"]
    conflicts = [token for token, outcome in outcomes.items() if outcome == "conflict"]
    lost = [token for token in acknowledged if token not in recorded]
    report(
        f"concurrency {database_url.split(':')[0]}",
        attempted=len(outcomes),
        acknowledged=len(acknowledged),
        conflicts=len(conflicts),
        recorded=sum(recorded.values()),
        lost=len(lost),
    )
    assert len(outcomes) == WORKERS * ACTS_PER_WORKER
    assert lost == []
    assert [token for token, count in recorded.items() if count > 1] == []  # nothing recorded twice
    assert [token for token in conflicts if token in recorded] == []  # a conflict records nothing
    assert sum(recorded.values()) == len(acknowledged)
    # Amendments of the one proposal do collide; contributions never (drafts are retried).
    assert conflicts and all(int(token.split("-")[1]) % 5 == 0 for token in conflicts)
