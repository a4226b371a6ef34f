"""A static file's address names its content: a release that changes a script or a style sheet changes
the address pages give, so a browser's week-old copy (deploy/nginx.conf) is not used with it."""

import hashlib
import re
from pathlib import Path

from flask import Flask, url_for
from flask.testing import FlaskClient


def test_the_style_sheet_address_carries_the_digest_of_what_it_serves(client: FlaskClient) -> None:
    [address] = re.findall(r'href="(/static/style\.css\?v=[0-9a-f]+)"', client.get("/").text)
    served = client.get(address)
    assert served.status_code == 200
    assert address.endswith("?v=" + hashlib.blake2b(served.data).hexdigest()[:12])


def test_a_file_changed_gets_a_new_address_and_a_missing_one_none(web_app: Flask, tmp_path: Path) -> None:
    web_app.static_folder = str(tmp_path)
    script = tmp_path / "board.js"
    script.write_text("let version = 1;\n")
    with web_app.test_request_context():
        before = url_for("static", filename="board.js")
        assert url_for("static", filename="board.js") == before
        script.write_text("let version = 2;\n")
        after = url_for("static", filename="board.js")
        assert url_for("static", filename="missing.js") == "/static/missing.js"
    assert re.fullmatch(r"/static/board\.js\?v=[0-9a-f]{12}", before)
    assert after != before
