"""A page the security layer refuses answers a browser with an HTML page of the same status: what the caller
lacks and where to go (sign in, or back to the subjects); the API's answers stay JSON."""

from __future__ import annotations

import httpx

from tests.ui.conftest import PASSWORDS, SeededRegistry


def _page(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html"), response.headers
    assert "Content-Security-Policy" in response.headers  # the headers of every page
    return response.text


def test_a_missing_role_is_an_html_403_naming_it(secure_ui_registry: SeededRegistry) -> None:
    with httpx.Client(base_url=secure_ui_registry.url, auth=("rex", PASSWORDS["rex"])) as rex:
        text = _page(rex.get("/ui/subjects/payments-value"), 403)
        assert "needs the read role on subject &#39;payments-value&#39;" in text
        assert 'href="/ui/subjects"' in text and "Signed in as <strong>rex</strong>" in text
        assert "needs the global admin role" in _page(rex.get("/ui/audit"), 403)
        assert "needs the write role" in _page(rex.post("/ui/subjects/orders-value/check", data={"schema": "{}"}), 403)
        api = rex.get("/subjects/payments-value/versions")  # the API's refusal is as it was
        assert api.status_code == 403 and api.headers["content-type"] == "application/vnd.schemaregistry.v1+json"
        assert api.json() == {"error_code": 40301, "message": api.json()["message"]}
        assert "payments-value" in api.json()["message"]


def test_no_credentials_is_an_html_401_with_the_challenge_and_a_sign_in_link(
    secure_ui_registry: SeededRegistry,
) -> None:
    anonymous = httpx.get(secure_ui_registry.url + "/ui/subjects/orders-value?from=1")
    text = _page(anonymous, 401)
    assert anonymous.headers["www-authenticate"].startswith("Basic")
    assert 'href="/ui/subjects/orders-value?from=1">Sign in</a>' in text
    wrong = httpx.get(secure_ui_registry.url + "/ui/subjects", auth=("rex", "not-the-password"))
    assert 'href="/ui/subjects">Sign in</a>' in _page(wrong, 401)
    api = httpx.get(secure_ui_registry.url + "/subjects")
    assert api.status_code == 401 and api.headers["content-type"] == "application/vnd.schemaregistry.v1+json"
