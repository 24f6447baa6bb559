from ninja import Router

router = Router(tags=["三率考评"])
