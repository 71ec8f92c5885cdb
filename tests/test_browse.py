"""The browse site, generated from a release and driven in a real browser (Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newscorpus.browse.site import build_browse
from newscorpus.layout import CorpusLayout
from newscorpus.publish import open_release, publish, read_manifest, releases

from conftest import ROOT

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "build" / "screenshots"
DOC, STORY = "000_ba8caa036516edf6", "xi-moscow-state-visit-2023-03"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    layout = CorpusLayout(ROOT)
    release = releases(layout)[-1][1]
    out = tmp_path_factory.mktemp("site") / "site"
    build_browse(open_release(release, layout), out)
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
    build_browse(open_release(result.path, layout), out)
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


# --- never over what browse did not write (F-1), paths from data (F-2), bad options (F-14) --------


def _browse(*args: str):
    from test_bad_input import run_cli

    return run_cli("browse", *args)


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_F1_browse_refuses_a_foreign_directory(tmp_path):
    user = tmp_path / "userdir"
    (user / "sub").mkdir(parents=True)
    (user / "thesis.txt").write_text("my thesis draft\n")
    (user / "sub" / "notes.md").write_text("x\n")
    before = _tree(user)
    proc = _browse("--out", str(user))
    assert proc.returncode == 2 and "browse.out-foreign" in proc.stderr and str(user) in proc.stderr
    assert "thesis.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert _tree(user) == before and sorted(p.name for p in tmp_path.iterdir()) == ["userdir"]


def test_F1_browse_refuses_a_file_and_a_link(tmp_path):
    user_file = tmp_path / "userfile.txt"
    user_file.write_text("precious\n")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    for out in (user_file, link):
        proc = _browse("--out", str(out))
        assert proc.returncode == 2 and "browse.out-foreign" in proc.stderr, proc.stderr
    assert user_file.read_text() == "precious\n" and link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_F1_browse_replaces_its_own_site_but_not_files_added_to_it(tmp_path):
    out = tmp_path / "site"
    assert _browse("--out", str(out)).returncode == 0
    first = _tree(out)
    assert ".newscorpus-site.json" in first
    (out / "index.html").write_text("stale\n")  # a file browse wrote, changed: still ours to replace
    assert _browse("--out", str(out)).returncode == 0
    assert _tree(out) == first  # deterministic, and the old site is gone
    (out / "doc" / "my-notes.txt").write_text("mine\n")
    proc = _browse("--out", str(out))
    assert proc.returncode == 2 and "doc/my-notes.txt" in proc.stderr
    assert (out / "doc" / "my-notes.txt").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary left beside it


def test_F1_an_empty_directory_is_used(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert _browse("--out", str(out)).returncode == 0 and (out / "index.html").is_file()


def test_F14_browse_out_dot_dotdot_and_root_are_usage_errors(tmp_path):
    from test_bad_input import run_cli

    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "keep.txt").write_text("keep\n")
    for out in (".", "..", "/"):
        proc = run_cli("--root", str(ROOT), "browse", "--out", out, cwd=tmp_path / "work")
        assert proc.returncode == 2 and "browse.out-foreign" in proc.stderr and "internal error" not in proc.stderr, (out, proc.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"] and (tmp_path / "work" / "keep.txt").is_file()
    assert not list(Path("/").glob(".-*")) and not list(Path("/").glob("..browse-*"))


def test_F14_browse_out_inside_the_corpus_is_refused(tmp_path):
    proc = _browse("--out", str(ROOT / "corpus" / "site"))
    assert proc.returncode == 2 and "inside corpus/" in proc.stderr and not (ROOT / "corpus" / "site").exists()


def test_F14_a_port_out_of_range_is_a_usage_error():
    for port in ("99999", "-1", "http"):
        proc = _browse("--serve", "--port", port)
        assert proc.returncode == 2 and "is not a port" in proc.stderr and "internal error" not in proc.stderr


def test_F14_a_port_in_use_is_an_environment_error(site):
    import socket

    from newscorpus.browse.site import make_server
    from newscorpus.errors import NewscorpusError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(NewscorpusError) as caught:
            make_server(site, taken.getsockname()[1])
    assert caught.value.rule == "browse.serve" and caught.value.exit_code == 2


def test_F2_page_names_from_data_must_stay_in_their_directory(tmp_path):
    from newscorpus.browse.output import page_path
    from newscorpus.errors import NewscorpusError

    directory = tmp_path / "doc"
    assert page_path(directory, "000_ba8caa036516edf6", "document id", "x") == directory / "000_ba8caa036516edf6.html"
    for name in ("../../etc/passwd", "/tmp/victim/index", "..", ".hidden", "a/b", "a\\b", "", None, "a\x00b", "x" * 300):
        with pytest.raises(NewscorpusError) as caught:
            page_path(directory, name, "document id", "somewhere.parquet")
        assert caught.value.rule == "browse.unsafe-name" and caught.value.location.file == "somewhere.parquet"


def test_F2_browse_never_writes_outside_its_directory_even_from_a_release_that_verified(tmp_path, monkeypatch):
    """Defence in depth: should verification ever let a path id through, the page writer refuses it."""
    from newscorpus.browse import site as site_module
    from newscorpus.errors import NewscorpusError

    layout = CorpusLayout(ROOT)
    release = open_release(releases(layout)[-1][1], layout)
    real_rows = site_module._rows

    def hostile(release, config):
        for row in real_rows(release, config):
            if config == "documents":
                row = {**row, "id": "../../" + str(tmp_path / "PWNED")}
            yield row

    monkeypatch.setattr(site_module, "_rows", hostile)
    with pytest.raises(NewscorpusError) as caught:
        build_browse(release, tmp_path / "site")
    assert caught.value.rule == "browse.unsafe-name"
    assert not list(tmp_path.rglob("PWNED*")) and not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # the temporary site is removed too


# --- F-27: noise shown once; normal permissions -------------------------------------------------


def test_F27_trailing_noise_is_shown_once():
    from newscorpus.browse.site import document_html

    def doc(text, removed):
        return {"text": text, "headings": [], "sentences": [], "quotes": [], "entities": [],
                "removed": [{"clean_start": at, "label_name": "bio", "rule": "bio.template", "text": noise} for at, noise in removed]}

    for text in ("Body line.\n", "Body line.", "Body.\n\nMore.\n"):
        html = str(document_html(doc(text, [(len(text), "TRAILING NOISE"), (0, "LEADING NOISE")])))
        assert html.count("TRAILING NOISE") == 1 and html.count("LEADING NOISE") == 1, (text, html)
    middle = "First.\nSecond.\n"
    html = str(document_html(doc(middle, [(len("First."), "AT THE NEWLINE"), (len("First.\n"), "AT THE SECOND LINE")])))
    assert html.count("AT THE NEWLINE") == 1 and html.count("AT THE SECOND LINE") == 1


def test_F27_the_shipped_release_shows_each_noise_span_once(site):
    layout = CorpusLayout(ROOT)
    release = open_release(releases(layout)[-1][1], layout)
    for doc in release.rows("documents", ["id", "removed"]):
        html = (site / "doc" / f"{doc['id']}.html").read_text(encoding="utf-8")
        assert html.count('<del class="noise"') == len(doc["removed"]), doc["id"]


def test_F27_site_directories_have_normal_permissions(site):
    mask = os.umask(0)
    os.umask(mask)
    for path in (site, *[p for p in site.rglob("*") if p.is_dir()]):
        assert path.stat().st_mode & 0o777 == 0o777 & ~mask, path


def test_a_killed_runs_temporary_site_is_removed_by_the_next_run_and_nothing_else(tmp_path):
    import json
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / ".site.browse-tmp-abc123"
    stale.mkdir()
    (stale / "index.html").write_text("half a site\n")
    (stale / ".newscorpus-site.json").write_text(json.dumps({"made_by": "newscorpus browse", "release": "1.0.0",
                                                             "files": ["index.html"], "building": int(dead)}))
    lookalike = tmp_path / ".site.browse-tmp-user"  # our naming, but no marker: not ours
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("mine\n")
    assert _browse("--out", str(tmp_path / "site")).returncode == 0
    assert not stale.exists() and (lookalike / "notes.txt").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.browse-tmp-user", "site"]
