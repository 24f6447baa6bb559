"""Forms of the talent pool pages: they parse input; the rules (skills, times, consent, duplicates) are the
services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import ModelChoiceField
from gongzhi.talent.models import CONSENT_TEXT, Availability, Skill


class _TalentFields(forms.Form):
    skills = forms.MultipleChoiceField(label=_("特长"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    skills_note = forms.CharField(label=_("特长说明（选填）"), max_length=limits.SHORT_TEXT, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("例如：退休护士，会测血压；会修电动车")}))
    availability = forms.MultipleChoiceField(label=_("可服务时间"), choices=Availability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)


class ChangeForm(_TalentFields):
    pass


class SelfRegisterForm(_TalentFields):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)


class AddForm(_TalentFields):
    community = ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    resident = forms.CharField(label=_("居民"), max_length=limits.NAME,
                               help_text=_("输入居民的手机号或姓名（同名时请用手机号）"))
    consent = forms.BooleanField(label=_("居民本人已同意加入人才储备库"), required=False)
    consent_note = forms.CharField(label=_("同意方式"), max_length=limits.SHORT_TEXT, required=False,
                                   widget=forms.TextInput(attrs={"placeholder": _("例如：书面登记表、电话确认")}))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk
        self.order_fields(["community", "resident"])


class SuggestForm(forms.Form):
    community = ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    skills = forms.MultipleChoiceField(label=_("需要的特长"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    availability = forms.MultipleChoiceField(label=_("服务时间"), choices=Availability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk
