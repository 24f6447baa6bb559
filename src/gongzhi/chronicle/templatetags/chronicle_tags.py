from django import template

from gongzhi.chronicle.labels import action_label as _action_label
from gongzhi.chronicle.labels import subject_label as _subject_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """{{ entry.action|action_label }}: 吹哨 / Whistle blown for whistle.blown."""
    return _action_label(code)


@register.filter
def subject_label(subject_type: str) -> str:
    return _subject_label(subject_type)
