"""Decoding stored events as the library's mapper does, in about half its time, for rebuilds.

``event_decoder(mapper)`` is ``mapper.to_domain_event`` itself unless the
mapper is the library's plain one (no cipher, no compressor, its JSON
transcoder with its own transcodings): then an equivalent that gives equal
events, faster. The stored JSON is read by ``orjson`` and the transcoded
values made after (the standard decoder reads what ``orjson`` refuses). Its
JSON hook turns the library's ids and times into values
without the transcoder's lookups; ids are made from their 32 hex digits
without ``UUID.__init__``'s parsing (the same ``int(text, 16)``), and each id
seen lately is made once (ids repeat: a dialogue's, a proposal's endorsements);
the event class and the converter of its aggregate id are looked up once per
topic. Anything else (another transcoding, an upcast, a state it cannot read)
is left to the library's mapper, whose errors are the ones raised.
"""

import json
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, cast
from uuid import UUID, SafeUUID

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
    find_id_convertor,
    str_to_uuid_convertor,
)
from eventsourcing.utils import resolve_topic

Decode = Callable[[Any], Any]
KEPT_IDS = 50_000
"""Ids remembered (text -> UUID) before the memory starts again: it stays flat however long the log."""

_new = object.__new__
_set = object.__setattr__
_UNKNOWN = SafeUUID.unknown


def uuid_of(number: int) -> UUID:
    """``UUID(int=number)`` without its checks: ``number`` read from 32 hex digits or 16 bytes."""
    made = _new(UUID)
    _set(made, "int", number)
    _set(made, "is_safe", _UNKNOWN)
    return made


class Ids:
    """UUIDs by their text, each made once while remembered."""

    def __init__(self) -> None:
        self.known: dict[str, UUID] = {}

    def __call__(self, text: Any) -> UUID:
        found = self.known.get(text) if type(text) is str else None
        if found is not None:
            return found
        if type(text) is str and len(text) == 32 and text.isalnum():
            made = uuid_of(int(text, 16))  # what UUID(text) makes of 32 digits without "{}", "-" nor "urn:"
        else:
            made = UUID(text)
        if len(self.known) >= KEPT_IDS:
            self.known = {}
        self.known[text] = made
        return made


_texts: dict[int, str] = {}


def id_text(value: Any) -> str:
    """``str(value)``, remembered for a UUID (by its number): the read models write an id as text
    several times per event, and the ids of a log repeat (a dialogue's)."""
    global _texts  # one dict, replaced at once: safe between threads
    if type(value) is not UUID:  # a subclass may say otherwise
        return str(value)
    number = value.int
    found = _texts.get(number)
    if found is None:
        if len(_texts) >= KEPT_IDS:
            _texts = {}
        found = _texts[number] = str(value)
    return found


def plain(mapper: Any) -> bool:
    """Whether ``mapper`` decodes as the library's own mapper with its JSON transcoder and nothing more."""
    transcoder = getattr(mapper, "transcoder", None)
    if type(mapper) is not Mapper or mapper.cipher is not None or mapper.compressor is not None:
        return False
    if type(transcoder) is not JSONTranscoder:
        return False
    names = transcoder.names
    return type(names.get("uuid_hex")) is UUIDAsHex and type(names.get("datetime_iso")) is DatetimeAsISO


def _object_hook(mapper: Any, ids: Ids) -> Callable[[dict[str, Any]], Any]:
    """The JSON object hook of ``mapper``'s (:func:`plain`) transcoder, its ids and moments shortcut."""
    library_hook = mapper.transcoder._decode_obj  # the transcodings it does not shortcut
    moment = datetime.fromisoformat

    def hook(found: dict[str, Any]) -> Any:
        if len(found) == 2 and "_data_" in found:
            kind, data = found.get("_type_"), found["_data_"]
            if type(data) is str:
                if kind == "uuid_hex":
                    return ids(data)
                if kind == "datetime_iso":
                    return moment(data)
            return library_hook(found)
        return found

    return hook


