// Rasd's analyst page: incidents, figures by source, evidence at exact offsets, map and timeline.
// Every value from the data is written with textContent, never as HTML.
"use strict";

const LABELS = {
  ar: {
    brand: "رصد", tagline: "أرقام النزاعات من الأخبار العربية، مع مصادرها", export_csv: "تصدير CSV (ACLED)",
    export_geojson: "GeoJSON", export_jsonl: "JSON Lines", search: "بحث في المقالات والحوادث", from: "من", to: "إلى",
    place: "المكان", any_actor: "كل الأطراف", any_type: "كل الأنواع", contested_only: "فيها تناقض فقط", apply: "تطبيق",
    title: "الحادثة", dates: "التاريخ", type: "النوع", sources: "المصادر", back: "← كل الحوادث", figures: "الأرقام",
    figure: "الرقم", low: "الأدنى", best: "الأرجح", high: "الأعلى", contradiction: "تناقض",
    matrix: "الأرقام حسب المصدر", contradictions: "التناقضات", discrepancies: "فروق كبيرة بين المصادر",
    timeline: "التسلسل الزمني", evidence: "الدليل", contested: "متنازع عليه", incidents_found: "حادثة",
    says: "يقول", but: "لكن", none: "لا شيء", documents: "الوثائق", related: "حوادث مرتبطة", lang: "English",
    relay: "سلسلة النقل", outlet_unknown: "وسيلة غير معروفة", published: "نُشر",
  },
  en: {
    brand: "Rasd", tagline: "Conflict figures from Arabic news, with their sources", export_csv: "Export CSV (ACLED)",
    export_geojson: "GeoJSON", export_jsonl: "JSON Lines", search: "Search articles and incidents", from: "From",
    to: "To", place: "Place", any_actor: "Any actor", any_type: "Any type", contested_only: "Contested only",
    apply: "Apply", title: "Incident", dates: "Dates", type: "Type", sources: "Sources", back: "← All incidents",
    figures: "Figures", figure: "Figure", low: "Low", best: "Best", high: "High", contradiction: "Contradiction",
    matrix: "Figures by source", contradictions: "Contradictions", discrepancies: "Far apart",
    timeline: "Timeline", evidence: "Evidence", contested: "contested", incidents_found: "incidents",
    says: "says", but: "but", none: "none", documents: "Documents", related: "Related incidents", lang: "العربية",
    relay: "Relay chain", outlet_unknown: "outlet unknown", published: "published",
  },
};
const CATEGORY = {
  ar: { killed: "قتلى", wounded: "جرحى", arrested: "معتقلون", escaped: "فارّون", surrendered: "مستسلمون",
        released: "مُفرج عنهم", held: "محتجزون", attackers: "مهاجمون", displaced: "نازحون", missing: "مفقودون" },
  en: {},
};
const QUALIFIER = { exact: "", approx: "≈", more_than: ">", at_least: "≥", less_than: "<" };
const ACTORS = ["isis", "isis_detainees", "isis_families", "minors", "sdf", "asayish", "coalition", "turkey",
                "syrian_government", "prison_staff", "civilians"];
const EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
                     "Protests", "Riots"];

let lang = localStorage.getItem("rasd-lang") || "ar";
let map = null;
let currentIncident = null;

const $ = (sel) => document.querySelector(sel);
const t = (key) => LABELS[lang][key] || key;

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

// Numbers and dates are isolated (FSI … PDI) so that right-to-left text does not reorder them.
const iso = (text) => `\u2068${text}\u2069`;

function num(value, qualifier) {
  if (value === null || value === undefined) {
    return ["tens", "hundreds", "thousands", "some"].includes(qualifier) ? qualifier : "–";
  }
  return iso((QUALIFIER[qualifier] || "") + Number(value).toLocaleString(lang === "ar" ? "ar-EG" : "en-US"));
}

const day = (date) => iso(date || "?");

function figureName(category, subject) {
  return `${CATEGORY[lang][category] || category} · ${subject}`;
}

async function api(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
  $("#lang").textContent = t("lang");
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
  if ($("#f-contested").checked) params.set("contested", "true");
  return params.toString();
}

function updateExports(query) {
  const suffix = query ? `?${query}` : "";
  $("#export-csv").href = `/api/export/acled.csv${suffix}`;
  $("#export-geojson").href = `/api/export/incidents.geojson${suffix}`;
  $("#export-jsonl").href = `/api/export/claims.jsonl${suffix}`;
}

