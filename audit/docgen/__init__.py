"""Deterministic generator of realistic Vietnamese administrative test documents with ground truth."""
from __future__ import annotations

from audit.docgen.broken import make_broken
from audit.docgen.corpus import make_corpus
from audit.docgen.pdf import render_pdf
from audit.docgen.scan import render_scan
from audit.docgen.spec import DocSpec

__all__ = ["DocSpec", "make_broken", "make_corpus", "render_pdf", "render_scan"]
