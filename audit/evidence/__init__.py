"""PDF evidence: read (text, then OCR), identify (Decree 30/2020 layout), match to criteria."""
