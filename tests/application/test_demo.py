"""The demo: recorded only through acts, covering every act, and recorded once."""

import json
import re
from collections import Counter
from typing import Any
from uuid import UUID

import pytest

from application.demo import (
    EARLIER_SLUG,
    FACILITATOR,
    MAIN_SLUG,
    PEOPLE,
    WORKSHOP_SLUG,
    DemoResult,
    record_demo,
)
from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.contribution import Contribution
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal

ACT_FIELDS = {"position", "recorded_at", "dialogue_id", "act", "actor_role", "stage"}
DATE_FIELDS = {
    "confirmed_on",
    "published_on",
    "held_on",
    "starts_at",
    "on",
    "presented_on",
    "adopted_on",
    "communicated_on",
    "completed_on",
    "next_meeting_on",
}
"""Dates of what happened (not due dates or planned milestones), in events or their details."""


@pytest.fixture
def demo(app: DialogueApp) -> DemoResult:
    return record_demo(app)


def states(app: DialogueApp) -> list[bytes]:
    """The stored state of every event, in log order."""
    found: list[bytes] = []
    while batch := app.recorder.select_notifications(len(found) + 1, 1000):
        found.extend(bytes(n.state) for n in batch)
    return found


def test_every_act_of_the_catalogue_is_recorded(app: DialogueApp, demo: DemoResult) -> None:
    recorded = {line["act"] for line in app.acts()}
    assert recorded == set(ACTS), f"missing: {set(ACTS) - recorded}"


def test_every_act_line_says_where_when_what_who_and_in_which_stage(
    app: DialogueApp, demo: DemoResult
) -> None:
    lines = list(app.acts())
    assert len(lines) > 300
    for line in lines:
        assert set(line) >= ACT_FIELDS
        assert all(line[field] not in (None, "") for field in ACT_FIELDS)
    assert [line["position"] for line in lines] == sorted(line["position"] for line in lines)
    assert {line["dialogue_id"] for line in lines} == {str(i) for i in demo.dialogues.values()}
    assert {line["stage"] for line in lines} == {"framing", "collective_work", "decision_and_follow_up"}


def test_the_main_dialogue_ends_open_in_its_last_stage_with_every_indicator_met(
    app: DialogueApp, demo: DemoResult
) -> None:
    assert list(demo.dialogues) == [MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG]
    assert app.dialogues()[0]["slug"] == MAIN_SLUG
    status = app.status(demo.main_dialogue_id)

    assert status["stage"] == "decision_and_follow_up"
    assert status["closed"] is False
    assert status["indicators"] and all(i["met"] for i in status["indicators"])
    assert status["waivers"] == []
    assert status["counts"] == {
        "stakeholders": 27,
        "instances": 3,
        "meetings": 9,
        "proposals": 12,
        "decisions": 1,
        "actions": 8,
    }
    advances = [line for line in app.acts(demo.main_dialogue_id) if line["act"] == "stage-advanced"]
    assert [line["stage"] for line in advances] == ["framing", "collective_work"]


def test_the_earlier_dialogue_is_closed_and_its_waiver_is_public(app: DialogueApp, demo: DemoResult) -> None:
    status = app.status(demo.dialogues[EARLIER_SLUG])

    assert status["closed"] is True
    [waiver] = status["waivers"]
    assert (waiver["from"], waiver["to"], waiver["by"]) == ("framing", "collective_work", "demo-convenor")
    assert "comité technique" in waiver["waiver"]
    closed = [line for line in app.acts(demo.dialogues[EARLIER_SLUG]) if line["act"] == "dialogue-closed"]
    assert len(closed) == 1


