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
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from web.extensions import dialogues, positions_reached
from web.i18n.languages import language
from web.public import summary

SIZE = 64

Positions = dict[str, int]


@dataclass(frozen=True)
class Part:
    """A page's rendered content (``Markup``) or an answer's data; the page's title and status; the
    people it names."""

    content: Any
    title: str = ""
    named: frozenset[str] = frozenset()
    status: int = 200


class PageCache:
    """At most ``size`` parts, the least recently used dropped first (thread-safe)."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.parts: OrderedDict[Hashable, Part] = OrderedDict()

    def get(self, key: Hashable) -> Part | None:
        with self.lock:
            part = self.parts.get(key)
            if part is not None:
                self.parts.move_to_end(key)
            return part

    def put(self, key: Hashable, part: Part) -> None:
        with self.lock:
            self.parts[key] = part
            self.parts.move_to_end(key)
            while len(self.parts) > self.size:
                self.parts.popitem(last=False)


def _cache() -> PageCache:
    cache: PageCache | None = current_app.extensions.get("page_cache")
    if cache is None:
        cache = PageCache(int(current_app.config.get("PAGE_CACHE_SIZE", SIZE)))
        current_app.extensions["page_cache"] = cache
    return cache


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
