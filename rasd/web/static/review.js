// The coder's desk on the page (rasd/review.py): accept, reject or correct a claim, add one from the article's
// selected words, mark a document not relevant, and accept, correct, merge or split an incident. Reading needs no
// one; writing sends the analyst's token (kept for this tab only) and the version of the object as it was read, so
// that a change another analyst made first is shown, never overwritten. Loaded after app.js, whose helpers it uses.
"use strict";

const TOKEN = "rasd-token";
const CLAIM_FIELDS = ["category", "subject", "value", "qualifier", "claimed_by", "party", "role"];
const CATEGORIES = ["killed", "wounded", "casualties", "arrested", "escaped", "surrendered", "released", "held",
  "attackers", "displaced", "missing"];
const QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "tens", "hundreds", "thousands",
  "millions", "some"];
let reviewedClaim = null;  // the claim whose evidence is shown: the one the keys act on
let reviewedDoc = null;    // its document

const claimKey = (claim) => `${claim.doc}:${claim.evidence.start}:${claim.evidence.end}`;
// An incident's key: its review's, else its documents and its id (rasd/review.py, incident_key).
const incidentKey = (incident) => (incident.review || {}).key
  || `${[...incident.docs].sort().join(" ")}|${incident.incident}`;
const versionOf = (record) => (record && record.review ? record.review.version : 0);

function stateBadge(review) {
  const state = (review && review.state) || "machine";
  return h("span", { class: `state ${state}`, "data-state": state }, t(`state_${state}`),
    review && review.by ? ` · ${t("by")} ` : null, review && review.by ? h("bdi", {}, review.by) : null);
}

function say(text, refused = false) {
  const message = $("#review-message");
  message.replaceChildren(...[text].flat());
  message.classList.toggle("refused", refused);
  message.hidden = false;
}

// POST one review action; on success the incident is shown again as the reviewed reading now has it (or, after a
// merge, the incident that took it in: `goTo`).
async function send(body, showAfter, goTo) {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) {
    say(t("needs_token"), true);
    $("#sign-in-form").hidden = false;
    $("#token-input").focus();
    return null;
  }
  const response = await fetch("/api/review", {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN);
    updateSignIn();
    say(t("unauthorized"), true);
    return null;
  }
  if (response.status === 409) {
    const last = (data.history || []).at(-1) || {};
    await reload(showAfter);
    say([t("stale"), " ", h("bdi", {}, last.user || "?"), " · ", h("bdi", { dir: "ltr" },
      [last.action, last.field, JSON.stringify(last.after)].filter(Boolean).join(" "))], true);
    return null;
  }
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail || response.status);
    say([t("refused"), " ", h("bdi", { dir: "ltr" }, detail)], true);
    return null;
  }
  const target = goTo && ((data.incident || {}).review || {}).merged_into;  // what took the merged one in
  if (target) {
    history.pushState(null, "", `#/incident/${encodeURIComponent(target)}`);
    await showIncident(target);
  } else {
    await reload(showAfter || (data.claim ? data.claim.claim_id : null));
  }
  say(t("saved"));
  return data;
}

// The incident again (its figures and matrix as the review made them), and the claim the analyst was on — still
// shown when its document has just left the incident (marked not relevant), so that it can be brought back.
async function reload(claimId) {
  const id = currentIncident.incident.incident;
  const doc = reviewedDoc;
  await showIncident(id);
  if (claimId && currentIncident.claims[claimId]) {
    await showEvidence(claimId);
  } else if (claimId && doc) {
    const found = (await api(`/api/claims?doc=${encodeURIComponent(doc.doc)}`)).find((c) => c.claim_id === claimId);
    if (found) {
      $("#evidence").hidden = false;
      await renderClaimReview(found, doc);
    }
  }
}

// A small form of labelled inputs, submitted once.
function reviewForm(id, fields, onSave) {
  const form = h("form", { id, class: "review-form" }, ...fields,
    h("input", { name: "note", placeholder: t("note"), maxlength: 2000 }),
    h("button", { type: "submit" }, t("save")), h("button", { type: "button", class: "cancel" }, t("cancel")));
  form.querySelector(".cancel").addEventListener("click", () => form.remove());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onSave(Object.fromEntries(new FormData(form)), form.elements.note.value.trim() || null);
  });
  return form;
}

