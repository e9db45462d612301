"""`audit status BATCH`: how far a batch has come."""
from __future__ import annotations

import argparse

from audit.batch import print_status
from audit.cli.parser import Subparsers, command
from audit.config import Settings
from audit.errors import InputError
from audit.store import Store


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    status = command(sub, "status", "tiến độ của một đợt kiểm tra")
    status.add_argument("batch", metavar="MÃ_ĐỢT", help="mã đợt kiểm tra (do audit batch in ra)")
    status.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return status_command(args.batch, settings)


def status_command(batch_id: str, settings: Settings) -> int:
    """`audit status BATCH`: done, failed and pending schools (a bar in a terminal)."""
    store = Store(settings)
    try:
        print_status(store, batch_id)
        return 0
    except KeyError:
        raise InputError("status", f"không có đợt kiểm tra '{batch_id}' trong kho dữ liệu") from None
    finally:
        store.close()
