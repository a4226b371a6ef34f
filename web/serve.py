"""``python -m web.serve``: the web app served by Flask-SocketIO, WebSockets included (``make run``).

Werkzeug's server in threading mode with simple-websocket: for running the
product on one machine. In production: gunicorn processes (deploy/gunicorn.conf.py)
behind nginx with sticky sessions, as docs/deploy.md says.
"""

import argparse

from werkzeug.serving import WSGIRequestHandler

from web import create_app


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's, sending no ``Server`` header: it would name Werkzeug's and Python's versions."""

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "server":
            super().send_header(keyword, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    arguments = parser.parse_args()
    app = create_app()
    app.extensions["socketio"].run(
        app,
        host=arguments.host,
        port=arguments.port,
        allow_unsafe_werkzeug=True,
        request_handler=RequestHandler,
    )


if __name__ == "__main__":
    main()
