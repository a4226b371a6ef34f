"""French (the default) and English: chosen by the switch on every page, else by Accept-Language."""

from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT = "fr"

bp = Blueprint("languages", __name__)
babel = Babel()


def select_language() -> str:
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return str(chosen)
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_language)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=lambda: str(get_locale()))


def safe_next(target: str | None, default: str = "/") -> str:
    """A path of this site to go back to; anything else (another host, a scheme) gives ``default``."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:  # some browsers read a backslash as a slash
        return default
    return target


@bp.post("/language")
def choose_language() -> Response:
    """The language switch: kept in the session, back to the page it was used on."""
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session["language"] = language
    return redirect(safe_next(request.form.get("next")), 303)
