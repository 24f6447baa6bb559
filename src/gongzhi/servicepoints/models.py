"""服务阵地: service points (红色驿站, 社区食堂/助餐点, 老年活动中心, 日间照料中心, 单位服务点, 商户), the coordinates of
neighbourhoods (the region tree has none) and the district's bounding box that every coordinate must lie in.

Coordinates are WGS-84 degrees (what a phone's GPS and the Open Referral HSDS export use), six decimals (~0.1 m)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode


class PointKind(models.TextChoices):
    RED_STATION = "red_station", _("红色驿站")
    CANTEEN = "canteen", _("社区食堂/助餐点")
    ELDERLY_CENTRE = "elderly_centre", _("老年活动中心")
    DAY_CARE = "day_care", _("日间照料中心")
    UNIT_POINT = "unit_point", _("单位服务点")
    MERCHANT = "merchant", _("商户")


class Offering(models.TextChoices):
    """What a point offers; a resident filters the directory by these needs."""

    HOT_WATER = "hot_water", _("热水")
    REST = "rest", _("歇脚休息")
    CHARGING = "charging", _("手机充电")
    TOILET = "toilet", _("如厕")
    FIRST_AID = "first_aid", _("应急药箱")
    MEALS = "meals", _("助餐")
    ELDERLY_DISCOUNT = "elderly_discount", _("老年人就餐优惠")
    MEAL_DELIVERY = "meal_delivery", _("送餐上门")
    DAY_CARE = "day_care", _("日间照料")
    ACTIVITIES = "activities", _("文体活动")
    HEALTH = "health", _("健康咨询")
    REPAIRS = "repairs", _("便民维修")
    HAIRCUT = "haircut", _("便民理发")
    READING = "reading", _("读书看报")


WEEKDAYS = "1234567"  # Monday … Sunday, as ISO weekday numbers


class ServiceArea(models.Model):
    """The bounding box of a district (or street): every service point and neighbourhood below it must lie inside.
    Also what the HSDS export needs of an address (province, postal code)."""

    region = models.OneToOneField(RegionNode, on_delete=models.PROTECT, related_name="service_area",
                                  verbose_name=_("区划"))
    min_lat = models.DecimalField(_("最南纬度"), max_digits=9, decimal_places=6)
    max_lat = models.DecimalField(_("最北纬度"), max_digits=9, decimal_places=6)
    min_lon = models.DecimalField(_("最西经度"), max_digits=9, decimal_places=6)
    max_lon = models.DecimalField(_("最东经度"), max_digits=9, decimal_places=6)
    province = models.CharField(_("省份"), max_length=40, default="广西壮族自治区")
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        verbose_name = _("地理范围")
        verbose_name_plural = _("地理范围")
        constraints = [
            models.CheckConstraint(name="service_area_box_in_order",
                                   condition=Q(max_lat__gt=F("min_lat")) & Q(max_lon__gt=F("min_lon"))),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}"

    def holds(self, lat, lon) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    def chronicle_region_path(self) -> str:
        return self.region.path


class NeighbourhoodLocation(models.Model):
    """Where a neighbourhood (小区/院落) lies: its gate or centre, set by staff."""

    neighbourhood = models.OneToOneField(RegionNode, on_delete=models.PROTECT, related_name="location",
                                         verbose_name=_("小区/院落"))
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        verbose_name = _("小区位置")
        verbose_name_plural = _("小区位置")
        ordering = ["neighbourhood__path"]
        constraints = [
            models.CheckConstraint(name="neighbourhood_location_on_earth",
                                   condition=Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180)),
        ]

    def __str__(self) -> str:
        return self.neighbourhood.name

    def chronicle_region_path(self) -> str:
        return self.neighbourhood.path


class ServicePoint(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="service_points",
                                  verbose_name=_("社区"))
    kind = models.CharField(_("类别"), max_length=20, choices=PointKind.choices)
    name = models.CharField(_("名称"), max_length=limits.NAME)
    description = models.TextField(_("简介"), blank=True, max_length=limits.NOTE)
    offerings = models.JSONField(_("服务内容"), default=list)
    elderly_discount = models.DecimalField(_("老年人就餐优惠（元）"), max_digits=5, decimal_places=2, null=True,
                                           blank=True)
    address = models.CharField(_("地址"), max_length=limits.SHORT_TEXT)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    open_24h = models.BooleanField(_("24小时开放"), default=False)
    opens_at = models.TimeField(_("开放时间"), null=True, blank=True)
    closes_at = models.TimeField(_("关闭时间"), null=True, blank=True)
    days = models.CharField(_("开放日"), max_length=7, default=WEEKDAYS)
    operator = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="service_points", verbose_name=_("运营单位"))
    active = models.BooleanField(_("在用"), default=True)
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["community__path", "kind", "name"]
        indexes = [models.Index(fields=["active", "lat", "lon"], name="servicepoint_active_lat_lon")]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="servicepoint_name_unique_in_community"),
            models.CheckConstraint(name="servicepoint_on_earth",
                                   condition=Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180)),
            models.CheckConstraint(name="servicepoint_hours_in_order",
                                   condition=Q(open_24h=True) | Q(opens_at__isnull=False, closes_at__isnull=False,
                                                                  closes_at__gt=F("opens_at"))),
            models.CheckConstraint(name="servicepoint_discount_positive",
                                   condition=Q(elderly_discount__isnull=True) | Q(elderly_discount__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def offering_labels(self) -> list[str]:
        labels = dict(Offering.choices)
        return [str(labels[o]) for o in self.offerings if o in labels]

    @property
    def hours_label(self) -> str:
        """24小时开放 / 每天 07:00—19:00 / 周一至周五 08:00—17:30 / 周一、三、五 …"""
        if self.open_24h:
            return str(_("24小时开放"))
        return f"{days_label(self.days)} {self.opens_at:%H:%M}—{self.closes_at:%H:%M}"

    @property
    def discount_label(self) -> str:
        """老年人就餐正常价优惠2元 (the wording canteens use)."""
        if self.elderly_discount is None:
            return ""
        amount = f"{self.elderly_discount.normalize():f}"
        return str(_("老年人就餐正常价优惠%(yuan)s元") % {"yuan": amount})


DAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")


def days_label(days: str) -> str:
    if days == WEEKDAYS:
        return str(_("每天"))
    if days == "12345":
        return str(_("周一至周五"))
    if days == "123456":
        return str(_("周一至周六"))
    return str(_("周")) + "、".join(DAY_NAMES[int(d) - 1] for d in days)
