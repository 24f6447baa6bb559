"""Server messages speak to residents in plain Chinese: Django's own zh_Hans wording (“确保该变量包含不超过…”,
“这个字段是必填项”, “null”) is overridden by Gongzhi's catalogue in locale/zh_Hans, which LOCALE_PATHS puts first."""

import pytest
from django import forms
from django.utils import translation

from gongzhi.core import limits

JARGON = ("变量", "字段", "null", "有效的", "确保")


class _Form(forms.Form):
    title = forms.CharField(max_length=limits.TITLE)
    note = forms.CharField(min_length=2)
    count = forms.IntegerField(min_value=0, max_value=10)
    hours = forms.DecimalField(max_digits=4, decimal_places=1)
    day = forms.DateField()
    kind = forms.ChoiceField(choices=[("a", "甲")])


BAD = {"title": "长" * 201, "note": "短", "count": "11", "hours": "1.25", "day": "2026-13-45", "kind": "z"}


def _errors(data, language="zh-hans") -> dict[str, str]:
    with translation.override(language):
        form = _Form(data)
        return {name: " ".join(errors) for name, errors in form.errors.items()}


def test_form_errors_read_in_plain_chinese():
    errors = _errors(BAD)
    assert errors["title"] == "最多可以写 200 个字，现在有 201 个字，请删减一些。"
    assert errors["note"] == "至少要写 2 个字，现在只有 1 个字。"
    assert errors["count"] == "请填写不大于 10 的数。"
    assert errors["hours"] == "小数点后最多保留 1 位。"
    assert errors["day"] == "请按“年-月-日”填写日期，如 2026-03-20。"
    assert errors["kind"] == "请从列表中选择；“z”不在可选范围内。"
    assert _errors({})["title"] == "请填写此项。"
    assert _errors({**BAD, "count": "-1", "hours": "abc"})["count"] == "请填写不小于 0 的数。"
    assert _errors({**BAD, "count": "x"})["count"] == "请填写整数，如 12。"


@pytest.mark.parametrize("data", [BAD, {}, {**BAD, "count": "x", "hours": "abc"}])
def test_no_message_uses_programmers_words(data):
    for message in _errors(data).values():
        assert not any(word in message for word in JARGON), message


def test_english_keeps_djangos_own_wording():
    assert _errors(BAD, "en")["title"] == "Ensure this value has at most 200 characters (it has 201)."

