"""Forms of the joint-meeting pages. They parse input and offer only choices in the user's scope; the rules (one
owner, deadlines, minutes once, invited organisations only) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import (
    BoundedIntegerField,
    DateField,
    DateTimeField,
    ModelChoiceField,
    ModelMultipleChoiceField,
)
from gongzhi.core.listing import as_id
from gongzhi.meetings.models import MeetingKind, OwnerKind, SixPartyRole
from gongzhi.organisations.models import Department

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    community = ModelChoiceField(label=_("社区或街道"), queryset=None, empty_label=_("请选择社区或街道"))
    kind = forms.ChoiceField(label=_("会议类别"), choices=MeetingKind.choices)
    starts_at = DateTimeField(label=_("会议时间"), widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M",
                                                                                      "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("地点"), max_length=limits.TITLE)
    convener = forms.CharField(label=_("召集人"), max_length=limits.NAME * 2,
                               help_text=_("召集的组织或负责人，如：五美社区党委"))
    title = forms.CharField(label=_("会议名称"), max_length=limits.TITLE, required=False,
                            help_text=_("不填时按社区、类别和月份生成"))
    organisations = ModelMultipleChoiceField(label=_("邀请单位"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    departments = ModelMultipleChoiceField(label=_("邀请职能部门"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, bodies, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = bodies
        self.fields["community"].label_from_instance = lambda n: n.name
        if bodies.count() == 1:
            self.fields["community"].initial = bodies.first().pk
        self.fields["organisations"].queryset = units
        self.fields["departments"].queryset = Department.objects.order_by("name")


class InviteForm(forms.Form):
    invitee = forms.ChoiceField(label=_("受邀单位或部门"))
    role = forms.ChoiceField(label=_("议事方"), choices=[("", _("（不区分）")), *SixPartyRole.choices],
                             required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].choices = [
            ("", _("请选择")),
            (_("单位"), [(f"organisation:{u.pk}", u.name) for u in units]),
            (_("职能部门"), [(f"department:{d.pk}", d.name) for d in Department.objects.order_by("name")])]


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(label=_("出席情况"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("出席")), ("no", _("缺席"))], widget=forms.RadioSelect)
    attendees = forms.CharField(label=_("参会人员"), max_length=limits.SHORT_TEXT, required=False)
    absence_reason = forms.CharField(label=_("缺席原因"), max_length=limits.SHORT_TEXT, required=False)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=limits.TITLE, required=False,
                            help_text=_("关联清单或诉求时可不填，取其标题"))
    note = forms.CharField(label=_("说明"), max_length=limits.NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    need = ModelChoiceField(label=_("关联需求"), queryset=None, required=False, empty_label=_("（不关联）"))
    resource = ModelChoiceField(label=_("关联资源"), queryset=None, required=False, empty_label=_("（不关联）"))
    case = ModelChoiceField(label=_("关联诉求"), queryset=None, required=False, empty_label=_("（不关联）"))

    def __init__(self, *args, needs, resources, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["resource"].queryset = resources
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.number} {c.category.name}"


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), max_length=limits.MINUTES, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("纪要只能记录一次，记录后不可修改；更正请追加补充说明"))
    host_attendees = forms.CharField(label=_("社区方参会人员"), max_length=limits.SHORT_TEXT, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("补充说明"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2}))


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("决议事项"), max_length=limits.TITLE)
    detail = forms.CharField(label=_("具体要求"), max_length=limits.NOTE, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("责任方"), required=False)
    deadline = DateField(label=_("完成时限"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, units, departments, teams, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("请选择责任方")),
            (_("单位"), [(f"organisation:{u.pk}", u.name) for u in units]),
            (_("职能部门"), [(f"department:{d.pk}", d.name) for d in departments]),
            (_("志愿服务队"), [(f"team:{t.pk}", t.name) for t in teams]),
            (_("工作人员"), [(f"user:{u.pk}", u.display_name or u.username) for u in users])]


def parse_owner(value: str) -> tuple[str, int] | None:
    """'organisation:12' → ('organisation', 12); anything else None."""
    kind, _sep, pk = (value or "").partition(":")
    number = as_id(pk)
    if kind not in OwnerKind.values or number is None:
        return None
    return kind, number


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("进展说明"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))
    percent = BoundedIntegerField(label=_("完成进度（%）"), min_value=0, max_value=100, required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    done = forms.BooleanField(label=_("已完成（办结）"), required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("关闭原因"), max_length=limits.SHORT_TEXT)
