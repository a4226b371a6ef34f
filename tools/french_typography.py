"""French typography of the French catalogue: a no-break space before ``: ; ? !`` and inside « ».

``python -m tools.french_typography`` rewrites ``web/translations/fr/LC_MESSAGES/messages.po`` in
place (through Babel's ``read_po``/``write_po``, so the file keeps its form) and prints how many
messages it changed; ``--check`` changes nothing and exits 1, listing them, when one breaks the
rule. Run it after adding French by hand or merging catalogues, then recompile the ``.mo``.

Left untouched: format placeholders (``%(name)s``, ``{count:#a/b}``), addresses (``https://...``),
times (``14:00``), HTML tags and entities, code (```...```, ``<code>``) and header lines such as
``Content-Type: application/json``.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "web/translations/fr/LC_MESSAGES/messages.po"
NBSP = "\u00a0"
# Spaces that already do not break (the narrow one is accepted too, never written).
NO_BREAK = NBSP + "\u202f"

# What is never text to typeset: kept as it is, the rule applied around it.
PROTECTED = re.compile(
    r"`[^`]*`"  # code in back quotes
    r"|<code>.*?</code>"  # code in HTML
    r"|<[^<>]*>"  # an HTML tag and its attributes
    r"|&#?\w+;"  # an HTML entity
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%%"  # a printf placeholder
    r"|\{[^{}]*\}"  # a format placeholder (with its format spec)
    r"|\b[a-z][a-z0-9+.-]*://\S+"  # an address
    r"|\b\d{1,2}:\d{2}\b"  # a time
    r"|\b[A-Z][\w-]*: [\w.+-]+/[\w.+-]+",  # a header line, "Content-Type: application/json"
    re.DOTALL,
)
# A protected span stands in the text as this character while the rule is applied.
STAND_IN = "\ue000"
# A punctuation sign that takes a no-break space before it, with the spaces before it: after a
# space, or right after a word when it ends the phrase (a space, a closing sign or the end follows).
SIGN = re.compile(
    r"(?<=[^\s\u00a0\u202f])[ \t]*([:;?!])(?=[\s\u00a0\u202f»)\].,\"'\u2019]|$)"  # a word's end
    r"|(?<=\S)[ \t]+([:;?!])"  # after a space
)
OPEN_QUOTE = re.compile(r"«(?![\u00a0\u202f])[ \t]*")
CLOSE_QUOTE = re.compile(r"(?<![\u00a0\u202f])[ \t]*»")


def _sign(match: re.Match[str]) -> str:
    mark = match.group(1) or match.group(2)
    preceding = match.string[match.start() - 1]
    if mark in "?!" and preceding in "?!" and match.group(1):
        return match.group(0)  # "?!" keeps its signs together
    return NBSP + mark


def typeset(text: str) -> str:
    """The French ``text`` with no-break spaces where French typography puts them."""
    kept = PROTECTED.findall(text)
    plain = PROTECTED.sub(STAND_IN, text)
    plain = SIGN.sub(_sign, plain)
    plain = OPEN_QUOTE.sub("«" + NBSP, plain)
    plain = CLOSE_QUOTE.sub(NBSP + "»", plain)
    pieces = plain.split(STAND_IN)
    return "".join(piece + (kept[i] if i < len(kept) else "") for i, piece in enumerate(pieces))


def _strings(message_string: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if message_string is None:
        return []
    return [message_string] if isinstance(message_string, str) else list(message_string)


def offending(catalogue: Catalog) -> list[str]:
    """The msgids whose French breaks the rule."""
    return [
        str(message.id)
        for message in catalogue
        if message.id and any(typeset(s) != s for s in _strings(message.string) if s)
    ]


def fix(catalogue: Catalog) -> int:
    """Typeset every French string of ``catalogue`` in place; the number of messages changed."""
    changed = 0
    for message in catalogue:
        if not message.id or not message.string:
            continue
        strings = _strings(message.string)
        fixed = [typeset(s) for s in strings]
        if fixed != strings:
            message.string = fixed[0] if isinstance(message.string, str) else tuple(fixed)
            changed += 1
    return changed


def read(path: Path = CATALOGUE) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def write(catalogue: Catalog, path: Path = CATALOGUE) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0)  # as `make messages` writes it (--no-wrap)
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", nargs="?", type=Path, default=CATALOGUE)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on a breach")
    args = parser.parse_args(argv)
    catalogue = read(args.catalogue)
    if args.check:
        bad = offending(catalogue)
        for msgid in bad:
            print(msgid)
        print(f"{len(bad)} French message(s) break the typography rule", file=sys.stderr)
        return 1 if bad else 0
    changed = fix(catalogue)
    write(catalogue, args.catalogue)
    print(f"{changed} French message(s) typeset in {args.catalogue}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
