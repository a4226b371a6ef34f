"""gunicorn settings of one web process of the production set-up (docs/deploy.md).

Start one process per port, each with this file::

    gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001

Flask-SocketIO (threading mode) serves its WebSockets with simple-websocket on
gunicorn's threaded worker, and needs a single worker per process: gunicorn
spreads requests over its workers without sticky sessions. Scale out with more
processes, each on a port of its own, behind nginx (deploy/nginx.conf, ip_hash),
joined by Redis (REDIS_URL). The read models are kept by the runner process
(``dialogue projections run``): EXTERNAL_PROJECTIONS keeps this one from
writing them; the notifications by the notifier process (``dialogue notify run``):
RUN_NOTIFIER=False. TRUSTED_PROXIES=1: nginx says who the client is (X-Forwarded-For),
so bind to the loopback only: a client reaching a process directly could claim any address.
The other settings come from the environment (DATABASE_URL, ...). With PROMETHEUS_MULTIPROC_DIR
(an empty folder of this process's own, deploy/systemd/dialogue-web@.service), ``/metrics`` adds up
what the worker counted in that folder's files, across a worker's restart too.
"""

import gc
import os
from typing import Any

wsgi_app = (
    "web:create_app({'EXTERNAL_PROJECTIONS': True, 'RUN_NOTIFIER': False, 'TRUSTED_PROXIES': 1,"
    " 'LOG_JSON': True})"
)
workers = 1
worker_class = "gthread"
threads = 100
"""An open WebSocket holds a thread: at most ``threads`` clients (and requests) at once per process."""
bind = ["127.0.0.1:8001"]
keepalive = 75
"""Seconds an idle keep-alive connection stays open: longer than a proxy's (nginx: 60 s), so that the
client closes it, never gunicorn just as a request is sent on it (that request would be reset)."""
graceful_timeout = 10
"""On SIGTERM, how long open requests (WebSockets too) may take before the worker is stopped."""
accesslog = "-"
logger_class = "web.request_log.JsonLogger"
"""JSON lines, an access line per request with its id (as nginx's and the application's lines)."""
control_socket_disable = True
"""gunicorn >= 25.1 opens a control socket at one path per user: the processes would share it."""


def child_exit(server: Any, worker: Any) -> None:
    """A worker exits: prometheus-client's multiprocess mode forgets its live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def post_worker_init(worker: Any) -> None:
    """The app is loaded: what it holds from now on (modules, templates, the dialogues read at start)
    is left out of the garbage collector's full passes, which otherwise walk it all again every few
    hundred requests (a pause of tens of milliseconds)."""
    gc.collect()
    gc.freeze()
