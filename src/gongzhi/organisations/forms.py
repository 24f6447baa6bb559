from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.models import Organisation


class OrganisationForm(forms.ModelForm):
    """What staff and the unit's own liaison maintain; name, kind and home are fixed by the register."""

    class Meta:
        model = Organisation
        fields = ["short_name", "partner_type", "supervising_department", "address", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["supervising_department"].queryset = departments
        self.fields["supervising_department"].empty_label = _("（无）")


class RegisterOrganisationForm(forms.ModelForm):
    """新增驻区单位, with its first contact (usually the co-construction liaison)."""

    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_title = forms.CharField(label=_("职务"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "partner_type", "home", "supervising_department", "address",
                  "credit_code", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, homes, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes
        self.fields["home"].empty_label = _("请选择所在社区")
        self.fields["kind"].choices = [("", _("请选择单位类别")), *self.fields["kind"].choices[1:]]
        self.fields["home"].label_from_instance = lambda n: f"{n.parent.name} · {n.name}"
        self.fields["supervising_department"].queryset = departments
        self.fields["supervising_department"].empty_label = _("（无）")

    def validate_unique(self):
        """Uniqueness is checked by the service (with a message naming the unit)."""
