"""The `audit` command line (see ../shared/contract/README.md): parse args, call, print."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from audit.cliparser import VietnameseParser
from audit.errors import InputError


def _rubrics_list(args: argparse.Namespace) -> int:
    from audit.rubric import load_all
    for r in load_all():
        print(f"{r.id}\t{r.title}\t{r.level}\t{r.total:g}")
    return 0


def _rubrics_show(args: argparse.Namespace) -> int:
    from audit.rubric import find_rubric
    from audit.rubric.describe import describe, render_text
    rubric = find_rubric(args.id)
    if args.json:
        print(json.dumps(describe(rubric), ensure_ascii=False, indent=2))
    else:
        print(render_text(rubric))
    return 0


def _rubrics_check(args: argparse.Namespace) -> int:
    from audit.rubric.check import check_files
    problems, checked = check_files([Path(p) for p in args.paths])
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"Đã kiểm tra {checked} tệp bộ tiêu chí: không có lỗi.")
    return 2 if problems else 0


def _score(args: argparse.Namespace) -> int:
    from audit.commands import score_command
    return score_command(args.rubric, args.findings, args.self_scores, args.year, args.json, args.school_results)


def _school(args: argparse.Namespace) -> int:
    from audit.commands import school_command
    return school_command(args.url, args.rubric, args.year, args.self_scores, args.evidence or [],
                          args.out, args.json, args.insecure, args.name)


def _evidence(args: argparse.Namespace) -> int:
    from audit.commands import evidence_command
    return evidence_command(args.paths, args.json)


def _batch(args: argparse.Namespace) -> int:
    from audit.commands import batch_command
    return batch_command(args.registry, args.year, args.inline, args.resume)


def _status(args: argparse.Namespace) -> int:
    from audit.commands import status_command
    return status_command(args.batch)


def _demo(args: argparse.Namespace) -> int:
    from audit.demo import run_demo
    return run_demo(args.out)


def _report(args: argparse.Namespace) -> int:
    from audit.commands import report_command
    return report_command(args.results, args.batch, args.out, args.year)


def _serve(args: argparse.Namespace) -> int:
    from audit.review.serve import serve_command
    return serve_command(args.host, args.port)


def _users(args: argparse.Namespace) -> int:
    from audit.review.accounts import users_command
    return users_command(args.action, getattr(args, "username", None), getattr(args, "role", "reviewer"),
                         getattr(args, "district", None), getattr(args, "password_stdin", False),
                         getattr(args, "school", None))


YEAR_HELP = "năm học, ví dụ 2021-2022 (mặc định: năm học đang diễn ra)"
RUBRIC_HELP = "mã bộ tiêu chí (xem: audit rubrics list)"
EVIDENCE_KINDS = "PDF, DOCX/DOC, JPG/PNG/HEIC, ZIP"
Subparsers = argparse._SubParsersAction  # the type of add_subparsers()' result


def _command(sub: Subparsers, name: str, help: str, description: str | None = None) -> VietnameseParser:
    """A sub-command whose -h starts with its description (by default its help as a sentence)."""
    parser: VietnameseParser = sub.add_parser(name, help=help, description=description or help[0].upper() + help[1:] + ".")
    return parser


def _users_parser(sub: Subparsers) -> None:
    users = _command(sub, "users", "quản lý tài khoản của bàn kiểm tra").add_subparsers(dest="action", required=True)
    add = _command(users, "add", "tạo tài khoản (mật khẩu nhập từ terminal hoặc qua --password-stdin)")
    add.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập (a-z, 0-9, . _ @ -)")
    add.add_argument("--role", choices=("reviewer", "admin", "school"), required=True,
                     help="vai trò: reviewer (người kiểm tra), admin (quản trị) hoặc school (trường tự kiểm tra)")
    add.add_argument("--district", action="append", default=[], metavar="QUẬN_HUYỆN",
                     help="một quận/huyện người kiểm tra được xem (dùng lặp lại được)")
    add.add_argument("--school", metavar="MÃ_TRƯỜNG",
                     help="trường của tài khoản school (mã trong sổ đăng ký; chỉ thấy trường này)")
    add.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                     help="đọc mật khẩu từ một dòng của đầu vào chuẩn")
    _command(users, "list", "liệt kê các tài khoản")
    passwd = _command(users, "passwd", "đổi mật khẩu của một tài khoản (các phiên đang mở sẽ kết thúc)")
    passwd.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    passwd.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                        help="đọc mật khẩu từ một dòng của đầu vào chuẩn")
    _command(users, "disable", "khóa một tài khoản (không đăng nhập được nữa)").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    _command(users, "enable", "mở lại một tài khoản đã khóa").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    _command(users, "token", "tạo một token API mới cho tài khoản (in ra một lần; chỉ lưu mã băm)").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    _command(users, "revoke-tokens", "thu hồi mọi token API của một tài khoản").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    for parser in users.choices.values():
        parser.set_defaults(func=_users)


def _rubrics_parser(sub: Subparsers) -> None:
    rubrics = _command(sub, "rubrics", "liệt kê, xem và kiểm tra các bộ tiêu chí chấm điểm").add_subparsers(
        dest="action", required=True)
    _command(rubrics, "list", "liệt kê các bộ tiêu chí: mã, tên, cấp, tổng điểm").set_defaults(func=_rubrics_list)
    show = _command(rubrics, "show", "xem các tiêu chí của một bộ theo thứ tự trên phiếu chấm")
    show.add_argument("id", metavar="MÃ_BỘ_TIÊU_CHÍ", help=RUBRIC_HELP)
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    show.set_defaults(func=_rubrics_show)
    check = _command(rubrics, "check", "kiểm tra các tệp bộ tiêu chí (mặc định: cả thư mục rubrics/)")
    check.add_argument("paths", nargs="*", metavar="ĐƯỜNG_DẪN", help="tệp YAML hoặc thư mục cần kiểm tra")
    check.set_defaults(func=_rubrics_check)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command (help and errors in Vietnamese)."""
    parser = VietnameseParser(
        prog="audit", description="Kiểm tra điểm tự chấm công nghệ thông tin của trường học: đối chiếu với cổng "
                                  "thông tin và văn bản minh chứng, đề xuất điểm kèm lý do.",
        epilog="Xem hướng dẫn của từng lệnh: audit LỆNH -h")
    sub = parser.add_subparsers(dest="command", required=True)
    _rubrics_parser(sub)
    score = _command(sub, "score", "chấm điểm từ kết quả kiểm tra đã lưu và bảng tự chấm theo một bộ tiêu chí")
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
    score.set_defaults(func=_score)
    school = _command(sub, "school", "kiểm tra ngay một trường (thu thập cổng thông tin, chấm điểm, ghi kết quả)")
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
    school.set_defaults(func=_school)
    evidence = _command(
        sub, "evidence", f"đọc các tệp minh chứng ({EVIDENCE_KINDS}): in bảng, ghi JSON của chúng",
        description="Đọc tệp PDF, Word (DOCX, DOC), ảnh chụp và bản quét (JPG, PNG, HEIC) cùng các tệp ZIP chứa "
                    "chúng; thư mục được tìm cả bên trong. Mỗi tệp được nhận biết theo nội dung và đọc trong một "
                    "tiến trình giới hạn thời gian và bộ nhớ; tệp không đọc được vẫn được liệt kê kèm lý do.")
    evidence.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help=f"tệp hoặc thư mục ({EVIDENCE_KINDS})")
    evidence.add_argument("--json", metavar="TỆP", help="ghi JSON của các văn bản vào đây (- = đầu ra chuẩn)")
    evidence.set_defaults(func=_evidence)
    batch = _command(sub, "batch", "kiểm tra mọi trường trong một danh sách (qua Celery, hoặc ngay tại đây với --inline)")
    batch.add_argument("registry", nargs="?", metavar="DANH_SÁCH", help="tệp danh sách trường (YAML hoặc CSV)")
    batch.add_argument("--year", metavar="NĂM_HỌC", help=YEAR_HELP)
    batch.add_argument("--inline", action="store_true", help="chạy ngay tại đây, không cần hàng đợi (broker)")
    batch.add_argument("--resume", metavar="MÃ_ĐỢT", help="đưa lại vào hàng đợi các trường chưa xong của đợt này")
    batch.set_defaults(func=_batch)
    status = _command(sub, "status", "tiến độ của một đợt kiểm tra")
    status.add_argument("batch", metavar="MÃ_ĐỢT", help="mã đợt kiểm tra (do audit batch in ra)")
    status.set_defaults(func=_status)
    demo = _command(sub, "demo", "chạy thử trọn vẹn trên cổng thông tin mẫu đi kèm")
    demo.add_argument("--out", default=None, metavar="THƯ_MỤC", help="thư mục ghi kết quả (mặc định: audit-out/demo)")
    demo.set_defaults(func=_demo)
    report = _command(sub, "report", "dựng lại báo cáo (từng trường và bảng tổng hợp) của một đợt hoặc từ các tệp kết quả")
    report.add_argument("results", nargs="*", metavar="ĐƯỜNG_DẪN", help="tệp result.json hoặc thư mục chứa chúng")
    report.add_argument("--batch", metavar="MÃ_ĐỢT", help="mã một đợt kiểm tra đã lưu")
    report.add_argument("--year", metavar="NĂM_HỌC",
                        help="kết quả mới nhất đã lưu của mỗi trường trong năm học này (qua mọi đợt)")
    report.add_argument("--out", metavar="THƯ_MỤC",
                        help="thư mục ghi báo cáo (mặc định: audit-out/report-MÃ_ĐỢT, hoặc audit-out/report)")
    report.set_defaults(func=_report)
    serve = _command(sub, "serve", "bàn kiểm tra: ứng dụng web cho người đánh giá, chạy trên máy này")
    serve.add_argument("--host", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định: AUDIT_SERVE_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, metavar="SỐ_CỔNG", help="số cổng (mặc định: AUDIT_SERVE_PORT, 8080)")
    serve.set_defaults(func=_serve)
    _users_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (2 for bad input, with one line on stderr)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # -h (0) or a usage error (2), already printed in Vietnamese
        return exc.code if isinstance(exc.code, int) else 2
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except InputError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"audit: {exc.args[0]}", file=sys.stderr)
        return 2

if __name__ == "__main__":
    sys.exit(main())
