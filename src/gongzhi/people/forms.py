from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.people.models import Gender


class PersonForm(forms.Form):
    """Community staff correct a resident's register entry; validation is the service's."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Gender.choices], required=False)
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900, max_value=2100)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