// Run a write, or say why its input cannot be sent.
function checked(write) {
  try {
    return write();
  } catch (error) {
    say([t("refused"), " ", error.message], true);
    return null;
  }
}

const choice = (name, ids, kind, chosen) => h("select", { name },
  ...ids.map((id) => h("option", { value: id, selected: id === chosen ? "selected" : null }, nameOf(kind, id) || id)));

function button(label, action, onClick) {
  const b = h("button", { type: "button", "data-action": action }, t(label));
  b.addEventListener("click", onClick);
  return b;
}

// A claim's review, under its evidence: its state, the actions, the document's relevance, adding from the words.
async function renderClaimReview(claim, doc) {
  reviewedClaim = claim;
  reviewedDoc = doc;
  const docReview = await api(`/api/review/document?doc=${encodeURIComponent(claim.doc)}`);
  if (reviewedClaim !== claim) return;  // another claim was shown meanwhile: its bar is the one to keep
  const bar = $("#claim-review");
  const relevant = docReview.state !== "not_relevant";
  bar.replaceChildren(
    stateBadge(claim.review),
    button("accept", "accept", () => reviewClaim("accept")),
    button("reject", "reject", () => reviewClaim("reject")),
    button("correct", "correct", () => correctClaimForm()),
    button(relevant ? "not_relevant" : "relevant", relevant ? "not_relevant" : "relevant", () => send({
      target: "document", action: relevant ? "not_relevant" : "relevant", key: claim.doc,
      version: docReview.version }, claim.claim_id)),
    button("add_claim", "add", () => addClaimForm()));
}

// An event mention's review, under its evidence: it can leave the incident's events as not relevant.
async function renderEventReview(event, doc) {
  reviewedClaim = null;
  reviewedDoc = doc;
  const key = `${event.doc}:${event.evidence.start}:${event.evidence.end}`;
  const history = await api(`/api/review/history?target=event&key=${encodeURIComponent(key)}`);
  if (reviewedDoc !== doc || reviewedClaim) return;  // another claim or event was shown meanwhile
  $("#claim-review").replaceChildren(button("event_not_relevant", "event-not-relevant", () => send({
    target: "event", action: "not_relevant", key, version: history.length })));
}

const reviewClaim = (action) => reviewedClaim && send({
  target: "claim", action, key: claimKey(reviewedClaim), version: versionOf(reviewedClaim) }, reviewedClaim.claim_id);

function correctClaimForm() {
  if (!reviewedClaim || $("#correct-form")) return;
  const claim = reviewedClaim;
  const value = h("input", { name: "value", value: claim.value ?? "" });
  const field = choice("field", CLAIM_FIELDS, "ui", "value");
  field.addEventListener("change", () => { value.value = claim[field.value] ?? ""; });
  const form = reviewForm("correct-form", [field, value], (data, note) => checked(() => send({
    target: "claim", action: "correct", key: claimKey(claim), version: versionOf(claim), field: data.field,
    value: fieldValue(data.field, data.value), note }, claim.claim_id)));
  $("#claim-review").append(form);
  field.focus();
}

// A field's value as typed: a number in Arabic-Indic or Western digits, with or without group separators (٣٠،
// 1,000), is a whole number; anything else in the value field is refused (NaN would be sent as null, a vague figure).
function fieldValue(field, text) {
  if (field !== "value") return text.trim() || null;
  const digits = text.trim().replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[,،٬\s]/g, "");
  if (digits === "") return null;
  if (!/^\d+$/.test(digits)) throw new Error(t("whole_number"));
  return Number(digits);
}

// The selected words of the article as code-point offsets into its text (the API's offsets).
function selectedSpan() {
  const selection = window.getSelection();
  const box = $("#e-text");
  if (!selection || selection.isCollapsed || !box.contains(selection.anchorNode)) return null;
  const range = selection.getRangeAt(0);
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = Array.from(before.toString()).length;
  const end = start + Array.from(range.toString()).length;
  return end > start ? { start, end } : null;
}

