"""`audit report`: rebuild the reports of a stored batch, of a year's newest results, or of result files."""
from __future__ import annotations

import argparse
from pathlib import Path

from audit.cli.common import resolve_year
from audit.cli.parser import Subparsers, command
from audit.config import Settings
from audit.errors import InputError
from audit.report import read_result_files, rebuild_batch, rebuild_files, rebuild_latest
from audit.store import Store


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    report = command(sub, "report", "dựng lại báo cáo (từng trường và bảng tổng hợp) của một đợt hoặc từ các tệp kết quả")
    report.add_argument("results", nargs="*", metavar="ĐƯỜNG_DẪN", help="tệp result.json hoặc thư mục chứa chúng")
    report.add_argument("--batch", metavar="MÃ_ĐỢT", help="mã một đợt kiểm tra đã lưu")
    report.add_argument("--year", metavar="NĂM_HỌC",
                        help="kết quả mới nhất đã lưu của mỗi trường trong năm học này (qua mọi đợt)")
    report.add_argument("--out", metavar="THƯ_MỤC",
                        help="thư mục ghi báo cáo (mặc định: audit-out/report-MÃ_ĐỢT, hoặc audit-out/report)")
    report.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return report_command(args.results, args.batch, args.out, args.year, settings)


def _rebuild_stored(batch_id: str | None, year: str | None, out: str | None, settings: Settings) -> list[Path]:
    """Reports from the store: a batch, or the newest results of a year."""
    store = Store(settings)
    try:
        if year:
            return rebuild_latest(store, year, Path(out or f"audit-out/report-{year}"))
        assert batch_id is not None
        try:
            store.batch_year(batch_id)
        except KeyError:
            raise InputError("--batch", f"không có đợt kiểm tra '{batch_id}' trong kho dữ liệu") from None
        return rebuild_batch(store, batch_id, Path(out or f"audit-out/report-{batch_id}"))
    finally:
        store.close()


def report_command(results: list[str], batch_id: str | None, out: str | None, year: str | None,
                   settings: Settings) -> int:
    """`audit report`: rebuild the per-school reports and the summary of a stored batch, of every school's
    newest result of a year, or of result files."""
    if sum(map(bool, (results, batch_id, year))) != 1:
        raise InputError("audit report", "cần đúng một trong: --batch MÃ_ĐỢT, --year NĂM_HỌC, các tệp result.json")
    if batch_id or year:
        written = _rebuild_stored(batch_id, str(resolve_year(year)) if year else None, out, settings)
    else:
        written = rebuild_files(read_result_files(results), Path(out or "audit-out/report"))
    summary = next((p for p in written if p.name == "summary.html"), None)
    print(f"Đã viết {len(written)} tệp báo cáo; tổng hợp: {summary}")
    return 0
