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


def test_corrections_on_postgres_outlive_a_reload_and_refuse_stale_writes(shared, tmp_path):
    import psycopg

    from rasd.review import Corrections
    rasd.run([shared / "seeds"], tmp_path)
    db = load(tmp_path, URL)
    corrections = Corrections(URL)  # in the store's own database, in tables `rasd load` leaves alone
    with psycopg.connect(URL) as con:
        con.execute("DELETE FROM review_corrections")
        con.execute("DELETE FROM review_users")
    amal = {"Authorization": f"Bearer {corrections.add_user('amal')}"}
    client = TestClient(create_app(db))
    incident = client.get("/api/incidents", params={"contested": "true"}).json()["items"][0]
    claim = client.get("/api/claims", params={"incident": incident["incident"]}).json()[0]
    key = f"{claim['doc']}:{claim['evidence']['start']}:{claim['evidence']['end']}"
    body = {"target": "claim", "action": "correct", "key": key, "version": 0, "field": "value", "value": 4242}
    assert client.post("/api/review", json=body, headers=amal).status_code == 200
    assert client.post("/api/review", json={**body, "value": 1}, headers=amal).status_code == 409
    load(tmp_path, URL)  # a new run's load replaces the machine's tables
    reloaded = TestClient(create_app(URL))
    found = [c for c in reloaded.get("/api/claims", params={"doc": claim["doc"]}).json()
             if c["evidence"] == claim["evidence"]]
    assert [(c["value"], c["review"]["state"], c["review"]["by"]) for c in found] == [(4242, "corrected", "amal")]


def test_a_nul_in_a_review_routes_input_is_refused_with_a_422(shared, tmp_path):
    """PostgreSQL refuses a NUL in a string: every route's text input refuses it first, the review routes' too, a
    correction's value among them (a 422 that says so, not a 500)."""
    import psycopg

    from rasd.review import Corrections
    rasd.run([shared / "seeds"], tmp_path)
    client = TestClient(create_app(load(tmp_path, URL)), raise_server_exceptions=False)
    with psycopg.connect(URL) as con:
        con.execute("DELETE FROM review_users WHERE name = 'nul'")
    token = {"Authorization": f"Bearer {Corrections(URL).add_user('nul')}"}
    for path, params in [("/api/review/document", {"doc": "a\x00b"}),
                         ("/api/review/history", {"target": "claim", "key": "a\x00b"})]:
        assert client.get(path, params=params).status_code == 422, path
    for correction in [{"target": "document", "action": "not_relevant", "key": "a\x00b", "version": 0},
                       {"target": "document", "action": "not_relevant", "key": "a", "version": 0, "note": "\x00"},
                       {"target": "claim", "action": "correct", "key": "a:1:2", "version": 0, "field": "subject",
                        "value": {"nested": ["x\x00"]}}]:
        assert client.post("/api/review", json=correction, headers=token).status_code == 422, correction
