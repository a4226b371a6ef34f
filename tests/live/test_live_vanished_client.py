"""A live event handled just after its client disconnected: python-socketio has forgotten the client,
and entering a room must not raise in its handler's thread."""

import flask
import pytest
from flask import Flask

from tests.live.conftest import connect
from web.live.guard import enter
from web.live.namespace import NAMESPACE


@pytest.mark.parametrize("others_connected", [False, True])
def test_a_client_that_has_gone_enters_no_room_and_nothing_is_raised(
    web_app: Flask, others_connected: bool
) -> None:
    other = connect(web_app, "facilitator") if others_connected else None
    manager = web_app.extensions["socketio"].server.manager
    with web_app.test_request_context():
        flask.request.sid = "gone"  # type: ignore[attr-defined]
        flask.request.namespace = NAMESPACE  # type: ignore[attr-defined]
        enter("dialogue:somewhere")
    assert "gone" not in manager.rooms.get(NAMESPACE, {}).get("dialogue:somewhere", {})
    if other is not None:
        other.disconnect(NAMESPACE)
