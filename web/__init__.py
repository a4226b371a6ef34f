"""The web application: ``create_app(config)`` builds it, blueprints hold the pages.

One ``DialogueApp`` per Flask app, in ``app.extensions["dialogues"]``; handlers
reach it through :func:`web.extensions.dialogues`. The folders follow the audiences
(``public``, ``workspace``, ``audit``, ``api``, ``auth``, ``live``, ``proofs``), with
their wordings in ``i18n`` and the acts' schemas in ``schemas``.
"""

import os
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from application.dialogues import DialogueApp
from application.settings import SettingsError, database_url, persistence_env
from web.secret import secret_key
from web.templating import App

DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
"""Where ``make run`` serves the product."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app on ``DATABASE_URL`` (config, else environment, else the embedded default).

    Other settings: SECRET_KEY (config, else environment, else a key kept in
    ``var/secret_key``), TESTING, RUN_PROJECTIONS (follow the log in a thread;
    default: unless TESTING), EXTERNAL_PROJECTIONS (``dialogue projections run``
    keeps the read models: no thread here), TRUSTED_PROXIES (how many proxies,
    e.g. nginx, stand in front: the client's address and scheme are taken from
    their X-Forwarded-For and X-Forwarded-Proto), PUBLIC_URL (the site's
    address, from which feeds and mails build their links: :func:`public_url`), SMTP_URL,
    MAIL_DIR and SEND_MAIL (the mail sender: web/admin/outbox.py), RUN_NOTIFIER
    (the notifier: web/notifications/thread.py), the local authority's
    ``ORGANISATION_*`` (:func:`application.settings.organisation`), and any
    Flask setting as ``FLASK_<NAME>`` in the environment.
    """
    app = App(__name__)
    app.config.from_prefixed_env()
    app.config.update(config or {})
    app.config.setdefault("DATABASE_URL", database_url())
    app.config["PUBLIC_URL"] = public_url(app.config.get("PUBLIC_URL"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secret_key()
    # The session cookie is Secure (HTTPS only) unless said otherwise, in tests, or in debug.
    if "SESSION_COOKIE_SECURE" not in (config or {}) and "FLASK_SESSION_COOKIE_SECURE" not in os.environ:
        app.config["SESSION_COOKIE_SECURE"] = not (app.testing or app.debug)

    dialogue_app = DialogueApp(persistence_env(app.config["DATABASE_URL"]))
    app.extensions["dialogues"] = dialogue_app

    from web import errors, extensions, limits, request_log, security, static_files
    from web.admin import imports, outbox  # noqa: F401  (imports: its routes join the admin blueprint)
    from web.admin import pages as admin
    from web.api import accounts as api_accounts  # noqa: F401  (its routes join the API's blueprint)
    from web.api import views as api
    from web.audit import pages as audit
    from web.auth import links, sessions  # noqa: F401  (links: its routes join the auth blueprint)
    from web.auth import views as auth
    from web.bundles import downloads as bundles
    from web.comments import opendata as _comments_opendata  # noqa: F401  (its routes join the comments blueprint)
    from web.comments import pages as comments
    from web.consultation import blueprint as consultation
    from web.documents import files as documents
    from web.erasure import pages as erasure
    from web.i18n import dates, domain_messages, labels, languages
    from web.legal import pages as legal
    from web.live import namespace as live
    from web.live import room
    from web.metrics import pages as metrics
    from web.moderation import queue, reports  # noqa: F401  (their routes join the moderation blueprint)
    from web.moderation.blueprint import bp as moderation
    from web.notifications import pages as notifications
    from web.notifications import thread as notifier
    from web.proofs import documents as document_proofs
    from web.proofs import pages as proofs
    from web.public import home, search  # noqa: F401  (views of the public blueprint)
    from web.public import pages as public
    from web.questionnaires import blueprint as questionnaires
    from web.sections import pages as sections
    from web.workspace import documents as workspace_documents
    from web.workspace import pages as workspace

    request_log.init_app(app)  # first: every answer, a refusal too, carries the request's id
    security.init_app(app)
    sessions.init_app(app)
    limits.init_app(app)
    languages.init_app(app)
    labels.init_app(app)
    dates.init_app(app)
    domain_messages.init_app(app)
    errors.init_app(app)
    extensions.init_app(app)
    legal.init_app(app)
    documents.init_app(app)
    live.init_app(app)
    outbox.init_app(app)
    notifier.init_app(app)
    notifications.init_app(app)
    metrics.init_app(app)
    static_files.init_app(app)
    for blueprint in (
        auth.bp,
        public.bp,
        sections.bp,
        legal.bp,
        workspace.bp,
        workspace_documents.bp,
        api.bp,
        audit.bp,
        languages.bp,
        proofs.bp,
        documents.bp,
        document_proofs.bp,
        bundles.bp,
        admin.bp,
        room.bp,
        notifications.bp,
        consultation.bp,
        questionnaires.bp,
        comments.bp,
        metrics.bp,
        erasure.bp,
        moderation,
    ):
        app.register_blueprint(blueprint)
    app.add_url_rule("/healthz", "healthz", healthz)
    if proxies := int(app.config.get("TRUSTED_PROXIES") or 0):  # the client's, not nginx's, address
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    weakref.finalize(app, close_app, app.extensions)
    return app


def public_url(setting: str | None) -> str:
    """The site's address as the public reaches it: scheme and host, no path (default: ``make run``'s)."""
    url = (setting or DEFAULT_PUBLIC_URL).rstrip("/")
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise SettingsError(
            f"PUBLIC_URL {setting!r} is not a site's address: use e.g. https://dialogue.example.org"
        )
    return url


def healthz() -> tuple[str, int]:
    """The process answers: for load balancers and as the benchmarks' trivial route."""
    return "ok", 200


def close_app(app: Flask | dict[str, Any]) -> None:
    """Stop the live feed's, the mail sender's and the projection runner's threads, then close the store
    (idempotent)."""
    extensions = app if isinstance(app, dict) else app.extensions
    for name in ("live_stop", "notify_stop", "mail_stop", "projections_stop", "log_listener_stop"):
        stop = extensions.pop(name, None)
        if stop is not None:
            stop()
    dialogue_app = extensions.pop("dialogues", None)
    if dialogue_app is not None:
        dialogue_app.close()
