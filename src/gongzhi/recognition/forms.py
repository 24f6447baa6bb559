"""Forms of recognition's pages. Choices come from the scoped querysets of `permissions`, so a person, a
community or a building out of the user's sight is an invalid choice, never a 500 or a write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import BoundedIntegerField, DateField, ModelChoiceField
from gongzhi.core.limits import FIRST_YEAR, LAST_YEAR
from gongzhi.people.models import Person
from gongzhi.recognition.models import CertificateRequest, HonourKind, RequestStatus
from gongzhi.regions.models import RegionKind, RegionNode


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IssueForm(forms.Form):
    person = ModelChoiceField(queryset=Person.objects.none(), label=_("志愿者"), widget=forms.HiddenInput)
    community = ModelChoiceField(queryset=RegionNode.objects.none(), label=_("出具社区"), empty_label=None)
    period_start = DateField(label=_("服务起始日期"), widget=_date_input())
    period_end = DateField(label=_("服务截止日期"), widget=_date_input())
    content = forms.CharField(label=_("服务内容"), required=False, max_length=limits.NOTE,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("不填则按已确认的服务记录自动概括"))
    request = ModelChoiceField(queryset=CertificateRequest.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people, communities, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["community"].queryset = communities
        self.fields["request"].queryset = requests.filter(status=RequestStatus.PENDING)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("截止日期不能早于起始日期"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=limits.SHORT_TEXT)


class RequestForm(forms.Form):
    community = ModelChoiceField(queryset=RegionNode.objects.none(), label=_("向哪个社区申请"), empty_label=None)
    period_start = DateField(label=_("服务起始日期"), widget=_date_input())
    period_end = DateField(label=_("服务截止日期"), widget=_date_input())
    purpose = forms.CharField(label=_("用途"), required=False, max_length=limits.SHORT_TEXT,
                              help_text=_("如：升学、评优、单位考核"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("截止日期不能早于起始日期"))
        return data


class SelectionForm(forms.Form):
    node = ModelChoiceField(queryset=RegionNode.objects.none(), label=_("评选单位"), empty_label=None)
    year = BoundedIntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=_("表彰类别"), choices=HonourKind.choices)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class NominationForm(forms.Form):
    """Staff choose a person of the area (最美志愿者, 文明家庭) or a building (文明楼院); a resident types the name."""

    person = ModelChoiceField(queryset=Person.objects.none(), label=_("被推荐人"), required=False,
                              empty_label=_("请选择被推荐人"))
    nominee_name = forms.CharField(label=_("被推荐人姓名"), required=False, max_length=limits.NAME)
    building = ModelChoiceField(queryset=RegionNode.objects.none(), label=_("楼栋"), required=False,
                                empty_label=_("请选择楼栋"))
    reason = forms.CharField(label=_("推荐理由"), max_length=limits.SHORT_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3, "maxlength": limits.SHORT_TEXT}))

    def __init__(self, *args, selection, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        buildings = (RegionNode.objects.filter(kind=RegionKind.BUILDING, path__startswith=selection.node.path)
                     .select_related("parent").order_by("path"))
        self.fields["building"].queryset = buildings
        self.fields["building"].label_from_instance = lambda b: f"{b.parent.name} {b.name}" if b.parent else b.name
        if selection.kind == HonourKind.BUILDING:
            del self.fields["person"], self.fields["nominee_name"]
            self.fields["building"].required = True
        else:
            del self.fields["building"]
            if people is None:
                del self.fields["person"]
                self.fields["nominee_name"].required = True
            else:
                self.fields["person"].queryset = people
                del self.fields["nominee_name"]
                self.fields["person"].required = True


class DecisionForm(forms.Form):
    committee = forms.CharField(label=_("评审委员会成员"), max_length=limits.SHORT_TEXT,
                                help_text=_("姓名之间用顿号分隔"))
    decided_on = DateField(label=_("评定日期"), widget=_date_input())

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = nominations
        for n in nominations:
            self.fields[f"decision_{n.pk}"] = forms.ChoiceField(
                label=_("评定结果"), choices=[("selected", _("当选")), ("not_selected", _("未当选"))],
                widget=forms.RadioSelect)
            self.fields[f"reason_{n.pk}"] = forms.CharField(label=_("评定理由"), max_length=limits.SHORT_TEXT)

    def rows(self):
        return [{"nomination": n, "decision": self[f"decision_{n.pk}"], "reason": self[f"reason_{n.pk}"]}
                for n in self.nominations]

    def decisions(self) -> dict[int, tuple[str, str]]:
        return {n.pk: (self.cleaned_data[f"decision_{n.pk}"], self.cleaned_data[f"reason_{n.pk}"])
                for n in self.nominations}
