"""The coder's desk (issue 18) through the API and the command line: who may write, every review action, stale
writes, corrections that outlive a new run and a restart, the reviewed and the machine's exports, corrections as a
gold set the judge reads, and concurrent writers on loopback."""
import collections
import concurrent.futures
import csv
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

import rasd
from conftest import seed_corpus
from rasd.cli import main
from rasd.review import Corrections, review_path
from rasd.reviewed import materialize
from rasd.store import Store, load
from rasd.web.app import create_app

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def seeds_run(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-run")
    rasd.run([shared / "seeds"], out)
    return out


@pytest.fixture
def desk(seeds_run, tmp_path):
    """A fresh store of the seeds' run, a user 'amal' and a client: (client, her headers, the store's path)."""
    out = tmp_path / "out"
    shutil.copytree(seeds_run, out)
    db = load(out, out / "rasd.sqlite")
    token = Corrections(review_path(db)).add_user("amal")
    return TestClient(create_app(db), base_url=LOCAL), {"Authorization": f"Bearer {token}"}, db


def _rebuilt_whole_is_the_same(db):
    """The reviewed reading each write rebuilt around its documents is the one a rebuild of the whole store gives."""
    store = Store(db)

    def rows():
        return (sorted(store._rows("SELECT incident, record, hidden FROM incidents")),
                sorted(store._rows("SELECT claim_id, incident, record FROM claims")))

    before = rows()
    docs = {r[0] for r in store._rows("SELECT doc FROM documents")}
    materialize(store, Corrections(review_path(db)), around=docs)  # the scoped path itself, which must not fail
    assert rows() == before
    materialize(store, Corrections(review_path(db)))
    assert rows() == before


def _key(claim):
    return f"{claim['doc']}:{claim['evidence']['start']}:{claim['evidence']['end']}"


def _contested(client):
    item = client.get("/api/incidents", params={"contested": "true"}).json()["items"][0]
    return client.get(f"/api/incidents/{item['incident']}").json()


def _claims(client, incident):
    return client.get("/api/claims", params={"incident": incident["incident"]}).json()


def _figure(incident, category, subject):
    return next(f for f in incident["figures"] if (f["category"], f["subject"]) == (category, subject))


def test_writing_needs_a_user_and_reading_does_not(seeds_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_run, out)
    client = TestClient(create_app(load(out, out / "rasd.sqlite")), base_url=LOCAL)
    incident = _contested(client)
    claim = _claims(client, incident)[0]
    body = {"target": "claim", "action": "reject", "key": _key(claim), "version": 0}
    refused = client.post("/api/review", json=body)
    assert refused.status_code == 401 and "rasd users add" in refused.json()["detail"]
    Corrections(review_path(out / "rasd.sqlite")).add_user("amal")
    wrong = client.post("/api/review", json=body, headers={"Authorization": "Bearer not-her-token"})
    assert wrong.status_code == 401 and "token" in wrong.json()["detail"]
    assert client.get("/api/claims", params={"incident": incident["incident"]}).json()[0].get("review") is None


def test_a_corrected_figure_recomputes_the_incident_and_keeps_the_machines_value(desk):
    client, amal, _ = desk
    incident = _contested(client)
    claim = next(c for c in _claims(client, incident) if c["category"] == "attackers" and c["value"])
    high = _figure(incident, "attackers", claim["subject"])["high"]
    done = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "correct", "key": _key(claim), "version": 0, "field": "value",
        "value": high + 1000, "note": "the article says so further down"})
    assert done.status_code == 200, done.text
    review = done.json()["claim"]["review"]
    assert review["state"] == "corrected" and review["by"] == "amal" and review["version"] == 1
    assert review["machine"] == {"value": claim["value"]} and review["note"].startswith("the article")
    after = client.get(f"/api/incidents/{incident['incident']}").json()
    assert _figure(after, "attackers", claim["subject"])["high"] == high + 1000
    assert after["review"]["claims"]["corrected"] == 1
    history = client.get("/api/review/history", params={"target": "claim", "key": _key(claim)}).json()
    assert [(h["field"], h["before"], h["after"], h["user"]) for h in history] == [
        ("value", claim["value"], high + 1000, "amal")]
    reviewed = [json.loads(line) for line in client.get("/api/export/claims.jsonl").text.splitlines()]
    machine = [json.loads(line) for line in client.get("/api/export/claims.jsonl",
                                                       params={"machine": "true"}).text.splitlines()]
    assert {c["value"] for c in reviewed if c["claim_id"] == claim["claim_id"]} == {high + 1000}
    assert {c["value"] for c in machine if c["claim_id"] == claim["claim_id"]} == {claim["value"]}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled.csv").text)))
    assert {r["review_state"] for r in rows if incident["incident"] in r["notes"]} == {"claims_reviewed"}


def test_a_stale_write_is_refused_and_shows_the_earlier_change(desk):
    client, amal, db = desk
    token = Corrections(review_path(db)).add_user("badr")
    badr = {"Authorization": f"Bearer {token}"}
    claim = _claims(client, _contested(client))[0]
    first = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "correct", "key": _key(claim), "version": 0, "field": "qualifier",
        "value": "approx"})
    assert first.status_code == 200
    second = client.post("/api/review", headers=badr, json={
        "target": "claim", "action": "reject", "key": _key(claim), "version": 0})
    assert second.status_code == 409
    refusal = second.json()
    assert refusal["version"] == 1 and "reload" in refusal["detail"]
    assert [(h["user"], h["field"], h["after"]) for h in refusal["history"]] == [("amal", "qualifier", "approx")]
    assert client.post("/api/review", headers=badr, json={
        "target": "claim", "action": "reject", "key": _key(claim), "version": 1}).status_code == 200


