"""Labels of the region actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "region.created": _("新增区划"), "region.renamed": _("区划更名"), "grid.created": _("划分网格"),
})
