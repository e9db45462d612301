"""Writing reports (the imperative shell): school reports, the summary, rebuilding from the store or files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping
from urllib.parse import urlsplit

from audit.report.fmt import find_rubric_or_none, safe_token, text

if TYPE_CHECKING:
    from audit.rubric import Rubric
    from audit.store import Store


def write_school_report(folder: Path, result: dict[str, Any], *, rubric: Rubric | None = None,
                        snapshots: Mapping[str, str] | None = None, finals: Mapping[str, Any] | None = None,
                        documents: list[dict[str, Any]] | None = None) -> list[Path]:
    """Write report.html and report.xlsx of one school into the folder; the paths written."""
    from audit.report.html import render_school_html
    from audit.report.xlsx import render_school_xlsx
    folder.mkdir(parents=True, exist_ok=True)
    rubric = rubric or find_rubric_or_none(result["rubric"]["id"])
    html_path, xlsx_path = folder / "report.html", folder / "report.xlsx"
    html_path.write_text(render_school_html(result, documents=documents, snapshots=snapshots, finals=finals,
                                            rubric=rubric), encoding="utf-8")
    xlsx_path.write_bytes(render_school_xlsx(result, rubric, finals=finals, documents=documents))
    return [html_path, xlsx_path]


def write_summary(folder: Path, rows: list[dict[str, Any]], finals: Mapping[str, Mapping[str, Any]] | None = None,
                  links: Mapping[str, str] | None = None) -> list[Path]:
    """Write summary.html and summary.xlsx of a batch into the folder; the paths written."""
    from audit.district import district_scores
    from audit.report.summary import render_summary_html, render_summary_xlsx
    from audit.rubric import load_all
    folder.mkdir(parents=True, exist_ok=True)
    scores = district_scores(rows, load_all())
    html_path, xlsx_path = folder / "summary.html", folder / "summary.xlsx"
    html_path.write_text(render_summary_html(rows, finals=finals, links=links, scores=scores), encoding="utf-8")
    xlsx_path.write_bytes(render_summary_xlsx(rows, finals=finals, scores=scores))
    return [html_path, xlsx_path]


def folder_name(school: Mapping[str, Any]) -> str:
    """A school's report folder: its id, else its portal's host (safe as one path segment)."""
    name = text(school.get("id")) or (urlsplit(text(school.get("url"))).netloc or "truong")
    return safe_token(name).strip("._") or "truong"


def rebuild_batch(store: Store, batch_id: str, out: Path) -> list[Path]:
    """Every school's reports of a stored batch (with snapshots and final scores) and the summary."""
    return rebuild_rows(store, store.batch_results(batch_id), out)


def rebuild_latest(store: Store, year: str, out: Path) -> list[Path]:
    """The reports of every school's newest result of a school year (across batches) and their summary."""
    return rebuild_rows(store, store.latest_results(year), out)


def rebuild_rows(store: Store, rows: list[dict[str, Any]], out: Path) -> list[Path]:
    """Reports of stored rows (`Store.batch_results` shape) with snapshots and final scores, and the summary."""
    from audit.finals import final_scores
    from audit.report.snapshots import write_snapshots
    written: list[Path] = []
    finals: dict[str, Mapping[str, Any]] = {}
    links: dict[str, str] = {}
    for row in rows:
        result, school = row["result"], row["school"]
        if result is None:
            continue
        folder = out / folder_name(school)
        rubric = find_rubric_or_none(result["rubric"]["id"])
        decisions = store.latest_decisions(school["id"], row["year"], school.get("district"))
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
    from audit.result import schema_errors, upgrade
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
            raise InputError(str(f), f"không phải kết quả school-audit: {problems[0]}")
        out.append((f, upgrade(document)))
    return out
