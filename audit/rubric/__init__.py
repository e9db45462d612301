"""Rubrics as data: the typed model, the YAML loader and the validator."""
from audit.rubric.loader import RubricError, load_rubric, load_all, find_rubric
from audit.rubric.model import Check, Criterion, Group, Rubric, Scoring

__all__ = ["Check", "Criterion", "Group", "Rubric", "Scoring", "RubricError",
           "load_rubric", "load_all", "find_rubric"]
