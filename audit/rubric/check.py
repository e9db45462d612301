"""`audit rubrics check`: validate rubric files, one problem per file."""
from __future__ import annotations

from pathlib import Path

from audit.rubric.loader import RUBRICS_DIR, RubricError, load_rubric, rubric_files


def check_files(paths: list[Path]) -> tuple[list[str], int]:
    """First problem of each file as 'file:line: message', and how many files were checked."""
    files: list[Path] = []
    for p in paths or [RUBRICS_DIR]:
        files.extend(rubric_files(p) if p.is_dir() else [p])
    problems = []
    for f in files:
        try:
            load_rubric(f)
        except RubricError as exc:
            problems.append(str(exc))
    return problems, len(files)
