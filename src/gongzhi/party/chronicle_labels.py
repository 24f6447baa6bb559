"""Labels of the party actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "party_org.created": _("建立党组织"), "party_org.big_committee_joined": _("加入大党委"),
})
