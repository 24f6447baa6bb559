"""Every free-text field has a length limit in the model, the form and the API schema (a 100,000-character need
description was accepted). cases, open311 and accounts are checked by their own tests."""

import pytest
from django.apps import apps
from django.db import models

from gongzhi.api import api
from gongzhi.core import limits

OWN_CHECKS = {"cases", "open311", "accounts"}  # their limits are tested beside their privacy and security rules
INTERNAL = {("disputes", "Dispute", "search_key")}  # derived, never typed by anyone


def _gongzhi_models():
    for config in apps.get_app_configs():
        if config.name.startswith("gongzhi.") and config.label not in OWN_CHECKS:
            yield from config.get_models()


def test_every_text_field_of_a_model_has_a_length_limit():
    unlimited = [f"{m._meta.label}.{f.name}" for m in _gongzhi_models() for f in m._meta.get_fields()
                 if isinstance(f, models.TextField) and f.max_length is None
                 and (m._meta.app_label, m.__name__, f.name) not in INTERNAL]
    assert unlimited == []


def _string_inputs(schema, defs, path=""):
    """(path, property schema) of every free-text string a client sends in `schema`, following $refs. A number
    also accepted as a string (a Decimal) is not free text."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "allOf", "oneOf"):
        parts = schema.get(key, [])
        numeric = any(part.get("type") in {"number", "integer"} for part in parts)
        for part in parts:
            if not (numeric and part.get("type") == "string"):
                yield from _string_inputs(part, defs, path)
    if schema.get("type") == "array":
        for item in [schema.get("items", {}), *schema.get("prefixItems", [])]:
            yield from _string_inputs(item, defs, path + "[]")
    for name, prop in schema.get("properties", {}).items():
        yield from _string_inputs(prop, defs, f"{path}.{name}")
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        yield path, schema


def _operations():
    """(method, path, operation) of every write endpoint of the apps checked here."""
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                methods = set(operation.methods) & {"POST", "PUT", "PATCH"}
                if methods:
                    yield methods, prefix + path, operation


def test_every_free_text_the_api_accepts_has_a_length_limit():
    unlimited = []
    for methods, path, operation in _operations():
        if any(f"/{app}" in path for app in OWN_CHECKS) or operation.view_func.__module__.split(".")[1] in OWN_CHECKS:
            continue
        for model in operation.models:
            schema = model.model_json_schema()
            for where, prop in _string_inputs(schema, schema.get("$defs", {})):
                if "maxLength" not in prop:
                    unlimited.append(f"{'/'.join(sorted(methods))} {path} {where}")
    assert unlimited == []


def test_the_check_sees_the_endpoints_it_should():
    paths = {path for _methods, path, _op in _operations()}
    assert "/contracts/commitments/{int:commitment_id}/fulfilments" in paths and "/lists/needs" in paths


# --- through a page and the API: a clear message, nothing written ------------------------------------------------
def _need_page(world, cats, client_for, **fields):
    from django.urls import reverse

    return client_for(world.wumei_staff).post(reverse("lists:need_new"), {
        "community": world.wumei.pk, "channel": "forum", "title": "小区需要充电桩", "category": cats["repairs"].pk,
        "urgency": "normal", **fields})


def _need_api(world, client_for, **fields):
    return client_for(world.wumei_staff).post("/api/v1/lists/needs", {
        "title": "小区需要充电桩", "category": "repairs", "community_id": world.wumei.pk, "channel": "forum", **fields},
        content_type="application/json")


@pytest.fixture
def cats(db):
    from gongzhi.lists.tests.conftest import seed_categories

    return seed_categories()


def test_a_100000_character_need_description_is_refused_on_the_page(world, cats, client_for):
    from gongzhi.lists.models import Need

    response = _need_page(world, cats, client_for, description="长" * 100_000)
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [
        f"最多可以写 {limits.DESCRIPTION} 个字，现在有 100000 个字，请删减一些。"]
    assert not Need.objects.exists()


def test_a_100000_character_need_description_is_refused_by_the_api(world, cats, client_for):
    from gongzhi.lists.models import Need

    response = _need_api(world, client_for, description="长" * 100_000)
    assert response.status_code in (400, 422) and "description" in response.content.decode()
    assert not Need.objects.exists()
    assert _need_api(world, client_for, description="长" * limits.DESCRIPTION).status_code == 201


@pytest.mark.parametrize("scale", ["100001", "99999999"])
def test_an_implausible_number_of_people_concerned_is_refused_on_page_and_api(world, cats, client_for, scale):
    from gongzhi.lists.models import Need

    page = _need_page(world, cats, client_for, scale=scale)
    assert page.context["form"].errors["scale"] == [f"请填写不大于 {limits.NEED_SCALE.high} 的数。"]
    api_response = _need_api(world, client_for, scale=int(scale))
    assert api_response.status_code == 400 and "100000" in str(api_response.json()["detail"])
    assert not Need.objects.exists()
