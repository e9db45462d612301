"""The school registry of `audit batch`: a YAML or CSV list of schools, validated row by row."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from audit.errors import InputError
from audit.registry.sources import LABELS, Row, csv_rows, field_of, read_text, yaml_rows
from audit.rubric.loader import RUBRICS_DIR, find_rubric
from audit.school import normalise_url

__all__ = ["SchoolEntry", "load_registry", "field_of"]


@dataclass(frozen=True)
class SchoolEntry:
    """One school of a registry; `self_scores` and `evidence` are absolute paths."""
    id: str
    name: str  # "" when the registry gives none
    url: str  # as written (may lack a scheme); see urls()
    rubric: str
    self_scores: str | None = None
    evidence: str | None = None
    district: str | None = None

    def urls(self) -> list[str]:
        """URLs to try for this school (normalise_url)."""
        return normalise_url(self.url)


def _validate(path: Path, rows: Iterable[Row], rubric_ok: Callable[[str], str | None]) -> list[SchoolEntry]:
    """Check every row and build the entries; the first problem raises InputError."""
    base = path.parent
    seen: dict[str, str] = {}
    entries = []
    for row in rows:
        def fail(message: str) -> InputError:
            """An InputError at this row."""
            return InputError(str(path), row.label + message, row.where)
        v = row.values
        sid, url, rubric = v.get("id"), v.get("url"), v.get("rubric")
        if not sid:
            raise fail(f"thiếu {LABELS['id']} (id)")
        if sid in seen:
            raise fail(f"{LABELS['id']} '{sid}' trùng với dòng {seen[sid]}")
        seen[sid] = row.where
        if not url:
            raise fail(f"trường '{sid}': thiếu {LABELS['url']} (url)")
        try:
            normalise_url(url)
        except InputError as exc:
            raise fail(f"trường '{sid}': {exc.message}") from None
        if not rubric:
            raise fail(f"trường '{sid}': thiếu {LABELS['rubric']} (rubric)")
        problem = rubric_ok(rubric)
        if problem:
            raise fail(f"trường '{sid}': {problem}")
        paths: dict[str, str | None] = {}
        for field, want_dir in (("self_scores", False), ("evidence", True)):
            raw = v.get(field)
            target = (base / raw) if raw else None
            if target is not None and not (target.is_dir() if want_dir else target.is_file()):
                raise fail(f"trường '{sid}': không tìm thấy {LABELS[field]} '{raw}'")
            paths[field] = str(target.resolve()) if target else None
        entries.append(SchoolEntry(sid, v.get("name") or "", url, rubric, paths["self_scores"],
                                   paths["evidence"], v.get("district")))
    return entries


def load_registry(path: str | Path, rubrics_dir: Path = RUBRICS_DIR) -> list[SchoolEntry]:
    """Read and validate a registry (.yaml/.yml/.csv); InputError naming file and row."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise InputError(str(p), "danh sách trường phải là tệp .yaml, .yml hoặc .csv")
    text = read_text(p)
    rows = csv_rows(p, text) if suffix == ".csv" else yaml_rows(p, text)
    known: dict[str, str | None] = {}

    def rubric_ok(rubric_id: str) -> str | None:
        """None if the rubric id is known, else the message (each id looked up once)."""
        if rubric_id not in known:
            try:
                find_rubric(rubric_id, rubrics_dir)
                known[rubric_id] = None
            except KeyError as exc:
                known[rubric_id] = str(exc.args[0])
        return known[rubric_id]

    entries = _validate(p, rows, rubric_ok)
    if not entries:
        raise InputError(str(p), "danh sách trường rỗng: không có trường nào để kiểm tra")
    return entries
