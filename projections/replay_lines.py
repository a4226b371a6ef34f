"""The parts' entries a replay snapshot keeps: a line of JSON text per part, compressed a block at a time.

A replay shows a page of each list (ten proposals of thousands) and decodes only the lines of its
page and of the few parts it shows whole (instances, their members): it decompresses only the
blocks that hold them, not every entry of the dialogue (at 100,000 acts, 3,500 lines, 700 KB of
text, about 1.7 ms of CPU to decompress and split whole). The kinds follow one another, each in
blocks of ``BLOCK`` lines (its last one shorter), each compressed on its own (zlib, level 1);
``ends`` gives where each block ends in the blob.
"""

import zlib
from collections.abc import Mapping, Sequence

BLOCK = 64
"""Lines per compressed block: a page of ten reads one or two (about 15 KB of text each)."""


class Lines:
    """A snapshot's lines of each kind, in the dialogue's order, each block decompressed once when
    first read. ``Lines()``: none (a replay from zero)."""

    def __init__(self, lengths: Mapping[str, int] | None = None, ends: Sequence[int] = (), blob: bytes = b""):
        self.lengths = dict(lengths or {})
        self.ends = ends
        self.blob = blob
        self.first: dict[str, int] = {}
        """Each kind's first block."""
        block = 0
        for kind, length in self.lengths.items():
            self.first[kind], block = block, block + -(-length // BLOCK)
        self.blocks: dict[int, list[str]] = {}

    @classmethod
    def packed(cls, lines: Mapping[str, Sequence[str]]) -> tuple[dict[str, int], list[int], bytes]:
        """The ``lengths``, ``ends`` and blob that hold ``lines`` (by kind; no line holds a new line)."""
        ends, blob = [], bytearray()
        for found in lines.values():
            for start in range(0, len(found), BLOCK):
                blob += zlib.compress("\n".join(found[start : start + BLOCK]).encode(), 1)
                ends.append(len(blob))
        return {kind: len(found) for kind, found in lines.items()}, ends, bytes(blob)

    def length(self, kind: str) -> int:
        return self.lengths.get(kind, 0)

    def line(self, kind: str, index: int) -> str | None:
        """The ``index``-th line of ``kind``, None past its last."""
        if not 0 <= index < self.length(kind):
            return None
        return self._block(self.first[kind] + index // BLOCK)[index % BLOCK]

    def lines(self, kind: str) -> list[str]:
        """Every line of ``kind``."""
        first, length = self.first.get(kind, 0), self.length(kind)
        return [line for block in range(first, first - (-length // BLOCK)) for line in self._block(block)]

    def _block(self, block: int) -> list[str]:
        found = self.blocks.get(block)
        if found is None:
            start = self.ends[block - 1] if block else 0
            found = self.blocks[block] = (
                zlib.decompress(self.blob[start : self.ends[block]]).decode().split("\n")
            )
        return found
