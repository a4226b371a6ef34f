"""The rebuild's decoding gives the events the library's mapper gives, and its errors."""

import json
from dataclasses import replace
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import MapperDeserialisationError

from application.demo import record_demo
from application.dialogues import DialogueApp
from bench.workload import record_workload
from projections.decoding import Ids, event_decoder
from projections.runner import notification_reader


def both(app: DialogueApp) -> list[Any]:
    """Every notification of the log as the library reads it, and as the runner reads it."""
    library = app.recorder.select_notifications(1, 100_000)
    return [*library, *notification_reader(app.recorder).select_notifications(1, 100_000)]


def same(found: Any, expected: Any) -> None:
    assert type(found) is type(expected)
    assert vars(found) == vars(expected)
    for name, value in vars(expected).items():
        assert type(vars(found)[name]) is type(value), name


def test_every_event_decodes_as_the_library_decodes_it(app: DialogueApp) -> None:
    record_demo(app)
    record_workload(app, 600, dialogues=2)
    decode = event_decoder(app.mapper)
    assert decode != app.mapper.to_domain_event
    notifications = both(app)
    assert len({n.topic for n in notifications}) > 30
    for notification in notifications:
        same(decode(notification), app.mapper.to_domain_event(notification))


def test_the_runner_reads_each_notification_as_the_library_stores_it(app: DialogueApp) -> None:
    record_demo(app)
    library = app.recorder.select_notifications(1, 100_000)
    read = notification_reader(app.recorder).select_notifications(1, 100_000)
    assert len(read) == len(library) > 100
    for notice, notification in zip(read, library, strict=True):
        assert type(notice.state) is bytes and notice.state == notification.state
        assert UUID(notice.originator_id) == notification.originator_id
        assert (notice.id, notice.originator_version, notice.topic) == (
            notification.id,
            notification.originator_version,
            notification.topic,
        )


def test_a_state_of_an_older_version_is_upcast_by_the_library(app: DialogueApp) -> None:
    record_workload(app, 300, dialogues=1)
    decode = event_decoder(app.mapper)
    posted = next(n for n in both(app) if n.topic.endswith("ContributionPosted"))  # the library's
    state = json.loads(posted.state)
    assert state.pop("class_version") == 3
    for field in ("meeting_id", "anonymous", "agenda_item"):
        state.pop(field)
    older = replace(posted, state=json.dumps(state).encode())
    same(decode(older), app.mapper.to_domain_event(older))


def test_a_state_it_cannot_read_raises_the_library_s_error(app: DialogueApp) -> None:
    record_workload(app, 200, dialogues=1)
    decode = event_decoder(app.mapper)
    first = both(app)[0]
    for state in (b"{", b'{"timestamp": {"_type_": "uuid_hex", "_data_": "not hex"}}', first.state + b" {}"):
        broken = replace(first, state=state)
        with pytest.raises(MapperDeserialisationError):
            app.mapper.to_domain_event(broken)
        with pytest.raises(MapperDeserialisationError):
            decode(broken)
    for spaced in (b" " + first.state, first.state + b"\n"):  # the library's JSON allows white space
        same(decode(replace(first, state=spaced)), app.mapper.to_domain_event(replace(first, state=spaced)))


def test_what_orjson_reads_otherwise_is_read_by_the_standard_decoder(app: DialogueApp) -> None:
    """Whole numbers beyond 64 bits (floats for ``orjson``), NaN and lone surrogates (refused by it),
    at the top of the state and nested: the same values as the library's."""
    record_workload(app, 300, dialogues=1)
    decode = event_decoder(app.mapper)
    posted = next(n for n in both(app) if n.topic.endswith("ContributionPosted"))
    for value in ("123456789012345678901234567890", "-9223372036854775809", "NaN", '"\\ud800"', "2.5"):
        for text in (value, f'[1, {{"a": {value}}}]'):
            state = posted.state.replace(b'"kind":', f'"extra":{text},"kind":'.encode())
            assert state != posted.state
            changed = replace(posted, state=state)
            found, expected = decode(changed), app.mapper.to_domain_event(changed)
            same(found, expected)
            assert repr(vars(found)["extra"]) == repr(vars(expected)["extra"])


def test_another_mapper_decodes_as_it_does(app: DialogueApp) -> None:
    for changed in ({"cipher": object()}, {"compressor": object()}):
        mapper = SimpleNamespace(**{**vars(app.mapper), **changed}, to_domain_event=lambda n: n)
        assert event_decoder(mapper) is mapper.to_domain_event


def test_ids_are_the_uuids_of_their_text() -> None:
    ids = Ids()
    for text in (
        "6a4e1a52c76f5510a042d3e0a110d508",
        "6A4E1A52C76F5510A042D3E0A110D508",
        "6a4e1a52-c76f-5510-a042-d3e0a110d508",
        "{6a4e1a52c76f5510a042d3e0a110d508}",
        "+a4e1a52c76f5510a042d3e0a110d508",  # what int(text, 16) takes, UUID() takes
    ):
        made = ids(text)
        assert made == UUID(text) and str(made) == str(UUID(text)) and hash(made) == hash(UUID(text))
        assert ids(text) is made
    for text in ("6a4e1a52c76f5510a042d3e0a110d5zz", "6a4e", "6a4e1a52c76f5510a042d3e0a110d5é8"):
        with pytest.raises(ValueError):
            UUID(text)
        with pytest.raises(ValueError):
            ids(text)
