"""Labels of the partners actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "partners.applied": _("提交合伙申请"), "partners.approved": _("批准入伙并签订合伙协议"),
    "partners.rejected": _("合伙申请未通过"), "partners.ended": _("合伙人退出"),
    "partners.project_created": _("登记合伙人项目"), "partners.project_published": _("公开合伙人项目"),
    "partners.project_closed": _("合伙人项目结项"), "partners.alliance_created": _("成立商家联盟"),
    "partners.member_added": _("商户加入联盟"), "partners.member_removed": _("商户退出联盟"),
    "partners.offer_created": _("登记商家优惠"), "partners.offer_published": _("发布商家优惠"),
    "partners.offer_withdrawn": _("撤下商家优惠"),
})
