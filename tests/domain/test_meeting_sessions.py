"""A meeting's live session: opened once, its agenda pointer, consent rounds by the instance's rule."""

import functools

import pytest

from domain.errors import InvalidActError, RuleError
from domain.meeting import Meeting


@pytest.fixture
def group(walk):
    walk.to_collective_work()
    return walk.instance(
        "consultation_group", "Groupe eau", members=("alice", "bob", "claire"), rule="majority"
    )


@pytest.fixture
def meeting(walk, group):
    return Meeting.schedule(
        walk.facilitator,
        dialogue_id=walk.dialogue.id,
        instance_id=group.id,
        title="Atelier",
        starts_at="2026-04-07T18:00",
        place="Die",
        agenda=["diagnostic", "propositions"],
    )


@pytest.fixture
def live(walk, meeting):
    meeting.open_live_session(walk.facilitator)
    return meeting


def replayed(meeting):
    events = meeting.collect_events()
    return functools.reduce(lambda aggregate, event: event.mutate(aggregate), events, None)


def test_a_session_is_opened_once_and_closed(walk, meeting):
    meeting.open_live_session(walk.facilitator)
    with pytest.raises(RuleError, match="is open already") as refused:
        meeting.open_live_session(walk.facilitator)
    assert refused.value.code == "session-open"
    meeting.close_live_session(walk.facilitator)
    assert not meeting.live
    with pytest.raises(RuleError, match="no live session of 'Atelier' is open") as refused:
        meeting.close_live_session(walk.facilitator)
    assert refused.value.code == "no-session" and refused.value.params == {"act": "live-session-closed"}


def test_live_acts_need_an_open_session(walk, meeting, group):
    with pytest.raises(RuleError, match=r"^agenda-pointer-moved: no live session"):
        meeting.move_agenda_pointer(walk.facilitator, item=0)
    with pytest.raises(RuleError, match=r"^cluster-named: no live session"):
        meeting.name_cluster(walk.facilitator, cluster="eau", name="La ressource")
    with pytest.raises(RuleError, match=r"^consent-round-opened: no live session"):
        meeting.open_consent_round(
            walk.facilitator, proposal=walk.draft_proposal("P", instance=group), instance=group
        )


def test_the_agenda_pointer_names_an_item_of_the_agenda(walk, live):
    live.move_agenda_pointer(walk.facilitator, item=1)
    assert live.pointer == 1
    with pytest.raises(InvalidActError) as refused:
        live.move_agenda_pointer(walk.facilitator, item=2)
    assert refused.value.field == "item" and refused.value.params == {"last": 1}
    with pytest.raises(InvalidActError, match=r"^item: must be a whole number"):
        live.move_agenda_pointer(walk.facilitator, item=-1)
    with pytest.raises(RuleError, match="being discussed already"):
        live.move_agenda_pointer(walk.facilitator, item=1)


def test_clusters_are_named_and_renamed(walk, live):
    live.name_cluster(walk.facilitator, cluster="eau", name="La ressource")
    live.name_cluster(walk.facilitator, cluster="eau", name="La ressource en eau")
    assert live.cluster_names == {"eau": "La ressource en eau"}
    with pytest.raises(RuleError, match="named 'La ressource en eau' already"):
        live.name_cluster(walk.facilitator, cluster="eau", name="La ressource en eau")
    with pytest.raises(InvalidActError, match=r"^name: is required"):
        live.name_cluster(walk.facilitator, cluster="eau", name=" ")


def test_a_round_that_meets_the_rule_validates_the_proposal(walk, live, group):
    proposal = walk.draft_proposal("Compteurs", instance=group)
    proposal.endorse(walk.alice)
    live.open_consent_round(walk.facilitator, proposal=proposal, instance=group)
    opened = live.collect_events()[-1]
    assert (opened.members, opened.endorsers, opened.objections) == (
        ["alice", "bob", "claire"],
        ["alice"],
        {},
    )
    proposal.endorse(walk.bob)
    proposal.collect_events()

    live.close_consent_round(walk.facilitator, proposal=proposal, instance=group)

    closed = live.collect_events()[-1]
    assert (closed.outcome, closed.rule, closed.members, closed.endorsements, closed.objections) == (
        "validated",
        "majority",
        3,
        2,
        0,
    )
    assert proposal.status == "validated"
    assert [type(e).__name__ for e in proposal.collect_events()] == ["ProposalValidated"]
    assert live.consent_round is None


