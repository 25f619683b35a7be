"""`kehoach serve` over HTTP: uploads refused in one Vietnamese line, nothing kept on disk, the token, the
read-only archive, and 20 concurrent requests against a running server. Browser tests: test_web_browser.py."""

from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
pytest.importorskip("multipart", reason="the web extra (python-multipart) is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is needed to talk to the test server")

from conftest import CORPUS  # noqa: E402
from web_server import build_archive, running_server  # noqa: E402

PLAN = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
ENGLISH = re.compile(r"\b(?:file|cannot|not|is|the|of|error|upload|extension|content|empty|damaged)\b", re.I)


def client(**settings):
    from fastapi.testclient import TestClient

    from docgen.web import Settings, create_app

    return TestClient(create_app(Settings(**settings)))


def alert(html: str) -> str:
    m = re.search(r'role="alert"[^>]*>([^<]*)<', html)
    return unescape(m.group(1)) if m else ""


def finish(c, response, timeout: float = 300):
    """Follow a job from its 303 to its final page."""
    assert response.status_code == 303, response.text[:500]
    url = response.headers["location"]
    deadline = time.monotonic() + timeout
    while c.get(url + "/status").json()["state"] == "running":
        assert time.monotonic() < deadline, "job did not finish"
        time.sleep(0.1)
    return c.get(url), url


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("ke-hoach.docx", "Kế hoạch số 1".encode(), "nội dung tệp không khớp với đuôi .docx"),
        ("ke-hoach.exe", b"MZ\x90\x00", "không nhận loại tệp '.exe'"),
        ("rong.md", b"", "tệp tải lên rỗng"),
        ("to.txt", "Kế hoạch ".encode() * 400, "vượt quá giới hạn"),
    ],
)
def test_refused_upload_is_one_vietnamese_line_and_the_page_stays_usable(name, data, reason):
    c = client(max_bytes=2048)
    r = c.post("/doc", files={"file": (name, data, "application/octet-stream")}, follow_redirects=False)
    assert r.status_code == 400
    line = alert(r.text)
    assert line.startswith(f"{name}: ") and reason in line and "\n" not in line
    assert not ENGLISH.search(line.split(": ", 1)[1])
    assert 'id="f-file"' in r.text and 'action="/doc"' in r.text  # the form is there to try again


def test_reader_failure_is_the_readers_reason_in_vietnamese():
    c = client()
    broken = b"%PDF-1.4\n" + b"\x00garbage" * 50
    page, _ = finish(
        c, c.post("/doc", files={"file": ("bao-cao.pdf", broken, "application/pdf")}, follow_redirects=False)
    )
    assert page.status_code == 422
    line = alert(page.text)
    assert line.startswith("bao-cao.pdf: ") and "PDF" in line and not ENGLISH.search(line.split(": ", 1)[1])
    assert 'id="f-file"' in page.text


def test_filename_is_never_a_path_and_the_upload_folder_is_removed():
    c = client()
    stem = f"evil-{uuid.uuid4().hex}"
    escape = Path("/tmp") / f"{stem}.md"
    r = c.post(
        "/doc",
        files={"file": (f"../../../../tmp/{stem}.md", PLAN.read_bytes(), "text/markdown")},
        follow_redirects=False,
    )
    job = c.app.state.jobs.get(r.headers["location"].rsplit("/", 1)[-1])
    page, url = finish(c, r)
    assert page.status_code == 200 and f"{stem}.md" in page.text
    assert not escape.exists()
    assert not job.folder.exists()  # nothing of the upload is left on the server's disk
    assert "/tmp/" not in page.text.split('id="doc-text"')[0]  # the server's paths are never shown
    download = c.get(url + "/file/json")
    assert download.headers["content-disposition"].endswith(f"{stem}.json")
    assert "kehoach-web-" not in download.text and f'"file": "{stem}.md"' in download.text


