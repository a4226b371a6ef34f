"""The compiled catalogue outside a request, and the marks that put a msgid in it.

Pages translate through Flask-Babel in the reader's locale. What is rendered
without a request, in every language at once (the summary of each act: the live
feed sends both), reads the same compiled catalogue here, loaded once (at first use).

``N_(msgid)``, ``C_(context, msgid)`` and ``P_(context, singular, plural)`` only
mark a message for ``make messages`` (their keywords are in ``babel.cfg``) and
return it as it is; :func:`translate` and :func:`lazy` translate it.
"""

from collections.abc import Hashable, Mapping
from functools import cache
from pathlib import Path
from typing import TypeAlias, TypeVar

from babel.support import NullTranslations, Translations
from flask_babel import LazyString, lazy_gettext, lazy_pgettext

LANGUAGES = ("fr", "en")
"""The languages of the catalogue; English is the msgids' own."""
DIRECTORY = Path(__file__).parents[1] / "translations"

Message: TypeAlias = str | tuple[str, str]
"""A msgid, or (context, msgid) for a word that reads otherwise elsewhere."""
Key = TypeVar("Key", bound=Hashable)


def N_(msgid: str) -> str:  # noqa: N802 (gettext's usual name for a mark)
    return msgid


def C_(context: str, msgid: str) -> tuple[str, str]:  # noqa: N802
    return context, msgid


def P_(context: str, singular: str, plural: str) -> tuple[str, str, str]:  # noqa: N802
    return context, singular, plural


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language``, read at first use."""
    if language == "en":
        return NullTranslations()
    found = Translations.load(str(DIRECTORY), [language])
    if not isinstance(found, Translations):
        raise RuntimeError(f"no compiled catalogue for {language!r} under {DIRECTORY} (make the .mo files)")
    return found


def translate(language: str, message: Message) -> str:
    """``message`` in ``language`` (one of ``LANGUAGES``)."""
    found = translations(language)
    return str(found.pgettext(*message)) if isinstance(message, tuple) else found.gettext(message)


def translate_plural(language: str, message: tuple[str, str, str], count: int) -> str:
    """The form of ``message`` (a ``P_`` mark) that goes with ``count``, in ``language``."""
    return translations(language).npgettext(*message, count)


def lazy(table: Mapping[Key, Message]) -> dict[Key, LazyString]:
    """A table of marked messages, each translated into the reader's language when shown."""
    return {
        key: lazy_pgettext(*message) if isinstance(message, tuple) else lazy_gettext(message)
        for key, message in table.items()
    }
