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
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
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


@pass_eval_context
def _gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
    return _formatted(eval_ctx, translations().ugettext(string), variables)


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_ctx, translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _pgettext(eval_ctx: EvalContext, context: str, string: str, /, **variables: Any) -> str:
    variables.setdefault("context", context)
    return _formatted(eval_ctx, translations().upgettext(context, string), variables)


@pass_eval_context
def _npgettext(
    eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _formatted(eval_ctx, translations().unpgettext(context, singular, plural, num), variables)


def _formatted(eval_ctx: EvalContext, text: str, variables: dict[str, Any]) -> str:
    """As Jinja's newstyle gettext: Markup when autoescaping (the variables escaped), always %-formatted."""
    return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704  # nosec B704  # our catalogue


class KeptDomain(Domain):  # type: ignore[misc]  # Flask-Babel is untyped
    """Flask-Babel's domain of messages, whose translations are those :func:`translations` keeps."""

    def get_translations(self) -> Any:
        return translations()


babel.domain_instance = KeptDomain()  # in place of its cached property


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_language)
    # In place of the i18n extension's (``newstyle``: autoescaped, always %-formatted), the same without
    # its three calls through the template's context for each text of a page.
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    app.jinja_env.globals.update(pgettext=_pgettext, npgettext=_npgettext)
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
