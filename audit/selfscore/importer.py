"""Pick the reader by file type, read the sheet in a sandboxed child, then resolve the rows against the rubric."""
from __future__ import annotations

from pathlib import Path

from audit.errors import InputError
from audit.evidence.sandbox import Limits, SandboxError, run_limited
from audit.rubric.model import Rubric
from audit.selfscore.readers import check_size, read_table
from audit.selfscore.table import Row, SelfScores, scores_from_rows

_KINDS = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx"}
# A sheet is read in a child process under these limits (the caps of `readers` keep a real sheet far below).
LIMITS = Limits(timeout=30.0, memory_mb=1024)


def read_self_scores(path: str | Path, rubric: Rubric) -> SelfScores:
    """Self-scores by criterion id; a criterion left empty is None. InputError names the file and row."""
    p = Path(path)
    kind = _KINDS.get(p.suffix.lower())
    if kind is None:
        raise InputError(str(p), "chỉ nhận bảng tự chấm dạng .csv, .xlsx hoặc .docx")
    if not p.is_file():
        raise InputError(str(p), "không tìm thấy tệp")
    try:
        check_size(p)
    except OSError as exc:
        raise InputError(str(p), f"không mở được tệp ({exc.strerror or exc})") from None
    try:
        table = run_limited(read_table, (str(p.resolve()), kind), LIMITS)
    except SandboxError as exc:
        reason = " ".join(exc.reason.split())   # one line, whatever the child said
        if exc.kind in ("memory", "timeout"):
            raise InputError(str(p), f"bảng tự chấm quá lớn hoặc quá phức tạp: {reason}") from None
        raise InputError(str(p), f"không đọc được bảng tự chấm ({reason})") from None
    if "error" in table:
        raise InputError(str(p), " ".join(str(table["error"]).split()), table.get("row"))
    rows = [Row(where, list(cells), sheet) for where, cells, sheet in table["rows"]]
    return scores_from_rows(rows, rubric, str(p), cut=frozenset(table["cut"]))
