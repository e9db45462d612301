"""The README's layout section matches the tree: every folder of the package and of the repository is described,
and everything it describes exists."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = ("audit", "workers", "config", "tests", "bench", "examples")


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1]
    return section.split("```", 2)[1]


def _described() -> tuple[set[str], set[str]]:
    """(top-level entries, entries under audit/) named at the start of the block's lines."""
    top, inner = set(), set()
    for line in _layout().splitlines():
        if m := re.match(r"^(\S+?)/?\s{2,}", line):
            top.add(m.group(1).rstrip("/"))
        elif m := re.match(r"^  (\S+?)/?\s{2,}", line):
            inner.add(m.group(1).rstrip("/"))
        for extra in re.findall(r"; (\w+\.py):", line):
            inner.add(extra)
    return top, inner


def test_every_package_folder_is_described_and_every_described_entry_exists() -> None:
    top, inner = _described()
    folders = {p.name for p in (ROOT / "audit").iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders <= inner, folders - inner
    assert all((ROOT / "audit" / name).exists() for name in inner), [n for n in inner if not (ROOT / "audit" / n).exists()]
    assert set(TOP) <= top and all((ROOT / name).exists() for name in top if not name.endswith(".yml"))
