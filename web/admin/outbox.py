"""The mail sender as a thread of the web process: it drains the outbox through the transport.

Settings (the app's config, else the environment: :mod:`application.mail.transport`):
``SMTP_URL``, ``MAIL_DIR``; ``SEND_MAIL`` (default: unless TESTING) starts the thread.
"""

import threading

from flask import Flask

from application.mail.sender import Sender
from application.mail.transport import mail_dir, transport_from_settings


def init_app(app: Flask) -> None:
    app.config.setdefault("MAIL_DIR", str(mail_dir()))
    if not app.config.get("SEND_MAIL", not app.testing):
        return
    transport = transport_from_settings(app.config.get("SMTP_URL"), app.config["MAIL_DIR"])
    sender = Sender(app.extensions["dialogues"].outbox, transport)
    stop = threading.Event()
    thread = threading.Thread(target=sender.follow, args=(stop,), name="mail", daemon=True)
    thread.start()

    def stop_sending() -> None:
        stop.set()
        thread.join()

    app.extensions["mail_stop"] = stop_sending
