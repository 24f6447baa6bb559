"""志愿服务 JSON API under /api/v1/volunteering: one router per area."""

from ninja import Router

from gongzhi.volunteering import api_activities, api_inservice, api_rosters

router = Router(tags=["志愿服务"])
router.add_router("", api_activities.router)
router.add_router("", api_rosters.router)
router.add_router("", api_inservice.router)
