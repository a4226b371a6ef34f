"""The bell, the list of notifications, marking them read, the preferences and the one-click
unsubscribe link, on both stores."""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from application.notifier.notifier import Notifier
from application.notifier.store import NotificationStore
from domain.roles import Role
from tests.builders import ACCOUNTS, MEMBERS, Scenario
from tests.webapp import aggregates_read, csrf_token, make_web_app, sign_in
from web import close_app
from web.notifications.mails import composer, unsubscribe_token

STAKEHOLDER = ACCOUNTS[Role.STAKEHOLDER]


@pytest.fixture
def site(database_url: str) -> Iterator[Flask]:
    app = make_web_app(database_url)
    yield app
    close_app(app)


@pytest.fixture
def store(site: Flask) -> NotificationStore:
    """A meeting scheduled and an objection to the stakeholder's proposal, both notified."""
    app: DialogueApp = site.extensions["dialogues"]
    scenario = Scenario(app)
    scenario.meeting()
    app.object_to_proposal(MEMBERS[1], scenario.id, scenario.drafted_proposal(), reason="trop cher")
    notifier = Notifier(app, composer("http://localhost", "test secret"))
    notifier.catch_up()
    return notifier.store


@pytest.fixture
def client(site: Flask, store: NotificationStore) -> FlaskClient:
    signed_in = site.test_client()
    sign_in(signed_in, STAKEHOLDER)
    return signed_in


def test_the_bell_shows_the_unread_count_and_the_list_each_notification(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'class="bell" href="/notifications"' in home and "2 non lues" in home

    page = client.get("/notifications").get_data(as_text=True)
    assert "Réunion «\u00a0Atelier diagnostic\u00a0» programmée le 12 mars 2026, 18:30" in page
    assert "Objection à votre proposition «\u00a0Partage en étiage\u00a0»\u00a0: trop cher" in page


def test_the_list_names_each_notifications_dialogue_reading_no_dialogue(
    site: Flask, store: NotificationStore, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: DialogueApp = site.extensions["dialogues"]
    opened = [
        app.open_dialogue(
            ACCOUNTS[Role.CONVENOR], slug=f"autre-{i}", title=f"Autre {i}", territory="T", subject="S"
        )
        for i in range(3)
    ]
    dialogue_ids = {str(d.id) for d in opened} | {n["dialogue_id"] for n in store.of(STAKEHOLDER)}
    read = aggregates_read(app, monkeypatch)

    page = client.get("/notifications").get_data(as_text=True)

    assert page.count('class="notification-dialogue">(Partager l&#39;eau du bassin)</span>') == 2
    assert "Autre" not in page
    assert dialogue_ids.isdisjoint(read)  # the titles are the read model's: no dialogue read, shown or not


def test_marking_one_then_all_as_read(client: FlaskClient, store: NotificationStore) -> None:
    [newest, _] = store.of(STAKEHOLDER)
    token = csrf_token(client, "/notifications")
    client.post(f"/notifications/{newest['id']}/read", data={"csrf_token": token})
    assert "1 non lue" in client.get("/notifications").get_data(as_text=True)
    client.post("/notifications/read", data={"csrf_token": token})
    page = client.get("/notifications").get_data(as_text=True)
    assert "non lue" not in page and "Toutes les notifications sont marquées comme lues." in page
    assert store.unread(STAKEHOLDER) == 0


def test_signed_out_there_is_no_bell_and_the_list_asks_to_sign_in(
    site: Flask, store: NotificationStore
) -> None:
    anonymous = site.test_client()
    assert 'class="bell"' not in anonymous.get("/").get_data(as_text=True)
    assert anonymous.get("/notifications").headers["Location"].startswith("/login")


def test_preferences_are_saved_per_kind_and_a_wrong_value_names_its_field(
    client: FlaskClient, store: NotificationStore
) -> None:
    token = csrf_token(client, "/notifications/preferences")
    form = {"csrf_token": token, "language": "en", "meeting-scheduled": "digest", "action-overdue": "never"}
    answer = client.post("/notifications/preferences", data=form)
    assert answer.status_code == 400
    wording = answer.get_data(as_text=True)
    assert "«\u00a0Une telle réunion change de date ou de lieu\u00a0»" in wording  # the first kind missing
    assert store.modes(STAKEHOLDER) == {}

    page = client.get("/notifications/preferences").get_data(as_text=True)
    complete = {name: "immediately" for name in _select_names(page)} | form
    assert client.post("/notifications/preferences", data=complete).status_code == 302
    assert store.mode(STAKEHOLDER, "meeting-scheduled") == "digest"
    assert store.mode(STAKEHOLDER, "action-overdue") == "never"
    assert store.language(STAKEHOLDER) == "en"


def _select_names(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('<select id="')[1:]]


def test_the_unsubscribe_link_works_in_one_click_without_signing_in(
    site: Flask, store: NotificationStore
) -> None:
    anonymous = site.test_client()
    token = unsubscribe_token("test secret", STAKEHOLDER, "meeting-scheduled")
    page = anonymous.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and "Vous ne recevrez plus de courriels" in page.get_data(as_text=True)
    assert store.mode(STAKEHOLDER, "meeting-scheduled") == "never"

    token = unsubscribe_token("test secret", STAKEHOLDER, "proposal-objected")
    one_click = anonymous.post(f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200  # RFC 8058: a POST without a session nor a CSRF token
    assert store.mode(STAKEHOLDER, "proposal-objected") == "never"

    forged = unsubscribe_token("another secret", STAKEHOLDER, "decision-adopted")
    assert anonymous.get(f"/notifications/unsubscribe/{forged}").status_code == 404
    assert store.mode(STAKEHOLDER, "decision-adopted") == "immediately"


def test_the_list_words_the_outcome_of_ones_proposals(site: Flask) -> None:
    app: DialogueApp = site.extensions["dialogues"]
    Scenario(app).decided()
    Notifier(app, composer("http://localhost", "test secret")).catch_up()
    client = site.test_client()
    sign_in(client, STAKEHOLDER)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Votre proposition «\u00a0Partage en étiage\u00a0»\u00a0: adoptée" in page
