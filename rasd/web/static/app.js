// Rasd's analyst page: incidents, figures by source, evidence at exact offsets, map and timeline.
// Every value from the data is written as text (textContent, text nodes), never as HTML. Ids, numbers and dates are
// isolated left-to-right (<bdi dir=ltr>) so that the bidi algorithm never reorders them or what stands beside them.
"use strict";

// What a qualified or vague figure allows (../shared/eval/README.md, "Intervals").
const RANGES = [["approx", "⌊0.85n⌋–⌈1.15n⌉"], ["more_than", "n+1–∞"], ["at_least", "n–∞"], ["less_than", "0–(n−1)"],
                ["some", "2–∞"], ["tens", "20–99"], ["hundreds", "200–999"], ["thousands", "2000–9999"]];
const OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const TILES_KEY = "rasd-online-tiles";

let lang = localStorage.getItem("rasd-lang") || "ar";
let names = {};            // {language: {kind: {id: name}}}, from /api/labels
let facets = { event_types: {}, actors: [] };  // what the filters offer, from /api/facets
let mapReady = null;       // a promise of the Leaflet map, made once
let onlineTiles = null;    // the OpenStreetMap layer while the analyst has it on
let currentIncident = null;
let articleShown = 0;      // counts the articles asked for: only the latest one asked for is shown

const $ = (sel) => document.querySelector(sel);
const t = (key) => nameOf("ui", key) || key;

// An element with attributes and children (strings become text nodes).
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v);
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

// `items` with `separator` between them.
const joined = (items, separator) => items.flatMap((item, i) => (i ? [separator, item] : [item]));

// An id, number or date: isolated, left to right, on one line.
const ltr = (text, cls = "num") => h("bdi", { dir: "ltr", class: cls }, text);

const nameOf = (kind, id) => ((names[lang] || {})[kind] || {})[id];

// An id's name in the page's language; an id without one shows as itself.
function named(kind, id) {
  const found = nameOf(kind, id);
  return found ? h("bdi", { class: "name", "data-id": id }, found) : ltr(id, "id");
}

const outletName = (outlet) => (outlet ? h("bdi", { class: "name" }, nameOf("outlet", outlet) || outlet)
  : h("span", { class: "name" }, t("outlet_unknown")));

const formatNumber = (n) => Number(n).toLocaleString(lang === "ar" ? "ar-EG" : "en-US");

const number = (n) => (n === null || n === undefined ? ltr("–") : ltr(formatNumber(n)));

// A claimed figure with its qualifier in words: «نحو ٣٠٠», «العشرات», "more than 100".
function quantity(value, qualifier) {
  const words = nameOf("qualifier", qualifier);
  const hedge = words ? h("bdi", {}, words) : (qualifier && qualifier !== "exact" ? ltr(qualifier, "id") : null);
  if (value === null || value === undefined) return h("span", { class: "qty" }, hedge || ltr("–"));
  return h("span", { class: "qty" }, hedge, hedge ? " " : null, number(value));
}

const day = (date) => ltr(date || "?");

// Words in the page language's quotation marks: «…» or “…”.
function quoted(words) {
  const [open, close] = t("quote").split("%");
  return [open, words, close];
}

// A quotation from an article: the words isolated, the page's quotation marks outside them (inside an isolated
// Arabic run, an English page's “ and ” would swap places).
const quotedText = (text) => quoted(h("bdi", { class: "quote" }, text));

const figureName = (category, subject) => h("span", { class: "figure-name" },
  named("category", category), " · ", named("actor", subject));

class HttpError extends Error {
  constructor(path, status) {
    super(`${path}: ${status}`);
    this.status = status;
  }
}

async function api(path) {
  const response = await fetch(path);
  if (!response.ok) throw new HttpError(path, response.status);
  return response.json();
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
  document.querySelectorAll("[data-i18n-title]").forEach((n) => { n.title = t(n.dataset.i18nTitle); });
  $("#lang").textContent = t("lang");
  fillSelectors();
  renderIntervalRule();
}

