"""Settings come from the environment and an optional file, read in one place."""
from __future__ import annotations

from pathlib import Path

from audit.config import load_settings


def test_defaults() -> None:
    s = load_settings(env={})
    assert s.data_dir == Path("var") and s.database_url == "sqlite:///var/audit.sqlite3"
    assert s.broker_url == "redis://127.0.0.1:6379/0" and s.crawl_delay == 1.0 and s.per_host == 1
    assert s.allow_networks == ()


def test_file_then_environment(tmp_path: Path) -> None:
    conf = tmp_path / "audit.env"
    conf.write_text("# comment\nAUDIT_CRAWL_DELAY=2.5\nAUDIT_PER_HOST=3\n", encoding="utf-8")
    s = load_settings(env={"AUDIT_CONFIG": str(conf), "AUDIT_PER_HOST": "2",
                           "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8, ::1/128"})
    assert s.crawl_delay == 2.5 and s.per_host == 2 and s.allow_networks == ("127.0.0.0/8", "::1/128")
