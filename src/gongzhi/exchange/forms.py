from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.exchange.formats import XLSX_CONTENT_TYPE


class ImportForm(forms.Form):
    """Only that a file came; its type, size and content are checked by the import service."""

    file = forms.FileField(
        label=_("选择文件"),
        error_messages={"required": _("请选择要导入的 .xlsx 文件"), "empty": _("上传的文件是空的")},
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
