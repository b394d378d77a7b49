"""The same API over a PostgreSQL store (a shared deployment). Runs when RASD_TEST_POSTGRES names a database
(postgresql://user:password@host/db whose user may create the pg_trgm extension); .ci/run starts one."""
import os

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.store import load
from rasd.web.app import create_app

URL = os.environ.get("RASD_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not URL, reason="RASD_TEST_POSTGRES is not set (see .ci/run)")


def test_postgres_store_serves_the_api(shared, tmp_path):
    rasd.run([shared / "seeds"], tmp_path)
    client = TestClient(create_app(load(tmp_path, URL)))
    contested = client.get("/api/incidents", params={"contested": "true"}).json()
    assert contested["total"] == 1 and contested["items"][0]["n_docs"] == 4
    for q in ("الحسكه", "اشبال الخلافه"):
        assert client.get("/api/incidents", params={"q": q}).json()["total"] >= 1, q
    incident = contested["items"][0]["incident"]
    claims = client.get("/api/claims", params={"incident": incident}).json()
    doc = client.get(f"/api/documents/{claims[0]['doc']}").json()
    ev = claims[0]["evidence"]
    assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    assert client.get("/api/search", params={"q": "غويران"}).json()
    assert client.get("/api/export/acled.csv").text.startswith("event_id_cnty,event_date,")
