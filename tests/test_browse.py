"""The browse site, generated from a release and driven in a real browser (Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newscorpus.browse.site import build_browse
from newscorpus.layout import CorpusLayout
from newscorpus.publish import publish, read_manifest, releases

from conftest import ROOT

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "build" / "screenshots"
DOC, STORY = "000_ba8caa036516edf6", "xi-moscow-state-visit-2023-03"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    release = releases(CorpusLayout(ROOT))[-1][1]
    out = tmp_path_factory.mktemp("site") / "site"
    build_browse(release, out, read_manifest(release))
    return out


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does it)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1600"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # noqa: BLE001 - a browser that cannot start is a skip with its reason
        pytest.skip(f"Chromium could not start: {exc}")
    yield driver
    driver.quit()


def _open(browser, path: Path):
    browser.get(path.as_uri())
    return browser


def test_site_has_every_page_without_a_browser(site):
    assert (site / "index.html").is_file() and (site / "entities.html").is_file()
    assert (site / "doc" / f"{DOC}.html").is_file() and (site / "story" / f"{STORY}.html").is_file()
    assert (site / "entity" / "xi-jinping.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    manifest = read_manifest(releases(CorpusLayout(ROOT))[-1][1])
    assert manifest["version"] in index and manifest["files"][0]["sha256"] in index


def test_a_known_entity_is_highlighted_with_its_type(browser, site):
    from selenium.webdriver.common.by import By

    page = _open(browser, site / "doc" / f"{DOC}.html")
    xi = page.find_element(By.CSS_SELECTOR, 'a.ent[data-key="xi-jinping"]')
    assert xi.text == "Xi Jinping" and "ent-PERSON" in xi.get_attribute("class")
    assert xi.get_attribute("data-label") == "PERSON" and "Xi Jinping" in xi.get_attribute("title")
    background = xi.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(SCREENSHOTS / "browse-document.png"))
    assert (SCREENSHOTS / "browse-document.png").stat().st_size > 10_000


def test_label_and_entity_filters(browser, site):
    from selenium.webdriver.common.by import By

    page = _open(browser, site / "doc" / f"{DOC}.html")
    page.find_element(By.CSS_SELECTOR, '.label-filter[value="PERSON"]').click()
    people = page.find_elements(By.CSS_SELECTOR, "#text .ent-PERSON")
    assert people and all("off" in p.get_attribute("class") for p in people)
    assert not any("off" in g.get_attribute("class") for g in page.find_elements(By.CSS_SELECTOR, "#text .ent-GPE"))
    from selenium.webdriver.support.ui import Select

    Select(page.find_element(By.ID, "key-filter")).select_by_value("china")
    for element in page.find_elements(By.CSS_SELECTOR, "#text .ent-GPE"):
        dimmed = "dim" in element.get_attribute("class")
        assert dimmed == (element.get_attribute("data-key") != "china")


def test_the_noise_toggle_hides_and_shows_the_removed_text(browser, site):
    from selenium.webdriver.common.by import By

    page = _open(browser, site / "doc" / f"{DOC}.html")
    noise = page.find_element(By.CSS_SELECTOR, "#text del.noise")
    assert noise.is_displayed() and "Beer fanatic" in noise.text
    toggle = page.find_element(By.ID, "toggle-noise")
    toggle.click()
    assert not noise.is_displayed()
    toggle.click()
    assert noise.is_displayed()


def test_an_alignment_link_leads_to_its_partner(browser, site):
    from selenium.webdriver.common.by import By

    page = _open(browser, site / "story" / f"{STORY}.html")
    source = page.find_element(By.ID, f"{DOC}-s5")
    partners = source.get_attribute("data-partners").split()
    assert partners
    source.click()  # selecting a sentence highlights its partners
    for partner in partners:
        assert "partner" in page.find_element(By.ID, partner).get_attribute("class")
    link = source.find_element(By.CSS_SELECTOR, "a.align-link")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert page.current_url.endswith("#" + target) and target in partners
    assert page.execute_script("return document.querySelector(':target').id") == target
    page.save_screenshot(str(SCREENSHOTS / "browse-story.png"))


def test_text_is_escaped_and_runs_nothing(browser, tmp_path):
    """A raw text carrying markup shows it as text: through cleaning, publishing and the site."""
    from selenium.webdriver.common.by import By

    from newscorpus.annotations.attach import attach_annotations
    from newscorpus.clean.store import clean_corpus
    from newscorpus.raw import add_raw

    for part in ("corpus", "schema"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("releases"))
    layout = CorpusLayout(tmp_path)
    evil = tmp_path / "002_evil.txt"
    evil.write_text('Officials met <script>window.__pwned = 1;</script> in "Moscow" & <b onmouseover="x()">Beijing</b>.\n'
                    "<img src=x onerror=\"window.__pwned=2\">\n", encoding="utf-8")
    add_raw(layout, evil, story_id="evil-story")
    clean_corpus(layout)
    attach_annotations(layout)
    result = publish(layout, "1.0.0", update_checkout=False)
    out = tmp_path / "site"
    build_browse(result.path, out, result.manifest)
    page = _open(browser, out / "doc" / "002_evil.html")
    assert page.execute_script("return window.__pwned === undefined")
    text = page.find_element(By.ID, "text").text
    assert "<script>window.__pwned = 1;</script>" in text and '<img src=x onerror="window.__pwned=2">' in text
    assert not page.find_elements(By.CSS_SELECTOR, "#text script, #text img, #text b")
    html = (out / "doc" / "002_evil.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>window" not in html


def test_serving_binds_to_localhost_only(site):
    import threading
    import urllib.request

    from newscorpus.browse.site import make_server

    with make_server(site, 0) as server:
        assert server.server_address[0] == "127.0.0.1"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=10) as response:
                assert response.status == 200 and b"newscorpus" in response.read()
        finally:
            server.shutdown()


def test_browse_command_builds_into_the_given_directory(tmp_path):
    from test_bad_input import run_cli

    proc = run_cli("browse", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0 and (tmp_path / "out" / "index.html").is_file()
    assert "Traceback" not in proc.stderr and os.path.basename(str(tmp_path / "out")) in proc.stdout