function addClaimForm() {
  const span = reviewedDoc ? selectedSpan() : null;
  if (!span) {
    say(t("select_words"), true);
    return;
  }
  if ($("#add-form")) $("#add-form").remove();
  const doc = reviewedClaim ? reviewedClaim.doc : reviewedDoc.doc;
  const words = Array.from(reviewedDoc.text).slice(span.start, span.end).join("");
  const form = reviewForm("add-form", [
    h("span", {}, ...quotedText(words)),
    choice("category", CATEGORIES, "category", "killed"),
    h("input", { name: "value", type: "number", min: 0, placeholder: t("value") }),
    choice("qualifier", QUALIFIERS, "qualifier", "exact"),
    h("input", { name: "subject", value: "people", placeholder: "subject" }),
    h("input", { name: "claimed_by", value: "outlet", placeholder: "claimed_by" }),
  ], (data, note) => checked(() => send({
    target: "claim", action: "add", doc, start: span.start, end: span.end, version: 0, note,
    value: { category: data.category, qualifier: data.qualifier, value: fieldValue("value", data.value),
             subject: data.subject.trim() || "people", claimed_by: data.claimed_by.trim() || "outlet" } })));
  $("#claim-review").append(form);
}

// The incident's review: its state, and accept, correct the day, type or place, merge into another, split.
function renderIncidentReview(incident) {
  reviewedClaim = null;  // the keys act on a claim of this incident, once its evidence is shown
  reviewedDoc = null;
  renderDroppedEvents(incident);
  const key = incidentKey(incident);
  const version = versionOf(incident);
  const correct = (field, value, note) => send({ target: "incident", action: "correct", key, version, field, value,
    note });
  const toggle = (id, make) => () => { const open = $(`#${id}`); if (open) open.remove(); else bar.append(make()); };
  const bar = $("#incident-review");
  bar.replaceChildren(
    h("strong", {}, t("review"), ": "), stateBadge(incident.review),
    button("accept_incident", "accept-incident", () => send({ target: "incident", action: "accept", key, version })),
    button("correct_day", "correct-day", toggle("day-form", () => reviewForm("day-form",
      [h("input", { name: "start", type: "date", value: incident.start || "" })],
      (data, note) => correct("start", data.start, note)))),
    button("correct_type", "correct-type", toggle("type-form", () => reviewForm("type-form",
      [choice("event_type", Object.keys(facets.event_types), "event_type", incident.event_type)],
      (data, note) => correct("event_type", data.event_type, note)))),
    button("correct_place", "correct-place", toggle("place-form", () => placeForm(correct))),
    button("merge_into", "merge", toggle("merge-form", () => reviewForm("merge-form",
      [h("input", { name: "into", placeholder: "inc-…", dir: "ltr" })],
      (data, note) => send({ target: "incident", action: "merge", key, version, value: data.into.trim(), note },
        null, true)))),
    button("split", "split", toggle("split-form", () => reviewForm("split-form",
      incident.docs.map((doc) => h("label", {}, h("input", { type: "checkbox", name: "doc", value: doc }),
        " ", ltr(doc, "id"))),
      (data, note) => {
        const moved = [...$("#split-form").querySelectorAll("input[name=doc]:checked")].map((c) => c.value);
        send({ target: "incident", action: "split", key, version, value: moved, note });
      }))));
}

// The event mentions analysts took out of the incident, each with a way back.
function renderDroppedEvents(incident) {
  const dropped = (incident.review || {}).events_not_relevant || [];
  const list = $("#dropped-events");
  list.hidden = !dropped.length;
  list.replaceChildren(h("strong", {}, t("events_not_relevant"), ": "), ...dropped.map((event) => {
    const key = `${event.doc}:${event.evidence.start}:${event.evidence.end}`;
    return h("span", { class: "dropped-event" }, h("span", { class: "said rejected" },
      ...quotedText(event.evidence.text)), " ", button("event_relevant", "event-relevant", () => send({
      target: "event", action: "relevant", key, version: event.review.version })));
  }));
}

