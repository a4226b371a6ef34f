"""What a page reads of the read models, it reads in one transaction: a read within a read is that one."""

from flask import Flask

from web.extensions import read


def test_a_read_within_a_read_is_that_one_until_it_ends(web_app: Flask) -> None:
    with web_app.test_request_context("/"):
        with read() as outer:
            with read() as inner:
                assert inner is outer
            assert outer.one("SELECT 1 AS one") == {"one": 1}  # still open after the inner one
        with read() as later:
            assert later is not outer
