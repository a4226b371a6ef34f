"""The dialogue cache: one query per read, never changed in place, never older than the store."""

import copy
import sys
import threading
from typing import Any
from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.guarded_recorder import DialogueChangedError
from domain.contribution import Contribution
from tests.application.test_concurrency import InterleavingApp
from tests.application.test_concurrency import in_collective_work as with_stakeholders
from tests.builders import Scenario, ensure_accounts
from tests.stores import make_app

GRANTS = 100


def in_collective_work(app: DialogueApp, *stakeholders: str) -> UUID:
    """A dialogue in collective work; the accounts s0 to s99 exist, to be given roles."""
    ensure_accounts(app, *(f"s{n}" for n in range(GRANTS)))
    return with_stakeholders(app, *stakeholders)


def reads_of(app: DialogueApp, monkeypatch: pytest.MonkeyPatch, aggregate_id: UUID) -> list[int | None]:
    """The ``gt`` of each query of ``aggregate_id``'s events from now on (None: all its events)."""
    reads: list[int | None] = []
    get = app.events.get

    def counting(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("originator_id", args[0] if args else None) == aggregate_id:
            reads.append(kwargs.get("gt"))
        return get(*args, **kwargs)

    monkeypatch.setattr(app.events, "get", counting)
    return reads


def test_a_read_is_one_query_of_the_new_events_and_shares_the_cached_dialogue(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id = in_collective_work(app, "s1")
    cached = app._dialogue(dialogue_id)
    reads = reads_of(app, monkeypatch, dialogue_id)

    app.post_contribution("s1", dialogue_id, kind="idea", text="une idée")

    assert reads == []  # the act's save checks the dialogue's version itself
    assert app._dialogue(dialogue_id) is cached
    assert reads == [cached.version]


def test_a_role_revoked_between_the_read_and_the_save_refuses_the_act(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1")
    first.post_contribution("s1", dialogue_id, kind="idea", text="avant")
    first.interleave = lambda: second.revoke_role("conv", dialogue_id, grantee_id="s1", role="stakeholder")

    with pytest.raises((NotAuthorisedError, NotFoundError)):  # NotFound while the dialogue is not public
        first.post_contribution("s1", dialogue_id, kind="idea", text="pendant")

    assert [a["act"] for a in first.acts(dialogue_id)][-2:] == ["contribution-posted", "role-revoked"]


def test_an_act_refused_on_the_dialogue_this_process_read_last_is_decided_on_the_store_s(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1")
    first.post_contribution("s1", dialogue_id, kind="idea", text="avant")  # the dialogue cached here
    second.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")

    first.post_contribution("s2", dialogue_id, kind="idea", text="accordé ailleurs")

    assert [a["act"] for a in first.acts(dialogue_id)][-1] == "contribution-posted"


def test_a_save_whose_dialogue_has_moved_on_saves_nothing(app: DialogueApp) -> None:
    dialogue_id = in_collective_work(app, "s1")
    version = app._dialogue(dialogue_id).version
    app.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")
    head = app.recorder.max_notification_id()
    actor = app._authorise(app._dialogue(dialogue_id), "s1", "contribution-posted")

    def contribution() -> Contribution:
        return Contribution.post(
            actor, dialogue_id=dialogue_id, kind="idea", text="une idée", meeting_id=None
        )

    with pytest.raises(DialogueChangedError):
        app.save(contribution(), unchanged=(dialogue_id, version))

    assert app.recorder.max_notification_id() == head
    app.save(contribution(), unchanged=(dialogue_id, version + 1))
    assert app.recorder.max_notification_id() == head + 1


def test_an_act_on_the_dialogue_changes_a_copy_shared_once_saved(app: DialogueApp) -> None:
    dialogue_id = in_collective_work(app, "s1")
    before = app._dialogue(dialogue_id)
    state = copy.deepcopy(vars(before))

    app.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")

    after = app._dialogue(dialogue_id)
    assert vars(before) == state
    assert after.version == before.version + 1 and "s2" in after.roles
    assert after == app._get(dialogue_id)


def test_a_role_revoked_by_another_process_refuses_the_next_act(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1")
    first.post_contribution("s1", dialogue_id, kind="idea", text="avant")  # s1 authorised, dialogue cached

    second.revoke_role("conv", dialogue_id, grantee_id="s1", role="stakeholder")

    with pytest.raises((NotAuthorisedError, NotFoundError)):  # NotFound while the dialogue is not public
        first.post_contribution("s1", dialogue_id, kind="idea", text="après")
    assert [a["act"] for a in first.acts(dialogue_id)][-2:] == ["contribution-posted", "role-revoked"]


def test_a_cached_dialogue_still_conflicts_with_another_process(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first, "s1")
    first.interleave = lambda: second.revoke_role("conv", dialogue_id, grantee_id="s1", role="stakeholder")

    with pytest.raises(ConflictError):
        first.revoke_role("conv", dialogue_id, grantee_id="fac", role="facilitator")

    assert first._dialogue(dialogue_id) == first._get(dialogue_id)
    assert "stakeholder" not in first._dialogue(dialogue_id).roles["s1"]
    assert "facilitator" in first._dialogue(dialogue_id).roles["fac"]


def test_a_commuting_act_on_a_cached_dialogue_is_retried_on_the_other_process_s_version(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first)
    first.interleave = lambda: second.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")

    first.grant_role("conv", dialogue_id, grantee_id="s3", role="stakeholder")

    assert {"s2", "s3"} <= set(first._dialogue(dialogue_id).roles)
    assert first._dialogue(dialogue_id) == first._get(dialogue_id) == second._get(dialogue_id)


def test_one_read_reads_the_dialogue_once_and_again_after_a_conflict(
    apps: tuple[InterleavingApp, DialogueApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = apps
    dialogue_id = in_collective_work(first)
    first._dialogue(dialogue_id)
    reads = reads_of(first, monkeypatch, dialogue_id)

    with first.one_read():
        first.check_role("conv", dialogue_id, "role-granted")
        first.grant_role("conv", dialogue_id, grantee_id="s1", role="stakeholder")
        assert first.roles_in("s1", dialogue_id) == ["stakeholder"]  # its own act, read in the block
    assert len(reads) == 1

    first.interleave = lambda: second.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")
    with first.one_read():
        first.grant_role("conv", dialogue_id, grantee_id="s3", role="stakeholder")
    assert len(reads) == 3  # the block's read, then the retry's after the conflict


def test_an_act_that_changes_the_shared_dialogue_unsaid_is_refused_and_the_copy_dropped(
    app: DialogueApp,
) -> None:
    dialogue_id = in_collective_work(app)

    def unsaid(dialogue: Any, by: Any) -> list[Any]:
        dialogue.add_topic(by, topic="eau")
        return [dialogue]

    with pytest.raises(AssertionError, match="changes_dialogue"):
        app._record_act("topic-added", "conv", dialogue_id, unsaid)

    assert app._dialogue(dialogue_id).topics == [] and app._dialogue(dialogue_id) == app._get(dialogue_id)


def test_the_least_recently_read_dialogue_goes_first(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app._dialogues, "size", 2)
    ensure_accounts(app, "conv", organisers=("conv",))
    ids = [
        app.open_dialogue("conv", slug=f"d{n}", title="T", territory="X", subject="S").id for n in range(3)
    ]
    for dialogue_id in ids:
        app._dialogue(dialogue_id)
    reads = reads_of(app, monkeypatch, ids[0])

    assert app._dialogue(ids[0]).slug == "d0"
    assert reads == [None]  # read again from its first event


def test_threads_read_whole_versions_while_another_process_changes_the_dialogue(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    """Each grant adds one event and one role: a read is torn if the two counts disagree.

    Threads switch every microsecond: so the library's cache (``AGGREGATE_CACHE_MAXSIZE``) tears
    some reads and fails others (dictionary changed size during iteration) within 100 grants.
    """
    first, second = apps
    dialogue_id = in_collective_work(first)
    base = first._dialogue(dialogue_id)
    roles_at_base = sum(map(len, base.roles.values()))
    torn: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                dialogue = first._dialogue(dialogue_id)
            except Exception as error:  # a failed read counts as torn
                torn.append(repr(error))
                continue
            if sum(map(len, dialogue.roles.values())) - roles_at_base != dialogue.version - base.version:
                torn.append(f"version {dialogue.version}")

    readers = [threading.Thread(target=read) for _ in range(3)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for thread in readers:
            thread.start()
        for n in range(GRANTS):
            second.grant_role("conv", dialogue_id, grantee_id=f"s{n}", role="stakeholder")
    finally:
        done.set()
        for thread in readers:
            thread.join()
        sys.setswitchinterval(interval)

    assert torn == []
    assert first._dialogue(dialogue_id) == second._get(dialogue_id)
    assert first._dialogue(dialogue_id).version == base.version + GRANTS


def test_a_dialogue_made_public_shows_without_asking_the_store_and_a_preview_asks_it_each_time(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, other = make_app(database_url), make_app(database_url)
    try:
        public, preview = Scenario(app, slug="public"), Scenario(app, slug="preview")
        public.framing_done()
        assert app.visible_to(None, public.id) and not app.visible_to(None, preview.id)
        reads, preview_reads = reads_of(app, monkeypatch, public.id), reads_of(app, monkeypatch, preview.id)

        shown = [app.visible_to(None, public.id), app.visible_to("nobody", public.id)]
        hidden = [app.visible_to(None, preview.id), app.visible_to("nobody", preview.id)]
        preview.app = other  # made public by another process
        preview.framing_done()
        then = app.visible_to(None, preview.id)
    finally:
        app.close()
        other.close()

    assert shown == [True, True] and reads == []
    assert hidden == [False, False] and then is True and len(preview_reads) == 3


def test_the_role_check_before_an_act_asks_the_store_only_to_refuse_and_the_act_decides_on_the_store(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check_role(..., recorded_next=True)``: the dialogue as this process read it; a refusal, and the
    act itself, decided on the store's dialogue (another process changed the roles meanwhile)."""
    first, second = make_app(database_url), make_app(database_url)
    try:
        dialogue_id = in_collective_work(first, "s1")
        first._dialogue(dialogue_id)
        reads = reads_of(first, monkeypatch, dialogue_id)

        with first.one_read():
            first.check_role("s1", dialogue_id, "contribution-posted", recorded_next=True)
        assert reads == []

        second.revoke_role("conv", dialogue_id, grantee_id="s1", role="stakeholder")
        with first.one_read():
            first.check_role("s1", dialogue_id, "contribution-posted", recorded_next=True)  # as read here
            with pytest.raises(NotFoundError):  # no role left in a dialogue not public: as if none
                first.post_contribution("s1", dialogue_id, kind="idea", text="les puits baissent")
        with pytest.raises(NotFoundError):
            first.check_role("s1", dialogue_id, "contribution-posted", recorded_next=True)

        second.grant_role("conv", dialogue_id, grantee_id="s2", role="stakeholder")
        reads.clear()
        with first.one_read():
            first.check_role(
                "s2", dialogue_id, "contribution-posted", recorded_next=True
            )  # granted elsewhere
        assert len(reads) == 1  # refused as read here, then asked of the store
    finally:
        first.close()
        second.close()
