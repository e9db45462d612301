"""Hostile self-score sheets (issue 14, item 2): each ends in exit 2 and one Vietnamese line naming the file,
within 60 s under a 1.5 GB address-space limit, because the sheet is read in the sandbox, within caps."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from audit.errors import InputError
from audit.evidence.sandbox import SandboxError
from audit.rubric import Rubric
from audit.selfscore import importer, read_self_scores
from audit.selfscore.table import MAX_ROWS
from tests.sheets import TDM_HEADER, write_csv, write_docx, write_xlsx
from tests.test_selfscore import tdm_rows

ROOT = Path(__file__).resolve().parents[1]
RUBRIC, YEAR = "tdm-2021-2022-school", "2021-2022"
ADDRESS_SPACE = 1_500_000_000
DEADLINE = 60.0
MIB = 1024 * 1024
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS} '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Tự chấm" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet_xml(rows: list[tuple[object, ...]], dimension: str = "", far: str = "", doctype: str = "") -> str:
    """A worksheet of inline strings (row 1 first), with an optional declared dimension and far-away cell."""
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{_column(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
                   for r, row in enumerate(rows, 1))
    if far:
        body += f'<row r="1048576">{_cell("XFD1048576", far)}</row>'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}<worksheet {NS}>{dim}' \
           f'<sheetData>{body}</sheetData></worksheet>'


def _xlsx(path: Path, sheet: str, shared: str | None = None) -> Path:
    """An XLSX package written part by part (the hostile parts exactly as given)."""
    shared = shared or f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="0" uniqueCount="0"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            z.writestr(name, text)
    return path


def _huge_shared_string(path: Path, megabytes: int) -> Path:
    """An XLSX whose one cell is a shared string of `megabytes` MiB, streamed into the package (a few KB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
                                               '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        with z.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1"><si><t>'.encode())
            block = b"A" * MIB
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")
    return path


def _replace_part(path: Path, name: str, edit) -> Path:
    """Rewrite one part of a package in place."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in parts.items():
            z.writestr(member, data)
    return path


def _with_doctype(xml: str, reference: str) -> str:
    """The part with a billion-laughs DTD after its declaration and `reference` in its first text."""
    declaration_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    xml = xml[:declaration_end] + LAUGHS + xml[declaration_end:]
    return xml.replace("<w:t>", f"<w:t>{reference}", 1) if "<w:t>" in xml else xml


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _score(sheet: Path) -> tuple[int, str, str, float]:
    """`audit score` on the sheet under a 1.5 GB address-space limit: exit code, stdout, stderr, seconds."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "audit.cli", "score", "--rubric", RUBRIC, "--year", YEAR,
                           "--self-scores", str(sheet), "--json", "-"],
                          cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE + 30,
                          preexec_fn=_limit_address_space)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def _assert_refused(sheet: Path, *words: str) -> str:
    code, _out, err, seconds = _score(sheet)
    assert code == 2, err[-3000:]
    assert err.count("\n") == 1 and err.startswith(f"audit: {sheet}") and "Traceback" not in err, err[-3000:]
    assert seconds < DEADLINE
    for word in words:
        assert word in err, err
    return err


def test_a_declared_dimension_of_the_whole_grid_is_not_trusted(tmp_path: Path) -> None:
    sheet = _sheet_xml([("Bảng tự chấm", None), ("ghi chú", "x")], dimension="A1:XFD1048576", far="cuối")
    _assert_refused(_xlsx(tmp_path / "kich-thuoc.xlsx", sheet), "không tìm thấy dòng tiêu đề")


def test_a_real_table_under_a_lying_dimension_reads_the_same(tmp_path: Path, tdm: Rubric) -> None:
    rows = tdm_rows(tdm, {"1.2": "4,5", "3.3": 4.5, "3.4": None})
    sheet = _sheet_xml(rows, dimension="A1:XFD1048576", far="ô ở góc xa")
    lying = _xlsx(tmp_path / "that.xlsx", sheet)
    code, out, err, seconds = _score(lying)
    assert code == 0 and seconds < DEADLINE, err[-3000:]
    selfs = {c["id"]: c["self"] for c in json.loads(out)["criteria"]}
    assert selfs == read_self_scores(write_csv(tmp_path / "that.csv", rows), tdm)
    assert selfs["1.2"] == 4.5 and selfs["3.4"] is None


def test_a_huge_shared_string_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = _huge_shared_string(tmp_path / "chuoi.xlsx", 200)
    assert path.stat().st_size < 2 * MIB
    _assert_refused(path, "xl/sharedStrings.xml", "giải nén ra 200 MB")


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    _assert_refused(_huge_shared_string(tmp_path / "o-dai.xlsx", 5), "ký tự")


def test_billion_laughs_in_a_workbook(tmp_path: Path) -> None:
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>{LAUGHS}<sst {NS} count="1" uniqueCount="1">'
              "<si><t>&lol9;</t></si></sst>")
    sheet = _sheet_xml([]).replace("<sheetData></sheetData>",
                                   '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')
    _assert_refused(_xlsx(tmp_path / "cuoi.xlsx", sheet, shared), "xl/sharedStrings.xml", "DTD")


