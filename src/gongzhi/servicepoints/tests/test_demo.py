"""The demo's service points (`gongzhi.demo.servicepoints_demo.load`) on the personas' 象山街道: the box, every
neighbourhood located, the points through the services, an export that validates and a circle with gaps."""

from types import SimpleNamespace

from gongzhi.chronicle.services import verify
from gongzhi.demo import servicepoints_demo
from gongzhi.servicepoints import hsds, selectors
from gongzhi.servicepoints.models import ServicePoint
from gongzhi.servicepoints.tests.test_hsds import errors_of


def test_the_demo_service_points(world):
    builder = SimpleNamespace(admin=world.admin, demo_users=lambda: {"wumei": world.wumei_staff},
                              street_communities=lambda: [world.wumei, world.nanmen])
    counts = servicepoints_demo.load(builder)
    assert counts == {"service_points": 11, "located_neighbourhoods": 3}
    canteen = ServicePoint.objects.get(name="五美社区老饭桌")
    assert canteen.discount_label == "老年人就餐正常价优惠2元" and canteen.created_by == world.wumei_staff
    assert errors_of(hsds.export(world.xiangshan_street)) == []
    circle = selectors.circle(world.wumei)
    assert circle.located and any(r.gaps for r in circle.located)
    assert verify().ok