// The incident's place: a place of the gazetteer, looked up by name as the analyst types, or a point: typed, or
// clicked on the map while this form is open.
function placeForm(correct) {
  const search = h("input", { name: "place", list: "place-options", placeholder: t("gazetteer_id"),
                              autocomplete: "off" });
  const options = h("datalist", { id: "place-options" });
  let asked = 0;
  search.addEventListener("input", async () => {
    const query = search.value.trim();
    const mine = ++asked;
    if (query.length < 2) return;
    const found = await api(`/api/places?q=${encodeURIComponent(query)}&limit=12`);
    if (mine !== asked) return;
    options.replaceChildren(...found.map((p) => h("option", { value: p.id },
      [p.name_ar, p.name_en, p.admin1, p.feature].filter(Boolean).join(" · "))));
  });
  if (mapReady) mapReady.then(listenForPoints);
  return reviewForm("place-form", [
    search, options,
    h("input", { name: "name", placeholder: t("place_name") }),
    h("input", { name: "lat", type: "number", step: "any", placeholder: t("latitude") }),
    h("input", { name: "lon", type: "number", step: "any", placeholder: t("longitude") }),
  ], (data, note) => correct("location", data.place.trim() ? { place: data.place.trim() }
    : { name: data.name, lat: Number(data.lat), lon: Number(data.lon) }, note));
}

function listenForPoints(map) {
  if (map.rasdPicks) return;
  map.rasdPicks = true;
  map.on("click", (event) => {
    const form = $("#place-form");
    if (!form) return;
    form.elements.lat.value = event.latlng.lat.toFixed(5);
    form.elements.lon.value = event.latlng.lng.toFixed(5);
  });
}

// Corrections whose object the loaded run no longer has, for a signed-in analyst: never dropped, shown here.
async function showOrphans() {
  const token = sessionStorage.getItem(TOKEN);
  const box = $("#orphans");
  if (!token) {
    box.hidden = true;
    return;
  }
  const response = await fetch("/api/review/orphans", { headers: { Authorization: `Bearer ${token}` } });
  const orphans = response.ok ? await response.json() : [];
  box.hidden = !orphans.length;
  box.querySelector("summary").replaceChildren(number(orphans.length), " ", t("orphaned"));
  box.querySelector("ul").replaceChildren(...orphans.map((o) => h("li", { class: "orphan" },
    ltr(`${o.target} ${o.key}`, "id"), " · ", h("bdi", {}, o.action), o.field ? h("bdi", {}, ` ${o.field}`) : null,
    " · ", h("bdi", {}, o.user), o.note ? [" · ", h("bdi", {}, o.note)] : null)));
}

function updateSignIn() {
  const signed = Boolean(sessionStorage.getItem(TOKEN));
  $("#sign-in").textContent = t(signed ? "signed_in" : "sign_in");
  $("#sign-in").dataset.i18n = signed ? "signed_in" : "sign_in";
}

$("#sign-in").addEventListener("click", () => {
  $("#sign-in-form").hidden = !$("#sign-in-form").hidden;
  if (!$("#sign-in-form").hidden) $("#token-input").focus();
});
$("#sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("#token-input").value.trim();
  if (token) sessionStorage.setItem(TOKEN, token);
  else sessionStorage.removeItem(TOKEN);
  $("#token-input").value = "";
  $("#sign-in-form").hidden = true;
  updateSignIn();
  showOrphans().catch(showError);
});

// The common actions from the keyboard, on the claim whose evidence is shown (never while typing).
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || $("#incident-view").hidden || $("#evidence").hidden) return;
  if (event.target.closest("input, select, textarea, [contenteditable]")) return;
  const action = { a: () => reviewClaim("accept"), r: () => reviewClaim("reject"), c: correctClaimForm,
                   n: addClaimForm }[event.key];
  if (action && (reviewedClaim || (event.key === "n" && reviewedDoc))) {
    event.preventDefault();
    action();
  }
});
updateSignIn();
showOrphans().catch(showError);