def test_billion_laughs_in_a_worksheet_saved_by_openpyxl(tmp_path: Path, tdm: Rubric) -> None:
    path = write_xlsx(tmp_path / "cuoi2.xlsx", tdm_rows(tdm, {}))
    _replace_part(path, "xl/worksheets/sheet1.xml", lambda xml: _with_doctype(xml, ""))
    _assert_refused(path, "sheet1.xml", "DTD")


def test_billion_laughs_in_a_word_document(tmp_path: Path, tdm: Rubric) -> None:
    path = write_docx(tmp_path / "cuoi.docx", tdm_rows(tdm, {}))
    _replace_part(path, "word/document.xml", lambda xml: _with_doctype(xml, "&lol9;"))
    _assert_refused(path, "word/document.xml", "DTD")


def test_a_word_row_spanning_a_billion_columns(tmp_path: Path, tdm: Rubric) -> None:
    path = write_docx(tmp_path / "rong.docx", tdm_rows(tdm, {}))
    _replace_part(path, "word/document.xml",
                  lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="1000000000"/>', 1))
    _assert_refused(path, "bảng 1, dòng 1", "cột")


def test_a_csv_with_a_100_mb_line(tmp_path: Path) -> None:
    path = tmp_path / "dong.csv"
    with path.open("wb") as out:
        out.write("STT,NỘI DUNG,Điểm chuẩn,Tự chấm\n1.1,".encode())
        for _ in range(100):
            out.write(b"x" * MIB)
        out.write(b",3,3\n")
    _assert_refused(path, "quá lớn")


def test_a_csv_cell_over_the_cell_limit(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("STT,NỘI DUNG,Điểm chuẩn,Tự chấm\n1.1," + "x" * 5 * MIB + ",3,3\n", encoding="utf-8")
    _assert_refused(path, "32767")


def test_a_table_longer_than_the_row_cap_is_refused_not_cut(tmp_path: Path, tdm: Rubric) -> None:
    rows = [TDM_HEADER] + [(None, "ghi chú", None, None, None)] * (MAX_ROWS + 5) + [("3.3", "Thông tin", 5, 5, "")]
    with pytest.raises(InputError, match=f"dài quá {MAX_ROWS} dòng"):
        read_self_scores(write_csv(tmp_path / "dai.csv", rows), tdm)
    with pytest.raises(InputError, match=f"dài quá {MAX_ROWS} dòng"):
        read_self_scores(write_xlsx(tmp_path / "dai.xlsx", rows), tdm)


def test_sandbox_failures_become_one_line(tmp_path: Path, tdm: Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_xlsx(tmp_path / "tu-cham.xlsx", tdm_rows(tdm, {}))
    monkeypatch.setattr(importer, "LIMITS", replace(importer.LIMITS, timeout=0.001))
    with pytest.raises(InputError) as err:
        read_self_scores(sheet, tdm)
    assert str(err.value) == f"{sheet}: bảng tự chấm quá lớn hoặc quá phức tạp: quá thời gian xử lý (0.001 s)"
    # memory runs out wherever the child happens to allocate (a MemoryError, or zlib's "Error -4"): one line
    monkeypatch.setattr(importer, "LIMITS", replace(importer.LIMITS, memory_mb=20))
    with pytest.raises(InputError) as err:
        read_self_scores(sheet, tdm)
    assert str(err.value).startswith(f"{sheet}: ") and "\n" not in str(err.value)

    def out_of_memory(*_args: object) -> None:
        raise SandboxError("vượt giới hạn bộ nhớ (1024 MB)", "memory")
    monkeypatch.setattr(importer, "run_limited", out_of_memory)
    with pytest.raises(InputError) as err:
        read_self_scores(sheet, tdm)
    assert str(err.value) == f"{sheet}: bảng tự chấm quá lớn hoặc quá phức tạp: vượt giới hạn bộ nhớ (1024 MB)"


@pytest.mark.parametrize("writer", [write_xlsx, write_docx, write_csv])
def test_normal_sheets_read_as_before(tmp_path: Path, tdm: Rubric, writer) -> None:
    path = writer(tmp_path / f"sheet.{writer.__name__[6:]}", tdm_rows(tdm, {"1.2": "4,5", "3.4": None}))
    scores = read_self_scores(path, tdm)
    assert scores["1.2"] == 4.5 and scores["3.4"] is None and scores["1.1"] == 3


def test_the_demo_sheet_reads_the_same(tdm: Rubric) -> None:
    demo = ROOT / "audit" / "data" / "demo" / "self-scores.csv"
    code, out, err, _ = _score(demo)
    assert code == 0, err
    assert {c["id"]: c["self"] for c in json.loads(out)["criteria"]} == read_self_scores(demo, tdm)
