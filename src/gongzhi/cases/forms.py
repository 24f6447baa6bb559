"""Forms of the case pages. They parse input and offer only choices in the user's scope; the rules
(permissions, states, deadlines, same-region links) are the services'."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import CaseCategory, CaseChannel, Counting, MatterKind, Satisfaction, Urgency
from gongzhi.core.forms import DateTimeField, ModelMultipleChoiceField
from gongzhi.regions.models import RegionKind, RegionNode

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
STAFF_CHANNELS = [(c.value, c.label) for c in (CaseChannel.GRID_WORKER, CaseChannel.WINDOW, CaseChannel.HOTLINE)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to six photos; the service checks their content (JPEG/PNG) and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def active_categories():
    return CaseCategory.objects.filter(active=True).order_by("order", "code")


def _category_field():
    field = forms.ModelChoiceField(label=_("问题类别"), queryset=active_categories(), empty_label=_("请选择类别"))
    field.label_from_instance = lambda c: f"{c.group} · {c.name}"
    return field


def places_in(communities):
    """Neighbourhoods and buildings of the communities (地点 choices), community name first."""
    paths = [c.path for c in communities]
    qs = RegionNode.objects.filter(kind__in=[RegionKind.NEIGHBOURHOOD, RegionKind.BUILDING]).select_related("parent")
    return qs.filter(reduce(or_, [Q(path__startswith=p) for p in paths])).order_by("path") if paths else qs.none()


def _place_label(node):
    return f"{node.parent.name} · {node.name}" if node.kind == RegionKind.BUILDING else node.name


class ResidentCaseForm(forms.Form):
    """我要反映 on the phone: the community is hers; the title is taken from the description."""

    category = forms.ModelChoiceField(label=_("问题类别"), queryset=None, empty_label=_("请选择类别"))
    description = forms.CharField(label=_("您要反映的问题"), max_length=4000, widget=forms.Textarea(attrs={
        "rows": 5, "placeholder": _("请描述发生了什么、在哪里、持续多久。请勿填写身份证号等敏感信息")}))
    place = forms.ModelChoiceField(label=_("发生地点"), queryset=None, required=False, empty_label=_("社区公共区域"))
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"placeholder": _("如：1栋2单元101")}))
    photos = PhotosField(label=_("照片（选填，最多6张）"))
    lat = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    long = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = _category_field()
        self.fields["place"].queryset = places_in([community])
        self.fields["place"].label_from_instance = _place_label


class StaffCaseForm(forms.Form):
    """代居民登记 (grid visit, window, hotline): a registered resident of the area, or a caller's name and phone."""

    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    channel = forms.ChoiceField(label=_("来源渠道"), choices=STAFF_CHANNELS)
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=None, empty_label=_("请选择类别"))
    title = forms.CharField(label=_("标题"), max_length=120, required=False,
                            help_text=_("不填则取诉求内容的开头"))
    description = forms.CharField(label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.ModelChoiceField(label=_("发生地点"), queryset=None, required=False, empty_label=_("社区公共区域"))
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    reporter = forms.ModelChoiceField(label=_("诉求人（已登记居民）"), queryset=None, required=False,
                                      empty_label=_("未登记：填写下方姓名电话"))
    reporter_name = forms.CharField(label=_("诉求人姓名"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("诉求人电话"), max_length=20, required=False)
    photos = PhotosField(label=_("照片（选填，最多6张）"))

    def __init__(self, *args, communities, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk
        self.fields["category"] = _category_field()
        self.fields["place"].queryset = places_in(communities)
        self.fields["place"].label_from_instance = _place_label
        self.fields["reporter"].queryset = people
        self.fields["reporter"].label_from_instance = lambda p: f"{p.name} · {p.home.name}"
        self.order_fields(["community", "channel", "category", "title", "description", "place", "address",
                           "reporter", "reporter_name", "reporter_phone", "photos"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300)


class ContactForm(forms.Form):
    note = forms.CharField(label=_("联系情况"), max_length=300, widget=forms.TextInput(attrs={
        "placeholder": _("如：已电话联系诉求人，约定下午上门查看")}))


class PublicWordingForm(forms.Form):
    wording = forms.CharField(label=_("公开表述"), max_length=300, required=False, widget=forms.Textarea(attrs={
        "rows": 2, "placeholder": _("如：五美小区路灯不亮，已报修（不写姓名、电话、楼栋楼层）")}),
        help_text=_("Open311 与公开栏只显示这段经审定的表述；留空则不公开诉求内容"))


class TransferForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("移交给"), queryset=None, empty_label=_("请选择"))
    reason = forms.CharField(label=_("移交理由"), max_length=300)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = candidates


class WhistleForm(forms.Form):
    departments = ModelMultipleChoiceField(label=_("吹哨部门"), queryset=None,
                                                 widget=forms.CheckboxSelectMultiple)
    request = forms.CharField(label=_("吹哨事由与请求"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments
        self.fields["departments"].label_from_instance = lambda d: f"{d.name}（{d.home.name}）"


class MeetingForm(forms.Form):
    held_at = DateTimeField(label=_("召开时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                  widget=DATETIME)
    place = forms.CharField(label=_("地点"), max_length=120)
    departments = ModelMultipleChoiceField(label=_("参会部门"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    participants = forms.CharField(label=_("参会人员"), max_length=500)
    minutes = forms.CharField(label=_("会议纪要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    agreement = forms.CharField(label=_("议定事项"), max_length=5000, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments
        self.fields["departments"].label_from_instance = lambda d: d.name


class ResolveForm(forms.Form):
    result = forms.CharField(label=_("办理结果"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportWhistleForm(forms.Form):
    note = forms.CharField(label=_("报到说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("如：已安排民警今日下午到场")}))


class CompleteWhistleForm(forms.Form):
    action = forms.CharField(label=_("办理情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("赋分（0–100）"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("赋分说明"), max_length=300, required=False)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("您对办理结果是否满意"), choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见（选填）"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ResponsibilityForm(forms.Form):
    kind = forms.ChoiceField(label=_("事项类型"), choices=MatterKind.choices)
    parent = forms.ModelChoiceField(label=_("上级事项"), queryset=None, required=False,
                                    empty_label=_("无（作为一级“类”）"))
    title = forms.CharField(label=_("事项名称"), max_length=200)
    basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    departments = ModelMultipleChoiceField(label=_("责任部门"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    case_categories = ModelMultipleChoiceField(label=_("对应诉求类别"), queryset=None, required=False,
                                                     widget=forms.CheckboxSelectMultiple)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, initial=100)

    def __init__(self, *args, parents, departments, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda r: f"{'　' * (r.level - 1)}{r.title}（{r.get_kind_display()}）"
        self.fields["departments"].queryset = departments
        self.fields["case_categories"].queryset = CaseCategory.objects.order_by("order", "code")
        if editing:
            del self.fields["kind"]
            del self.fields["parent"]


class CategoryLimitsForm(forms.Form):
    urgency = forms.ChoiceField(label=_("时限类别"), choices=Urgency.choices)
    resolution_counting = forms.ChoiceField(label=_("办结时限计算方式"), choices=Counting.choices)
    resolution_hours = forms.IntegerField(label=_("办结时限（小时）"), min_value=0, max_value=10000, initial=0)
    resolution_days = forms.IntegerField(label=_("办结时限（工作日）"), min_value=0, max_value=10000, initial=0)
    response_counting = forms.ChoiceField(label=_("报到时限计算方式"),
                                          choices=[c for c in Counting.choices if c[0] != Counting.WORKING_DAYS])
    response_hours = forms.IntegerField(label=_("报到时限（小时）"), min_value=1, max_value=10000)
    contact_hours = forms.IntegerField(label=_("联系诉求人时限（小时）"), min_value=1, max_value=10000)
    confirm_days = forms.IntegerField(label=_("确认时限（自然日）"), min_value=1, max_value=10000)
    active = forms.BooleanField(label=_("启用"), required=False)
