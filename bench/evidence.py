"""Benchmark: parse generated evidence; print seconds per text document and per scanned page.

Usage: .venv/bin/python bench/evidence.py [--text 30] [--scans 6] [--seed 5] [--workers 2]
Each file is read in its own limited child process; `--workers` files are read at once.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from audit.config import load_settings
from audit.docgen import make_corpus, render_pdf, render_scan
from audit.evidence.run import parse_files

FIELDS = ("doc_type", "number", "issued_on", "issuer", "title", "signer")


def _same(value: object) -> object:
    """Values compared with en and em dashes read as hyphens (OCR reads "2023 – 2024" as "2023 - 2024")."""
    return value.replace("–", "-").replace("—", "-") if isinstance(value, str) else value


def _right(specs: list, docs: list) -> str:
    def truth(s: object, f: str) -> object:
        v = s.truth.get(f)  # type: ignore[attr-defined]
        return v.isoformat() if f == "issued_on" and v is not None and not isinstance(v, str) else v
    return ", ".join(f"{f} {sum(_same(d.get(f)) == _same(truth(s, f)) for s, d in zip(specs, docs))}/{len(specs)}"
                     for f in FIELDS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--text", type=int, default=30)
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    settings = replace(load_settings(), evidence_workers=args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        specs = make_corpus(seed=args.seed, n=max(args.text, args.scans))
        text = [str(render_pdf(s, out)) for s in specs[:args.text]]
        scans = [str(render_scan(s, out, random.Random(1))) for s in specs[:args.scans]]
        for label, paths, chosen in (("text", text, specs[:args.text]), ("scan", scans, specs[:args.scans])):
            if not paths:
                continue
            start = time.perf_counter()
            docs = parse_files(paths, settings)
            wall = time.perf_counter() - start
            ocr_pages = sum(min(d["pages"] or 0, 2) for d in docs)  # first and last page are read
            unit = f"{wall / len(docs):.2f} s/document" if label == "text" else \
                f"{wall / max(ocr_pages, 1):.2f} s/scanned page ({ocr_pages} pages OCR'd)"
            print(f"{label}: {len(docs)} files in {wall:.1f} s wall with {args.workers} workers = {unit}; {_right(chosen, docs)}")


if __name__ == "__main__":
    main()
