from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import DateField, ModelChoiceField
from gongzhi.core.listing import as_id
from gongzhi.people.models import Gender, TeamKind


class PersonForm(forms.Form):
    """Community staff correct a resident's register entry; validation is the service's."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Gender.choices], required=False)
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900, max_value=2100)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)


class RegisterPersonForm(PersonForm):
    """登记居民: the home is picked as neighbourhood, then (optionally) building, loaded with htmx."""

    neighbourhood = forms.ModelChoiceField(label=_("小区/院落"), queryset=None, empty_label=_("请选择小区/院落"))
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=None, required=False, empty_label=_("不选楼栋"),
                                      help_text=_("选择小区后加载；不选则登记到小区"))

    field_order = ["name", "gender", "birth_year", "phone", "id_number", "neighbourhood", "building"]

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        from gongzhi.regions.models import RegionNode

        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["neighbourhood"].label_from_instance = lambda n: f"{n.parent.name} · {n.name}"
        self.fields["neighbourhood"].widget.attrs.update({
            "hx-get": reverse_lazy("people:building_options"), "hx-target": "#id_building", "hx-trigger": "change"})
        chosen = self.data.get("neighbourhood") if self.is_bound else None
        self.fields["building"].queryset = (RegionNode.objects.filter(parent_id=as_id(chosen), kind="building")
                                            if as_id(chosen) else RegionNode.objects.none())

    @property
    def home(self):
        return self.cleaned_data.get("building") or self.cleaned_data.get("neighbourhood")


# --- volunteer teams ---------------------------------------------------------------------------------------------

class TeamJoinForm(forms.Form):
    """A registered volunteer joins the team: found by phone number or name among the people the user sees."""

    volunteer = forms.CharField(label=_("志愿者"), max_length=50, help_text=_("输入志愿者的手机号或姓名（同名时请用手机号）"))
    on = DateField(label=_("入队日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class TeamLeaveForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    on = DateField(label=_("离队日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CaptainForm(forms.Form):
    volunteer = forms.TypedChoiceField(label=_("队长"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [("", _("（不设队长）")), *[(m.membership.volunteer_id, m.name) for m in members]]


class TeamForm(forms.Form):
    """成立志愿服务队: the community (one the user keeps the register of), name, kind and speciality."""

    community = ModelChoiceField(label=_("所属社区"), queryset=None, empty_label=_("请选择社区"))
    name = forms.CharField(label=_("队伍名称"), max_length=100)
    kind = forms.ChoiceField(label=_("队伍类别"), choices=TeamKind.choices)
    speciality = forms.CharField(label=_("服务方向"), max_length=100, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name


class TeamEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("队伍类别"), choices=TeamKind.choices)
    speciality = forms.CharField(label=_("服务方向"), max_length=100, required=False)
