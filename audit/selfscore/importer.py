"""Pick the reader by file type, then resolve the rows against the rubric."""
from __future__ import annotations

from pathlib import Path

from audit.errors import InputError
from audit.rubric.model import Rubric
from audit.selfscore.readers import read_csv, read_docx, read_xlsx
from audit.selfscore.table import SelfScores, scores_from_rows

_READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".docx": read_docx}


def read_self_scores(path: str | Path, rubric: Rubric) -> SelfScores:
    """Self-scores by criterion id; a criterion left empty is None. InputError names the row."""
    p = Path(path)
    reader = _READERS.get(p.suffix.lower())
    if reader is None:
        raise InputError(str(p), "chỉ nhận bảng tự chấm dạng .csv, .xlsx hoặc .docx")
    if not p.is_file():
        raise InputError(str(p), "không tìm thấy tệp")
    return scores_from_rows(reader(p), rubric, str(p))
