"""The analyst's page in a real browser (Debian's Chromium, driven by Playwright) against `rasd serve` on
127.0.0.1, on a wide screen (1400×900) and a phone (390×844): open the Ghwayran incident, see both contradictions,
click a cell and see the evidence highlighted at its offsets, switch to English, export the CSV; names instead of
ids, numbers and dates isolated on one line, a column per speaker and outlet, why a low/best/high no source said,
nothing wider than the screen, the map of the next incident, an unknown incident, no request off this machine unless
the analyst turns online tiles on, the API docs offline. Screenshots are saved under test-output/ for a reviewer."""
import csv
import io
import json
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

import rasd

CHROMIUM = pathlib.Path("/usr/bin/chromium")
SHOTS = pathlib.Path(__file__).resolve().parents[1] / "test-output"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"wide": {"width": 1400, "height": 900}, "narrow": {"width": 390, "height": 844}}
OSM = "https://tile.openstreetmap.org/"

XSS_ARTICLE = ("هجوم على حاجز في مدينة الرقة <script>window.pwned = 1</script>\n"
               "قتل خمسة مدنيين في هجوم على حاجز في مدينة الرقة <img src=x onerror=\"window.pwned=2\">، بحسب مصادر "
               "محلية قالت إن <b>المسلحين</b> انسحبوا.")

