"""Every UI string of the web application has its French translation."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]


def ui_strings() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string `make messages` extracts (its keywords are in babel.cfg)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def test_every_ui_string_is_translated_into_french() -> None:
    with (ROOT / "web/translations/fr/LC_MESSAGES/messages.po").open("rb") as source:
        catalogue = read_po(source)
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])  # a plural entry: (singular, plural)
        for m in catalogue
        if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }

    strings = ui_strings()

    assert len(strings) > 100
    assert (None, "Dialogue closed (exit indicators met)") in strings  # N_ in web/i18n/summary_texts.py
    assert ("summary", "collective work") in strings  # C_
    assert strings - translated == set(), "run `make messages` and translate the new strings"
