from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import forms as core_forms
from gongzhi.core import limits
from gongzhi.elections.models import SEATS, ElectionKind
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ElectionForm(forms.Form):
    community = core_forms.ModelChoiceField(label=_("社区"), queryset=RegionNode.objects.none(),
                                            empty_label=_("请选择社区"))
    constituency = core_forms.ModelChoiceField(label=_("选民范围"), queryset=RegionNode.objects.none(),
                                               widget=core_forms.PlainSelect,
                                               required=False, empty_label=_("全社区居民"),
                                               help_text=_("不选为全社区居民"))
    kind = forms.ChoiceField(label=_("选举类别"), choices=ElectionKind.choices)
    title = forms.CharField(label=_("选举名称"), max_length=limits.TITLE)
    project = forms.CharField(label=_("监督项目"), max_length=limits.SHORT_TEXT, required=False,
                              help_text=_("百姓监督员须填写，如：五美小区老旧小区改造"))
    seats = forms.IntegerField(label=_("应选名额"), initial=3, help_text=_("须为 %(low)s—%(high)s 名") % {"low": SEATS.low, "high": SEATS.high})
    notice_days = forms.IntegerField(label=_("候选人公示天数"), min_value=1, max_value=30, initial=5)
    opens_at = core_forms.DateTimeField(label=_("投票开始"), widget=LOCAL)
    closes_at = core_forms.DateTimeField(label=_("投票截止"), widget=LOCAL)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        communities = communities if communities is not None else RegionNode.objects.none()
        self.fields["community"].queryset = communities
        paths = [c.path for c in communities]
        places = RegionNode.objects.filter(kind__in=[RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD])
        # prefixes the path index serves (a regex over the paths read every node of the city)
        self.fields["constituency"].queryset = places.filter(
            reduce(or_, [Q(path__startswith=p) for p in paths])).order_by("path") if paths else places.none()


def residents_of(election):
    return Person.objects.filter(home__path__startswith=election.constituency.path).order_by("name", "pk")


class NominateForm(forms.Form):
    person = core_forms.ModelChoiceField(label=_("被提名的居民"), queryset=Person.objects.none(),
                                         empty_label=_("请选择居民"))
    note = forms.CharField(label=_("提名说明"), max_length=limits.SHORT_TEXT, required=False,
                           help_text=_("如：10名居民联名推荐"))

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = residents_of(election)


class PaperVoterForm(forms.Form):
    person = core_forms.ModelChoiceField(label=_("领取选票的居民"), queryset=Person.objects.none(),
                                         empty_label=_("请选择居民"))

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = residents_of(election)


class TallyForm(forms.Form):
    ballots = forms.IntegerField(label=_("收回选票"), min_value=0, max_value=100_000)
    invalid = forms.IntegerField(label=_("无效票"), min_value=0, max_value=100_000, initial=0)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"c{c.pk}"] = forms.IntegerField(label=_("%(name)s 得票") % {"name": c.person.name},
                                                         min_value=0, max_value=100_000, initial=0)

    def counts(self) -> dict:
        return {str(c.pk): self.cleaned_data[f"c{c.pk}"] for c in self.candidates}


class ApplyForm(forms.Form):
    statement = forms.CharField(label=_("参选说明"), max_length=limits.SHORT_TEXT, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.Form):
    inspected_on = core_forms.DateField(label=_("巡查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=_("巡查情况"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("发现的问题"), required=False, max_length=limits.NOTE,
                               widget=forms.Textarea(attrs={"rows": 3}), help_text=_("每行一个问题"))
