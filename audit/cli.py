"""The `audit` command line (see ../shared/contract/README.md): parse args, call, print."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

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
        print(f"{checked} rubric file(s) OK")
    return 2 if problems else 0


def _score(args: argparse.Namespace) -> int:
    from audit.commands import score_command
    return score_command(args.rubric, args.findings, args.self_scores, args.year, args.json, args.school_results)


def _school(args: argparse.Namespace) -> int:
    from audit.school import school_command
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
                         getattr(args, "district", None), getattr(args, "password_stdin", False))


def _users_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="accounts of the reviewers' desk").add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help="create an account (password from the terminal or --password-stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=("reviewer", "admin"), required=True)
    add.add_argument("--district", action="append", default=[], help="a district the reviewer sees (repeatable)")
    add.add_argument("--password-stdin", dest="password_stdin", action="store_true")
    users.add_parser("list", help="list the accounts")
    passwd = users.add_parser("passwd", help="change an account's password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", dest="password_stdin", action="store_true")
    for action in ("disable", "enable"):
        users.add_parser(action, help=f"{action} an account").add_argument("username")
    for parser in users.choices.values():
        parser.set_defaults(func=_users)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="audit", description="Kiểm tra điểm tự chấm CNTT của trường học.")
    sub = parser.add_subparsers(dest="command", required=True)
    rubrics = sub.add_parser("rubrics", help="list, show and check rubrics").add_subparsers(dest="action", required=True)
    rubrics.add_parser("list").set_defaults(func=_rubrics_list)
    show = rubrics.add_parser("show")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=_rubrics_show)
    check = rubrics.add_parser("check")
    check.add_argument("paths", nargs="*")
    check.set_defaults(func=_rubrics_check)
    score = sub.add_parser("score", help="score saved findings and a self-score sheet against a rubric")
    score.add_argument("--rubric", required=True)
    score.add_argument("--findings", help="findings JSON file")
    score.add_argument("--self-scores", dest="self_scores")
    score.add_argument("--year")
    score.add_argument("--json", default="-", help="where to write the result JSON (- = stdout)")
    score.add_argument("--school-results", dest="school_results", nargs="*",
                       help="district sheets: the schools' result.json files or folders (integration share)")
    score.set_defaults(func=_score)
    school = sub.add_parser("school", help="audit one school now (crawl, score, write the result)")
    school.add_argument("url")
    school.add_argument("--rubric", required=True)
    school.add_argument("--year")
    school.add_argument("--self-scores", dest="self_scores")
    school.add_argument("--evidence", nargs="*", help="evidence files or folders (PDF, DOCX/DOC, JPG/PNG/HEIC, ZIP)")
    school.add_argument("--out")
    school.add_argument("--json", help="also write the result JSON here (- = stdout)")
    school.add_argument("--insecure", action="store_true", help="do not verify TLS (recorded in the result)")
    school.add_argument("--name", help="the school's name (flags evidence issued by another school)")
    school.set_defaults(func=_school)
    evidence = sub.add_parser(
        "evidence", help="parse evidence files (PDF, DOCX/DOC, JPG/PNG/HEIC, ZIP): print a table, write their JSON",
        description="Reads PDF, Word (DOCX, DOC), photos and scans (JPG, PNG, HEIC) and ZIP archives of them; "
                    "folders are searched. Each file is read by its contents in a time- and memory-limited process; "
                    "a file that cannot be read is listed with the reason.")
    evidence.add_argument("paths", nargs="+", help="files or folders (PDF, DOCX/DOC, JPG/PNG/HEIC, ZIP)")
    evidence.add_argument("--json", help="write the documents' JSON here (- = stdout)")
    evidence.set_defaults(func=_evidence)
    batch = sub.add_parser("batch", help="audit every school of a registry (Celery, or --inline here)")
    batch.add_argument("registry", nargs="?")
    batch.add_argument("--year")
    batch.add_argument("--inline", action="store_true", help="run here, without a broker")
    batch.add_argument("--resume", help="re-enqueue the unfinished schools of this batch id")
    batch.set_defaults(func=_batch)
    status = sub.add_parser("status", help="progress of a batch")
    status.add_argument("batch")
    status.set_defaults(func=_status)
    demo = sub.add_parser("demo", help="audit the bundled sample end to end")
    demo.add_argument("--out", default=None)
    demo.set_defaults(func=_demo)
    report = sub.add_parser("report", help="rebuild the reports (per school and the summary) of a batch or result files")
    report.add_argument("results", nargs="*", help="result.json files or folders holding them")
    report.add_argument("--batch", help="a stored batch id")
    report.add_argument("--year", help="every school's newest stored result of this school year (across batches)")
    report.add_argument("--out", help="output folder (default audit-out/report-BATCH, or audit-out/report)")
    report.set_defaults(func=_report)
    serve = sub.add_parser("serve", help="the reviewers' desk: a web app on this machine")
    serve.add_argument("--host", help="address to listen on (default AUDIT_SERVE_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default AUDIT_SERVE_PORT, 8080)")
    serve.set_defaults(func=_serve)
    _users_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
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
