"""The analyst's page in a real browser (Debian's Chromium, driven by Playwright) against `rasd serve` on
127.0.0.1: open the Ghwayran incident, see both contradictions, click a cell and see the evidence highlighted at its
offsets, switch to English, export the CSV. Screenshots are saved under test-output/ for a reviewer."""
import csv
import io
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import rasd

CHROMIUM = pathlib.Path("/usr/bin/chromium")
SHOTS = pathlib.Path(__file__).resolve().parents[1] / "test-output"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


XSS_ARTICLE = ("هجوم على حاجز في مدينة الرقة <script>window.pwned = 1</script>\n"
               "قتل خمسة مدنيين في هجوم على حاجز في مدينة الرقة <img src=x onerror=\"window.pwned=2\">، بحسب مصادر "
               "محلية قالت إن <b>المسلحين</b> انسحبوا.")


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
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "rasd", "serve", str(out), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
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
def page(server):
    from playwright.sync_api import sync_playwright
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
        yield context.new_page()
        browser.close()


def test_open_the_incident_and_see_both_contradictions(page, server):
    page.goto(server)
    page.wait_for_selector("#incidents tbody tr")
    assert page.locator("html").get_attribute("dir") == "rtl"
    contested = page.locator("#incidents tbody tr", has=page.locator(".badge"))
    assert contested.count() == 1
    contested.first.click()
    page.wait_for_selector("#contradictions li.contradiction")
    text = page.locator("#contradictions").inner_text()
    assert "minors" in text and ("attackers" in text or "مهاجمون" in text)
    assert "700" in text or "٧٠٠" in text
    figures = page.locator("#figures tbody tr.conflict")
    assert figures.count() == 2
    page.screenshot(path=str(SHOTS / "incident-ar.png"), full_page=True)


def test_click_a_cell_and_see_the_evidence_highlighted(page, server):
    cell = page.locator("#matrix td.cell.conflict .claim").first
    claim_id = cell.get_attribute("data-claim")
    cell.click()
    page.wait_for_selector("#evidence:not([hidden]) mark")
    marked = page.locator("#evidence-mark").inner_text()
    claim = page.evaluate(f"fetch('/api/claims?incident=' + location.hash.split('/').pop())"
                          f".then(r => r.json()).then(cs => cs.find(c => c.claim_id === {claim_id!r}))")
    assert marked == claim["evidence"]["text"]
    doc_text = page.evaluate(f"fetch('/api/documents/{claim['doc']}').then(r => r.json()).then(d => d.text)")
    assert doc_text[claim["evidence"]["start"]:claim["evidence"]["end"]] == marked
    assert "←" in page.locator("#e-chain").inner_text()
    page.screenshot(path=str(SHOTS / "evidence.png"), full_page=True)


def test_english_labels(page, server):
    page.click("#lang")
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.locator("h2[data-i18n=contradictions]").inner_text() == "Contradictions"
    page.screenshot(path=str(SHOTS / "incident-en.png"), full_page=True)
    page.click("#lang")


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
