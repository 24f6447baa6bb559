"""Personal data (PIPL): how phone and ID numbers are masked, and the log filter that masks them.

Whether a viewer may see a number unmasked is decided by `Scope.may_see_personal_data` (core.scope);
this module only knows how to mask."""

from __future__ import annotations

import logging
import re

# --- recognising numbers in free text ---------------------------------------------------------------
# Residents write numbers every way a keyboard allows: 138 1234 5678, 138-1234-5678, +86 138…, 8613812345678,
# full-width １３８…, (0773)1234567, 0773 12345678 转 801, 450302 19900101 002X. The text is first read
# through FULL_WIDTH (one character for one, so positions stay put), then three patterns find the numbers.
# Each is bounded by non-alphanumerics, so digests, case numbers (GZ202612040001), dates and sums stay intact.

FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "＋": "+", "－": "-", "（": "(", "）": ")", "\u3000": " ",
     "Ｘ": "X", "ｘ": "x", "—": "-", "–": "-", "‐": "-"})

_SEP = r"[ \-]?"
# +86 / 86 / 0086 / (+86) before a mobile number, with or without a space or hyphen after it.
_COUNTRY = r"(?:\(\+?86\)|\+86|0086|86)" + _SEP
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?P<prefix>" + _COUNTRY + r")?(?P<head>1[3-9]\d)" + _SEP + r"(?P<mid>\d{4})" + _SEP
    + r"(?P<tail>\d{4})(?![0-9A-Za-z])")
# Area codes: 010 and 02x have three digits, the others four (0773 桂林); then 7–8 digits and an extension.
LANDLINE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<area>\(0(?:10|2\d|[3-9]\d{2})\)|0(?:10|2\d|[3-9]\d{2}))(?P<sep> ?[ \-]? ?)"
    r"(?P<local>\d{3,4})" + _SEP + r"(?P<tail>\d{4})"
    r"(?P<ext>(?: ?(?:转|分机|ext\.?|x|#|-) ?\d{1,6})?)(?![0-9A-Za-z])")
# 18-character resident ID numbers: region (6), birth date 19xx/20xx (8), sequence (3), check digit or X;
# written whole or as 6-8-4 with spaces or hyphens.
ID_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<head>[1-9]\d{3})(?P<region>\d{2})" + _SEP
    + r"(?P<birth>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))" + _SEP
    + r"(?P<tail>\d{3}[\dXx])(?![0-9A-Za-z])")


def _mask_id(m: re.Match) -> str:
    return f"{m['head']}{'*' * 10}{m['tail']}"


def _mask_mobile(m: re.Match) -> str:
    return f"{m['prefix'] or ''}{m['head']}****{m['tail']}"


def _mask_landline(m: re.Match) -> str:
    return f"{m['area']}{m['sep']}****{m['tail']}{m['ext']}"


# ID numbers first (a mobile pattern must not bite into one), then mobiles, then landlines.
_RECOGNISERS = ((ID_RE, _mask_id), (MOBILE_RE, _mask_mobile), (LANDLINE_RE, _mask_landline))


def find_personal_numbers(text: str) -> list[tuple[str, str]]:
    """(kind, the number as written) for every phone or ID number in `text` — for tests and checks."""
    kinds = {ID_RE: "id_number", MOBILE_RE: "mobile", LANDLINE_RE: "landline"}
    found = []
    for regex, mask in _RECOGNISERS:
        normal = text.translate(FULL_WIDTH)
        found += [(kinds[regex], text[m.start():m.end()]) for m in regex.finditer(normal)]
        text = _substitute(text, regex, mask)
    return found


def _substitute(text: str, regex: re.Pattern, mask) -> str:
    normal = text.translate(FULL_WIDTH)  # same length as text: spans found in it cut the original
    parts, last = [], 0
    for m in regex.finditer(normal):
        parts += [text[last:m.start()], mask(m)]
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile number; keep the area code and last four digits of a landline."""
    if not value:
        return ""
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{value[: max(len(value) - 8, 0)]}****{digits[-4:]}"
    return "****"


def mask_id_number(value: str | None) -> str:
    """450302**********1234 style: region prefix and last four characters only."""
    if not value:
        return ""
    value = value.strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def scrub(text: str, *, keep_phones: bool = False, keep_ids: bool = False) -> str:
    """Mask every phone or ID number found inside free text (pages for roles that must not see them, the
    public board, Open311, log lines, chronicle data): 138****5678, 0773-****4567, 4503**********0021.
    `keep_phones` / `keep_ids` leave that kind whole (a grid worker sees phones but not ID numbers)."""
    if not text:
        return text
    for regex, mask in _RECOGNISERS:
        if (regex is ID_RE and keep_ids) or (regex is not ID_RE and keep_phones):
            continue
        text = _substitute(text, regex, mask)
    return text


def scrub_data(value):
    """Scrub strings nested anywhere in JSON-like data."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: scrub_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_data(v) for v in value]
    return value


class MaskPersonalDataFilter(logging.Filter):
    """Installed on every log handler: a phone or ID number never reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is rather than lost
            return True
        record.msg = scrub(message)
        record.args = None
        return True


# --- what public surfaces must not carry --------------------------------------------------------------------
# Public pages (the board, Open311, the wish wall) place a case at the neighbourhood (小区) at most: never a
# building, unit, floor or room, written in digits or in Chinese numerals (3栋, 2单元, 三楼, 501室, 5号楼).
_NUMERAL = r"(?:\d+|[一二三四五六七八九十两零〇]+)"
PLACE_DETAIL_RE = re.compile(
    _NUMERAL + r"\s*(?:栋|幢|座|单元|号楼|楼(?!盘|道|梯|房|宇|下|上)|层|室|户(?=\d)|号房)")


def public_text_problems(text: str | None) -> list[str]:
    """What keeps `text` off a public page: the personal numbers and the building/floor/room details it holds."""
    if not text:
        return []
    return [number for _kind, number in find_personal_numbers(text)] + PLACE_DETAIL_RE.findall(
        text.translate(FULL_WIDTH))
