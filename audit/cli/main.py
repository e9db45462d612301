"""The `audit` command line (see ../shared/contract/README.md): one module per command, each declaring its
arguments (`add`) and running with the settings read once here (`run(args, settings)`)."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from audit.cli import batch, demo, evidence, report, rubrics, school, score, serve, status, users
from audit.cli.parser import VietnameseParser
from audit.config import Settings, load_settings
from audit.errors import InputError

COMMANDS = (rubrics, score, school, evidence, batch, status, demo, report, serve, users)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command (help and errors in Vietnamese)."""
    parser = VietnameseParser(
        prog="audit", description="Kiểm tra điểm tự chấm công nghệ thông tin của trường học: đối chiếu với cổng "
                                  "thông tin và văn bản minh chứng, đề xuất điểm kèm lý do.",
        epilog="Xem hướng dẫn của từng lệnh: audit LỆNH -h")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (2 for bad input, with one line on stderr)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # -h (0) or a usage error (2), already printed in Vietnamese
        return exc.code if isinstance(exc.code, int) else 2
    func: Callable[[argparse.Namespace, Settings], int] = args.func
    try:
        return func(args, load_settings())
    except InputError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"audit: {exc.args[0]}", file=sys.stderr)
        return 2
