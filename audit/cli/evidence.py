"""`audit evidence`: read evidence files, print their table, write their JSON."""
from __future__ import annotations

import argparse

from audit.cli.common import write_json
from audit.cli.parser import EVIDENCE_KINDS, Subparsers, command
from audit.config import Settings
from audit.evidence.run import evidence_table, parse_files
from audit.result import schema_errors


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    evidence = command(
        sub, "evidence", f"đọc các tệp minh chứng ({EVIDENCE_KINDS}): in bảng, ghi JSON của chúng",
        description="Đọc tệp PDF, Word (DOCX, DOC), ảnh chụp và bản quét (JPG, PNG, HEIC) cùng các tệp ZIP chứa "
                    "chúng; thư mục được tìm cả bên trong. Mỗi tệp được nhận biết theo nội dung và đọc trong một "
                    "tiến trình giới hạn thời gian và bộ nhớ; tệp không đọc được vẫn được liệt kê kèm lý do.")
    evidence.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help=f"tệp hoặc thư mục ({EVIDENCE_KINDS})")
    evidence.add_argument("--json", metavar="TỆP", help="ghi JSON của các văn bản vào đây (- = đầu ra chuẩn)")
    evidence.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return evidence_command(args.paths, args.json, settings)


def evidence_command(paths: list[str], json_target: str | None, settings: Settings) -> int:
    """`audit evidence`: parse the files, print the table, write the JSON list."""
    docs = parse_files(paths, settings)
    problems = schema_errors(docs, "evidence")
    if problems:
        raise RuntimeError("evidence breaks the contract: " + "; ".join(problems[:3]))
    if json_target != "-":
        print(evidence_table(docs))
    if json_target:
        write_json(docs, json_target)
    return 0
