"""Accounts: the store's users table and `audit users add|list|passwd|disable|enable`."""
from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from audit.cli import main
from audit.config import Settings, load_settings
from audit.review.passwords import verify_password
from audit.store import Store

PASSWORD = "mat-khau-cua-an"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command line's environment: a private store."""
    monkeypatch.setenv("AUDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AUDIT_DATABASE_URL", f"sqlite:///{(tmp_path / 'audit.sqlite3').as_posix()}")
    return load_settings()


@pytest.fixture
def store(env: Settings) -> Iterator[Store]:
    with Store(env) as st:
        yield st


def _cli(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["users", *args])


def test_store_users_round_trip(store: Store) -> None:
    uid = store.add_user("an", "hash-1", "reviewer", ["Dĩ An", "Thuận An"])
    assert uid > 0
    user = store.user("an")
    assert user is not None and user["districts"] == ["Dĩ An", "Thuận An"] and user["active"] is True
    assert user["role"] == "reviewer" and user["password_hash"] == "hash-1" and user["created_at"]
    store.set_password("an", "hash-2")
    store.set_active("an", False)
    user = store.user("an")
    assert user is not None and (user["password_hash"], user["active"]) == ("hash-2", False)
    assert store.user("ai") is None and [u["username"] for u in store.users()] == ["an"]
    with pytest.raises(ValueError):
        store.add_user("an", "hash-3", "reviewer", [])
    with pytest.raises(ValueError):
        store.add_user("binh", "hash-3", "owner", [])
    with pytest.raises(KeyError):
        store.set_password("ai", "x")


def test_the_database_enforces_role_and_unique_names(store: Store) -> None:
    store.add_user("an", "h", "admin", [])
    insert = text("INSERT INTO users (username, password_hash, role, districts, created_at, active) "
                  "VALUES (:u, 'h', :r, '[]', '2026-01-01 00:00:00', 1)")
    for params in ({"u": "binh", "r": "owner"}, {"u": "an", "r": "admin"}):
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(insert, params)


def test_add_list_passwd_disable_enable(env: Settings, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(monkeypatch, PASSWORD + "\n", "add", "An", "--role", "reviewer", "--district", "Dĩ An",
                "--district", "Thuận An", "--password-stdin") == 0
    assert _cli(monkeypatch, "quan-tri-vien-1\n", "add", "admin", "--role", "admin", "--password-stdin") == 0
    assert "Đã tạo tài khoản an" in capsys.readouterr().out
    with Store(env) as st:
        user = st.user("an")
        assert user is not None and verify_password(user["password_hash"], PASSWORD)
        assert user["password_hash"].startswith("$argon2id$") and user["districts"] == ["Dĩ An", "Thuận An"]
    assert _cli(monkeypatch, "", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:4] == ["admin", "admin", "-", "hoạt động"]
    assert lines[1].split("\t")[:4] == ["an", "reviewer", "Dĩ An; Thuận An", "hoạt động"]
    assert _cli(monkeypatch, "mat-khau-moi-cua-an\n", "passwd", "an", "--password-stdin") == 0
    assert _cli(monkeypatch, "", "disable", "an") == 0
    with Store(env) as st:
        user = st.user("an")
        assert user is not None and not user["active"]
        assert verify_password(user["password_hash"], "mat-khau-moi-cua-an")
    assert _cli(monkeypatch, "", "enable", "an") == 0
    with Store(env) as st:
        assert (st.user("an") or {}).get("active") is True


@pytest.mark.parametrize("stdin, args, message", [
    ("ngan\n", ("add", "an", "--role", "reviewer", "--district", "Dĩ An", "--password-stdin"), "ít nhất 10 ký tự"),
    (PASSWORD + "\n", ("add", "an", "--role", "reviewer", "--password-stdin"), "ít nhất một --district"),
    (PASSWORD + "\n", ("add", "a b", "--role", "admin", "--password-stdin"), "tên đăng nhập không hợp lệ"),
    (PASSWORD + "\n", ("passwd", "ai-do", "--password-stdin"), "không có tài khoản 'ai-do'"),
    ("", ("disable", "ai-do"), "không có tài khoản"),
    (PASSWORD + "\n", ("add", "an", "--role", "admin"), "dùng --password-stdin"),
])
def test_bad_input_exits_2_with_one_vietnamese_line(env: Settings, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], stdin: str,
                                                    args: tuple[str, ...], message: str) -> None:
    assert _cli(monkeypatch, stdin, *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and err.startswith("audit: users: ")


def test_a_taken_name_is_refused(env: Settings, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(monkeypatch, PASSWORD + "\n", "add", "an", "--role", "admin", "--password-stdin") == 0
    assert _cli(monkeypatch, PASSWORD + "\n", "add", "AN", "--role", "admin", "--password-stdin") == 2
    assert "đã có" in capsys.readouterr().err


def test_the_serve_command_is_wired(monkeypatch: pytest.MonkeyPatch, env: Settings) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("audit.cli.serve.run_simple",
                        lambda host, port, app, **kw: seen.update(host=host, port=port, threaded=kw.get("threaded")))
    assert main(["serve", "--port", "8123"]) == 0
    assert seen == {"host": "127.0.0.1", "port": 8123, "threaded": True}
    assert (Path(env.data_dir) / "secret_key").exists()


def test_settings_of_the_desk() -> None:
    s = load_settings(env={})
    assert (s.secret_key, s.cookie_secure, s.serve_host, s.serve_port, s.session_hours) == (
        None, False, "127.0.0.1", 8080, 8.0)
    s = load_settings(env={"AUDIT_SECRET_KEY": "k" * 40, "AUDIT_COOKIE_SECURE": "true", "AUDIT_SERVE_HOST": "0.0.0.0",
                           "AUDIT_SERVE_PORT": "9000", "AUDIT_SESSION_HOURS": "4"})
    assert (s.secret_key, s.cookie_secure, s.serve_host, s.serve_port, s.session_hours) == (
        "k" * 40, True, "0.0.0.0", 9000, 4.0)
    assert replace(s, cookie_secure=False).cookie_secure is False
