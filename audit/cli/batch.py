"""`audit batch`: register a registry's schools and run them here (--inline) or on the workers."""
from __future__ import annotations

import argparse
import sys

from kombu.utils.url import maybe_sanitize_url

from audit.batch import enqueue, register, run_inline
from audit.cli.common import resolve_year
from audit.cli.parser import YEAR_HELP, Subparsers, command
from audit.cli.progress import batch_display
from audit.config import Settings
from audit.crawl.progress import listening
from audit.errors import InputError
from audit.queue import client, workers_listening
from audit.registry import load_registry
from audit.store import Store


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    batch = command(sub, "batch", "kiểm tra mọi trường trong một danh sách (qua Celery, hoặc ngay tại đây với --inline)")
    batch.add_argument("registry", nargs="?", metavar="DANH_SÁCH", help="tệp danh sách trường (YAML hoặc CSV)")
    batch.add_argument("--year", metavar="NĂM_HỌC", help=YEAR_HELP)
    batch.add_argument("--inline", action="store_true", help="chạy ngay tại đây, không cần hàng đợi (broker)")
    batch.add_argument("--resume", metavar="MÃ_ĐỢT", help="đưa lại vào hàng đợi các trường chưa xong của đợt này")
    batch.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return batch_command(args.registry, args.year, args.inline, args.resume, settings)


WORKER_COMMAND = "celery -A workers.app worker -Q crawl,evidence,score --pool threads -c 8"
NO_WORKER = ("audit: batch: không có worker nào đang nghe hàng đợi {broker}; các trường vẫn được đưa vào hàng "
             "đợi và sẽ chạy khi có worker. Khởi động một worker (README, mục 'Workers outside docker-compose'): "
             f"{WORKER_COMMAND} — hoặc chạy ngay tại đây với --inline")
NO_BROKER = ("không kết nối được hàng đợi (broker) {broker}: {error}. Khởi động Redis (redis-server) hoặc đặt "
             "AUDIT_BROKER_URL — hoặc chạy ngay tại đây với --inline")


def warn_without_workers(settings: Settings) -> None:
    """Before queueing: one line on stderr when no worker answers (the batch is queued all the same: it waits in
    Redis for the first worker, which may be starting right now), and an InputError (exit 2, nothing registered
    nor queued) when the broker itself cannot be reached."""
    broker = maybe_sanitize_url(settings.broker_url)
    try:
        answering = workers_listening(client(settings))
    except Exception as exc:  # noqa: BLE001 - kombu/redis raise many kinds; all mean "no broker here"
        raise InputError("batch", NO_BROKER.format(broker=broker, error=exc)) from None
    if not answering:
        print(NO_WORKER.format(broker=broker), file=sys.stderr)


def batch_command(registry: str | None, year_text: str | None, inline: bool, resume: str | None,
                  settings: Settings) -> int:
    """`audit batch`: register and run (or enqueue) a registry; `--resume` re-enqueues what is unfinished."""
    entries = None
    if not resume:
        if not registry:
            raise InputError("REGISTRY", "cần tệp danh sách trường (YAML/CSV) hoặc --resume BATCH")
        entries = load_registry(registry)  # bad input is reported before anything is written
    store = Store(settings)
    try:
        if resume:
            try:
                year, pending = store.batch_year(resume), store.pending_schools(resume)
            except KeyError:
                raise InputError("--resume", f"không có đợt kiểm tra '{resume}' trong kho dữ liệu") from None
            warn_without_workers(settings)
            enqueue(store, settings, resume, year, pending)
            print(f"{resume}: {len(pending)} trường được đưa lại vào hàng đợi")
            return 0
        assert entries is not None
        year = str(resolve_year(year_text))
        if not inline:
            warn_without_workers(settings)   # before the batch is registered: no broker, no batch
        batch_id = register(store, entries, year)
        ids = [e.id for e in entries]
        if inline:
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
