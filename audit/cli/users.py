"""`audit users`: add, list, change the password of, disable and enable the desk's accounts; their API tokens."""
from __future__ import annotations

import argparse
import getpass
import re
import sys
import unicodedata
from typing import Any, TextIO

from audit.cli.parser import Subparsers, command
from audit.config import Settings
from audit.errors import InputError
from audit.review import labels
from audit.review.auth import normalise_username
from audit.review.passwords import hash_password, password_problem
from audit.store import Store
from audit.store.tokens import new_token, token_hash

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
SOURCE = "users"


def valid_username(name: str) -> str:
    """The normalised username; InputError when it has other characters than a-z 0-9 . _ @ -."""
    username = normalise_username(name)
    if not USERNAME.match(username):
        raise InputError(SOURCE, f"tên đăng nhập không hợp lệ: '{name}' (chỉ gồm a-z, 0-9, . _ @ -, 2–100 ký tự)")
    return username


def clean_districts(role: str, districts: list[str]) -> list[str]:
    """The districts as typed (NFC, trimmed, once each); a reviewer needs at least one, a school account none
    (its district is its school's)."""
    out = list(dict.fromkeys(" ".join(unicodedata.normalize("NFC", d).split()) for d in districts if d.strip()))
    if role == "reviewer" and not out:
        raise InputError(SOURCE, "người kiểm tra cần ít nhất một --district (quận/huyện được xem)")
    if role == "school" and out:
        raise InputError(SOURCE, "tài khoản trường không nhận --district: quận/huyện là của trường (--school)")
    return out


def school_of(store: Store, role: str, school_id: str | None) -> dict[str, Any] | None:
    """The registered school a school account is tied to (None for the other roles); InputError when missing."""
    school_id = (school_id or "").strip()
    if role != "school":
        if school_id:
            raise InputError(SOURCE, "chỉ tài khoản trường (--role school) gắn với một --school")
        return None
    if not school_id:
        raise InputError(SOURCE, "tài khoản trường cần --school MÃ_TRƯỜNG (mã trong sổ đăng ký trường)")
    try:
        return store.school(school_id)
    except KeyError:
        raise InputError(SOURCE, f"không có trường '{school_id}' (đăng ký trường trước: audit batch)") from None


