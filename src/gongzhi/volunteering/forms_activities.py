"""Forms of the activities' pages (phone and workbench). They parse input and offer only choices in the user's
scope; the rules (codes, states, hours within the activity's length) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import ModelChoiceField, ModelMultipleChoiceField


class CodeForm(forms.Form):
    code = forms.CharField(label=_("签到码"), max_length=32, widget=forms.TextInput(attrs={
        "inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": "000000", "class": "v-code-input"}),
        help_text=_("输入组织方手机上显示的 6 位数字"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=limits.SHORT_TEXT)


class CorrectForm(forms.Form):
    hours = forms.DecimalField(label=_("更正后的时长（小时）"), max_digits=4, decimal_places=1,
                               min_value=limits.SERVICE_HOURS.low, max_value=limits.SERVICE_HOURS.high)
    reason = forms.CharField(label=_("更正理由"), max_length=limits.SHORT_TEXT)


class HonourForm(forms.Form):
    person = ModelChoiceField(label=_("志愿者"), queryset=None, empty_label=_("请选择已报名的志愿者"))
    hours = forms.DecimalField(label=_("荣誉时长（小时）"), max_digits=4, decimal_places=1,
                               min_value=limits.SERVICE_HOURS.low, max_value=limits.SERVICE_HOURS.high)
    reason = forms.CharField(label=_("登记理由"), max_length=limits.SHORT_TEXT,
                             help_text=_("例如：未带手机，现场由队长核实到岗"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: p.name


class BulkConfirmForm(forms.Form):
    entries = ModelMultipleChoiceField(label=_("待确认时长"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = pending
