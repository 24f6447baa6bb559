"""GeoReport v2 endpoints (plain Django views: no session, no CSRF — clients authenticate POSTs with api_key).

Each view receives the format from the URL (`.json` or `.xml`), reads its parameters, calls a selector or one
service, and answers in that format; every failure is an Open311Error answered in the spec's error format."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    ValidationError,
)
from django.core.validators import EmailValidator, URLValidator
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from gongzhi.cases.models import AttributeType
from gongzhi.chronicle.versions import cached
from gongzhi.open311 import params as p
from gongzhi.open311 import selectors
from gongzhi.open311.formats import FORMATS, MIME_TYPES, Open311Error, error_response, respond, w3c
from gongzhi.open311.permissions import check_rate, client_for_key
from gongzhi.open311.services import submit_request

logger = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
TOKEN_HEADER = "X-Open311-Token"
# Case-service field → the Open311 parameter a client should fix.
PARAMETER_OF_FIELD = {
    "category": "service_code", "community": "address_string", "place": "address_id", "address": "address_string",
    "title": "description", "description": "description", "reporter_name": "first_name/last_name",
    "reporter_phone": "phone", "reporter_email": "email", "lat": "lat", "long": "long", "photos": "media",
}


def endpoint(*methods: str):
    """Format check, method check, jurisdiction check, and spec-format errors around a view."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            if fmt not in FORMATS:
                return error_response("json", Open311Error(
                    404, _("不支持的格式 .%(fmt)s：请使用 .json 或 .xml。") % {"fmt": fmt[:20]}))
            if request.method not in allowed:
                response = error_response(fmt, Open311Error(
                    405, _("此资源不支持 %(method)s 请求，可用：%(allowed)s。")
                    % {"method": request.method[:10], "allowed": ", ".join(sorted(methods))}))
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                params = request.POST if request.method == "POST" else request.GET
                selectors.check_jurisdiction(params)
                if request.method == "POST":
                    selectors.check_jurisdiction(request.GET)
                response = view(request, fmt, params, **kwargs)
            except Open311Error as error:
                response = error_response(fmt, error)
            except (RequestDataTooBig, TooManyFieldsSent):
                response = error_response(fmt, Open311Error(400, _("请求过大或参数过多。")))
            except (MultiPartParserError, UnreadablePostError, SuspiciousOperation):
                response = error_response(fmt, Open311Error(400, _("无法读取请求内容：请按 application/x-www-form-urlencoded 提交。")))
            except Exception:
                logger.exception("open311: unexpected failure on %s", request.path)
                response = error_response(fmt, Open311Error(500, _("服务器内部错误，请稍后重试或联系平台管理员。")))
            if request.method in ("GET", "HEAD"):
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return inner

    return wrap


@endpoint("GET")
def discovery(request, fmt, params):
    changeset = w3c(selectors.changeset())
    url = getattr(settings, "GONGZHI_OPEN311_URL", "") or request.build_absolute_uri(reverse("open311:root"))
    return respond(fmt, "discovery", {
        "changeset": changeset,
        "contact": getattr(settings, "GONGZHI_OPEN311_CONTACT", _("共治平台 Open311 接口，由平台系统管理员维护；问题请联系所在城区的平台管理员。")),
        "key_service": getattr(settings, "GONGZHI_OPEN311_KEY_SERVICE", _("提交诉求需要 api_key：请向平台系统管理员申请，管理员运行 gongzhi open311-key 客户端名称 签发（密钥只显示一次）。")),
        "endpoints": [{"specification": SPECIFICATION, "url": url.rstrip("/"), "changeset": changeset, "type": "production",
                       "formats": MIME_TYPES}],
    })


@endpoint("GET")
def services(request, fmt, params):
    return respond(fmt, "services", selectors.service_list())


@endpoint("GET")
def service_definition(request, fmt, params, code: str):
    category = selectors.get_category(p.clean(code))
    return respond(fmt, "service_definition", selectors.service_definition(category))