def test_the_workshop_dialogue_waits_in_collective_work_for_its_first_live_session(
    app: DialogueApp, demo: DemoResult
) -> None:
    dialogue_id = demo.dialogues[WORKSHOP_SLUG]
    status = app.status(dialogue_id)
    assert status["stage"] == "collective_work" and status["closed"] is False
    assert status["waivers"] == []
    assert [line["act"] for line in app.acts(dialogue_id)].count("design-validated") == 1
    assert status["counts"] == {
        "stakeholders": 10,
        "instances": 2,
        "meetings": 1,
        "proposals": 0,
        "decisions": 0,
        "actions": 0,
    }
    dialogue = app.repository.get(dialogue_id)
    [meeting] = [app.repository.get(i) for i in dialogue.parts["meeting"]]
    assert (meeting.starts_at[:16], meeting.held_on, meeting.live) == ("2026-12-10T18:00", None, False)
    cards = [app.repository.get(UUID(row["id"])) for row in app.contribution_index.of(dialogue_id)]
    assert all(isinstance(c, Contribution) and c.meeting_id == meeting.id for c in cards)
    assert Counter(c.cluster for c in cards) == {
        "Arbres malades et embâcles": 2,
        "Replanter les berges nues": 2,
        None: 2,
    }

    # The visitor's part (README, Live sessions): the facilitator opens the session, a member posts,
    # the cards are put to a dot vote.
    app.open_live_session(FACILITATOR, dialogue_id, meeting.id)
    posted = app.post_contribution(
        "demo-stakeholder-1", dialogue_id, kind="idea", text="Un chantier de bénévoles", meeting_id=meeting.id
    )
    assert app.repository.get(posted.id).meeting_id == meeting.id
    vote = app.open_dot_vote(FACILITATOR, dialogue_id, meeting.id, subject="contributions", dots=3)
    assert len(app.repository.get(vote.id).options) == 7  # every card of the meeting, the new one too


def test_stakeholders_are_many_and_varied_and_their_contacts_can_be_read(
    app: DialogueApp, demo: DemoResult
) -> None:
    stakeholders = app.stakeholders(demo.main_dialogue_id)

    assert len(stakeholders) >= 20
    assert len({s["category"] for s in stakeholders}) >= 6
    assert len({s["organisation"] for s in stakeholders}) == len(stakeholders)
    assert {s["name"] for s in stakeholders} <= {p.name for p in PEOPLE}
    assert sum(1 for s in stakeholders if s["account_id"]) >= 15


def test_a_live_board_names_each_stakeholder_login_by_its_person(app: DialogueApp, demo: DemoResult) -> None:
    people = app.live_people(demo.dialogues[WORKSHOP_SLUG])
    named = {p.account: p.name for p in PEOPLE if p.account in people}

    assert len(named) >= 5
    assert {login: people[login]["name"] for login in named} == named
    assert people[FACILITATOR]["name"] == FACILITATOR  # no person of the scenario: its login


def test_running_the_demo_twice_records_nothing_the_second_time(app: DialogueApp, demo: DemoResult) -> None:
    before = len(list(app.acts()))
    last = app.recorder.max_notification_id()

    again = record_demo(app)

    assert again.recorded is False and demo.recorded is True
    assert again.dialogues == demo.dialogues and again.accounts == demo.accounts
    assert len(list(app.acts())) == before
    assert app.recorder.max_notification_id() == last


def test_no_name_email_or_phone_is_stored_in_clear(app: DialogueApp, demo: DemoResult) -> None:
    stored = b"".join(states(app))
    text = stored.decode("utf-8")
    for person in PEOPLE:
        for secret in (person.name, person.email, person.phone):
            assert secret.encode() not in stored, secret
        surname = person.name.split()[-1]
        assert not re.search(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE), surname


def test_accounts_are_opaque_demo_ids(app: DialogueApp, demo: DemoResult) -> None:
    actors = {line["actor_id"] for line in app.acts()}
    opaque = r"demo-[a-z]+(-[a-z]+)?(-\d+)?|citizen:[0-9a-f-]{36}|respondent:[0-9a-f]{32}"  # opaque ids; an
    # answer to a questionnaire is recorded under its respondent's token
    assert all(re.fullmatch(opaque, actor) for actor in actors), actors
    assert set(demo.accounts.values()) <= actors | {"demo-auditor"}
    assert set(demo.accounts) == {
        "convenor",
        "facilitator",
        "steering_member",
        "stakeholder",
        "expert",
        "technician",
        "decision_maker",
        "operator",
        "auditor",
        "moderator",
    }


