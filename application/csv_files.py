"""The one CSV writer of the platform (open data on the web, ``dialogue export``): safe in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by a spreadsheet (CSV injection): such a cell is
written with a ``'`` in front, as OWASP recommends, and a spreadsheet shows it
as the text it is. The rule is on the value's type: every ``str`` is text
someone typed (or a word of the platform) and is checked; numbers the platform
counts itself (``int``, ``float``), booleans and empty cells are written as
they are, so numeric columns stay numeric.
"""

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as written in a CSV cell: a text that a spreadsheet would run gets a ``'`` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(file: TextIO, fieldnames: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """A header line, then one line per row (CRLF, RFC 4180), every cell through :func:`cell`."""
    writer = csv.DictWriter(file, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: cell(value) for name, value in row.items()} for row in rows)
