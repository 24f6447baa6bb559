"""Pinyin search keys, so that staff can find 桂林市中医医院 by typing "glszyyy" or "guilin"."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def search_key(text: str) -> str:
    """Lower-case initials and full pinyin of `text`, space separated: 'glszyyy guilinshizhongyiyiyuan'."""
    if not text:
        return ""
    initials = "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default") if p)
    full = "".join(lazy_pinyin(text, errors="default"))
    return f"{initials} {full}".lower()[:500]
