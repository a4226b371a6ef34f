"""The countdown of a live session: its end is recorded; started, paused where it is, extended."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidActError, RuleError
from tests.domain.test_meeting_sessions import group, live, meeting, replayed  # noqa: F401 (fixtures)

NOON = datetime(2026, 4, 7, 12, 0, tzinfo=UTC)


def test_a_countdown_started_ends_at_a_recorded_time_the_same_on_replay(walk, live):  # noqa: F811
    live.start_timer(walk.facilitator, seconds=300, now=NOON)
    assert live.timer == {"ends_at": (NOON + timedelta(seconds=300)).isoformat()}
    assert replayed(live).timer == live.timer


def test_a_paused_countdown_keeps_what_was_left_and_resumes_from_it(walk, live):  # noqa: F811
    live.start_timer(walk.facilitator, seconds=300, now=NOON)
    live.pause_timer(walk.facilitator, now=NOON + timedelta(seconds=100.4))
    assert live.timer == {"remaining": 200}
    live.extend_timer(walk.facilitator, seconds=60)
    assert live.timer == {"remaining": 260}
    with pytest.raises(RuleError, match="no countdown is running"):
        live.pause_timer(walk.facilitator)


def test_extending_a_running_countdown_moves_its_end_a_finished_one_from_now(walk, live):  # noqa: F811
    live.start_timer(walk.facilitator, seconds=60, now=NOON)
    live.extend_timer(walk.facilitator, seconds=120, now=NOON + timedelta(seconds=30))
    assert live.timer == {"ends_at": (NOON + timedelta(seconds=180)).isoformat()}
    late = NOON + timedelta(hours=1)
    live.extend_timer(walk.facilitator, seconds=120, now=late)
    assert live.timer == {"ends_at": (late + timedelta(seconds=120)).isoformat()}


def test_no_countdown_to_extend_nor_a_duration_out_of_bounds(walk, live):  # noqa: F811
    with pytest.raises(RuleError, match="no countdown to extend") as refused:
        live.extend_timer(walk.facilitator, seconds=60)
    assert refused.value.code == "no-timer"
    for seconds in (0, 3 * 3600 + 1, "60", True):
        with pytest.raises(InvalidActError) as invalid:
            live.start_timer(walk.facilitator, seconds=seconds)
        assert invalid.value.field == "seconds"


def test_closing_the_session_ends_its_countdown_and_none_runs_without_a_session(walk, live):  # noqa: F811
    live.start_timer(walk.facilitator, seconds=300)
    live.close_live_session(walk.facilitator)
    assert live.timer is None
    with pytest.raises(RuleError, match="no live session"):
        live.start_timer(walk.facilitator, seconds=300)
