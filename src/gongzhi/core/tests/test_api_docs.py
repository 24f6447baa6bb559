def test_openapi_schema_lists_the_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "共治 Gongzhi API"
    for path in ("/api/v1/people", "/api/v1/organisations/{org_id}", "/api/v1/regions", "/api/v1/me"):
        assert path in schema["paths"]


def test_api_docs_use_local_static_files_not_a_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/" in page
    assert "cdn." not in page


def test_healthz(client, db):
    assert client.get("/healthz").json()["status"] == "ok"


def _schemas_reachable(annotation, found):
    """Every Gongzhi schema class an annotation names, through list[...], X | None and nested schemas."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        if annotation.__module__.startswith("gongzhi."):
            found.add(annotation)
        for field in annotation.model_fields.values():
            _schemas_reachable(field.annotation, found)
        return
    for arg in get_args(annotation):
        _schemas_reachable(arg, found)


def test_every_api_schema_name_is_unique():
    """Two schema classes of one name share one OpenAPI component, so one operation is documented with the
    other's fields (need claims showed the wish claim's). Collect every schema an operation takes or answers."""
    from collections import defaultdict

    from gongzhi.api import api

    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _schemas_reachable(model, found)
                for response in operation.response_models.values():
                    _schemas_reachable(response, found)
    by_name = defaultdict(set)
    for schema in found:
        by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    assert len(found) > 50
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_the_need_claim_operation_documents_the_need_claim_fields(client, db):
    from gongzhi.lists.api import ListClaimIn

    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/lists/needs/{need_id}/claims"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == set(ListClaimIn.model_fields)
