from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.dates import check_meeting_date, meeting_bounds
from gongzhi.contracts.models import Area
from gongzhi.core import limits
from gongzhi.core.forms import DateField, ModelMultipleChoiceField
from gongzhi.lists.models import Beneficiary

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO, whatever the locale
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    title = forms.CharField(label=_("会议名称"), max_length=120)
    starts_at = forms.DateTimeField(  # clean_starts_at holds it to the meeting bounds, narrower than core.forms'
        label=_("时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("地点"), max_length=120)
    units = ModelMultipleChoiceField(label=_("参会单位"), queryset=None, widget=forms.CheckboxSelectMultiple)
    needs = ModelMultipleChoiceField(label=_("议题：需求"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    resources = ModelMultipleChoiceField(label=_("议题：资源"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=limits.DESCRIPTION)
    attendees = forms.CharField(label=_("参会人员"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                max_length=limits.NOTE)

    def __init__(self, *args, communities, units, needs, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["units"].queryset = units
        self.fields["needs"].queryset = needs
        self.fields["resources"].queryset = resources
        first, last = meeting_bounds()
        self.fields["starts_at"].widget.attrs.update(min=f"{first:%Y-%m-%d}T00:00", max=f"{last:%Y-%m-%d}T23:59")

    def clean_starts_at(self):
        check_meeting_date(self.cleaned_data["starts_at"])  # not before the platform, at most a year ahead
        return self.cleaned_data["starts_at"]


class MinutesForm(forms.Form):
    notes = forms.CharField(label=_("讨论纪要"), widget=forms.Textarea(attrs={"rows": 5}), max_length=limits.MINUTES)


class ContractForm(forms.Form):
    title = forms.CharField(label=_("契约名称"), max_length=120)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    term_start = DateField(label=_("起始日期"), widget=DATE)
    term_end = DateField(label=_("截止日期"), widget=DATE)
    units = ModelMultipleChoiceField(label=_("签约单位"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class CommitmentForm(forms.Form):
    area = forms.ChoiceField(label=_("共建领域"), choices=Area.choices)
    title = forms.CharField(label=_("项目名称"), max_length=120)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.DESCRIPTION)
    beneficiaries = forms.MultipleChoiceField(label=_("受益人群"), choices=Beneficiary.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    undertakers = ModelMultipleChoiceField(label=_("承办单位"), queryset=None,
                                                 widget=forms.CheckboxSelectMultiple)
    unit_duties = forms.CharField(label=_("单位职责"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                  max_length=limits.NOTE)
    community_duties = forms.CharField(label=_("社区职责"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                       max_length=limits.NOTE)
    rights = forms.CharField(label=_("权利"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=limits.NOTE)
    unit_liaison = forms.CharField(label=_("单位联络人"), max_length=50, required=False)
    community_liaison = forms.CharField(label=_("社区联络人"), max_length=50, required=False)
    deadline = DateField(label=_("完成时限"), widget=DATE)
    target_services = forms.IntegerField(label=_("目标服务次数"), min_value=0, max_value=limits.TARGET_SERVICES.high,
                                         initial=0)
    target_person_times = forms.IntegerField(label=_("目标服务人次"), min_value=0,
                                             max_value=limits.TARGET_PERSON_TIMES.high, initial=0)
    target_note = forms.CharField(label=_("考核指标"), max_length=200, required=False)
    milestones = forms.CharField(label=_("实施步骤"), required=False, max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("每行一步：日期 空格 内容，如 2026-02-28 制定全年计划"))
    needs = ModelMultipleChoiceField(label=_("回应需求"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    resources = ModelMultipleChoiceField(label=_("使用资源"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, undertakers, needs, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["undertakers"].queryset = undertakers
        self.fields["needs"].queryset = needs
        self.fields["resources"].queryset = resources

    def clean_milestones(self):
        import datetime as dt

        steps = []
        for n, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _sep, title = line.partition(" ")
            try:
                steps.append((title.strip(), dt.date.fromisoformat(day)))
            except ValueError:
                raise forms.ValidationError(_("第%(n)d行：日期应写作 2026-02-28") % {"n": n}) from None
            if not title.strip():
                raise forms.ValidationError(_("第%(n)d行：缺少步骤内容") % {"n": n})
        return steps


class AgreementForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    representative = forms.CharField(label=_("签约代表"), max_length=50)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("修订原因"), max_length=300)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FulfilmentForm(forms.Form):
    """The bounds shown here (min/max in the inputs) are those of `core.limits`; the service enforces them."""

    date = DateField(label=_("服务日期"), widget=DATE)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.NOTE)
    person_times = forms.IntegerField(label=_("服务人次"), min_value=limits.PERSON_TIMES.low,
                                      max_value=limits.PERSON_TIMES.high)
    volunteer_hours = forms.DecimalField(label=_("志愿服务时长（小时）"), min_value=limits.VOLUNTEER_HOURS.low,
                                         max_value=limits.VOLUNTEER_HOURS.high, max_digits=8, decimal_places=1,
                                         initial=0, help_text=_("所有志愿者的时长之和；每人次一天不超过 12 小时"))
    organisation = forms.ModelChoiceField(label=_("承办单位"), queryset=None, required=False, empty_label=_("不指定单位"))
    evidence = MultipleFileField(label=_("佐证材料（照片或PDF，每个不超过5MB）"), required=False)
    confirm_unusual = forms.BooleanField(label=_("确认数字无误"), required=False,
                                         help_text=_("人次或时长远超常见范围时，核对后勾选并写明原因"))
    unusual_reason = forms.CharField(label=_("原因"), required=False, max_length=limits.UNUSUAL_REASON_LENGTH,
                                     widget=forms.TextInput(attrs={"placeholder": _("如：全街道集中义诊，三百名志愿者参加")}))

    def __init__(self, *args, undertakers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = undertakers


class PublishForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    period = forms.TypedChoiceField(label=_("公示内容"), coerce=int, choices=[
        (0, _("年初公示（契约、资源清单、需求清单）")), (1, _("第一季度履约情况")), (2, _("第二季度履约情况")),
        (3, _("第三季度履约情况")), (4, _("第四季度履约情况"))])

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ReportForm(forms.Form):
    node = forms.ModelChoiceField(label=_("区划"), queryset=None, empty_label=_("请选择区划"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
