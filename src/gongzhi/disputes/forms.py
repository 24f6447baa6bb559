"""Forms of the dispute pages. They parse input and offer only choices in the user's scope; the rules
(permissions, states, at least one applicant and one respondent, dates) are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import CaseCategory, CaseChannel
from gongzhi.core import clock
from gongzhi.core.forms import DateField, DateTimeField, ModelMultipleChoiceField
from gongzhi.disputes.models import FollowUpMethod, Outcome, PartyRole, RiskLevel, SessionResult
from gongzhi.disputes.services import MAX_PARTIES, REGISTER_CHANNELS
from gongzhi.regions.models import RegionNode

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d"]}
DATETIME_WIDGET = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]}
CHANNEL_CHOICES = [(c.value, c.label) for c in CaseChannel if c.value in REGISTER_CHANNELS]


def dispute_categories():
    return CaseCategory.objects.filter(active=True, is_dispute=True).order_by("order", "code")


class DisputeForm(forms.Form):
    """登记矛盾纠纷: the case part and the dispute part (the parties come in a formset beside it)."""

    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    category = forms.ModelChoiceField(label=_("纠纷类型"), queryset=None, empty_label=_("请选择纠纷类型"))
    channel = forms.ChoiceField(label=_("来源渠道"), choices=CHANNEL_CHOICES, initial=CaseChannel.WINDOW)
    title = forms.CharField(label=_("标题"), max_length=120,
                            widget=forms.TextInput(attrs={"placeholder": _("例如：五美小区1栋楼上漏水纠纷")}))
    subject = forms.CharField(label=_("纠纷事由"), max_length=200,
                              help_text=_("争议的标的或事项，如：卫生间漏水致楼下天花板受损，赔偿争议"))
    description = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)
    risk = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices, initial=RiskLevel.ORDINARY,
                             help_text=_("“重大”纠纷将提示街道关注"))
    place = forms.ModelChoiceField(label=_("发生地点"), queryset=None, required=False, empty_label=_("整个社区"))
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        field.queryset = communities
        field.label_from_instance = lambda n: f"{n.parent.name} · {n.name}" if n.parent_id else n.name
        only = list(communities[:2])
        if len(only) == 1:
            field.initial = only[0].pk
        self.fields["category"].queryset = dispute_categories()
        self.fields["place"].queryset = (RegionNode.objects
                                         .filter(parent__in=communities, kind="neighbourhood")
                                         .select_related("parent").order_by("path"))
        self.fields["place"].label_from_instance = lambda n: f"{n.parent.name} · {n.name}"


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("身份"), choices=PartyRole.choices)
    name = forms.CharField(label=_("姓名或名称"), max_length=60)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)


class BasePartyFormSet(forms.BaseFormSet):
    ROLES = [PartyRole.APPLICANT, PartyRole.RESPONDENT, PartyRole.RESPONDENT, PartyRole.THIRD]

    def get_form_kwargs(self, index):
        # Each row suggests a role (申请人, 被申请人 …) without counting as an "initial" row, so blank optional
        # rows stay optional.
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["initial"] = {"role": self.ROLES[index] if index < len(self.ROLES) else PartyRole.THIRD}
        return kwargs

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        roles = {f.cleaned_data.get("role") for f in self.forms if f.cleaned_data and not self._should_delete_form(f)}
        if PartyRole.APPLICANT not in roles or PartyRole.RESPONDENT not in roles:
            raise forms.ValidationError(_("至少须有一位申请人和一位被申请人"))


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=2, min_num=2, validate_min=True,
                                     max_num=MAX_PARTIES, validate_max=True)
def party_formset(data=None):
    """Two required rows (申请人, 被申请人) and two optional ones; rows left blank are ignored."""
    return PartyFormSet(data, prefix="parties")


class SessionForm(forms.Form):
    held_at = DateTimeField(label=_("调解时间"), **DATETIME_WIDGET)
    place = forms.CharField(label=_("调解地点"), max_length=120,
                            widget=forms.TextInput(attrs={"placeholder": _("例如：社区人民调解室")}))
    mediators = ModelMultipleChoiceField(label=_("调解人员（本社区）"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    mediator_names = forms.CharField(label=_("其他调解人员"), max_length=300, required=False,
                                     help_text=_("如：人民调解员 张明；法律顾问 李律师；民警 王警官"))
    departments = ModelMultipleChoiceField(label=_("参与部门"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("调解情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    result = forms.ChoiceField(label=_("本次结果"), choices=SessionResult.choices, widget=forms.RadioSelect)
    next_session_on = DateField(label=_("下次调解日期"), required=False, help_text=_("继续调解时必填"),
                                      **DATE_WIDGET)

    def __init__(self, *args, mediators, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediators
        self.fields["mediators"].label_from_instance = lambda u: str(u)
        self.fields["departments"].queryset = departments
        if not self.is_bound:
            self.fields["held_at"].initial = clock.now().replace(second=0, microsecond=0)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("调解结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    agreement_text = forms.CharField(label=_("人民调解协议书主要内容"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 4}), help_text=_("达成协议时必填"))
    agreed_amount = forms.DecimalField(label=_("协议金额（元）"), required=False, min_value=0, max_digits=12,
                                       decimal_places=2)
    referred_department = forms.ModelChoiceField(label=_("转办部门"), queryset=None, required=False,
                                                 empty_label=_("请选择（转办时）"))
    referred_to = forms.CharField(label=_("或转交机关"), max_length=120, required=False,
                                  help_text=_("如：象山区人民法院"))
    note = forms.CharField(label=_("情况说明"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=_("转办、诉讼、撤回时必填理由"))
    follow_up_on = DateField(label=_("回访日期"), required=False, help_text=_("撤回以外的结果都须安排回访"),
                                   **DATE_WIDGET)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_department"].queryset = departments
        if not self.is_bound:
            self.fields["follow_up_on"].initial = clock.today() + dt.timedelta(days=15)


STABLE_CHOICES = [("yes", _("矛盾已化解，情况稳定")), ("no", _("尚不稳定，需继续关注"))]


class FollowUpForm(forms.Form):
    done_on = DateField(label=_("回访日期"), **DATE_WIDGET)
    method = forms.ChoiceField(label=_("回访方式"), choices=FollowUpMethod.choices, initial=FollowUpMethod.VISIT)
    stable = forms.ChoiceField(label=_("回访结论"), choices=STABLE_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(label=_("回访情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    next_follow_up_on = DateField(label=_("下次回访日期"), required=False,
                                        help_text=_("尚不稳定时必填"), **DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["done_on"].initial = clock.today()


class ScheduleForm(forms.Form):
    on = DateField(label=_("回访日期"), **DATE_WIDGET)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class RiskForm(forms.Form):
    risk = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    reason = forms.CharField(label=_("理由"), max_length=300)
