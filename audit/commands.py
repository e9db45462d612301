"""Imperative shell of the CLI commands: load inputs, call the core, write outputs."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from urllib.parse import urlsplit

from audit.assess import assess
from audit.cli_progress import crawl_display
from audit.config import load_settings
from audit.evidence.match import issuer_flags
from audit.evidence.run import parse_files
from audit.school import normalise_url, run_audit
from audit.config import TIMEZONE
from audit.errors import InputError
from audit.findings import Finding, findings_from_json
from audit.render import summary_table
from audit.result import schema_errors, upgrade
from audit.district import share_findings
from audit.rubric import find_rubric
from audit.schoolyear import SchoolYear, parse_school_year, school_year_of
from audit.selfscore import read_self_scores

NO_CRAWL = {"status": "failed", "pages_fetched": 0,
            "errors": [{"url": "", "error": "lần chấm này không thu thập cổng thông tin"}]}


def resolve_year(text: str | None) -> SchoolYear:
    """The --year value, or the school year containing today in Vietnam."""
    if not text:
        return school_year_of(datetime.now(ZoneInfo(TIMEZONE)).date())
    try:
        return parse_school_year(text)
    except ValueError as exc:
        raise InputError("--year", str(exc)) from None


def load_findings(path: str | None) -> tuple[dict[str, Any], dict[str, Finding]]:
    """A findings file: {"school": {...}, "crawl": {...}, "findings": {key: {...}}}."""
    if not path:
        return {}, {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return data, findings_from_json(data.get("findings", {}))
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise InputError(path, f"không đọc được tệp kết quả kiểm tra: {exc}") from None


def write_json(document: Any, target: str) -> None:
    """Write JSON to a file, or to stdout for '-'."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if target == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(text + "\n", encoding="utf-8")


