"""The JSON API at /api/v1/ (django-ninja). Each app contributes a router from its own `api.py`; every
endpoint starts from the same scoped querysets as the pages, so out-of-scope objects are 404 here too."""

import logging

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as RequestValidationError
from ninja.security import django_auth

from gongzhi.accounts.api import router as accounts_router
from gongzhi.cases.api import router as cases_router
from gongzhi.contracts.api import router as contracts_router
from gongzhi.core.errors import json_error
from gongzhi.disputes.api import router as disputes_router
from gongzhi.elections.api import router as elections_router
from gongzhi.evaluation.api import router as evaluation_router
from gongzhi.lists.api import router as lists_router
from gongzhi.meetings.api import router as meetings_router
from gongzhi.notifications.api import router as notifications_router
from gongzhi.orders.api import router as orders_router
from gongzhi.organisations.api import router as organisations_router
from gongzhi.partners.api import router as partners_router
from gongzhi.party.api import router as party_router
from gongzhi.people.api import router as people_router
from gongzhi.points.api import router as points_router
from gongzhi.proposals.api import router as proposals_router
from gongzhi.rates.api import router as rates_router
from gongzhi.recognition.api import router as recognition_router
from gongzhi.regions.api import router as regions_router
from gongzhi.servicepoints.api import router as servicepoints_router
from gongzhi.spaces.api import router as spaces_router
from gongzhi.stewards.api import router as stewards_router
from gongzhi.talent.api import router as talent_router
from gongzhi.volunteering.api import router as volunteering_router
from gongzhi.wishes.api import router as wishes_router

api = NinjaAPI(
    title="共治 Gongzhi API",
    version="1",
    description="社区党建共建共治共享平台接口。Session authentication (log in at /accounts/login/).",
    auth=django_auth,
    urls_namespace="api",
)


logger = logging.getLogger("django.request")


# --- one place for the API's errors: every /api/v1/ error is JSON with a message ---------------------------

@api.exception_handler(Http404)
@api.exception_handler(PermissionDenied)
def not_found(request, exc):
    """Missing and "not yours" answer alike (never 403), so an error does not reveal that something exists."""
    return api.create_response(request, {"detail": _("未找到"), "message": _("未找到")}, status=404)


@api.exception_handler(ValidationError)
def refused(request, exc: ValidationError):
    """A service refused the input or the state change: 400 with its messages, keyed by field where it names one."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    text = "；".join(str(m) for field_messages in messages.values() for m in field_messages)
    return api.create_response(request, {"detail": messages, "message": text}, status=400)


@api.exception_handler(ValueError)
def bad_value(request, exc: ValueError):
    if isinstance(exc, pydantic.ValidationError):  # our own response failed its schema: a bug, not bad input
        return crashed(request, exc)
    return api.create_response(request, {"detail": {"__all__": [_("输入的值无效")]}, "message": _("输入的值无效")},
                               status=400)


@api.exception_handler(RequestValidationError)
def unreadable(request, exc: RequestValidationError):
    """The request does not fit the operation's schema (422): name each field and what is wrong with it."""
    fields = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        field = ".".join(location[1:] if location[:1] in (["query"], ["path"], ["body"], ["form"]) else location)
        if location[:2] == ["body", "payload"]:
            field = ".".join(location[2:]) or "payload"
        fields.append({"field": field or location[0] if location else "", "location": location[0] if location else "",
                       "message": error.get("msg", "")})
    message = "；".join(_("%(field)s：%(problem)s") % {"field": f["field"], "problem": f["message"]} for f in fields)
    return api.create_response(request, {"detail": exc.errors, "errors": fields,
                                         "message": _("请求参数有误：") + message}, status=422)


@api.exception_handler(Exception)
def crashed(request, exc: Exception):
    """A bug: logged with its traceback for us, a JSON 500 without one for the caller."""
    logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500,
                                                                                  "request": request})
    return api.create_response(request, {"detail": _("服务器内部错误"), "message": _("服务器内部错误")}, status=500)


class JsonErrorsMiddleware:
    """What happens outside an operation — an unknown path under /api/ (the URL resolver's 404), a method the
    path does not allow (405), a request refused before it reached the API (400, e.g. a NUL byte) — is JSON too,
    never Django's HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code in (400, 404, 405)
                and not response.get("Content-Type", "").startswith("application/json")):
            message = {400: _("请求无效"), 404: _("未找到"), 405: _("不允许的请求方法")}[response.status_code]
            json = json_error(message, response.status_code)
            if response.has_header("Allow"):
                json["Allow"] = response["Allow"]
            return json
        return response


api.add_router("/", accounts_router)
api.add_router("/notifications", notifications_router)
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
api.add_router("/volunteering", volunteering_router)
api.add_router("/points", points_router)
api.add_router("/recognition", recognition_router)
api.add_router("/talent", talent_router)
api.add_router("/partners", partners_router)
api.add_router("/spaces", spaces_router)
api.add_router("/meetings", meetings_router)
api.add_router("/proposals", proposals_router)
api.add_router("/stewards", stewards_router)
api.add_router("/elections", elections_router)
api.add_router("/servicepoints", servicepoints_router)
