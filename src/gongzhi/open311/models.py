"""Open311 GeoReport v2: the external clients allowed to submit requests (their API keys kept as SHA-256 hashes
only), one row per submitted request mapping its token to the case it created, and the service areas that turn a
latitude/longitude into the community that owns the problem."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case
from gongzhi.regions.models import RegionKind, RegionNode


class ApiClient(models.Model):
    """An application (a city hotline, a WeChat mini program, a partner's app) that may POST service requests.
    The key is shown once when the client is created; only its SHA-256 hash and a short prefix are stored."""

    name = models.CharField(_("客户端名称"), max_length=80, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("密钥前缀"), max_length=16, editable=False,
                                  help_text=_("仅用于辨认密钥，完整密钥只在签发时显示一次"))
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("签发时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311客户端")
        verbose_name_plural = _("Open311客户端")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(active=True) | Q(revoked_at__isnull=False),
                                   name="open311_client_revoked_has_time"),
        ]

    def __str__(self) -> str:
        return self.name


class RequestToken(models.Model):
    """One POSTed service request: the token a client may trade for the service_request_id
    (GET tokens/{token}), the client that sent it and the media URL it gave. Personal data the client sent
    (name, phone, email) lives on the case only, behind the case's own permissions."""

    token = models.CharField(max_length=32, unique=True)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="open311_request")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="requests")
    media_url = models.URLField(_("媒体链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("Open311提交记录")
        verbose_name_plural = _("Open311提交记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.token

    def chronicle_region_path(self) -> str:
        return self.case.community.path


class ServiceArea(models.Model):
    """A circle (centre and radius) a community answers for. A community may have several circles; a point
    belongs to the area whose centre is nearest among those that contain it."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="open311_areas",
                                  limit_choices_to={"kind": RegionKind.COMMUNITY}, verbose_name=_("社区"))
    name = models.CharField(_("说明"), max_length=80, blank=True)
    lat = models.DecimalField(_("中心纬度"), max_digits=9, decimal_places=6)
    long = models.DecimalField(_("中心经度"), max_digits=9, decimal_places=6)
    radius_m = models.PositiveIntegerField(_("半径（米）"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务范围")
        verbose_name_plural = _("服务范围")
        ordering = ["community__path", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="open311_area_lat_range"),
            models.CheckConstraint(condition=Q(long__gte=-180, long__lte=180), name="open311_area_long_range"),
            models.CheckConstraint(condition=Q(radius_m__gt=0, radius_m__lte=20000),
                                   name="open311_area_radius_range"),
        ]

    def __str__(self) -> str:
        return f"{self.community.name} {self.name}".strip()

    def chronicle_region_path(self) -> str:
        return self.community.path

    def clean(self) -> None:
        if self.community_id and self.community.kind != RegionKind.COMMUNITY:
            raise ValidationError({"community": _("服务范围只能属于社区。")})
