"""What the commands share: the --year value, JSON out, saved findings and results in."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from audit.config import TIMEZONE
from audit.errors import InputError
from audit.findings import Finding, findings_from_json
from audit.result import upgrade
from audit.schoolyear import SchoolYear, parse_school_year, school_year_of


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
