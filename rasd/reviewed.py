"""The reviewed reading: a store's machine records with the analysts' corrections (rasd/review.py) applied.

The store keeps both: each claim and incident row holds the machine's record and the reviewed one, which the page,
the API and the exports read by default. `materialize` rebuilds the reviewed records from every correction after
each write and after each `rasd load` of a new run; a correction whose object the run no longer has is returned as
orphaned. Corrected claims carry `review` (state, version, who, when, note, the machine's values); an incident's
figures and matrix are recomputed from its reviewed claims (a rejected claim counts for nothing)."""
from __future__ import annotations

import collections
import hashlib
import json

from .figures import claims_matrix, figures, source_deviation
from .review import CLAIM_FIELDS, SPLIT, Corrections, ReviewState, claim_key, incident_key, split_key
from .store import CHANGED, MACHINE, MADE, Store, claim_row, incident_row

MERGED, NOT_RELEVANT = "merged", "not_relevant"
REGROUPED = "regrouped"  # its documents changed (split, merged in, not relevant): not yet reviewed itself
ADDED_RULE = "added by an analyst"


def materialize(store: Store, corrections: Corrections, dry_run: bool = False,
                around: set[str] | None = None) -> list[dict]:
    """Write the reviewed records of every object the corrections touch (and the machine's back for those they no
    longer touch); returns the orphaned corrections. A dry run writes nothing (it only finds the orphans). With
    `around` (the documents a new correction names), only the objects that share an incident with them, through
    the machine's incidents and the merges, are rebuilt: a write costs what its neighbourhood costs, not what every
    correction of the store costs."""
    con = store.backend.connect(write=True)
    try:
        _lock(con, store)  # the corrections are read under the lock: a later write's rebuild never lands first
        failed_before = corrections.rebuild_pending() if around is None else 0  # failures this reading holds
        by_object: dict[tuple, list[dict]] = collections.defaultdict(list)
        for correction in corrections.history():
            by_object[(correction["target"], correction["key"])].append(correction)
        for history in by_object.values():
            history.sort(key=lambda c: c["version"])
        writer = _Writer(con, store.backend.placeholder)
        if around is None:
            writer.reset()
        else:
            docs = _neighbourhood(writer, set(around), by_object)
            by_object = {k: v for k, v in by_object.items() if set(_documents_of(*k)) & docs}
            writer.reset(docs)
        orphans = _Review(writer, by_object).apply()
        writer.run("DELETE FROM review_source")
        writer.run("INSERT INTO review_source VALUES (?)", [corrections.fingerprint()])
        if dry_run:
            con.rollback()
        else:
            con.commit()
            if failed_before:
                corrections.rebuild_done(failed_before)  # the whole reading holds their corrections now
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return orphans


def documents_named(target: str, key: str, after=None) -> set[str]:
    """The documents a correction names: a claim's or a document's own, an incident's, and a merge's other one."""
    docs = set(_documents_of(target, key))
    if target == "incident" and isinstance(after, str):
        docs |= set(split_key(after)[0])
    return docs


def _documents_of(target: str, key: str) -> list[str]:
    if target in ("claim", "event"):
        return [key.rsplit(":", 2)[0]]
    return split_key(key)[0] if target == "incident" else [key]


def _neighbourhood(writer: "_Writer", docs: set[str], by_object: dict[tuple, list[dict]]) -> set[str]:
    """The documents whose reviewed records may change with corrections of `docs`: theirs, those of every machine
    incident that holds one of them, and across every merge that joins one of those incidents to another."""
    merges = [documents_named("incident", key, c["after"]) for (target, key), history in by_object.items()
              if target == "incident" for c in history if c["action"] == "merge"]
    while True:
        grown = set(docs)
        for doc in docs:
            for (incident_id,) in writer.rows("SELECT incident FROM incident_docs WHERE doc = ?", [doc]):
                grown |= {r[0] for r in writer.rows("SELECT doc FROM incident_docs WHERE incident = ?",
                                                    [incident_id])}
        for merged in merges:
            if merged & grown:
                grown |= merged
        if grown == docs:
            return docs
        docs = grown