def test_dated_acts_follow_the_calendar_within_2025_and_2026(app: DialogueApp, demo: DemoResult) -> None:
    dates: list[str] = []
    for state in states(app):
        event: dict[str, Any] = json.loads(state)
        fields = {**event, **event.get("details", {})}
        dates.extend(str(fields[name])[:10] for name in sorted(DATE_FIELDS & set(fields)))
    assert len(dates) > 50
    assert dates == sorted(dates)
    assert dates[0] >= "2025-01-01" and dates[-1] <= "2026-12-31"


def test_proposals_meetings_and_instances_show_the_whole_collective_work(
    app: DialogueApp, demo: DemoResult
) -> None:
    dialogue = app.repository.get(demo.main_dialogue_id)
    instances = [app.repository.get(i) for i in dialogue.parts["instance"]]
    meetings = [app.repository.get(i) for i in dialogue.parts["meeting"]]
    proposals = [app.repository.get(i) for i in dialogue.parts["proposal"]]
    assert all(isinstance(i, Instance) for i in instances)
    assert all(isinstance(m, Meeting) for m in meetings)
    assert all(isinstance(p, Proposal) for p in proposals)

    kinds = sorted(i.kind for i in instances)
    assert kinds == ["consultation_group", "consultation_group", "steering_committee"]
    assert {i.functioning_rule for i in instances} == {"consensus", "consent", "majority"}
    [upcoming] = [
        m for m in meetings if not m.held_on
    ]  # the next steering committee: the facilitator's to-do
    assert upcoming.title == "Comité de pilotage - réexamen des propositions différées"
    assert all(m.minutes and m.attendance for m in meetings if m is not upcoming)
    assert sum(m.corrections for m in meetings) == 1
    assert Counter(p.status for p in proposals) == {"validated": 11, "withdrawn": 1}
    assert all(p.translation for p in proposals if p.status == "validated")
    assert sum(1 for p in proposals if p.amendments) >= 3
    acts = Counter(line["act"] for line in app.acts(demo.main_dialogue_id))
    assert acts["proposal-objected"] == acts["objection-resolved"] == 1
    assert acts["dysfunction-reported"] == 2
    assert acts["adjustment-adopted"] == acts["adjustment-rejected"] == 1
    assert acts["design-returned"] == 1 and acts["design-validated"] == 1
    assert acts["action-completed"] >= 1


def test_the_conseil_communautaire_rules_on_every_presented_proposal_with_mixed_outcomes(
    app: DialogueApp, demo: DemoResult
) -> None:
    dialogue = app.repository.get(demo.main_dialogue_id)
    [decision] = dialogue.decisions

    assert decision["body"] == "conseil_communautaire"
    assert decision["deliberation_reference"] == "DEL-2026-041"
    assert sum(decision["votes"].values()) > 0
    outcomes = decision["outcomes"]
    assert len(outcomes) == 11
    assert {o["outcome"] for o in outcomes} == {"adopted", "adopted_with_changes", "rejected", "deferred"}
    assert all(o["justification"] for o in outcomes if o["outcome"] != "adopted")
    assert decision["communicated"]
    actions = [app.repository.get(i) for i in dialogue.parts["action"]]
    adopted = {str(o["proposal_id"]) for o in outcomes if o["outcome"] in ("adopted", "adopted_with_changes")}
    assert {str(a.proposal_id) for a in actions} == adopted
    assert all(a.operator and a.operator.startswith("demo-operator-") for a in actions)
    assert any(a.completed for a in actions)


def test_the_demo_records_an_erasure_in_the_register(app: DialogueApp, demo: DemoResult) -> None:
    [erasure] = app.erasures()
    assert erasure["actor_id"] == demo.administrator and erasure["reason"] == "request"
    assert app.profile("demo-former")["erased"]
    record_demo(app)  # recorded once: played again, nothing changes, no profile set again
    assert len(app.erasures()) == 1 and app.profile("demo-former")["erased"]
