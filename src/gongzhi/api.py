"""The JSON API at /api/v1/ (django-ninja). Each app contributes a router from its own `api.py`; every
endpoint starts from the same scoped querysets as the pages, so out-of-scope objects are 404 here too."""

from django.core.exceptions import ValidationError
from ninja import NinjaAPI
from ninja.security import django_auth

from gongzhi.accounts.api import router as accounts_router
from gongzhi.cases.api import router as cases_router
from gongzhi.contracts.api import router as contracts_router
from gongzhi.disputes.api import router as disputes_router
from gongzhi.evaluation.api import router as evaluation_router
from gongzhi.lists.api import router as lists_router
from gongzhi.orders.api import router as orders_router
from gongzhi.organisations.api import router as organisations_router
from gongzhi.party.api import router as party_router
from gongzhi.people.api import router as people_router
from gongzhi.rates.api import router as rates_router
from gongzhi.regions.api import router as regions_router
from gongzhi.wishes.api import router as wishes_router

api = NinjaAPI(
    title="共治 Gongzhi API",
    version="1",
    description="社区党建共建共治共享平台接口。Session authentication (log in at /accounts/login/).",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": messages}, status=400)


api.add_router("/", accounts_router)
api.add_router("/regions", regions_router)
api.add_router("/organisations", organisations_router)
api.add_router("/party-organisations", party_router)
api.add_router("/people", people_router)
api.add_router("/lists", lists_router)
api.add_router("/contracts", contracts_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/orders", orders_router)
api.add_router("/wishes", wishes_router)
api.add_router("/cases", cases_router)
api.add_router("/disputes", disputes_router)
api.add_router("/rates", rates_router)
