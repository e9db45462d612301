"""`audit school`: crawl one portal now, in this process, score it and write the result and its reports."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audit.cli.common import resolve_year, write_json
from audit.cli.parser import EVIDENCE_KINDS, RUBRIC_HELP, YEAR_HELP, Subparsers, command
from audit.cli.progress import crawl_display
from audit.config import Settings
from audit.evidence.match import issuer_flags
from audit.evidence.run import parse_files
from audit.render import summary_table
from audit.report import write_school_report
from audit.report.snapshots import outcome_reader, write_snapshots
from audit.rubric import find_rubric
from audit.school import normalise_url, run_audit
from audit.selfscore import read_self_scores


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    school = command(sub, "school", "kiểm tra ngay một trường (thu thập cổng thông tin, chấm điểm, ghi kết quả)")
    school.add_argument("url", metavar="URL", help="địa chỉ cổng thông tin của trường (có thể bỏ http://)")
    school.add_argument("--rubric", required=True, metavar="MÃ_BỘ_TIÊU_CHÍ", help=RUBRIC_HELP)
    school.add_argument("--year", metavar="NĂM_HỌC", help=YEAR_HELP)
    school.add_argument("--self-scores", dest="self_scores", metavar="TỆP",
                        help="bảng tự chấm của trường (CSV, XLSX, DOCX)")
    school.add_argument("--evidence", nargs="*", metavar="ĐƯỜNG_DẪN",
                        help=f"tệp hoặc thư mục văn bản minh chứng ({EVIDENCE_KINDS})")
    school.add_argument("--out", metavar="THƯ_MỤC",
                        help="thư mục ghi result.json, report.html, report.xlsx (mặc định: audit-out/TÊN_MIỀN/)")
    school.add_argument("--json", metavar="TỆP", help="ghi thêm kết quả JSON vào đây (- = đầu ra chuẩn)")
    school.add_argument("--insecure", action="store_true",
                        help="không xác minh chứng chỉ TLS (điều này được ghi vào kết quả)")
    school.add_argument("--name", metavar="TÊN", help="tên trường (để đánh dấu minh chứng do trường khác ban hành)")
    school.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return school_command(args.url, args.rubric, args.year, args.self_scores, args.evidence or [],
                          args.out, args.json, args.insecure, settings, args.name)


EXIT_CRAWL_FAILED = 3


def previous_readings(folder: Path, school_url: str) -> list[dict[str, Any]]:
    """Counter readings kept in an earlier result for the same school (visits need two days)."""
    try:
        old = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if urlsplit(old.get("school", {}).get("url", "")).netloc != urlsplit(school_url).netloc:
        return []
    return [r for r in old.get("visits", {}).get("readings", []) if isinstance(r, dict) and "total" in r]


def school_command(url: str, rubric_id: str, year_text: str | None, self_path: str | None,
                   evidence: list[str], out_dir: str | None, json_target: str | None, insecure: bool,
                   settings: Settings, name: str | None = None) -> int:
    """Audit one school end to end; exit 3 when the portal could not be crawled at all."""
    urls = normalise_url(url)
    rubric = find_rubric(rubric_id)
    year = resolve_year(year_text)
    selfs = read_self_scores(self_path, rubric) if self_path else {}
    documents = parse_files(evidence, settings) if evidence else None
    if documents:
        issuer_flags(documents, name)
    host = urlsplit(urls[0]).netloc.replace(":", "_")
    folder = Path(out_dir or Path("audit-out") / host)
    with crawl_display(urlsplit(urls[0]).netloc) as progress:
        document, outcome = run_audit(urls, rubric, year, selfs, settings, insecure,
                                      previous_readings(folder, urls[0]), documents, {"name": name}, progress)
    write_json(document, str(folder / "result.json"))
    snapshots = write_snapshots(folder, document, outcome.pages, outcome_reader(outcome.pages))
    reports = write_school_report(folder, document, rubric=rubric, snapshots=snapshots)
    if json_target:
        write_json(document, json_target)
    if json_target != "-":
        print(summary_table(document))
        print("Báo cáo: " + ", ".join(str(p) for p in reports))
    if outcome.failed:
        reason = document.get("crawl", {}).get("reason") or outcome.failure
        print(f"audit: school: không thu thập được cổng thông tin {urls[0]}: {reason}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    return 0
