"""The mail sender as a thread of the web process: it drains the outbox through the transport,
composing the notifications' mails as they go (``Notifier.pending``).

Settings (the app's config, else the environment: :mod:`application.mail.transport`):
``SMTP_URL``, ``MAIL_DIR``; ``SEND_MAIL`` (default: unless TESTING) starts the thread.
"""

import threading

from flask import Flask

from application.mail.sender import Sender
from application.mail.transport import mail_dir, transport_from_settings
from application.notifier.notifier import Notifier
from web.metrics.instruments import MAIL_FAILURES
from web.notifications.mails import composer


def init_app(app: Flask) -> None:
    app.config.setdefault("MAIL_DIR", str(mail_dir()))
    if not app.config.get("SEND_MAIL", not app.testing):
        return
    transport = transport_from_settings(app.config.get("SMTP_URL"), app.config["MAIL_DIR"])
    dialogue_app = app.extensions["dialogues"]
    notifications = Notifier(dialogue_app, composer(app.config["PUBLIC_URL"], app.config["SECRET_KEY"]))
    sender = Sender(dialogue_app.outbox, transport, notifications.pending, MAIL_FAILURES.inc)
    stop = threading.Event()
    thread = threading.Thread(target=sender.follow, args=(stop,), name="mail", daemon=True)
    thread.start()

    def stop_sending() -> None:
        stop.set()
        thread.join()

    app.extensions["mail_stop"] = stop_sending
