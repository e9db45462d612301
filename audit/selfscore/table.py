"""Resolve a self-score table's rows to rubric criteria (pure: rows in, scores out).

The sheets print ids relative to their group (003: "1.1" under standard "II" is II.1.1;
002: "a)" under "3.1" is 3.1a; 004 leaves B.6's items unnumbered), so rows are read with the
group context seen so far, and an unnumbered row is matched by its text.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable

from audit.errors import InputError
from audit.rubric.model import Criterion, Group, Rubric
from audit.text import clean, fold

SelfScores = dict[str, float | None]
MAX_ROWS = 2000   # rows read from each sheet or table

_ID_COLS = ("stt", "tt", "so tt", "ma", "ma tieu chi")
_TEXT_COLS = ("noi dung", "noi dung danh gia", "tieu chi")
_MAX_COLS = ("diem chuan", "diem", "diem toi da", "thang diem")
_SELF_COLS = ("tu cham", "tu danh gia", "diem tu cham", "truong tu cham", "tu cham diem")
_TOTAL_WORDS = ("tong cong", "tong diem", "tong so diem", "xep loai", "tong")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_POINT_SUFFIX = re.compile(r"\s*(?:điểm|đ)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One table row: where it is (for messages) and its cell values."""
    where: str
    cells: list[Any]
    sheet: int = 0


@dataclass
class _Columns:
    id: int
    self: int
    text: int | None = None
    max: int | None = None


@dataclass
class _State:
    rubric: Rubric
    source: str
    context: list[str] = field(default_factory=list)
    scores: SelfScores = field(default_factory=dict)
    rows_of: dict[str, str] = field(default_factory=dict)


def _cell(row: Row, index: int | None) -> str:
    if index is None or index >= len(row.cells) or row.cells[index] is None:
        return ""
    value = row.cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def _header(rows: list[Row], rubric: Rubric) -> tuple[int, _Columns] | None:
    extra = (fold(rubric.self_score_column),) if rubric.self_score_column else ()
    for i, row in enumerate(rows[:40]):
        names = [fold(_cell(row, j)) for j in range(len(row.cells))]
        self_col = _find(names, _SELF_COLS + extra)
        id_col = _find(names, _ID_COLS)
        if self_col is not None and id_col is not None:
            return i, _Columns(id_col, self_col, _find(names, _TEXT_COLS), _find(names, _MAX_COLS))
    return None


def _find(names: list[str], wanted: Iterable[str]) -> int | None:
    wanted = tuple(wanted)
    return next((j for j, n in enumerate(names) if n.rstrip(" :*") in wanted), None)


def scores_from_rows(rows: list[Row], rubric: Rubric, source: str, cut: Collection[int] = ()) -> SelfScores:
    """Self-scores per criterion id (None where the school left the cell empty). `cut`: the sheets whose
    rows the reader stopped at MAX_ROWS; a table that runs to such a cut is refused, never read in part."""
    found = _header(rows, rubric)
    if found is None:
        raise InputError(source, "không tìm thấy dòng tiêu đề có cột STT và cột Tự chấm")
    start, cols = found
    state = _State(rubric, source)
    sheet = rows[start].sheet
    for row in rows[start + 1:]:
        if row.sheet != sheet:
            break
        if _read_row(state, row, cols):
            break
    else:
        if sheet in cut:
            raise InputError(source, f"bảng tự chấm dài quá {MAX_ROWS} dòng (chỉ đọc {MAX_ROWS} dòng đầu)")
    return {c.id: state.scores.get(c.id) for c in rubric.criteria}


def _read_row(state: _State, row: Row, cols: _Columns) -> bool:
    """Handle one row; True at the totals row that ends the table."""
    raw_id, text, value = _cell(row, cols.id), _cell(row, cols.text), _cell(row, cols.self)
    if _is_repeated_header(raw_id):
        return False
    if not raw_id and fold(text).startswith(_TOTAL_WORDS):
        return True
    printed_max = _cell(row, cols.max)
    criterion = _resolve(state, raw_id, text, printed_max)
    if criterion is None:
        if raw_id and not _enter_group(state, raw_id, text, printed_max):
            raise InputError(state.source, f"mã tiêu chí '{raw_id}' không có trong bộ tiêu chí "
                                           f"{state.rubric.id}", row.where)
        if not raw_id and value:
            raise InputError(state.source, f"có điểm tự chấm '{value}' nhưng không xác định được "
                                           "tiêu chí (thiếu STT, nội dung không khớp)", row.where)
        return False
    _store(state, criterion, row, value, printed_max)
    return False


def _is_repeated_header(raw_id: str) -> bool:
    return fold(raw_id) in _ID_COLS


