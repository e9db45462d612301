"""The `audit batch` registry: YAML and CSV read the same, and every bad row is named."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.errors import InputError
from audit.registry import SchoolEntry, field_of, load_registry

YAML = """\
rubric: tdm-2021-2022-school
district: Thủ Dầu Một
schools:
  - id: thcs-a
    name: Trường THCS A
    url: thcs-a.tptdm.edu.vn
    self_scores: sheets/a.csv
    evidence: docs/a
  - id: th-b
    name: Trường TH B
    url: https://th-b.tptdm.edu.vn/
    rubric: longbien-2021-eschool
    district: Long Biên
"""

CSV_VI = ("Mã;Tên trường;Địa chỉ website;Bộ tiêu chí;Bảng tự chấm;Thư mục minh chứng;Quận/Huyện;Ghi chú\n"
          "thcs-a;Trường THCS A;thcs-a.tptdm.edu.vn;tdm-2021-2022-school;sheets/a.csv;docs/a;Thủ Dầu Một;x\n"
          "\n"
          "th-b;Trường TH B;https://th-b.tptdm.edu.vn/;longbien-2021-eschool;;;Long Biên;\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "a.csv").write_text("STT;Tự chấm\n", encoding="utf-8")
    (tmp_path / "docs" / "a").mkdir(parents=True)
    return tmp_path


def write(folder: Path, name: str, text: str, bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def expected(folder: Path) -> list[SchoolEntry]:
    return [
        SchoolEntry("thcs-a", "Trường THCS A", "thcs-a.tptdm.edu.vn", "tdm-2021-2022-school",
                    str((folder / "sheets" / "a.csv").resolve()), str((folder / "docs" / "a").resolve()),
                    "Thủ Dầu Một"),
        SchoolEntry("th-b", "Trường TH B", "https://th-b.tptdm.edu.vn/", "longbien-2021-eschool",
                    None, None, "Long Biên"),
    ]


def test_yaml_with_defaults(folder: Path) -> None:
    assert load_registry(write(folder, "schools.yaml", YAML)) == expected(folder)


def test_yaml_plain_list(folder: Path) -> None:
    text = ("- {id: x, url: x.edu.vn, rubric: hcm-phong}\n"
            "- {id: 7, url: y.edu.vn, rubric: hcm-phong, tự chấm: sheets/a.csv}\n")
    entries = load_registry(write(folder, "s.yml", text))
    assert [e.id for e in entries] == ["x", "7"]
    assert entries[0].name == "" and entries[0].district is None
    assert entries[1].self_scores == str((folder / "sheets" / "a.csv").resolve())
    assert entries[0].urls() == ["https://x.edu.vn/", "http://x.edu.vn/"]


@pytest.mark.parametrize("bom", [False, True])
def test_csv_vietnamese_headers_semicolons_bom_same_as_yaml(folder: Path, bom: bool) -> None:
    assert load_registry(write(folder, "schools.csv", CSV_VI, bom)) == expected(folder)


def test_csv_english_headers_commas(folder: Path) -> None:
    text = ("id,name,url,rubric,self_scores,evidence,district\n"
            "thcs-a,Trường THCS A,thcs-a.tptdm.edu.vn,tdm-2021-2022-school,sheets/a.csv,docs/a,Thủ Dầu Một\n"
            "th-b,Trường TH B,https://th-b.tptdm.edu.vn/,longbien-2021-eschool,,,Long Biên\n")
    assert load_registry(write(folder, "schools.csv", text)) == expected(folder)


def test_paths_relative_to_the_registry_not_the_cwd(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert load_registry(folder / write(folder, "schools.yaml", YAML).name) == expected(folder)


def test_csv_names_with_commas_and_quotes(folder: Path) -> None:
    text = ('mã;tên trường;url;bộ tiêu chí\n'
            'a;Trường THCS A, phường 1, quận 3;a.edu.vn;hcm-phong\n'
            'b;"Trường TH ""B""; cơ sở 2";b.edu.vn;hcm-phong\n')
    names = [e.name for e in load_registry(write(folder, "r.csv", text))]
    assert names == ["Trường THCS A, phường 1, quận 3", 'Trường TH "B"; cơ sở 2']


def test_header_aliases() -> None:
    assert field_of("Mã trường") == "id"
    assert field_of("WEBSITE") == "url"
    assert field_of("tu_cham") == "self_scores"
    assert field_of("Minh chứng") == "evidence"
    assert field_of("Phường") == "district"
    assert field_of("Ghi chú") is None


HEAD = "id;name;url;rubric;self_scores;evidence\n"
GOOD = "a;A;a.edu.vn;hcm-phong;;\n"


@pytest.mark.parametrize("row, fragment", [
    (";B;b.edu.vn;hcm-phong;;\n", "thiếu mã trường"),
    ("b;B;;hcm-phong;;\n", "thiếu địa chỉ website"),
    ("a;B;b.edu.vn;hcm-phong;;\n", "'a' trùng với dòng 2"),
    ("b;B;ftp://b.edu.vn;hcm-phong;;\n", "không hợp lệ"),
    ("b;B;b.edu.vn;no-such-rubric;;\n", "không có bộ tiêu chí 'no-such-rubric'"),
    ("b;B;b.edu.vn;;;\n", "thiếu bộ tiêu chí"),
    ("b;B;b.edu.vn;hcm-phong;missing.csv;\n", "không tìm thấy bảng tự chấm 'missing.csv'"),
    ("b;B;b.edu.vn;hcm-phong;;nowhere\n", "không tìm thấy thư mục minh chứng 'nowhere'"),
])
def test_csv_errors_name_file_and_line(folder: Path, row: str, fragment: str) -> None:
    path = write(folder, "reg.csv", HEAD + GOOD + row)
    with pytest.raises(InputError) as info:
        load_registry(path)
    assert info.value.source == str(path) and info.value.row == "3"
    assert str(info.value).startswith(f"{path}:3: ") and fragment in str(info.value)


@pytest.mark.parametrize("item, fragment", [
    ("  - {name: B, url: b.edu.vn}\n", "thiếu mã trường"),
    ("  - {id: b, name: B}\n", "thiếu địa chỉ website"),
    ("  - {id: a, url: b.edu.vn}\n", "'a' trùng với dòng 3"),
    ("  - {id: b, url: 'http://'}\n", "không hợp lệ"),
    ("  - {id: b, url: b.edu.vn, rubric: nope}\n", "không có bộ tiêu chí 'nope'"),
    ("  - {id: b, url: b.edu.vn, evidence: docs/none}\n", "không tìm thấy thư mục minh chứng"),
    ("  - {id: b, url: b.edu.vn, rubirc: hcm-phong}\n", "khóa không rõ 'rubirc'"),
    ("  - just-a-string\n", "mapping"),
])
def test_yaml_errors_name_item_and_line(folder: Path, item: str, fragment: str) -> None:
    text = "rubric: hcm-phong\nschools:\n  - {id: a, url: a.edu.vn}\n" + item
    path = write(folder, "reg.yaml", text)
    with pytest.raises(InputError) as info:
        load_registry(path)
    message = str(info.value)
    assert message.startswith(f"{path}:4: trường thứ 2: ") and fragment in message


@pytest.mark.parametrize("name, text", [
    ("empty.csv", "id;url;rubric\n"),
    ("empty.csv", ""),
    ("empty.yaml", ""),
    ("empty.yaml", "schools: []\n"),
    ("empty.yaml", "rubric: hcm-phong\n"),
])
def test_empty_registry_is_an_error(folder: Path, name: str, text: str) -> None:
    with pytest.raises(InputError, match="rỗng"):
        load_registry(write(folder, name, text))


def test_unreadable_registries(folder: Path) -> None:
    with pytest.raises(InputError, match="không đọc được"):
        load_registry(folder / "missing.yaml")
    (folder / "latin.csv").write_bytes("id;url;rubric\nđ;x.vn;hcm-phong\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-8"):
        load_registry(folder / "latin.csv")
    with pytest.raises(InputError, match=r"reg\.yaml:\d+: lỗi cú pháp YAML"):
        load_registry(write(folder, "reg.yaml", "schools:\n  - {id: a\n"))
    with pytest.raises(InputError, match=r"\.yaml, \.yml hoặc \.csv"):
        load_registry(write(folder, "reg.txt", "id\n"))
    with pytest.raises(InputError, match="thiếu cột địa chỉ website"):
        load_registry(write(folder, "nourl.csv", "id;name\na;A\n"))


def test_the_example_registry_names_the_simulated_portals_it_points_at() -> None:
    """examples/truong.yaml (README "First steps"): valid, two districts, and each URL is the simulated portal of
    that name served by `python -m audit.simulator --seed 2022 --portals 10 --port 8101`."""
    from urllib.parse import urlsplit

    from audit.simulator import build_world
    entries = load_registry(Path(__file__).resolve().parent.parent / "examples" / "truong.yaml")
    portals = build_world(seed=2022, n_portals=10).portals
    assert len({e.district for e in entries}) == 2 and any(e.self_scores for e in entries)
    for e in entries:
        port = urlsplit(e.url).port
        assert port is not None and portals[port - 8101].name == e.name, e.id