async function showList() {
  $("#incident-view").hidden = true;
  $("#list-view").hidden = false;
  const query = filterQuery();
  updateExports(query);
  const data = await api(`/api/incidents?${query}`);
  $("#count").textContent = `${data.total} ${t("incidents_found")}`;
  const body = $("#incidents tbody");
  body.replaceChildren();
  for (const incident of data.items) {
    const row = el("tr", null, { "data-incident": incident.incident });
    row.append(el("td", incident.title), el("td", `${day(incident.start)} – ${day(incident.end)}`, { class: "num" }),
      el("td", (incident.location || {}).name || "–"), el("td", incident.event_type),
      el("td", incident.docs.length, { class: "num" }));
    const flag = el("td");
    if (incident.figures.some((f) => f.conflict)) flag.append(el("span", t("contested"), { class: "badge" }));
    row.append(flag);
    row.addEventListener("click", () => { location.hash = `#/incident/${encodeURIComponent(incident.incident)}`; });
    body.append(row);
  }
}

async function showIncident(id) {
  $("#list-view").hidden = true;
  $("#incident-view").hidden = false;
  $("#evidence").hidden = true;
  const incident = await api(`/api/incidents/${encodeURIComponent(id)}`);
  const claims = await api(`/api/claims?incident=${encodeURIComponent(id)}`);
  currentIncident = { incident, claims: Object.fromEntries(claims.map((c) => [c.claim_id, c])) };
  $("#i-title").textContent = incident.title;
  const loc = incident.location || {};
  $("#i-meta").textContent = [incident.event_type, loc.name, loc.admin1, `${day(incident.start)} – ${day(incident.end)}`,
    `${t("documents")}: ${incident.docs.length}`, (incident.outlets || []).join("، ")].filter(Boolean).join(" · ");
  renderFigures(incident);
  renderMatrix(incident);
  renderContradictions(incident);
  renderDiscrepancies(incident);
  renderTimeline(claims);
  renderMap(incident);
}

function renderFigures(incident) {
  const body = $("#figures tbody");
  body.replaceChildren();
  for (const f of incident.figures) {
    const row = el("tr", null, { class: f.conflict ? "conflict" : "" });
    row.append(el("td", figureName(f.category, f.subject)), el("td", num(f.low), { class: "num" }),
      el("td", num(f.best), { class: "num" }), el("td", num(f.high), { class: "num" }));
    const flag = el("td");
    if (f.conflict) flag.append(el("span", t("contested"), { class: "badge" }));
    row.append(flag);
    body.append(row);
  }
}

