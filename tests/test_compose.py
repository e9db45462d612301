"""docker-compose.yml holds together (no Docker engine here: the file is checked, not run)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from audit.config import load_settings

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_production_service_is_there() -> None:
    services = _compose()["services"]
    assert {"redis", "postgres", "crawl-worker", "evidence-worker", "beat", "flower", "review"} <= set(services)
    assert "audit.review.app:wsgi_app()" in services["review"]["entrypoint"]
    assert "crawl" in services["crawl-worker"]["command"] and "threads" in services["crawl-worker"]["command"]
    assert any("evidence" in part for part in services["evidence-worker"]["command"])


def test_settings_of_the_compose_file_are_ones_the_service_reads() -> None:
    env = _compose()["x-audit"]["environment"]
    settings = load_settings(env={k: str(v) for k, v in env.items()})
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.broker_url == "redis://redis:6379/0"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(AUDIT_[A-Z_]+)`", readme))
    assert set(env) <= documented, set(env) - documented


def test_the_image_installs_what_the_services_run() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "tesseract-ocr-vie" in dockerfile and "flower" in dockerfile and "gunicorn" in dockerfile
