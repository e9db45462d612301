"""Benchmark: documents made as real ones are (Word → LibreOffice PDF, and scans with a wrong OCR layer).

Usage: .venv/bin/python bench/documents.py [--seeds tuning|dev|bench] [--n 120] [--scans 20] [--handwritten 0.25]
       [--failures]

Builds the documents of audit.docgen.word's TUNING_SEEDS or BENCH_SEEDS (BENCH_SEEDS are never
looked at while developing), their scans (most with an English-only OCR layer, some image only),
parses them with the project's parser and prints per-field accuracy against the truth: on the
Word PDFs doc_type, number, issued_on (target ≥ 99%) and issuer, title, signer (≥ 95%); on the
scans doc_type, number, issued_on right and WRONG (a value that is not the truth; target ≤ 1%:
an empty answer beats a wrong one). For a share of the scanned documents (--handwritten, seeded per
document) one more scan is made with the number and the day written by hand into the form, as on
real scans (audit/docgen/handwriting.py); they are reported apart: for a handwritten field an empty
answer is right to say "unknown", the true value is read, anything else is WRONG. Generated files are cached under
~/.cache/school-audit/word-v<VERSION>/ by seed, so reruns only parse.
"""
from __future__ import annotations

import argparse
import random
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from audit.config import load_settings
from audit.docgen.word import (BENCH_SEEDS, CACHE, DEV_SEEDS, DOCS_PER_SEED, TUNING_SEEDS, VERSION, WordDoc,
                               make_word_corpus, render_word)
from audit.docgen.handwriting import digit_boxes
from audit.docgen.wordscan import scan_word_pdf
from audit.evidence.run import parse_files

TEXT_FIELDS = {"doc_type": 0.99, "number": 0.99, "issued_on": 0.99, "issuer": 0.95, "title": 0.95, "signer": 0.95}
SCAN_FIELDS = ("doc_type", "number", "issued_on")
SCAN_WRONG_TARGET = 0.01
OCR_SHARE = 0.75  # scans with an English OCR layer; the rest are images only


def same(value: object) -> object:
    """A value as compared: NFC, en and em dashes read as hyphens, "–"/"—" never count against."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).replace("–", "-").replace("—", "-")


def seed_dir(seed: int) -> Path:
    """Cache folder of one seed's generated files."""
    return CACHE / f"word-v{VERSION}" / f"seed-{seed}-n{DOCS_PER_SEED}"


def build_text(seed: int) -> list[tuple[WordDoc, Path]]:
    """The seed's documents and their Word-exported PDFs (generated once, then cached)."""
    docs = make_word_corpus(seed, DOCS_PER_SEED)
    out = seed_dir(seed) / "text"
    pdfs = [out / f"{d.key}.pdf" for d in docs]
    if not all(p.exists() for p in pdfs):
        render_word(docs, out)
    return list(zip(docs, pdfs))


def build_scan(doc: WordDoc, pdf: Path) -> Path:
    """The document's scan (English OCR layer or image only), generated once, then cached."""
    rng = random.Random(f"scan:{doc.key}")
    ocr = rng.random() < OCR_SHARE
    out = pdf.parent.parent / "scans" / f"{doc.key}_{'ocr' if ocr else 'img'}.pdf"
    if not out.exists():
        scan_word_pdf(pdf, out, doc.spec.signer, doc.spec.issuer, rng, ocr)
    return out


def build_handwritten(doc: WordDoc, pdf: Path, share: float) -> tuple[Path, tuple[str, ...]] | None:
    """For a seeded share of documents, a scan with the number and day written by hand: (file, the fields
    written: "number", "issued_on"); None for the other documents and those with neither printed."""
    if random.Random(f"hand:{doc.key}").random() >= share:
        return None
    day = doc.spec.issued_on.day if doc.spec.issued_on else None
    written = digit_boxes(pdf, doc.spec.number, day)
    if not written:
        return None
    rng = random.Random(f"scan-hand:{doc.key}")
    ocr = rng.random() < OCR_SHARE
    out = pdf.parent.parent / "scans" / f"{doc.key}_hand_{'ocr' if ocr else 'img'}.pdf"
    if not out.exists():
        scan_word_pdf(pdf, out, doc.spec.signer, doc.spec.issuer, rng, ocr, written)
    return out, tuple("issued_on" if key == "day" else key for key in sorted(written))


