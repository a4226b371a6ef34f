"""The signed-in person's notifications: the bell's count (every page's header), the list, marking
them read, the preferences per kind; and the one-click unsubscribe link of a mail (no sign-in)."""

from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug import Response

from application.notifier.kinds import CITIZEN_KINDS, KINDS
from application.notifier.store import DEFAULT_MODE, LANGUAGES, MODES, NotificationStore
from web.auth.views import login_required
from web.extensions import listed_dialogues
from web.i18n.languages import LANGUAGES as LANGUAGE_NAMES
from web.notifications.mails import KIND_LABELS, item, unsubscribed
from web.security import csrf

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    app.extensions["notifications"] = NotificationStore(app.extensions["dialogues"].recorder.datastore)

    @app.context_processor
    def bell() -> dict[str, Any]:
        return {"unread_notifications": lambda: store().unread(g.account["login"])}


def store() -> NotificationStore:
    found: NotificationStore = current_app.extensions["notifications"]
    return found


@bp.get("")
@login_required
def index() -> str:
    rows = store().of(g.account["login"])
    titles = {d["id"]: d["title"] for d in listed_dialogues([n["dialogue_id"] for n in rows])}
    shown = [
        {**n, **item(n["kind"], n["details"]), "dialogue": titles.get(n["dialogue_id"], "")} for n in rows
    ]
    return render_template("notifications/index.html", notifications=shown)


@bp.post("/read")
@login_required
def read_all() -> Response:
    store().mark_read(g.account["login"])
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/<notification_id>/read")
@login_required
def read_one(notification_id: str) -> Response:
    store().mark_read(g.account["login"], notification_id)
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> Any:
    login = g.account["login"]
    if request.method == "POST":
        language = request.form.get("language", "")
        chosen = {kind: request.form.get(kind, "") for kind in KINDS}
        wrong = [kind for kind, mode in chosen.items() if mode not in MODES]
        if language not in LANGUAGES or wrong:
            field = str(KIND_LABELS[wrong[0]]) if wrong else _("Language of the mails")
            flash(_("Choose one of the offered values for “%(field)s”.", field=field), "error")
            return render_template("notifications/preferences.html", **_choices(login, chosen, language)), 400
        for kind, mode in chosen.items():
            store().prefer(login, kind, mode)
        store().set_language(login, language)
        flash(_("Your preferences are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", **_choices(login))


def _choices(login: str, chosen: dict[str, str] | None = None, language: str | None = None) -> dict[str, Any]:
    modes = chosen or store().modes(login)
    return {
        "kinds": [(kind, str(KIND_LABELS[kind]), modes.get(kind) or DEFAULT_MODE) for kind in KINDS],
        "modes": {"immediately": _("Immediately"), "digest": _("Daily digest"), "never": _("Not by mail")},
        "languages": {code: LANGUAGE_NAMES[code] for code in LANGUAGES},
        "language": language or store().language(login),
    }


def unsubscribe(token: str) -> Any:
    """One click (the mail's link, or ``List-Unsubscribe-Post``): no more mails of this kind."""
    found = unsubscribed(current_app.config["SECRET_KEY"], token)
    if found is None or found[1] not in (*KINDS, *CITIZEN_KINDS):
        abort(404, description=_("This unsubscribe link is not valid."))
    account_id, kind = found
    store().prefer(account_id, kind, "never")
    return render_template("notifications/unsubscribed.html", kind=KIND_LABELS[kind])


bp.add_url_rule("/unsubscribe/<token>", view_func=csrf.exempt(unsubscribe), methods=["GET", "POST"])
