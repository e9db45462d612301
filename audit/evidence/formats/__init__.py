"""Evidence as schools send it: Word files, photos and scans, ZIP archives (besides PDFs)."""
