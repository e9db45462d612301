"""The command line speaks Vietnamese: every -h, argparse's own words, usage errors and `audit status`."""
from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path
from typing import Iterator

import pytest

from audit.batch import print_status, progress_line, status_counts
from audit.cli import build_parser, main
from audit.cli.parser import vietnamese
from audit.config import load_settings
from audit.store import Store

# Words of argparse's English and of the old English help; none may reach a reader.
ENGLISH = re.compile(r"\b(usage|options|positional|arguments?|show this help|message|exit|required|invalid|choice|"
                     r"expected|unrecognized|error|subcommands|the|and|of|with|this|from|here|every|file|files|"
                     r"folder|folders|default|write|print|rebuild|stored|batch id|account|accounts|progress)\b",
                     re.IGNORECASE)
# Option names, command names and values are the published interface: they stay as they are.
INTERFACE = re.compile(r"--?[\w-]+|\{[\w,]+\}|\b(rubrics|score|school|evidence|batch|status|demo|report|serve|users|"
                       r"add|list|show|check|passwd|disable|enable|reviewer|admin|audit)\b")
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and sub-command, as the words typed after `audit`."""
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from command_paths(child, (*path, name))


COMMANDS = list(command_paths(build_parser()))


def prose(text: str) -> str:
    """The text without the interface's names (options, commands, values), which stay English."""
    return INTERFACE.sub(" ", text)


def test_every_command_is_listed() -> None:
    assert {p[0] for p in COMMANDS if p} == {"rubrics", "score", "school", "evidence", "batch", "status", "demo",
                                              "report", "serve", "users"}
    assert ("users", "add") in COMMANDS and ("rubrics", "check") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "audit")
def test_help_is_vietnamese(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: audit")
    assert "hiện hướng dẫn này rồi thoát" in out and "tùy chọn:" in out
    assert not ENGLISH.findall(prose(out)), ENGLISH.findall(prose(out))
    assert VIETNAMESE.search(out)
    assert out == unicodedata.normalize("NFC", out)
    assert main([*path, "-h"]) == 0 and capsys.readouterr().out == out


def test_main_help_lists_each_command_with_a_vietnamese_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "các lệnh:" in out and "audit LỆNH -h" in out
    for name in ("rubrics", "school", "status", "users"):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(name + " "))
        assert VIETNAMESE.search(line), line


@pytest.mark.parametrize(("args", "expected"), [
    ([], "thiếu tham số bắt buộc: LỆNH"),
    (["bogus"], "không có lệnh 'bogus' (các lệnh: rubrics, score, school"),
    (["school"], "thiếu tham số bắt buộc: URL, --rubric"),
    (["school", "thcs-abc.tptdm.edu.vn"], "thiếu tham số bắt buộc: --rubric"),
    (["school", "x", "--rubric"], "--rubric: cần một giá trị"),
    (["status"], "thiếu tham số bắt buộc: MÃ_ĐỢT"),
    (["rubrics"], "thiếu tham số bắt buộc: LỆNH"),
    (["rubrics", "list", "thua"], "không hiểu tham số: thua"),
    (["users", "add", "an", "--role", "boss"], "--role: 'boss' không phải lựa chọn hợp lệ (chọn một trong: "
                                               "reviewer, admin, school)"),
    (["serve", "--port", "abc"], "--port: giá trị 'abc' không hợp lệ (cần số nguyên)"),
    (["evidence"], "thiếu tham số bắt buộc: ĐƯỜNG_DẪN"),
])
def test_bad_invocation_exits_2_with_one_vietnamese_line(args: list[str], expected: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("audit") and expected in lines[0], lines[0]
    assert "(xem: audit" in lines[0] and "Traceback" not in captured.err
    assert not ENGLISH.findall(prose(lines[0])), lines[0]


def test_an_unknown_message_is_left_as_it_is() -> None:
    assert vietnamese("argument --x: something new") == "--x: something new"
    assert vietnamese("expected 2 arguments") == "cần 2 giá trị"
    assert vietnamese("argument -a: not allowed with argument -b") == "-a: không dùng cùng được với -b"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A private SQLite store with batch b1: one school done, one failed, one running, one never started."""
    monkeypatch.setenv("AUDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AUDIT_DATABASE_URL", f"sqlite:///{(tmp_path / 'audit.sqlite3').as_posix()}")
    with Store(load_settings()) as st:
        for sid in ("s1", "s2", "s3", "s4"):
            st.upsert_school(sid, None, f"https://{sid}.edu.vn/", "tdm-2021-2022-school")
        st.create_batch("b1", "2021-2022", ["s1", "s2", "s3", "s4"])
        st.finish_run(st.start_run("s1", "2021-2022", "b1", batch_id="b1"), "done")
        st.finish_run(st.start_run("s2", "2021-2022", "b1", batch_id="b1"), "failed", "timeout")
        st.start_run("s3", "2021-2022", "b1", batch_id="b1")
        yield st


def test_status_is_vietnamese(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "b1"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Đợt b1: xong 1, lỗi 1, đang chạy 1, chưa chạy 1 (tổng 4 trường)\n"
    assert captured.err == ""


def test_status_bar_in_a_terminal_is_vietnamese(store: Store) -> None:
    progress = store.batch_progress("b1")
    line = progress_line(progress, width=4)
    assert line == "[##  ] 2/4 đã kết thúc; " + status_counts(progress)
    assert not ENGLISH.findall(line)
    written: list[str] = []
    print_status(store, "b1", written.append)
    assert written == ["Đợt b1: xong 1, lỗi 1, đang chạy 1, chưa chạy 1 (tổng 4 trường)\n"]


def test_status_of_an_unknown_batch_is_bad_input(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "khong-co"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "audit: status: không có đợt kiểm tra 'khong-co' trong kho dữ liệu\n"
    assert captured.out == ""


def test_resume_of_an_unknown_batch_is_bad_input(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "--resume", "khong-co"]) == 2
    assert capsys.readouterr().err == "audit: --resume: không có đợt kiểm tra 'khong-co' trong kho dữ liệu\n"


def test_rubrics_check_says_ok_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubrics", "check"]) == 0
    assert capsys.readouterr().out == "Đã kiểm tra 6 tệp bộ tiêu chí: không có lỗi.\n"