def _lock(con, store: Store) -> None:
    """Take the store's write lock for this transaction (one rebuild at a time, across server processes)."""
    if store.backend.placeholder == "?":
        con.isolation_level = None
        con.execute("BEGIN IMMEDIATE")
    else:
        con.execute("SELECT pg_advisory_xact_lock(7011)")  # any fixed number: Rasd's rebuild


def irrelevant_documents(corrections: Corrections) -> set[str]:
    """The documents analysts last marked not relevant."""
    last: dict[str, dict] = {}
    for correction in corrections.history():
        if correction["target"] == "document" and correction["version"] > last.get(correction["key"], {}).get(
                "version", 0):
            last[correction["key"]] = correction
    return {doc for doc, correction in last.items() if correction["action"] == "not_relevant"}


def document_review(corrections: Corrections, doc: str) -> dict:
    """A document's review: relevant or not (an analyst's last word), its version and who said it."""
    history = corrections.history("document", doc)
    state = ReviewState(version=len(history))
    if history:
        last = history[-1]
        state.state = NOT_RELEVANT if last["action"] == "not_relevant" else "relevant"
        state.by, state.at, state.note = last["user"], last["at"], last["note"]
    return state.as_dict(doc)


class _Writer:
    """Reads and writes the store's rows inside one transaction."""

    def __init__(self, con, placeholder):
        self.con, self.p = con, placeholder

    def rows(self, sql, args=()):
        cur = self.con.cursor()
        cur.execute(sql.replace("?", self.p), list(args))
        return cur.fetchall()

    def run(self, sql, args=()):
        self.con.cursor().execute(sql.replace("?", self.p), list(args))

    def reset(self, docs: set[str] | None = None):
        """Every row back to the machine's reading: of the whole store, or of the documents `docs`, their claims
        and the incidents that hold them."""
        if docs is None:
            self.run(f"DELETE FROM claims WHERE reviewed = {MADE}")
            claims = self.rows(f"SELECT m.record FROM claims JOIN machine_claims m USING (claim_id) "
                               f"WHERE reviewed = {CHANGED}")
            self.run(f"DELETE FROM incidents WHERE reviewed = {MADE}")
            incidents = self.rows(f"SELECT m.record FROM incidents JOIN machine_incidents m USING (incident) "
                                  f"WHERE reviewed = {CHANGED} OR hidden = 1")
        else:
            claims, ids = [], set()
            for doc in sorted(docs):
                self.run(f"DELETE FROM claims WHERE reviewed = {MADE} AND doc = ?", [doc])
                claims += self.rows(f"SELECT m.record FROM claims JOIN machine_claims m USING (claim_id) "
                                    f"WHERE claims.doc = ? AND reviewed = {CHANGED}", [doc])
                ids |= {r[0] for r in self.rows("SELECT incident FROM incident_docs WHERE doc = ?", [doc])}
            for incident_id, record in self.rows(f"SELECT incident, record FROM incidents WHERE reviewed = {MADE}"):
                split = json.loads(record)
                if set(split["docs"]) & docs or (split.get("review") or {}).get("split_from") in ids:
                    self.run("DELETE FROM incidents WHERE incident = ?", [incident_id])  # split off among them
            incidents = [r for incident_id in sorted(ids) for r in self.rows(
                f"SELECT m.record FROM incidents JOIN machine_incidents m USING (incident) WHERE incident = ? "
                f"AND (reviewed = {CHANGED} OR hidden = 1)", [incident_id])]
        for (machine,) in claims:
            self.put_claim(json.loads(machine), json.loads(machine))
        for (machine,) in incidents:
            incident = json.loads(machine)
            self.put_incident(incident, self.claims_of(incident["incident"]), incident)

    def claims_of(self, incident_id) -> list[dict]:
        return [json.loads(r[0]) for r in self.rows("SELECT record FROM claims WHERE incident = ?", [incident_id])]

    def claims_of_doc(self, doc) -> list[dict]:
        return [json.loads(r[0]) for r in self.rows("SELECT record FROM claims WHERE doc = ?", [doc])]

    def machine_claims_of(self, incident_id) -> list[dict]:
        return [json.loads(r[0]) for r in self.rows("SELECT record FROM machine_claims WHERE incident = ? "
                                                    "ORDER BY claim_id", [incident_id])]

    def machine_claim(self, claim_id) -> dict | None:
        rows = self.rows("SELECT record FROM machine_claims WHERE claim_id = ?", [claim_id])
        return json.loads(rows[0][0]) if rows else None

    def incident(self, incident_id) -> dict | None:
        rows = self.rows("SELECT record FROM machine_incidents WHERE incident = ?", [incident_id])
        return json.loads(rows[0][0]) if rows else None

    def incident_of(self, key: str) -> str | None:
        """The machine's incident a key names: the one its id part names when a run still has it (two incidents may
        hold the same documents), else the one its documents name."""
        docs, hint = split_key(key)
        if hint and self.rows("SELECT 1 FROM machine_incidents WHERE incident = ?", [hint]):
            return hint
        return self.incident_of_docs(docs)

    def incident_of_docs(self, docs) -> str | None:
        """The machine's incident that shares at least half of `docs` and has at least half of its own among them."""
        counts: collections.Counter = collections.Counter()
        for doc in docs:
            for (incident_id,) in self.rows("SELECT incident FROM incident_docs WHERE doc = ?", [doc]):
                counts[incident_id] += 1
        for incident_id, shared in counts.most_common():
            size = self.rows("SELECT COUNT(*) FROM incident_docs WHERE incident = ?", [incident_id])[0][0]
            if shared * 2 >= len(docs) and shared * 2 >= size:
                return incident_id
        return None

    def outlets(self, docs) -> dict[str, str | None]:
        found = {}
        for doc in docs:
            rows = self.rows("SELECT outlet FROM documents WHERE doc = ?", [doc])
            found[doc] = rows[0][0] if rows else None
        return found

    def document_text(self, doc) -> str | None:
        rows = self.rows("SELECT record FROM documents WHERE doc = ?", [doc])
        return json.loads(rows[0][0]).get("text") if rows else None

    def put_claim(self, claim: dict, machine: dict | None):
        self.run("DELETE FROM claims WHERE claim_id = ?", [claim["claim_id"]])
        self.run("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?)", claim_row(claim, _origin(claim, machine)))

    def put_incident(self, incident: dict, claims: list[dict], machine: dict | None, hidden: bool = False):
        self.run("DELETE FROM incidents WHERE incident = ?", [incident["incident"]])
        self.run("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                 incident_row(incident, claims, _origin(incident, machine), hidden))


class _Review:
    """One pass over the corrections: claims first, then documents, then incidents."""

    def __init__(self, writer: _Writer, by_object: dict[tuple, list[dict]]):
        self.w, self.by_object = writer, by_object
        self.orphans: list[dict] = []
        self.claims: dict[str, dict] = {}          # claim id -> reviewed record
        self.touched: set[str] = set()             # incident ids whose reviewed record must be rebuilt

    def apply(self) -> list[dict]:
        for (target, key), history in sorted(self.by_object.items()):
            if target == "claim":
                self._claim(key, history)
        irrelevant = {key for (target, key), history in self.by_object.items()
                      if target == "document" and history[-1]["action"] == "not_relevant"}
        self.events = {key: history[-1] for (target, key), history in self.by_object.items()
                       if target == "event" and history[-1]["action"] == "not_relevant"}
        for doc in irrelevant | {key.rsplit(":", 2)[0] for key in self.events}:
            self.touched |= {r[0] for r in self.w.rows("SELECT incident FROM incident_docs WHERE doc = ?", [doc])}
        split_sets = {frozenset(c["after"] or []) for (target, _), history in self.by_object.items()
                      if target == "incident" for c in history if c["action"] == "split"}
        incidents: dict[str, list[tuple[str, list[dict]]]] = collections.defaultdict(list)
        self.split_histories: dict[frozenset, tuple[str, list[dict]]] = {}
        for (target, key), history in sorted(self.by_object.items()):
            if target != "incident":
                continue
            docs, hint = split_key(key)
            if hint.startswith(SPLIT) or (not hint and frozenset(docs) in split_sets):
                self.split_histories[frozenset(docs)] = (key, history)  # an incident split off: its own corrections
                continue
            found = self.w.incident_of(key)
            if found is None:
                self.orphans += history
            else:  # a new run may find one incident where two keys named parts of it: both apply
                incidents[found].append((key, history))
                self.touched.add(found)
        self._rebuild(incidents, irrelevant)
        return self.orphans

    # claims

    def _claim(self, key: str, history: list[dict]):
        doc, start, end = _span_of(key)
        found = next((c for c in self.w.claims_of_doc(doc)
                      if c["evidence"]["start"] == start and c["evidence"]["end"] == end), None)
        if found is None and history[0]["action"] == "add":
            found = self._added_claim(doc, start, end, history[0])
        if found is None:
            self.orphans += history
            return
        machine = self.w.machine_claim(found["claim_id"])
        reviewed = _reviewed_claim(found if machine is None else machine, key, history)
        self.claims[reviewed["claim_id"]] = reviewed
        if reviewed.get("incident"):
            self.touched.add(reviewed["incident"])
        self.w.put_claim(reviewed, machine)

    def _added_claim(self, doc, start, end, added) -> dict | None:
        text = self.w.document_text(doc)
        if text is None or not (0 <= start < end <= len(text)):
            return None
        fields = added["after"] or {}
        incidents = sorted(self.w.rows("SELECT incident FROM incident_docs WHERE doc = ?", [doc]))
        value = fields.get("value")
        return {"claim_id": f"{doc}#added-{start}-{end}", "doc": doc, "category": fields.get("category"),
                "subject": fields.get("subject") or "people", "value": value, "value_min": value,
                "value_max": value, "qualifier": fields.get("qualifier") or "exact",
                "claimed_by": fields.get("claimed_by") or "outlet", "via": [], "skeptical": None, "date": None,
                "event_date": None, "incident": incidents[0][0] if incidents else None,
                "evidence": {"start": start, "end": end, "text": text[start:end]}, "total": False, "part_of": None,
                "party": fields.get("party"), "role": fields.get("role"), "rule": ADDED_RULE,
                "background": False, "added": False, "source": fields.get("claimed_by") or "outlet"}

    # incidents

    def _rebuild(self, incidents: dict[str, list[tuple[str, list[dict]]]], irrelevant: set[str]):
        machine = {iid: self.w.incident(iid) for iid in self.touched}
        machine = {iid: record for iid, record in machine.items() if record is not None}
        merged_into: dict[str, str] = {}
        split_off: list[tuple[str, list[str], dict]] = []
        ordered = sorted(((c["at"], c["version"], iid, c) for iid, keyed in incidents.items()
                          for _, history in keyed for c in history), key=lambda x: x[:3])
        for _, _, iid, correction in ordered:  # in the order they were made: a merge that would close a cycle fails
            if correction["action"] == "merge":
                after_docs, after_hint = split_key(correction["after"] or "")
                other = None if after_hint.startswith(SPLIT) or (not after_hint and frozenset(after_docs) in
                                                                  self.split_histories) \
                    else self.w.incident_of(correction["after"] or "")
                if other is None or other == iid or _final(other, merged_into) == iid:
                    self.orphans.append(correction)
                else:
                    merged_into[iid] = other
                    machine.setdefault(other, self.w.incident(other))
            elif correction["action"] == "split":
                moved = [d for d in correction["after"] or [] if d in machine[iid]["docs"]]
                if not moved or len(moved) != len(correction["after"] or []) or set(moved) >= set(
                        machine[iid]["docs"]):
                    self.orphans.append(correction)  # documents it no longer holds as the machine read it
                else:
                    split_off.append((iid, moved, correction))
        # What each incident holds: (the machine's incident it comes from, a document) pairs. A document may be in
        # several of the machine's incidents (a report of two events): its claims and events go with their own.
        content = {iid: {(iid, d) for d in _held_docs(record)} for iid, record in machine.items()}
        # the articles that only recall a machine incident: listed apart again, wherever their pair goes
        self.recalling = {(iid, d) for iid, record in machine.items() for d in record.get("recalled_by") or []}
        parts = []
        for iid, moved, correction in split_off:
            taken = {(iid, d) for d in moved}
            content[iid] -= taken
            parts.append((iid, moved, taken, correction))
        for source, target in sorted(merged_into.items()):
            target = _final(target, merged_into)
            if target != source:
                content[target] |= content[source]
                content[source] = set()
        self.held = {}  # (machine incident, document) -> (its reviewed claims, its events)
        for iid, record in machine.items():
            claims = [self.claims.get(c["claim_id"], c) for c in self.w.machine_claims_of(iid)]
            claims += [c for c in self.claims.values() if c.get("rule") == ADDED_RULE and c.get("incident") == iid]
            for doc in _held_docs(record):
                self.held[(iid, doc)] = ([c for c in claims if c["doc"] == doc],
                                         [e for e in record.get("events") or [] if e["doc"] == doc])
        self.irrelevant = irrelevant
        for iid, record in sorted(machine.items()):
            kept = {pair for pair in content[iid] if pair[1] not in irrelevant}
            state = MERGED if iid in merged_into else (NOT_RELEVANT if not kept else None)
            keyed = incidents.get(iid) or [(incident_key(record["docs"], iid), [])]
            key, own = max(keyed, key=lambda kh: max((c["at"] for c in kh[1]), default=""))  # the one written last
            history = [c for _, _, i, c in ordered if i == iid]
            self._write(record, iid, kept, history, state, machine_record=record, key=key,
                        version=len(own), merged_into=_final(merged_into[iid], merged_into) if iid in merged_into
                        else None)
        for iid, moved, taken, correction in parts:
            kept = {pair for pair in taken if pair[1] not in irrelevant}
            new_id = SPLIT + hashlib.sha1("\n".join(sorted(moved)).encode()).hexdigest()[:12]
            part = {**machine[iid], "incident": new_id, "related": [iid]}
            key, history = self.split_histories.pop(frozenset(moved), (incident_key(moved, new_id), []))
            for later in history:
                if later["action"] in ("merge", "split"):
                    self.orphans.append(later)  # a split-off part is corrected or accepted, not merged or split
            self._write(part, new_id, kept, history, None if kept else NOT_RELEVANT,
                        machine_record=None, key=key, version=len(history), split_from=iid, split_by=correction)
        for _, history in self.split_histories.values():  # parts of a split that no longer holds
            self.orphans += history
        for (_, doc), (claims, _) in sorted(self.held.items(), key=lambda kv: kv[0]):
            if doc in irrelevant:  # its claims belong to no incident now
                for claim in claims:
                    self.w.put_claim({**claim, "incident": None}, self.w.machine_claim(claim["claim_id"]))

    def _write(self, record, iid, pairs, history, state, machine_record, key, version,
               merged_into=None, split_from=None, split_by=None):
        docs = sorted({pair[1] for pair in pairs if pair not in self.recalling})
        recalled_by = sorted({pair[1] for pair in pairs if pair in self.recalling} - set(docs))
        if not docs:
            docs, recalled_by = recalled_by, []  # only recalls tell it (rasd/incidents.py does the same)
        claims = [{**c, "incident": iid} for pair in sorted(pairs) for c in self.held[pair][0]]
        counted = [c for c in claims if (c.get("review") or {}).get("state") != "rejected"]
        figure_list, far_apart = figures(counted)
        outlets = self.w.outlets(docs + recalled_by)
        carried = collections.defaultdict(list)
        for claim in counted:
            if claim.get("copy_of"):
                carried[claim["copy_of"]].append(claim["doc"])
        events = [e for pair in sorted(pairs) for e in self.held[pair][1]]
        dropped = [{**e, "review": {"state": NOT_RELEVANT, "by": c["user"], "at": c["at"], "note": c["note"],
                                    "version": c["version"]}}
                   for e in events for c in [self.events.get(claim_key(e))] if c]
        reviewed = {
            **record, "incident": iid, "docs": docs, "recalled_by": recalled_by,
            "outlets": sorted({outlets[d] for d in docs if outlets.get(d)}),
            "events": [e for e in events if claim_key(e) not in self.events],
            "figures": figure_list, "discrepancies": far_apart, "source_deviation": source_deviation(figure_list),
            "matrix": claims_matrix(figure_list, {c["claim_id"]: c for c in counted}, outlets, carried),
        }
        review = ReviewState(version=version)
        orphaned = {id(c) for c in self.orphans}
        history = [c for c in history if id(c) not in orphaned]
        for correction in history:
            review.by, review.at, review.note = correction["user"], correction["at"], correction["note"]
            if correction["action"] == "correct":
                review.machine.setdefault(correction["field"], record.get(correction["field"]))
                reviewed[correction["field"]] = correction["after"]
        accepted = any(c["action"] == "accept" for c in history)
        review.state = state or ("corrected" if review.machine else "accepted" if accepted else REGROUPED
                                 if split_from or docs != sorted(record["docs"]) else "machine")
        summary = review.as_dict(key)
        if split_by is not None:
            summary.update(by=split_by["user"], at=split_by["at"], note=split_by["note"], split_from=split_from)
        if merged_into:
            summary["merged_into"] = merged_into
        if dropped:
            summary["events_not_relevant"] = dropped
        summary["claims"] = dict(collections.Counter((c.get("review") or {}).get("state", "machine")
                                                     for c in claims))
        reviewed["review"] = summary
        self.w.put_incident(reviewed, claims, machine_record, hidden=state in (MERGED, NOT_RELEVANT))
        for claim in claims:
            if claim["incident"] != (self.w.machine_claim(claim["claim_id"]) or {}).get("incident") \
                    or claim["claim_id"] in self.claims:
                self.w.put_claim(claim, self.w.machine_claim(claim["claim_id"]))


def _origin(record: dict, machine: dict | None) -> int:
    """How a row came to be (store.MACHINE, CHANGED, MADE): made by review when the machine has no copy of it."""
    return MADE if machine is None else MACHINE if record == machine else CHANGED


def _final(target: str, merged_into: dict[str, str]) -> str:
    """Where a chain of merges ends (A into B, B into C: A is in C)."""
    seen = set()
    while target in merged_into and target not in seen:
        seen.add(target)
        target = merged_into[target]
    return target


def _span_of(key: str) -> tuple[str, int, int]:
    doc, start, end = key.rsplit(":", 2)
    return doc, int(start), int(end)


def _reviewed_claim(machine: dict, key: str, history: list[dict]) -> dict:
    """A claim with its corrections applied, in order, and its review state."""
    claim = dict(machine)
    review = ReviewState(version=len(history))
    added = accepted = rejected = False
    for correction in history:
        review.by, review.at, review.note = correction["user"], correction["at"], correction["note"]
        action = correction["action"]
        added |= action == "add" and machine.get("rule") == ADDED_RULE
        accepted |= action == "accept"
        rejected = action == "reject" or (rejected and action not in ("accept", "correct"))
        if action == "add" and machine.get("rule") != ADDED_RULE:  # a later run read a claim on the same words:
            for field, value in (correction["after"] or {}).items():  # the analyst's values win, as corrections
                if field in CLAIM_FIELDS and machine.get(field) != value:
                    review.machine.setdefault(field, machine.get(field))
                    claim[field] = value
                    if field == "value":
                        claim["value_min"] = claim["value_max"] = value
        if action == "correct":
            field = correction["field"]
            review.machine.setdefault(field, machine.get(field))
            claim[field] = correction["after"]
            if field == "value":
                claim["value_min"] = claim["value_max"] = correction["after"]
            if field == "claimed_by":
                claim["source"], claim["via"] = correction["after"], []
    review.state = "rejected" if rejected else "added" if added else "corrected" if review.machine else \
        "accepted" if accepted else "machine"
    claim["review"] = review.as_dict(key)
    if claim_key(claim) != key:
        raise AssertionError(f"{key}: a claim's evidence span is its key")
    return claim


def _held_docs(record: dict) -> list[str]:
    """The documents an incident's record holds: those that report it and those that only recall it."""
    return record["docs"] + [d for d in record.get("recalled_by") or [] if d not in record["docs"]]