def test_rejected_claims_count_for_nothing_and_accepted_ones_say_so(desk):
    client, amal, _ = desk
    incident = _contested(client)
    held = [c for c in _claims(client, incident) if c["category"] == "held"]
    top = max(held, key=lambda c: c["value_max"] or c["value"] or 0)
    assert client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "reject", "key": _key(top), "version": 0}).status_code == 200
    kept = next(c for c in held if c["claim_id"] != top["claim_id"])
    accepted = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "accept", "key": _key(kept), "version": 0}).json()["claim"]
    assert accepted["review"]["state"] == "accepted" and accepted["value"] == kept["value"]
    after = client.get(f"/api/incidents/{incident['incident']}").json()
    figure = _figure(after, "held", top["subject"])
    assert top["claim_id"] not in figure["claims"]
    cells = [cell["claim_id"] for row in after["matrix"]["rows"] for cells in row["cells"].values() for cell in cells]
    assert top["claim_id"] not in cells and kept["claim_id"] in cells
    states = {c["claim_id"]: c["review"]["state"] for c in _claims(client, incident) if c.get("review")}
    assert states == {top["claim_id"]: "rejected", kept["claim_id"]: "accepted"}
    exported = client.get("/api/export/claims.jsonl").text
    assert top["claim_id"] not in exported and kept["claim_id"] in exported


def test_an_added_claim_takes_its_evidence_from_the_original_text(desk, shared):
    client, amal, _ = desk
    incident = _contested(client)
    doc = incident["docs"][0]
    original = next(shared.glob(f"seeds/{doc}.*")).read_text(encoding="utf-8")
    words = "الحسكة"
    start = original.index(words)
    added = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "add", "doc": doc, "start": start, "end": start + len(words), "version": 0,
        "value": {"category": "killed", "subject": "civilians", "value": 3, "claimed_by": "outlet"}})
    assert added.status_code == 200, added.text
    claim = added.json()["claim"]
    assert claim["review"]["state"] == "added" and claim["evidence"]["text"] == words
    assert original[claim["evidence"]["start"]:claim["evidence"]["end"]] == words
    assert claim["incident"] == incident["incident"]
    after = client.get(f"/api/incidents/{incident['incident']}").json()
    assert claim["claim_id"] in _figure(after, "killed", "civilians")["claims"]
    bad = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "add", "doc": doc, "start": 5, "end": 10 ** 7, "version": 0,
        "value": {"category": "killed"}})
    assert bad.status_code == 422 and "offsets" in bad.json()["detail"]
    unknown = client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "add", "doc": doc, "start": 0, "end": 4, "version": 0,
        "value": {"category": "exploded"}})
    assert unknown.status_code == 422 and "category" in unknown.json()["detail"]


def test_a_document_not_relevant_leaves_its_incident(desk):
    client, amal, _ = desk
    incident = _contested(client)
    doc = incident["docs"][-1]
    assert client.post("/api/review", headers=amal, json={
        "target": "document", "action": "not_relevant", "key": doc, "version": 0,
        "note": "an opinion piece"}).status_code == 200
    after = client.get(f"/api/incidents/{incident['incident']}").json()
    assert doc not in after["docs"] and len(after["docs"]) == len(incident["docs"]) - 1
    assert all(cell["doc"] != doc for row in after["matrix"]["rows"] for cells in row["cells"].values()
               for cell in cells)
    review = client.get("/api/review/document", params={"doc": doc}).json()
    assert review["state"] == "not_relevant" and review["version"] == 1 and review["by"] == "amal"


def test_an_incidents_place_day_and_type_are_corrected_and_incidents_merge_and_split(desk):
    client, amal, db = desk
    incidents = client.get("/api/incidents").json()["items"]
    big, small = (client.get(f"/api/incidents/{i['incident']}").json() for i in incidents[:2])
    key = " ".join(sorted(big["docs"]))
    for version, (field, value) in enumerate([("start", "2022-01-20"), ("event_type", "Battles"),
                                              ("location", {"lat": 36.47, "lon": 40.72, "name": "Ghwayran prison"})]):
        done = client.post("/api/review", headers=amal, json={
            "target": "incident", "action": "correct", "key": key, "version": version, "field": field,
            "value": value})
        assert done.status_code == 200, done.text
    corrected = client.get(f"/api/incidents/{big['incident']}").json()
    assert corrected["start"] == "2022-01-20" and corrected["location"]["name"] == "Ghwayran prison"
    assert corrected["review"]["state"] == "corrected" and corrected["review"]["machine"]["start"] == big["start"]
    assert client.post("/api/review", headers=amal, json={
        "target": "incident", "action": "correct", "key": key, "version": 3, "field": "start",
        "value": "the 20th"}).status_code == 422
    moved = big["docs"][:1]
    assert client.post("/api/review", headers=amal, json={
        "target": "incident", "action": "split", "key": key, "version": 3, "value": moved}).status_code == 200
    listed = client.get("/api/incidents").json()
    assert listed["total"] == 3
    split = next(i for i in listed["items"] if i["incident"].startswith("split-"))
    assert client.get(f"/api/incidents/{split['incident']}").json()["docs"] == moved
    assert client.post("/api/review", headers=amal, json={
        "target": "incident", "action": "merge", "key": " ".join(sorted(small["docs"])), "version": 0,
        "value": big["incident"]}).status_code == 200
    merged = client.get(f"/api/incidents/{big['incident']}").json()
    assert set(small["docs"]) <= set(merged["docs"]) and moved[0] not in merged["docs"]
    assert client.get("/api/incidents").json()["total"] == 2
    gone = client.get(f"/api/incidents/{small['incident']}").json()
    assert gone["review"]["state"] == "merged" and gone["review"]["merged_into"] == big["incident"]
    small_claim = client.get("/api/claims", params={"doc": small["docs"][0]}).json()[0]
    assert client.post("/api/review", headers=amal, json={  # a claim of the merged incident: the one it is in now
        "target": "claim", "action": "correct", "key": _key(small_claim), "version": 0, "field": "value",
        "value": 90210}).status_code == 200
    merged = client.get(f"/api/incidents/{big['incident']}").json()
    assert any(f["high"] == 90210 for f in merged["figures"])
    _rebuilt_whole_is_the_same(db)


