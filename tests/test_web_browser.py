"""The web app in a real browser: Debian's chromium driven by chromium-driver through selenium, against a
server on a free local port. Each page's screenshot is written to docs/ (shown in the README).

Skips with the reason where chromium, chromium-driver or selenium is absent."""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

from conftest import CORPUS, REPO  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from web_server import build_archive, running_server  # noqa: E402

# Screenshots go to docs/ only when asked (KEHOACH_SCREENSHOTS=docs make test), so a test run leaves the tree clean.
DOCS = (
    REPO / os.environ["KEHOACH_SCREENSHOTS"]
    if os.environ.get("KEHOACH_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "kehoach-web-shots"
)
PLAN = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
OLD, NEW = CORPUS / "pairs" / "agencies-merger" / "old.md", CORPUS / "pairs" / "agencies-merger" / "new.md"


def _binary(*names: str) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


CHROMIUM = _binary("chromium", "chromium-browser")
CHROMEDRIVER = _binary("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None, reason="Debian chromium and chromium-driver are not installed"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive([CORPUS / "plans"], tmp_path_factory.mktemp("kho") / "kho.sqlite")


@pytest.fixture(scope="module")
def base(archive):
    with running_server(db=archive) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=vi",
        "--window-size=1280,800",
        "--force-device-scale-factor=1",
    ):
        opts.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=opts)
    except WebDriverException as exc:
        pytest.skip(f"chromium could not be started: {str(exc).splitlines()[0]}")
    driver.set_window_size(1280, 800)
    yield driver
    driver.quit()


def wait(driver, seconds: float = 300):
    return WebDriverWait(driver, seconds, poll_frequency=0.2)


def shot(driver, name: str) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(DOCS / f"web-{name}.png"))


def upload(driver, field: str, path: Path) -> None:
    driver.find_element(By.ID, f"f-{field}").send_keys(str(path.resolve()))


def submit_and_wait(driver, button: str = "submit", until: str = "summary") -> None:
    driver.find_element(By.ID, button).click()
    wait(driver).until(EC.presence_of_element_located((By.ID, until)))


def fetch(driver, link_id: str) -> bytes:
    """The bytes behind a download link, fetched as the browser would (its href, same server)."""
    href = driver.find_element(By.ID, link_id).get_attribute("href")
    with urllib.request.urlopen(href, timeout=120) as r:
        return r.read()


def labelled(driver) -> list[str]:
    """Ids of form controls on the page that have no <label for=…> (should be none)."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
          .filter(el => !(el.labels && el.labels.length)).map(el => el.id || el.name);""")


