"""What a page or an API query makes of the read models, kept while they stand still.

Such an answer changes only when the log moves, or when a person it names is
erased (which changes no read model: the person's key is deleted). Its part
that depends on neither the account nor the session (a page's content, not its
header with the CSRF token; an API answer's data) is kept under every read
model's position, the address and query, the language and the day (an action falls
overdue overnight); a request finding
it makes it again only if a person it names has since lost their key. Per app
and process, ``PAGE_CACHE_SIZE`` entries (default ``SIZE``; 0: none), the
least recently used dropped first.

Without it (or before it), a page's sections and charts are kept apart
(:func:`kept`), each under a digest of all it shows: an act remakes only those
whose data it changed. The frame's pieces that no account, session nor address
changes are kept once per language (:func:`framed`).
"""

import hashlib
import pickle  # nosec B403  # written here to be hashed, never loaded
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from projections.lru import LRU
from web.extensions import dialogues, positions_reached
from web.i18n.languages import language
from web.public import summary

SIZE = 64
SECTIONS = 512
"""Sections and charts kept (``kept``), per app and process."""
FRAME = 64
"""Pieces of the frame kept (``framed``), per app and process."""

Positions = dict[str, int]


@dataclass(frozen=True)
class Part:
    """A page's rendered content (``Markup``) or an answer's data; the page's title and status; the
    people it names."""

    content: Any
    title: str = ""
    named: frozenset[str] = frozenset()
    status: int = 200


class PageCache(LRU[Part]):
    """At most ``size`` parts, the least recently used dropped first (thread-safe)."""


def _cache(name: str = "page_cache", size: int = SIZE) -> PageCache:
    cache: PageCache | None = current_app.extensions.get(name)
    if cache is None:
        cache = PageCache(int(current_app.config.get(name.upper() + "_SIZE", size)))
        current_app.extensions[name] = cache
    return cache


def made(name: str, data: Any, make: Callable[[], Any]) -> Any:
    """What ``make()`` gives, made again only when ``data`` (all it depends on but the language and
    the address) changes: kept under the digest of its pickle, the language and the address.

    A pickle writes each type and value (a third of the time of ``repr``); an object met twice in
    ``data`` is written once, so equal data shared otherwise could only miss the cache, never find
    another's part."""
    digest = hashlib.blake2b(pickle.dumps(data, pickle.HIGHEST_PROTOCOL), digest_size=16).digest()
    key = (name, language(), _address(), digest)
    return _kept_or_made("section_cache", SECTIONS, key, make)


def kept(name: str, *data: Any, caller: Callable[[], Any]) -> Any:
    """In a template, ``{% call kept(name, *data) %}section{% endcall %}``: the section as
    :func:`made` keeps it; ``data`` must hold every variable it reads."""
    return made(name, data, caller)


def framed(name: str, caller: Callable[[], Any]) -> Any:
    """In ``base.html``, ``{% call framed(name) %}piece{% endcall %}``: a piece of the frame that
    depends on nothing but the app (its organisation), the language and the script root (its links:
    no account, session nor address), made once per those."""
    return _kept_or_made("frame_cache", FRAME, (name, language(), _address()[0]), caller)


def _address() -> tuple[str, str, bytes]:
    """The request's script root, path and query, which :func:`made` keeps its parts under; looked up
    once per request (a page asks for about thirty parts)."""
    asked = request._get_current_object()  # type: ignore[attr-defined]  # the request itself, not its proxy
    found: tuple[str, str, bytes] | None = vars(asked).get("kept_address")
    if found is None:
        found = vars(asked)["kept_address"] = (asked.script_root, asked.path, asked.query_string)
    return found


def _kept_or_made(cache_name: str, size: int, key: Hashable, make: Callable[[], Any]) -> Any:
    """The content kept under ``key`` in the app's cache ``cache_name``, else ``make()``'s, kept."""
    cache = _cache(cache_name, size)
    part = cache.get(key) if cache.size else None
    if part is None:
        part = Part(make())
        if cache.size:
            cache.put(key, part)
    return part.content


def cached(render: Callable[[Positions], Part], *, also: Hashable = None) -> Part:
    """The part ``render(positions)`` gives for this request, made once per state of the read models
    (and of ``also``: what else it depends on, the home page's minute).

    ``render`` reads the read models (at least at ``positions``, where they
    stood first) and must not depend on the account.
    """
    reached = positions_reached(current_app)
    key = (
        request.endpoint,
        tuple(sorted((request.view_args or {}).items())),
        tuple(request.args.items(multi=True)),
        language(),
        summary.today(),
        tuple(sorted(reached.items())),
        also,
    )
    cache = _cache()
    part = cache.get(key) if cache.size else None
    if part is None or dialogues().vault.held(part.named) != part.named:
        part = render(reached)
        if cache.size:
            cache.put(key, part)
    return part
