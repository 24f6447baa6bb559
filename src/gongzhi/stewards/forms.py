"""Forms of the 楼门管家 pages: they parse input; the rules (one steward per post, months, grades, states) are the
services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import DateField, ModelChoiceField
from gongzhi.stewards.models import Grade, Selection, StewardRole
from gongzhi.stewards.services import NAME_SHOWN

DATE = forms.DateInput(attrs={"type": "date"})


class AppointForm(forms.Form):
    resident = forms.CharField(label=_("居民"), max_length=limits.NAME,
                               help_text=_("输入居民的手机号或姓名（同名时请用手机号）"))
    selection = forms.ChoiceField(label=_("产生方式"), choices=Selection.choices)
    selection_note = forms.CharField(label=_("产生说明（选填）"), max_length=limits.SHORT_TEXT, required=False,
                                     widget=forms.TextInput(attrs={"placeholder": _("例如：本单元 12 户居民联名推荐")}))
    roles = forms.MultipleChoiceField(label=_("职责"), choices=StewardRole.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    started_on = DateField(label=_("上任日期"), required=False, widget=DATE)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("职责"), choices=StewardRole.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)


class EvaluateForm(forms.Form):
    month = forms.CharField(label=_("月份"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    grade = forms.ChoiceField(label=_("等次"), choices=Grade.choices)
    note = forms.CharField(label=_("评价意见（选填）"), max_length=limits.SHORT_TEXT, required=False)


class CommendForm(forms.Form):
    title = forms.CharField(label=_("表彰名称"), max_length=limits.TITLE,
                            widget=forms.TextInput(attrs={"placeholder": _("例如：2026年度优秀楼门管家")}))
    awarded_on = DateField(label=_("表彰日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("事迹（将公开，选填）"), max_length=limits.SHORT_TEXT, required=False)
    name_shown = forms.ChoiceField(label=_("公开栏显示姓名"), choices=list(NAME_SHOWN.items()), initial="masked")


class RetireForm(forms.Form):
    retired_on = DateField(label=_("退休日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("退休原因"), max_length=limits.SHORT_TEXT,
                             widget=forms.TextInput(attrs={"placeholder": _("例如：年事已高，搬至子女家居住")}))


class SuggestionForm(forms.Form):
    text = forms.CharField(label=_("收集到的意见建议"), max_length=limits.NOTE,
                           widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("例如：楼道灯坏了一个多月，老人晚上上下楼不方便")}))
    collected_on = DateField(label=_("收集日期"), required=False, widget=DATE)


class ToNeedForm(forms.Form):
    title = forms.CharField(label=_("需求标题"), max_length=120)
    category = ModelChoiceField(label=_("服务类别"), queryset=None, empty_label=_("请选择类别"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ToCaseForm(forms.Form):
    title = forms.CharField(label=_("诉求标题（选填）"), max_length=120, required=False)
    category = ModelChoiceField(label=_("诉求类别"), queryset=None, empty_label=_("请选择类别"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("不予采纳理由"), max_length=limits.SHORT_TEXT)
