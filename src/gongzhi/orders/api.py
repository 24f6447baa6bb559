from ninja import Router

router = Router(tags=["点单服务"])