def test_corrections_survive_a_new_run_over_a_grown_corpus_and_a_restart(shared, tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    seeds = seed_corpus(shared, corpus, 3)
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    db = load(out, out / "rasd.sqlite")
    token = Corrections(review_path(db)).add_user("amal")
    client = TestClient(create_app(db), base_url=LOCAL)
    amal = {"Authorization": f"Bearer {token}"}
    claims = [c for i in client.get("/api/incidents").json()["items"] for c in _claims(client, i)]
    kept, dropped = claims[0], next(c for c in claims if c["doc"] != claims[0]["doc"])
    for claim in (kept, dropped):
        assert client.post("/api/review", headers=amal, json={
            "target": "claim", "action": "correct", "key": _key(claim), "version": 0, "field": "value",
            "value": 4242}).status_code == 200
    os.remove(corpus / f"{dropped['doc']}.txt")
    for seed in seeds[3:]:  # the corpus grows by the other seeds, and loses one article
        shutil.copy(seed, corpus)
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert main(["load", str(out)]) == 0
    restarted = TestClient(create_app(out / "rasd.sqlite"), base_url=LOCAL)  # a new server process's app
    found = [c for c in restarted.get("/api/claims", params={"doc": kept["doc"]}).json() if _key(c) == _key(kept)]
    assert [(c["value"], c["review"]["state"]) for c in found] == [(4242, "corrected")]
    assert restarted.get("/api/review/orphans").status_code == 401  # finding them replays every correction
    orphans = restarted.get("/api/review/orphans", headers=amal).json()
    assert [o["key"] for o in orphans] == [_key(dropped)]


def test_sixteen_concurrent_writers_lose_no_correction(desk):
    client, amal, db = desk
    claims = [c for i in client.get("/api/incidents").json()["items"] for c in _claims(client, i)][:8]
    app = client.app

    def write(n):
        """Writer n corrects a claim of its own, then all of them touch one shared claim (reloading on 409)."""
        own = claims[n % len(claims)]
        mine = TestClient(app, base_url=LOCAL)
        done = 0
        for key, field, value in ((_key(own), "qualifier" if n < 8 else "role", "approx" if n < 8 else "civilians"),
                                  (_key(claims[0]), "note-only", None)):
            while True:
                version = len(mine.get("/api/review/history", params={"target": "claim", "key": key}).json())
                body = {"target": "claim", "key": key, "version": version, "note": f"writer {n}",
                        **({"action": "accept"} if field == "note-only" else
                           {"action": "correct", "field": field, "value": value})}
                answer = mine.post("/api/review", headers=amal, json=body)
                if answer.status_code == 200:
                    done += 1
                    break
                assert answer.status_code == 409, answer.text
        return done

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        assert sum(pool.map(write, range(16))) == 32
    history = Corrections(review_path(db)).history()
    assert len(history) == 32
    assert sorted(h["note"] for h in history if h["action"] == "accept") == sorted(f"writer {n}" for n in range(16))
    per_object = {}
    for h in history:
        per_object.setdefault(h["key"], []).append(h["version"])
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in per_object.values())
    _rebuilt_whole_is_the_same(db)


def test_corrections_export_a_gold_set_the_judge_reads_and_score_the_machine(desk, shared, tmp_path, capsys):
    client, amal, db = desk
    incident = _contested(client)
    doc = incident["docs"][0]
    claims = client.get("/api/claims", params={"doc": doc}).json()
    assert len(claims) >= 3
    actions = [("reject", None, None), ("correct", "value", 7777)] + [("accept", None, None)] * (len(claims) - 2)
    for claim, (action, field, value) in zip(claims, actions):
        body = {"target": "claim", "action": action, "key": _key(claim), "version": 0, "field": field,
                "value": value}
        assert client.post("/api/review", headers=amal, json=body).status_code == 200
    assert client.post("/api/review", headers=amal, json={
        "target": "incident", "action": "accept", "key": " ".join(sorted(incident["docs"])),
        "version": 0}).status_code == 200
    out = db.rsplit("/", 1)[0]
    assert main(["corrections", "export", "--db", db, "--out", str(tmp_path / "gold")]) == 0
    gold = [json.loads(line) for line in (tmp_path / "gold" / "gold.jsonl").read_text().splitlines()]
    assert [g["doc"] for g in gold] == [doc] and len(gold[0]["claims"]) == len(claims) - 1
    assert 7777 in {c["value"] for c in gold[0]["claims"]}
    capsys.readouterr()
    assert main(["corrections", "score", "--db", db]) == 0
    score = json.loads(capsys.readouterr().out)
    matched = len(claims) - 2  # the rejected claim and the corrected value are the machine's errors
    assert score["matched"] == matched and score["claims_precision"] == round(matched / len(claims), 3)
    assert score["claims_recall"] == round(matched / (len(claims) - 1), 3) and score["incidents"] == 1
    judge = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold",
                            str(tmp_path / "gold" / "gold.jsonl"), "--incidents",
                            str(tmp_path / "gold" / "incidents.jsonl"), "--corpus", str(shared / "seeds"),
                            "--pred", out, "--json"], capture_output=True, text=True, check=True)
    figures = json.loads(judge.stdout)
    assert round(figures["claims_recall"], 3) == score["claims_recall"]


