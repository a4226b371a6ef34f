"""The publishing lock of the live broadcast (web/live/queue.py): one publisher at a time, none left behind.

A process that finds the lock taken asks its holder to read the log again: the holder's release says
so, once; the position saved with the release is what the next holder starts from.
"""

import redis

from tests.live.test_live_two_servers import channel, redis_url  # noqa: F401  (fixtures)
from web.live.queue import Lease


def test_a_process_that_finds_the_lock_taken_makes_its_holder_read_the_log_again(
    redis_url: str,  # noqa: F811
    channel: str,  # noqa: F811
) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        first, second = Lease(client, channel), Lease(client, channel)
        assert first.take() == (True, None)  # nothing published yet on this channel
        assert second.take() == (False, None)  # taken: the holder will read again
        assert first.finish(7) is True  # released, and told that someone asked meanwhile
        assert second.take() == (True, 7)  # free again: from the position saved
        assert second.finish(None) is False  # nobody asked; the position stays
        assert first.take() == (True, 7)
        first.release()
        assert first.finish(9) is False  # no longer its lock: nothing saved
        assert first.position() == 7
    finally:
        client.close()
