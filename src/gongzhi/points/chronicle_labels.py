"""Labels of the points actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({})
register_actions({
    "points.hours": _("志愿服务积分入账"), "points.good_deed": _("好人好事积分入账"),
    "points.redemption": _("积分兑换扣减"), "points.refund": _("取消兑换退还积分"),
    "points.reversal": _("冲正积分"), "points.adjustment": _("人工调整积分"),
    "points.rule_set": _("设置积分规则"), "points.deed_awarded": _("奖励好人好事"),
    "points.item_created": _("积分超市上架商品"), "points.item_restocked": _("积分超市库存变动"),
    "points.item_changed": _("修改积分超市商品"), "points.redeemed": _("兑换商品"),
    "points.picked_up": _("确认领取兑换商品"), "points.redemption_cancelled": _("取消兑换"),
})
