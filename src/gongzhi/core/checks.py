"""Checks every app's services make, worded once: the permission gate (out of scope reads as "not found" to the
caller: pages and the API turn PermissionDenied into 404), and free text as people type it — trimmed, no NUL
character, required or not, within its length — with, for text the public will read, no phone number, ID number
or home detail (building, floor, room) in it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.privacy import public_text_problems


def require(allowed: bool) -> None:
    """Go on only if `allowed` (a permissions helper's answer)."""
    if not allowed:
        raise PermissionDenied


def clean_text(value: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """`value` trimmed, or a ValidationError on `field` that names `label` (请填写…, …不能超过 n 个字)."""
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("%(label)s含有无效字符") % {"label": label}})
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError({field: _("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": max_length}})
    return value


def public_text(value: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """`clean_text`, for text published to residents (a proposal, a candidate's statement, a reason shown on the
    board): refused when it holds a phone or ID number or a home detail, saying what was found."""
    return no_personal_data(clean_text(value, field=field, label=label, max_length=max_length, required=required),
                            field=field, label=label)


def no_personal_data(value: str, *, field: str, label: str) -> str:
    """`value` unchanged, or a ValidationError when it holds a phone or ID number or a home detail."""
    problems = public_text_problems(value)
    if problems:
        raise ValidationError({field: _("%(label)s将向居民公开，请不要填写电话、身份证号或楼栋门牌（发现：%(found)s）")
                               % {"label": label, "found": "、".join(problems)}})
    return value


def collect_text(errors: dict, field: str, value, *, label: str, max_length: int, required: bool = True) -> str:
    """`clean_text` for services that gather every field's error before raising them together: the message goes
    into `errors[field]`, and the trimmed text is returned either way."""
    try:
        return clean_text(value if isinstance(value, str) or value is None else str(value), field=field,
                          label=label, max_length=max_length, required=required)
    except ValidationError as e:
        errors[field] = e.message_dict[field][0]
        return str(value or "").strip()
