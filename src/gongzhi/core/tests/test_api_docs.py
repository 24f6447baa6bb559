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
