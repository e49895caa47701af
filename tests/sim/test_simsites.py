"""The simulated sites serve the shapes gov_sites.md §6 describes, on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from simsites import SimFarm


def get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def farm():
    with SimFarm("hostile", slow_seconds=0.1) as f:
        yield f


def test_trs_list_is_gbk_with_js_pager_and_commented_trap(farm):
    status, headers, body = get(farm.start_url("T"))
    assert status == 200 and "charset" not in headers["Content-Type"]
    text = body.decode("gb18030")
    assert 'charset=gb2312' in text and "createPageHTML(" in text and "<!-- <div class=\"page\"><script>var countPage = 67" in text
    status, _, body = get(farm.start_url("T").replace("index.html", "index_1.html"))
    assert status == 200 and "var countPage" in body.decode("gb18030")


def test_trs_detail_has_characters_outside_gb2312(farm):
    report = next(r for r in farm.manifest()["reports"] if r["site"] == "T" and r["body"] == "html")
    status, _, body = get(report["urls"][0])
    assert status == 200
    text = body.decode("gb18030")
    assert "王喆" in text and "\ufffd" not in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")


def test_gateway_mirror_is_big5_traditional(farm):
    status, _, body = get(farm.start_url("B"))
    assert status == 200
    text = body.decode("cp950")
    assert "charset=big5" in text and "報告" in text and "/gate/big5/" in text


def test_hanweb_datastore_and_dataproxy(farm):
    _, _, body = get(farm.start_url("H"))
    text = body.decode()
    assert "<datastore>" in text and "<![CDATA[" in text and "var param_" in text
    base = farm.start_url("H").split("/col/")[0]
    status, _, xml = get(base + "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=500&perpage=5",
                         data=b"col=1&columnid=1229232293&unitid=4233872")
    total = int(xml.decode().split("<totalrecord>")[1].split("<")[0])
    assert status == 200 and xml.decode().count("<record>") == total
    _, _, empty = get(base + "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=5", data=b"col=1")
    assert b"<datastore/>" in empty


def test_gkmlpt_api_quirks(farm):
    base = farm.start_url("G").split("/gkmlpt/")[0]
    _, _, shell = get(farm.start_url("G"))
    assert b"window._CONFIG" in shell and b"SID: '755041'" in shell
    api = base + "/gkmlpt/api/all/20765?sid=755041&page="
    p0, p1 = json.loads(get(api + "0")[2]), json.loads(get(api + "1")[2])
    assert p0 == p1 and p1["articles"][0]["url"].startswith("https://")
    pages = -(-p1["classify"]["post_count"] // len(p1["articles"]))
    assert get(api + str(pages + 1))[0] == 404


def test_vsb_countdown_pager_and_extensionless_attachments(farm):
    _, _, body = get(farm.start_url("P"))
    text = body.decode()
    assert "p_next" in text and "尾页" in text and "zfxxgknb/" in text
    reports = [r for r in farm.manifest()["reports"] if r["site"] == "P"]
    bodies = {r["body"] for r in reports}
    assert {"scan-pdf", "pdf-html", "pdf-truncated", "pdf-encrypted", "pdf"} <= bodies


def test_ucap_robots_403_and_docx(farm):
    assert get(farm.url_of("U", "/robots.txt"))[0] == 403


def test_ucap_copy_of_a_portal_report_has_another_url_and_date(farm):
    report = next(r for r in farm.manifest()["reports"] if any("/sygfj/" in u for u in r["urls"]))
    portal, department = report["urls"][0], next(u for u in report["urls"] if "/sygfj/" in u)
    published = farm.world.by_rid(report["rid"]).published
    assert published in get(portal)[2].decode("gb18030")
    page = get(department)[2].decode()
    from simsites.ucap import published_here

    later = published_here(farm.world.by_rid(report["rid"]))
    assert later != published and f"<publishtime>{later}</publishtime>" in page and published not in page


def test_faults(farm):
    status, headers, body = get(farm.start_url("blocked"))
    assert status == 412 and b"$_ts" in body and "Set-Cookie" in headers
    status, headers, _ = get(farm.start_url("challenge"))
    cookie = headers["Set-Cookie"].split(";")[0]
    assert status == 412 and get(farm.start_url("challenge"), headers={"Cookie": cookie})[0] == 200
    assert "防火墙".encode() in get(farm.start_url("waf"))[2]
    assert b"Disallow: /" in get(farm.url_of("robots", "/robots.txt"))[2]
    assert get(farm.start_url("broken"))[0] == 500


@pytest.mark.parametrize("query", ["?id=1'", "?q=1%20union%20SELECT%201", "?x=%3Cscript%3Ealert(1)", "?f=../../etc/passwd"])
def test_waf_refuses_suspicious_queries_with_200(farm, query):
    before = farm.sites["H"].waf_pages
    status, _, body = get(farm.start_url("H") + query)
    assert status == 200 and "不合法参数".encode() in body and farm.sites["H"].waf_pages == before + 1
    assert b"<datastore>" in get(farm.start_url("H") + "?id=2")[2]  # an ordinary query passes


def test_conditional_get_answers_304(farm):
    status, headers, _ = get(farm.start_url("H"))
    assert status == 200
    assert get(farm.start_url("H"), headers={"If-None-Match": headers["ETag"]})[0] == 304


def test_change_report_changes_its_bytes(farm):
    report = next(r for r in farm.world.reports if r.site == "H")
    url = next(r for r in farm.manifest()["reports"] if r["rid"] == report.rid)["urls"][0]
    before = get(url)[2]
    farm.change_report(report.rid)
    assert get(url)[2] != before


def test_manifest_lists_every_url_of_every_report(farm):
    manifest = farm.manifest()
    assert len(manifest["reports"]) >= 90
    for r in manifest["reports"]:
        assert r["urls"], r
    assert any(r["expect"] == "disallowed" for r in manifest["reports"])
    assert {s["expect_status"] for s in manifest["sites"].values()} == {"ok", "partial", "blocked", "disallowed", "error"}


def test_vsb_image_only_and_pdfjs_reports(farm):
    from simsites.vsb import pdfjs_file

    world = farm.world
    images = next(r for r in world.reports if r.site == "P" and r.body == "images")
    _, _, page = get(farm.url_of("P", f"/info/1061/{images.rid}.htm"))
    assert page.decode().count("<img ") == 4 and b"download.jsp" not in page
    viewer = next(r for r in world.reports if "pdfjs" in r.flags)
    _, _, page = get(farm.url_of("P", f"/info/1061/{viewer.rid}.htm"))
    assert f"/pdfjs/web/viewer.html?file={pdfjs_file(viewer)}".encode() in page
    status, headers, pdf = get(farm.url_of("P", pdfjs_file(viewer)))
    assert status == 200 and pdf.startswith(b"%PDF")


def test_ucap_doc_and_wps_with_gbk_filename(farm):
    import shutil

    from simsites.ucap import attachment_path

    site = farm.sites["U"]
    exts = {site.office_ext(r): r for r in farm.world.on("U")}
    assert {"doc", "wps", "docx"} <= set(exts)
    for ext in ("doc", "wps"):
        r = exts[ext]
        status, headers, data = get(farm.url_of("U", attachment_path(r, ext)))
        assert status == 200
        disposition = headers["Content-Disposition"]
        assert "filename*" not in disposition
        assert disposition.encode("latin-1").decode("gbk").endswith(f'{r.title}.{ext}"')
        if shutil.which("soffice") or shutil.which("libreoffice"):
            assert data.startswith(b"\xd0\xcf\x11\xe0")  # OLE2, as Word 97 and WPS save it


def test_hanweb_column_holds_one_group_and_the_dataproxy_the_rest(farm):
    site = farm.sites["H"]
    _, _, body = get(farm.start_url("H"))
    assert body.decode().count("<record>") == site.group < len(site.rows())  # the dataproxy has records to serve


def test_vsb_manifest_names_both_pdfs_of_a_hyperlinked_report(farm):
    from simsites.vsb import HYPERLINKED, download_path

    report = next(r for r in farm.world.reports if "hyperlinked" in r.flags)
    urls = next(r for r in farm.manifest()["reports"] if r["rid"] == report.rid)["urls"]
    assert farm.url_of("P", download_path(report.rid)) in urls and farm.url_of("P", download_path(report.rid + HYPERLINKED)) in urls
    _, _, page = get(urls[0])
    assert "超链版".encode() in page


def test_publish_report_shifts_the_countdown_pages():
    with SimFarm("clean", per_page=5) as f:
        first_page = get(f.start_url("P"))[2]
        report = f.publish_report("P")
        assert report in f.world.on("P") and f.world.on("P")[0] is report
        again = get(f.start_url("P"))[2]
        assert again != first_page and report.title.encode() in again


@pytest.fixture(scope="module")
def faults_farm():
    with SimFarm("faults", slow_seconds=0.1, huge_bytes=1024) as f:
        yield f


def test_trap_site_repeats_its_last_page_past_the_end(faults_farm):
    from simsites.traps import TRAP_PAGE

    site, base = faults_farm.sites["traps"], faults_farm.start_url("traps").rsplit("/", 1)[0]
    def items(page: bytes) -> bytes:
        return page.split(b'<div class="page">')[0]

    last = get(f"{base}/index_{site.pages() - 1}.html")[2]
    for n in (site.pages(), TRAP_PAGE):
        status, headers, body = get(f"{base}/index_{n}.html")
        assert status == 200 and items(body) == items(last) and "charset" not in headers["Content-Type"]
        assert f"index_{n + 1}.html".encode() in body  # and a 下一页 onwards, for ever
    assert "下一页".encode("gb18030") in last and b"jsessionid=" in last


def test_trap_site_dead_attachments_and_gb18030_pages(faults_farm):
    from simsites.traps import GB18030_ONLY, attachment_path, detail_path, oldsrc_path

    site = faults_farm.sites["traps"]
    by_fault = {site.fault_of(r): r for r in site.reports()}
    assert get(faults_farm.url_of("traps", attachment_path(by_fault["dead_href"])))[0] == 404
    status, headers, body = get(faults_farm.url_of("traps", attachment_path(by_fault["pdf_html"])))
    assert status == 200 and headers["Content-Type"].startswith("text/html") and not body.startswith(b"%PDF")
    assert get(faults_farm.url_of("traps", attachment_path(by_fault["oldsrc"])))[2].startswith(b"%PDF")
    assert get(faults_farm.url_of("traps", oldsrc_path(by_fault["oldsrc"])))[0] == 404
    _, _, page = get(faults_farm.url_of("traps", detail_path(by_fault["republished"])))
    text = page.decode("gb18030")
    assert "charset=gb2312" in text and GB18030_ONLY in text and "\ufffd" not in text
    with pytest.raises(UnicodeDecodeError):
        page.decode("gbk")  # one character is four GB18030 bytes: a GBK decoder fails here
    republished = get(faults_farm.url_of("traps", detail_path(by_fault["republished"], republished=True)))[2].decode("gb18030")
    assert "2020-06-17" in republished and by_fault["republished"].title in republished


def test_shell_site_answers_200_with_an_empty_challenge(faults_farm):
    status, _, body = get(faults_farm.start_url("shell"))
    assert status == 200 and b"$_ts" in body and b"<body></body>" in body


def test_hanweb_jsp_variant_serves_reports_by_query_and_files_by_downfile(faults_farm):
    from simsites.hanweb import downfile_path, jsp_path

    site = faults_farm.sites["hanweb-jsp"]
    by_jsp = [r for r in site.reports() if site.via_jsp(r)]
    assert by_jsp and len(by_jsp) < len(site.reports())
    _, _, column = get(faults_farm.start_url("hanweb-jsp"))
    assert jsp_path(by_jsp[0]).encode() in column
    status, _, page = get(faults_farm.url_of("hanweb-jsp", jsp_path(by_jsp[0])))
    assert status == 200 and by_jsp[0].title in page.decode()
    other = next(r for r in site.reports() if not site.via_jsp(r))
    status, headers, pdf = get(faults_farm.url_of("hanweb-jsp", downfile_path(other)))
    assert status == 200 and headers["Content-Type"] == "application/octet-stream" and pdf.startswith(b"%PDF")
    assert get(faults_farm.url_of("hanweb-jsp", jsp_path(by_jsp[0]).replace("fbtime=", "fbtime=1")))[0] == 404
