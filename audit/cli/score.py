"""`audit score`: score saved findings and a self-score sheet against a rubric."""
from __future__ import annotations

import argparse
from typing import Any

from audit.assess import assess
from audit.cli.common import load_findings, load_school_results, resolve_year, write_json
from audit.cli.parser import RUBRIC_HELP, YEAR_HELP, Subparsers, command
from audit.config import Settings
from audit.district import share_findings
from audit.render import summary_table
from audit.rubric import find_rubric
from audit.selfscore import read_self_scores

NO_CRAWL = {"status": "failed", "pages_fetched": 0,
            "errors": [{"url": "", "error": "lần chấm này không thu thập cổng thông tin"}]}


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    score = command(sub, "score", "chấm điểm từ kết quả kiểm tra đã lưu và bảng tự chấm theo một bộ tiêu chí")
    score.add_argument("--rubric", required=True, metavar="MÃ_BỘ_TIÊU_CHÍ", help=RUBRIC_HELP)
    score.add_argument("--findings", metavar="TỆP", help="tệp JSON kết quả kiểm tra đã lưu")
    score.add_argument("--self-scores", dest="self_scores", metavar="TỆP",
                       help="bảng tự chấm của trường (CSV, XLSX, DOCX)")
    score.add_argument("--year", metavar="NĂM_HỌC", help=YEAR_HELP)
    score.add_argument("--json", default="-", metavar="TỆP",
                       help="nơi ghi kết quả JSON (- = đầu ra chuẩn, mặc định)")
    score.add_argument("--school-results", dest="school_results", nargs="*", metavar="ĐƯỜNG_DẪN",
                       help="phiếu cấp phòng: tệp result.json của các trường hoặc thư mục chứa chúng "
                            "(để tính tỉ lệ tích hợp)")
    score.set_defaults(func=run)


def run(args: argparse.Namespace, _settings: Settings) -> int:
    """Run the sub-command."""
    return score_command(args.rubric, args.findings, args.self_scores, args.year, args.json, args.school_results)


def score_once(rubric_id: str, findings_path: str | None, self_path: str | None,
               year_text: str | None, school_results: list[str] | None = None) -> dict[str, Any]:
    """Score saved findings and a self-score sheet; the contract's result document."""
    rubric = find_rubric(rubric_id)
    year = resolve_year(year_text)
    data, findings = load_findings(findings_path)
    if school_results:
        findings.update(share_findings(rubric, load_school_results(school_results)))
    selfs = read_self_scores(self_path, rubric) if self_path else {}
    school = data.get("school") or {"url": ""}
    return assess(rubric, year, school, data.get("crawl") or NO_CRAWL, findings, selfs, data.get("evidence"))


def score_command(rubric_id: str, findings_path: str | None, self_path: str | None,
                  year_text: str | None, json_target: str, school_results: list[str] | None = None) -> int:
    """`audit score`: print the summary (unless JSON goes to stdout) and write the JSON."""
    document = score_once(rubric_id, findings_path, self_path, year_text, school_results)
    if json_target != "-":
        print(summary_table(document))
    write_json(document, json_target)
    return 0
