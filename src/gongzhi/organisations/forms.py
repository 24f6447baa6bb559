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
