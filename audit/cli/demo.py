"""`audit demo`: serve a sample portal on loopback, make its school's evidence PDFs, audit it end to end, print and
save the result, and keep it in a store of its own with an account, so that the desk opens on it."""
from __future__ import annotations

import argparse
import secrets
import shlex
import shutil
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from audit import labels
from audit.cli.common import write_json
from audit.cli.parser import Subparsers, command
from audit.config import Settings
from audit.crawl.outcome import CrawlOutcome
from audit.docgen import render_pdf
from audit.docgen.dossier import school_dossier
from audit.evidence.match import doubts, issuer_flags
from audit.evidence.run import parse_files
from audit.render import summary_table
from audit.report import write_school_report
from audit.report.snapshots import outcome_reader, write_snapshots
from audit.rubric import find_rubric
from audit.school import run_audit
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores
from audit.store import Store

RUBRIC = "tdm-2021-2022-school"
YEAR = "2021-2022"
SEED = 2022
LOOPBACK = ("127.0.0.0/8", "::1/128")
SCHOOL_ID = "truong-demo"
BATCH = "demo"            # the demo's batch (and run key): a second demo in the same folder replaces the first
USERNAME = "demo"


def make_evidence(folder: Path, school_name: str) -> Path:
    """The school's evidence PDFs of the year (generated, the same every time), in `folder`."""
    for spec in school_dossier(school_name, parse_school_year(YEAR).first, seed=SEED):
        render_pdf(spec, folder)
    return folder


def demo_settings(settings: Settings, folder: Path) -> Settings:
    """The settings of the demo's own store: an SQLite file and snapshots under `folder`."""
    return replace(settings, data_dir=folder, database_url=f"sqlite:///{(folder / 'audit.sqlite3').as_posix()}")


def district_of(school_name: str) -> str:
    """The district a simulated school's name ends with ("Trường … - Quận 3" → "Quận 3")."""
    return school_name.rpartition(" - ")[2].strip() or "Quận 3"


def keep_in_store(settings: Settings, school: dict[str, Any], document: dict[str, Any], outcome: CrawlOutcome,
                  documents: list[dict[str, Any]]) -> str:
    """Record the school, the batch "demo" and its one run (pages, documents, result) as a batch would, and a reviewer
    account of the school's district with a new random password (returned)."""
    password = secrets.token_urlsafe(9)
    from audit.review.passwords import hash_password
    with Store(settings) as store:
        store.upsert_school(SCHOOL_ID, school["name"], document["school"]["url"], RUBRIC, school["district"],
                            school["self_scores"], school["evidence"])
        store.create_batch(BATCH, YEAR, [SCHOOL_ID])
        run_id = store.start_run(SCHOOL_ID, YEAR, BATCH, batch_id=BATCH)
        store.save_crawl(run_id, outcome)
        store.save_documents(run_id, documents)
        store.keep_document_files(documents)
        store.save_result(run_id, document)
        store.finish_run(run_id, "failed" if outcome.failed else "done")
        if store.user(USERNAME) is None:
            store.add_user(USERNAME, hash_password(password), "reviewer", [school["district"]])
        else:
            store.set_password(USERNAME, hash_password(password))
            store.set_active(USERNAME, True)
    return password


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def audit_program() -> str:
    """How to call `audit` from this shell: `audit` when it is on PATH, else this environment's script."""
    script = Path(sys.executable).parent / "audit"
    found = shutil.which("audit")
    if found and script.is_file() and Path(found).resolve() == script.resolve():
        return "audit"
    return shlex.quote(_shown(script)) if script.is_file() else "audit"


def desk_instructions(folder: Path, district: str, password: str, now: Settings) -> str:
    """In Vietnamese: the exact command that opens the desk on the demo's store, and the login (`now`: the
    settings the command runs with)."""
    default_db = f"sqlite:///{(now.data_dir / 'audit.sqlite3').as_posix()}"
    env = f"AUDIT_DATA_DIR={shlex.quote(_shown(folder))}"
    if now.database_url != default_db:   # a configured database would be used instead of the demo's file
        env = "AUDIT_DATABASE_URL= " + env
    return "\n".join([
        "Mở bàn kiểm tra trên dữ liệu của bản chạy thử (đợt \"demo\"):",
        f"  {env} {audit_program()} serve",
        f"rồi vào http://{now.serve_host}:{now.serve_port}/ và đăng nhập: tài khoản {USERNAME}, "
        f"mật khẩu {password} ({labels.ROLE['reviewer'].lower()}, {district}).",
    ])