def _spread(items: list[Any], count: int) -> list[Any]:
    """count items spread evenly over the list (every type and seed gets scanned)."""
    count = min(count, len(items))
    return [items[i * len(items) // count] for i in range(count)] if count else []


def _score(pairs: list[tuple[WordDoc, dict[str, Any]]], field: str) -> tuple[int, int]:
    """(right, wrong) answers for a field: wrong is a non-empty value that is not the truth."""
    right = wrong = 0
    for doc, parsed in pairs:
        truth, got = same(doc.truth[field]), same(parsed.get(field))
        right += got == truth
        wrong += got is not None and got != truth
    return right, wrong


def _failures(pairs: list[tuple[WordDoc, dict[str, Any]]], fields: list[str], empty_is_right: bool = False) -> None:
    """Print every wrong field with the variation that produced it (with `empty_is_right`, only the values
    given that are not the truth)."""
    for doc, parsed in pairs:
        for field in fields:
            truth, got = same(doc.truth[field]), same(parsed.get(field))
            if got != truth and not (empty_is_right and got is None):
                var = doc.var
                print(f"  {Path(parsed['file']).name:<34} {field:<9} truth={truth!r} got={got!r} "
                      f"[header={var.header} number={var.number} date={var.date} below={var.date_below} "
                      f"legacy={var.legacy}:{','.join(var.legacy_parts)} nfd={','.join(var.nfd_parts)} "
                      f"esign={var.esign} annex={bool(var.annex)}]")


def _parse(paths: list[Path]) -> tuple[list[dict[str, Any]], float]:
    """Parse with the project's parser and default settings; (documents, wall seconds)."""
    start = time.perf_counter()
    docs = parse_files([str(p) for p in paths], load_settings())
    return docs, time.perf_counter() - start


def report_text(pairs: list[tuple[WordDoc, dict[str, Any]]], wall: float) -> None:
    """Per-field accuracy on the Word PDFs, with the targets."""
    n = len(pairs)
    print(f"word pdf: {n} documents in {wall:.1f} s = {wall / n:.2f} s/document")
    for field, target in TEXT_FIELDS.items():
        right, wrong = _score(pairs, field)
        mark = "ok" if right / n >= target else "BELOW"
        print(f"  {field:<9} {right:>4}/{n} = {right / n:6.1%} (wrong {wrong / n:5.1%})  target ≥ {target:.0%} {mark}")


def report_scans(pairs: list[tuple[WordDoc, dict[str, Any]]], wall: float) -> None:
    """Right and wrong shares on the scans, with the target for wrong answers."""
    n = len(pairs)
    layered = sum("_ocr.pdf" in d["file"] for _, d in pairs)
    pages = sum(min(d["pages"] or 0, 2) for _, d in pairs)  # the parser reads the first and last page
    print(f"scans: {n} files ({layered} with an English OCR layer, {n - layered} image only) in {wall:.1f} s = "
          f"{wall / max(pages, 1):.2f} s per OCR'd page ({pages} pages)")
    for field in SCAN_FIELDS:
        right, wrong = _score(pairs, field)
        mark = "ok" if wrong / n <= SCAN_WRONG_TARGET else "ABOVE"
        print(f"  {field:<9} right {right:>3}/{n} = {right / n:6.1%}   WRONG {wrong:>3}/{n} = {wrong / n:5.1%}  "
              f"target ≤ {SCAN_WRONG_TARGET:.0%} {mark}")


def report_handwritten(items: list[tuple[WordDoc, dict[str, Any], tuple[str, ...]]], wall: float) -> None:
    """Handwritten fields: read (the truth), empty (right to say unknown) or WRONG; doc_type as on scans."""
    pages = sum(min(d["pages"] or 0, 2) for _, d, _ in items)
    print(f"handwritten: {len(items)} scans with the number and/or day written by hand in {wall:.1f} s = "
          f"{wall / max(pages, 1):.2f} s per OCR'd page")
    right, _ = _score([(doc, parsed) for doc, parsed, _ in items], "doc_type")
    print(f"  doc_type  right {right:>3}/{len(items)}")
    for field in ("number", "issued_on"):
        written = [(doc, parsed) for doc, parsed, fields in items if field in fields]
        read, wrong = _score(written, field)
        empty = sum(parsed.get(field) is None for _, parsed in written)
        n = max(len(written), 1)
        mark = "ok" if wrong / n <= SCAN_WRONG_TARGET else "ABOVE"
        print(f"  {field:<9} by hand {len(written):>3}: read {read:>3}, null {empty:>3} (unknown: right), "
              f"WRONG {wrong:>3} = {wrong / n:5.1%}  target ≤ {SCAN_WRONG_TARGET:.0%} {mark}")


def main() -> None:
    """Build (or reuse) the documents, parse them and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", choices=("tuning", "dev", "bench"), default="bench")
    parser.add_argument("--n", type=int, default=0, help="at most this many documents (0: all of the seeds)")
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--handwritten", type=float, default=0.25,
                        help="share of the scanned documents also scanned with a handwritten number and day (0: none)")
    parser.add_argument("--failures", action="store_true", help="print every wrong field")
    args = parser.parse_args()
    seeds = {"tuning": TUNING_SEEDS, "dev": DEV_SEEDS}.get(args.seeds, BENCH_SEEDS)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        built = [pair for pairs in pool.map(build_text, seeds) for pair in pairs]
    if args.n:
        built = built[:args.n]
    chosen = _spread(built, args.scans)
    with ThreadPoolExecutor(max_workers=2) as pool:
        scans = list(pool.map(lambda pair: build_scan(*pair), chosen))
        hands = [(doc, made) for (doc, pdf), made in
                 zip(chosen, pool.map(lambda pair: build_handwritten(pair[0], pair[1], args.handwritten), chosen)) if made]
    print(f"{args.seeds} seeds {seeds}: {len(built)} Word documents, {len(scans)} scans "
          f"(+{len(hands)} handwritten) ready in "
          f"{time.perf_counter() - start:.1f} s (cache {CACHE / f'word-v{VERSION}'})")
    docs, wall = _parse([pdf for _, pdf in built])
    text_pairs = [(doc, parsed) for (doc, _), parsed in zip(built, docs)]
    report_text(text_pairs, wall)
    if args.failures:
        _failures(text_pairs, list(TEXT_FIELDS))
    if scans:
        parsed_scans, wall = _parse(scans)
        scan_pairs = [(doc, parsed) for (doc, _), parsed in zip(chosen, parsed_scans)]
        report_scans(scan_pairs, wall)
        if args.failures:
            _failures(scan_pairs, list(SCAN_FIELDS))
    if hands:
        parsed_hands, wall = _parse([path for _, (path, _) in hands])
        items = [(doc, parsed, fields) for (doc, (_, fields)), parsed in zip(hands, parsed_hands)]
        report_handwritten(items, wall)
        if args.failures:
            _failures([(doc, parsed) for doc, parsed, _ in items], list(SCAN_FIELDS), empty_is_right=True)


if __name__ == "__main__":
    main()