def test_a_round_that_fails_the_rule_is_closed_saying_why(walk, live, group):
    proposal = walk.draft_proposal("Retenues", instance=group)
    proposal.endorse(walk.alice)
    proposal.object(walk.bob, reason="le coût")
    live.open_consent_round(walk.facilitator, proposal=proposal, instance=group)
    proposal.collect_events()

    live.close_consent_round(walk.facilitator, proposal=proposal, instance=group)

    closed = live.collect_events()[-1]
    assert (closed.outcome, closed.endorsements, closed.objections, closed.members) == (
        "not_validated",
        1,
        1,
        3,
    )
    assert proposal.status == "drafted" and proposal.collect_events() == []


def test_one_round_at_a_time_and_the_session_closes_after_it(walk, live, group):
    proposal = walk.draft_proposal("Compteurs", instance=group)
    live.open_consent_round(walk.facilitator, proposal=proposal, instance=group)
    with pytest.raises(RuleError, match="a consent round is open already"):
        live.open_consent_round(walk.facilitator, proposal=proposal, instance=group)
    with pytest.raises(RuleError, match="close the consent round first") as refused:
        live.close_live_session(walk.facilitator)
    assert refused.value.code == "round-open"
    live.close_consent_round(walk.facilitator, proposal=proposal, instance=group)
    with pytest.raises(RuleError, match="no consent round is open"):
        live.close_consent_round(walk.facilitator, proposal=proposal, instance=group)
    live.close_live_session(walk.facilitator)


def test_a_round_is_on_an_open_proposal_of_the_meeting_s_instance(walk, live, group):
    other = walk.instance("technical_committee", "Comité technique", members=("alice",))
    with pytest.raises(InvalidActError) as refused:
        live.open_consent_round(
            walk.facilitator, proposal=walk.draft_proposal("P", instance=other), instance=group
        )
    assert refused.value.field == "proposal_id"
    withdrawn = walk.draft_proposal("Q", instance=group)
    withdrawn.withdraw(walk.facilitator, reason="fusionnée")
    with pytest.raises(RuleError, match="is withdrawn"):
        live.open_consent_round(walk.facilitator, proposal=withdrawn, instance=group)


def test_minutes_are_drafted_until_they_are_recorded(walk, meeting):
    meeting.draft_minutes(walk.facilitator, text="premier jet")
    meeting.draft_minutes(walk.facilitator, text="second jet")
    assert meeting.minutes_draft == "second jet"
    meeting.hold(walk.facilitator, held_on="2026-04-07", attendance=9, excused=0)
    meeting.record_minutes(walk.facilitator, text="relevé final")
    with pytest.raises(RuleError, match="the minutes are recorded already") as refused:
        meeting.draft_minutes(walk.facilitator, text="trop tard")
    assert refused.value.code == "minutes-final"


def test_the_session_is_rebuilt_from_its_events(walk, live, group):
    proposal = walk.draft_proposal("Compteurs", instance=group)
    live.move_agenda_pointer(walk.facilitator, item=1)
    live.name_cluster(walk.facilitator, cluster="eau", name="La ressource")
    live.draft_minutes(walk.facilitator, text="en cours")
    live.open_consent_round(walk.facilitator, proposal=proposal, instance=group)

    again = replayed(live)

    assert (again.live, again.pointer, again.cluster_names, again.minutes_draft) == (
        True,
        1,
        {"eau": "La ressource"},
        "en cours",
    )
    assert again.consent_round == {"proposal_id": str(proposal.id), "members": ["alice", "bob", "claire"]}
