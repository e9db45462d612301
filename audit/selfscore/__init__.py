"""Import a school's self-scores ("Tự chấm") from the sheet it filled in: CSV, XLSX or DOCX."""
from audit.selfscore.importer import read_self_scores

__all__ = ["read_self_scores"]
