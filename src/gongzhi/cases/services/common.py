"""Helpers shared by the case services: locking, the timeline, validation of reporters and photos."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gongzhi.cases.models import Case, CaseEvent, Whistle
from gongzhi.core import clock
from gongzhi.core.privacy import scrub
from gongzhi.core.uploads import JPEG_PNG, read_checked

MAX_PHOTOS = 6
PHONE_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def text(value, *, field: str, message: str, max_length: int, errors: dict | None = None) -> str:
    """A required, trimmed text of at most `max_length` characters (errors collected or raised)."""
    value = (value or "").strip()
    problem = message if not value else (
        _("不能超过 %(n)d 个字") % {"n": max_length} if len(value) > max_length else None)
    if problem:
        if errors is None:
            raise ValidationError({field: problem})
        errors[field] = problem
    return value


def optional_text(value, max_length: int) -> str:
    return (value or "").strip()[:max_length]


def lock_case(case: Case) -> Case:
    """Lock the row and copy its current state onto the caller's instance (which the service then changes)."""
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    for field in ("status", "owner_id", "accepted_at", "contact_due_at", "contacted_at", "due_at", "resolved_at",
                  "result", "confirm_due_at", "confirmation", "closed_at", "closed_by_id", "satisfaction",
                  "rated_at"):
        setattr(case, field, getattr(fresh, field))
    return case


def lock_whistle(whistle: Whistle) -> Whistle:
    fresh = Whistle.objects.select_for_update().get(pk=whistle.pk)
    for field in ("status", "reported_at", "reported_by_id", "done_at", "score", "scored_at"):
        setattr(whistle, field, getattr(fresh, field))
    return whistle


def event(case: Case, action: str, actor, *, from_status: str = "", to_status: str = "", note: str = "",
          public: bool = True) -> CaseEvent:
    """A timeline entry. Its note never carries a phone or ID number (the timeline is the resident's and the
    Open311 API's status notes)."""
    return CaseEvent.objects.create(case=case, action=action, from_status=from_status, to_status=to_status,
                                    actor=actor if getattr(actor, "pk", None) else None, at=clock.now(),
                                    note=scrub(note or "")[:500], public=public)


def clean_phone(errors: dict, value: str, field: str = "reporter_phone") -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE_RE.fullmatch(value):
        errors[field] = _("电话号码格式不正确")
    return value


def check_photos(photos) -> list[tuple[str, str, bytes]]:
    """(name, content type, bytes) of each upload, checked by content: JPEG or PNG, at most 5 MB, at most 6."""
    files = [f for f in (photos or ()) if f]
    if len(files) > MAX_PHOTOS:
        raise ValidationError({"photos": _("照片最多 %(n)d 张") % {"n": MAX_PHOTOS}})
    return [read_checked(f, field="photos", types=JPEG_PNG, not_allowed=_("“%(name)s”不是 JPG 或 PNG 图片"),
                         default_name="photo") for f in files]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
