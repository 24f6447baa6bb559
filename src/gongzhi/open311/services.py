"""Every write of the Open311 interface: issuing and revoking client keys, drawing service areas, and turning a
POSTed service request into an ordinary case through `gongzhi.cases.services.report_case` — same ownership,
whistles and deadlines as a case reported at the window.

Chronicle entries name the client, never its key; the personal data a client sends (name, phone, email) goes to
the case only and never into the chronicle."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.cases import services as cases
from gongzhi.cases.models import CaseCategory, CaseChannel
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.open311.models import ApiClient, RequestToken, ServiceArea
from gongzhi.open311.selectors import Location
from gongzhi.regions.models import RegionKind, RegionNode

KEY_PREFIX = "gz311_"
TITLE_LENGTH = 30


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _require_admin(actor) -> None:
    """actor None is the system itself (management commands, demo data)."""
    if actor is not None and not actor.has_role("system_admin"):
        raise PermissionDenied(_("只有系统管理员可以管理 Open311 客户端和服务范围。"))


@transaction.atomic
def issue_client(*, actor, name: str) -> tuple[ApiClient, str]:
    """A new client and its key. The key is returned once and stored only as its SHA-256 hash."""
    _require_admin(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("请填写客户端名称。")})
    if len(name) > 80:
        raise ValidationError({"name": _("客户端名称最多 80 个字符。")})
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError({"name": _("已有同名的 Open311 客户端。")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_hash=hash_key(key), key_prefix=key[:10], created_at=clock.now())
    record(client, "open311.client_issued", actor, {"name": name, "key_prefix": client.key_prefix})
    return client, key


@transaction.atomic
def revoke_client(*, actor, client: ApiClient) -> ApiClient:
    _require_admin(actor)
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.active:
        raise ValidationError(_("该客户端的密钥已经停用。"))
    client.active = False
    client.revoked_at = clock.now()
    client.save(update_fields=["active", "revoked_at"])
    record(client, "open311.client_revoked", actor, {"name": client.name, "key_prefix": client.key_prefix})
    return client


@transaction.atomic
def define_service_area(*, actor, community: RegionNode, lat: Decimal | float | str, long: Decimal | float | str,
                        radius_m: int, name: str = "") -> ServiceArea:
    """A circle of `radius_m` metres around (lat, long) that `community` answers for."""
    _require_admin(actor)
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("服务范围只能属于社区。")})
    try:
        lat, long = Decimal(str(lat)).quantize(Decimal("0.000001")), Decimal(str(long)).quantize(Decimal("0.000001"))
    except ArithmeticError as exc:
        raise ValidationError(_("经纬度必须是数字。")) from exc
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise ValidationError(_("经纬度超出范围。"))
    if not 0 < int(radius_m) <= 20000:
        raise ValidationError({"radius_m": _("半径应在 1 到 20000 米之间。")})
    area = ServiceArea.objects.create(community=community, name=name[:80], lat=lat, long=long, radius_m=int(radius_m))
    record(area, "open311.area_defined", actor, {"lat": str(lat), "long": str(long), "radius_m": area.radius_m})
    return area


def reporter_name(first_name: str, last_name: str) -> str:
    """Chinese order (family name first) unless both parts are Latin script."""
    if (first_name + last_name).isascii():
        return " ".join(p for p in (first_name, last_name) if p)
    return f"{last_name}{first_name}"


def _title(description: str, category: CaseCategory) -> str:
    first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if not first_line:
        return category.name
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1] + "…"


@transaction.atomic
def submit_request(*, client: ApiClient, category: CaseCategory, location: Location, description: str = "",
                   address: str = "", lat: Decimal | None = None, long: Decimal | None = None,
                   attributes: dict | None = None, first_name: str = "", last_name: str = "", phone: str = "",
                   email: str = "", media_url: str = "") -> RequestToken:
    """A POSTed service request becomes a case (the case service validates category, place and attributes and
    raises ValidationError keyed by attribute code); the token row remembers which client sent it."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.active:
        raise PermissionDenied(_("该客户端的密钥已经停用。"))
    now = clock.now()
    case = cases.report_case(
        actor=None, category=category, community=location.community, place=location.place,
        title=_title(description, category), description=description or category.name,
        channel=CaseChannel.OPEN311, address=address, lat=lat, long=long,
        reporter_name=reporter_name(first_name, last_name), reporter_phone=phone, reporter_email=email,
        attributes=attributes or {}, client_name=client.name,
    )
    token = RequestToken.objects.create(token=secrets.token_hex(16), case=case, client=client, media_url=media_url,
                                        created_at=now)
    client.last_used_at = now
    client.save(update_fields=["last_used_at"])
    record(token, "open311.request_submitted", None,
           {"client": client.name, "case": case.number, "service_code": category.code})
    return token
