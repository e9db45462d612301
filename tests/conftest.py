"""Shared fixtures: rubrics by id, and paths to the shared contract."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.rubric import Rubric, find_rubric

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tdm() -> Rubric:
    return find_rubric("tdm-2021-2022-school")


@pytest.fixture
def longbien() -> Rubric:
    return find_rubric("longbien-2021-eschool")


@pytest.fixture
def thachbanb() -> Rubric:
    return find_rubric("thachbanb-2023-2024-it-staff")