def transcoded_reader(mapper: Any, ids: Ids | None = None) -> Callable[[str], Any]:
    """What reads the JSON text of ``mapper``'s (:func:`plain`) transcoder as it does, faster."""
    return json.JSONDecoder(object_hook=_object_hook(mapper, ids if ids is not None else Ids())).decode


def _walker(hook: Callable[[dict[str, Any]], Any]) -> Callable[[Any], Any]:
    """What turns a JSON value read without an object hook (``orjson``) into what the standard
    library's decoder gives with ``hook``: ``hook`` applied to every object, innermost first, as the
    decoder does while it reads. Raises ``ValueError`` for a float that may have been a whole number
    beyond 64 bits (``orjson`` reads those as floats; the standard decoder as whole numbers)."""

    def walk(value: Any) -> Any:
        if type(value) is dict:
            for key, item in value.items():  # values replaced, no key added: iterating is safe
                kind = type(item)
                if kind is dict or kind is list:
                    value[key] = walk(item)
                elif kind is float and not -BIG < item < BIG:
                    raise ValueError("a number beyond 64 bits")
            return hook(value)
        for index, item in enumerate(value):
            kind = type(item)
            if kind is dict or kind is list:
                value[index] = walk(item)
            elif kind is float and not -BIG < item < BIG:
                raise ValueError("a number beyond 64 bits")
        return value

    return walk


BIG = 2.0**63
"""Beyond it (either way), a float read by ``orjson`` may have been written as a whole number that
64 bits do not hold: the standard decoder reads such a state."""


def event_decoder(mapper: Any, ids: Ids | None = None) -> Decode:
    """What decodes a stored event (a notification) into its domain event, as ``mapper`` would
    (making its ids with ``ids``, if given: ids shared with other decoders).

    The stored JSON is read by ``orjson`` (a third of the standard decoder's time), then the
    transcoded values made as the transcoder's hook does (``_walker``); a state ``orjson`` refuses
    (NaN, a lone surrogate, a number beyond 64 bits) is read by the standard decoder with the hook,
    and anything that one refuses or would upcast is left to the mapper."""
    if not plain(mapper):
        library: Decode = mapper.to_domain_event
        return library
    ids = ids if ids is not None else Ids()
    hook = _object_hook(mapper, ids)
    walk = _walker(hook)
    # no white space to skip: none is stored (the end is checked below)
    read = json.JSONDecoder(object_hook=hook).raw_decode
    classes: dict[tuple[str, type], tuple[type, Callable[[Any], Any], int]] = {}

    def standard(stored: Any) -> Any:
        """The state as the standard decoder reads it with the hook; None: left to the mapper."""
        try:
            text = stored.state.decode("utf8")
            state, end = read(text)
        except Exception:  # the library's error, as it words it
            return None
        return state if end == len(text) else None

    def to_domain_event(stored: Any) -> Any:
        originator_id = stored.originator_id
        known = classes.get((stored.topic, type(originator_id)))
        if known is None:
            cls = resolve_topic(stored.topic)
            convert = find_id_convertor(cls, cast(Hashable, type(originator_id)))
            known = (
                cls,
                ids if convert is str_to_uuid_convertor else convert,
                getattr(cls, "class_version", 1),
            )
            classes[stored.topic, type(originator_id)] = known
        cls, convert, version = known
        try:
            state = walk(orjson.loads(stored.state))
        except Exception:  # refused by orjson, or by the hook: the standard decoder
            state = standard(stored)
        if type(state) is not dict or state.pop("class_version", 1) < version:
            return mapper.to_domain_event(stored)  # upcast by the class's own methods, or its error
        state["originator_id"] = convert(originator_id)
        state["originator_version"] = stored.originator_version
        event: Any = _new(cls)
        _set(event, "__dict__", state)
        return event

    return to_domain_event
