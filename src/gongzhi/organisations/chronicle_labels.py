"""Labels of the organisation actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "organisation.created": _("登记驻区单位"), "organisation.updated": _("修改单位信息"),
    "organisation.contact_added": _("添加单位联系人"), "department.created": _("登记职能部门"),
})
