"""Corrections are new acts: the event of the corrected act stays as it was recorded."""

import pytest

from domain.errors import InvalidActError, RuleError
from domain.meeting import Meeting


def names(events):
    return [type(e).__name__ for e in events]


@pytest.fixture
def held_meeting(walk):
    walk.to_collective_work()
    meeting = Meeting.schedule(
        walk.facilitator,
        dialogue_id=walk.dialogue.id,
        instance_id=walk.consultation_group.id,
        title="Workshop 1",
        starts_at="2026-04-07T18:00",
        place="Salle des fêtes, Die",
        agenda=["diagnosis"],
    )
    meeting.hold(walk.facilitator, held_on="2026-04-07", attendance=23, excused=2)
    return meeting


def test_correcting_minutes_adds_a_minutes_corrected_event_and_keeps_the_minutes_recorded(walk, held_meeting):
    held_meeting.record_minutes(walk.facilitator, text="Twenty-three people; irrigation is the main concern.")
    recorded = list(held_meeting.collect_events())

    held_meeting.correct_minutes(
        walk.facilitator,
        text="Twenty-three people; drinking water is the main concern.",
        reason="Typo in the topic.",
    )
    corrected = list(held_meeting.collect_events())

    assert names(recorded) == ["MeetingScheduled", "MeetingHeld", "MinutesRecorded"]
    assert names(corrected) == ["MinutesCorrected"]
    assert recorded[-1].text == "Twenty-three people; irrigation is the main concern."
    assert corrected[0].text == "Twenty-three people; drinking water is the main concern."
    assert corrected[0].reason == "Typo in the topic."
    assert corrected[0].originator_version == recorded[-1].originator_version + 1
    assert held_meeting.minutes == "Twenty-three people; drinking water is the main concern."
    assert held_meeting.corrections == 1


def test_minutes_already_recorded_are_corrected_not_recorded_again(walk, held_meeting):
    held_meeting.record_minutes(walk.facilitator, text="First version.")
    held_meeting.collect_events()

    with pytest.raises(RuleError, match="minutes exist already; correct them instead"):
        held_meeting.record_minutes(walk.facilitator, text="Second version.")

    assert held_meeting.minutes == "First version."
    assert held_meeting.collect_events() == []


def test_there_is_nothing_to_correct_before_minutes_are_recorded(walk, held_meeting):
    with pytest.raises(RuleError, match="no minutes to correct"):
        held_meeting.correct_minutes(walk.facilitator, text="x", reason="y")


def test_an_amended_proposal_keeps_its_drafted_event(walk):
    walk.to_collective_work()
    proposal = walk.draft_proposal()
    original_text = proposal.text

    proposal.amend(walk.bob, text="A fortnightly calendar.", rationale="Weekly is too tight for small farms.")
    events = proposal.collect_events()

    assert names(events) == ["ProposalDrafted", "ProposalAmended"]
    assert events[0].text == original_text
    assert events[0].actor_id == walk.alice.account_id
    assert events[1].text == "A fortnightly calendar."
    assert events[1].rationale == "Weekly is too tight for small farms."
    assert events[1].actor_id == walk.bob.account_id
    assert proposal.text == "A fortnightly calendar."
    assert proposal.amendments == 1


def test_an_amendment_needs_a_rationale(walk):
    walk.to_collective_work()
    proposal = walk.draft_proposal()

    with pytest.raises(InvalidActError) as refused:
        proposal.amend(walk.bob, text="Another text.", rationale=" ")

    assert refused.value.field == "rationale"

    assert proposal.amendments == 0


def test_a_returned_design_keeps_its_submission_and_its_return(walk):
    walk.submit_design()
    walk.dialogue.return_design(
        walk.steering, steering_committee=walk.steering_committee, reasons="Too vague."
    )
    walk.dialogue.submit_design(walk.facilitator, summary="Clarified.")

    events = names(walk.dialogue.collect_events())

    assert [n for n in events if n.startswith("Design")] == [
        "DesignSubmitted",
        "DesignReturned",
        "DesignSubmitted",
    ]


def test_revoking_a_role_is_a_new_event_beside_the_grant(walk):
    walk.dialogue.grant_role(walk.convenor, account_id="felix", role="facilitator")
    walk.dialogue.revoke_role(walk.convenor, account_id="felix", role="facilitator")

    events = walk.dialogue.collect_events()

    assert names(events) == ["DialogueOpened", "RoleGranted", "RoleRevoked"]
    assert events[1].account_id == events[2].account_id == "felix"
    assert walk.dialogue.roles["felix"] == []


def test_rescheduling_is_a_new_act_counted_in_the_sequence_and_refused_once_held_or_when_nothing_moves(walk):
    walk.to_collective_work()
    meeting = Meeting.schedule(
        walk.facilitator,
        dialogue_id=walk.dialogue.id,
        instance_id=walk.consultation_group.id,
        title="Workshop 2",
        starts_at="2026-04-14T18:00",
        place="Salle des fêtes, Die",
        agenda=["scenarios"],
    )
    with pytest.raises(InvalidActError) as same:
        meeting.reschedule(
            walk.facilitator, starts_at="2026-04-14T18:00", place="Salle des fêtes, Die", reason="-"
        )
    assert (same.value.field, same.value.code) == ("starts_at", "same-schedule")
    meeting.reschedule(
        walk.facilitator, starts_at="2026-04-15T18:00", place="Salle des fêtes, Die", reason="Fête"
    )
    meeting.reschedule(walk.facilitator, starts_at="2026-04-15T18:00", place="Mairie, Die", reason="Travaux")
    events = list(meeting.collect_events())
    assert names(events) == ["MeetingScheduled", "MeetingRescheduled", "MeetingRescheduled"]
    assert [e.sequence for e in events[1:]] == [1, 2]
    assert events[0].starts_at == "2026-04-14T18:00:00"  # the scheduling stays as recorded
    assert (meeting.starts_at, meeting.place, meeting.sequence) == ("2026-04-15T18:00:00", "Mairie, Die", 2)

    meeting.hold(walk.facilitator, held_on="2026-04-15", attendance=20, excused=0)
    with pytest.raises(RuleError) as held:
        meeting.reschedule(
            walk.facilitator, starts_at="2026-04-16T18:00", place="Mairie, Die", reason="Trop tard"
        )
    assert held.value.code == "already-held"
