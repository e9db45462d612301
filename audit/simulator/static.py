"""Shared stand-in files (PDF, DOC, DOCX) for attachments and forms."""
from __future__ import annotations

from audit.simulator.base import Response


def file_response(name: str) -> Response:
    """A tiny stand-in file (PDF, DOC, DOCX) for attachments and forms."""
    if name.endswith(".pdf"):
        data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        return Response(data, ctype="application/pdf")
    if name.endswith(".docx"):
        return Response(b"PK\x03\x04stub", ctype="application/vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document")
    return Response(b"\xd0\xcf\x11\xe0stub", ctype="application/msword")
