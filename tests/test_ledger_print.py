"""The ledgers printed as a committee prints them: every sheet through LibreOffice (headless)
to PDF, then each page measured — A4 landscape, every Chinese character at 9 pt or more, the
staff member's name as 制表人 on every sheet, no ID numbers or phones anywhere."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from selfgov_desktop.documents import decision_docs as decision_writers
from selfgov_desktop.documents import ledgers
from selfgov_desktop.services import accounts, decision_docs

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def ledger_file(demo_store, tmp_path):
    """The default ledger of the demo, exported by a staff member with a real name."""
    ctx, _ = accounts.create_first_admin(demo_store, "wang", "王建华", "Secret-pass-1x")
    assert ctx.actor == "wang"
    out = tmp_path / "台账.xlsx"
    decision_docs.export_ledger(ctx, out, decision_writers.write_ledger, today=TODAY)
    return out


def test_default_ledger_has_no_id_numbers_or_phones_and_one_date_format(ledger_file, demo_store):
    wb = load_workbook(ledger_file)
    assert "花名册" not in wb.sheetnames  # the full roster is only export-roster
    phones = {p for (p,) in demo_store.conn.execute("SELECT phone FROM residents WHERE phone != ''")}
    assert phones
    for ws in wb.worksheets:
        assert "制表人：王建华" in ws["A2"].value, ws.title  # the name, never the login
        assert "wang" not in ws["A2"].value and "日期格式：2026年12月7日" in ws["A2"].value
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        widths = sum(ws.column_dimensions[c.column_letter].width or 0 for c in ws[3])
        assert widths <= ledgers.PRINT_UNITS, ws.title
        for row in ws.iter_rows(min_row=3, values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not ID_RE.search(v) and not MOBILE_RE.search(v), (ws.title, v)
                    assert v not in phones
                    assert not re.search(r"\d{4}-\d{2}-\d{2}", v), (ws.title, v)  # one date format
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, dt.datetime | dt.date):
                    assert cell.number_format == ledgers.DATE_FORMAT


def test_assembly_counts_agree_with_the_voting_sheet(ledger_file):
    wb = load_workbook(ledger_file)
    votes = wb[decision_writers.ASSEMBLIES]
    head = [c.value for c in votes[3]]
    row = dict(zip(head, [c.value for c in votes[4]], strict=True))
    summary = wb[ledgers.SUMMARY]
    shead = [c.value for c in summary[3]]
    for r in summary.iter_rows(min_row=4, values_only=True):
        cells = dict(zip(shead, r, strict=True))
        if cells["编号"] == row["编号"]:
            assert cells["应到/实到"] == f"{row['应到']}/{row['实到']}"
            break
    else:
        pytest.fail("the 居民会议 is not on the 三会台账")


def _pdf_pages(pdf: Path) -> list[tuple[float, float, str, list[float]]]:
    """(width, height, text, sizes of the Chinese characters) per page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    doc = pdfium.PdfDocument(str(pdf))
    for page in doc:
        w, h = page.get_size()
        tp = page.get_textpage()
        sizes = [raw.FPDFText_GetFontSize(tp, k) for k in range(tp.count_chars())
                 if 0x4E00 <= raw.FPDFText_GetUnicode(tp, k) <= 0x9FFF]
        out.append((w, h, tp.get_text_range(), sizes))
    doc.close()
    return out


@needs_soffice
def test_every_sheet_prints_a4_landscape_at_9pt_or_more(ledger_file, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run([str(SOFFICE), "--headless", "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(ledger_file)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / (ledger_file.stem + ".pdf")
    pages = _pdf_pages(pdf)
    names = load_workbook(ledger_file, read_only=True).sheetnames
    seen = set()
    for w, h, text, sizes in pages:
        assert (round(w), round(h)) == (842, 595)  # A4 landscape
        assert sizes and min(sizes) >= 8.95, (text[:60], min(sizes))
        flat = re.sub(r"\s+", "", text)
        seen |= {n for n in names if flat.endswith(n) or f"共{len(pages)}页{n}" in flat}
        assert not ID_RE.search(flat) and not MOBILE_RE.search(flat)
    assert seen == set(names)  # every sheet printed (its name is in the footer)
