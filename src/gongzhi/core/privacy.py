"""Personal data (PIPL): how phone and ID numbers are masked, and the log filter that masks them.

Whether a viewer may see a number unmasked is decided by `Scope.may_see_personal_data` (core.scope);
this module only knows how to mask."""

from __future__ import annotations

import logging
import re

# Mainland mobile numbers (11 digits starting 1[3-9]) and 18-character resident ID numbers.
# Bounded by non-alphanumerics, so hex digests and codes that happen to contain 11 digits stay intact.
PHONE_RE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])")
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])")
LANDLINE_RE = re.compile(r"(?<![0-9A-Za-z])(0\d{2,3}-?)(\d{3,4})(\d{4})(?![0-9A-Za-z])")


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


def scrub(text: str) -> str:
    """Mask every phone or ID number found inside free text (log lines, chronicle data)."""
    text = ID_RE.sub(lambda m: f"{m.group(1)}{'*' * 10}{m.group(3)}", text)
    text = PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    text = LANDLINE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
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
