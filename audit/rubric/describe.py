"""Rubric descriptions for `audit rubrics show`: JSON per the contract, and a text table."""
from __future__ import annotations

from typing import Any

from audit.rubric.model import Rubric


def describe(rubric: Rubric) -> dict[str, Any]:
    """The contract's `rubrics show --json` document."""
    return {
        "id": rubric.id, "title": rubric.title, "total": rubric.total,
        "criteria": [{"id": c.id, "title": c.title, "max": c.max, "group": c.group,
                      "check": c.check_kind, "bonus": c.bonus} for c in rubric.criteria],
    }


def render_text(rubric: Rubric) -> str:
    """A plain table of the criteria in sheet order."""
    lines = [f"{rubric.id}: {rubric.title} ({rubric.total:g} điểm)"]
    for c in rubric.criteria:
        kind = c.check_kind or "người đánh giá"
        bonus = " [thưởng]" if c.bonus else ""
        title = c.title if len(c.title) <= 70 else c.title[:69] + "…"
        lines.append(f"  {c.id:<8} {c.max:>5g}  {kind:<24} {title}{bonus}")
    return "\n".join(lines)
