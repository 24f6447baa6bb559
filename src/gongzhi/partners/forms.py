"""Forms of the partner pages: they parse input; the services decide (their errors land on these forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import DateField, ModelChoiceField
from gongzhi.lists.models import Beneficiary
from gongzhi.organisations.models import OrganisationKind
from gongzhi.partners.models import OfferAudience, PartnerKind

DATE = forms.DateInput(attrs={"type": "date"})


class ApplyForm(forms.Form):
    community = ModelChoiceField(queryset=None, label=_("申请加入的社区"), empty_label=None)
    organisation = ModelChoiceField(queryset=None, label=_("申请单位"), required=False,
                                    empty_label=_("（新单位，在下方填写）"))
    new_name = forms.CharField(label=_("新单位名称"), max_length=120, required=False)
    new_kind = forms.ChoiceField(label=_("新单位类别"), choices=[("", "—"), *OrganisationKind.choices],
                                 required=False)
    contact_name = forms.CharField(label=_("新单位联系人"), max_length=limits.NAME, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=limits.CODE, required=False)
    kind = forms.ChoiceField(label=_("合伙类型"), choices=PartnerKind.choices)
    gives = forms.CharField(label=_("合伙人提供的服务或资源"), widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=limits.NOTE, required=False,
                            help_text=_("如：每周五下午免费中医义诊；老年人就餐优惠2元"))
    gets = forms.CharField(label=_("希望社区提供的支持"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=limits.NOTE, required=False, help_text=_("如：活动场地、宣传推广"))

    def __init__(self, *args, communities, units, may_register_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["organisation"].queryset = units
        if not may_register_new:
            for name in ("new_name", "new_kind", "contact_name", "contact_phone"):
                del self.fields[name]
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        new = None
        if data.get("organisation") is None and data.get("new_name"):
            new = {"name": data["new_name"], "kind": data.get("new_kind") or "",
                   "contact_name": data.get("contact_name") or "", "contact_phone": data.get("contact_phone") or ""}
        return {"community": data["community"], "organisation": data.get("organisation"), "new_organisation": new,
                "kind": data["kind"], "gives": data.get("gives") or "", "gets": data.get("gets") or ""}


class ApproveForm(forms.Form):
    gives = forms.CharField(label=_("合伙人提供（协议）"), widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=limits.NOTE, required=False)
    gets = forms.CharField(label=_("社区提供（空间、宣传等）"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=limits.NOTE, required=False)
    agreement_start = DateField(label=_("协议起始"), widget=DATE, required=False)
    agreement_end = DateField(label=_("协议截止"), widget=DATE, required=False)
    note = forms.CharField(label=_("审核意见"), max_length=limits.SHORT_TEXT, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=limits.SHORT_TEXT, required=False)


class ProjectForm(forms.Form):
    partner = ModelChoiceField(queryset=None, label=_("社区合伙人"), empty_label=None)
    title = forms.CharField(label=_("项目名称"), max_length=120, required=False)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.NOTE,
                              required=False)
    beneficiaries = forms.ChoiceField(label=_("服务对象"), choices=Beneficiary.choices,
                                      initial=Beneficiary.ALL_RESIDENTS)
    starts_on = DateField(label=_("开始日期"), widget=DATE, required=False)
    ends_on = DateField(label=_("结束日期"), widget=DATE, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class AllianceForm(forms.Form):
    region = ModelChoiceField(queryset=None, label=_("所在街道或社区"), empty_label=None)
    name = forms.CharField(label=_("联盟名称"), max_length=120, required=False)
    founded_on = DateField(label=_("成立日期"), widget=DATE, required=False)
    description = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=limits.DESCRIPTION, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class MemberForm(forms.Form):
    organisation = ModelChoiceField(queryset=None, label=_("商户"), empty_label=None)
    joined_on = DateField(label=_("加入日期"), widget=DATE, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class LeaveForm(forms.Form):
    left_on = DateField(label=_("退出日期"), widget=DATE, required=False)


class OfferForm(forms.Form):
    member = ModelChoiceField(queryset=None, label=_("商户"), empty_label=None)
    title = forms.CharField(label=_("优惠名称"), max_length=120, required=False,
                            help_text=_("如：老年人就餐优惠2元"))
    description = forms.CharField(label=_("优惠内容"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=limits.NOTE, required=False)
    audience = forms.ChoiceField(label=_("面向人群"), choices=OfferAudience.choices)
    valid_from = DateField(label=_("起始日期"), widget=DATE, required=False)
    valid_until = DateField(label=_("截止日期"), widget=DATE, required=False)
    publish = forms.BooleanField(label=_("立即发布"), required=False, initial=True)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.organisation.name

