"""The JSON API and exports: filters, search in normalised Arabic, validation, no path traversal, escaping, the
trusted-host check, security headers on every response, offline API docs, the names of ids."""
import csv
import io
import json
import os
import pathlib
import re

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.cli import main
from rasd.exports import ACLED_COLUMNS, CSV_COLUMNS
from rasd.store import STORE_FORMAT, load
from rasd.web import labels as web_labels
from rasd.web.app import create_app

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def seeds_db(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    rasd.run([shared / "seeds"], out)
    return load(out, out / "rasd.sqlite")


@pytest.fixture(scope="module")
def client(seeds_db):
    return TestClient(create_app(seeds_db), base_url=LOCAL)


def test_incidents_and_filters(client):
    everything = client.get("/api/incidents").json()
    assert everything["total"] == 2
    contested = client.get("/api/incidents", params={"contested": "true"}).json()
    assert contested["total"] == 1 and contested["items"][0]["n_docs"] == 4
    assert client.get("/api/incidents", params={"from": "2022-01-01", "to": "2022-01-31"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"actor": "sdf"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"event_type": "Riots"}).json()["total"] == 0


def test_the_list_is_pages_of_summaries_and_the_matrix_pages_its_sources(client):
    everything = client.get("/api/incidents").json()
    first = client.get("/api/incidents", params={"limit": 1}).json()
    second = client.get("/api/incidents", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == everything["total"] == 2
    assert [first["items"][0]["incident"], second["items"][0]["incident"]] == [
        i["incident"] for i in everything["items"]]
    summary = first["items"][0]
    assert "matrix" not in summary and "events" not in summary and "docs" not in summary
    whole = client.get(f"/api/incidents/{summary['incident']}", params={"sources_limit": 1000}).json()
    assert summary["n_docs"] == len(whole["docs"]) and summary["contested"] == any(
        f["conflict"] for f in whole["figures"])
    assert [f["best"] for f in summary["figures"]] == [f["best"] for f in whole["figures"]]
    sources = whole["matrix"]["sources"]
    assert len(sources) >= 2 and whole["matrix"]["sources_total"] == len(sources)
    pages = [client.get(f"/api/incidents/{summary['incident']}",
                        params={"sources_limit": 1, "sources_offset": k}).json()["matrix"] for k in range(len(sources))]
    assert [p["sources"] for p in pages] == [[s] for s in sources]
    for page in pages:
        assert all(set(row["cells"]) <= set(page["sources"]) for row in page["rows"])
        assert len(page["rows"]) == len(whole["matrix"]["rows"])


def test_search_ignores_hamza_ta_marbuta_and_clitics(client):
    for q in ("الحسكة", "الحسكه", "حسكة", "أشبال الخلافة", "اشبال الخلافه"):
        assert client.get("/api/incidents", params={"q": q}).json()["total"] >= 1, q
    assert client.get("/api/search", params={"q": "غويران"}).json()["items"]


def test_incident_claims_and_document(client):
    incident = client.get("/api/incidents", params={"contested": "true"}).json()["items"][0]
    one = client.get(f"/api/incidents/{incident['incident']}").json()
    assert one["incident"] == incident["incident"]
    claims = client.get("/api/claims", params={"incident": incident["incident"]}).json()
    assert {c["incident"] for c in claims} == {incident["incident"]}
    doc = client.get(f"/api/documents/{claims[0]['doc']}").json()
    ev = claims[0]["evidence"]
    assert doc["text"][ev["start"]:ev["end"]] == ev["text"]


def test_bad_parameters_are_rejected(client):
    assert client.get("/api/incidents", params={"limit": "0"}).status_code == 422
    assert client.get("/api/incidents", params={"from": "yesterday"}).status_code == 422
    assert client.get("/api/incidents", params={"actor": "../../etc"}).status_code == 422
    assert client.get("/api/incidents", params={"q": "x" * 500}).status_code == 422
    assert client.get("/api/incidents/nope").status_code == 404
    assert client.get("/api/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/static/../rasd/cli.py").status_code == 404
    assert client.get("/api/search", params={"q": '" OR 1=1 --'}).status_code == 200
    for nul in ("/api/incidents/a%00b", "/api/documents/a%00b", "/api/claims?doc=a%00b"):
        assert client.get(nul).status_code == 422, nul  # PostgreSQL refuses NUL: never a 500


def test_openapi_and_page(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/claims", "/api/documents/{doc}"):
        assert path in paths
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert "script-src 'self';" in page.headers["content-security-policy"]


def test_exports(client, shared, tmp_path, capsys):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled.csv").text)))
    assert list(rows[0]) == CSV_COLUMNS and CSV_COLUMNS[:31] == ACLED_COLUMNS
    ghwayran = next(r for r in rows if r["location"].startswith("al-Sina"))
    assert ghwayran["event_date"] == "2022-01-20" and ghwayran["admin1"] == "Al-Hasakah"
    assert ghwayran["actor1"].startswith("Islamic State") and ghwayran["actor2"].startswith("SDF")
    assert int(ghwayran["fatalities"]) == 106  # the lowest credible counts: >100 IS members, 5 SDF
    geo = client.get("/api/export/incidents.geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"
    lines = client.get("/api/export/claims.jsonl").text.splitlines()
    assert all(json.loads(line)["claim_id"] for line in lines)
    chosen = {i["incident"] for i in client.get("/api/incidents", params={"actor": "sdf"}).json()["items"]}
    exported = [json.loads(line) for line in client.get("/api/export/claims.jsonl", params={"actor": "sdf"}).text
                .splitlines()]
    assert exported and {c["incident"] for c in exported} <= chosen and len(exported) <= len(lines)
    rasd.run([shared / "seeds"], tmp_path)
    assert main(["export", str(tmp_path), "--format", "geojson", "--out", str(tmp_path / "x.geojson")]) == 0
    assert json.loads((tmp_path / "x.geojson").read_text())["features"]


def test_only_loopback_and_allowed_hosts_are_served(seeds_db):
    local = TestClient(create_app(seeds_db), base_url=LOCAL)
    for host in ("127.0.0.1", "localhost", "[::1]", "127.0.0.1:8321"):
        assert local.get("/api/incidents", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "rasd.example.org", "127.0.0.1.evil.example"):
        assert local.get("/api/incidents", headers={"Host": host}).status_code == 400, host
    deployed = TestClient(create_app(seeds_db, allowed_hosts=["rasd.example.org", "*.internal.example"]),
                          base_url=LOCAL)
    for host in ("rasd.example.org", "a.internal.example", "localhost"):
        assert deployed.get("/api/incidents", headers={"Host": host}).status_code == 200, host
    assert deployed.get("/api/incidents", headers={"Host": "evil.example"}).status_code == 400
    with pytest.raises(ValueError):
        create_app(seeds_db, allowed_hosts=["*"])


def test_serve_on_all_interfaces_keeps_the_host_check(seeds_db, monkeypatch, capsys):
    """`rasd serve --host 0.0.0.0` used to turn the check off; now only --allowed-host names are added."""
    import uvicorn
    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    assert main(["serve", str(seeds_db), "--host", "0.0.0.0", "--port", "9"]) == 2  # no user may write yet
    assert "rasd users add" in capsys.readouterr().err and not served
    assert main(["users", "add", "amal", "--db", str(seeds_db)]) == 0
    assert main(["serve", str(seeds_db), "--host", "0.0.0.0", "--port", "9"]) == 0
    assert served["host"] == "0.0.0.0"
    any_host = TestClient(served["app"], base_url=LOCAL)
    assert any_host.get("/api/incidents", headers={"Host": "evil.example"}).status_code == 400
    assert "--allowed-host" in capsys.readouterr().err
    assert main(["serve", str(seeds_db), "--host", "0.0.0.0", "--allowed-host", "rasd.example.org",
                 "--allowed-host", "rasd.internal"]) == 0
    named = TestClient(served["app"], base_url=LOCAL)
    for host in ("rasd.example.org", "rasd.internal", "127.0.0.1"):
        assert named.get("/api/incidents", headers={"Host": host}).status_code == 200, host
    assert named.get("/api/incidents", headers={"Host": "evil.example"}).status_code == 400
    assert main(["serve", str(seeds_db), "--allowed-host", "*"]) == 2


SECURED = ["/", "/docs", "/openapi.json", "/api/incidents", "/api/labels", "/static/app.js",
           "/static/vendor/swagger-ui/swagger-ui.css", "/api/incidents/nope", "/api/incidents?limit=0",
           "/api/export/acled.csv", "/static/nope.js"]


@pytest.mark.parametrize("path", SECURED)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert set(directives["img-src"].split()) <= {"'self'", "data:", "https://tile.openstreetmap.org"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert len(response.headers.get_list("content-security-policy")) == 1


def test_a_refused_host_gets_the_headers_too(client):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_api_docs_are_served_from_the_package(client):
    """/docs is Swagger UI from rasd/web/static/vendor, never from a CDN: every script and style it names is ours."""
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        if asset.startswith("data:"):
            continue
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "/openapi.json" in client.get("/static/docs.js").text
    assert client.get("/redoc").status_code == 404


def test_no_page_loads_a_script_from_elsewhere():
    static = pathlib.Path(rasd.__file__).parent / "web" / "static"
    for html in static.glob("*.html"):
        for src in re.findall(r'<script[^>]*src="([^"]*)"', html.read_text(encoding="utf-8")):
            assert src.startswith("/static/"), (html.name, src)
    app_js = (static / "app.js").read_text(encoding="utf-8")
    assert "probe" not in app_js and "new Image" not in app_js  # no tile fetched unless the analyst asks


@pytest.mark.parametrize("params", [{"q": "%"}, {"q": "_"}, {"q": "%%%"}, {"q": "___"}, {"place": "%"},
                                    {"place": "_"}, {"actor": "s_f"}, {"actor": "___"}])
def test_like_wildcards_match_only_themselves(client, params):
    assert client.get("/api/incidents", params=params).json()["total"] == 0


def test_wildcard_escaping_keeps_ordinary_filters(client):
    assert client.get("/api/incidents", params={"place": "Hasakah"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"actor": "prison_staff"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"q": "الحسكه"}).json()["total"] >= 1


@pytest.mark.skipif(not os.environ.get("RASD_TEST_POSTGRES"), reason="RASD_TEST_POSTGRES is not set (see .ci/run)")
def test_like_wildcards_on_postgres(shared, tmp_path):
    rasd.run([shared / "seeds"], tmp_path)
    pg = TestClient(create_app(load(tmp_path, os.environ["RASD_TEST_POSTGRES"])), base_url=LOCAL)
    for params in ({"q": "%"}, {"q": "___"}, {"place": "%"}, {"actor": "s_f"}):
        assert pg.get("/api/incidents", params=params).json()["total"] == 0, params
    assert pg.get("/api/incidents", params={"actor": "prison_staff"}).json()["total"] >= 1
    assert pg.get("/api/search", params={"q": "%%%"}).json()["total"] == 0
    assert pg.get("/api/search", params={"q": "داعش", "limit": 1}).json()["total"] >= 2


def test_a_rejected_value_is_not_echoed_back(client):
    long_q = "x" * 60_000  # (the test client, httpx2, sends URLs of at most 64 KB)
    response = client.get("/api/incidents", params={"q": long_q})
    assert response.status_code == 422
    assert len(response.content) < 2000 and "x" * 101 not in response.text
    errors = response.json()["detail"]
    assert errors[0]["loc"] == ["query", "q"] and "200" in errors[0]["msg"]
    assert len(errors[0].get("input", "")) <= 100


def test_search_pages_through_the_documents(client):
    everything = client.get("/api/search", params={"q": "داعش"}).json()
    assert everything["total"] == len(everything["items"]) >= 2
    first = client.get("/api/search", params={"q": "داعش", "limit": 1}).json()
    second = client.get("/api/search", params={"q": "داعش", "limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == everything["total"]
    assert len(first["items"]) == len(second["items"]) == 1
    assert [first["items"][0], second["items"][0]] == everything["items"][:2]
    beyond = client.get("/api/search", params={"q": "داعش", "offset": everything["total"]}).json()
    assert beyond["total"] == everything["total"] and beyond["items"] == []
    assert client.get("/api/search", params={"q": "داعش", "limit": 0}).status_code == 422
    assert client.get("/api/search", params={"q": "داعش", "offset": -1}).status_code == 422


def test_a_load_reads_the_documents_a_batch_at_a_time_and_stores_them_as_whole(seeds_db, tmp_path, monkeypatch):
    """`rasd load` holds a batch of documents at a time, never a run's every text (on the news2013 stream its peak
    went from 519 to 228 MB); loaded in batches of two, the store is the one loaded in one: every document, and
    each found by the words of its text (the search index numbers its rows across the batches)."""
    from rasd import store as store_module
    from rasd.store import Store
    out = pathlib.Path(seeds_db).parent
    read, ahead = [0], []
    iter_jsonl = store_module.iter_jsonl

    def counted(path):
        for record in iter_jsonl(path):
            read[0] += 1
            yield record

    insert_articles = store_module._SQLite.insert_articles

    def inserting(self, cursor, rows, first=1):
        ahead.append(read[0] - (first - 1))  # read but not yet inserted, this batch's included
        return insert_articles(self, cursor, rows, first)

    monkeypatch.setattr(store_module, "iter_jsonl", counted)
    monkeypatch.setattr(store_module._SQLite, "insert_articles", inserting)
    monkeypatch.setattr(store_module, "DOCUMENT_BATCH", 2)
    batched = Store(load(out, tmp_path / "batched.sqlite"))
    whole = Store(seeds_db)
    assert ahead == [2, 2, 1]
    queries = ["داعش", "الحسكة", "سجن", "قسد", "الأطفال"]
    assert [batched.search_documents(q) for q in queries] == [whole.search_documents(q) for q in queries]
    assert all(batched.search_documents(q)[0] for q in queries)
    docs = [json.loads(line)["doc"] for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5 and all(batched.document(d) == whole.document(d) is not None for d in docs)


def test_a_document_names_its_file_not_the_servers_folders(client, shared):
    summary = client.get("/api/incidents").json()["items"][0]
    doc = client.get(f"/api/incidents/{summary['incident']}").json()["docs"][0]
    response = client.get(f"/api/documents/{doc}")
    assert response.json()["source"] == f"{doc}.txt"
    assert str(shared) not in response.text and "/seeds/" not in response.text


def test_labels_name_ids_in_both_languages(client):
    names = client.get("/api/labels").json()
    assert names["ar"]["actor"]["sdf"] == "قسد" and names["en"]["actor"]["sdf"] == "SDF"
    for kind, ids in (("actor", ["isis_detainees", "prison_staff", "anonymous", "sohr", "outlet", "officials",
                                 "medical", "witnesses", "media", "civilians", "minors"]),
                      ("category", ["killed", "wounded", "arrested", "escaped", "released", "held", "attackers"]),
                      ("qualifier", ["some", "tens", "hundreds", "thousands", "approx", "more_than", "at_least"])):
        for lang in ("ar", "en"):
            for term_id in ids:
                assert names[lang][kind].get(term_id), (lang, kind, term_id)
    assert names["ar"]["qualifier"]["tens"] == "العشرات" and names["en"]["category"]["killed"] == "killed"
    assert names["ar"]["outlet"]["Enab Baladi"] == "عنب بلدي"


ROLES = ("military", "police", "security", "officials", "fighters", "detainees", "civilians", "minors", "peacekeepers",
         "aid_workers", "journalists", "staff", "foreigners", "refugees")


def test_labels_name_every_role_and_the_parties(client):
    names = client.get("/api/labels").json()
    for lang in ("ar", "en"):
        for role in ROLES:
            assert names[lang]["role"].get(role), (lang, role)
        for party in ("syr", "isis", "al_shabaab", "un", "none", "unknown"):
            assert names[lang]["party"].get(party), (lang, party)
    assert names["ar"]["party"]["syr"] == "سوريا" and names["en"]["party"]["syr"] == "Syria"
    assert names["ar"]["party"]["isis"] == "داعش" and names["ar"]["party"]["al_shabaab"] == "حركة الشباب"
    assert names["en"]["party"]["al_shabaab"] == "Harakat al-Shabaab al-Mujahideen"  # parties.tsv's name_en
    assert names["ar"]["role"]["civilians"] == "مدنيون" and names["en"]["role"]["aid_workers"] == "aid workers"
    assert "state" not in names["en"]  # states are parties


def test_every_party_of_the_data_files_is_named():
    """Every state of countries.tsv and every party of parties.tsv has a name in both languages, taken from the data
    files (so a state or a group added there is named without copying it here)."""
    from rasd.lexicon import read_rows
    names = web_labels.labels()
    states = {row["iso3"] for row in read_rows("countries")}
    parties = {row["party"] for row in read_rows("parties") if row["party"]}
    for lang in ("ar", "en"):
        missing = sorted(p for p in states | parties if not names[lang]["party"].get(p))
        assert not missing, (lang, missing)
    first_name = next(row["term"] for row in read_rows("countries") if row["iso3"] == "mli" and row["form"] == "name")
    assert names["ar"]["party"]["mli"] == first_name
    first_term = next(row["term"] for row in read_rows("party_names") if row["id"] == "stc")
    assert names["ar"]["party"]["stc"] == first_term


def test_matrix_cells_carry_party_role_and_rule(client):
    summary = client.get("/api/incidents", params={"contested": "true"}).json()["items"][0]
    incident = client.get(f"/api/incidents/{summary['incident']}").json()
    claims = {c["claim_id"]: c for c in client.get("/api/claims", params={"incident": incident["incident"]}).json()}
    cells = [cell for row in incident["matrix"]["rows"] for cell_list in row["cells"].values() for cell in cell_list]
    assert cells
    for cell in cells:
        claim = claims[cell["claim_id"]]
        assert {k: cell[k] for k in ("party", "role", "rule")} == {k: claim[k] for k in ("party", "role", "rule")}
    assert all(cell["rule"] and cell["role"] for cell in cells)
    assert {"isis", "sdf", "syr"} <= {cell["party"] for cell in cells}


def test_an_actor_of_ones_own_lexicon_is_named_from_it(tmp_path, monkeypatch):
    (tmp_path / "actors.tsv").write_text("term\tid\tkind\nجبهة المثال\tzz_front\tgroup\n", encoding="utf-8")
    from rasd import settings
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([tmp_path]))
    try:
        names = web_labels.labels()
        assert names["ar"]["actor"]["zz_front"] == "جبهة المثال"
        assert "zz_front" not in names["en"]["actor"]  # no English name: the page shows the id
        assert names["ar"]["actor"]["sdf"] == "قسد"  # labels.tsv wins over the lexicon's first term
    finally:
        settings.use(previous)
    assert "zz_front" not in web_labels.labels()["ar"]["actor"]  # the previous settings' knowledge again


def test_an_incident_lists_its_events_with_their_evidence(client):
    incident = client.get("/api/incidents", params={"contested": "true"}).json()["items"][0]
    one = client.get(f"/api/incidents/{incident['incident']}").json()
    assert one["sub_event_type"] and one["events"]
    texts = {}
    for event in one["events"]:
        assert event["doc"] in one["docs"] and event["event_type"] and event["kind"]
        if event["doc"] not in texts:
            texts[event["doc"]] = client.get(f"/api/documents/{event['doc']}").json()["text"]
        ev = event["evidence"]
        assert texts[event["doc"]][ev["start"]:ev["end"]] == ev["text"]


def test_the_sub_event_type_filter(client):
    everything = client.get("/api/incidents").json()["items"]
    subs = {i["sub_event_type"] for i in everything if i.get("sub_event_type")}
    assert subs
    for sub in subs:
        found = client.get("/api/incidents", params={"sub_event_type": sub}).json()
        assert found["total"] == sum(i.get("sub_event_type") == sub for i in everything) >= 1, sub
        assert {i["sub_event_type"] for i in found["items"]} == {sub}
    assert client.get("/api/incidents", params={"sub_event_type": "Mob violence"}).json()["total"] == 0
    one = sorted(subs)[0]
    event_type = next(i["event_type"] for i in everything if i.get("sub_event_type") == one)
    assert client.get("/api/incidents", params={"sub_event_type": one, "event_type": event_type}).json()["total"] >= 1
    # Only ACLED's sub-event types of event_kinds.tsv are accepted, and the rejection names the parameter.
    for bad in ("Armed Clash", "Disrupted weapons use", "x" * 300, "' OR 1=1 --"):
        response = client.get("/api/incidents", params={"sub_event_type": bad})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "sub_event_type"], bad
    assert client.get("/api/export/acled.csv", params={"sub_event_type": "x"}).status_code == 422
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled.csv", params={"sub_event_type": one}).text)))
    assert rows and {r["sub_event_type"] for r in rows} == {one}
    schema = client.get("/openapi.json").json()["paths"]["/api/incidents"]["get"]["parameters"]
    assert any(p["name"] == "sub_event_type" for p in schema)


def test_every_event_kind_and_sub_event_type_is_named(client):
    """Every kind of event_kinds.tsv, its ACLED event type and sub-event type, and both incident kinds have a name
    in both languages (read from the data file, so a kind added there without a name fails here)."""
    from rasd.lexicon import read_rows
    names = client.get("/api/labels").json()
    rows = read_rows("event_kinds", user_folders=False)
    wanted = {"event_kind": {r["kind"] for r in rows}, "event_type": {r["event_type"] for r in rows if r["event_type"]},
              "sub_event_type": {r["sub_event_type"] for r in rows if r["sub_event_type"]},
              "incident_kind": {"conflict", "crime_accident"}}
    assert len(wanted["event_kind"]) >= 25 and len(wanted["sub_event_type"]) >= 12
    for lang in ("ar", "en"):
        for kind, ids in wanted.items():
            missing = sorted(i for i in ids if not names[lang][kind].get(i))
            assert not missing, (lang, kind, missing)
    for kind in wanted:
        assert all(re.search(r"[\u0600-\u06FF]", name) for name in names["ar"][kind].values()), kind
        assert not any(re.search(r"[\u0600-\u06FF]", name) for name in names["en"][kind].values()), kind
    assert names["en"]["sub_event_type"]["Armed clash"] == "Armed clash"  # ACLED's own names in English
    assert names["ar"]["sub_event_type"]["Armed clash"] == "اشتباك مسلح"
    assert names["ar"]["event_kind"]["sit_in"] == "اعتصام" and names["en"]["event_kind"]["air_strike"] == "air strike"


def test_facets_offer_the_stores_actors_and_the_event_kinds_types(client):
    """The actor filter offers the actors the store's incidents name (not a fixed list of one conflict's ids); the
    type filters offer event_kinds.tsv's ACLED types and sub-types."""
    facets = client.get("/api/facets").json()
    assert {"isis", "sdf"} <= set(facets["actors"])
    for actor in facets["actors"][:3]:
        assert client.get("/api/incidents", params={"actor": actor}).json()["total"] >= 1
    assert facets["event_types"]["Battles"] == ["Armed clash"]
    assert set(facets["event_types"]) >= {"Battles", "Explosions/Remote violence", "Protests", "Riots"}


def test_the_actor_filter_finds_an_incident_by_the_parties_its_events_name(tmp_path):
    (tmp_path / "a.txt").write_text("هاجم مسلحو حركة الشباب قاعدة عسكرية قرب مقديشو فجر اليوم.", encoding="utf-8")
    rasd.run([tmp_path / "a.txt"], tmp_path / "out")
    client = TestClient(create_app(load(tmp_path / "out", tmp_path / "out" / "rasd.sqlite")), base_url=LOCAL)
    assert "al_shabaab" in client.get("/api/facets").json()["actors"]
    assert client.get("/api/incidents", params={"actor": "al_shabaab"}).json()["total"] == 1


def test_serve_with_several_processes_serves_the_same_api_and_checks(seeds_db, tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "rasd", "serve", str(seeds_db), "--port", str(port),
                                "--workers", "2", "--allowed-host", "rasd.example"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/incidents"
    try:
        for _ in range(150):
            try:
                answer = json.loads(urllib.request.urlopen(url, timeout=1).read())
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("rasd serve --workers 2 did not start")
        assert answer["total"] == 2
        named = urllib.request.Request(url, headers={"Host": "rasd.example"})
        assert json.loads(urllib.request.urlopen(named, timeout=5).read())["total"] == 2
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(url, headers={"Host": "evil.example"}), timeout=5)
        assert refused.value.code == 400
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_search_lists_the_latest_documents_first(client):
    items = client.get("/api/search", params={"q": "داعش"}).json()["items"]
    days = [i["published"] for i in items]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days == dated + [None] * (len(days) - len(dated))


def test_a_store_of_an_older_layout_is_loaded_anew(shared, tmp_path):
    import sqlite3

    from rasd.cli import _store_of
    out = tmp_path / "run"
    rasd.run([shared / "seeds"], out)
    db = load(out, out / "rasd.sqlite")
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 1")  # as a store an earlier Rasd wrote
    _store_of(str(out))
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == STORE_FORMAT


def test_the_store_keeps_its_read_connections_and_opens_a_reloaded_file(seeds_db, tmp_path, monkeypatch):
    """Reads borrow a kept read-only connection (opening one costs more than most of the page's queries) while the
    file is the one it opened: reads one after another, from any thread, open one; a `rasd load` that renames a new
    run's store into place is read at the next query; a read that fails gives its connection up; a store removed is
    told by its path."""
    import shutil
    import sqlite3
    import threading

    from rasd import store as store_module
    from rasd.store import Store
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    opened, connect = [], sqlite3.connect
    monkeypatch.setattr(store_module.sqlite3, "connect", lambda *a, **kw: opened.append(a) or connect(*a, **kw))
    store = Store(path)
    seeds_total = store.incident_summaries()[0]
    for _ in range(5):
        assert store.incident_summaries(limit=1)[0] == seeds_total
    other = threading.Thread(target=lambda: store.incident_summaries(limit=1))
    other.start()
    other.join()
    assert len(opened) == 1

    with pytest.raises(sqlite3.OperationalError):
        store._rows("SELECT no_such_column FROM incidents")
    assert store.incident_summaries(limit=1)[0] == seeds_total
    assert len(opened) == 2  # the failed read's connection was closed, not kept

    run = tmp_path / "samples"
    rasd.run([pathlib.Path(__file__).resolve().parents[1] / "samples" / "corpus"], run)
    load(run, path)  # written beside, renamed into place
    samples_total = len((run / "incidents.jsonl").read_text(encoding="utf-8").splitlines())
    assert samples_total != seeds_total
    opened.clear()
    assert store.incident_summaries()[0] == samples_total
    assert len([a for a in opened if "mode=ro" in str(a[0])]) == 1

    path.unlink()
    with pytest.raises(FileNotFoundError, match="rasd.sqlite: no such database"):
        store.incident_summaries()


def test_a_read_at_once_meets_a_writer_with_store_busy_and_a_waiting_read_waits(seeds_db, tmp_path):
    """While a writer holds the file (a review's rebuild commits in place), a read asked to run at once (the page's
    reads on its event loop) raises StoreBusy instead of waiting; an ordinary read waits for the writer to finish."""
    import shutil
    import sqlite3
    import threading
    import time

    from rasd.store import Store, StoreBusy
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    store = Store(path)
    total = store.incident_summaries()[0]
    writer = sqlite3.connect(path, check_same_thread=False)  # the timer lets it go
    writer.execute("BEGIN EXCLUSIVE")
    started = time.perf_counter()
    with pytest.raises(StoreBusy, match="a writer holds the store"), store.at_once():
        store.incident_summaries()
    assert time.perf_counter() - started < 1
    threading.Timer(0.3, writer.rollback).start()
    assert store.incident_summaries()[0] == total  # waited for the writer
    with store.at_once():
        assert store.incident_summaries()[0] == total
    writer.close()


def test_the_server_reads_http_with_httptools_on_uvloop():
    """`rasd serve` leaves uvicorn its own choice, which takes the C parser and the libuv loop where they are
    installed: Rasd installs both (its page's API serves a quarter more requests a second with them)."""
    import sys

    from uvicorn.config import Config
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    assert AutoHTTPProtocol is HttpToolsProtocol
    if sys.platform != "win32":
        assert Config(app=None).get_loop_factory().__module__.split(".")[0] == "uvloop"


def test_the_quick_reads_run_on_the_event_loop_and_those_that_may_wait_in_a_thread(seeds_db, monkeypatch):
    """A page of the list, an incident and its claims are read on the server's event loop (a hand-off to a thread
    and back cost more than the read), unless a writer holds the store; a list filtered by words (it reads the
    articles' text), a place or an actor (every incident's names), a page of more than 100 and every claim of the
    store go to a worker thread, where the loop goes on serving others. The answers are the same either way."""
    import sqlite3
    import threading

    from rasd.store import Store
    seen = []  # (what was read, may it wait, the thread it ran on)
    for name in ("incident_summaries", "incident", "claims"):
        original = getattr(Store, name)

        def recording(self, *args, _original=original, _name=name, **kwargs):
            may_wait = bool(kwargs.get("q") or kwargs.get("place") or kwargs.get("actor")) \
                or kwargs.get("limit", 0) > 100 if _name == "incident_summaries" \
                else _name == "claims" and not (kwargs.get("incident") or kwargs.get("doc"))
            seen.append((_name, may_wait, threading.current_thread()))
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(Store, name, recording)
    with TestClient(create_app(seeds_db), base_url=LOCAL) as client:  # one event loop for every request
        page = client.get("/api/incidents").json()
        first = page["items"][0]["incident"]
        assert client.get(f"/api/incidents/{first}").json()["incident"] == first
        assert client.get("/api/incidents", params={"event_type": "Battles", "contested": "true"}).status_code == 200
        of_first = client.get("/api/claims", params={"incident": first}).json()
        by_words = client.get("/api/incidents", params={"q": "الحسكة"}).json()
        by_place = client.get("/api/incidents", params={"place": "الحسكة"}).json()
        by_actor = client.get("/api/incidents", params={"actor": "sdf"}).json()
        long_page = client.get("/api/incidents", params={"limit": 500}).json()
        every_claim = client.get("/api/claims").json()
        assert client.get("/api/claims", params={"incident": ""}).json() == every_claim  # an empty id: every claim
        loop = {thread for _, may_wait, thread in seen if not may_wait}
        waiting = {thread for _, may_wait, thread in seen if may_wait}
        assert of_first and len(every_claim) > len(of_first) and long_page["items"] == page["items"]
        assert all(1 <= found["total"] <= page["total"] for found in (by_words, by_place, by_actor))
        assert len(loop) == 1 and waiting and not loop & waiting  # one thread, the loop's, never it for the others
        assert len([1 for _, may_wait, _ in seen if may_wait]) == 6

        writer = sqlite3.connect(seeds_db, check_same_thread=False)  # a review's rebuild holds the file
        writer.execute("BEGIN EXCLUSIVE")
        threading.Timer(0.3, writer.rollback).start()
        seen.clear()
        assert client.get(f"/api/incidents/{first}").json()["incident"] == first  # waited, in a thread
        writer.close()
    assert [thread in loop for _, _, thread in seen] == [True, False]  # met the writer on the loop, then waited


@pytest.mark.skipif(not os.environ.get("RASD_TEST_POSTGRES"), reason="RASD_TEST_POSTGRES is not set (see .ci/run)")
def test_a_place_in_latin_letters_is_found_in_any_case_on_postgres_as_on_sqlite(shared, tmp_path, client):
    rasd.run([shared / "seeds"], tmp_path)
    pg = TestClient(create_app(load(tmp_path, os.environ["RASD_TEST_POSTGRES"])), base_url=LOCAL)
    for place in ("Hasakah", "hasakah", "HASAKAH"):
        found = client.get("/api/incidents", params={"place": place}).json()["total"]
        assert found >= 1 and pg.get("/api/incidents", params={"place": place}).json()["total"] == found, place


@pytest.mark.parametrize("folder", ["run #2", "run?2", "100% run", "run %41"])
def test_a_store_in_a_folder_named_with_a_uris_characters_is_read(seeds_db, tmp_path, folder):
    """The read-only connections open the file by a URI: a folder named with #, ? or % is read as any other, and no
    empty database is made beside it at the part of its path before the #."""
    import shutil

    from rasd.store import Store, backend
    (tmp_path / folder).mkdir()
    path = shutil.copy(seeds_db, tmp_path / folder / "rasd.sqlite")
    assert Store(path).incident_summaries()[0] == Store(seeds_db).incident_summaries()[0] >= 1
    assert backend(path).current()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]


def _open_files_deleted(path) -> list[str]:
    """The files of this process that are `path` replaced or removed since it was opened."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target == f"{path} (deleted)":
            found.append(target)
    return found


def test_no_connection_is_kept_to_a_store_file_that_a_load_replaced(seeds_db, tmp_path):
    """A load renames a new file into place: the connections to the one it replaced are not kept for later reads,
    neither one lent across the load nor one kept idle by reads of the other kind (at once), which would hold the
    replaced file and its disk space open."""
    import shutil

    from rasd.store import Store
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    store = Store(path)
    with store.at_once():
        store.incident_summaries()  # an idle connection of reads that do not wait
    run = tmp_path / "samples"
    rasd.run([pathlib.Path(__file__).resolve().parents[1] / "samples" / "corpus"], run, progress=False)
    with store.backend.reading() as before:  # lent across the load
        before.execute("SELECT COUNT(*) FROM incidents").fetchall()
        load(run, path)
        with store.backend.reading() as after:
            after.execute("SELECT COUNT(*) FROM incidents").fetchall()
    for _ in range(5):
        store.incident_summaries()
    assert _open_files_deleted(path.resolve()) == []


def test_a_read_that_waited_its_time_for_a_writer_is_answered_503_with_a_time_to_retry(seeds_db, tmp_path,
                                                                                         monkeypatch):
    import shutil
    import sqlite3

    from rasd.store import _SQLite
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    monkeypatch.setattr(_SQLite, "WAIT_SECONDS", 0.2)
    app = TestClient(create_app(path), base_url=LOCAL)
    writer = sqlite3.connect(path)
    writer.execute("BEGIN EXCLUSIVE")
    busy = app.get("/api/incidents")
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert "try again" in busy.json()["detail"]
    writer.rollback()
    writer.close()
    assert app.get("/api/incidents").status_code == 200


def test_a_total_and_its_page_are_read_in_one_state_of_the_store(seeds_db, tmp_path):
    """A load that lands between the count of a list and its page does not give a total of one run and the items of
    another: both are read on one connection, in one read transaction."""
    import shutil

    from rasd.store import Store
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    run = tmp_path / "samples"
    rasd.run([pathlib.Path(__file__).resolve().parents[1] / "samples" / "corpus"], run, progress=False)
    store = Store(path)
    total, items = store.incident_summaries(limit=1000)
    connect = store.backend.connect
    loaded = []

    class LoadAfterTheCount:
        def __init__(self, cursor):
            self.cursor = cursor

        def execute(self, sql, args=()):
            done = self.cursor.execute(sql, args)
            if sql.startswith("SELECT COUNT(*)") and not loaded:
                loaded.append(load(run, path))
            return done

        def fetchall(self):
            return self.cursor.fetchall()

    class Connection:
        def __init__(self, con):
            self.con = con

        def cursor(self):
            return LoadAfterTheCount(self.con.cursor())

        def __getattr__(self, name):
            return getattr(self.con, name)

    store.backend._idle[True].clear()
    store.backend.connect = lambda **kw: Connection(connect(**kw))
    assert store.incident_summaries(limit=1000) == (total, items) and loaded
    samples_total = len((run / "incidents.jsonl").read_text(encoding="utf-8").splitlines())
    assert store.incident_summaries(limit=1000)[0] == samples_total != total


def test_the_word_filter_finds_an_incident_by_an_article_that_tells_no_figure_in_it(shared, tmp_path):
    """A report grouped into an incident is one of its articles even when it tells no figure (many reports of an
    incident tell none): a word found only in it finds the incident."""
    from rasd.store import Store, search_form
    run = tmp_path / "run"
    rasd.run([shared / "seeds"], run, progress=False)
    incidents = [json.loads(line) for line in (run / "incidents.jsonl").read_text(encoding="utf-8").splitlines()]
    incident = next(i for i in incidents if len(i["docs"]) >= 2)
    quiet = incident["docs"][-1]
    claims = (run / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    (run / "claims.jsonl").write_text("".join(line + "\n" for line in claims if json.loads(line)["doc"] != quiet),
                                      encoding="utf-8")  # as if it told none
    texts = {d["doc"]: search_form(d.get("text") or "") for d in map(json.loads, (run / "documents.jsonl").read_text(
        encoding="utf-8").splitlines())}
    others = set(" ".join(t for doc, t in texts.items() if doc != quiet).split())
    word = next(w for w in texts[quiet].split() if len(w) >= 5 and w.isalpha() and w not in others
                and w not in search_form(incident.get("title") or ""))
    store = Store(load(run, run / "rasd.sqlite"))
    found = [json.loads(s)["incident"] for s in store.incident_summaries(q=word, limit=1000)[1]]
    assert incident["incident"] in found, word


def test_a_writer_killed_in_its_transaction_does_not_stop_the_reads(seeds_db, tmp_path):
    """A writer that dies in a transaction (a process killed during a review's rebuild) leaves its journal beside
    the file; the page's read-only connections cannot roll it back, and every read failed until a restart. The
    first read after it has it rolled back and reads the store as it was before that transaction."""
    import shutil
    import subprocess
    import sys
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    app = TestClient(create_app(path), base_url=LOCAL)
    before = app.get("/api/incidents").json()
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA cache_size = 10')\n"  # spills: the file is written while the journal is hot
        "con.execute('BEGIN IMMEDIATE')\n"
        "con.execute(\"UPDATE incidents SET summary = summary || ' ', record = record || ' '\")\n"
        "os._exit(9)\n"), str(path)], check=False)
    assert (tmp_path / "rasd.sqlite-journal").exists()
    for url in ("/api/incidents", "/api/search?q=الحسكة"):
        assert app.get(url).status_code == 200, url
    assert app.get("/api/incidents").json() == before


def test_the_facets_offer_only_the_actors_of_incidents_the_list_shows(seeds_db, tmp_path):
    """An actor named only by incidents a review hid (merged into another) matches nothing the list shows: the
    actor filter's choices leave it out."""
    import shutil
    import sqlite3

    from rasd.store import Store
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    store = Store(path)
    incidents = store.incidents(limit=1000)[1]
    hidden = [i["incident"] for i in incidents[1:]]  # the first stays shown
    with sqlite3.connect(path) as con:
        con.executemany("UPDATE incidents SET hidden = 1 WHERE incident = ?", [(i,) for i in hidden])
    offered = store.actor_ids()
    assert offered and all(store.incident_summaries(actor=actor)[0] >= 1 for actor in offered)


def test_a_load_that_fails_leaves_the_store_in_place_and_nothing_beside_it(seeds_db, tmp_path, monkeypatch):
    import shutil

    from rasd import store as store_module
    path = tmp_path / "rasd.sqlite"
    shutil.copy(seeds_db, path)
    before = path.read_bytes()
    run = pathlib.Path(seeds_db).parent

    def failing(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "_insert", failing)
    with pytest.raises(OSError, match="No space left"):
        load(run, path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["rasd.sqlite"]
