"""Forms of the list pages. They parse input and offer only choices in the user's scope; the rules
(permissions, states, same-community links) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock, limits
from gongzhi.core.forms import (
    BoundedIntegerField,
    DateField,
    DateTimeField,
    ModelChoiceField,
    ModelMultipleChoiceField,
)
from gongzhi.lists.models import Beneficiary, Channel, Cost, Recruitment, Urgency
from gongzhi.lists.selectors import active_categories
from gongzhi.regions.models import RegionNode

STAFF_CHANNELS = [(v, label) for v, label in Channel.choices if v != Channel.UNIT]


def _communities_field(queryset, **kwargs):
    field = forms.ModelChoiceField(label=_("社区"), queryset=queryset, empty_label=_("请选择社区"), **kwargs)
    field.label_from_instance = lambda n: n.name
    if queryset.count() == 1:
        field.initial = queryset.first().pk
    return field


class ItemForm(forms.Form):
    """Fields shared by needs and resources."""

    title = forms.CharField(label=_("标题"), max_length=120)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, empty_label=_("请选择类别"))
    description = forms.CharField(label=_("详细说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=limits.DESCRIPTION)
    beneficiaries = forms.MultipleChoiceField(label=_("受益人群"), choices=Beneficiary.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()


class NeedForm(ItemForm):
    """新增需求. `communities` set: community staff or grid workers record a community need with its channel;
    `units` set: a liaison raises their unit's need of the community."""

    def __init__(self, *args, communities=None, units=None, unit_communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organisation"] = forms.ModelChoiceField(label=_("提出需求的单位"), queryset=units, empty_label=_("请选择单位"))
            if units.count() == 1:
                self.fields["organisation"].initial = units.first().pk
            self.fields["community"] = _communities_field(unit_communities, required=False,
                                                          help_text=_("单位只在一个社区时可不选"))
        else:
            self.fields["community"] = _communities_field(communities)
            self.fields["channel"] = forms.ChoiceField(label=_("来源渠道"), choices=STAFF_CHANNELS)
            self.fields["place"] = forms.ModelChoiceField(
                label=_("地点"), required=False, empty_label=_("整个社区"),
                queryset=RegionNode.objects.filter(parent__in=communities, kind="neighbourhood")
                .select_related("parent").order_by("path"))
            self.fields["place"].label_from_instance = lambda n: f"{n.parent.name} · {n.name}"
        self.fields["scale"] = BoundedIntegerField(label=_("涉及人数"), min_value=0, required=False,
                                                  max_value=limits.NEED_SCALE.high)
        self.fields["urgency"] = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices,
                                                   initial=Urgency.NORMAL)
        order = ["organisation", "community", "channel", "title", "category", "description", "beneficiaries",
                 "place", "scale", "urgency"]
        self.order_fields(order)


class ResidentNeedForm(ItemForm):
    """提需求 in the resident shell: the community and channel are hers ("指尖直通")."""

    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL,
                                widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("您需要什么帮助")
        self.fields["title"].widget.attrs.update({"placeholder": _("例如：希望社区组织老年人免费体检")})
        self.fields["description"].label = _("补充说明（选填）")
        self.fields["description"].widget.attrs.update(
            {"placeholder": _("请勿填写身份证号等个人敏感信息")})


class ResourceForm(ItemForm):
    """登记资源. `units`: the units the user may register for (empty choice = the community's own resource
    when `communities` is offered too)."""

    def __init__(self, *args, communities, units, allow_community: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("提供单位"), queryset=units, required=not allow_community,
            empty_label=_("社区自有资源") if allow_community else _("请选择单位"),
            help_text=_("社区自有的场地、党建指导等资源不选单位") if allow_community else "")
        if not allow_community and units.count() == 1:
            self.fields["organisation"].initial = units.first().pk
        self.fields["community"] = _communities_field(communities, required=False,
                                                      help_text=_("单位只在一个社区时可不选"))
        self.fields["times_per_year"] = BoundedIntegerField(label=_("每年次数"), min_value=0, required=False,
                                                           max_value=limits.TIMES_PER_YEAR.high)
        self.fields["people_per_session"] = BoundedIntegerField(label=_("每次人数"), min_value=0, required=False,
                                                               max_value=limits.PEOPLE_PER_SESSION.high)
        self.fields["place"] = forms.CharField(label=_("服务地点"), max_length=120, required=False)
        self.fields["schedule"] = forms.CharField(label=_("服务时间"), max_length=120, required=False,
                                                  help_text=_("例如：每月第一个周六上午"))
        self.fields["cost"] = forms.ChoiceField(label=_("收费"), choices=Cost.choices, initial=Cost.FREE)
        self.order_fields(["organisation", "community", "title", "category", "description", "beneficiaries",
                           "times_per_year", "people_per_session", "place", "schedule", "cost"])


class ActivityForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    title = forms.CharField(label=_("活动名称"), max_length=120)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, empty_label=_("请选择类别"))
    starts_at = DateTimeField(label=_("开始时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                               format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("地点"), max_length=120)
    description = forms.CharField(label=_("活动内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=limits.DESCRIPTION)
    organiser = forms.ModelChoiceField(label=_("承办单位"), queryset=None, required=False, empty_label=_("社区自办"))
    resources = ModelMultipleChoiceField(label=_("使用资源"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    needs = ModelMultipleChoiceField(label=_("回应需求"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    ends_at = DateTimeField(label=_("结束时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], required=False,
                            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                            help_text=_("招募志愿者的活动必填；签到签退的时长不超过活动时长"))
    organiser_team = ModelChoiceField(label=_("组织队伍"), queryset=None, required=False,
                                      empty_label=_("无（社区或承办单位组织）"))
    recruitment = forms.ChoiceField(label=_("志愿者招募"), choices=Recruitment.choices, initial=Recruitment.NONE,
                                    required=False)
    quota = BoundedIntegerField(label=_("招募人数"), required=False, min_value=limits.ACTIVITY_QUOTA.low,
                                max_value=limits.ACTIVITY_QUOTA.high)
    cancel_cutoff_hours = BoundedIntegerField(label=_("取消报名截止（开始前小时数）"), required=False, min_value=0,
                                              max_value=168, initial=2)

    def __init__(self, *args, communities, organisers, resources, needs, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = _communities_field(communities)
        self.fields["category"].queryset = active_categories()
        self.fields["organiser"].queryset = organisers
        if teams is None:
            from gongzhi.people.models import VolunteerTeam

            teams = VolunteerTeam.objects.filter(community__in=communities)
        self.fields["organiser_team"].queryset = teams
        self.fields["resources"].queryset = resources
        self.fields["resources"].label_from_instance = lambda r: f"{r.title}（{r.organisation or r.community}）"
        self.fields["needs"].queryset = needs
        self.fields["needs"].label_from_instance = lambda n: f"{n.title}（{n.community}）"

    def clean_recruitment(self):
        return self.cleaned_data.get("recruitment") or Recruitment.NONE

    def clean_cancel_cutoff_hours(self):
        value = self.cleaned_data.get("cancel_cutoff_hours")
        return 2 if value is None else value


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("采纳并公布")), ("reject", _("不采纳")),
                                          ("merge", _("合并重复需求"))])
    reason = forms.CharField(label=_("审核意见"), max_length=300, required=False)
    merge_into = forms.IntegerField(required=False)
    confirm = forms.BooleanField(required=False)  # a merge is made only from the confirmation page

    def clean(self):
        data = super().clean()
        if data.get("decision") == "merge" and not data.get("merge_into") and "merge_into" not in self.errors:
            self.add_error("merge_into", _("请选择要合并到的需求"))  # never "the first need of the list"
        return data


class ClaimForm(forms.Form):
    deadline = DateField(label=_("完成时限"), input_formats=["%Y-%m-%d"],
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organisation"] = forms.ModelChoiceField(label=_("认领单位"), queryset=units, empty_label=_("请选择认领单位"))
            if len(units) == 1:
                self.fields["organisation"].initial = next(iter(units)).pk
            self.order_fields(["organisation", "deadline", "note"])
        if not self.is_bound:
            today = clock.today()
            self.fields["deadline"].initial = today.replace(month=12, day=31)
