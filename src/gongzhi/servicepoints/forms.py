"""Forms of the service-point pages. They parse input and offer only choices in the user's scope; the rules
(the district's bounding box, opening hours in order, known kinds and offerings, the discount) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import ModelChoiceField
from gongzhi.servicepoints.models import WEEKDAYS, Offering, PointKind

DAY_CHOICES = [(d, label) for d, label in zip(WEEKDAYS, (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"),
                                                          _("周六"), _("周日")), strict=True)]
COORD = {"inputmode": "decimal", "placeholder": _("如 25.2736")}


class PointForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PointKind.choices)
    name = forms.CharField(label=_("名称"), max_length=limits.NAME)
    address = forms.CharField(label=_("地址"), max_length=limits.SHORT_TEXT,
                              widget=forms.TextInput(attrs={"placeholder": _("如 五美路36号")}))
    lat = forms.CharField(label=_("纬度（WGS-84）"), max_length=20, widget=forms.TextInput(attrs=COORD))
    lon = forms.CharField(label=_("经度（WGS-84）"), max_length=20,
                          widget=forms.TextInput(attrs={**COORD, "placeholder": _("如 110.2905")}))
    offerings = forms.MultipleChoiceField(label=_("服务内容"), choices=Offering.choices,
                                          widget=forms.CheckboxSelectMultiple)
    elderly_discount = forms.CharField(label=_("老年人就餐优惠（元，选填）"), max_length=10, required=False,
                                       widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "2"}))
    open_24h = forms.BooleanField(label=_("24小时开放"), required=False)
    opens_at = forms.CharField(label=_("开放时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.CharField(label=_("关闭时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    days = forms.MultipleChoiceField(label=_("开放日"), choices=DAY_CHOICES, initial=list(WEEKDAYS),
                                     widget=forms.CheckboxSelectMultiple, required=False)
    operator = ModelChoiceField(label=_("运营单位（选填）"), queryset=None, required=False,
                                empty_label=_("社区自办"))
    description = forms.CharField(label=_("简介（选填）"), max_length=limits.NOTE, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = units

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["days"] = "".join(data.get("days") or []) or WEEKDAYS
        return data


class NewPointForm(PointForm):
    community = ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk
        self.order_fields(["community", "kind", "name"])


class LocationForm(forms.Form):
    lat = forms.CharField(label=_("纬度"), max_length=20, widget=forms.TextInput(attrs=COORD))
    lon = forms.CharField(label=_("经度"), max_length=20,
                          widget=forms.TextInput(attrs={**COORD, "placeholder": _("如 110.2905")}))


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=limits.SHORT_TEXT, required=False)