@endpoint("GET", "POST")
def requests(request, fmt, params):
    if request.method == "POST":
        return _create(request, fmt, params)
    def build() -> str:
        cases = selectors.find_requests(
            ids=p.comma_list(params, "service_request_id"), codes=p.comma_list(params, "service_code"),
            start=p.w3c_datetime(params, "start_date"), end=p.w3c_datetime(params, "end_date"),
            statuses=p.comma_list(params, "status"))
        return respond(fmt, "service_requests", selectors.request_items(cases)).content.decode()

    # public and the same for every client: built once per change anywhere in the city (chronicle.versions); a
    # bad parameter raises Open311Error from build(), so nothing is cached for it
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    return HttpResponse(cached("open311_requests", "", build, extra=f"{fmt}?{query}"), content_type=FORMATS[fmt])


@endpoint("GET")
def service_request(request, fmt, params, number: str):
    return respond(fmt, "service_requests", selectors.request_items([selectors.get_request(p.clean(number))]))


@endpoint("GET")
def token(request, fmt, params, token: str):
    found = selectors.get_token(p.clean(token))
    return respond(fmt, "service_requests", [{"service_request_id": found.case.number, "token": found.token}])


@csrf_exempt
def not_found(request, rest: str = ""):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return error_response(fmt, Open311Error(404, _("没有这个资源：%(path)s。可用资源见 discovery.json。") % {"path": rest[:80]}))


def root(request):
    return discovery(request, "json")


# --- POST requests ------------------------------------------------------------------------------------------

def _attributes(params, category) -> dict:
    """attribute[...] parameters shaped by the service definition: a multivaluelist is always a list, any other
    datatype a single value."""
    given = p.attributes(params)
    datatypes = dict(category.attributes.values_list("code", "datatype"))
    shaped = {}
    for code, value in given.items():
        if datatypes.get(code) == AttributeType.MULTI:
            shaped[code] = value if isinstance(value, list) else [value]
        elif isinstance(value, list):
            if len(value) > 1:
                raise Open311Error(400, _("attribute[%(code)s] 只能选择一个值。") % {"code": code})
            shaped[code] = value[0]
        else:
            shaped[code] = value
    return shaped


def _descriptions(error: ValidationError, attribute_codes: set[str]) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    out = []
    for field, messages in error.message_dict.items():
        if field in attribute_codes:
            name = f"attribute[{field}]"
        else:
            name = PARAMETER_OF_FIELD.get(field, "" if field == "__all__" else field)
        out.extend(f"{name}: {m}" if name else str(m) for m in messages)
    return out


def _create(request, fmt, params):
    client = client_for_key(params.get("api_key", ""))
    check_rate(client)
    category = selectors.get_category(p.text(params, "service_code", max_length=60))
    coordinates = p.coordinates(params)
    address_string = p.text(params, "address_string", max_length=200)
    location = selectors.locate(address_id=p.text(params, "address_id", max_length=40),
                                address_string=address_string, coordinates=coordinates)
    email = p.text(params, "email", max_length=254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise Open311Error(400, _("email 格式不正确。")) from exc
    media_url = p.text(params, "media_url", max_length=500)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as exc:
            raise Open311Error(400, _("media_url 必须是 http 或 https 链接。")) from exc
    account_id = p.text(params, "account_id", max_length=100)
    p.text(params, "device_id", max_length=100)  # accepted and checked, not kept (nothing needs it)
    attributes = _attributes(params, category)
    try:
        submitted = submit_request(
            client=client, category=category, location=location,
            description=p.text(params, "description", max_length=4000, multiline=True), address=address_string,
            lat=coordinates[0] if coordinates else None, long=coordinates[1] if coordinates else None,
            attributes=attributes, first_name=p.text(params, "first_name", max_length=24),
            last_name=p.text(params, "last_name", max_length=24), phone=p.text(params, "phone", max_length=20),
            email=email, media_url=media_url)
    except ValidationError as exc:
        codes = set(category.attributes.values_list("code", flat=True))
        raise Open311Error(400, *_descriptions(exc, codes)) from exc
    except PermissionDenied as exc:
        raise Open311Error(403, str(exc) or _("api_key 已停用，无法提交诉求。")) from exc
    return respond(fmt, "service_requests", [{
        "service_request_id": submitted.case.number,
        "service_notice": selectors.service_notice(category),
        "account_id": account_id or None,
    }], headers={TOKEN_HEADER: submitted.token})