def read_password(from_stdin: bool, stdin: TextIO, username: str) -> str:
    """The new password: one line of stdin, or typed twice on the terminal; InputError when refused."""
    if from_stdin:
        password = stdin.readline().rstrip("\r\n")
    elif not stdin.isatty():
        raise InputError(SOURCE, "không có terminal để nhập mật khẩu; dùng --password-stdin")
    else:
        password = getpass.getpass("Mật khẩu mới: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise InputError(SOURCE, "hai lần nhập mật khẩu không khớp")
    problem = password_problem(password, username)
    if problem:
        raise InputError(SOURCE, problem)
    return password


def add_account(store: Store, username: str, role: str, districts: list[str], from_stdin: bool, stdin: TextIO,
        school_id: str | None = None) -> int:
    """Create an account (a school account tied to its registered school)."""
    name = valid_username(username)
    places = clean_districts(role, districts)
    school = school_of(store, role, school_id)
    if store.user(name) is not None:
        raise InputError(SOURCE, f"tài khoản '{name}' đã có")
    store.add_user(name, hash_password(read_password(from_stdin, stdin, name)), role, places,
                   school["id"] if school else None)
    where = places or ([school_line(school)] if school else [])
    print(f"Đã tạo tài khoản {name} ({labels.ROLE[role].lower()}" + (f": {', '.join(where)})" if where else ")"))
    return 0


def school_line(school: dict[str, Any]) -> str:
    """A school as the account commands name it: "trường <id> — <name>, <district>"."""
    details = ", ".join(x for x in (school.get("name"), school.get("district")) if x)
    return f"trường {school['id']}" + (f" — {details}" if details else "")


def _existing(store: Store, username: str) -> str:
    name = normalise_username(username)
    if store.user(name) is None:
        raise InputError(SOURCE, f"không có tài khoản '{username}'")
    return name


def passwd(store: Store, username: str, from_stdin: bool, stdin: TextIO) -> int:
    """Change a password (the account's open sessions end)."""
    name = _existing(store, username)
    store.set_password(name, hash_password(read_password(from_stdin, stdin, name)))
    print(f"Đã đổi mật khẩu của {name}")
    return 0


def set_active(store: Store, username: str, active: bool) -> int:
    """Disable (or enable again) an account; a disabled account cannot log in and its sessions end."""
    name = _existing(store, username)
    store.set_active(name, active)
    print(f"Đã {'mở lại' if active else 'khóa'} tài khoản {name}")
    return 0


def listing(store: Store) -> int:
    """One line per account: name, role, districts, state, created, active API tokens."""
    counts = store.token_counts()
    for u in store.users():
        state = "hoạt động" if u["active"] else "đã khóa"
        print("\t".join([u["username"], u["role"], _scope(store, u), state,
                         labels.local_time(u["created_at"]), f"{counts.get(u['username'], 0)} token"]))
    return 0


def make_token(store: Store, username: str) -> int:
    """Print one new API token of an active account (only its SHA-256 is kept: it cannot be shown again)."""
    name = _existing(store, username)
    if not (store.user(name) or {}).get("active"):
        raise InputError(SOURCE, f"tài khoản '{name}' đang bị khóa; mở lại trước khi tạo token")
    token = new_token()
    store.add_token(name, token_hash(token))
    print(token)
    print(f"Token API mới của {name}: lưu lại ngay, không xem lại được "
          f"(thu hồi: audit users revoke-tokens {name})", file=sys.stderr)
    return 0


def revoke(store: Store, username: str) -> int:
    """Revoke every API token of an account."""
    name = _existing(store, username)
    print(f"Đã thu hồi {store.revoke_tokens(name)} token API của {name}")
    return 0


def _scope(store: Store, user: dict[str, Any]) -> str:
    """What an account sees, for the listing: its districts, or its school."""
    if user.get("school_id"):
        try:
            return school_line(store.school(user["school_id"]))
        except KeyError:
            return f"trường {user['school_id']} (không còn trong sổ đăng ký)"
    return "; ".join(user["districts"]) or "-"


def add(sub: Subparsers) -> None:
    """The sub-commands' arguments."""
    users = command(sub, "users", "quản lý tài khoản của bàn kiểm tra").add_subparsers(dest="action", required=True)
    add = command(users, "add", "tạo tài khoản (mật khẩu nhập từ terminal hoặc qua --password-stdin)")
    add.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập (a-z, 0-9, . _ @ -)")
    add.add_argument("--role", choices=("reviewer", "admin", "school"), required=True,
                     help="vai trò: reviewer (người kiểm tra), admin (quản trị) hoặc school (trường tự kiểm tra)")
    add.add_argument("--district", action="append", default=[], metavar="QUẬN_HUYỆN",
                     help="một quận/huyện người kiểm tra được xem (dùng lặp lại được)")
    add.add_argument("--school", metavar="MÃ_TRƯỜNG",
                     help="trường của tài khoản school (mã trong sổ đăng ký; chỉ thấy trường này)")
    add.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                     help="đọc mật khẩu từ một dòng của đầu vào chuẩn")
    command(users, "list", "liệt kê các tài khoản")
    passwd = command(users, "passwd", "đổi mật khẩu của một tài khoản (các phiên đang mở sẽ kết thúc)")
    passwd.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    passwd.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                        help="đọc mật khẩu từ một dòng của đầu vào chuẩn")
    command(users, "disable", "khóa một tài khoản (không đăng nhập được nữa)").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    command(users, "enable", "mở lại một tài khoản đã khóa").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    command(users, "token", "tạo một token API mới cho tài khoản (in ra một lần; chỉ lưu mã băm)").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    command(users, "revoke-tokens", "thu hồi mọi token API của một tài khoản").add_argument(
        "username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập")
    for parser in users.choices.values():
        parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return users_command(settings, args.action, getattr(args, "username", None), getattr(args, "role", "reviewer"),
                         getattr(args, "district", None), getattr(args, "password_stdin", False),
                         getattr(args, "school", None))


def users_command(settings: Settings, action: str, username: str | None = None, role: str = "reviewer",
                  districts: list[str] | None = None, password_stdin: bool = False,
                  school_id: str | None = None) -> int:
    """Run one `audit users` action against the configured store."""
    with Store(settings) as store:
        if action == "list":
            return listing(store)
        if not username:
            raise InputError(SOURCE, "thiếu tên đăng nhập")
        if action == "add":
            return add_account(store, username, role, districts or [], password_stdin, sys.stdin, school_id)
        if action == "passwd":
            return passwd(store, username, password_stdin, sys.stdin)
        if action == "token":
            return make_token(store, username)
        if action == "revoke-tokens":
            return revoke(store, username)
        return set_active(store, username, action == "enable")