def test_a_body_larger_than_any_form_is_refused_before_it_is_read():
    c = client(max_bytes=1000)
    r = c.post(
        "/doc",
        content=b"x" * 10,
        headers={"content-length": str(50 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 413 and "quá lớn" in r.text


def test_read_page_outline_points_at_evidence_and_downloads_open():
    from openpyxl import load_workbook

    from extract.model import Plan
    from extract.normalize import match_key

    c = client()
    page, url = finish(
        c, c.post("/doc", files={"file": (PLAN.name, PLAN.read_bytes(), "text/markdown")}, follow_redirects=False)
    )
    plan = Plan.model_validate_json(c.get(url + "/file/json").content)
    assert plan.targets and plan.file == PLAN.name
    block = page.text.split('class="items targets"')[1].split("</details>")[0]
    buttons = re.findall(r'data-start="(\d+)" data-end="(\d+)">([^<]*)</button>', block)
    assert len(buttons) == len(plan.targets)
    for start, end, label in buttons:
        assert match_key(unescape(label)).split()[0] in match_key(plan.text[int(start) : int(end)])
    wb = load_workbook(io.BytesIO(c.get(url + "/file/xlsx").content))
    assert wb.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    assert wb["Chỉ tiêu"].max_row == len(plan.targets) + 1 and wb["Chỉ tiêu"]["C1"].value == "Chỉ tiêu"
    csv_text = c.get(url + "/file/targets").content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == len(plan.targets) + 1


def test_token_is_checked_on_every_request():
    c = client(token="bi-mat-123")
    for path in ("/", "/doc", "/static/app.css", "/job/x/status"):
        assert c.get(path).status_code == 401
    assert c.get("/", headers={"Authorization": "Bearer sai"}).status_code == 401
    assert c.get("/doc", headers={"Authorization": "Bearer bi-mat-123"}).status_code == 200
    first = c.get("/?token=bi-mat-123")
    assert first.status_code == 200 and "kehoach_token" in first.headers.get("set-cookie", "")
    assert c.get("/static/app.css").status_code == 200  # the cookie now carries it


def test_serve_refuses_an_open_address_without_a_token(monkeypatch):
    from typer.testing import CliRunner

    from docgen.cli import app
    from docgen.commands.serve_cmd import is_loopback

    monkeypatch.delenv("KEHOACH_TOKEN", raising=False)
    r = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "--token" in r.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def test_derive_lists_the_parents_province_first():
    c = client()
    plan = CORPUS / "plans" / "tinh-quang-tri-an-toan-thuc-pham-2026.md"
    page, _ = finish(
        c, c.post("/derive", files={"file": (plan.name, plan.read_bytes(), "text/markdown")}, follow_redirects=False)
    )
    labels = re.findall(r'<option value="UBND [^"]+">([^<]+)</option>', page.text)
    assert len(labels) > 3000
    assert labels[0].endswith("Quảng Trị") and not labels[-1].endswith("Quảng Trị")
    action = re.search(r'action="(/derive/[^"]+)"', page.text).group(1)
    wrong, _ = finish(
        c, c.post(action, data={"unit": "Hợp tác xã Bình Minh", "lead_days": "10"}, follow_redirects=False)
    )
    assert wrong.status_code == 422 and alert(wrong.text).startswith("không nhận ra đơn vị 'Hợp tác xã Bình Minh'")
    assert 'id="unit"' in wrong.text and action in wrong.text  # the same parent, ready for another try


def test_report_shows_conflicting_workbooks_in_vietnamese():
    from openpyxl import load_workbook

    c = client()
    page, url = finish(
        c, c.post("/report", files={"file": (PLAN.name, PLAN.read_bytes(), "text/markdown")}, follow_redirects=False)
    )
    template = c.get(url + "/file/template").content
    filled = []
    for value in (40, 55):
        wb = load_workbook(io.BytesIO(template))
        wb["Chỉ tiêu"]["F2"] = value
        meta = wb["_kehoach"]
        unit_row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "unit")
        meta.cell(unit_row, 2).value = "UBND xã Quản Bạ"  # the same unit twice, with two different results
        buf = io.BytesIO()
        wb.save(buf)
        filled.append(buf.getvalue())
    action = re.search(r'action="(/report/[^"]+)"', page.text).group(1)
    files = [("results", ("don-vi-a.xlsx", filled[0], "x")), ("results", ("don-vi-b.xlsx", filled[1], "x"))]
    out, _ = finish(
        c, c.post(action, files=files, data={"period": "2025", "unit": "UBND tỉnh Hà Giang"}, follow_redirects=False)
    )
    assert out.status_code == 422 and "mâu thuẫn" in alert(out.text)
    conflicts = re.findall(r"<li>([^<]*)</li>", out.text.split('id="conflicts"')[1].split("</section>")[0])
    assert len(conflicts) == 1 and "don-vi-a.xlsx" in conflicts[0] and "don-vi-b.xlsx" in conflicts[0]
    assert "dòng" in conflicts[0] and " row " not in conflicts[0] and "/tmp" not in conflicts[0]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive([CORPUS / "plans"], tmp_path_factory.mktemp("web-archive") / "kho.sqlite")


def test_archive_search_is_accent_insensitive_and_read_only(archive):
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    c = client(db=archive)
    plain = c.get("/archive", params={"q": "du lich cong dong"}).text
    accented = c.get("/archive", params={"q": "du lịch cộng đồng"}).text
    titles = re.findall(r'<a href="/archive/doc/(\d+)"><strong>([^<]*)</strong>', plain)
    assert titles and titles == re.findall(r'<a href="/archive/doc/(\d+)"><strong>([^<]*)</strong>', accented)
    assert any("du lịch cộng đồng" in unescape(t).lower() for _, t in titles)
    lead = c.get("/archive", params={"agency": "cong an", "role": "lead"}).text
    assert re.search(r'id="result-count">(\d+)', lead) and 'role="alert"' not in lead
    doc = c.get(f"/archive/doc/{titles[0][0]}")
    assert doc.status_code == 200 and 'id="doc-text"' in doc.text and "data-start" in doc.text
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before


def test_twenty_concurrent_requests_against_a_running_server(archive):
    plans = sorted((CORPUS / "plans").glob("*"))[:10]

    def upload(path: Path) -> str:
        with httpx.Client(base_url=base, timeout=300) as h:
            r = h.post("/doc", files={"file": (path.name, path.read_bytes(), "text/plain")})
            assert r.status_code == 303, r.text[:300]
            url = r.headers["location"]
            while h.get(url + "/status").json()["state"] == "running":
                time.sleep(0.2)
            page = h.get(url)
            assert page.status_code == 200 and 'id="summary"' in page.text, alert(page.text)
            return "upload"

    def search(words: str) -> str:
        r = httpx.get(base + "/archive", params={"q": words}, timeout=120)
        assert r.status_code == 200 and 'id="result-count"' in r.text
        return "search"

    with running_server(db=archive) as base:
        with ThreadPoolExecutor(max_workers=20) as pool:
            futures = [pool.submit(upload, p) for p in plans]
            futures += [
                pool.submit(search, w)
                for w in [
                    "ke hoach",
                    "du lich",
                    "ma tuy",
                    "nong thon",
                    "ubnd",
                    "giam ngheo",
                    "chuyen doi so",
                    "thien tai",
                    "y te",
                    "2025",
                ]
            ]
            done = [f.result() for f in futures]
    assert done.count("upload") == 10 and done.count("search") == 10


def test_derive_review_reaches_the_clerk_in_vietnamese():
    """Every review item of every bundled plan derived for a commune is in Vietnamese, none left in English, and
    every kind of item has its Vietnamese group title on the page."""
    from docgen.derive import DeriveError, DeriveOptions, derive
    from docgen.review import SECTIONS
    from extract.pipeline import extract_file

    english = re.compile(
        r"\b(?:the|of|to|no|not|from|into|moved|merged|task|tasks|agency|level|check|fill|days|"
        r"parent|unit|carried|dropped|assigned|mapped|localised)\b",
        re.I,
    )
    seen = 0
    for path in sorted((CORPUS / "plans").glob("*")):
        try:
            result = derive(extract_file(path), DeriveOptions(unit="UBND xã Tân Lập", date="2026-01-15"))
        except DeriveError:
            continue
        for item in result.review:
            seen += 1
            # document words quoted in the message (agency names) are Vietnamese already; judge the rest
            assert not english.search(re.sub(r"'[^']*'", "", item.message)), (path.name, item.message)
            assert not english.search(item.where), (path.name, item.where)
            assert item.kind in dict(SECTIONS), item.kind
    assert seen > 20


def test_long_work_shows_its_stage_and_blocks_no_other_request():
    import threading

    c = client(workers=2)
    jobs = c.app.state.jobs
    release = threading.Event()
    started = []

    def slow(job) -> None:  # stands for an OCR or a .doc conversion: the pool's workers are all busy
        job.step("Đang nhận dạng chữ trang 3/40…")
        started.append(job.id)
        assert release.wait(30)
        job.result.update(template="error.html", ctx={"message": "xong"})

    busy = [jobs.new("doc", total_steps=4) for _ in range(2)]
    for job in busy:
        jobs.start(job, slow)
    try:
        deadline = time.monotonic() + 10
        while len(started) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        page = c.get(f"/job/{busy[0].id}")
        assert page.status_code == 200 and "Đang nhận dạng chữ trang 3/40…" in page.text and "<progress" in page.text
        status = c.get(f"/job/{busy[0].id}/status").json()
        assert status["state"] == "running" and status["percent"] == 25
        t0 = time.monotonic()
        assert c.get("/doc").status_code == 200 and c.get("/compare").status_code == 200
        assert time.monotonic() - t0 < 5  # answered while every job worker is busy
    finally:
        release.set()
    while c.get(f"/job/{busy[1].id}/status").json()["state"] == "running":
        time.sleep(0.05)
    assert "xong" in c.get(f"/job/{busy[1].id}").text
    assert not busy[0].folder.exists() and not busy[1].folder.exists()


def test_report_merges_the_units_workbooks_and_writes_the_bao_cao():
    from docx import Document
    from openpyxl import load_workbook

    c = client()
    page, url = finish(
        c, c.post("/report", files={"file": (PLAN.name, PLAN.read_bytes(), "text/markdown")}, follow_redirects=False)
    )
    template = c.get(url + "/file/template").content
    files = []
    for unit, value in (("UBND xã Quản Bạ", 20), ("UBND xã Đồng Văn", 30)):
        wb = load_workbook(io.BytesIO(template))
        wb["Chỉ tiêu"]["F2"] = value
        meta = wb["_kehoach"]
        meta.cell(next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "unit"), 2).value = unit
        buf = io.BytesIO()
        wb.save(buf)
        files.append(("results", (f"{unit}.xlsx", buf.getvalue(), "x")))
    action = re.search(r'action="(/report/[^"]+)"', page.text).group(1)
    out, url2 = finish(
        c, c.post(action, files=files, data={"period": "2025", "unit": "UBND tỉnh Hà Giang"}, follow_redirects=False)
    )
    assert out.status_code == 200 and "Đã tổng hợp 2 bảng" in out.text
    merged = load_workbook(io.BytesIO(c.get(url2 + "/file/merged").content))
    assert merged["Chỉ tiêu"]["F2"].value == 50  # the targets' rule for this row is a sum
    text = "\n".join(p.text for p in Document(io.BytesIO(c.get(url2 + "/file/docx").content)).paragraphs)
    assert "BÁO CÁO" in text and "2025" in text


def test_upload_content_check_goes_by_the_readers_sniffing():
    from docgen.web.uploads import _sniff_ok

    assert _sniff_ok(".pdf", b"%PDF-1.7\n%\xe2\xe3")
    assert not _sniff_ok(".pdf", b"Ghi chu: tep goc la %PDF-1.4 nhung da chuyen")  # a text quoting the magic
    assert _sniff_ok(".doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8) and _sniff_ok(".doc", b"{\\rtf1\\ansi")
    assert not _sniff_ok(".doc", b'<?xml version="1.0"?><w:wordDocument/>')  # the .doc reader refuses it too
    assert _sniff_ok(".docx", b"PK\x03\x04") and not _sniff_ok(".docx", b"%PDF-1.4")
