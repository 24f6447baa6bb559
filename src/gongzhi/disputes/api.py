from ninja import Router

router = Router(tags=["矛盾纠纷"])
