"""Smaller web hardening: the API documentation page has a Content-Security-Policy that
allows exactly its own inline script, and JSON bodies must be UTF-8."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from spinscope.render.html import csp_hash
from spinscope.serve import ServeSettings, create_app
from tests.support.web import WordAnalyzer


def client() -> TestClient:
    return TestClient(create_app(ServeSettings(), lambda _: WordAnalyzer()), raise_server_exceptions=False)


def test_docs_pages_have_a_csp_that_allows_only_their_own_scripts() -> None:
    with client() as c:
        for path in ("/docs", "/docs/oauth2-redirect"):
            page = c.get(path)
            assert page.status_code == 200
            policy = page.headers["content-security-policy"]
            assert (
                "default-src 'none'" in policy
                and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
            )
            for script in re.findall(r"<script>(.*?)</script>", page.text, flags=re.DOTALL):
                assert csp_hash(script) in policy, path


def test_a_utf16_json_body_is_refused() -> None:
    body = json.dumps({"text": "A disastrous idea."})
    with client() as c:
        for encoding in ("utf-16", "utf-16-le", "utf-32"):
            answer = c.post(
                "/v1/analyze", content=body.encode(encoding), headers={"Content-Type": "application/json"}
            )
            assert answer.status_code == 415, encoding
            assert answer.json()["error"]["code"] == "E105" and "UTF-8" in answer.json()["error"]["message"]
        ok = c.post("/v1/analyze", content=body.encode("utf-8"), headers={"Content-Type": "application/json"})
        assert ok.status_code == 200
