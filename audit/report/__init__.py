"""Reports for reviewers (HTML, XLSX, district summary): shared pure helpers, then the file-writing shell.

The renderers (`html`, `xlsx`, `summary`, `chart`) are pure: plain result dicts in, str/bytes out.
Only the functions under "Writing reports" below touch files or the store.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping
from urllib.parse import urlsplit

from audit.config import TIMEZONE
from audit.dates import local_time_text
from audit.text import nfc, vn_number

if TYPE_CHECKING:
    from audit.rubric import Rubric
    from audit.store import Store

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


# Shared pure helpers --------------------------------------------------------------------------

def text(value: Any) -> str:
    """Printable NFC text of any value (None → ""), control characters removed."""
    return "" if value is None else _CONTROL.sub("", nfc(str(value)))


def safe_href(url: Any) -> str | None:
    """The URL if it may become a link (http/https with a host), else None."""
    if not isinstance(url, str):
        return None
    cleaned = _CONTROL.sub("", url).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in cleaned):
        return None
    return cleaned


def local_href(href: Any) -> str | None:
    """A link to a stored copy: a relative path or an absolute path on this server, or http(s)."""
    if not isinstance(href, str) or not href or any(c.isspace() or ord(c) < 32 for c in href):
        return None
    if href.startswith("//") or href.startswith("\\"):
        return None
    return href if not _SCHEME.match(href) else safe_href(href)


def anchor_id(prefix: str, value: Any) -> str:
    """An HTML id from a criterion id or file name ("tc-3.3")."""
    return f"{prefix}-{_ID_UNSAFE.sub('_', text(value)) or '_'}"


def num(x: Any) -> str:
    """A score as Vietnamese print it ("4,25"), or "—" for none."""
    return "—" if x is None else vn_number(float(x))


def signed(x: Any) -> str:
    """A difference with its sign ("+2", "-5", "0"), or "—"."""
    if x is None:
        return "—"
    return ("+" if float(x) > 0 else "") + vn_number(float(x))


def vn_date(iso: Any) -> str:
    """"2021-09-01" → "01/09/2021" (text kept as is when it is no date)."""
    value = text(iso)
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return value


def vn_time(iso: Any) -> str:
    """An ISO time as the Vietnamese local day and hour ("22/11/2026 21:58")."""
    return local_time_text(text(iso), TIMEZONE)


def _group_rows(group: Any, depth: int, by_id: dict[str, dict[str, Any]], out: list[dict[str, Any]]) -> None:
    out.append({"kind": "group", "id": group.id, "title": text(group.title), "max": group.points,
                "bonus": group.bonus, "depth": depth})
    for c in group.criteria:
        if c.id in by_id:
            out.append({"kind": "criterion", "depth": depth, **by_id.pop(c.id)})
    for sub in group.groups:
        _group_rows(sub, depth + 1, by_id, out)


def sheet_rows(result: Mapping[str, Any], rubric: Rubric | None) -> list[dict[str, Any]]:
    """Group title rows and criterion rows in the sheet's order (criteria: the result's dicts)."""
    by_id = {str(c["id"]): dict(c) for c in result.get("criteria", [])}
    out: list[dict[str, Any]] = []
    if rubric is not None:
        for group in rubric.groups:
            _group_rows(group, 0, by_id, out)
    leftover: dict[str, list[dict[str, Any]]] = {}
    for c in by_id.values():  # no rubric, or criteria the rubric does not have: by their group
        leftover.setdefault(text(c.get("group")), []).append(c)
    for group_id, criteria in leftover.items():
        out.append({"kind": "group", "id": group_id, "title": f"Nhóm {group_id}" if group_id else "Khác",
                    "max": None, "bonus": False, "depth": 0})
        out.extend({"kind": "criterion", "depth": 0, **c} for c in criteria)
    return out


def find_rubric_or_none(rubric_id: Any) -> Rubric | None:
    """The rubric with this id, or None when this checkout has no such rubric."""
    from audit.rubric import find_rubric
    try:
        return find_rubric(str(rubric_id))
    except (KeyError, OSError, ValueError):
        return None


# Writing reports (the imperative shell) ------------------------------------------------------

def write_school_report(folder: Path, result: dict[str, Any], *, rubric: Rubric | None = None,
                        snapshots: Mapping[str, str] | None = None, finals: Mapping[str, Any] | None = None,
                        documents: list[dict[str, Any]] | None = None) -> list[Path]:
    """Write report.html and report.xlsx of one school into the folder; the paths written."""
    from audit.report.html import render_school_html
    from audit.report.xlsx import render_school_xlsx
    folder.mkdir(parents=True, exist_ok=True)
    rubric = rubric or find_rubric_or_none(result["rubric"]["id"])
    html_path, xlsx_path = folder / "report.html", folder / "report.xlsx"
    html_path.write_text(render_school_html(result, documents=documents, snapshots=snapshots, finals=finals),
                         encoding="utf-8")
    xlsx_path.write_bytes(render_school_xlsx(result, rubric, finals=finals, documents=documents))
    return [html_path, xlsx_path]


def write_summary(folder: Path, rows: list[dict[str, Any]], finals: Mapping[str, Mapping[str, Any]] | None = None,
                  links: Mapping[str, str] | None = None) -> list[Path]:
    """Write summary.html and summary.xlsx of a batch into the folder; the paths written."""
    from audit.report.summary import render_summary_html, render_summary_xlsx
    folder.mkdir(parents=True, exist_ok=True)
    html_path, xlsx_path = folder / "summary.html", folder / "summary.xlsx"
    html_path.write_text(render_summary_html(rows, finals=finals, links=links), encoding="utf-8")
    xlsx_path.write_bytes(render_summary_xlsx(rows, finals=finals))
    return [html_path, xlsx_path]


def folder_name(school: Mapping[str, Any]) -> str:
    """A school's report folder: its id, else its portal's host (safe as one path segment)."""
    name = text(school.get("id")) or (urlsplit(text(school.get("url"))).netloc or "truong")
    return _ID_UNSAFE.sub("_", name).strip("._") or "truong"


def rebuild_batch(store: Store, batch_id: str, out: Path) -> list[Path]:
    """Every school's reports of a stored batch (with snapshots and final scores) and the summary."""
    from audit.finals import final_scores
    from audit.report.snapshots import write_snapshots
    rows = store.batch_results(batch_id)
    written: list[Path] = []
    finals: dict[str, Mapping[str, Any]] = {}
    links: dict[str, str] = {}
    for row in rows:
        result, school = row["result"], row["school"]
        if result is None:
            continue
        folder = out / folder_name(school)
        rubric = find_rubric_or_none(result["rubric"]["id"])
        decisions = store.latest_decisions(school["id"], row["year"])
        finals[school["id"]] = final_scores(result, decisions, rubric)
        pages = store.pages(row["run_id"]) if row["run_id"] is not None else []
        snaps = write_snapshots(folder, result, pages, store.snapshot)
        documents = store.documents(row["run_id"]) if row["run_id"] is not None else None
        written += write_school_report(folder, result, rubric=rubric, snapshots=snaps,
                                       finals=finals[school["id"]], documents=documents or None)
        links[school["id"]] = f"{folder.name}/report.html"
    return written + write_summary(out, rows, finals, links)