function fillSelectors() {
  const fill = (select, anyLabel, ids, kind) => {
    const chosen = select.value;
    select.replaceChildren(h("option", { value: "" }, t(anyLabel)),
      ...ids.map((id) => h("option", { value: id }, nameOf(kind, id) || id)));
    select.value = chosen;
  };
  fill($("#f-actor"), "any_actor", facets.actors, "actor");
  fill($("#f-type"), "any_type", Object.keys(facets.event_types), "event_type");
  fillSubTypes();
}

// The sub-event types of the chosen event type (all of them, under their types, when none is chosen).
function fillSubTypes() {
  const select = $("#f-sub");
  const chosen = select.value;
  const type = $("#f-type").value;
  const option = (id) => h("option", { value: id }, nameOf("sub_event_type", id) || id);
  const types = Object.keys(facets.event_types).filter((et) => !type || et === type);
  const groups = types.map((et) => h("optgroup",
    { label: nameOf("event_type", et) || et }, ...facets.event_types[et].map(option)));
  select.replaceChildren(h("option", { value: "" }, t("any_sub_type")), ...groups);
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

function filterQuery() {
  const params = new URLSearchParams();
  const add = (key, value) => { if (value) params.set(key, value); };
  add("q", $("#f-q").value.trim());
  add("from", $("#f-from").value);
  add("to", $("#f-to").value);
  add("place", $("#f-place").value.trim());
  add("actor", $("#f-actor").value);
  add("event_type", $("#f-type").value);
  add("sub_event_type", $("#f-sub").value);
  if ($("#f-contested").checked) params.set("contested", "true");
  add("review", $("#f-review").value);
  if ($("#f-queue").checked) params.set("queue", "true");
  return params.toString();
}

function updateExports(query) {
  const suffix = query ? `?${query}` : "";
  $("#export-csv").href = `/api/export/acled.csv${suffix}`;
  $("#export-geojson").href = `/api/export/incidents.geojson${suffix}`;
  $("#export-jsonl").href = `/api/export/claims.jsonl${suffix}`;
}

const PAGE_SIZE = 100;
let listOffset = 0;  // the first incident of the list's page

async function showList() {
  $("#incident-view").hidden = true;
  $("#list-view").hidden = false;
  const query = filterQuery();
  updateExports(query);
  const paging = new URLSearchParams(query);
  paging.set("limit", PAGE_SIZE);
  paging.set("offset", listOffset);
  const data = await api(`/api/incidents?${paging}`);
  $("#count").replaceChildren(number(data.total), " ", t("incidents_found"));
  renderPager(data);
  const body = $("#incidents tbody");
  body.replaceChildren();
  for (const incident of data.items) {
    const contested = incident.contested;
    const row = h("tr", { "data-incident": incident.incident },
      h("td", {}, h("bdi", {}, incident.title)),
      h("td", {}, day(incident.start), " – ", day(incident.end)),
      h("td", {}, h("bdi", {}, (incident.location || {}).name || "–")),
      h("td", {}, eventTypeName(incident)),
      h("td", { "data-label": t("sources") }, number(incident.n_docs)),
      h("td", {}, contested ? h("span", { class: "badge" }, t("contested")) : null, reviewBadge(incident.review)));
    row.addEventListener("click", () => { location.hash = `#/incident/${encodeURIComponent(incident.incident)}`; });
    body.append(row);
  }
}

// An incident an analyst has looked at (itself or some of its claims): its review state.
function reviewBadge(review) {
  const state = review && review.state !== "machine" ? review.state
    : (review && Object.keys(review.claims || {}).some((s) => s !== "machine") ? "claims_reviewed" : null);
  return state ? h("span", { class: `state ${state}`, "data-state": state }, t(`state_${state}`)) : null;
}

// "101–200 of 2,245", with the previous and next pages.
function renderPager(data) {
  const last = Math.min(data.offset + data.items.length, data.total);
  const go = (offset) => { listOffset = offset; showList().catch(showError); };
  const previous = h("button", { type: "button", id: "page-previous" }, t("previous_page"));
  const next = h("button", { type: "button", id: "page-next" }, t("next_page"));
  previous.disabled = data.offset === 0;
  next.disabled = last >= data.total;
  previous.addEventListener("click", () => go(Math.max(0, data.offset - data.limit)));
  next.addEventListener("click", () => go(data.offset + data.limit));
  $("#pager").hidden = data.total <= data.limit;
  $("#pager").replaceChildren(previous, h("span", { id: "page-range" }, number(data.items.length ? data.offset + 1 : 0),
    "–", number(last), ` ${t("of")} `, number(data.total)), next);
}

async function showIncident(id) {
  $("#list-view").hidden = true;
  $("#incident-view").hidden = false;
  $("#evidence").hidden = true;
  let incident;
  try {
    incident = await api(`/api/incidents/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 404 || error.status === 422) return showNotFound(id);
    throw error;
  }
  const claims = await api(`/api/claims?incident=${encodeURIComponent(id)}`);
  $("#not-found").hidden = true;
  $("#incident-body").hidden = false;
  currentIncident = { incident, claims: Object.fromEntries(claims.map((c) => [c.claim_id, c])),
                      outlets: outletsByClaim(incident.matrix), cells: cellsByClaim(incident.matrix) };
  $("#i-title").textContent = incident.title;
  renderMeta(incident);
  renderEvents(incident);
  renderFigures(incident);
  renderMatrix(incident);
  renderContradictions(incident);
  renderDiscrepancies(incident);
  renderTimeline(claims);
  if (typeof renderIncidentReview === "function") renderIncidentReview(incident);
  await renderMap(incident);
}

function showNotFound(id) {
  currentIncident = null;
  $("#incident-body").hidden = true;
  $("#not-found").hidden = false;
  $("#nf-id").textContent = id;
}

function renderMeta(incident) {
  const loc = incident.location || {};
  const parts = [
    eventTypeName(incident),
    incident.kind && incident.kind !== "conflict"
      ? h("span", { class: "badge kind" }, named("incident_kind", incident.kind)) : null,
    loc.name ? h("bdi", {}, loc.name) : null,
    loc.admin1 ? h("bdi", {}, loc.admin1) : null,
    h("span", {}, day(incident.start), " – ", day(incident.end)),
    h("span", {}, `${t("documents")}: `, number(incident.docs.length)),
    (incident.recalled_by || []).length ? h("span", {}, `${t("recalled_by")}: `, number(incident.recalled_by.length)) : null,
    (incident.outlets || []).length ? h("span", {}, ...joined(incident.outlets.map(outletName), t("comma"))) : null,
  ].filter(Boolean);
  $("#i-meta").replaceChildren(...joined(parts, " · "));
}

// An event type by name, and its sub-event type after it when there is one: "Battles · Armed clash".
function eventTypeName(record) {
  const sub = record.sub_event_type;
  return h("span", { class: "event-type" }, named("event_type", record.event_type),
    sub ? [" · ", h("span", { class: "sub-event-type" }, named("sub_event_type", sub))] : null);
}

// The events the incident's reports tell of, by event type and sub-event type (the incident's own first, then the
// most mentioned), each group by document and kind; a mention's evidence opens the article there.
function renderEvents(incident) {
  const events = incident.events || [];
  $("#events-count").replaceChildren(...(events.length ? ["(", number(events.length), ")"] : []));
  if (!events.length) {
    $("#events").replaceChildren(h("p", { class: "muted no-events" }, t("no_events")));
    return;
  }
  const groups = new Map();
  for (const event of events) {
    const key = JSON.stringify([event.event_type, event.sub_event_type || null]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(event);
  }
  const own = JSON.stringify([incident.event_type, incident.sub_event_type || null]);
  const rank = (key) => Object.keys(facets.event_types).indexOf(JSON.parse(key)[0]);
  const keys = [...groups.keys()].sort((a, b) => (b === own) - (a === own)
    || groups.get(b).length - groups.get(a).length || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  $("#events").replaceChildren(...keys.map((key) => eventGroup(JSON.parse(key), groups.get(key))));
}

// A map of `items` by `key`, in the order each key first comes.
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    if (!groups.has(key(item))) groups.set(key(item), []);
    groups.get(key(item)).push(item);
  }
  return groups;
}

function eventGroup([eventType, subType], mentions) {
  const sorted = [...mentions].sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0)
    || a.evidence.start - b.evidence.start);
  const docs = [...groupBy(sorted, (m) => m.doc)].map(([doc, list]) => h("li", { class: "event-doc", "data-doc": doc },
    ltr(doc, "id"), ": ", ...joined([...groupBy(list, (m) => m.kind)].map(([kind, same]) => h("span",
      { class: "event-kind" }, named("event_kind", kind), " ", ...joined(same.map(eventLink), " "))),
    t("list_separator"))));
  return h("div", { class: "event-group", "data-event-type": eventType, "data-sub-event-type": subType || "" },
    h("h3", {}, eventTypeName({ event_type: eventType, sub_event_type: subType }), " ",
      h("span", { class: "count" }, "(", number(mentions.length), ")")),
    h("ul", {}, ...docs));
}

function eventLink(event) {
  const link = h("a", { href: "#", class: "event", "data-doc": event.doc, "data-start": event.evidence.start,
    "data-end": event.evidence.end }, ...quotedText(event.evidence.text));
  link.addEventListener("click", (e) => { e.preventDefault(); showEventEvidence(event, link); });
  const sides = [event.actor1, event.actor2];
  if (!sides.some(Boolean)) return link;
  const side = (s) => (s ? (s.party ? named("party", s.party) : named("role", s.role)) : ltr("–"));
  return h("span", { class: "event-mention" }, link, " ", h("span", { class: "event-sides",
    title: t("event_sides") }, "(", side(event.actor1), " ← ", side(event.actor2), ")"));
}

// The outlet of each claim in the matrix (null when the outlet is unknown).
function outletsByClaim(matrix) {
  const outlets = {};
  for (const row of matrix.rows) {
    for (const cells of Object.values(row.cells)) for (const cell of cells) outlets[cell.claim_id] = cell.outlet;
  }
  return outlets;
}

// Each claim's matrix cell (it carries the claim's party, role and rule too).
function cellsByClaim(matrix) {
  const cells = {};
  for (const row of matrix.rows) {
    for (const list of Object.values(row.cells)) for (const cell of list) cells[cell.claim_id] = cell;
  }
  return cells;
}

// Who says a claim: the speaker's name, or for the outlet's own voice the outlet's.
function speaker(claim) {
  if (claim.claimed_by === "outlet") return outletName(currentIncident.outlets[claim.claim_id]);
  return named("actor", claim.claimed_by);
}

function renderFigures(incident) {
  const body = $("#figures tbody");
  body.replaceChildren();
  for (const f of incident.figures) {
    const bound = (value, rule) => h("td", { title: t(rule) }, number(value));
    body.append(h("tr", { class: f.conflict ? "conflict" : null },
      h("th", {}, figureName(f.category, f.subject)),
      bound(f.low, "low_rule"), bound(f.best, "best_rule"), bound(f.high, "high_rule"),
      h("td", {}, f.conflict ? h("span", { class: "badge" }, t("contested")) : null)));
    const why = explainFigure(f);
    if (why) body.append(h("tr", { class: "why" }, h("td", { colspan: 5 }, why)));
  }
}

// Why a figure's low, best or high is a number no source said: the bound of which claim, or a median of what.
function explainFigure(f) {
  const claims = f.claims.map((id) => currentIncident.claims[id]).filter(Boolean);
  const said = new Set(claims.map((c) => c.value).filter((v) => v !== null));
  const reasons = [];
  const lowFrom = claims.find((c) => c.value_min === f.low);
  if (f.low !== null && !said.has(f.low) && lowFrom) reasons.push(boundReason("low", "lower_bound_of", f.low, lowFrom));
  if (f.best !== null && !said.has(f.best)) reasons.push(medianReason(f));
  const highFrom = claims.find((c) => c.value_max === f.high);
  if (f.high !== null && !said.has(f.high) && highFrom) {
    reasons.push(boundReason("high", "upper_bound_of", f.high, highFrom));
  }
  return reasons.length ? h("span", {}, ...joined(reasons, t("list_separator"))) : null;
}

function boundReason(which, bound, value, claim) {
  return h("span", { class: `why-${which}` }, t(which), " ", number(value), " = ", t(bound), " ",
    ...quoted(quantity(claim.value, claim.qualifier)), " (", speaker(claim), "): ", interval(claim));
}

function medianReason(f) {
  const listed = f.points?.length ? [": ", ...joined(f.points.map(number), t("comma"))] : [];
  return h("span", { class: "why-best" }, t("best"), " ", number(f.best), " = ", t("median_of"), ...listed);
}

// "a–b", left to right: each number isolated too (Arabic-Indic digits would otherwise pull the dash between them
// into right-to-left order and show "b–a").
const range = (low, high) => h("bdi", { dir: "ltr", class: "num" }, ltr(low), "–", ltr(high));

const interval = (claim) => range(formatNumber(claim.value_min ?? 0),
  claim.value_max === null || claim.value_max === undefined ? "∞" : formatNumber(claim.value_max));

// The rule of low / best / high and what each wording allows, under the figures.
function renderIntervalRule() {
  const ranges = RANGES.map(([qualifier, range]) => h("span", { class: "range" },
    ...quoted(h("bdi", {}, nameOf("qualifier", qualifier) || qualifier)), " ", ltr(range)));
  $("#interval-rule").replaceChildren(
    h("p", {}, ...joined([t("low_rule"), t("best_rule"), t("high_rule")].map((r) => h("span", {}, r)),
      t("list_separator"))),
    h("p", {}, t("ranges"), " ", ...joined(ranges, t("list_separator"))));
}

// One column per (speaker, outlet): the same speaker quoted by two outlets is two columns.
function matrixColumns(matrix) {
  const columns = new Map();
  for (const row of matrix.rows) {
    for (const [source, cells] of Object.entries(row.cells)) {
      for (const cell of cells) {
        const column = { speaker: speakerOfSource(source), outlet: cell.outlet || null };
        columns.set(JSON.stringify(column), column);
      }
    }
  }
  return [...columns.values()].sort((a, b) => (a.speaker + "\u0000" + (a.outlet || "\uffff"))
    .localeCompare(b.speaker + "\u0000" + (b.outlet || "\uffff")));
}

// A matrix source is a speaker id, or "outlet: NAME" for the outlet's own voice.
const speakerOfSource = (source) => (source.startsWith("outlet: ") ? "outlet" : source);

function cellsOf(row, column) {
  return Object.entries(row.cells).filter(([source]) => speakerOfSource(source) === column.speaker)
    .flatMap(([, cells]) => cells).filter((cell) => (cell.outlet || null) === column.outlet);
}

function renderMatrix(incident) {
  const columns = matrixColumns(incident.matrix);
  const head = h("tr", {}, h("th", {}, t("figure")), ...columns.map((column) => h("th", { class: "source" },
    h("span", { class: "speaker" }, named("actor", column.speaker)),
    h("span", { class: "outlet" }, outletName(column.outlet)))));
  const conflicted = new Set(incident.figures.filter((f) => f.conflict).flatMap((f) => f.conflicts.flat()));
  const rows = incident.matrix.rows.map((row) => h("tr", {}, h("th", {}, figureName(row.category, row.subject)),
    ...columns.map((column) => matrixCell(cellsOf(row, column), conflicted))));
  $("#matrix").replaceChildren(h("thead", {}, head), h("tbody", {}, ...rows));
  renderMoreSources(incident);
}

// A matrix of many sources comes a page of sources at a time: the next page joins the columns shown.
function renderMoreSources(incident) {
  const { matrix } = incident;
  const shown = matrix.sources.length;
  const total = matrix.sources_total ?? shown;
  const more = h("button", { type: "button", id: "more-sources" }, t("more_sources"));
  more.addEventListener("click", async () => {
    const next = await api(`/api/incidents/${encodeURIComponent(incident.incident)}?sources_offset=${shown}`);
    matrix.sources.push(...next.matrix.sources);
    matrix.rows.forEach((row, i) => Object.assign(row.cells, next.matrix.rows[i].cells));
    Object.assign(currentIncident.outlets, outletsByClaim(next.matrix));
    Object.assign(currentIncident.cells, cellsByClaim(next.matrix));
    renderMatrix(incident);
  });
  $("#matrix-more").hidden = shown >= total;
  $("#matrix-more").replaceChildren(number(shown), ` ${t("of")} `, number(total), ` ${t("sources_shown")} `, more);
}

// the day of the event a figure counts, when the text tells it and it is not the day the figure is told as of
function eventDay(cell) {
  if (!cell.event_date || cell.event_date === cell.date) return null;
  return h("span", { class: "date event-day", title: t("event_day") }, day(cell.event_date));
}

function matrixCell(cells, conflicted) {
  const td = h("td", { class: cells.length ? "cell" : null });
  for (const cell of cells) {
    const state = ((currentIncident.claims[cell.claim_id] || {}).review || {}).state;
    const span = h("span", { class: `claim ${state || ""}`.trim(), "data-claim": cell.claim_id },
      quantity(cell.value, cell.qualifier), h("span", { class: "date" }, day(cell.date)), eventDay(cell),
      carriedBy(cell));
    if (conflicted.has(cell.claim_id)) td.classList.add("conflict");
    span.addEventListener("click", (event) => { event.stopPropagation(); showEvidence(cell.claim_id, td); });
    td.append(span);
  }
  if (cells.length) td.addEventListener("click", () => showEvidence(cells[0].claim_id, td));
  return td;
}

// The copies of its report that carried a claim (other outlets' reprints of one wire story): counted once.
function carriedBy(cell) {
  const carried = cell.carried_by || [];
  if (!carried.length) return null;
  const names = carried.map((c) => (c.outlet ? nameOf("outlet", c.outlet) || c.outlet : c.doc));
  return h("span", { class: "carried", title: names.join(t("list_separator")) },
    `${t("carried_by")} ${carried.length}`);
}

function claimLink(claim) {
  const link = h("a", { href: "#", "data-claim": claim.claim_id }, speaker(claim), ` ${t("says")} `,
    quantity(claim.value, claim.qualifier), " (", day(claim.date), "): ",
    ...quotedText(claim.evidence.text));
  link.addEventListener("click", (event) => { event.preventDefault(); showEvidence(claim.claim_id); });
  return link;
}

function renderContradictions(incident) {
  const { claims } = currentIncident;
  const items = incident.figures.flatMap((f) => (f.conflicts || []).map(([a, b]) => h("li", { class: "contradiction" },
    h("strong", {}, figureName(f.category, f.subject)), ": ", claimLink(claims[a]), ` — ${t("but")} `,
    claimLink(claims[b]))));
  $("#contradictions").replaceChildren(...(items.length ? items : [h("li", { class: "muted" }, t("none"))]));
}

function renderDiscrepancies(incident) {
  const { claims } = currentIncident;
  const items = (incident.discrepancies || []).map((d) => {
    const [a, b] = d.claims.map((id) => claims[id]);
    const categories = joined(d.categories.map((c) => named("category", c)), " / ");
    return h("li", {}, h("strong", {}, named("actor", d.subject), " (", ...categories, ", ", ltr(`×${d.ratio}`), ")"),
      ": ", claimLink(a), " — ", claimLink(b));
  });
  $("#discrepancies").replaceChildren(...(items.length ? items : [h("li", { class: "muted" }, t("none"))]));
}

function renderTimeline(claims) {
  const byDay = new Map();
  for (const c of claims) {
    const date = c.date || "?";
    if (!byDay.has(date)) byDay.set(date, []);
    byDay.get(date).push(c);
  }
  const items = [...byDay.keys()].sort().map((date) => h("li", {}, h("strong", {}, day(date)), ": ",
    ...joined(byDay.get(date).map((c) => said(c)), t("list_separator"))));
  $("#timeline").replaceChildren(...items);
}

// A claim in the timeline (rejected ones too, struck through): a click shows its evidence and its review.
function said(c) {
  const state = (c.review || {}).state;
  const node = h("span", { class: `said ${state || ""}`.trim(), "data-claim": c.claim_id },
    figureName(c.category, c.subject), " ", quantity(c.value, c.qualifier), " (", speaker(c), ")");
  node.addEventListener("click", () => showEvidence(c.claim_id));
  return node;
}

function makeMap() {
  const map = L.map("map", { attributionControl: true });
  // Leaflet measures its container once: measure again whenever it is shown or resized.
  new ResizeObserver(() => map.invalidateSize()).observe($("#map"));
  return api("/static/countries.geojson").then((outlines) => {
    L.geoJSON(outlines, { style: { color: "#7d8fa3", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
    showOnlineTiles(map, wantOnlineTiles());
    return map;
  });
}

const wantOnlineTiles = () => localStorage.getItem(TILES_KEY) === "on";

// Online tiles are the analyst's choice (off by default): the bundled country outlines need no connection.
function showOnlineTiles(map, on) {
  if (on && !onlineTiles) {
    onlineTiles = L.tileLayer(OSM_TILES, { attribution: "© OpenStreetMap", maxZoom: 12 }).addTo(map);
  } else if (!on && onlineTiles) {
    map.removeLayer(onlineTiles);
    onlineTiles = null;
  }
}

async function renderMap(incident) {
  if (typeof L === "undefined") return;
  mapReady = mapReady || makeMap();
  const map = await mapReady;
  map.invalidateSize();
  if (map.incidentLayer) map.removeLayer(map.incidentLayer);
  const layer = L.layerGroup().addTo(map);
  map.incidentLayer = layer;
  const loc = incident.location || {};
  if (loc.lat !== null && loc.lat !== undefined) {
    L.circleMarker([loc.lat, loc.lon], { radius: 9, color: "#b3261e", fillOpacity: 0.8 })
      .bindTooltip(h("span", {}, loc.name || "")).addTo(layer);
    map.setView([loc.lat, loc.lon], 7);
  } else {
    map.setView([34, 40], 5);
  }
  for (const id of incident.related || []) {
    const other = await api(`/api/incidents/${encodeURIComponent(id)}`).catch(() => null);
    const o = other && other.location;
    if (o && o.lat !== null && o.lat !== undefined) {
      L.circleMarker([o.lat, o.lon], { radius: 6, color: "#0b5d7a" })
        .bindTooltip(h("span", {}, `${t("related")}: ${other.title}`)).addTo(layer);
    }
  }
}

// The clicked cell or event, marked as the one whose evidence is shown.
function markSelected(node) {
  document.querySelectorAll("#matrix td.selected, #events a.selected").forEach((n) => n.classList.remove("selected"));
  if (node) node.classList.add("selected");
}

async function showEvidence(claimId, cell) {
  const claim = currentIncident.claims[claimId];
  if (!claim) return;
  markSelected(cell);
  await showArticle(claim.doc, claim.evidence, (doc) => {
    const chain = [speaker(claim), ...(claim.via || []).map((id) => named("actor", id)), outletName(doc.outlet)];
    $("#e-chain").replaceChildren(`${t("relay")}: `, ...joined(chain, " ← "));
    $("#e-meta").replaceChildren(ltr(claim.doc, "id"), ` · ${t("published")} `, day(doc.published), " · ",
      figureName(claim.category, claim.subject), " ", quantity(claim.value, claim.qualifier));
    renderBelonging(claim, currentIncident.cells[claimId] || {});
    if (typeof renderClaimReview === "function") renderClaimReview(claim, doc).catch(showError);
  });
}

// An event mention's evidence, in its article: the outlet, the kind of event and its ACLED type and sub-type.
async function showEventEvidence(event, link) {
  markSelected(link);
  await showArticle(event.doc, event.evidence, (doc) => {
    $("#e-chain").replaceChildren(`${t("outlet")}: `, outletName(doc.outlet));
    $("#e-meta").replaceChildren(ltr(event.doc, "id"), ` · ${t("published")} `, day(doc.published), " · ",
      `${t("event")}: `, named("event_kind", event.kind), " (", eventTypeName(event), ")");
    $("#e-who").hidden = true;
    $("#e-why").hidden = true;
    if (typeof renderEventReview === "function") renderEventReview(event, doc).catch(showError);
  });
}

// The article `docId` with `evidence` highlighted at its offsets, the panel described by `describe(doc)`. Only the
// latest article asked for is shown, however the requests return.
async function showArticle(docId, evidence, describe) {
  const asked = ++articleShown;
  const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
  if (asked !== articleShown) return;
  describe(doc);
  // Offsets are Python string indices, i.e. code points: index the text as code points too.
  const chars = Array.from(doc.text || "");
  const { start, end } = evidence;
  $("#e-text").replaceChildren(chars.slice(0, start).join(""),
    h("mark", { id: "evidence-mark" }, chars.slice(start, end).join("")), chars.slice(end).join(""));
  $("#evidence").hidden = false;
  $("#evidence-mark").scrollIntoView({ block: "center" });
}

// Whose people a claim counts (party and role, by name) and, as a small line, the rule that decided them: English
// text from the pipeline, shown as written and isolated left to right.
function renderBelonging(claim, cell) {
  const field = (key) => (claim[key] !== undefined ? claim[key] : cell[key]);
  const [party, role, rule] = ["party", "role", "rule"].map(field);
  const shown = (kind, id) => (id ? named(kind, id) : ltr("–"));
  $("#e-who").replaceChildren(h("span", { class: "party" }, `${t("party")}: `, shown("party", party)), " · ",
    h("span", { class: "role" }, `${t("role")}: `, shown("role", role)));
  $("#e-who").hidden = false;
  $("#e-why").replaceChildren(`${t("why")}: `, rule ? h("bdi", { dir: "ltr", class: "rule-text" }, rule) : ltr("–"));
  $("#e-why").hidden = !rule;
}

function showError(error) {
  $("#status").textContent = String(error);
  $("#status").hidden = false;
}

function route() {
  $("#status").hidden = true;
  $("#review-message").hidden = true;
  const match = location.hash.match(/^#\/incident\/(.+)$/);
  (match ? showIncident(decoded(match[1])) : showList()).catch(showError);
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;  // a malformed escape: the id as written (and then no such incident)
  }
}

async function start() {
  [names, facets] = await Promise.all([
    api("/api/labels").catch(() => ({})),  // without names, ids show as themselves
    api("/api/facets").catch(() => facets),
  ]);
  applyLanguage();
  route();
}

$("#f-type").addEventListener("change", fillSubTypes);
$("#filters").addEventListener("submit", (event) => {
  event.preventDefault();
  listOffset = 0;
  location.hash = "#/";
  showList();
});
$("#lang").addEventListener("click", () => {
  lang = lang === "ar" ? "en" : "ar";
  localStorage.setItem("rasd-lang", lang);
  applyLanguage();
  route();
});
$("#online-tiles").checked = wantOnlineTiles();
$("#online-tiles").addEventListener("change", async (event) => {
  localStorage.setItem(TILES_KEY, event.target.checked ? "on" : "off");
  if (mapReady) showOnlineTiles(await mapReady, event.target.checked);
});
window.addEventListener("hashchange", route);
start();
