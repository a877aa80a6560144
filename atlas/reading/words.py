"""Word boundaries of Chinese text, by a dictionary word segmenter.

``rjieba`` (jieba-rs: the jieba dictionary and HMM, in Rust) cuts a text into
words; the reader asks it only where its own rules cannot tell whether a name
is a word of the text (:mod:`atlas.reading.scanner`, :mod:`atlas.reading.confirmed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=256)
def word_boundaries(text: str) -> frozenset[int]:
    """The positions of ``text`` where a word starts or ends.

    Examples
    --------
    >>> sorted(word_boundaries("推动雷河镇加快"))
    [0, 2, 4, 5, 7]
    """
    import rjieba  # imported only when a name needs it (0.1 s)

    return frozenset({0, len(text), *(start for _, start, _ in rjieba.tokenize(text))})


#: The segmenter's part-of-speech tags of verbs (jieba's: v, and vd, vi a verb used as an adverb, intransitive).
_VERB_TAGS = frozenset({"v", "vd", "vi"})


@lru_cache(maxsize=256)
def _verb_starts(text: str) -> frozenset[int]:
    import rjieba

    starts, at = set(), 0
    for word, tag in rjieba.tag(text):
        if tag in _VERB_TAGS:
            starts.add(at)
        at += len(word)
    return frozenset(starts)


def verb_at(text: str, position: int) -> bool:
    """True if the segmenter has a verb start at ``position`` of ``text`` (``东莞取消…``: 取消).

    Examples
    --------
    >>> verb_at("东莞取消积分落户", 2), verb_at("东莞积分落户", 2)
    (True, False)
    """
    return position in _verb_starts(text)


def free_word(text: str, start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    """True if ``text[start:end]`` is whole words by the segmenter and overlaps none of the
    ``(start, end)`` ranges ``taken``.

    Examples
    --------
    >>> free_word("推动雷河镇加快", 2, 5, []), free_word("推动雷河镇加快", 2, 5, [(0, 3)])
    (True, False)
    """
    bounds = word_boundaries(text)
    return start in bounds and end in bounds and not any(start < e and s < end for s, e in taken)


def load_segmenter() -> None:
    """Import the segmenter now: before reading workers fork, so that they share it instead of
    each importing it on its first name (0.1 s a process).

    Examples
    --------
    >>> load_segmenter()
    """
    import rjieba  # noqa: F401