def _strip_id(raw: str) -> str:
    return raw.strip().rstrip(".)").strip().lstrip("(")


def _candidates(state: _State, raw_id: str) -> list[str]:
    base = _strip_id(raw_id)
    out = [base]
    for ctx in reversed(state.context):
        out += [f"{ctx}.{base}", f"{ctx}{base}"]
    return out


def _resolve(state: _State, raw_id: str, text: str, printed_max: str = "") -> Criterion | None:
    """The criterion a row scores; None for a group row or an unknown id."""
    if not raw_id:
        return _by_text(state, text) if text else None
    chosen = _choose(state, _candidates(state, raw_id), text, printed_max)
    return chosen if isinstance(chosen, Criterion) else None


def _choose(state: _State, candidates: list[str], text: str, printed_max: str) -> Criterion | Group | None:
    """Among the criteria and groups an id may mean, the one whose text (or points) fits the row."""
    nodes: list[Criterion | Group] = []
    for cand in candidates:
        nodes += [c for c in state.rubric.criteria if c.id == cand]
        nodes += [g for g in state.rubric.all_groups() if g.id == cand]
    if len(nodes) <= 1 or not (text or printed_max):
        return nodes[0] if nodes else None
    if text:
        fitting = [n for n in nodes if _similar(n.title, text)]
        if fitting:
            return fitting[0]
    if printed_max and _NUMBER.match(printed_max):
        points = _number(printed_max)
        fitting = [n for n in nodes if abs((n.max if isinstance(n, Criterion) else n.points) - points) < 1e-9]
        if fitting:
            return fitting[0]
    return nodes[0]


def _similar(title: str, text: str) -> bool:
    """Loose match of a printed text against a rubric title (sheets shorten and retype)."""
    a, b = fold(title).lstrip("-+• "), fold(text).lstrip("-+• ")
    n = min(len(a), len(b), 30)
    if n >= 6 and a[:n] == b[:n]:
        return True
    return difflib.SequenceMatcher(None, a[:60], b[:60]).ratio() > 0.7


def _by_text(state: _State, text: str) -> Criterion | None:
    key = fold(text).lstrip("-+• ")
    if len(key) < 8:
        return None
    pool = [c for c in state.rubric.criteria if not state.context or c.group == state.context[-1]] \
        or list(state.rubric.criteria)
    for c in pool:
        title = fold(c.title).lstrip("-+• ")
        if title == key or title.startswith(key) or key.startswith(title):
            return c
    return None


def _enter_group(state: _State, raw_id: str, text: str, printed_max: str) -> bool:
    chosen = _choose(state, _candidates(state, raw_id), text, printed_max)
    if isinstance(chosen, Group):
        state.context = _path_to(state.rubric, chosen.id)
        return True
    return False


def _path_to(rubric: Rubric, gid: str) -> list[str]:
    def walk(groups: Any, path: list[str]) -> list[str] | None:
        for g in groups:
            if g.id == gid:
                return path + [g.id]
            found = walk(g.groups, path + [g.id])
            if found:
                return found
        return None
    return walk(rubric.groups, []) or [gid]


def _store(state: _State, c: Criterion, row: Row, value: str, printed_max: str) -> None:
    if c.id in state.rows_of:
        raise InputError(state.source, f"tiêu chí {c.id} xuất hiện hai lần (dòng {state.rows_of[c.id]})", row.where)
    state.rows_of[c.id] = row.where
    if printed_max and _NUMBER.match(printed_max) and abs(_number(printed_max) - c.max) > 1e-9:
        raise InputError(state.source, f"điểm chuẩn của tiêu chí {c.id} là {printed_max} nhưng bộ tiêu chí "
                                       f"{state.rubric.id} ghi {c.max:g}: có thể chọn sai bộ tiêu chí", row.where)
    state.scores[c.id] = _self_value(state, c, row, value)
    if c.group in {g.id for g in state.rubric.all_groups()} and c.group not in state.context:
        state.context = _path_to(state.rubric, c.group)


def _self_value(state: _State, c: Criterion, row: Row, value: str) -> float | None:
    if not value:
        return None
    text = _POINT_SUFFIX.sub("", value)
    if not _NUMBER.match(text):
        raise InputError(state.source, f"điểm tự chấm của tiêu chí {c.id} không phải là số: '{value}'", row.where)
    number = _number(text)
    if number < 0:
        raise InputError(state.source, f"điểm tự chấm của tiêu chí {c.id} âm: {value}", row.where)
    if number > c.max + 1e-9:
        raise InputError(state.source, f"điểm tự chấm của tiêu chí {c.id} ({value}) lớn hơn điểm chuẩn {c.max:g}",
                         row.where)
    return round(number, 2)


def _number(text: str) -> float:
    return float(text.replace(",", "."))
