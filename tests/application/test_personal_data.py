"""Personal data: sealed in events with a key per person; erasing the key erases the person."""

import uuid

import pytest
from eventsourcing.sqlite import SQLiteDatastore

from application.dialogues import DialogueApp
from application.errors import NotFoundError
from tests.builders import ensure_accounts

NAME, EMAIL, PHONE = "Solène Brizard-Quentel", "solene.bq@exemple.fr", "06 12 34 56 78"


def identify(app: DialogueApp) -> tuple[object, object]:
    ensure_accounts(app, "conv", organisers=("conv",))
    dialogue_id = app.open_dialogue("conv", slug="vallee", title="T", territory="X", subject="S").id
    person = app.identify_stakeholder(
        "conv", dialogue_id, name=NAME, email=EMAIL, phone=PHONE, category="farmer", organisation="GAEC"
    )
    return dialogue_id, person.id


def stored_bytes(app: DialogueApp) -> bytes:
    """Everything the store holds, as raw bytes: the database file(s), or every PostgreSQL row."""
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    if isinstance(datastore, SQLiteDatastore):
        path = datastore.pool.db_name
        chunks = []
        for suffix in ("", "-wal", "-journal"):
            try:
                with open(path + suffix, "rb") as file:
                    chunks.append(file.read())
            except FileNotFoundError:
                pass
        return b"".join(chunks)
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT state FROM {datastore.schema}.dialogues_events")
        states = b"".join(bytes(row["state"]) for row in cursor.fetchall())
        cursor.execute(f"SELECT key FROM {datastore.schema}.personal_data_keys")
        keys = b"".join(bytes(row["key"]) for row in cursor.fetchall())
    return states + keys


def test_names_emails_and_phones_never_stand_in_clear_in_the_store(app: DialogueApp) -> None:
    dialogue_id, _ = identify(app)
    raw = stored_bytes(app)
    for secret in (NAME, EMAIL, PHONE):
        assert secret.encode() not in raw
        assert secret.encode("unicode_escape") not in raw
    assert app.stakeholders(dialogue_id)[0]["name"] == NAME


def test_erasing_a_person_makes_them_erased_everywhere_and_keeps_every_event(app: DialogueApp) -> None:
    dialogue_id, person_id = identify(app)
    key = app.vault._key(person_id)  # type: ignore[arg-type]
    assert key is not None and key in stored_bytes(app)
    events_before = app.recorder.max_notification_id()
    states_before = [n.state for n in app.recorder.select_notifications(1, 100)]

    app.erase_person(person_id)  # type: ignore[arg-type]

    [listed] = app.stakeholders(dialogue_id)
    assert listed["erased"] is True
    assert NAME not in str(listed) and EMAIL not in str(listed)
    assert listed["organisation"] == "GAEC"
    assert app.recorder.max_notification_id() == events_before + 1  # the erasure register's act
    assert app.recorder.select_notifications(events_before + 1, 1)[0].topic.endswith("PersonErased")
    assert [n.state for n in app.recorder.select_notifications(1, events_before)] == states_before
    assert key not in stored_bytes(app)


def test_erasing_an_unknown_person_says_so(app: DialogueApp) -> None:
    with pytest.raises(NotFoundError, match="no personal data"):
        app.erase_person(uuid.uuid4())


def test_people_and_the_names_a_public_page_may_show_are_read_by_their_ids(app: DialogueApp) -> None:
    dialogue_id, person_id = identify(app)
    mayor = app.identify_stakeholder(
        "conv",
        dialogue_id,  # type: ignore[arg-type]
        name="Jeanne Marais",
        email="",
        phone="",
        category="elected_official",
        organisation="Mairie",
        public_office=True,
    ).id
    ids = [str(person_id), str(mayor)]

    people = app.people([*ids, str(dialogue_id), "not an id"])
    assert sorted(people) == sorted(ids) and people[str(person_id)]["name"] == NAME
    assert app.public_names_of(ids) == {str(mayor): "Jeanne Marais"}  # the other did not consent
    assert app.vault.held([*ids, str(uuid.uuid4())]) == set(ids)

    app.erase_person(mayor)
    assert app.public_names_of(ids) == {}
    assert app.vault.held(ids) == {str(person_id)}
    assert app.people(ids)[str(mayor)]["erased"] is True


def test_people_read_again_show_what_changed_since_and_the_same_otherwise(app: DialogueApp) -> None:
    dialogue_id, person_id = identify(app)
    before = app.people([str(person_id)])[str(person_id)]

    app.grant_role("conv", dialogue_id, grantee_id="conv", role="facilitator")  # type: ignore[arg-type]
    app.confirm_participation("conv", dialogue_id, person_id, confirmed_on="2026-03-12")  # type: ignore[arg-type]
    after, again = (app.people([str(person_id)])[str(person_id)] for _ in range(2))

    assert before["confirmed_on"] is None and before["name"] == NAME
    assert after == again and after["confirmed_on"] == "2026-03-12" and after["name"] == NAME
