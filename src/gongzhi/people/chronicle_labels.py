"""Labels of the people actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "person.registered": _("登记人员"), "person.updated": _("修改人员信息"), "person.account_linked": _("关联账号"),
    "person.party_member_registered": _("登记党员"), "person.reported_to_community": _("在职党员到社区报到"),
    "person.volunteer_registered": _("登记志愿者"), "volunteer_team.created": _("成立志愿服务队"),
})

register_actions({
    "volunteer_team.joined": _("队员入队"), "volunteer_team.left": _("队员离队"),
    "volunteer_team.captain_set": _("设定队长"), "volunteer_team.updated": _("修改志愿服务队"),
})
