"""Forms of the duty roster pages: they parse input and offer only choices in the user's scope; the rules (slots,
times, states) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import BoundedIntegerField, ModelChoiceField
from gongzhi.volunteering.models import SLOTS, Weekday


class RosterForm(forms.Form):
    team = ModelChoiceField(label=_("队伍"), queryset=None, empty_label=_("请选择队伍"))
    title = forms.CharField(label=_("值班名称"), max_length=200, widget=forms.TextInput(
        attrs={"placeholder": _("例如：周五晚间巡逻")}))
    place = forms.CharField(label=_("值班地点"), max_length=200, required=False)
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    slots = BoundedIntegerField(label=_("每班所需人数"), min_value=SLOTS.low, max_value=SLOTS.high, initial=2)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda t: f"{t.name}（{t.community.name}）"


class AttendanceForm(forms.Form):
    served = forms.TypedMultipleChoiceField(label=_("到岗队员"), coerce=int, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served"].choices = [(s.volunteer_id, s.volunteer.person.name) for s in signups]


class ConfirmHoursForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(label=_("时长记录"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(e.pk, str(e.pk)) for e in entries]