def load_school_results(paths: list[str]) -> list[dict[str, Any]]:
    """School result documents from files, or folders holding result.json files."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.rglob("result.json")) if p.is_dir() else [p])
    results = []
    for f in files:
        try:
            results.append(upgrade(json.loads(f.read_text(encoding="utf-8"))))
        except (OSError, ValueError, AttributeError) as exc:
            raise InputError(str(f), f"không đọc được kết quả của trường: {exc}") from None
    return results


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


def evidence_command(paths: list[str], json_target: str | None) -> int:
    """`audit evidence`: parse the files, print the table, write the JSON list."""
    from audit.config import load_settings
    from audit.evidence.run import evidence_table, parse_files
    docs = parse_files(paths, load_settings())
    problems = schema_errors(docs, "evidence")
    if problems:
        raise RuntimeError("evidence breaks the contract: " + "; ".join(problems[:3]))
    if json_target != "-":
        print(evidence_table(docs))
    if json_target:
        write_json(docs, json_target)
    return 0


WORKER_COMMAND = "celery -A workers.app worker -Q crawl,evidence,score --pool threads -c 8"
NO_WORKER = ("audit: batch: không có worker nào đang nghe hàng đợi {broker}; các trường vẫn được đưa vào hàng "
             "đợi và sẽ chạy khi có worker. Khởi động một worker (README, mục 'Workers outside docker-compose'): "
             f"{WORKER_COMMAND} — hoặc chạy ngay tại đây với --inline")
NO_BROKER = ("không kết nối được hàng đợi (broker) {broker}: {error}. Khởi động Redis (redis-server) hoặc đặt "
             "AUDIT_BROKER_URL — hoặc chạy ngay tại đây với --inline")


def workers_listening(timeout: float = 1.0) -> int:
    """How many Celery workers answer a ping on the broker (the first answer ends the wait)."""
    from audit.config import load_settings
    from audit.queue import client, workers_listening as listening
    return listening(client(load_settings()), timeout)


def warn_without_workers() -> None:
    """Before queueing: one line on stderr when no worker answers (the batch is queued all the same: it waits in
    Redis for the first worker, which may be starting right now), and an InputError (exit 2, nothing registered
    nor queued) when the broker itself cannot be reached."""
    from kombu.utils.url import maybe_sanitize_url
    from audit.config import load_settings
    broker = maybe_sanitize_url(load_settings().broker_url)
    try:
        listening = workers_listening()
    except Exception as exc:  # noqa: BLE001 - kombu/redis raise many kinds; all mean "no broker here"
        raise InputError("batch", NO_BROKER.format(broker=broker, error=exc)) from None
    if not listening:
        print(NO_WORKER.format(broker=broker), file=sys.stderr)


def batch_command(registry: str | None, year_text: str | None, inline: bool, resume: str | None) -> int:
    """`audit batch`: register and run (or enqueue) a registry; `--resume` re-enqueues what is unfinished."""
    from audit.batch import enqueue, register, run_inline
    from audit.config import load_settings
    from audit.store import Store
    settings = load_settings()
    entries = None
    if not resume:
        if not registry:
            raise InputError("REGISTRY", "cần tệp danh sách trường (YAML/CSV) hoặc --resume BATCH")
        from audit.registry import load_registry
        entries = load_registry(registry)  # bad input is reported before anything is written
    store = Store(settings)
    try:
        if resume:
            try:
                year, pending = store.batch_year(resume), store.pending_schools(resume)
            except KeyError:
                raise InputError("--resume", f"không có đợt kiểm tra '{resume}' trong kho dữ liệu") from None
            warn_without_workers()
            enqueue(store, settings, resume, year, pending)
            print(f"{resume}: {len(pending)} trường được đưa lại vào hàng đợi")
            return 0
        assert entries is not None
        year = str(resolve_year(year_text))
        if not inline:
            warn_without_workers()   # before the batch is registered: no broker, no batch
        batch_id = register(store, entries, year)
        ids = [e.id for e in entries]
        if inline:
            from audit.cli_progress import batch_display
            from audit.crawl.progress import listening
            with batch_display(len(entries)) as display:
                for n, entry in enumerate(entries, 1):   # one at a time, so the display knows the school
                    with display.school(n, len(entries), entry.name or entry.id) as hook, listening(hook):
                        run_inline(store, settings, batch_id, year, [entry.id])
        else:
            enqueue(store, settings, batch_id, year, ids)
        print(batch_id)
        return 0
    finally:
        store.close()


def status_command(batch_id: str) -> int:
    """`audit status BATCH`: done, failed and pending schools (a bar in a terminal)."""
    from audit.batch import print_status
    from audit.config import load_settings
    from audit.store import Store
    store = Store(load_settings())
    try:
        print_status(store, batch_id)
        return 0
    except KeyError:
        raise InputError("status", f"không có đợt kiểm tra '{batch_id}' trong kho dữ liệu") from None
    finally:
        store.close()


def _rebuild_stored(batch_id: str | None, year: str | None, out: str | None) -> list[Path]:
    """Reports from the store: a batch, or the newest results of a year."""
    from audit.config import load_settings
    from audit.report import rebuild_batch, rebuild_latest
    from audit.store import Store
    store = Store(load_settings())
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


def report_command(results: list[str], batch_id: str | None, out: str | None, year: str | None = None) -> int:
    """`audit report`: rebuild the per-school reports and the summary of a stored batch, of every school's
    newest result of a year, or of result files."""
    from audit.report import read_result_files, rebuild_files
    if sum(map(bool, (results, batch_id, year))) != 1:
        raise InputError("audit report", "cần đúng một trong: --batch MÃ_ĐỢT, --year NĂM_HỌC, các tệp result.json")
    if batch_id or year:
        written = _rebuild_stored(batch_id, str(resolve_year(year)) if year else None, out)
    else:
        written = rebuild_files(read_result_files(results), Path(out or "audit-out/report"))
    summary = next((p for p in written if p.name == "summary.html"), None)
    print(f"Đã viết {len(written)} tệp báo cáo; tổng hợp: {summary}")
    return 0


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
                   name: str | None = None) -> int:
    """Audit one school end to end; exit 3 when the portal could not be crawled at all."""
    urls = normalise_url(url)
    rubric = find_rubric(rubric_id)
    year = resolve_year(year_text)
    selfs = read_self_scores(self_path, rubric) if self_path else {}
    settings = load_settings()
    documents = parse_files(evidence, settings) if evidence else None
    if documents:
        issuer_flags(documents, name)
    host = urlsplit(urls[0]).netloc.replace(":", "_")
    folder = Path(out_dir or Path("audit-out") / host)
    with crawl_display(urlsplit(urls[0]).netloc) as progress:
        document, outcome = run_audit(urls, rubric, year, selfs, settings, insecure,
                                      previous_readings(folder, urls[0]), documents, {"name": name}, progress)
    write_json(document, str(folder / "result.json"))
    from audit.report import write_school_report
    from audit.report.snapshots import outcome_reader, write_snapshots
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