def evidence_lines(document: dict[str, Any], folder: Path) -> list[str]:
    """What the evidence gave: files read, criteria served, files in doubt and the criteria awaiting a reviewer."""
    docs = document.get("evidence") or []
    parsed = [d for d in docs if d.get("status") == "parsed"]
    served = sorted({c for d in docs for c in d.get("criteria", [])}, key=lambda c: [int(p) for p in c.split(".")])
    lines = [f"Minh chứng: {len(docs)} tệp PDF tạo sẵn trong {_shown(folder)}/, đọc được {len(parsed)}; "
             f"dùng cho các tiêu chí {', '.join(served) or '—'}."]
    for d in docs:
        doubtful = [labels.DOC_FLAGS.get(f, f) for f in doubts(d)]
        if doubtful and d.get("criteria"):
            lines.append(f"  {Path(d['file']).name}: {'; '.join(doubtful)} ({d.get('issuer') or '—'}).")
    review = [c["id"] for c in document["criteria"] if c["status"] == "needs_review"]
    if review:
        lines.append(f"  Tiêu chí chờ người đánh giá xem lại minh chứng: {', '.join(review)}.")
    return lines


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    demo = command(sub, "demo", "chạy thử trọn vẹn trên cổng thông tin mẫu đi kèm")
    demo.add_argument("--out", default=None, metavar="THƯ_MỤC", help="thư mục ghi kết quả (mặc định: audit-out/demo)")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return run_demo(args.out, settings)


def run_demo(out: str | None, given: Settings) -> int:
    """Serve simulated portals, audit a healthy one against the TDM sheet with its self-scores and generated
    evidence, write the result and reports, keep them in the demo's store and say how to open the desk on it."""
    from audit.simulator import build_world, serve
    rubric = find_rubric(RUBRIC)
    target = Path(out or "audit-out/demo")
    target.mkdir(parents=True, exist_ok=True)
    sheet = target / "tu-cham.csv"
    with resources.as_file(resources.files("audit.data").joinpath("demo", "self-scores.csv")) as bundled:
        shutil.copyfile(bundled, sheet)
    selfs = read_self_scores(sheet, rubric)
    settings = replace(given, allow_networks=LOOPBACK, crawl_delay=0.02)
    world = build_world(seed=SEED, n_portals=10)
    portal = next(p for p in world.portals if p.template == "hcm" and not p.faults)
    evidence = make_evidence(target / "minh-chung", portal.name)
    documents = parse_files([str(evidence)], settings)
    issuer_flags(documents, portal.name)
    school = {"id": SCHOOL_ID, "name": portal.name, "district": district_of(portal.name),
              "self_scores": str(sheet.resolve()), "evidence": str(evidence.resolve())}
    with serve(world) as running:
        url = running.url(portal.id)
        print(f"Cổng mẫu ({portal.name}) đang chạy tại {url}; đang kiểm tra…", flush=True)
        document, outcome = run_audit([url], rubric, parse_school_year(YEAR), selfs, settings,
                                      documents=documents, school={"id": SCHOOL_ID, "name": portal.name})
        expected = running.manifest()[portal.id]["expected"][YEAR]["news_in_window"]
    write_json(document, str(target / "result.json"))
    snapshots = write_snapshots(target, document, outcome.pages, outcome_reader(outcome.pages))
    reports = write_school_report(target, document, rubric=rubric, snapshots=snapshots)
    password = keep_in_store(demo_settings(settings, target / "var"), school, document, outcome, documents)
    print(summary_table(document))
    print(f"\nSố tin bài thật của cổng mẫu trong năm học {YEAR}: {expected}; máy đếm được: "
          f"{document['posts']['total_in_window']}.")
    print("\n".join(evidence_lines(document, evidence)))
    print(f"Kết quả đầy đủ (JSON): {_shown(target / 'result.json')}")
    print("Báo cáo cho người đánh giá: " + ", ".join(_shown(p) for p in reports))
    print()
    print(desk_instructions(target / "var", school["district"], password, given))
    return 0
