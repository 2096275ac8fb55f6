import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/plans",
    "/api/v1/plans/{code}",
    "/api/v1/plans/{code}/axes",
    "/api/v1/plans/{code}/strategies",
    "/api/v1/plans/{code}/strategies/{strategy_code}",
    "/api/v1/plans/{code}/actions",
    "/api/v1/zones",
    "/api/v1/comuni",
    "/api/v1/venues",
]


def test_openapi_document_describes_the_api_and_lists_every_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Trama API"
    assert document["info"]["version"] == "1"
    assert "Piano Strategico Metropolitano" in document["info"]["description"]
    assert set(PATHS) <= set(document["paths"])


def test_openapi_document_offers_reads_and_only_the_contribution_form_as_a_write(client):
    document = client.get("/api/v1/openapi.json").json()

    writes = {(path, method) for path, methods in document["paths"].items() for method in methods if method != "get"}
    assert writes == {("/api/v1/contributions", "post")}


def test_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


def test_api_urls_live_in_the_api_namespace():
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans",
        "/api/v1/plans/psm-2024-2026",
        "/api/v1/plans/psm-2024-2026/axes",
        "/api/v1/plans/psm-2024-2026/strategies",
        "/api/v1/plans/psm-2024-2026/strategies/1.1",
        "/api/v1/plans/psm-2024-2026/actions",
        "/api/v1/zones",
        "/api/v1/comuni",
        "/api/v1/venues",
    ],
)
def test_writing_methods_are_not_allowed(client, method, url):
    response = getattr(client, method)(url, data={}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_responses_may_be_cached_publicly_for_a_few_minutes(client):
    response = client.get("/api/v1/zones")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_not_found_answers_are_not_cached(client):
    response = client.get("/api/v1/plans/psm-2099-2101")

    assert response.status_code == 404
    assert "max-age" not in response.get("Cache-Control", "")


def test_query_filters_are_documented(client):
    document = client.get("/api/v1/openapi.json").json()

    comuni_params = {p["name"] for p in document["paths"]["/api/v1/comuni"]["get"]["parameters"]}
    action_params = {p["name"] for p in document["paths"]["/api/v1/plans/{code}/actions"]["get"]["parameters"]}
    assert {"zona", "q", "limit", "offset"} <= comuni_params
    assert {"code", "strategy", "axis", "q", "limit", "offset"} <= action_params
