"""`audit rubrics list|show|check`: the scoring sheets the service knows."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from audit.cli.parser import RUBRIC_HELP, Subparsers, command
from audit.config import Settings
from audit.rubric import find_rubric, load_all
from audit.rubric.check import check_files
from audit.rubric.describe import describe, render_text


def add(sub: Subparsers) -> None:
    """The sub-commands' arguments."""
    rubrics = command(sub, "rubrics", "liệt kê, xem và kiểm tra các bộ tiêu chí chấm điểm").add_subparsers(
        dest="action", required=True)
    command(rubrics, "list", "liệt kê các bộ tiêu chí: mã, tên, cấp, tổng điểm").set_defaults(func=listing)
    show = command(rubrics, "show", "xem các tiêu chí của một bộ theo thứ tự trên phiếu chấm")
    show.add_argument("id", metavar="MÃ_BỘ_TIÊU_CHÍ", help=RUBRIC_HELP)
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    show.set_defaults(func=showing)
    check = command(rubrics, "check", "kiểm tra các tệp bộ tiêu chí (mặc định: mọi bộ tiêu chí đi kèm)")
    check.add_argument("paths", nargs="*", metavar="ĐƯỜNG_DẪN", help="tệp YAML hoặc thư mục cần kiểm tra")
    check.set_defaults(func=checking)


def listing(_args: argparse.Namespace, _settings: Settings) -> int:
    """One line per rubric: id, title, level, total."""
    for r in load_all():
        print(f"{r.id}\t{r.title}\t{r.level}\t{r.total:g}")
    return 0


def showing(args: argparse.Namespace, _settings: Settings) -> int:
    """A rubric's criteria in sheet order (or its JSON)."""
    rubric = find_rubric(args.id)
    if args.json:
        print(json.dumps(describe(rubric), ensure_ascii=False, indent=2))
    else:
        print(render_text(rubric))
    return 0


def checking(args: argparse.Namespace, _settings: Settings) -> int:
    """Validate rubric files: file:line: problem on stderr, exit 2 when any."""
    problems, checked = check_files([Path(p) for p in args.paths])
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"Đã kiểm tra {checked} tệp bộ tiêu chí: không có lỗi.")
    return 2 if problems else 0
