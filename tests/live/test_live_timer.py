"""The session's countdown over Socket.IO: its recorded end reaches every member; a join gets it back."""

from datetime import UTC, datetime, timedelta

from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act, join, received


def test_a_countdown_started_reaches_the_members_and_a_later_join_finds_it(
    live: LiveClient, scenario: Scenario
) -> None:
    meeting = str(scenario.meeting())
    facilitator, member = live("facilitator"), live(MEMBERS[0])
    join(facilitator), join(member)
    assert act(facilitator, "live-session-opened", meeting_id=meeting)["ok"]
    before = datetime.now(UTC)

    assert act(facilitator, "timer-started", meeting_id=meeting, seconds=300)["ok"]

    [started] = [a for a in received(member) if a["act"] == "timer-started"]
    ends_at = datetime.fromisoformat(started["fields"]["ends_at"])
    assert (
        started["fields"]["seconds"] == 300
        and started["summary"]["fr"] == "Compte à rebours lancé\u00a0: 300 secondes"
    )
    assert before + timedelta(seconds=299) < ends_at < datetime.now(UTC) + timedelta(seconds=301)
    ack = join(live(MEMBERS[1]), session=meeting)
    assert ack["session"]["timer"] == {"ends_at": started["fields"]["ends_at"]}
    assert abs(datetime.fromisoformat(ack["now"]) - datetime.now(UTC)) < timedelta(seconds=5)

    assert act(facilitator, "timer-paused", meeting_id=meeting)["ok"]
    assert act(facilitator, "timer-extended", meeting_id=meeting, seconds=60)["ok"]
    extended = [a for a in received(member) if a["act"] == "timer-extended"][-1]
    assert extended["fields"]["remaining"] in range(355, 361) and extended["fields"]["ends_at"] is None


def test_a_member_may_not_start_the_countdown_nor_a_duration_out_of_bounds(
    live: LiveClient, scenario: Scenario
) -> None:
    meeting = str(scenario.meeting())
    facilitator, member = live("facilitator"), live(MEMBERS[0])
    assert act(facilitator, "live-session-opened", meeting_id=meeting)["ok"]
    assert act(member, "timer-started", meeting_id=meeting, seconds=60)["status"] == 403
    refused = act(facilitator, "timer-started", meeting_id=meeting, seconds=0)
    assert refused["status"] in (400, 422) and "seconds" in refused["errors"]
