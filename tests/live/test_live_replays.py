"""An act sent again with its idempotency key, after a lost connection, is recorded once."""

import threading
import uuid
from typing import Any

import pytest
import redis

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, join
from tests.live.test_live_two_servers import channel, redis_url  # noqa: F401 (fixtures)
from web.live.namespace import NAMESPACE
from web.live.replays import Replays


def posted(dialogues: DialogueApp, scenario: Scenario) -> list[str]:
    return [a["subject_id"] for a in dialogues.acts(scenario.id) if a["act"] == "contribution-posted"]


def send(client: Any, key: str | None, text: str) -> Any:
    payload: dict[str, Any] = {
        "dialogue": "live-dialogue",
        "act": "contribution-posted",
        "fields": {"kind": "idea", "text": text},
    }
    if key is not None:
        payload["key"] = key
    return client.emit("act", payload, namespace=NAMESPACE, callback=True)


def test_an_act_sent_twice_with_one_key_is_recorded_once_and_acknowledged_alike(
    live: LiveClient, dialogues: DialogueApp, scenario: Scenario
) -> None:
    member = live(MEMBERS[0])
    join(member)
    key = str(uuid.uuid4())

    first, again = send(member, key, "Des haies"), send(member, key, "Des haies")

    assert first["ok"] and again == first
    assert posted(dialogues, scenario) == [first["id"]]
    assert send(member, str(uuid.uuid4()), "Des haies")["id"] != first["id"]  # another key: another act


def test_a_key_is_the_accounts_own(live: LiveClient, dialogues: DialogueApp, scenario: Scenario) -> None:
    key = str(uuid.uuid4())
    one, other = live(MEMBERS[0]), live(MEMBERS[1])
    assert send(one, key, "Des haies")["id"] != send(other, key, "Des mares")["id"]
    assert len(posted(dialogues, scenario)) == 2


def test_a_refused_act_is_not_kept_its_key_may_be_sent_again(
    live: LiveClient, dialogues: DialogueApp, scenario: Scenario
) -> None:
    member, key = live(MEMBERS[0]), str(uuid.uuid4())
    assert send(member, key, "")["status"] == 422
    assert send(member, key, "Des haies")["ok"]


def test_a_key_too_short_is_refused_naming_it(live: LiveClient, scenario: Scenario) -> None:
    refused = send(live(MEMBERS[0]), "abc", "Des haies")
    assert refused["status"] == 400 and "key" in refused["errors"]


def test_sendings_of_one_key_at_once_record_once() -> None:
    replays, recorded = Replays(), []
    barrier = threading.Barrier(4)

    def sending() -> None:
        barrier.wait()
        replays.once("camille", "k" * 8, lambda: recorded.append(1) or {"ok": True, "n": len(recorded)})

    threads = [threading.Thread(target=sending) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert recorded == [1] and replays.locks == {}


def test_with_redis_another_process_gives_the_first_answer(channel: str, redis_url: str) -> None:  # noqa: F811
    first = Replays(redis.Redis.from_url(redis_url), channel)
    other = Replays(redis.Redis.from_url(redis_url), channel)
    answer = first.once("camille", "k" * 8, lambda: {"ok": True, "id": "a"})
    assert other.once("camille", "k" * 8, lambda: pytest.fail("recorded twice")) == answer
