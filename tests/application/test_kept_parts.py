"""An act on a part: its dialogue and its part read in one query, the part kept, never stale."""

from typing import Any
from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.errors import InvalidActError, RuleError
from tests.application.test_concurrency import InterleavingApp, in_collective_work


def posted(app: DialogueApp, *stakeholders: str) -> tuple[UUID, UUID]:
    dialogue_id = in_collective_work(app, "s1", *stakeholders)
    contribution_id = app.post_contribution("s1", dialogue_id, kind="idea", text="une idée").id
    return dialogue_id, contribution_id


def queries(app: DialogueApp, monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[UUID, int]]]:
    """The aggregates and versions of each query of new events from now on (``events.get``: one each)."""
    seen: list[list[tuple[UUID, int]]] = []
    together = app.recorder.select_row_and_events_after  # type: ignore[attr-defined]
    get = app.events.get

    def counting_together(beside: Any, after: Any) -> Any:
        seen.append(list(after))
        return together(beside, after)

    def counting_get(*args: Any, **kwargs: Any) -> Any:
        seen.append([(kwargs.get("originator_id", args[0] if args else None), kwargs.get("gt") or 0)])
        return get(*args, **kwargs)

    monkeypatch.setattr(app.recorder, "select_row_and_events_after", counting_together)
    monkeypatch.setattr(app.events, "get", counting_get)
    return seen


def test_an_act_on_a_part_reads_the_dialogue_and_the_part_in_one_query(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id, contribution_id = posted(app, "s2", "s3")
    app.endorse_contribution("s2", dialogue_id, contribution_id)  # the part kept from here on
    versions = [
        (dialogue_id, app._get(dialogue_id).version),
        (contribution_id, app._get(contribution_id).version),
    ]
    seen = queries(app, monkeypatch)

    app.endorse_contribution("s3", dialogue_id, contribution_id)

    assert seen == [versions]
    kept = app._kept_parts.get(contribution_id, fresh=False)
    assert kept == app._get(contribution_id)
    assert kept.endorsers == ["s2", "s3"]


def test_a_part_changed_by_another_process_is_seen_by_the_next_act(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id, contribution_id = posted(first, "s2")
    first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="eau")  # kept here
    second.cluster_contribution("fac", dialogue_id, contribution_id, cluster="sol")

    with pytest.raises(RuleError):  # decided on the store's part, not on the one kept
        first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="sol")
    first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="eau")

    assert first._get(contribution_id).cluster == "eau"
    assert [a["act"] for a in first.acts(dialogue_id)].count("contribution-clustered") == 3


def test_a_role_revoked_by_another_process_refuses_the_next_act_on_a_part(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id, contribution_id = posted(first, "s2", "s3")
    first.endorse_contribution("s2", dialogue_id, contribution_id)  # dialogue and part kept
    second.revoke_role("conv", dialogue_id, grantee_id="s3", role="stakeholder")

    with pytest.raises((NotAuthorisedError, NotFoundError)):
        first.endorse_contribution("s3", dialogue_id, contribution_id)


def test_a_part_changed_between_the_read_and_the_save_is_retried_on_the_store_s_version(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id, contribution_id = posted(first, "s2", "s3")
    first.endorse_contribution("s2", dialogue_id, contribution_id)
    first.interleave = lambda: second.endorse_contribution("s3", dialogue_id, contribution_id)

    first.endorse_contribution("s1", dialogue_id, contribution_id)  # commutes: retried

    assert first._get(contribution_id).endorsers == ["s2", "s3", "s1"]
    assert first._kept_parts.get(contribution_id, fresh=False).endorsers == ["s2", "s3", "s1"]


def test_a_part_that_conflicts_is_refused_and_not_kept_as_changed(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id, contribution_id = posted(first)
    first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="eau")
    first.interleave = lambda: second.cluster_contribution("fac", dialogue_id, contribution_id, cluster="sol")

    with pytest.raises(ConflictError):  # clustering does not commute
        first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="air")

    assert first._kept_parts.get(contribution_id, fresh=False).cluster == "eau"  # as read, not as changed
    first.cluster_contribution("fac", dialogue_id, contribution_id, cluster="air")
    assert first._get(contribution_id).cluster == "air"


def test_an_unknown_part_or_the_dialogue_itself_is_refused(app: DialogueApp) -> None:
    dialogue_id, _ = posted(app)

    for part_id in (UUID(int=7), dialogue_id):
        with pytest.raises(InvalidActError) as refused:
            app.endorse_contribution("s1", dialogue_id, part_id)
        assert refused.value.code == "unknown-part"
