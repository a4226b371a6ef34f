"""Lists shown a page at a time: the page asked for each, and links to the pages around it.

Each list has its own query parameter (``?proposals=2``), so that the pages of
one list keep those of the others; a link lands on the list's section.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from projections.transparency_log.page import Paged
from web.extensions import dialogues, listed_dialogues

MAX_DIGITS = 6
DIALOGUES_PAGE = 20
"""Dialogues on a page of :func:`dialogues_page`."""
INVITATIONS_PAGE = 20
"""Invitations on a page of the list of those sent (``/admin/invitations``)."""


@dataclass(frozen=True)
class Listing:
    """A list shown a page at a time: its parameter, its section, and the words of its links."""

    name: str
    section: str
    label: LazyString
    """The accessible name of its navigation."""
    newer: LazyString
    older: LazyString


LISTINGS = {
    listing.name: listing
    for listing in (
        Listing(
            "meetings",
            "meetings",
            _l("Pages of the meetings"),
            _l("Previous page: newer meetings"),
            _l("Next page: older meetings"),
        ),
        Listing(
            "proposals",
            "proposals",
            _l("Pages of the proposals"),
            _l("Previous page: newer proposals"),
            _l("Next page: older proposals"),
        ),
        Listing(
            "agreements",
            "agreements",
            _l("Pages of the agreements"),
            _l("Previous page: newer agreements"),
            _l("Next page: older agreements"),
        ),
        Listing(
            "decisions",
            "decisions",
            _l("Pages of the decisions"),
            _l("Previous page: newer decisions"),
            _l("Next page: older decisions"),
        ),
        Listing(
            "actions",
            "actions",
            _l("Pages of the actions"),
            _l("Previous page: newer actions"),
            _l("Next page: older actions"),
        ),
        Listing(
            "contributions",
            "contributions",
            _l("Pages of the contributions"),
            _l("Previous page of the contributions"),
            _l("Next page of the contributions"),
        ),
        Listing(
            "dialogues",
            "dialogues",
            _l("Pages of the dialogues"),
            _l("Previous page of the dialogues"),
            _l("Next page of the dialogues"),
        ),
        Listing(
            "invitations",
            "sent",
            _l("Pages of the invitations"),
            _l("Previous page: newer invitations"),
            _l("Next page: older invitations"),
        ),
        Listing(
            "dysfunctions",
            "regulation",
            _l("Pages of the dysfunctions"),
            _l("Previous page: newer dysfunctions"),
            _l("Next page: older dysfunctions"),
        ),
    )
}


def page_numbers(args: Mapping[str, str]) -> dict[str, int]:
    """The page asked for each list: a whole number from 1 (anything else is the first page)."""
    numbers = {}
    for name in LISTINGS:
        text = args.get(name, "")
        whole = text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS
        numbers[name] = max(1, int(text)) if whole else 1
    return numbers


def page_url(name: str, number: int) -> str:
    """The current page's address with page ``number`` of list ``name``, at that list's section."""
    args: dict[str, Any] = {key: value for key, value in request.args.items() if key != name}
    if number > 1:
        args[name] = str(number)
    return url_for(str(request.endpoint), **(request.view_args or {}), **args, _anchor=LISTINGS[name].section)


@dataclass(frozen=True)
class DialoguesPage(Paged):
    """A page of every dialogue of the platform, in the order they were opened: its number, its
    dialogues (as ``listed_dialogues``), whether more follow, and how many pages there are."""

    number: int
    items: list[dict[str, Any]]
    more: bool
    last: int

    @property
    def listing(self) -> Listing:
        return LISTINGS["dialogues"]


def dialogues_page() -> DialoguesPage:
    """Page ``?dialogues=`` of every dialogue (an administrator's lists; past the last, the last): its ids
    from the log's list of the dialogues, their rows from the ``stage`` read model, no dialogue read."""
    ids = dialogues().dialogue_ids()
    last = max(1, -(-len(ids) // DIALOGUES_PAGE))
    number = min(page_numbers(request.args)["dialogues"], last)
    shown = ids[(number - 1) * DIALOGUES_PAGE : number * DIALOGUES_PAGE]
    return DialoguesPage(number, listed_dialogues(shown), number < last, last)
