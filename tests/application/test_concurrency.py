"""Optimistic concurrency: acts that commute are retried, others are conflicts; nothing is lost."""

import multiprocessing
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import ConflictError
from application.settings import persistence_env
from tests.builders import ensure_accounts
from tests.stores import make_app

PER_PROCESS = 200


def in_collective_work(app: DialogueApp, *stakeholders: str) -> UUID:
    """A dialogue moved to collective work by a convenor's waiver, with stakeholder accounts."""
    ensure_accounts(app, "conv", "fac", *stakeholders, organisers=("conv",))
    dialogue_id = app.open_dialogue("conv", slug="d", title="T", territory="X", subject="S").id
    for account in ("fac", *stakeholders):
        role = "facilitator" if account == "fac" else "stakeholder"
        app.grant_role("conv", dialogue_id, grantee_id=account, role=role)
    app.advance_stage("conv", dialogue_id, waiver="test set-up: framing is not under test here")
    return dialogue_id


class InterleavingApp(DialogueApp):
    """Runs ``interleave`` once just before its next save: a concurrent writer, made deterministic."""

    name = DialogueApp.name
    interleave: Callable[[], Any] | None = None

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.interleave is not None:
            interleave, self.interleave = self.interleave, None
            interleave()
        return super().save(*objs, **kwargs)


@pytest.fixture
def apps(database_url: str) -> Any:
    first, second = InterleavingApp(persistence_env(database_url)), make_app(database_url)
    yield first, second
    first.close()
    second.close()


def draft(app: DialogueApp, dialogue_id: UUID, *members: str) -> UUID:
    """A proposal of s1 in a group where s1 and ``members`` sit."""
    instance_id = app.design_instance(
        "fac",
        dialogue_id,
        kind="consultation_group",
        name="Groupe",
        function="f",
        composition="c",
        functioning_rule="majority",
        facilitation="f",
        schedule="s",
    ).id
    for account in ("s1", *members):
        person = app.identify_stakeholder(
            "fac",
            dialogue_id,
            name=account,
            email="",
            phone="",
            category="resident",
            organisation="o",
            stakeholder_account_id=account,
        ).id
        app.add_member("fac", dialogue_id, instance_id, stakeholder_id=person)
    return app.draft_proposal(
        "s1", dialogue_id, instance_id=instance_id, topic="eau", title="P", text="texte"
    ).id


def test_two_endorsements_at_once_are_both_recorded(apps: Any) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1", "s2", "s3")
    proposal_id = draft(first, dialogue_id, "s2", "s3")
    first.interleave = lambda: second.endorse_proposal("s2", dialogue_id, proposal_id)
    first.endorse_proposal("s3", dialogue_id, proposal_id)
    endorsements = [a for a in first.acts(dialogue_id) if a["act"] == "proposal-endorsed"]
    assert sorted(a["actor_id"] for a in endorsements) == ["s2", "s3"]


def test_two_amendments_at_once_make_the_second_a_conflict(apps: Any) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1", "s2")
    proposal_id = draft(first, dialogue_id, "s2")
    first.interleave = lambda: second.amend_proposal(
        "s2", dialogue_id, proposal_id, text="version de s2", rationale="plus clair"
    )
    with pytest.raises(ConflictError, match="reload and try again"):
        first.amend_proposal("s1", dialogue_id, proposal_id, text="version de s1", rationale="autre")
    amendments = [a for a in first.acts(dialogue_id) if a["act"] == "proposal-amended"]
    assert [a["actor_id"] for a in amendments] == ["s2"]


def post_contributions(database_url: str, dialogue_id: UUID, account: str, start: Any) -> None:
    app = make_app(database_url)
    start.wait()
    for n in range(PER_PROCESS):
        app.post_contribution(account, dialogue_id, kind="idea", text=f"{account} idée {n}")
    app.close()


def test_two_processes_posting_contributions_at_once_lose_nothing(database_url: str) -> None:
    app = make_app(database_url)
    dialogue_id = in_collective_work(app, "s1", "s2")
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=post_contributions, args=(database_url, dialogue_id, account, start))
        for account in ("s1", "s2")
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    posted = [a for a in app.acts(dialogue_id) if a["act"] == "contribution-posted"]
    texts = [app.repository.get(UUID(a["subject_id"])).text for a in posted]
    app.close()
    assert len(posted) == 2 * PER_PROCESS
    assert len(set(texts)) == 2 * PER_PROCESS
    assert len({a["position"] for a in posted}) == 2 * PER_PROCESS
