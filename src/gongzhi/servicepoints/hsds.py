"""The directory in the Open Referral Human Services Data Specification (HSDS 3.0.1) shape, so that other directories
can read it: organizations, services, locations and service_at_locations, each record valid against the official
JSON schemas vendored in `hsds_schema/` (checked by tests/test_hsds.py; `hsds_schema/export.json` ties them together).

Mapping: each point in use is one `location` (its coordinates, address, and opening hours as a weekly schedule) and one
`service` (what it offers, as taxonomy terms; the elderly meal discount as a cost option) run by its operator — or by
the community's residents' committee when no unit runs it; each published merchant offer valid today is one more
`service` of that merchant at the same location. Ids are UUIDs: a point's own, or UUIDv5 derived from a stable name.
Organisations only — no contact, no phone, no person; offer texts are scrubbed of numbers."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile

from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.privacy import scrub
from gongzhi.core.scope import ancestor_paths
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints.models import WEEKDAYS, Offering, PointKind, ServiceArea, ServicePoint
from gongzhi.servicepoints.permissions import public_points
from gongzhi.servicepoints.selectors import offers_for

HSDS_VERSION = "3.0.1"
NAMESPACE = uuid.UUID("6f1c2a0e-5b1d-4c1e-9a55-2d0c6a3e8b71")  # Gongzhi's namespace for derived ids
TAXONOMY = "gongzhi-servicepoints"
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TZ = "+08:00"


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _term(code: str, name: str, description: str) -> dict:
    return {"id": _id("term", code), "code": code, "name": name, "description": description, "taxonomy": TAXONOMY,
            "language": "zh"}


def _attribute(service_id: str, code: str, name: str, description: str) -> dict:
    term = _term(code, name, description)
    return {"id": _id("attribute", service_id, code), "link_id": service_id, "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": term["id"], "value": name, "taxonomy_term": term}


def _schedule(point: ServicePoint, service_id: str, location_id: str) -> dict:
    if point.open_24h:
        opens, closes = f"00:00{TZ}", f"23:59{TZ}"
    else:
        opens, closes = f"{point.opens_at:%H:%M}{TZ}", f"{point.closes_at:%H:%M}{TZ}"
    return {"id": _id("schedule", point.pk), "service_id": service_id, "location_id": location_id, "freq": "WEEKLY",
            "byday": ",".join(ICAL_DAYS[int(d) - 1] for d in (point.days or WEEKDAYS)), "opens_at": opens,
            "closes_at": closes, "timezone": 8, "description": point.hours_label}


def _places(points: list[ServicePoint]) -> dict[int, dict]:
    """City and district names and the bounding-box data (province, postal code) of every community (two queries)."""
    paths = {a for p in points for a in ancestor_paths(p.community.path)}
    nodes = {n.path: n for n in RegionNode.objects.filter(path__in=paths)}
    areas = {a.region.path: a for a in ServiceArea.objects.filter(region__path__in=paths).select_related("region")}
    found = {}
    for p in points:
        chain = [nodes[a] for a in ancestor_paths(p.community.path) if a in nodes]
        area = next((areas[n.path] for n in reversed(chain) if n.path in areas), None)
        found[p.community_id] = {
            "city": next((n.name for n in chain if n.kind == RegionKind.CITY), ""),
            "district": next((n.name for n in chain if n.kind == RegionKind.DISTRICT), ""),
            "province": area.province if area else "", "postal_code": area.postal_code if area else ""}
    return found


def export(region: RegionNode | None = None) -> dict:
    """The points in use under `region` (a street, a district, a community; None: all) as one HSDS document."""
    points = list(public_points().filter(community__path__startswith=region.path if region else "")
                  .select_related("community", "operator").order_by("community__path", "kind", "name", "pk"))
    offers = offers_for(points)
    places = _places(points)
    kinds, offerings = dict(PointKind.choices), dict(Offering.choices)
    organizations: dict[str, dict] = {}
    services, locations, links = [], [], []
    for p in points:
        if p.operator is not None:
            org_id = _id("organisation", p.operator_id)
            organizations.setdefault(org_id, {
                "id": org_id, "name": p.operator.name, "alternate_name": p.operator.short_name,
                "description": scrub(p.operator.description) or str(p.operator.get_kind_display())})
        else:
            org_id = _id("community", p.community_id)
            organizations.setdefault(org_id, {
                "id": org_id, "name": f"{p.community.name}居民委员会",
                "description": f"{p.community.name}的社区居民委员会，负责本社区服务阵地的日常运行。"})
        location_id, service_id = str(p.hsds_id), _id("service", p.pk)
        place = places[p.community_id]
        locations.append({
            "id": location_id, "location_type": "physical", "name": p.name, "organization_id": org_id,
            "description": p.description or str(kinds[p.kind]),
            "latitude": float(p.lat), "longitude": float(p.lon),
            "addresses": [{"id": _id("address", p.pk), "location_id": location_id, "address_1": p.address,
                           "city": place["city"], "region": place["district"],
                           "state_province": place["province"], "postal_code": place["postal_code"],
                           "country": "CN", "address_type": "physical"}]})
        attributes = [_attribute(service_id, f"kind.{p.kind}", str(kinds[p.kind]), str(_("服务阵地类别")))]
        attributes += [_attribute(service_id, f"offering.{o}", str(offerings[o]), str(_("服务内容")))
                       for o in p.offerings]
        service = {
            "id": service_id, "organization_id": org_id, "name": p.name, "alternate_name": str(kinds[p.kind]),
            "description": "、".join(p.offering_labels) + (f"。{p.description}" if p.description else ""),
            "status": "active", "last_modified": p.updated_at.isoformat(),
            "schedules": [_schedule(p, service_id, location_id)], "attributes": attributes}
        if p.elderly_discount is not None:
            service["fees_description"] = p.discount_label
            service["cost_options"] = [{"id": _id("cost", p.pk), "service_id": service_id,
                                        "option": str(offerings[Offering.ELDERLY_DISCOUNT]), "currency": "CNY",
                                        "amount": float(p.elderly_discount), "amount_description": p.discount_label}]
        services.append(service)
        links.append({"id": _id("service_at_location", p.pk), "service_id": service_id, "location_id": location_id})
        for offer in offers.get(p.operator_id, []) if p.operator_id else []:
            offer_id = _id("offer", offer.pk)
            if not any(s["id"] == offer_id for s in services):
                services.append({
                    "id": offer_id, "organization_id": org_id, "name": offer.title,
                    "description": scrub(offer.description), "status": "active",
                    "eligibility_description": str(offer.get_audience_display()),
                    "attributes": [_attribute(offer_id, "offer", str(_("商户优惠活动")), str(_("商家联盟成员的优惠")))]})
            links.append({"id": _id("service_at_location", "offer", offer.pk, p.pk), "service_id": offer_id,
                          "location_id": location_id})
    return {"hsds_version": HSDS_VERSION, "publisher": region.name if region else "共治", "generated_at": clock.now().isoformat(),
            "organizations": list(organizations.values()), "services": services, "locations": locations,
            "service_at_locations": links}


TABLES = (("organizations", "organizations.csv"), ("services", "services.csv"), ("locations", "locations.csv"),
          ("service_at_locations", "service_at_location.csv"))


def export_zip(region: RegionNode | None = None) -> bytes:
    """The same records as HSDS's tabular form: one CSV per table (the file names of the schemas' `path`), the
    scalar fields only (nested arrays — addresses, schedules, attributes — stay in the JSON export)."""
    document = export(region)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, filename in TABLES:
            rows = [{k: v for k, v in record.items() if not isinstance(v, (list, dict))} for record in document[key]]
            columns = list(dict.fromkeys(k for row in rows for k in row)) or ["id"]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(filename, text.getvalue().encode("utf-8"))
    return buffer.getvalue()