function renderMatrix(incident) {
  const table = $("#matrix");
  table.replaceChildren();
  const head = el("tr");
  head.append(el("th", t("figure")));
  for (const source of incident.matrix.sources) head.append(el("th", source));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  const conflicted = new Set(incident.figures.filter((f) => f.conflict).flatMap((f) => f.conflicts.flat()));
  for (const row of incident.matrix.rows) {
    const tr = el("tr");
    tr.append(el("th", figureName(row.category, row.subject)));
    for (const source of incident.matrix.sources) {
      const cells = row.cells[source] || [];
      const td = el("td", null, { class: cells.length ? "cell" : "" });
      for (const cell of cells) {
        const span = el("span", `${num(cell.value, cell.qualifier)} · ${day(cell.date)}`,
          { class: "claim", "data-claim": cell.claim_id });
        if (conflicted.has(cell.claim_id)) td.classList.add("conflict");
        span.addEventListener("click", (event) => { event.stopPropagation(); showEvidence(cell.claim_id, td); });
        td.append(span);
      }
      if (cells.length) td.addEventListener("click", () => showEvidence(cells[0].claim_id, td));
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(thead, tbody);
}

function said(claim) {
  return `${claim.claimed_by} ${t("says")} ${num(claim.value, claim.qualifier)} (${day(claim.date)}): «${claim.evidence.text}»`;
}

function renderContradictions(incident) {
  const list = $("#contradictions");
  list.replaceChildren();
  const { claims } = currentIncident;
  for (const f of incident.figures) {
    for (const [a, b] of f.conflicts || []) {
      const item = el("li", null, { class: "contradiction" });
      item.append(el("strong", figureName(f.category, f.subject)), document.createTextNode(": "));
      item.append(claimLink(claims[a]), document.createTextNode(` — ${t("but")} `), claimLink(claims[b]));
      list.append(item);
    }
  }
  if (!list.children.length) list.append(el("li", t("none"), { class: "muted" }));
}

function claimLink(claim) {
  const link = el("a", said(claim), { href: "#", "data-claim": claim.claim_id });
  link.addEventListener("click", (event) => { event.preventDefault(); showEvidence(claim.claim_id); });
  return link;
}

function renderDiscrepancies(incident) {
  const list = $("#discrepancies");
  list.replaceChildren();
  const { claims } = currentIncident;
  for (const d of incident.discrepancies || []) {
    const [a, b] = d.claims.map((id) => claims[id]);
    const item = el("li");
    item.append(el("strong", `${d.subject} (${d.categories.join(" / ")}, ×${d.ratio})`), document.createTextNode(": "),
      claimLink(a), document.createTextNode(" — "), claimLink(b));
    list.append(item);
  }
  if (!list.children.length) list.append(el("li", t("none"), { class: "muted" }));
}

function renderTimeline(claims) {
  const list = $("#timeline");
  list.replaceChildren();
  const byDay = new Map();
  for (const c of claims) {
    const date = c.date || "?";
    if (!byDay.has(date)) byDay.set(date, []);
    byDay.get(date).push(c);
  }
  for (const date of [...byDay.keys()].sort()) {
    const item = el("li");
    item.append(el("strong", iso(date), { class: "num" }), document.createTextNode(": "));
    item.append(document.createTextNode(byDay.get(date).map((c) =>
      `${figureName(c.category, c.subject)} ${num(c.value, c.qualifier)} (${c.claimed_by})`).join("؛ ")));
    list.append(item);
  }
}

async function renderMap(incident) {
  if (typeof L === "undefined") return;
  if (!map) {
    map = L.map("map", { attributionControl: true });
    const outlines = await api("/static/countries.geojson");
    L.geoJSON(outlines, { style: { color: "#7d8fa3", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
    tryOnlineTiles();
  }
  if (map.incidentLayer) map.removeLayer(map.incidentLayer);
  map.incidentLayer = L.layerGroup().addTo(map);
  const loc = incident.location || {};
  if (loc.lat !== null && loc.lat !== undefined) {
    L.circleMarker([loc.lat, loc.lon], { radius: 9, color: "#b3261e", fillOpacity: 0.8 })
      .bindTooltip(el("span", loc.name || "")).addTo(map.incidentLayer);
    map.setView([loc.lat, loc.lon], 7);
  } else {
    map.setView([34, 40], 5);
  }
  for (const id of incident.related || []) {
    const other = await api(`/api/incidents/${encodeURIComponent(id)}`).catch(() => null);
    const o = other && other.location;
    if (o && o.lat !== null && o.lat !== undefined) {
      L.circleMarker([o.lat, o.lon], { radius: 6, color: "#0b5d7a" })
        .bindTooltip(el("span", `${t("related")}: ${other.title}`)).addTo(map.incidentLayer);
    }
  }
}

function tryOnlineTiles() {
  // Online tiles only when reachable: probe one tile, add the layer if it loads.
  const probe = new Image();
  const timer = setTimeout(() => { probe.src = ""; }, 3000);
  probe.onload = () => {
    clearTimeout(timer);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      { attribution: "© OpenStreetMap", maxZoom: 12 }).addTo(map);
  };
  probe.src = "https://tile.openstreetmap.org/5/19/12.png";
}

async function showEvidence(claimId, cell) {
  const claim = currentIncident.claims[claimId];
  if (!claim) return;
  document.querySelectorAll("#matrix td.selected").forEach((n) => n.classList.remove("selected"));
  if (cell) cell.classList.add("selected");
  const doc = await api(`/api/documents/${encodeURIComponent(claim.doc)}`);
  const chain = [claim.claimed_by, ...(claim.via || []), doc.outlet || t("outlet_unknown")];
  $("#e-chain").textContent = `${t("relay")}: ${chain.join(" ← ")}`;
  $("#e-meta").textContent = `${claim.doc} · ${t("published")} ${day(doc.published)} · ${figureName(claim.category, claim.subject)} ${num(claim.value, claim.qualifier)}`;
  // Offsets are Python string indices, i.e. code points: index the text as code points too.
  const chars = Array.from(doc.text || "");
  const { start, end } = claim.evidence;
  const box = $("#e-text");
  box.replaceChildren(document.createTextNode(chars.slice(0, start).join("")),
    el("mark", chars.slice(start, end).join(""), { id: "evidence-mark" }),
    document.createTextNode(chars.slice(end).join("")));
  $("#evidence").hidden = false;
  $("#evidence-mark").scrollIntoView({ block: "center" });
}

async function fillSelectors() {
  for (const actor of ACTORS) $("#f-actor").append(el("option", actor, { value: actor }));
  for (const type of EVENT_TYPES) $("#f-type").append(el("option", type, { value: type }));
}

function route() {
  const match = location.hash.match(/^#\/incident\/(.+)$/);
  (match ? showIncident(decodeURIComponent(match[1])) : showList()).catch((error) => {
    $("#count").textContent = String(error);
  });
}

$("#filters").addEventListener("submit", (event) => { event.preventDefault(); location.hash = "#/"; showList(); });
$("#lang").addEventListener("click", () => {
  lang = lang === "ar" ? "en" : "ar";
  localStorage.setItem("rasd-lang", lang);
  applyLanguage();
  route();
});
window.addEventListener("hashchange", route);
fillSelectors();
applyLanguage();
route();
