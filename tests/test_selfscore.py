"""Self-score import from CSV, XLSX and DOCX sheets laid out as the seeds print them."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.cli import main
from audit.errors import InputError
from audit.rubric import Rubric
from audit.selfscore import read_self_scores
from tests.sheets import TDM_HEADER, write_csv, write_docx, write_xlsx


def tdm_rows(rubric: Rubric, scores: dict[str, object]) -> list[tuple[object, ...]]:
    """The TDM sheet: group rows, then criteria with the school's entries (max when unlisted)."""
    rows: list[tuple[object, ...]] = [TDM_HEADER]
    for group in rubric.groups:
        rows.append((group.id, group.title, group.points, None, None))
        for c in group.criteria:
            rows.append((c.id, c.title, c.max, scores.get(c.id, c.max), c.evidence))
    return rows


@pytest.mark.parametrize("writer", [write_xlsx, write_docx, write_csv])
def test_every_format_reads_the_same_scores(tmp_path: Path, tdm: Rubric, writer) -> None:
    entries = {"1.2": "4,5", "3.3": 4.5, "3.4": None, "2.2": "", "4.4": "10 điểm"}
    path = writer(tmp_path / f"sheet.{writer.__name__[6:]}", tdm_rows(tdm, entries))
    scores = read_self_scores(path, tdm)
    assert scores["1.2"] == 4.5 and scores["3.3"] == 4.5 and scores["4.4"] == 10
    assert scores["3.4"] is None and scores["2.2"] is None
    assert scores["1.1"] == 3 and len(scores) == len(tdm.criteria)


def test_empty_cells_are_none_never_zero(tmp_path: Path, tdm: Rubric) -> None:
    path = write_xlsx(tmp_path / "blank.xlsx", tdm_rows(tdm, {c.id: None for c in tdm.criteria}))
    assert set(read_self_scores(path, tdm).values()) == {None}


def test_criteria_missing_from_the_sheet_are_none(tmp_path: Path, tdm: Rubric) -> None:
    path = write_csv(tmp_path / "short.csv", [TDM_HEADER, ("3.3", "Thông tin", 5, 5, "")])
    scores = read_self_scores(path, tdm)
    assert scores["3.3"] == 5 and scores["1.1"] is None


def test_semicolon_csv(tmp_path: Path, tdm: Rubric) -> None:
    path = write_csv(tmp_path / "semi.csv", [TDM_HEADER, ("3.3", "Thông tin", "5", "4,5", "")], delimiter=";")
    assert read_self_scores(path, tdm)["3.3"] == 4.5


@pytest.mark.parametrize("entry, row, words", [
    ("6", 17, "lớn hơn điểm chuẩn"),
    ("-1", 17, "âm"),
    ("năm", 17, "không phải là số"),
])
def test_bad_scores_name_the_row(tmp_path: Path, tdm: Rubric, entry: str, row: int, words: str) -> None:
    path = write_csv(tmp_path / "bad.csv", tdm_rows(tdm, {"3.3": entry}))
    with pytest.raises(InputError) as err:
        read_self_scores(path, tdm)
    assert f"bad.csv:{row}:" in str(err.value) and words in str(err.value) and "3.3" in str(err.value)


def test_unknown_criterion_id_names_the_row(tmp_path: Path, tdm: Rubric) -> None:
    rows = tdm_rows(tdm, {}) + [("9.9", "Tiêu chí lạ", 5, 5, "")]
    path = write_xlsx(tmp_path / "unknown.xlsx", rows)
    with pytest.raises(InputError) as err:
        read_self_scores(path, tdm)
    assert f"unknown.xlsx:{4 + len(rows)}:" in str(err.value) and "'9.9'" in str(err.value)


def test_a_different_printed_max_means_the_wrong_rubric(tmp_path: Path, tdm: Rubric) -> None:
    path = write_csv(tmp_path / "other.csv", [TDM_HEADER, ("3.3", "Thông tin", 10, 5, "")])
    with pytest.raises(InputError, match="chọn sai bộ tiêu chí"):
        read_self_scores(path, tdm)


def test_duplicate_rows_are_rejected(tmp_path: Path, tdm: Rubric) -> None:
    path = write_csv(tmp_path / "dup.csv", [TDM_HEADER, ("3.3", "a", 5, 5, ""), ("3.3", "a", 5, 4, "")])
    with pytest.raises(InputError, match="hai lần"):
        read_self_scores(path, tdm)