def rebuild_files(results: Iterable[tuple[Path, dict[str, Any]]], out: Path) -> list[Path]:
    """Reports from result.json files (snapshots kept beside a file are copied) and their summary."""
    from audit.report.snapshots import copy_snapshots
    rows: list[dict[str, Any]] = []
    written: list[Path] = []
    links: dict[str, str] = {}
    used: set[Path] = set()
    for path, result in results:
        school = dict(result.get("school") or {})
        name = folder_name(school)
        while (out / name) in used:
            name += "_"
        used.add(out / name)
        folder = out / name
        snaps = copy_snapshots(path.parent, folder)
        written += write_school_report(folder, result, snapshots=snaps)
        school_id = text(school.get("id")) or name
        school_id = name if school_id in links else school_id  # the same school given twice: two rows
        links[school_id] = f"{name}/report.html"
        rows.append({"school": {"id": school_id, "name": school.get("name"), "url": school.get("url"),
                                "rubric": result["rubric"]["id"], "district": school.get("district")},
                     "year": result.get("school_year"), "run_id": None, "status": "done", "result": result})
    return written + write_summary(out, rows, None, links)


def read_result_files(paths: list[str]) -> list[tuple[Path, dict[str, Any]]]:
    """Result documents from files or folders holding result.json; InputError for anything else."""
    from audit.errors import InputError
    from audit.result import schema_errors
    files: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(str(p), "không có tệp hoặc thư mục này")
        files.extend(sorted(p.rglob("result.json")) if p.is_dir() else [p])
    if not files:
        raise InputError(", ".join(paths), "không tìm thấy tệp result.json nào")
    out = []
    for f in files:
        try:
            document = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(f), f"không đọc được kết quả của trường: {exc}") from None
        problems = schema_errors(document) if isinstance(document, dict) else ["không phải một đối tượng JSON"]
        if problems:
            raise InputError(str(f), f"không phải kết quả school-audit/1: {problems[0]}")
        out.append((f, document))
    return out