def test_read_a_plan_see_targets_and_click_to_its_evidence(browser, base):
    from extract.pipeline import extract_file

    plan = extract_file(PLAN)
    browser.get(base + "/doc")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Đọc kế hoạch"
    assert labelled(browser) == []
    shot(browser, "doc-upload")
    upload(browser, "file", PLAN)
    submit_and_wait(browser)
    targets = browser.find_elements(By.CSS_SELECTOR, ".items.targets > li > button.ev")
    assert [t.text for t in targets] == [t.indicator for t in plan.targets]
    chosen = plan.targets[len(plan.targets) // 2]
    button = targets[len(plan.targets) // 2]
    button.click()
    mark = wait(browser, 10).until(EC.visibility_of_element_located((By.ID, "evidence")))
    assert mark.text.strip() == plan.text[chosen.source.start : chosen.source.end].strip()
    assert "active" in button.get_attribute("class")
    # the highlighted span is scrolled into the text pane's view
    assert browser.execute_script("""
        const m = document.getElementById('evidence'), p = document.getElementById('doc-text');
        const a = m.getBoundingClientRect(), b = p.getBoundingClientRect();
        return a.top >= b.top && a.top <= b.bottom;""")
    shot(browser, "doc")
    browser.set_window_size(1920, 1080)
    button.click()  # the text reflowed: show the evidence again at this width
    assert browser.find_element(By.ID, "evidence").is_displayed()
    shot(browser, "doc-1920")
    browser.set_window_size(1280, 800)
    assert fetch(browser, "dl-xlsx")[:2] == b"PK"


@pytest.mark.slow
def test_derive_a_commune_plan_and_download_a_docx_that_lints_clean(browser, base):
    from docgen.lint import lint_docx

    browser.get(base + "/derive")
    upload(browser, "file", PLAN)
    submit_and_wait(browser, until="unit")
    assert labelled(browser) == []
    browser.find_element(By.ID, "unit").send_keys("UBND xã Quản Bạ")
    browser.execute_script("document.getElementById('date').value = '2026-01-15'")
    shot(browser, "derive-options")
    submit_and_wait(browser, until="dl-docx")
    assert "Việc cần rà soát" in browser.find_element(By.ID, "review-h").text
    report = lint_docx(fetch(browser, "dl-docx"), name="ke-hoach-xa.docx")
    assert report.ok, [v.rule for v in report.violations]
    if browser.find_elements(By.ID, "preview"):  # LibreOffice installed: page 1 is shown as an image
        wait(browser, 30).until(
            lambda d: d.execute_script(
                "const i = document.getElementById('preview'); return i.complete && i.naturalWidth > 100"
            )
        )
    shot(browser, "derive")


def test_compare_two_versions_side_by_side(browser, base):
    browser.get(base + "/compare")
    assert labelled(browser) == []
    shot(browser, "compare-upload")
    upload(browser, "old", OLD)
    upload(browser, "new", NEW)
    submit_and_wait(browser, button="submit-diff")
    assert "thay đổi" in browser.find_element(By.ID, "summary").text
    browser.switch_to.frame(browser.find_element(By.ID, "diff-view"))
    heading = wait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#summary h2")))
    assert heading.text.startswith("Tóm tắt:")
    assert browser.find_elements(By.CSS_SELECTOR, "table.diff tr.added, table.diff tr.removed, table.diff tr.reworded")
    browser.switch_to.default_content()
    shot(browser, "compare")
    assert fetch(browser, "dl-docx")[:2] == b"PK"


def test_coverage_of_a_parent_by_a_child(browser, base, tmp_path):
    from docgen.derive import DeriveOptions, derive
    from docgen.render import render_plan
    from extract.pipeline import extract_file

    child = tmp_path / "ke-hoach-xa-quan-ba.docx"
    render_plan(derive(extract_file(PLAN), DeriveOptions(unit="UBND xã Quản Bạ")).plan, child)
    browser.get(base + "/compare")
    upload(browser, "parent", PLAN)
    upload(browser, "child", child)
    submit_and_wait(browser, button="submit-coverage")
    rows = browser.find_elements(By.CSS_SELECTOR, "#coverage-matrix tbody tr")
    assert rows and "%" in browser.find_element(By.ID, "summary").text
    shot(browser, "coverage")


def test_lint_a_bad_docx_and_download_the_fixed_one(browser, base, tmp_path):
    import io
    import zipfile

    from docgen.derive import DeriveOptions, derive
    from docgen.lint import lint_docx
    from docgen.render import docx_bytes, plan_spec
    from extract.pipeline import extract_file

    good = docx_bytes(plan_spec(derive(extract_file(PLAN), DeriveOptions(unit="UBND xã Quản Bạ")).plan))
    bad = tmp_path / "sai-the-thuc.docx"  # wrong font and size: what a clerk's template often does
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"Times New Roman", b"Arial").replace(b'w:sz w:val="28"', b'w:sz w:val="24"')
            out.writestr(info, data)
    before = lint_docx(bad)
    assert not before.ok
    browser.get(base + "/lint")
    assert labelled(browser) == []
    upload(browser, "file", bad)
    submit_and_wait(browser)
    groups = browser.find_elements(By.CSS_SELECTOR, "#findings .rule-group")
    assert {g.get_attribute("data-rule") for g in groups} == before.rules()
    assert all(
        "NĐ30" in g.find_element(By.CSS_SELECTOR, ".clause").text
        or "quy định chung" in g.find_element(By.CSS_SELECTOR, ".clause").text
        for g in groups
    )
    shot(browser, "lint")
    fixed = lint_docx(fetch(browser, "dl-fixed"), name="da-sua.docx")
    assert fixed.ok, [v.rule for v in fixed.violations]


def test_report_collects_results_and_writes_the_report(browser, base):
    browser.get(base + "/report")
    upload(browser, "file", PLAN)
    submit_and_wait(browser, until="dl-template")
    assert labelled(browser) == []
    template = fetch(browser, "dl-template")
    assert template[:2] == b"PK"
    shot(browser, "report")


def test_search_the_archive_without_accents(browser, base):
    browser.get(base + "/archive")
    assert labelled(browser) == []
    browser.find_element(By.ID, "q").send_keys("du lich cong dong")
    browser.find_element(By.ID, "submit").click()
    results = wait(browser, 60).until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#results li a")))
    assert any("du lịch cộng đồng" in r.text.lower() for r in results)
    shot(browser, "archive")
    results[0].click()
    wait(browser, 60).until(EC.presence_of_element_located((By.ID, "doc-text")))
    assert browser.find_elements(By.CSS_SELECTOR, "button.ev")
    shot(browser, "archive-doc")


def test_a_file_dropped_on_the_upload_zone_is_chosen(browser, base):
    browser.get(base + "/doc")
    browser.execute_script("""
        const zone = document.querySelector('[data-drop]'), dt = new DataTransfer();
        dt.items.add(new File(['KẾ HOẠCH'], 'ke-hoach-xa.md', {type: 'text/markdown'}));
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));""")
    assert browser.execute_script("return document.getElementById('f-file').files[0].name") == "ke-hoach-xa.md"
    assert "ke-hoach-xa.md" in browser.find_element(By.CSS_SELECTOR, "[data-drop] .chosen").text


def test_keyboard_reaches_the_upload_and_the_navigation(browser, base):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(base + "/doc")
    focused = []
    for _ in range(12):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        el = browser.switch_to.active_element
        focused.append(el.get_attribute("id") or el.get_attribute("href") or el.tag_name)
    assert "f-file" in focused and "submit" in focused
    assert any(str(f).endswith("/derive") for f in focused)