def test_a_sheet_without_the_self_score_column_is_rejected(tmp_path: Path, tdm: Rubric) -> None:
    path = write_csv(tmp_path / "nohead.csv", [("STT", "NỘI DUNG", "Điểm chuẩn"), ("3.3", "x", 5)])
    with pytest.raises(InputError, match="Tự chấm"):
        read_self_scores(path, tdm)


def test_unsupported_and_corrupt_files(tmp_path: Path, tdm: Rubric) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=".xlsx"):
        read_self_scores(tmp_path / "a.xls", tdm)
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="Excel"):
        read_self_scores(tmp_path / "b.xlsx", tdm)
    (tmp_path / "c.docx").write_bytes(b"")
    with pytest.raises(InputError, match="Word"):
        read_self_scores(tmp_path / "c.docx", tdm)


def test_longbien_ids_restart_in_each_standard(tmp_path: Path, longbien: Rubric) -> None:
    rows = [("STT", "Nội dung đánh giá", "Điểm", "Tự chấm"),
            ("I", "TIÊU CHUẨN 1: MÔI TRƯỜNG CHÍNH SÁCH", 35, None),
            ("1", "Tiêu chí 1: Công tác chỉ đạo điều hành", 12, None),
            ("1.1", "Xây dựng kế hoạch phân công nhiệm vụ", 5, "4,75"),
            ("1.2", "Ban hành các văn bản", 7, 7),
            ("2", "Tiêu chí 2: Nguồn nhân lực", 15, None),
            ("2.1", "100% CBQL, GV, NV nhà trường sử dụng các phần mềm", 10, 9.5),
            ("II", "TIÊU CHUẨN 2: TRIỂN KHAI ỨNG DỤNG MÔ HÌNH", 40, None),
            ("1", "Tiêu chí 1: Ứng dụng công nghệ thông tin trong công tác quản lý, điều hành", 15, None),
            ("1.1", "Tiếp nhận và khai thác có hiệu quả các phần mềm", 8, 8),
            ("IV", "NHÓM ĐIỂM THƯỜNG", 10, None),
            ("1", "- Đối với cấp TH, THCS: Học sinh đạt giải", 2, 1.5),
            ("5", "Các nhà trường chủ động", 1, 1)]
    scores = read_self_scores(write_docx(tmp_path / "lb.docx", rows), longbien)
    assert {k: v for k, v in scores.items() if v is not None} == {
        "I.1.1": 4.75, "I.1.2": 7, "I.2.1": 9.5, "II.1.1": 8, "IV.1": 1.5, "IV.5": 1}


def test_thachbanb_unnumbered_items_match_by_text(tmp_path: Path, thachbanb: Rubric) -> None:
    rows: list[tuple[object, ...]] = [("TT", "NỘI DUNG", "Điểm", "Tự đánh giá", "BCĐ đánh giá"),
                                      ("A.", "THỰC HIỆN KẾ HOẠCH", 20, 20, None)]
    for i, c in enumerate(thachbanb.criteria[:4], 1):
        rows.append((f"{i}.", "- " + c.title, 5, 5, None))
    b6 = [c for c in thachbanb.criteria if c.id.startswith("B.6.")]
    rows.append(("B.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO", 70, None, None))
    rows.append(("6.", "Khai thác hiệu quả các phần mềm, bảo mật", 20, None, None))
    rows += [(None, "- " + c.title, 5, 4, None) for c in b6]
    scores = read_self_scores(write_xlsx(tmp_path / "staff.xlsx", rows), thachbanb)
    assert [scores[c.id] for c in b6] == [4, 4, 4, 4]
    assert scores["A.1"] == 5 and scores["A.4"] == 5


def test_cli_reports_a_bad_sheet_in_one_line(tmp_path: Path, tdm: Rubric, capsys) -> None:
    path = write_csv(tmp_path / "bad.csv", tdm_rows(tdm, {"3.3": "7"}))
    code = main(["score", "--rubric", tdm.id, "--self-scores", str(path), "--year", "2021-2022"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "bad.csv:17:" in err and "Traceback" not in err
