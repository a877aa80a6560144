"""PDF content streams deflated in one call when they end, not in one call per drawing operator.

Matplotlib's PDF writer hands every operator it writes to a page's content
stream (a move, a colour, a glyph run: ~2,000 pieces a sheet) to
``zlib.compressobj().compress`` at once, and that many small calls cost more
than the deflating itself. While :func:`deflated_once` is active, a stream
keeps what is written to it and deflates it all in one call when it ends,
with the same compression level. zlib's output does not depend on how its
input is cut into calls (without a flush in between), so the stream's bytes
are those matplotlib writes (tested, and every part of ``atlas.pdf`` compared).
"""

from __future__ import annotations

import zlib
from contextlib import AbstractContextManager

from matplotlib.backends import backend_pdf

from atlas.common.patching import replaced


class DeflateOnce:
    """``zlib.compressobj``'s ``compress`` and ``flush`` for one stream: the data kept, deflated when flushed.

    Examples
    --------
    >>> once, plain = DeflateOnce(6), zlib.compressobj(6)
    >>> parts = [b"0 0 m ", b"10 10 l ", b"S "] * 50
    >>> b"".join(once.compress(p) for p in parts) + once.flush() == \\
    ...     b"".join(plain.compress(p) for p in parts) + plain.flush()
    True
    """

    __slots__ = ("_level", "_parts")

    def __init__(self, level: int):
        self._level = level
        self._parts: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._parts.append(data)
        return b""

    def flush(self) -> bytes:
        deflater = zlib.compressobj(self._level)
        data = deflater.compress(b"".join(self._parts)) + deflater.flush()
        self._parts = []
        return data


_plain_init = backend_pdf.Stream.__init__


def _init(stream: backend_pdf.Stream, *args, **kwargs) -> None:
    """``Stream.__init__``, then the stream's deflater swapped for a :class:`DeflateOnce` of the same level."""
    _plain_init(stream, *args, **kwargs)
    if stream.compressobj is not None:
        stream.compressobj = DeflateOnce(backend_pdf.mpl.rcParams["pdf.compression"])


def deflated_once() -> AbstractContextManager[None]:
    """While active, PDF streams begun by matplotlib are deflated once each, when they end (same bytes)."""
    return replaced(backend_pdf.Stream, "__init__", _init)
