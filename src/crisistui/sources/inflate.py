"""Undo a response's ``Content-Encoding`` a slice at a time, so its size is capped as it grows.

A few kilobytes of gzip can hold gigabytes of zeros, and "gzip, gzip" nests one bomb in
another: httpx unpacks each chunk, or a whole inner layer, in one call before the caller can
count a byte, so a hostile feed took a collector to 2 GB for an 8 MB cap. Here every layer
hands on at most ``STEP`` bytes at a time and the caller stops as soon as the total passes its
cap; memory stays near the cap whatever the server nests.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

ACCEPTED = "gzip, deflate"
"""What the sources ask for: what ``Inflater`` undoes (brotli and zstd need packages that may be
missing, and asking for them only to be refused would fail a poll)."""
STEP = 64 * 1024
"""Largest slice a layer hands on at once."""


PACKED_OTHERWISE = frozenset(("br", "zstd", "compress", "x-compress"))
"""Compressions not asked for, which cannot be read; other unknown names pack nothing."""


class EncodingError(ValueError):
    """A body in an encoding not asked for, or not what its header says."""


class _Layer:
    """One gzip or deflate layer: zlib's stream, told how much it may hand on per call."""

    def __init__(self, name: str) -> None:
        self.name = name
        # gzip and zlib-wrapped deflate are told apart by their header; a bare deflate stream
        # (what some servers send for "deflate") is tried when the header is neither
        self._stream = zlib.decompressobj(zlib.MAX_WBITS | 32)
        self._started = False

    def pieces(self, data: bytes) -> Iterator[bytes]:
        try:
            if not self._started and data:
                self._started = True
                try:
                    first = self._stream.decompress(data, STEP)
                except zlib.error:
                    if self.name != "deflate":
                        raise
                    self._stream = zlib.decompressobj(-zlib.MAX_WBITS)
                    first = self._stream.decompress(data, STEP)
                yield first
            elif data:
                yield self._stream.decompress(data, STEP)
            while self._stream.unconsumed_tail:
                yield self._stream.decompress(self._stream.unconsumed_tail, STEP)
        except zlib.error as exc:
            raise EncodingError(f"not valid {self.name} data ({exc})") from None


class Inflater:
    """The layers a ``Content-Encoding`` header lists, undone last first."""

    def __init__(self, header: str | None) -> None:
        names = [n.strip().lower() for n in (header or "").split(",") if n.strip()]
        self._layers: list[_Layer] = []
        for name in reversed(names):
            if name in ("gzip", "x-gzip", "deflate"):
                self._layers.append(_Layer("gzip" if name == "x-gzip" else name))
            elif name in PACKED_OTHERWISE:
                raise EncodingError(f"content encoding {name!r} was not asked for")
            # anything else ("identity", "utf-8", "none": a server's mistake) is no packing

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data``, slice by slice."""
        yield from _through(self._layers, data)


def _through(layers: list[_Layer], data: bytes) -> Iterator[bytes]:
    if not layers:
        if data:
            yield data
        return
    for piece in layers[0].pieces(data):
        yield from _through(layers[1:], piece)
