"""Thin Celery tasks: load, call the core, save."""
from __future__ import annotations

from typing import Any

from audit.commands import score_once
from workers.app import app


@app.task(name="audit.score_saved", queue="score")
def score_saved(rubric_id: str, findings_path: str, self_scores_path: str | None, year: str) -> dict[str, Any]:
    """Score saved findings and a self-score sheet; returns the contract's result document."""
    return score_once(rubric_id, findings_path, self_scores_path, year)
