from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.people.models import Gender


class PersonForm(forms.Form):
    """Community staff correct a resident's register entry; validation is the service's."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Gender.choices], required=False)
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900, max_value=2100)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)


class RegisterPersonForm(PersonForm):
    """登记居民: the home is picked as neighbourhood, then (optionally) building, loaded with htmx."""

    neighbourhood = forms.ModelChoiceField(label=_("小区/院落"), queryset=None)
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=None, required=False,
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
        self.fields["building"].queryset = (RegionNode.objects.filter(parent_id=chosen, kind="building")
                                            if chosen and str(chosen).isdigit() else RegionNode.objects.none())

    @property
    def home(self):
        return self.cleaned_data.get("building") or self.cleaned_data.get("neighbourhood")
