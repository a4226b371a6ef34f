"""Words as the search compares them: lowercase, without accents, reduced to their French stem.

The same words on both stores: SQLite's full-text index holds the stems made
here (``stems``); PostgreSQL makes its own with its ``french`` configuration
(the same Snowball algorithm), after removing accents. The highlights of a
result are made here on both (``marked``): a word is marked when its stem is
one of the query's.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})

_local = threading.local()


def plain(word: str) -> str:
    """The word in lowercase, without accents (« Réunion » -> « reunion », « cœur » -> « coeur »)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The French stem of the word without its accents (« irrigations » -> « irrig »); remembered,
    since texts repeat their words and Snowball in Python takes tens of microseconds a word."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # a Snowball stemmer keeps state while it works: one per thread
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return str(stemmer.stemWord(plain(word)))


def stems(text: str) -> list[str]:
    """The stem of each word of ``text``, in order."""
    return list(map(stem, WORD.findall(text)))


def stemmed(text: str) -> str:
    """``stems`` of ``text``, separated by spaces (as SQLite's full-text index takes them)."""
    return " ".join(map(stem, WORD.findall(text)))


def marked(text: str, wanted: Iterable[str], *, around: int = 12) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked True when it is a word whose stem is ``wanted``.

    With ``around``: only the part from ``around`` words before the first marked word to
    ``around`` words after the last one within reach, with "…" where the text was cut.
    """
    wanted = set(wanted)
    words = list(WORD.finditer(text))
    hits = [index for index, word in enumerate(words) if stem(word.group()) in wanted]
    start, end = 0, len(text)
    if hits and around:
        first = hits[0]
        last = max(index for index in hits if index - first <= 2 * around)
        if first > around:
            start = words[first - around].start()
        if last + around + 1 < len(words):
            end = words[last + around].end()
    elif around and len(words) > 2 * around:
        end = words[2 * around - 1].end()
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for index in hits:
        word = words[index]
        if word.start() < start or word.end() > end:
            continue
        if word.start() > cursor:
            pieces.append((text[cursor : word.start()], False))
        pieces.append((word.group(), True))
        cursor = word.end()
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