def test_the_command_line_adds_users_and_refuses_an_open_server_without_one(seeds_run, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(seeds_run, out)
    assert main(["serve", str(out), "--host", "0.0.0.0", "--allowed-host", "rasd.example"]) == 2
    assert "rasd users add" in capsys.readouterr().err
    assert main(["users", "add", "amal", "--db", str(out)]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert Corrections(review_path(out / "rasd.sqlite")).user_of(token) == "amal"
    assert main(["users", "add", "amal", "--db", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    stored = (out / "rasd.review.sqlite").read_bytes()
    assert token.encode() not in stored  # only its hash is kept
    assert main(["users", "list", "--db", str(out)]) == 0 and capsys.readouterr().out.strip() == "amal"


def test_export_gives_the_reviewed_reading_by_default_and_the_machines_on_request(desk, capsys):
    client, amal, db = desk
    out = db.rsplit("/", 1)[0]
    claim = _claims(client, _contested(client))[0]
    assert client.post("/api/review", headers=amal, json={
        "target": "claim", "action": "correct", "key": _key(claim), "version": 0, "field": "value",
        "value": 31337}).status_code == 200
    capsys.readouterr()
    assert main(["export", out, "--format", "claims-jsonl"]) == 0
    assert '"value": 31337' in capsys.readouterr().out
    assert main(["export", out, "--format", "claims-jsonl", "--machine"]) == 0
    assert "31337" not in capsys.readouterr().out
    assert main(["export", out, "--format", "acled-csv"]) == 0
    assert "claims_reviewed" in capsys.readouterr().out


def test_sixteen_writers_against_two_server_processes_on_loopback_lose_nothing(seeds_run, tmp_path, capsys):
    """`rasd serve --workers 2` (two processes, one store): 16 writers over HTTP, each correcting claims and all of
    them one shared claim; every correction lands once, in order, and both processes serve the same reading."""
    import socket
    import time
    import urllib.error
    import urllib.request
    out = tmp_path / "out"
    shutil.copytree(seeds_run, out)
    assert main(["users", "add", "amal", "--db", str(out)]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "rasd", "serve", str(out), "--port", str(port), "--workers",
                               "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"

    def call(path, body=None):
        request = urllib.request.Request(url + path, data=json.dumps(body).encode() if body else None,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    try:
        for _ in range(200):
            try:
                if call("api/incidents")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        claims = [c for i in call("api/incidents")[1]["items"]
                  for c in call(f"api/claims?incident={i['incident']}")[1]]
        shared_key = _key(claims[0])

        def write(n):
            mine = claims[1 + n % (len(claims) - 1)]
            for key, body in ((_key(mine), {"action": "correct", "field": "role", "value": f"role_{n}"}),
                              (shared_key, {"action": "accept"})):
                while True:
                    version = len(call(f"api/review/history?target=claim&key={key}")[1])
                    status, answer = call("api/review", {"target": "claim", "key": key, "version": version,
                                                         "note": f"writer {n}", **body})
                    if status == 200:
                        break
                    assert status == 409, answer
            return n

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            assert sorted(pool.map(write, range(16))) == list(range(16))
        history = call("api/review/history")[1]
        assert len(history) == 32
        accepted = [h for h in history if h["key"] == shared_key]
        assert sorted(h["version"] for h in accepted) == list(range(1, 17))
        readings = {json.dumps(call(f"api/claims?incident={claims[0]['incident']}")[1], sort_keys=True)
                    for _ in range(10)}  # the two processes answer in turn
        assert len(readings) == 1
        state = next(c for c in json.loads(readings.pop()) if c["claim_id"] == claims[0]["claim_id"])["review"]
        assert state["version"] == 16 and state["state"] == "accepted"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_gazetteer_is_searched_by_arabic_or_english_name_for_a_place(desk):
    client, _, _ = desk
    arabic = client.get("/api/places", params={"q": "غويران"}).json()
    assert any("prison" in p["name_en"] for p in arabic) and all(p["lat"] is not None for p in arabic)
    english = client.get("/api/places", params={"q": "Hasakah", "limit": 5}).json()
    assert len(english) == 5 and all("hasakah" in p["name_en"].lower() for p in english)


def test_an_event_mention_marked_not_relevant_leaves_the_incidents_events_and_comes_back(desk):
    client, amal, db = desk
    incident = _contested(client)
    event = incident["events"][0]
    key = f"{event['doc']}:{event['evidence']['start']}:{event['evidence']['end']}"
    assert client.post("/api/review", headers=amal, json={
        "target": "event", "action": "not_relevant", "key": key, "version": 0,
        "note": "a recalled attack"}).status_code == 200
    after = client.get(f"/api/incidents/{incident['incident']}").json()
    keys = [f"{e['doc']}:{e['evidence']['start']}:{e['evidence']['end']}" for e in after["events"]]
    assert key not in keys and len(keys) == len(incident["events"]) - 1
    dropped = after["review"]["events_not_relevant"]
    assert [(d["evidence"], d["review"]["by"], d["review"]["note"]) for d in dropped] == [
        (event["evidence"], "amal", "a recalled attack")]
    assert client.post("/api/review", headers=amal, json={
        "target": "event", "action": "relevant", "key": key, "version": 1}).status_code == 200
    back = client.get(f"/api/incidents/{incident['incident']}").json()
    assert len(back["events"]) == len(incident["events"]) and "events_not_relevant" not in (back.get("review") or {})
    assert client.post("/api/review", headers=amal, json={
        "target": "event", "action": "not_relevant", "key": "nope:1:2", "version": 0}).status_code == 422
    _rebuilt_whole_is_the_same(db)


def _both(client):
    items = client.get("/api/incidents").json()["items"]
    return [client.get(f"/api/incidents/{i['incident']}").json() for i in items[:2]]


def _post(client, headers, **body):
    return client.post("/api/review", headers=headers, json=body)


def test_an_incident_split_off_is_corrected_as_itself_and_the_split_holds(desk):
    client, amal, db = desk
    big, _ = _both(client)
    key = " ".join(sorted(big["docs"]))
    moved = sorted(big["docs"])[-2:]
    assert _post(client, amal, target="incident", action="split", key=key, version=0, value=moved).status_code == 200
    part = next(i for i in client.get("/api/incidents").json()["items"] if i["incident"].startswith("split-"))
    part = client.get(f"/api/incidents/{part['incident']}").json()
    assert part["review"]["key"] == " ".join(moved) + "|" + part["incident"] and part["review"]["version"] == 0
    assert _post(client, amal, target="incident", action="correct", key=part["review"]["key"], version=0,
                 field="event_type", value="Riots").status_code == 200
    part = client.get(f"/api/incidents/{part['incident']}").json()
    assert part["event_type"] == "Riots" and part["docs"] == moved and part["review"]["version"] == 1
    parent = client.get(f"/api/incidents/{big['incident']}").json()
    assert set(parent["docs"]) == set(big["docs"]) - set(moved) and parent["event_type"] == big["event_type"]
    refused = _post(client, amal, target="incident", action="merge", key=part["review"]["key"], version=1,
                    value=big["incident"])
    assert refused.status_code == 422 and "split off" in refused.json()["detail"]
    refused = _post(client, amal, target="incident", action="merge", key=" ".join(sorted(_both(client)[1]["docs"])),
                    version=0, value=part["incident"])
    assert refused.status_code == 422
    _rebuilt_whole_is_the_same(db)


def test_merges_never_close_a_cycle_and_a_split_moves_only_the_incidents_own_documents(desk):
    client, amal, db = desk
    big, small = _both(client)
    big_key, small_key = " ".join(sorted(big["docs"])), " ".join(sorted(small["docs"]))
    assert _post(client, amal, target="incident", action="merge", key=small_key, version=0,
                 value=big["incident"]).status_code == 200
    back = _post(client, amal, target="incident", action="merge", key=big_key, version=0, value=small["incident"])
    assert back.status_code == 422 and "merge" in back.json()["detail"]
    assert client.get("/api/incidents").json()["total"] == 1
    brought = _post(client, amal, target="incident", action="split", key=big_key, version=0, value=small["docs"])
    assert brought.status_code == 422 and "brought in" in brought.json()["detail"]
    _rebuilt_whole_is_the_same(db)


def test_a_document_not_relevant_takes_its_claims_out_of_the_incident_and_its_exports(desk):
    client, amal, db = desk
    incident = _contested(client)
    doc = incident["docs"][-1]
    assert _post(client, amal, target="document", action="not_relevant", key=doc, version=0).status_code == 200
    assert all(c["doc"] != doc for c in _claims(client, incident))
    assert f'"doc": "{doc}"' not in client.get("/api/export/claims.jsonl").text
    assert all(c["incident"] is None for c in client.get("/api/claims", params={"doc": doc}).json())
    _rebuilt_whole_is_the_same(db)


def test_adding_a_claim_over_words_already_read_as_one_is_refused(desk):
    client, amal, _ = desk
    claim = _claims(client, _contested(client))[0]
    refused = _post(client, amal, target="claim", action="add", doc=claim["doc"], start=claim["evidence"]["start"],
                    end=claim["evidence"]["end"], version=0, value={"category": "wounded"})
    assert refused.status_code == 422 and "correct it instead" in refused.json()["detail"]


def test_corrections_keep_their_incident_when_a_new_run_grows_it(shared, tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    seeds = seed_corpus(shared, corpus, 3)
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    db = load(out, out / "rasd.sqlite")
    amal = {"Authorization": f"Bearer {Corrections(review_path(db)).add_user('amal')}"}
    client = TestClient(create_app(db), base_url=LOCAL)
    grown = max(client.get("/api/incidents").json()["items"], key=lambda i: i["n_docs"])
    key = " ".join(sorted(client.get(f"/api/incidents/{grown['incident']}").json()["docs"]))
    assert _post(client, amal, target="incident", action="correct", key=key, version=0, field="start",
                 value="2022-01-19").status_code == 200
    for seed in seeds[3:]:
        shutil.copy(seed, corpus)
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert main(["load", str(out)]) == 0
    client = TestClient(create_app(out / "rasd.sqlite"), base_url=LOCAL)
    now = next(client.get(f"/api/incidents/{i['incident']}").json() for i in client.get("/api/incidents").json()[
        "items"] if set(key.split()) <= set(client.get(f"/api/incidents/{i['incident']}").json()["docs"]))
    assert len(now["docs"]) > len(key.split()) and now["start"] == "2022-01-19"
    assert (now["review"]["key"], now["review"]["version"]) == (key, 1)
    assert _post(client, amal, target="incident", action="correct", key=key, version=1, field="event_type",
                 value="Battles").status_code == 200
    again = client.get(f"/api/incidents/{now['incident']}").json()
    assert (again["start"], again["event_type"], again["review"]["version"]) == ("2022-01-19", "Battles", 2)


def test_the_command_line_refuses_missing_or_foreign_corrections_and_revokes_users(desk, tmp_path, capsys):
    client, amal, db = desk
    out = db.rsplit("/", 1)[0]
    assert main(["export", out, "--review", str(tmp_path / "typo.sqlite")]) == 2
    assert "no such corrections file" in capsys.readouterr().err and not (tmp_path / "typo.sqlite").exists()
    assert main(["serve", out, "--review", str(tmp_path / "reveiw.sqlite")]) == 2  # a typo never starts afresh
    assert "no such corrections file" in capsys.readouterr().err and not (tmp_path / "reveiw.sqlite").exists()
    assert main(["users", "add", "amal", "--db", out, "--review", str(tmp_path / "no" / "such" / "r.sqlite")]) == 2
    assert "cannot open the corrections" in capsys.readouterr().err
    other = tmp_path / "other.sqlite"
    Corrections(other).add_user("badr")
    assert main(["corrections", "list", "--db", out, "--review", str(other)]) == 2
    assert "other corrections" in capsys.readouterr().err
    assert main(["users", "remove", "amal", "--db", out]) == 0
    claim = _claims(client, _contested(client))[0]
    assert _post(client, amal, target="claim", action="accept", key=_key(claim), version=0).status_code == 401
    assert main(["users", "remove", "amal", "--db", out]) == 2


@pytest.fixture(scope="module")
def real_desk_run(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("real-dev")
    rasd.run([shared / "eval" / "real-dev" / "corpus.jsonl"], out)
    return out


def _real_desk(real_desk_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(real_desk_run, out)
    db = load(out, out / "rasd.sqlite")
    amal = {"Authorization": f"Bearer {Corrections(review_path(db)).add_user('amal')}"}
    return TestClient(create_app(db), base_url=LOCAL), amal, db


def test_a_document_in_two_incidents_keeps_each_ones_claims_and_events(real_desk_run, tmp_path):
    client, amal, db = _real_desk(real_desk_run, tmp_path)
    incidents = [json.loads(line) for line in (real_desk_run / "incidents.jsonl").read_text().splitlines()]
    holders = collections.defaultdict(list)
    for incident in incidents:
        for doc in incident["docs"]:
            holders[doc].append(incident)
    doc, held = next((d, h) for d, h in sorted(holders.items()) if len(h) > 1 and any(i["events"] for i in h))
    claims_of = lambda i: sorted(c["claim_id"] for c in client.get(  # noqa: E731
        "/api/claims", params={"incident": i["incident"]}).json())
    before = {i["incident"]: (claims_of(i), len(i["events"])) for i in held}
    event = next(e for i in held for e in i["events"] if e["doc"] == doc)
    key = f"{event['doc']}:{event['evidence']['start']}:{event['evidence']['end']}"
    assert _post(client, amal, target="event", action="not_relevant", key=key, version=0).status_code == 200
    for incident in held:
        after = client.get(f"/api/incidents/{incident['incident']}").json()
        claims, events = before[incident["incident"]]
        dropped = sum(1 for e in incident["events"] if f"{e['doc']}:{e['evidence']['start']}:{e['evidence']['end']}"
                      == key)
        assert claims_of(incident) == claims and len(after["events"]) == events - dropped, incident["incident"]
    _rebuilt_whole_is_the_same(db)


def test_two_incidents_of_the_same_documents_are_corrected_apart(real_desk_run, tmp_path):
    client, amal, _ = _real_desk(real_desk_run, tmp_path)
    incidents = [json.loads(line) for line in (real_desk_run / "incidents.jsonl").read_text().splitlines()]
    by_docs = collections.defaultdict(list)
    for incident in incidents:
        by_docs[tuple(sorted(incident["docs"]))].append(incident)
    first, second = next(same for same in by_docs.values() if len(same) > 1)[:2]
    key = " ".join(sorted(first["docs"])) + "|" + first["incident"]
    assert _post(client, amal, target="incident", action="correct", key=key, version=0, field="start",
                 value="2013-01-02").status_code == 200
    assert client.get(f"/api/incidents/{first['incident']}").json()["start"] == "2013-01-02"
    assert client.get(f"/api/incidents/{second['incident']}").json()["start"] == second["start"]
    ambiguous = _post(client, amal, target="incident", action="accept", key=" ".join(sorted(first["docs"])),
                      version=0)
    assert ambiguous.status_code == 422 and "several incidents" in ambiguous.json()["detail"]


def test_a_merged_incident_and_a_split_of_everything_are_refused(desk):
    client, amal, _ = desk
    big, small = _both(client)
    small_key = " ".join(sorted(small["docs"])) + "|" + small["incident"]
    assert _post(client, amal, target="incident", action="merge", key=" ".join(sorted(big["docs"])) + "|" +
                 big["incident"], version=0, value=small["incident"]).status_code == 200
    merged = client.get(f"/api/incidents/{big['incident']}").json()
    refused = _post(client, amal, target="incident", action="correct", key=merged["review"]["key"], version=1,
                    field="start", value="2022-01-01")
    assert refused.status_code == 422 and "merged into" in refused.json()["detail"]
    now = client.get(f"/api/incidents/{small['incident']}").json()
    everything = _post(client, amal, target="incident", action="split", key=now["review"]["key"],
                       version=now["review"]["version"], value=small["docs"])
    assert everything.status_code == 422 and now["review"]["key"].endswith(small_key.split("|")[1])
    wrong = _post(client, amal, target="incident", action="correct", key=now["review"]["key"],
                  version=now["review"]["version"], field="sub_event_type", value="Peaceful protest")
    assert wrong.status_code == 422 and "sub_event_type" in wrong.json()["detail"]


def test_an_incident_whose_documents_only_moved_is_not_yet_reviewed_nor_gold(desk, tmp_path):
    client, amal, db = desk
    big, small = _both(client)
    assert _post(client, amal, target="incident", action="merge", key=" ".join(sorted(small["docs"])), version=0,
                 value=big["incident"]).status_code == 200
    taken = client.get(f"/api/incidents/{big['incident']}").json()
    assert taken["review"]["state"] == "regrouped"
    assert big["incident"] in [i["incident"] for i in client.get("/api/incidents", params={"review": "machine"})
                               .json()["items"]]
    assert main(["corrections", "export", "--db", db, "--out", str(tmp_path / "gold")]) == 0
    assert (tmp_path / "gold" / "incidents.jsonl").read_text() == ""


def test_a_split_off_part_is_found_after_one_of_its_documents_leaves_it(desk):
    client, amal, _ = desk
    big, _ = _both(client)
    moved = sorted(big["docs"])[-2:]
    assert _post(client, amal, target="incident", action="split", key=" ".join(sorted(big["docs"])), version=0,
                 value=moved).status_code == 200
    assert _post(client, amal, target="document", action="not_relevant", key=moved[0], version=0).status_code == 200
    part = next(i for i in client.get("/api/incidents").json()["items"] if i["incident"].startswith("split-"))
    part = client.get(f"/api/incidents/{part['incident']}").json()
    assert part["docs"] == moved[1:]
    assert _post(client, amal, target="incident", action="accept", key=part["review"]["key"],
                 version=part["review"]["version"]).status_code == 200


def test_the_machines_export_filters_on_the_machines_reading(desk):
    client, amal, _ = desk
    big, small = _both(client)
    assert _post(client, amal, target="incident", action="merge", key=" ".join(sorted(small["docs"])), version=0,
                 value=big["incident"]).status_code == 200
    word = next(w for w in small["title"].split() if len(w) > 3)
    for params in ({"q": word}, {"event_type": small["event_type"]}):
        ids = lambda extra: {json.loads(line)["incident"] for line in client.get(  # noqa: E731
            "/api/export/incidents.jsonl", params={**params, **extra}).text.splitlines()}
        assert small["incident"] in ids({"machine": "true"}) and small["incident"] not in ids({}), params


def test_a_failed_scoped_rebuild_is_logged_and_the_whole_reading_rebuilt(desk, monkeypatch, caplog):
    from rasd.web import review_api
    client, amal, _ = desk
    real = review_api.materialize

    def failing(store, corrections, dry_run=False, around=None):
        if around is not None:
            raise RuntimeError("a broken neighbourhood")
        return real(store, corrections, dry_run=dry_run)

    monkeypatch.setattr(review_api, "materialize", failing)
    claim = _claims(client, _contested(client))[0]
    done = _post(client, amal, target="claim", action="correct", key=_key(claim), version=0, field="value", value=77)
    assert done.status_code == 200 and done.json()["claim"]["value"] == 77
    assert "rebuilding all of it" in caplog.text and "a broken neighbourhood" in caplog.text


RECALL_MARCH = ("قتل أربعة جنود عراقيين بهجوم شنه مسلحون من تنظيم داعش على نقطة تفتيش قرب قضاء طوزخورماتو مساء أمس، "
                "بحسب خلية الإعلام الأمني.")
RECALL_AUGUST = ("قتل جنديان عراقيان بانفجار عبوة ناسفة استهدفت دورية للجيش قرب قضاء طوزخورماتو فجر اليوم، وفق مصدر "
                 "أمني. ويعيد الانفجار إلى الأذهان هجوم آذار الماضي على نقطة التفتيش، الذي أعقبته حملة اعتقالات طالت "
                 "تسعة متهمين بالانتماء إلى التنظيم.")


def test_review_keeps_the_figures_of_an_article_that_only_recalls_an_incident(tmp_path):
    corpus = tmp_path / "recall.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "march", "text": RECALL_MARCH, "published": "2023-03-13"},
        {"id": "august", "text": RECALL_AUGUST, "published": "2023-08-21"}]), encoding="utf-8")
    out = tmp_path / "out"
    rasd.run([corpus], out)
    db = load(out, out / "rasd.sqlite")
    token = Corrections(review_path(db)).add_user("amal")
    client, amal = TestClient(create_app(db), base_url=LOCAL), {"Authorization": f"Bearer {token}"}
    march = next(client.get(f"/api/incidents/{i['incident']}").json() for i in client.get("/api/incidents").json()
                 ["items"] if client.get(f"/api/incidents/{i['incident']}").json()["docs"] == ["march"])
    assert march["recalled_by"] == ["august"] and any(f["category"] == "arrested" for f in march["figures"])
    assert client.post("/api/review", headers=amal, json={
        "target": "incident", "action": "accept", "key": "march", "version": 0}).status_code == 200
    accepted = client.get(f"/api/incidents/{march['incident']}").json()
    assert accepted["recalled_by"] == ["august"] and accepted["figures"] == march["figures"]
    assert client.post("/api/review", headers=amal, json={
        "target": "document", "action": "not_relevant", "key": "august", "version": 0}).status_code == 200
    after = client.get(f"/api/incidents/{march['incident']}").json()
    assert after["recalled_by"] == [] and not any(f["category"] == "arrested" for f in after["figures"])
    _rebuilt_whole_is_the_same(db)


def test_a_load_puts_the_new_store_in_place_with_the_corrections_already_applied(shared, tmp_path, monkeypatch):
    """`rasd load` renames the new store into place only once the analysts' corrections are applied to it: a server
    reading the store meanwhile never serves the machine's reading alone (a rejected claim counted again)."""
    from rasd.store import Store
    out = tmp_path / "out"
    assert main(["run", str(shared / "seeds"), "--out", str(out), "--no-progress"]) == 0
    db = load(out, out / "rasd.sqlite")
    amal = {"Authorization": f"Bearer {Corrections(review_path(db)).add_user('amal')}"}
    client = TestClient(create_app(db), base_url=LOCAL)
    claim = _claims(client, client.get("/api/incidents").json()["items"][0])[0]
    assert _post(client, amal, target="claim", action="correct", key=_key(claim), version=0, field="value",
                 value=4242).status_code == 200
    seen_at_the_rename, replace = [], pathlib.Path.replace

    def noting(self, target):
        if str(target).endswith("rasd.sqlite"):
            seen_at_the_rename.extend(c["value"] for c in Store(self).claims(doc=claim["doc"])
                                      if _key(c) == _key(claim))
        return replace(self, target)

    monkeypatch.setattr(pathlib.Path, "replace", noting)
    assert main(["load", str(out)]) == 0
    assert seen_at_the_rename == [4242]


def test_a_load_whose_corrections_cannot_be_applied_leaves_the_store_as_it_was(shared, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(shared / "seeds"), "--out", str(out), "--no-progress"]) == 0
    db = pathlib.Path(load(out, out / "rasd.sqlite"))
    before = (db.stat().st_ino, db.read_bytes())
    broken = tmp_path / "broken.review.sqlite"
    broken.write_bytes(b"not a database" * 100)
    assert main(["load", str(out), "--review", str(broken)]) == 2
    assert (db.stat().st_ino, db.read_bytes()) == before
    err = capsys.readouterr().err
    assert "cannot apply the corrections" in err and "is left as it was" in err
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def test_a_failed_rebuild_in_one_server_process_is_made_whole_by_the_next_correction_in_another(shared, tmp_path,
                                                                                               monkeypatch):
    """`rasd serve --workers N`: a correction whose rebuild failed in one process (a 503: "it shows after the next
    correction") shows after the next correction whichever process takes it, since the failure is noted beside the
    corrections, not in one process's memory."""
    import rasd.web.review_api as review_api
    from rasd.review import claim_key
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out, progress=False)
    db = load(out, out / "rasd.sqlite")
    amal = {"Authorization": f"Bearer {Corrections(review_path(db)).add_user('amal')}"}
    first, second = (TestClient(create_app(db), base_url=LOCAL) for _ in range(2))  # two processes' apps
    items = first.get("/api/incidents").json()["items"]
    one = first.get("/api/claims", params={"incident": items[0]["incident"]}).json()[0]
    two = first.get("/api/claims", params={"incident": items[-1]["incident"]}).json()[-1]
    materialize_, failures = review_api.materialize, [2]

    def failing_twice(*args, **kwargs):
        if failures[0]:
            failures[0] -= 1
            raise RuntimeError("database is locked")
        return materialize_(*args, **kwargs)

    monkeypatch.setattr(review_api, "materialize", failing_twice)
    assert _post(first, amal, target="claim", action="reject", key=claim_key(one), version=0).status_code == 503
    assert _post(second, amal, target="claim", action="reject", key=claim_key(two), version=0).status_code == 200

    def state(client, claim):
        found = [c for c in client.get("/api/claims", params={"doc": claim["doc"]}).json()
                 if c["claim_id"] == claim["claim_id"]]
        return [(c.get("review") or {}).get("state") for c in found]

    assert state(second, one) == state(first, one) == ["rejected"]
    assert state(second, two) == ["rejected"]
    assert not Corrections(review_path(db)).rebuild_pending()


def test_a_rebuild_that_fails_while_a_whole_one_runs_stays_pending(shared, tmp_path, monkeypatch):
    """A whole rebuild cleared the mark of a failure noted while it ran (another process's correction, which it
    never read), and that correction stayed out of the reading until some later whole rebuild (found by a review).
    It clears only the failures noted before it read the corrections."""
    import rasd.reviewed as reviewed
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out, progress=False)
    db = load(out, out / "rasd.sqlite")
    corrections = Corrections(review_path(db))
    corrections.note_rebuild_pending()  # a failure before: the whole rebuild below holds its correction
    history = corrections.history

    def another_process_fails_meanwhile():
        found = history()
        corrections.note_rebuild_pending()  # noted after the corrections were read
        return found

    monkeypatch.setattr(corrections, "history", another_process_fails_meanwhile)
    reviewed.materialize(Store(db), corrections)
    assert corrections.rebuild_pending()  # the later failure is still to be made whole
    monkeypatch.undo()
    reviewed.materialize(Store(db), corrections)
    assert not corrections.rebuild_pending()
