"""The notifier as a thread of the web process, woken by the log signal like the projection runner.

``RUN_NOTIFIER`` (the app's config, else the environment; default: unless TESTING) starts it;
in production with several processes, set it to 0 and run ``dialogue notify run`` once.
"""

import os
import threading

from flask import Flask

from application.notifier.notifier import Notifier
from web.notifications.mails import composer


def init_app(app: Flask) -> None:
    setting = app.config.get("RUN_NOTIFIER", os.environ.get("RUN_NOTIFIER"))
    if not (not app.testing if setting is None else str(setting) not in ("0", "false", "False", "")):
        return
    notifier = Notifier(
        app.extensions["dialogues"], composer(app.config["PUBLIC_URL"], app.config["SECRET_KEY"])
    )
    signal = app.extensions["log_signal"]
    stop = threading.Event()
    thread = threading.Thread(target=notifier.follow, args=(stop, signal), name="notifier", daemon=True)
    thread.start()

    def stop_notifying() -> None:
        stop.set()
        signal.notify()
        thread.join()

    app.extensions["notify_stop"] = stop_notifying
