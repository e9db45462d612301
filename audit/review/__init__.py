"""The reviewers' desk: a small server-rendered web app where reviewers decide the final scores."""
from __future__ import annotations

from audit.review.app import create_app

__all__ = ["create_app"]