# Ids the page must show by name, never as themselves (in English some names are the id: "killed", "minors").
SHOWN_BY_NAME = {
    "ar": {"isis", "isis_detainees", "prison_staff", "anonymous", "sdf", "asayish", "outlet", "minors", "killed",
           "attackers", "held", "released", "escaped", "arrested", "surrendered", "some", "tens", "approx",
           "more_than"},
    "en": {"isis", "isis_detainees", "prison_staff", "anonymous", "sdf", "asayish", "approx", "more_than"},
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    hostile = tmp_path_factory.mktemp("hostile") / "xss.txt"
    hostile.write_text(XSS_ARTICLE, encoding="utf-8")
    rasd.run([shared / "seeds", hostile], out)
    yield from _serving(out)


def _serving(out):
    """`rasd serve` over the run in `out`: its URL while the fixture lasts."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "rasd", "serve", str(out), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "api/incidents", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError(f"rasd serve did not start: {process.stdout.read().decode()}")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def screen(request):
    """The name of the screen size the page is tested at."""
    return request.param


@pytest.fixture(scope="module")
def page(browser, screen):
    context = browser.new_context(accept_downloads=True, viewport=VIEWPORTS[screen])
    yield context.new_page()
    context.close()


@pytest.fixture
def fresh_page(browser, screen):
    """A page in a new context: empty localStorage, its own request log (`page.requests`), tiles never fetched."""
    context = browser.new_context(viewport=VIEWPORTS[screen])
    context.route(f"{OSM}**", lambda route: route.abort())
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def shot(page, screen, name):
    page.screenshot(path=str(SHOTS / f"{name}-{screen}.png"), full_page=True)


def load(page, url, lang="ar"):
    """`url` in a fresh load of the page, in `lang`."""
    page.goto(url)
    page.evaluate(f"localStorage.setItem('rasd-lang', '{lang}')")
    page.reload()


def open_contested(page, server, lang="ar"):
    """The page on the Ghwayran incident (the one contested incident), in `lang`."""
    load(page, server, lang)
    page.wait_for_selector("#incidents tbody tr")
    page.locator("#incidents tbody tr", has=page.locator(".badge")).first.click()
    page.wait_for_selector("#contradictions li.contradiction")
    until(page, "document.querySelectorAll('#map path').length > 0")


def until(page, expression, timeout=10.0):
    """Wait until `expression` is true in the page. (Playwright's wait_for_function evaluates its predicate with
    eval inside the page, which the page's Content-Security-Policy rightly refuses.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def stays_here(url):
    """A request that leaves nothing to another machine: to 127.0.0.1, or a data:/blob: URL."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1"


def api(url, path):
    with urllib.request.urlopen(url + path.lstrip("/")) as response:
        return json.load(response)


def words(text):
    return set(re.findall(r"[a-z_]+", text))


def test_open_the_incident_and_see_both_contradictions(page, server, screen):
    open_contested(page, server)
    assert page.locator("html").get_attribute("dir") == "rtl"
    text = page.locator("#contradictions").inner_text()
    assert "القاصرون" in text and "مهاجمون" in text
    assert "٧٠٠" in text
    assert page.locator("#figures tbody tr.conflict").count() == 2
    shot(page, screen, "incident-ar")


def test_click_a_cell_and_see_the_evidence_highlighted(page, server, screen):
    open_contested(page, server)
    cell = page.locator("#matrix td.cell.conflict .claim").first
    claim_id = cell.get_attribute("data-claim")
    cell.click()
    page.wait_for_selector("#evidence:not([hidden]) mark")
    marked = page.locator("#evidence-mark").inner_text()
    incident = page.evaluate("location.hash.split('/').pop()")
    claim = next(c for c in api(server, f"api/claims?incident={incident}") if c["claim_id"] == claim_id)
    assert marked == claim["evidence"]["text"]
    doc = api(server, f"api/documents/{claim['doc']}")
    assert doc["text"][claim["evidence"]["start"]:claim["evidence"]["end"]] == marked
    assert "←" in page.locator("#e-chain").inner_text()
    doc_id = page.locator("#e-meta bdi.id")  # a document id reads as written, never reversed
    assert doc_id.inner_text() == claim["doc"] and doc_id.get_attribute("dir") == "ltr"
    shot(page, screen, "evidence")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_evidence_names_party_and_role_and_says_why(page, server, screen, lang):
    """Clicking a matrix cell shows whose people the claim counts, party and role by name in the page's language,
    and the rule that decided them as a small line: English as written, isolated left to right."""
    open_contested(page, server, lang)
    names = api(server, "api/labels")[lang]
    incident = page.evaluate("location.hash.split('/').pop()")
    claims = {c["claim_id"]: c for c in api(server, f"api/claims?incident={incident}")}
    cells = page.locator("#matrix td.cell .claim")
    seen_parties = set()
    for i in range(cells.count()):
        claim = claims[cells.nth(i).get_attribute("data-claim")]
        if claim["party"] in seen_parties:
            continue  # one cell per party: a state (Syria), the Islamic State, the SDF
        seen_parties.add(claim["party"])
        cells.nth(i).click()
        page.wait_for_selector("#evidence:not([hidden]) mark")
        until(page, f"document.querySelector('#evidence-mark').textContent === {claim['evidence']['text']!r}")
        who = page.locator("#e-who")
        party, role = who.locator(".party bdi.name"), who.locator(".role bdi.name")
        assert party.inner_text() == names["party"][claim["party"]] and party.get_attribute("data-id") == claim["party"]
        assert role.inner_text() == names["role"][claim["role"]] and role.get_attribute("data-id") == claim["role"]
        assert ("الطرف" if lang == "ar" else "Party") in who.inner_text()
        assert ("الصفة" if lang == "ar" else "Role") in who.inner_text()
        why = page.locator("#e-why")
        assert why.is_visible() and ("سبب القراءة" if lang == "ar" else "Why Rasd read it so") in why.inner_text()
        rule = why.locator("bdi.rule-text")
        assert rule.inner_text() == claim["rule"] and rule.get_attribute("dir") == "ltr"
        assert float(why.evaluate("n => parseFloat(getComputedStyle(n).fontSize)")) < \
            float(who.evaluate("n => parseFloat(getComputedStyle(n).fontSize)"))  # a small line
        if lang == "ar":
            assert not re.search(r"[A-Za-z]", who.inner_text())
        else:
            assert not re.search(r"[\u0600-\u06FF]", who.inner_text())
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[screen]["width"]
        if claim["party"] == "syr":  # a state, named from countries.tsv (Arabic) and labels.tsv (English)
            page.locator("#evidence").screenshot(path=str(SHOTS / f"evidence-why-{lang}-{screen}.png"))
    assert {"syr", "isis", "sdf"} <= seen_parties
    # A party or role without a name shows as its id, isolated left to right.
    assert page.evaluate("named('party', 'zz_front').outerHTML") == '<bdi dir="ltr" class="id">zz_front</bdi>'


def test_english_labels(page, server, screen):
    open_contested(page, server)
    page.click("#lang")
    until(page, "document.documentElement.dir === 'ltr'")
    until(page, "document.querySelector('#contradictions').innerText.includes('attackers')")
    assert page.locator("h2[data-i18n=contradictions]").inner_text() == "Contradictions"
    shot(page, screen, "incident-en")
    page.click("#lang")
    until(page, "document.documentElement.dir === 'rtl'")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_ids_show_as_names(page, server, screen, lang):
    """Subjects, speakers, categories and qualifiers are named in the page's language; no id shows as itself."""
    open_contested(page, server, lang)
    parts = ["#figures", "#matrix", "#contradictions", "#discrepancies", "#timeline", "#i-meta"]
    for part in parts:
        shown = words(page.locator(part).inner_text())
        assert not shown & SHOWN_BY_NAME[lang], (part, shown & SHOWN_BY_NAME[lang])
    text = " ".join(page.locator(part).inner_text() for part in parts)
    if lang == "ar":
        for name in ("قسد", "داعش", "القاصرون", "موظفو السجن", "معتقلو داعش", "مصادر غير مسمّاة", "مهاجمون",
                     "محتجزون", "قتلى", "العشرات", "عدد من", "نحو", "أكثر من", "الأسايش"):
            assert name in text, name
        assert not re.search(r"[A-Za-z]", page.locator("#timeline").inner_text())
    else:
        for name in ("SDF", "Islamic State", "minors", "prison staff", "IS detainees", "unnamed sources",
                     "attackers", "held", "killed", "tens", "some", "about", "more than", "Asayish"):
            assert name in text, name
        assert not re.search(r"قتلى|مهاجمون|محتجزون|العشرات", page.locator("#timeline").inner_text())
    # An id without a name shows as itself, isolated left to right.
    unknown = page.evaluate("named('actor', 'zz_unknown').outerHTML")
    assert unknown == '<bdi dir="ltr" class="id">zz_unknown</bdi>'


def test_numbers_and_dates_are_isolated_on_one_line(page, server, screen):
    open_contested(page, server)
    checked = page.evaluate("""() => [...document.querySelectorAll(
        '#matrix .claim bdi.num, #contradictions bdi.num, #timeline bdi.num, #figures bdi.num')].map((n) => ({
          text: n.textContent, dir: n.getAttribute('dir'), wrap: getComputedStyle(n).whiteSpace,
          bidi: getComputedStyle(n).unicodeBidi,
          lines: new Set([...n.getClientRects()].map((r) => Math.round(r.top))).size }))""")
    assert len(checked) > 40
    for number in checked:
        assert number["dir"] == "ltr" and number["bidi"] == "isolate" and number["wrap"] == "nowrap", number
        assert number["lines"] == 1, number
    dates = [n["text"] for n in checked if "-" in n["text"]]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    # A date is drawn left to right: its year left of its day.
    order = page.evaluate("""() => [...document.querySelectorAll('#matrix .claim .date bdi')].map((n) => {
        const range = document.createRange();
        range.setStart(n.firstChild, 0); range.setEnd(n.firstChild, 4);
        const year = range.getBoundingClientRect().x;
        range.setStart(n.firstChild, 8); range.setEnd(n.firstChild, 10);
        return year < range.getBoundingClientRect().x; })""")
    assert order and all(order)


def test_a_column_for_each_speaker_and_outlet(page, server, screen):
    open_contested(page, server)
    headers = page.locator("#matrix thead th.source")
    columns = [(headers.nth(i).locator(".speaker").inner_text(), headers.nth(i).locator(".outlet").inner_text())
               for i in range(headers.count())]
    assert len(set(columns)) == len(columns)
    assert len([c for c in columns if c[0] == "قسد"]) >= 2  # SDF quoted by two outlets: two columns
    assert ("قسد", "وسيلة غير معروفة") in columns
    assert ("الوسيلة نفسها", "وكالة باز الأخبارية") in columns
    header_text = page.locator("#matrix thead").inner_text()
    assert "outlet:" not in header_text and "004_" not in header_text
    # Every claim of a column is that speaker's, in that outlet's article.
    incident = page.evaluate("location.hash.split('/').pop()")
    claims = {c["claim_id"]: c for c in api(server, f"api/claims?incident={incident}")}
    outlets = {}
    for i in range(len(columns)):
        cells = page.locator(f"#matrix tbody tr td:nth-child({i + 2}) .claim")
        pairs = set()
        for j in range(cells.count()):
            claim = claims[cells.nth(j).get_attribute("data-claim")]
            if claim["doc"] not in outlets:
                outlets[claim["doc"]] = api(server, f"api/documents/{claim['doc']}")["outlet"]
            pairs.add((claim["claimed_by"], outlets[claim["doc"]]))
        assert len(pairs) == 1, (columns[i], pairs)
    page.locator("#matrix-scroll").screenshot(path=str(SHOTS / f"matrix-{screen}.png"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_figure_no_source_said_says_why(page, server, screen, lang):
    """Held minors: «نحو ٥٠٠» and 700 give low 425 (the lower bound of about 500) and best 600 (their median)."""
    open_contested(page, server, lang)
    held = page.locator("#figures tbody tr", has_text="القاصرون" if lang == "ar" else "minors").first
    for i in (2, 3, 4):
        assert held.locator(f"td:nth-child({i})").get_attribute("title")
    why = held.locator("xpath=following-sibling::tr[1]")
    assert why.get_attribute("class") == "why"
    text = why.inner_text()
    if lang == "ar":
        assert "٤٢٥" in text and "٦٠٠" in text and "وسيط" in text and "نحو ٥٠٠" in text and "٤٢٥–٥٧٥" in text
        assert "٥٠٠، ٧٠٠" in text
    else:
        assert "425" in text and "600" in text and "median" in text and "about 500" in text and "425–575" in text
    rule = page.locator("#interval-rule").inner_text()
    assert "20–99" in rule and ("العشرات" if lang == "ar" else "tens") in rule
    assert ("الأدنى" if lang == "ar" else "Low") in rule
    # A figure every source said has no such line.
    said = page.locator("#figures tbody tr", has_text="موظفو السجن" if lang == "ar" else "prison staff").first
    assert said.locator("xpath=following-sibling::tr[1]").get_attribute("class") != "why"
    page.locator("#figures").screenshot(path=str(SHOTS / f"figures-{lang}-{screen}.png"))


def test_nothing_is_wider_than_the_screen(page, server, screen):
    width = VIEWPORTS[screen]["width"]
    page.goto(server)
    page.wait_for_selector("#incidents tbody tr")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, screen, "list")
    open_contested(page, server)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for part in ("#events-section", "#figures", "#contradictions", "#timeline", "#i-meta", "#map"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, part
    matrix = page.locator("#matrix-scroll")
    assert matrix.evaluate("n => getComputedStyle(n).overflowX") == "auto"
    if screen == "narrow":  # the matrix is wider than a phone: it scrolls inside its own box
        assert matrix.evaluate("n => n.scrollWidth > n.clientWidth")
        before = matrix.evaluate("n => n.scrollLeft")
        matrix.evaluate("n => n.scrollBy(-200, 0)")  # right to left: scrolling on reveals columns to the left
        assert matrix.evaluate("n => n.scrollLeft") != before
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_next_incident_has_its_map(page, server, screen):
    """Leaflet measures its box once: after the window changed size, the next incident's map fills its box and
    shows that incident's place."""
    open_contested(page, server)
    raqqa = next(i for i in api(server, "api/incidents")["items"] if "الرقة" in i["title"])
    other = VIEWPORTS["narrow" if screen == "wide" else "wide"]
    page.set_viewport_size(other)
    try:
        page.goto(server)
        page.wait_for_selector("#incidents tbody tr")
        page.locator("#incidents tbody tr", has_text="الرقة").first.click()
        until(page, f"location.hash.endsWith({raqqa['incident']!r})")
        page.wait_for_timeout(300)
        seen = page.evaluate("""([lat, lon]) => mapReady.then((m) => {
            const place = m.latLngToContainerPoint([lat, lon]), size = m.getSize(), box = document.querySelector('#map');
            return { place: [place.x, place.y], size: [size.x, size.y], box: [box.clientWidth, box.clientHeight] }; })""",
            [raqqa["location"]["lat"], raqqa["location"]["lon"]])
        assert seen["size"] == seen["box"] and seen["box"][0] > 0
        assert abs(seen["place"][0] - seen["box"][0] / 2) < 2 and abs(seen["place"][1] - seen["box"][1] / 2) < 2
        page.locator("#map").screenshot(path=str(SHOTS / f"next-map-{screen}.png"))
    finally:
        page.set_viewport_size(VIEWPORTS[screen])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_unknown_incident_says_so(page, server, screen, lang):
    load(page, server + "#/incident/nope", lang)
    page.wait_for_selector("#not-found:not([hidden])")
    text = page.locator("#not-found").inner_text()
    assert ("لا توجد حادثة" if lang == "ar" else "No such incident") in text and "nope" in text
    assert page.locator("#incident-body").is_hidden()
    page.goto(server + "#/incident/%E0%A4%A")  # a malformed escape is no incident either
    page.wait_for_selector("#not-found:not([hidden])")
    shot(page, screen, f"no-incident-{lang}")
    page.evaluate("localStorage.setItem('rasd-lang', 'ar')")


def test_no_request_leaves_this_machine_until_tiles_are_turned_on(fresh_page, server, screen):
    page = fresh_page
    open_contested(page, server)
    page.wait_for_timeout(500)
    assert page.requests and all(stays_here(u) for u in page.requests), [u for u in page.requests if not stays_here(u)]
    assert not page.locator("#online-tiles").is_checked()
    page.check("#online-tiles")
    until(page, "document.querySelectorAll('#map img.leaflet-tile').length > 0")
    assert any(u.startswith(OSM) for u in page.requests)
    page.reload()
    page.wait_for_selector("#contradictions li.contradiction")
    assert page.locator("#online-tiles").is_checked()  # remembered
    page.uncheck("#online-tiles")
    assert page.evaluate("localStorage.getItem('rasd-online-tiles')") == "off"
    until(page, "document.querySelectorAll('#map img.leaflet-tile').length === 0")


def test_api_docs_work_offline(fresh_page, server, screen):
    page = fresh_page
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/incidents" in p for p in paths) and any("/api/search" in p for p in paths)
    assert all(stays_here(u) for u in page.requests), [u for u in page.requests if not stays_here(u)]
    assert not [e for e in errors if "Content Security Policy" in e]
    shot(page, screen, "docs")


def test_export_the_csv(page, server):
    page.goto(server)
    page.wait_for_selector("#incidents tbody tr")
    with page.expect_download() as download:
        page.click("#export-csv")
    text = pathlib.Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and "event_date" in rows[0] and "fatalities" in rows[0]


def test_an_article_with_script_shows_as_text(page, server):
    """An article containing <script> and an onerror handler shows them as text and runs neither."""
    page.goto(server)
    page.wait_for_selector("#incidents tbody tr")
    page.locator("#incidents tbody tr", has_text="الرقة").first.click()
    page.wait_for_selector("#matrix td.cell .claim")
    page.locator("#matrix td.cell .claim").first.click()
    page.wait_for_selector("#evidence:not([hidden]) mark")
    assert "<script>" in page.locator("#e-text").inner_text()
    assert "<img" in page.locator("#e-text").inner_text() or "<script>" in page.locator("#i-title").inner_text()
    assert page.evaluate("window.pwned") is None
    source = (pathlib.Path(__file__).resolve().parents[1] / "rasd" / "web" / "static" / "app.js").read_text()
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source


EVENT_KINDS = pathlib.Path(rasd.__file__).parent / "data" / "event_kinds.tsv"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_events_show_above_the_figures(page, server, screen, lang):
    """The Ghwayran incident lists its events by ACLED type and sub-type (named in the page's language), each with
    its evidence and document, above the figures; the header names the sub-event type beside the type."""
    open_contested(page, server, lang)
    names = api(server, "api/labels")[lang]
    incident = api(server, "api/incidents/" + page.evaluate("location.hash.split('/').pop()"))
    page.wait_for_selector("#events .event-group a.event")
    events = page.locator("#events-section")
    assert events.locator("h2").inner_text().startswith("الأحداث" if lang == "ar" else "Events")
    assert events.bounding_box()["y"] + events.bounding_box()["height"] <= page.locator("#figures").bounding_box()["y"]
    groups = page.locator("#events .event-group")
    shown = {(groups.nth(i).get_attribute("data-event-type"), groups.nth(i).get_attribute("data-sub-event-type"))
             for i in range(groups.count())}
    assert shown == {(e["event_type"], e["sub_event_type"] or "") for e in incident["events"]}
    first = groups.first  # the incident's own type and sub-type come first
    assert (first.get_attribute("data-event-type"), first.get_attribute("data-sub-event-type")) == \
        (incident["event_type"], incident["sub_event_type"])
    heading = first.locator("h3").inner_text()
    assert names["event_type"][incident["event_type"]] in heading
    assert names["sub_event_type"][incident["sub_event_type"]] in heading
    assert names["sub_event_type"][incident["sub_event_type"]] in page.locator("#i-meta").inner_text()
    links = page.locator("#events a.event")
    assert links.count() == len(incident["events"]) >= 1
    evidence = {(e["doc"], e["evidence"]["start"], e["evidence"]["text"]) for e in incident["events"]}
    for i in range(links.count()):
        link = links.nth(i)
        doc = link.get_attribute("data-doc")
        assert (doc, int(link.get_attribute("data-start")), link.inner_text()[1:-1]) in evidence
        assert link.locator("xpath=ancestor::li[1]").get_attribute("data-doc") == doc
    assert page.locator("#events .event-doc > bdi.id").first.inner_text() in incident["docs"]
    with_sides = [e for e in incident["events"] if e.get("actor1") or e.get("actor2")]  # who acted ← upon whom
    assert with_sides and page.locator("#events .event-sides").count() == len(with_sides)
    headings = " ".join(page.locator("#events h3, #events .event-kind > bdi.name, #i-meta .event-type").all_inner_texts())
    if lang == "ar":
        assert not re.search(r"[A-Za-z]", headings), headings
    else:
        assert not re.search(r"[\u0600-\u06FF]", headings), headings
    width = VIEWPORTS[screen]["width"]
    box = events.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    events.screenshot(path=str(SHOTS / f"events-{lang}-{screen}.png"))
    shot(page, screen, f"incident-events-{lang}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_click_an_event_and_see_its_evidence_highlighted(page, server, screen, lang):
    open_contested(page, server, lang)
    page.wait_for_selector("#events a.event")
    links = page.locator("#events a.event")
    for link in (links.first, links.nth(links.count() - 1)):
        doc_id, start = link.get_attribute("data-doc"), int(link.get_attribute("data-start"))
        end = int(link.get_attribute("data-end"))
        doc = api(server, f"api/documents/{doc_id}")
        link.click()
        until(page, f"!!document.querySelector('#evidence:not([hidden]) #evidence-mark') && "
                    f"document.querySelector('#e-meta bdi.id').textContent === {doc_id!r} && "
                    f"document.querySelector('#evidence-mark').previousSibling.textContent.length === "
                    f"{len(doc['text'][:start].encode('utf-16-le')) // 2}")
        marked = page.locator("#evidence-mark")
        assert marked.inner_text() == doc["text"][start:end] == link.inner_text()[1:-1]
        # the mark is at the offsets: the text before it is the document's text before `start`
        before = page.evaluate("document.querySelector('#evidence-mark').previousSibling.textContent")
        assert before == doc["text"][:start]
        assert "selected" in link.get_attribute("class")
        assert page.locator("#e-who").is_hidden() and page.locator("#e-why").is_hidden()
        assert ("الحدث" if lang == "ar" else "Event") in page.locator("#e-meta").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[screen]["width"]
    page.locator("#evidence").screenshot(path=str(SHOTS / f"evidence-event-{lang}-{screen}.png"))
    # A matrix cell afterwards shows its claim's party and role again, and only it is selected.
    page.locator("#matrix td.cell .claim").first.click()
    until(page, "!document.querySelector('#e-who').hidden")
    assert page.locator("#events a.event.selected").count() == 0


def test_an_incident_without_events_says_so(page, server, screen):
    open_contested(page, server)
    page.evaluate("renderEvents({ event_type: 'Battles', events: [] })")
    assert "لا تروي" in page.locator("#events").inner_text()
    assert page.locator("#events-count").inner_text() == ""
    # A crime or accident (rasd run --all-events) says so in its header.
    page.evaluate("renderMeta({ event_type: 'Battles', kind: 'crime_accident', location: {}, docs: ['d'], outlets: [] })")
    assert "جريمة أو حادث" in page.locator("#i-meta .badge.kind").inner_text()


def test_filter_by_sub_event_type(page, server, screen):
    """The sub-type filter offers ACLED's sub-event types of event_kinds.tsv (served by /api/facets), those of the
    chosen type only."""
    rows = [line.split("\t") for line in EVENT_KINDS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    expected = {}
    for row in rows:
        if row[2]:
            expected.setdefault(row[2], set()).add(row[3])
    load(page, server)
    page.wait_for_selector("#incidents tbody tr")
    assert {k: set(v) for k, v in page.evaluate("facets.event_types").items()} == expected
    options = page.locator("#f-sub option").all_inner_texts()
    assert len(options) == 1 + sum(len(v) for v in expected.values())
    page.select_option("#f-type", "Battles")
    assert page.locator("#f-sub option").evaluate_all("os => os.map((o) => o.value)") == ["", "Armed clash"]
    assert page.locator("#f-sub option").nth(1).inner_text() == "اشتباك مسلح"
    page.select_option("#f-sub", "Armed clash")
    page.click("#filters button[type=submit]")
    total = api(server, "api/incidents?event_type=Battles&sub_event_type=Armed+clash")["total"]
    assert total >= 1
    until(page, f"document.querySelectorAll('#incidents tbody tr').length === {total}")
    assert "sub_event_type=Armed+clash" in page.locator("#export-csv").get_attribute("href")
    assert all("اشتباك مسلح" in t for t in page.locator("#incidents tbody td:nth-child(4)").all_inner_texts())
    page.select_option("#f-type", "")  # the chosen sub-type stays while its type is offered
    assert page.locator("#f-sub").input_value() == "Armed clash"
    page.select_option("#f-type", "Protests")
    assert page.locator("#f-sub").input_value() == ""
    shot(page, screen, "list-filtered")
    page.select_option("#f-type", "")
    page.click("#filters button[type=submit]")


@pytest.fixture(scope="module")
def stream_server(shared, tmp_path_factory):
    """The page over a run of the real stream's first 1,000 articles: more incidents than one page of the list."""
    folder = tmp_path_factory.mktemp("stream")
    stream = folder / "stream.jsonl"
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        stream.write_text("".join(line for _, line in zip(range(1000), f)), encoding="utf-8")
    rasd.run([stream], folder / "out", keep=False)  # one process: no fork beside the browser driver
    yield from _serving(folder / "out")


def test_the_list_pages_through_the_incidents(page, stream_server, screen):
    total = api(stream_server, "api/incidents?limit=1")["total"]
    assert total > 100
    load(page, stream_server)
    page.wait_for_selector("#incidents tbody tr")
    first_page = page.eval_on_selector_all("#incidents tbody tr", "rows => rows.map(r => r.dataset.incident)")
    assert len(first_page) == 100 and page.is_visible("#pager") and page.is_disabled("#page-previous")
    page.click("#page-next")
    until(page, "document.querySelector('#incidents tbody tr').dataset.incident !== " + json.dumps(first_page[0]))
    second_page = page.eval_on_selector_all("#incidents tbody tr", "rows => rows.map(r => r.dataset.incident)")
    assert second_page and not set(second_page) & set(first_page)
    expected = [i["incident"] for i in api(stream_server, "api/incidents?limit=100&offset=100")["items"]]
    assert second_page == expected
    shot(page, screen, "list-second-page")
    page.click("#page-previous")
    until(page, "document.querySelector('#incidents tbody tr').dataset.incident === " + json.dumps(first_page[0]))


@pytest.fixture
def review_server(shared, tmp_path, capsys):
    """A fresh run of the seeds served with one user, 'amal': (the URL, her token). Each test corrects it anew."""
    from rasd.cli import main
    rasd.run([shared / "seeds"], tmp_path / "out")
    capsys.readouterr()
    assert main(["users", "add", "amal", "--db", str(tmp_path / "out")]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    from rasd.review import Corrections  # a correction of a claim no run has: orphaned, to be shown
    Corrections(tmp_path / "out" / "rasd.review.sqlite").record("claim", "gone:10:20", "reject", user="amal",
                                                                  version=0, note="an article since withdrawn")
    for url in _serving(tmp_path / "out"):
        yield url, token


def post(url, token, body):
    request = urllib.request.Request(url + "api/review", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def saved(page):
    """Wait for the page to say a review action was saved, then forget the message."""
    page.wait_for_selector("#review-message:not([hidden]):not(.refused)")
    page.evaluate("document.querySelector('#review-message').hidden = true")


def claim_key(claim):
    return f"{claim['doc']}:{claim['evidence']['start']}:{claim['evidence']['end']}"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_reviewer_does_every_review_action_in_the_page(browser, screen, review_server, lang):
    """Sign in; accept, reject (key r), restore and correct a claim; add one from selected words (key n); mark a
    document not relevant and relevant again; accept an incident and correct its day, type and place; split it;
    merge the other incident into it; a stale write shows the other analyst's change; without a token nothing is
    written. Each action checked against the API."""
    url, token = review_server
    context = browser.new_context(viewport=VIEWPORTS[screen])
    page = context.new_page()
    try:
        load(page, url, lang)
        page.click("#sign-in")
        page.fill("#token-input", token)
        page.click("#sign-in-form button[type=submit]")
        assert page.locator("#sign-in-form").is_hidden()
        page.wait_for_selector("#orphans:not([hidden])")
        assert "gone:10:20" in page.locator("#orphans").text_content()
        page.wait_for_selector("#incidents tbody tr")
        page.locator("#incidents tbody tr", has=page.locator(".badge")).first.click()
        page.wait_for_selector("#incident-review [data-action=accept-incident]")
        incident_id = page.evaluate("decodeURIComponent(location.hash.split('/').pop())")
        claims = lambda: {c["claim_id"]: c for c in api(url, f"api/claims?incident={incident_id}")}  # noqa: E731
        first = page.locator("#matrix td.cell .claim").first
        claim_id = first.get_attribute("data-claim")
        first.click()
        page.wait_for_selector("#claim-review [data-action=accept]")
        page.click("#claim-review [data-action=accept]")
        saved(page)
        assert claims()[claim_id]["review"]["state"] == "accepted"
        page.wait_for_selector("#claim-review .state[data-state=accepted]")  # the page redraws after saying so
        page.keyboard.press("r")
        saved(page)
        assert claims()[claim_id]["review"]["state"] == "rejected"
        page.wait_for_selector(f"#matrix [data-claim='{claim_id}']", state="detached")
        page.click(f"#timeline .said.rejected[data-claim='{claim_id}']")
        page.wait_for_selector("#claim-review .state[data-state=rejected]")
        page.click("#claim-review [data-action=accept]")
        saved(page)
        page.click("#claim-review [data-action=correct]")
        page.select_option("#correct-form select[name=field]", "value")
        page.fill("#correct-form input[name=value]", "4242")
        page.fill("#correct-form input[name=note]", "مراجعة" if lang == "ar" else "checked")
        page.click("#correct-form button[type=submit]")
        saved(page)
        for field, value in (("category", "wounded"), ("subject", "civilians"), ("qualifier", "approx"),
                             ("claimed_by", "sdf"), ("party", "syr"), ("role", "civilians")):
            page.click("#claim-review [data-action=correct]")
            page.select_option("#correct-form select[name=field]", field)
            page.fill("#correct-form input[name=value]", value)
            page.click("#correct-form button[type=submit]")
            saved(page)
            assert claims()[claim_id][field] == value, field
        corrected = claims()[claim_id]
        assert corrected["value"] == 4242 and corrected["review"]["state"] == "corrected"
        assert set(corrected["review"]["machine"]) == {"value", "category", "subject", "qualifier", "claimed_by",
                                                       "party", "role"}
        page.wait_for_selector(f"#matrix [data-claim='{claim_id}'].corrected")
        assert page.locator(f"#matrix [data-claim='{claim_id}'].corrected").count() == 1
        # a claim Rasd missed: the analyst selects its words in the article and presses n
        words = page.evaluate("""() => {
            const text = document.querySelector('#e-text').firstChild;
            const range = document.createRange();
            range.setStart(text, 0); range.setEnd(text, Math.min(12, text.length));
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
            return range.toString(); }""")
        page.keyboard.press("n")
        page.fill("#add-form input[name=value]", "3")
        page.click("#add-form button[type=submit]")
        saved(page)
        added = [c for c in claims().values() if (c.get("review") or {}).get("state") == "added"]
        assert len(added) == 1 and added[0]["evidence"]["text"] == words and added[0]["value"] == 3
        document = api(url, f"api/documents/{added[0]['doc']}")
        assert document["text"][added[0]["evidence"]["start"]:added[0]["evidence"]["end"]] == words
        def out_and_back(field, out, back):
            """Click `out` (the incident holds one `field` fewer), then `back` (as many as before)."""
            held = lambda: len(api(url, f"api/incidents/{incident_id}")[field])  # noqa: E731
            before = held()
            for selector, expected in ((out, before - 1), (back, before)):
                page.click(selector)
                saved(page)
                assert held() == expected, (selector, field)

        # the document: not relevant, then relevant again
        out_and_back("docs", "#claim-review [data-action=not_relevant]", "#claim-review [data-action=relevant]")
        # an event mention: not relevant, then relevant again
        page.locator("#events a.event").first.click()
        out_and_back("events", "#claim-review [data-action=event-not-relevant]",
                     "#dropped-events [data-action=event-relevant]")
        assert page.locator("#dropped-events").is_hidden()
        # the incident: accept, correct the day, the type, the place
        page.click("#incident-review [data-action=accept-incident]")
        saved(page)
        page.click("#incident-review [data-action=correct-day]")
        page.fill("#day-form input[name=start]", "2022-01-20")
        page.click("#day-form button[type=submit]")
        saved(page)
        page.click("#incident-review [data-action=correct-type]")
        page.select_option("#type-form select[name=event_type]", "Riots")
        page.click("#type-form button[type=submit]")
        saved(page)
        page.click("#incident-review [data-action=correct-place]")  # a point clicked on the map
        page.click("#map", position={"x": 60, "y": 60})
        until(page, "document.querySelector('#place-form input[name=lat]').value !== ''")
        page.fill("#place-form input[name=name]", "Ghwayran prison")
        page.click("#place-form button[type=submit]")
        saved(page)
        incident = api(url, f"api/incidents/{incident_id}")
        assert (incident["start"], incident["event_type"], incident["location"]["name"]) == (
            "2022-01-20", "Riots", "Ghwayran prison")
        assert incident["review"]["state"] == "corrected" and incident["review"]["by"] == "amal"
        assert "Ghwayran prison" in page.locator("#i-meta").inner_text()
        page.click("#incident-review [data-action=correct-place]")  # a place of the gazetteer, found by name
        page.locator("#place-form input[name=place]").press_sequentially("غويران")
        until(page, "document.querySelectorAll('#place-options option').length > 0")
        place_id = page.locator("#place-options option").first.get_attribute("value")
        page.fill("#place-form input[name=place]", place_id)
        page.click("#place-form button[type=submit]")
        saved(page)
        assert api(url, f"api/incidents/{incident_id}")["location"]["place_id"] == place_id
        # split one document out, then merge the other incident into this one
        page.click("#incident-review [data-action=split]")
        leaving = page.locator(f"#split-form input[name=doc]:not([value='{corrected['doc']}'])").last
        moved = leaving.get_attribute("value")
        leaving.check()
        page.click("#split-form button[type=submit]")
        saved(page)
        assert moved not in api(url, f"api/incidents/{incident_id}")["docs"]
        listed = api(url, "api/incidents")["items"]
        assert any(i["incident"].startswith("split-") for i in listed)
        other = next(i for i in listed if i["incident"] != incident_id and not i["incident"].startswith("split-"))
        page.goto(f"{url}#/incident/{other['incident']}")
        page.wait_for_selector("#incident-review [data-action=merge]")
        written = len(api(url, "api/review/history"))
        page.keyboard.press("r")  # no claim's evidence is shown here: the key acts on nothing
        time.sleep(0.3)
        assert len(api(url, "api/review/history")) == written
        page.click("#incident-review [data-action=merge]")
        page.fill("#merge-form input[name=into]", incident_id)
        page.click("#merge-form button[type=submit]")
        saved(page)
        assert set(api(url, f"api/incidents/{other['incident']}")["docs"]) <= set(
            api(url, f"api/incidents/{incident_id}")["docs"])
        until(page, f"decodeURIComponent(location.hash).endsWith('{incident_id}')")
        # another analyst corrects the claim first: the page shows their change instead of overwriting it
        page.wait_for_selector(f"#matrix [data-claim='{claim_id}']")
        page.click(f"#matrix [data-claim='{claim_id}']")
        page.wait_for_selector("#claim-review [data-action=reject]")
        current = claims()[claim_id]
        post(url, token, {"target": "claim", "action": "correct", "key": claim_key(current),
                          "version": current["review"]["version"], "field": "value", "value": 77})
        page.click("#claim-review [data-action=reject]")
        page.wait_for_selector("#review-message.refused:not([hidden])")
        assert "77" in page.locator("#review-message").inner_text()
        assert claims()[claim_id]["review"]["state"] == "corrected"
        shot(page, screen, f"review-{lang}")
        # the list: reviewed or not yet, and the review queue's order
        load(page, url, lang)
        page.select_option("#f-review", "machine")
        page.click("#filters button[type=submit]")
        until(page, "document.querySelectorAll('#incidents tbody tr').length === "
                    f"{api(url, 'api/incidents?review=machine')['total']}")
        page.select_option("#f-review", "reviewed")
        page.check("#f-queue")
        page.click("#filters button[type=submit]")
        reviewed = api(url, "api/incidents?review=reviewed&queue=true")["items"]
        until(page, "[...document.querySelectorAll('#incidents tbody tr')].map((r) => r.dataset.incident).join(' ') "
                    f"=== '{' '.join(i['incident'] for i in reviewed)}'")
        assert page.locator("#incidents tbody tr .state").count() == len(reviewed)
        page.goto(f"{url}#/incident/{incident_id}")
        page.wait_for_selector(f"#matrix [data-claim='{claim_id}']")
        # signed out, nothing is written
        page.click("#sign-in")
        page.fill("#token-input", "")
        page.click("#sign-in-form button[type=submit]")
        page.click(f"#matrix [data-claim='{claim_id}']")
        page.click("#claim-review [data-action=reject]")
        page.wait_for_selector("#review-message.refused:not([hidden])")
        assert claims()[claim_id]["review"]["state"] == "corrected"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
