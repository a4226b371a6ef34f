"""French (the default) and English: chosen by the switch on every page, else by Accept-Language.

:func:`language` and :func:`translations` are Flask-Babel's locale (as text) and translations,
kept for the rest of the context beside the locale they were made for (a page asks
a few hundred times; ``force_locale`` or ``refresh`` give another locale, and they are made again).
Every ``gettext`` of the templates and of Flask-Babel goes through them.
"""

from typing import Any
from urllib.parse import urlsplit

from babel.support import NullTranslations
from flask import Blueprint, Flask, g, has_app_context, redirect, request, session
from flask_babel import Babel, Domain, get_locale
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


def _kept() -> tuple[Any, str, Any] | None:
    """(locale, its text, its translations) of this context; None outside an application's context."""
    if not has_app_context():
        return None
    space = g._get_current_object()
    kept: tuple[Any, str, Any] | None = space.__dict__.get("_language")
    state = space.__dict__.get("_flask_babel")
    if kept is None or kept[0] is not getattr(state, "babel_locale", None):
        locale = get_locale()
        kept = (locale, str(locale), Domain.get_translations(babel.domain_instance))
        space._language = kept
    return kept


def language() -> str:
    """The current locale's code ("fr", "en"); the default outside an application's context."""
    kept = _kept()
    return DEFAULT if kept is None else kept[1]


def translations() -> Any:
    """The current locale's translations (none outside an application's context)."""
    kept = _kept()
    return NullTranslations() if kept is None else kept[2]


class KeptDomain(Domain):
    """Flask-Babel's domain of messages, whose translations are those :func:`translations` keeps."""

    def get_translations(self) -> Any:
        return translations()


babel.domain_instance = KeptDomain()  # type: ignore[misc]  # in place of its cached property


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_language)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # by the i18n extension
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=language)


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
