"""The dialogues opened: listed in order, here and by other processes, the log read once."""

from typing import Any

import pytest

from tests.builders import Scenario
from tests.stores import make_app


def test_a_dialogue_opened_elsewhere_is_listed_and_a_look_reads_only_what_was_recorded_since(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, other = make_app(database_url), make_app(database_url)
    try:
        Scenario(app, slug="first")
        before = [d["slug"] for d in app.dialogues()]
        head = int(app.recorder.max_notification_id() or 0)
        starts: list[int] = []
        select = app.recorder.select_notifications

        def counting(start: int, *args: Any, **kwargs: Any) -> Any:
            starts.append(start)
            return select(start, *args, **kwargs)

        monkeypatch.setattr(app.recorder, "select_notifications", counting)
        Scenario(other, slug="second")
        after = [d["slug"] for d in app.dialogues()]
        again = [d["slug"] for d in app.dialogues()]
    finally:
        app.close()
        other.close()

    assert (before, after, again) == (["first"], ["first", "second"], ["first", "second"])
    assert starts and min(starts) > head
