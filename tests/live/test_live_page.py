"""The live board page of the workspace: members only, scripts as files (the Socket.IO client vendored)."""

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.builders import Scenario
from tests.live.conftest import act, ensure_account, join, received
from tests.web.conftest import sign_in
from web.live.namespace import NAMESPACE


def signed_in_as(web_app, dialogues, login: str) -> FlaskClient:
    ensure_account(dialogues, login)
    client = web_app.test_client()
    sign_in(client, login)
    return client


def test_a_member_gets_the_live_board(web_app, dialogues, scenario: Scenario) -> None:
    page = signed_in_as(web_app, dialogues, "facilitator").get("/workspace/dialogues/live-dialogue/live")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'src="/static/vendor/socket.io.min.js?v=' in html and 'src="/static/live.js?v=' in html
    assert 'data-dialogue="live-dialogue"' in html and "contribution-clustered" in html
    assert "<script>" not in html and "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_an_outsider_does_not_get_the_live_board(web_app, dialogues, scenario: Scenario) -> None:
    page = signed_in_as(web_app, dialogues, "outsider").get("/workspace/dialogues/live-dialogue/live")
    assert page.status_code == 403


def test_the_dialogue_page_links_to_the_live_board(web_app, dialogues, scenario: Scenario) -> None:
    page = signed_in_as(web_app, dialogues, "stakeholder").get("/workspace/dialogues/live-dialogue")
    assert 'href="/workspace/dialogues/live-dialogue/live"' in page.get_data(as_text=True)


def test_the_socket_io_client_is_served_from_this_site(client_of_static: Callable[[], FlaskClient]) -> None:
    response = client_of_static().get("/static/vendor/socket.io.min.js")
    assert response.status_code == 200 and b"io" in response.data
    response.close()


def test_the_session_view_offers_each_account_the_tools_of_its_role(
    web_app, dialogues, scenario: Scenario
) -> None:
    facilitator = signed_in_as(web_app, dialogues, "facilitator").get(
        "/workspace/dialogues/live-dialogue/live"
    )
    stakeholder = signed_in_as(web_app, dialogues, "stakeholder").get(
        "/workspace/dialogues/live-dialogue/live"
    )
    mine, theirs = facilitator.get_data(as_text=True), stakeholder.get_data(as_text=True)
    assert 'src="/static/live-session.js?v=' in mine and "data-session-list" in theirs
    for tool in ("data-round-open", "data-minutes-form", "data-session-close"):
        assert tool in mine and tool not in theirs
    assert "data-minutes " in theirs or "data-minutes>" in theirs  # the draft, to read only


def test_public_and_workspace_pages_follow_their_dialogue_with_the_position_they_show(
    web_app, dialogues, scenario: Scenario
) -> None:
    member = signed_in_as(web_app, dialogues, "stakeholder")
    head = dialogues.recorder.max_notification_id()
    public = web_app.test_client().get("/dialogues/live-dialogue").get_data(as_text=True)
    workspace = member.get("/workspace/dialogues/live-dialogue").get_data(as_text=True)
    form = member.get("/workspace/dialogues/live-dialogue/acts/proposal-drafted").get_data(as_text=True)
    for html, channel in [(public, "public"), (workspace, "live"), (form, "live")]:
        assert 'src="/static/live-page.js?v=' in html and f'data-channel="{channel}"' in html
        assert f'data-position="{head}"' in html and 'data-dialogue="live-dialogue"' in html
    assert public.count("data-live-region") == 10 and workspace.count("data-live-region") == 7
    assert 'id="field-instance_id" data-live-region' in form  # the parts to pick from


def test_a_watching_page_gets_the_acts_without_appearing_present(live, scenario: Scenario) -> None:
    watcher, facilitator = live("stakeholder"), live("facilitator")
    join(facilitator)
    facilitator.get_received(NAMESPACE)
    ack = watcher.emit("watch", {"dialogue": "live-dialogue"}, namespace=NAMESPACE, callback=True)
    assert ack["ok"] and ack["position"] > 0
    assert received(facilitator, "presence") == []
    posted = act(facilitator, "contribution-posted", kind="idea", text="Des haies")
    assert [a["position"] for a in received(watcher)] == [posted["position"]]
    refused = live("outsider").emit(
        "watch", {"dialogue": "live-dialogue"}, namespace=NAMESPACE, callback=True
    )
    assert refused["status"] == 403
